"""The distilled set (x_s, y_s, λ_S): Algorithm 1 of the paper on a fitted model, the two private releases, and the
retrained model W_S that must equal W."""
import ctypes
import json
from typing import Any, Dict, Optional, Sequence, Tuple, Union

import numpy as np

from . import _arrays, _native, _params
from ._arrays import ArrayLike, PathType
from .errors import BadInputError, KrrDistillError
from .model import Model


class DistilledSet(_native.Handle):
    """A distilled set: ``x`` (m, d) in model-input space, ``y`` (m, k) labels, ``lambda_s`` (λ_S), and ``meta``
    (how it was made: the errors ‖W_S − W‖/‖W‖, timings, for a private set the guarantee). KRR on it with λ_S
    (:meth:`fit`) is the original model."""

    _KIND = "distilled"

    def __init__(self, handle: int):
        super().__init__(handle)
        m, d, k = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        _native.check(_native.lib.krr_set_shape(self._handle, ctypes.byref(m), ctypes.byref(d), ctypes.byref(k)))
        self.x = np.empty((m.value, d.value), dtype=np.float64)
        self.y = np.empty((m.value, k.value), dtype=np.float64)
        lambda_s = ctypes.c_double()
        _native.check(_native.lib.krr_set_copy(self._handle, self.x.ctypes.data, self.y.ctypes.data, ctypes.byref(lambda_s)))
        self.lambda_s = lambda_s.value
        self._meta: Optional[str] = None

    def __repr__(self) -> str:
        return f"DistilledSet(x={self.x.shape}, y={self.y.shape}, lambda_s={self.lambda_s:g})"

    @property
    def meta(self) -> Dict[str, Any]:
        """The set's meta_json as a new dict (the same object ``distilled.npz`` stores; the set never changes, so the
        text is fetched once)."""
        if self._meta is None:
            needed = ctypes.c_int()
            _native.check(_native.lib.krr_set_meta(self._handle, None, 0, ctypes.byref(needed)))
            buffer = ctypes.create_string_buffer(needed.value)
            _native.check(_native.lib.krr_set_meta(self._handle, buffer, needed.value, ctypes.byref(needed)))
            self._meta = buffer.value.decode("utf-8")
        return json.loads(self._meta)

    def fit(self) -> Model:
        """W_S: kernel ridge regression retrained on the set (φ(x_s), y_s, λ_S), the model ``krr-distill evaluate``
        scores: the original W, or W / s for the recorded ``meta["feature_scale"]`` s < 1 (same predictions)."""
        handle = ctypes.c_void_p()
        _native.check(_native.lib.krr_set_fit(self._handle, ctypes.byref(handle)))
        return Model(handle.value)

    def accuracy(self, x: ArrayLike, y: ArrayLike) -> float:
        """Test accuracy of W_S on samples ``x`` with labels ``y``."""
        return self.fit().accuracy(x, y)

    def to_image(self, shape: Optional[Sequence[int]] = None, class_names: Optional[Sequence[Any]] = None) -> np.ndarray:
        """The labelled grid ``krr-distill distill`` writes beside ``distilled.npz`` (class names above the columns, at
        most 10 images per class, a caption saying how pixels were drawn) as a uint8 array, (height, width) for grey
        images or (height, width, 3) for colour. ``shape``: (channels, height, width) of an input, for sets whose
        inputs were given as flat rows (channels 1 or 3); by default the recorded shape, else a square grey or colour
        image when d is one. ``class_names``: one label per class (default: the data set's, else 0 … k−1)."""
        c, h, w = self._image_shape(shape)
        names = None
        if class_names is not None:
            if isinstance(class_names, (str, bytes)):
                raise TypeError(f"class_names must be a sequence of names, one per class (got {type(class_names).__name__})")
            names = [str(n) for n in (class_names.tolist() if isinstance(class_names, np.ndarray) else list(class_names))]
            if len(names) != self.y.shape[1]:
                raise BadInputError(f"class_names has {len(names)} names for {self.y.shape[1]} classes")
        names_json = None if names is None else json.dumps(names).encode("utf-8")
        width, height, channels = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        sizes = (ctypes.byref(width), ctypes.byref(height), ctypes.byref(channels))
        _native.check(_native.lib.krr_set_image(self._handle, c, h, w, names_json, None, 0, *sizes))
        pixels = np.empty((height.value, width.value, channels.value), dtype=np.uint8)
        _native.check(_native.lib.krr_set_image(self._handle, c, h, w, names_json, pixels.ctypes.data, pixels.size, *sizes))
        if pixels.shape != (height.value, width.value, channels.value):
            raise KrrDistillError(f"the grid changed size between two renderings ({pixels.shape} then {(height.value, width.value, channels.value)})")
        return pixels[:, :, 0] if channels.value == 1 else pixels

    def show(self, shape: Optional[Sequence[int]] = None, class_names: Optional[Sequence[Any]] = None, ax=None):
        """Draws :meth:`to_image` with matplotlib (on ``ax``, or a new figure sized to the grid); returns the axes."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise ImportError("DistilledSet.show needs matplotlib (pip install matplotlib, or apt-get install "
                              "python3-matplotlib); to_image() gives the same grid as an array") from None
        image = self.to_image(shape, class_names)
        if ax is None:
            _, ax = plt.subplots(figsize=(image.shape[1] / 100, image.shape[0] / 100), dpi=100)
        ax.imshow(image, cmap="gray" if image.ndim == 2 else None, vmin=0, vmax=255, interpolation="nearest")
        ax.set_axis_off()
        return ax

    def _image_shape(self, shape: Optional[Sequence[int]]) -> Tuple[int, int, int]:
        """(channels, height, width), or zeros for the recorded shape."""
        if shape is None:
            return 0, 0, 0  # the library draws the recorded shape, else a square grey or colour image
        if isinstance(shape, (str, bytes)) or not hasattr(shape, "__len__") or len(shape) != 3:
            raise TypeError(f"shape must be (channels, height, width) (got {shape!r})")
        return tuple(_params.integer(f"shape[{i}]", v, minimum=1) for i, v in enumerate(shape))  # type: ignore[return-value]

    def save(self, path: PathType) -> str:
        """Writes ``distilled.npz`` (atomically; numpy loads it; ``krr-distill evaluate`` retrains on it); returns the
        path."""
        _native.check(_native.lib.krr_set_save(self._handle, _arrays.path(path)))
        return str(path)


def distill(model: Model, ipc: int = 10, init: str = "noise", lambda_s: Union[float, str] = 0, labels: str = "model",
            root: str = "plus", seed: Optional[int] = None, x: Optional[ArrayLike] = None,
            y: Optional[ArrayLike] = None) -> DistilledSet:
    """Distills ``model`` into ``ipc`` points per class (Algorithm 1), as ``krr-distill distill`` does.

    ``init``: noise or real (start from real training samples); ``lambda_s``: 0, a number or "original" (the model's
    λ); ``labels``: model, onehot or fit (label distillation: real inputs, labels solved for); ``root``: plus or minus
    (Theorem 5.2's choice); ``seed``: the draw of the noise or of the real samples (default: the model's seed).
    ``x``, ``y``: the training arrays, for init "real" or labels "fit" when ``model`` did not come from :func:`fit`
    (which keeps its own)."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be a Model (from fit, Statistics.fit, DistilledSet.fit or load_model; got {type(model).__name__})")
    handle = ctypes.c_void_p()
    options = _arrays.options(ipc=ipc, init=init, lambda_s=lambda_s, labels=labels, root=root, seed=seed)
    if x is None:
        if y is not None:
            raise _native.BadInputError("y: given without x; pass both training arrays, or neither")
        x, y = model._x, model._y
    if x is None:
        args = [None, 0, 0, 0, None]
    else:
        if y is None:
            raise _native.BadInputError("y: the training labels are required with x")
        x, y, args = _arrays.data(x, y)
    _native.check(_native.lib.krr_distill(model._handle, *args, options, ctypes.byref(handle)))
    return DistilledSet(handle.value)


