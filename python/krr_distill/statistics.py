"""Streaming sufficient statistics (ΦᵀΦ, ΦᵀY; docs/theory.md §2): add a data set batch by batch (a PyTorch DataLoader, a
memory-mapped file), merge partial sums from other workers, and fit the model one pass over all the data gives."""
import ctypes
from typing import Optional, Tuple

from . import _arrays, _native
from ._arrays import ArrayLike, PathType
from .model import Model


class Statistics(_native.Handle):
    """ΦᵀΦ (p×p) and ΦᵀY (p×k) of the samples added so far, through the feature map φ that ``features``, ``width``,
    ``depth``, ``rff_sigma2`` and ``seed`` make for ``inputs`` values per sample (the map :func:`fit` makes with the
    same arguments), summed in ``precision`` ("double", or "single": float32 features and batch Grams added in float64).
    Memory is O(p²), whatever the number of samples. Attributes: ``features`` (p), ``classes`` (k),
    ``inputs`` (d); ``count`` is the samples counted so far.

    Additions from several threads are safe (they are serialized). For several processes (DataLoader workers), build
    one ``Statistics`` per process, ``save`` it, and ``merge`` the loaded files in one; start those processes with
    ``spawn`` or ``forkserver``, never ``fork`` after the library was first used (the .NET runtime does not survive
    ``fork``). Saved statistics are one "shard 1 of 1" each, so ``krr-distill merge`` refuses two of them: merge them
    here.

    >>> stats = Statistics(features="fcnn", inputs=784, classes=10, seed=0)
    >>> for xb, yb in loader: stats.add(xb.numpy(), yb.numpy())
    >>> model = stats.fit(lam=None, validation=(x_val, y_val))
    """

    _KIND = "statistics"

    def __init__(self, features: str = "fcnn", inputs: Optional[int] = None, classes: Optional[int] = None,
                 width: Optional[int] = None, depth: int = 1, rff_sigma2: float = 1000.0, seed: int = 0,
                 precision: str = "double", _handle: Optional[int] = None):
        if _handle is None:
            handle = ctypes.c_void_p()
            options = _arrays.options(features=features, inputs=inputs, classes=classes, width=width, depth=depth,
                                      rff_sigma2=rff_sigma2, seed=seed, precision=precision)
            _native.check(_native.lib.krr_stats_new(options, ctypes.byref(handle)))
            _handle = handle.value
        super().__init__(_handle)
        # p (the features of φ), k (the classes) and d (the input values per sample) never change for a handle.
        _, _, self.features, self.classes, self.inputs = self._info()

    def _info(self) -> Tuple[int, int, int, int, int]:
        count, validation = ctypes.c_int64(), ctypes.c_int64()
        p, k, d = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        _native.check(_native.lib.krr_stats_info(self._handle, ctypes.byref(count), ctypes.byref(validation),
                                                 ctypes.byref(p), ctypes.byref(k), ctypes.byref(d)))
        return count.value, validation.value, p.value, k.value, d.value

    @property
    def count(self) -> int:
        """The number of samples added (merged in, or loaded)."""
        return self._info()[0]

    def __repr__(self) -> str:
        count, validation, p, k, d = self._info()
        return f"Statistics(count={count}, validation_count={validation}, features={p}, classes={k}, inputs={d})"

    def add(self, x: ArrayLike, y: ArrayLike, validation: bool = False) -> "Statistics":
        """Adds a batch: samples ``x`` (rows; uint8 scaled by 1/255, float32 or float64, read in place) and labels
        ``y`` (0 … k−1). ``validation=True`` sums it into the validation statistics instead, from which :meth:`fit`
        chooses λ by the exact validation mean squared error when neither ``lam`` nor validation arrays are given.
        Returns self."""
        x, y, args = _arrays.data(x, y)
        _native.check(_native.lib.krr_stats_add_to(self._handle, 1 if validation else 0, *args))
        return self

    def merge(self, other: "Statistics") -> "Statistics":
        """Adds ``other`` (statistics of other samples through the same φ and k; ``other`` is unchanged) into these,
        which then hold the statistics of both. Shard files of ``krr-distill stats`` merge under ``krr-distill
        merge``'s rules. Returns self."""
        if not isinstance(other, Statistics):
            raise TypeError(f"other must be Statistics (got {type(other).__name__})")
        _native.check(_native.lib.krr_stats_merge(self._handle, other._handle))
        return self

    def fit(self, lam: Optional[float] = None, validation: Optional[Tuple[ArrayLike, ArrayLike]] = None) -> Model:
        """The model on these statistics: W = (ΦᵀY)ᵀ(ΦᵀΦ + λI)⁻¹, with ``lam`` fixed, or λ chosen on the grid by the
        accuracy on ``validation`` = (x_val, y_val), or (for a ``krr-distill stats`` file, which holds validation
        statistics, or batches added with ``validation=True``) by the exact validation mean squared error. Without any of
        these, ``lam`` or ``validation`` is needed."""
        handle = ctypes.c_void_p()
        options = _arrays.options(**{"lambda": lam})
        keep = None
        if validation is None:
            args = [None, 0, 0, 0, None]
        else:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise TypeError(f"validation must be a pair (x_val, y_val) (got {type(validation).__name__})")
            *keep, args = _arrays.data(validation[0], validation[1], "x_validation", "y_validation")
        _native.check(_native.lib.krr_stats_fit(self._handle, options, *args, ctypes.byref(handle)))
        del keep
        return Model(handle.value)

    def save(self, path: PathType) -> str:
        """Writes ``stats.npz`` (atomically), the format of ``krr-distill stats``; returns the path."""
        _native.check(_native.lib.krr_stats_save(self._handle, _arrays.path(path)))
        return str(path)
