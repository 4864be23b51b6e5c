"""Reading the npz artefacts: ``model.npz``, ``distilled.npz`` and ``stats.npz``, from the command line or from here."""
import ctypes
import os
import stat
from typing import Union

import numpy as np

from . import _arrays, _native
from ._arrays import PathType
from .distilled import DistilledSet
from .errors import BadInputError
from .model import Model
from .statistics import Statistics


def load_model(path: PathType) -> Model:
    """Reads a ``model.npz`` (``krr-distill fit --save-model``, :meth:`Model.save`)."""
    handle = ctypes.c_void_p()
    _native.check(_native.lib.krr_model_load(_arrays.path(path), ctypes.byref(handle)))
    return Model(handle.value)


def load_distilled(path: PathType) -> DistilledSet:
    """Reads a ``distilled.npz`` (``krr-distill distill``/``kip``, :meth:`DistilledSet.save`)."""
    handle = ctypes.c_void_p()
    _native.check(_native.lib.krr_set_load(_arrays.path(path), ctypes.byref(handle)))
    return DistilledSet(handle.value)


def load_statistics(path: PathType) -> Statistics:
    """Reads a ``stats.npz`` (``krr-distill stats``/``merge``, :meth:`Statistics.save`)."""
    handle = ctypes.c_void_p()
    _native.check(_native.lib.krr_stats_load(_arrays.path(path), ctypes.byref(handle)))
    return Statistics(_handle=handle.value)


def load(path: PathType) -> Union[Model, DistilledSet, Statistics]:
    """Reads any of the three artefacts, told apart by their keys: ``x_s`` (distilled set), ``gram`` (statistics),
    ``w`` (model)."""
    name = os.fsdecode(_arrays.path(path))
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file.") from None
    except OSError as e:
        raise BadInputError(f"{path}: cannot be read ({e.strerror}).") from None
    if not stat.S_ISREG(mode):
        # Opening a FIFO would wait for a writer, and a device never ends: artefacts are files, as the library reads them.
        raise BadInputError(f"{path} is {_kind(mode)}; artefacts are read from regular files.")
    try:
        archive = np.load(name, allow_pickle=False)
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file.") from None
    except (OSError, ValueError, EOFError) as e:
        raise BadInputError(f"{path}: not an npz archive ({e}).") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise BadInputError(f"{path}: a single .npy array, not an npz archive.")
    with archive:
        keys = set(archive.files)
    if "x_s" in keys:
        return load_distilled(path)
    if "gram" in keys:
        return load_statistics(path)
    if "w" in keys:
        return load_model(path)
    raise BadInputError(f"{path}: holds none of x_s (distilled.npz), gram (stats.npz) or w (model.npz).")


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in the words of the command line's refusals."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
