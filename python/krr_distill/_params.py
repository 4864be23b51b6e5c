"""Checks of Python arguments before they reach the library, so that a wrong type raises TypeError and a wrong value
ValueError (a BadInputError), each naming the parameter as the caller wrote it."""
import math
import numbers
from typing import Any, Iterable, Optional

import numpy as np

from ._arrays import shown
from .errors import BadInputError

INT32_MAX = 2**31 - 1


def integer(name: str, value: Any, minimum: Optional[int] = None, maximum: int = INT32_MAX,
            optional: bool = False) -> Optional[int]:
    """``value`` as an int: TypeError unless an integer (bool is not one), ValueError outside [minimum, maximum]."""
    if value is None and optional:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        kind = "an integer or None" if optional else "an integer"
        raise TypeError(f"{name} must be {kind} (got {shown(value)} of type {type(value).__name__})")
    value = int(value)
    if minimum is not None and value < minimum:
        raise BadInputError(f"{name} must be at least {minimum} (got {value})")
    if value > maximum:
        raise BadInputError(f"{name} must be at most {maximum} (got {value})")
    return value


def number(name: str, value: Any, minimum: Optional[float] = None, strict: bool = False, optional: bool = False,
           choices_too: Iterable[str] = ()) -> Optional[float]:
    """``value`` as a finite float: TypeError unless a real number, ValueError when not finite or below ``minimum``
    (or at it, when ``strict``). ``choices_too``: strings the parameter also takes, for the message."""
    choices = " or ".join(f'"{c}"' for c in choices_too)
    if value is None and optional:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        kind = (choices + " or a number") if choices else ("a number or None" if optional else "a number")
        if isinstance(value, str) and choices:
            raise BadInputError(f"{name} must be {kind} (got {shown(value)})")
        raise TypeError(f"{name} must be {kind} (got {shown(value)} of type {type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        raise BadInputError(f"{name} must be a finite number (got {value})")
    if minimum is not None and (value < minimum or (strict and value == minimum)):
        raise BadInputError(f"{name} must be {'>' if strict else '≥'} {minimum:g} (got {value:g})")
    return value


def choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """``value`` as one of ``choices``: TypeError unless a string, ValueError unless one of them."""
    choices = tuple(choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {', '.join(choices)} (got {shown(value)} of type {type(value).__name__})")
    if value not in choices:
        raise BadInputError(f"{name} is {value!r}, not one of {', '.join(choices)}")
    return value


def samples(name: str, x: Any) -> np.ndarray:
    """``x`` as a 2-D array of real numbers with at least one sample and one feature, all finite."""
    try:
        x = np.asarray(x)
    except (TypeError, RuntimeError, ValueError) as e:
        raise TypeError(f"{name} cannot be read as a numpy array ({e}); pass a numpy array, or x.detach().cpu().numpy()") from None
    if x.ndim != 2:
        raise BadInputError(f"{name} has shape {x.shape}; expected a 2-D array (n_samples, n_features)")
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise BadInputError(f"{name} has shape {x.shape}: no samples, or no features")
    if x.dtype.kind not in "uif" and x.dtype != np.bool_:
        try:
            x = x.astype(np.float64)
        except (TypeError, ValueError) as e:
            raise TypeError(f"{name} has dtype {x.dtype} that is not numbers ({e})") from None
    if x.dtype.kind == "f" and not np.all(np.isfinite(x)):
        raise BadInputError(f"{name} holds NaN or infinity")
    return x