def distill_private(x: ArrayLike, y: ArrayLike, x_test: ArrayLike, y_test: ArrayLike, privacy: str = "dp",
                    epsilon: float = 1.0, delta: float = 1e-5, clip_norm: Optional[float] = None,
                    clip_space: str = "features", sigma0: Optional[float] = None,
                    public_validation: Optional[bool] = None, noise_seed: Optional[int] = None,
                    features: str = "fcnn", width: Optional[int] = None, depth: int = 1, rff_sigma2: float = 1000.0,
                    seed: int = 0, lam: Optional[float] = None, ipc: int = 10, labels: str = "model",
                    lambda_s: Union[float, str] = 0, classes: Optional[int] = None) -> DistilledSet:
    """A differentially private distilled set of (``x``, ``y``), as ``krr-distill distill --privacy`` releases it
    (docs/privacy.md); ``x_test``, ``y_test`` are public and scored (the result is in ``meta``).

    ``privacy``: "dp" (the whole released set (ε, δ)-DP: Gaussian noise on the clipped statistics; λ fixed by ``lam``
    or chosen on the validation split declared public by ``public_validation=True``) or "row-dp" (Theorem 6.2: each
    distilled row (ε, δ)-DP, 0 < ε < 1, λ = 0, y_s secret; ``sigma0`` a public bound on σ_min(Φ)). ``clip_norm``,
    ``clip_space`` (features or input): the clip. ``noise_seed``: for tests only (the guarantee then needs it
    secret); by default the noise comes from the operating system's generator. The other options are :func:`fit`'s
    and :func:`distill`'s; k is counted over ``y`` and ``y_test``, as the command line counts it."""
    x, y, args = _arrays.data(x, y)
    x_test, y_test, test = _arrays.data(x_test, y_test, "x_test", "y_test")
    if x_test.shape[1] != x.shape[1]:
        raise _native.BadInputError(f"x_test has {x_test.shape[1]} values per sample but x has {x.shape[1]}")
    handle = ctypes.c_void_p()
    options = _arrays.options(privacy=privacy, epsilon=epsilon, delta=delta, clip_norm=clip_norm, clip_space=clip_space,
                              sigma0=sigma0, public_validation=public_validation, noise_seed=noise_seed,
                              features=features, width=width, depth=depth, rff_sigma2=rff_sigma2, seed=seed,
                              ipc=ipc, labels=labels, lambda_s=lambda_s, classes=classes, **{"lambda": lam})
    _native.check(_native.lib.krr_distill_private(*args, test[0], test[1], test[2], test[4], options,
                                                  ctypes.byref(handle)))
    return DistilledSet(handle.value)


