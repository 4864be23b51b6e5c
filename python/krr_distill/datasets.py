"""The command line's data sets from Python: ``fetch`` downloads the publishers' files into the cache, verified against
their checksums (what ``krr-distill fetch`` does), and ``load`` reads a data set by name (``mnist``,
``fashion-mnist``, ``cifar10``, ``cifar100``) or path (an ``.npz``/``.csv`` file, a directory of ``.npy`` files) as
numpy arrays.

>>> kd.datasets.fetch("cifar10")                       # into $KRRDISTILL_DATA, $XDG_CACHE_HOME/krrdistill or ~/.cache
>>> x_train, y_train, x_test, y_test = kd.datasets.load("cifar10")
"""
import ctypes
import json
from typing import Any, Dict, Optional, Tuple

import numpy as np

from . import _arrays, _native
from ._arrays import PathType

__all__ = ["fetch", "load"]


def fetch(name: str, data_dir: Optional[PathType] = None, mirror: Optional[str] = None, timeout: float = 30.0) -> Dict[str, Any]:
    """Downloads the data set ``name`` into the cache (``data_dir``/NAME when given), each file checked against its
    publisher's MD5 (a mismatch is deleted and refused), resumed where a server allows, archives extracted. ``mirror``
    (or ``$KRRDISTILL_MIRROR``) replaces the publishers' hosts: files are looked up as ``mirror/FILE``. Returns what
    was verified: ``{"name", "directory", "files": [{"file", "url", "bytes", "md5", "sha256", "downloaded"}]}``."""
    options = _arrays.options(data_dir=None if data_dir is None else _arrays.path(data_dir).decode("utf-8"),
                              mirror=mirror, timeout=timeout)
    name_bytes = str(name).encode("utf-8")
    needed = ctypes.c_int()
    buffer = ctypes.create_string_buffer(1 << 16)
    _native.check(_native.lib.krr_dataset_fetch(name_bytes, options, buffer, len(buffer), ctypes.byref(needed)))
    if needed.value > len(buffer):  # a long record: ask again (the files are verified in place, not downloaded again)
        buffer = ctypes.create_string_buffer(needed.value)
        _native.check(_native.lib.krr_dataset_fetch(name_bytes, options, buffer, len(buffer), ctypes.byref(needed)))
    return json.loads(buffer.value.decode("utf-8"))


def load(name: PathType, data_dir: Optional[PathType] = None, download: bool = False, mirror: Optional[str] = None,
         timeout: float = 30.0, image_size: Optional[Tuple[int, int]] = None, normalize: Optional[str] = None,
         skip_bad_images: Optional[bool] = None, seed: Optional[int] = None) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The training and test sets of ``name`` as ``(x_train, y_train, x_test, y_test)``: images as their uint8 pixels,
    shape (n, channels, height, width) (channels first, as the files store them); other data as float64 (n, d);
    labels int64. With ``download=True`` a named data set that is not found is fetched first (never without it).
    Pixels are as stored: ``fit`` scales uint8 by 1/255, while the command line also standardizes the catalog's images
    (MNIST by 0.1307/0.3081, CIFAR per channel).

    An image folder, ``name="folder:PATH"`` (one sub-folder per class, optionally under ``train/`` and ``test/``),
    is decoded into float64 model inputs (n, channels, height, width): ``image_size=(h, w)`` resizes every image,
    ``normalize`` is "unit" (pixel/255, the default), "channels" (each channel standardized by the training images'
    mean and std) or "MEAN/STD" (e.g. "0.5/0.25"), ``skip_bad_images=True`` leaves out images that cannot be decoded,
    and ``seed`` draws the held-out 20 % when there is no ``test/``."""
    height, width = (None, None)
    if image_size is not None:
        if not isinstance(image_size, (tuple, list)) or len(image_size) != 2:
            raise TypeError(f"image_size must be a pair (height, width), not {image_size!r}")
        height, width = image_size
    options = _arrays.options(data_dir=None if data_dir is None else _arrays.path(data_dir).decode("utf-8"),
                              download=bool(download), mirror=mirror, timeout=timeout, image_height=height,
                              image_width=width, normalize=normalize, skip_bad_images=skip_bad_images, seed=seed)
    handle = ctypes.c_void_p()
    _native.check(_native.lib.krr_dataset_load(_arrays.path(name), options, ctypes.byref(handle)))
    try:
        return _split(handle, 0) + _split(handle, 1)
    finally:
        _native.lib.krr_free(handle)


def _split(handle: ctypes.c_void_p, split: int) -> Tuple[np.ndarray, np.ndarray]:
    n, d, k, dtype = ctypes.c_int64(), ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    c, h, w = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    _native.check(_native.lib.krr_dataset_shape(handle, split, ctypes.byref(n), ctypes.byref(d), ctypes.byref(k),
                                                ctypes.byref(dtype), ctypes.byref(c), ctypes.byref(h), ctypes.byref(w)))
    x = np.empty((n.value, d.value), dtype=np.uint8 if dtype.value == 2 else np.float64)
    y = np.empty(n.value, dtype=np.int64)
    _native.check(_native.lib.krr_dataset_copy(handle, split, x.ctypes.data, y.ctypes.data_as(ctypes.POINTER(ctypes.c_int64))))
    if c.value > 0:
        x = x.reshape(n.value, c.value, h.value, w.value)
    return x, y
