"""KrrDistill from Python: distill a labelled data set into a few points per class whose kernel ridge regression model
is the model trained on all the data (Chen, Huang, Weng, NeurIPS 2024).

numpy arrays in, numpy arrays out; the work runs in the NativeAOT build of the .NET library, so results are the
command line's bit for bit. Rows are samples; inputs may be uint8 (scaled by 1/255, as for images), float32 or float64
of shape (n, d) or (n, ...) (flattened); labels are integer class indices 0 … k−1.

>>> model = fit(x_train, y_train, features="fcnn", seed=0)
>>> ds = distill(model, ipc=10, init="noise")
>>> ds.x, ds.y, ds.lambda_s, model.accuracy(x_test, y_test), ds.save("distilled.npz")
"""
import ctypes
import json
from typing import Optional, Union

import numpy as np

from . import _native

__all__ = ["fit", "distill", "Model", "DistilledSet", "KrrDistillError", "BadInputError", "version"]


class KrrDistillError(RuntimeError):
    """An internal failure of the library (a bug): its one-line message."""


class BadInputError(KrrDistillError, ValueError):
    """Bad input (data or options): the one-line message names the parameter or value, as the command line's does."""


def version() -> str:
    """The library's version."""
    return _native.text(_native.lib.krr_version)


def _check(code: int) -> None:
    if code == 0:
        return
    message = _native.text(_native.lib.krr_last_error)
    raise BadInputError(message) if code == 2 else KrrDistillError(message)


_DTYPES = {np.dtype(np.float64): 0, np.dtype(np.float32): 1, np.dtype(np.uint8): 2}


def _inputs(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim < 2:
        raise BadInputError(f"{name} has shape {x.shape}; expected (n, d) or (n, ...) with one row per sample")
    x = x.reshape(x.shape[0], -1)
    if x.dtype not in _DTYPES:
        x = x.astype(np.float64)
    return np.ascontiguousarray(x)  # no copy when the array is already C-contiguous in a supported dtype


def _labels(y: np.ndarray, n: int, name: str) -> np.ndarray:
    y = np.asarray(y).reshape(-1)
    if y.shape[0] != n:
        raise BadInputError(f"{name} has {y.shape[0]} labels for {n} samples")
    if not np.issubdtype(y.dtype, np.integer):
        if not np.all(np.equal(np.mod(y, 1), 0)):
            raise BadInputError(f"{name} holds values that are not class indices")
    return np.ascontiguousarray(y, dtype=np.int64)


def _options(**values) -> bytes:
    return json.dumps({k: v for k, v in values.items() if v is not None}).encode("utf-8")


class _Handle:
    def __init__(self, handle: int):
        self._handle = ctypes.c_void_p(handle)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            _native.lib.krr_free(handle)
            self._handle = None


class Model(_Handle):
    """The original KRR model W (k×p) on φ, fit by :func:`fit`; it keeps the training arrays for :func:`distill`."""

    def __init__(self, handle: int, x: np.ndarray, y: np.ndarray):
        super().__init__(handle)
        self._x, self._y = x, y

    @property
    def lam(self) -> float:
        """The ridge λ (chosen on the seeded 5 % validation split unless fixed)."""
        out = ctypes.c_double()
        _check(_native.lib.krr_model_lambda(self._handle, ctypes.byref(out)))
        return out.value

    def accuracy(self, x: np.ndarray, y: np.ndarray) -> float:
        """Accuracy on samples ``x`` with labels ``y`` (same input conventions as :func:`fit`)."""
        x = _inputs(x, "x")
        y = _labels(y, x.shape[0], "y")
        out = ctypes.c_double()
        _check(_native.lib.krr_model_accuracy(self._handle, x.ctypes.data, _DTYPES[x.dtype], x.shape[0], x.shape[1],
                                              y.ctypes.data, ctypes.byref(out)))
        return out.value


class DistilledSet(_Handle):
    """The distilled set: ``x`` (m×d, model-input space), ``y`` (m×k), ``lambda_s``."""

    def __init__(self, handle: int):
        super().__init__(handle)
        m, d, k = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        _check(_native.lib.krr_set_shape(self._handle, ctypes.byref(m), ctypes.byref(d), ctypes.byref(k)))
        self.x = np.empty((m.value, d.value), dtype=np.float64)
        self.y = np.empty((m.value, k.value), dtype=np.float64)
        lambda_s = ctypes.c_double()
        _check(_native.lib.krr_set_copy(self._handle, self.x.ctypes.data_as(_native._d), self.y.ctypes.data_as(_native._d),
                                        ctypes.byref(lambda_s)))
        self.lambda_s = lambda_s.value

    def save(self, path: str) -> str:
        """Writes ``distilled.npz`` (numpy loads it; the command line's ``evaluate`` retrains on it); returns the path."""
        _check(_native.lib.krr_set_save(self._handle, str(path).encode("utf-8")))
        return str(path)


def fit(x: np.ndarray, y: np.ndarray, features: str = "fcnn", width: Optional[int] = None, depth: int = 1,
        rff_sigma2: float = 1000.0, seed: int = 0, lam: Optional[float] = None) -> Model:
    """Fits W = Y φ_λ(X)⁺ on the seeded 95 % of (x, y), λ chosen on the other 5 % unless ``lam`` is given."""
    x = _inputs(x, "x")
    y = _labels(y, x.shape[0], "y")
    handle = ctypes.c_void_p()
    options = _options(features=features, width=width, depth=depth, rff_sigma2=rff_sigma2, seed=seed, **{"lambda": lam})
    _check(_native.lib.krr_fit(x.ctypes.data, _DTYPES[x.dtype], x.shape[0], x.shape[1], y.ctypes.data, options,
                               ctypes.byref(handle)))
    return Model(handle.value, x, y)


def distill(model: Model, ipc: int = 10, init: str = "noise", lambda_s: Union[float, str] = 0, labels: str = "model",
            root: str = "plus", seed: Optional[int] = None) -> DistilledSet:
    """Distills ``model`` into ``ipc`` points per class (Algorithm 1); ``lambda_s`` is 0, a number or "original"."""
    handle = ctypes.c_void_p()
    options = _options(ipc=ipc, init=init, lambda_s=lambda_s, labels=labels, root=root, seed=seed)
    x, y = model._x, model._y
    _check(_native.lib.krr_distill(model._handle, x.ctypes.data, _DTYPES[x.dtype], x.shape[0], x.shape[1], y.ctypes.data,
                                   options, ctypes.byref(handle)))
    return DistilledSet(handle.value)
