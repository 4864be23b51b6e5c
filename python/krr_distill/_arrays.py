"""numpy arrays as the C ABI reads them: C order, float64/float32/uint8 inputs (n, d), int64 labels; no copy when the
caller's array already is that."""
import json
import math
import os
from os import PathLike
from typing import Any, Optional, Tuple, Union

import numpy as np

from .errors import BadInputError

DTYPES = {np.dtype(np.float64): 0, np.dtype(np.float32): 1, np.dtype(np.uint8): 2}

ArrayLike = Any
"""Anything numpy.asarray takes: a numpy array, a list, a torch tensor's ``.numpy()``."""

PathType = Union[str, "PathLike[str]"]


def inputs(x: ArrayLike, name: str) -> np.ndarray:
    """x as a C-contiguous (n, d) array of a dtype the library reads in place (others become float64)."""
    if x is None or isinstance(x, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of samples (got {type(x).__name__})")
    try:
        x = np.asarray(x)
    except (TypeError, RuntimeError, ValueError) as e:  # e.g. a CUDA tensor, or one that requires grad
        raise BadInputError(f"{name} cannot be read as a numpy array ({e}); pass x.detach().cpu().numpy()") from None
    if x.ndim < 2:
        raise BadInputError(f"{name} has shape {x.shape}; expected (n, d) or (n, ...) with one row per sample")
    if x.size == 0:
        raise BadInputError(f"{name} has shape {x.shape}: no samples, or no values per sample")
    x = x.reshape(x.shape[0], -1)
    if x.dtype not in DTYPES:
        if not (np.issubdtype(x.dtype, np.number) or x.dtype == np.bool_) or np.issubdtype(x.dtype, np.complexfloating):
            raise BadInputError(f"{name} has dtype {x.dtype}; expected real numbers (uint8, float32 or float64 are read in place)")
        x = x.astype(np.float64)
    return np.ascontiguousarray(x)  # no copy when the array is already C-contiguous in a supported dtype


def labels(y: ArrayLike, n: int, name: str) -> np.ndarray:
    """y as n int64 class indices."""
    if y is None or isinstance(y, (str, bytes, dict)):
        raise TypeError(f"{name} must be an array of class indices (got {type(y).__name__})")
    y = np.asarray(y).reshape(-1)
    if y.shape[0] != n:
        raise BadInputError(f"{name} has {y.shape[0]} labels for {n} samples")
    if not (np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.floating)):
        raise BadInputError(f"{name} has dtype {y.dtype}; expected integer class indices 0 … k−1")
    if not np.issubdtype(y.dtype, np.integer):
        if y.dtype == np.bool_ or not np.all(np.equal(np.mod(y, 1), 0)):
            raise BadInputError(f"{name} holds values that are not class indices")
    return np.ascontiguousarray(y, dtype=np.int64)


def data(x: ArrayLike, y: Optional[ArrayLike], x_name: str = "x", y_name: str = "y") -> Tuple[np.ndarray, Optional[np.ndarray], list]:
    """(x, y, the C arguments x, dtype, n, d, y) for inputs x and labels y (None: no labels). The arrays returned must
    stay referenced while the C call runs: the library reads them in place."""
    x = inputs(x, x_name)
    y = None if y is None else labels(y, x.shape[0], y_name)
    return x, y, [x.ctypes.data, DTYPES[x.dtype], x.shape[0], x.shape[1], None if y is None else y.ctypes.data]


# The type each option takes, by JSON key: "int", "number", "text", "flag", or "number|text" (λ_S: a number or
# "original"). The library checks the values and names the parameter; a wrong type is refused here as a TypeError.
_KINDS = {
    "width": "int", "depth": "int", "seed": "int", "classes": "int", "ipc": "int", "inputs": "int",
    "noise_seed": "int", "image_height": "int", "image_width": "int",
    "lambda": "number", "rff_sigma2": "number", "zca": "number", "validation_fraction": "number", "epsilon": "number",
    "delta": "number", "clip_norm": "number", "sigma0": "number", "timeout": "number",
    "features": "text", "init": "text", "labels": "text", "root": "text", "precision": "text", "privacy": "text",
    "clip_space": "text", "normalize": "text", "mirror": "text", "data_dir": "text",
    "public_validation": "flag", "skip_bad_images": "flag", "download": "flag",
    "lambda_s": "number|text",
}
_WORDS = {"int": "an integer", "number": "a number", "text": "a string", "flag": "True or False",
          "number|text": 'a number or "original"'}


def options(**values: Any) -> bytes:
    """Keyword arguments as the JSON options object (None left out; numpy scalars as Python numbers). A value of the
    wrong type raises TypeError naming the parameter; an integer beyond 32 bits or a float that is not finite raises
    ValueError; the library checks everything else."""
    given = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, np.generic):
            value = value.item()
        name = "lam" if key == "lambda" else key  # the Python parameter behind the JSON key
        kind = _KINDS.get(key, "number|text")
        is_flag = isinstance(value, bool)
        is_int = isinstance(value, int) and not is_flag
        fits = {"int": is_int, "number": is_int or isinstance(value, float), "text": isinstance(value, str),
                "flag": is_flag, "number|text": is_int or isinstance(value, (float, str))}[kind]
        if not fits:
            raise TypeError(f"{name} must be {_WORDS[kind]} (got {shown(value)} of type {type(value).__name__})")
        if isinstance(value, float) and not math.isfinite(value):
            raise BadInputError(f"{name} must be a finite number (got {value})")
        if is_int and not -2**31 <= value < 2**31:
            raise BadInputError(f"{name} is {value}, beyond the 32-bit integers the library takes")
        given[key] = value
    return json.dumps(given, allow_nan=False).encode("utf-8")


def shown(value: Any) -> str:
    """A value as a message shows it: its repr, cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def path(value: PathType) -> bytes:
    """A file path (str, bytes or os.PathLike) as UTF-8."""
    if not isinstance(value, (str, bytes)) and not hasattr(value, "__fspath__"):
        raise TypeError(f"path must be a string or os.PathLike (got {type(value).__name__})")
    return os.fsdecode(value).encode("utf-8")