def evaluate(distilled: Union[DistilledSet, PathType], x_test: ArrayLike, y_test: ArrayLike,
             model: Optional[Model] = None) -> Dict[str, Optional[float]]:
    """What ``krr-distill evaluate`` measures: ``test_accuracy`` of W_S (KRR retrained on the set, given or a
    ``distilled.npz`` path) on the test arrays; with the original ``model`` (the one the set was distilled from) also
    its ``original_test_accuracy`` and ``relative_error`` ‖s·W_S − W‖/‖W‖, s the set's recorded ``feature_scale``
    (1 unless rff targets were shrunk into cos's range), as ``krr-distill distill`` reports it: 0 up to rounding."""
    if model is not None and not isinstance(model, Model):
        raise TypeError(f"model must be a Model or None (got {type(model).__name__})")
    if not isinstance(distilled, DistilledSet):
        if not isinstance(distilled, (str, bytes)) and not hasattr(distilled, "__fspath__"):
            raise TypeError(f"distilled must be a DistilledSet or a path (got {type(distilled).__name__})")
        from .artefacts import load_distilled
        distilled = load_distilled(distilled)
    retrained = distilled.fit()
    result: Dict[str, Optional[float]] = {"test_accuracy": retrained.accuracy(x_test, y_test),
                                          "original_test_accuracy": None, "relative_error": None}
    if model is not None:
        result["original_test_accuracy"] = model.accuracy(x_test, y_test)
        # rff targets outside cos's range are shrunk by a recorded factor s ≤ 1; W_S is then W / s (same predictions).
        scale = distilled.meta.get("feature_scale") or 1.0
        w, w_s = model.weights, retrained.weights
        if w.shape == w_s.shape:
            result["relative_error"] = float(np.linalg.norm(scale * w_s - w) / np.linalg.norm(w))
    return result
