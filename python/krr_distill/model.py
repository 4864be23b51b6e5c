"""The original model: W = Y φ_λ(X)⁺ (k×p) fit on all the data (docs/theory.md §1), the model distillation must reproduce."""
import ctypes
from typing import Optional

import numpy as np

from . import _arrays, _native
from ._arrays import ArrayLike, PathType


class Model(_native.Handle):
    """A kernel ridge regression model W (k×p) on the features φ(x); made by :func:`fit`, :meth:`Statistics.fit`,
    :meth:`DistilledSet.fit` or :func:`load`. A model from :func:`fit` keeps references to its training arrays for
    :func:`distill` (the caller's own arrays when they are C-contiguous uint8, float32 or float64; else the converted
    copy), so changing them in place changes what :func:`distill` reads.

    uint8 inputs are raw pixels: ÷ 255, or, for a model loaded from a command-line ``model.npz`` of MNIST,
    Fashion-MNIST or CIFAR (which standardizes pixels), that model's normalization. Float inputs are model inputs as
    they are; against a standardizing model they are refused."""

    _KIND = "model"

    def __init__(self, handle: int, x: Optional[np.ndarray] = None, y: Optional[np.ndarray] = None):
        super().__init__(handle)
        self._x, self._y = x, y
        k, p, d = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        _native.check(_native.lib.krr_model_shape(self._handle, ctypes.byref(k), ctypes.byref(p), ctypes.byref(d)))
        self.classes, self.features, self.inputs = k.value, p.value, d.value

    def __repr__(self) -> str:
        return f"Model(classes={self.classes}, features={self.features}, inputs={self.inputs}, lam={self.lam:g})"

    @property
    def lam(self) -> float:
        """The ridge λ: fixed, or chosen on the validation split (or set) over the paper's grid."""
        out = ctypes.c_double()
        _native.check(_native.lib.krr_model_lambda(self._handle, ctypes.byref(out)))
        return out.value

    @property
    def weights(self) -> np.ndarray:
        """W, a new (k, p) float64 array: scores are W φ(x)."""
        out = np.empty((self.classes, self.features), dtype=np.float64)
        _native.check(_native.lib.krr_model_weights(self._handle, out.ctypes.data))
        return out

    def scores(self, x: ArrayLike) -> np.ndarray:
        """The scores W φ(x), an (n, k) float64 array, of samples ``x`` (rows; uint8 is scaled by 1/255)."""
        x, _, args = _arrays.data(x, None)
        out = np.empty((x.shape[0], self.classes), dtype=np.float64)
        _native.check(_native.lib.krr_model_scores(self._handle, *args[:4], out.ctypes.data))
        return out

    def predict(self, x: ArrayLike) -> np.ndarray:
        """The predicted class (first largest score) of each sample of ``x``, as int64."""
        return self.scores(x).argmax(axis=1)

    def accuracy(self, x: ArrayLike, y: ArrayLike) -> float:
        """The fraction of samples ``x`` whose predicted class is the label ``y``."""
        x, y, args = _arrays.data(x, y)
        out = ctypes.c_double()
        _native.check(_native.lib.krr_model_accuracy(self._handle, *args, ctypes.byref(out)))
        return out.value

    def save(self, path: PathType) -> str:
        """Writes ``model.npz`` (atomically), the file ``krr-distill fit --save-model`` writes; returns the path."""
        _native.check(_native.lib.krr_model_save(self._handle, _arrays.path(path)))
        return str(path)


def fit(x: ArrayLike, y: ArrayLike, features: str = "fcnn", width: Optional[int] = None, depth: int = 1,
        rff_sigma2: float = 1000.0, seed: int = 0, lam: Optional[float] = None, classes: Optional[int] = None,
        zca: Optional[float] = None, precision: str = "double", validation_fraction: float = 0.05) -> Model:
    """Fits the original model on samples ``x`` (n rows: uint8 scaled by 1/255, float32 or float64, read in place)
    and labels ``y`` (class indices 0 … k−1), as ``krr-distill fit`` does: a seeded 95/5 train/validation split, λ
    chosen by validation accuracy over the paper's grid unless ``lam`` is given, W fit on the 95 %.

    ``features``: identity, fcnn, rff or linear (the feature map φ; ``width``, ``depth`` and ``rff_sigma2`` shape it,
    ``seed`` draws it and the split). ``classes``: k when some classes are absent from ``y``. ``zca``: ε of ZCA
    whitening in front of φ (0.1 is the paper's code's), fitted on the training split and kept in the model, so that
    ``distill`` maps the distilled inputs back to the data's space. ``precision``: "double", or "single" for float32
    features and per-chunk Gram summed in float64 (about twice as fast at CIFAR size; λ, W and distillation stay
    float64), as ``krr-distill fit --precision`` (the model records it). ``validation_fraction``: the seeded share of
    rows held out to choose λ (the paper's 5 %); with ``lam`` given, 0 fits W on every row."""
    if y is None:
        raise TypeError("y must be an array of class indices (got None): fit needs the training labels")
    x, y, args = _arrays.data(x, y)
    handle = ctypes.c_void_p()
    options = _arrays.options(features=features, width=width, depth=depth, rff_sigma2=rff_sigma2, seed=seed,
                              classes=classes, zca=zca, precision=precision,
                              validation_fraction=validation_fraction, **{"lambda": lam})
    _native.check(_native.lib.krr_fit(*args, options, ctypes.byref(handle)))
    return Model(handle.value, x, y)
