"""ctypes bindings of KrrDistill.Native.so, the NativeAOT build of the .NET library (src/KrrDistill.Native, whose
Exports*.cs document each function). Every function returns 0, 2 (bad input) or 1 (internal failure)."""
import ctypes
import os

from .errors import BadInputError, KrrDistillError

_DIRECTORY = os.path.dirname(os.path.abspath(__file__))
_LIBRARY = os.path.join(_DIRECTORY, "KrrDistill.Native.so")
os.environ.setdefault("KRRDISTILL_NATIVE_DIR", _DIRECTORY)  # where the library finds libSkiaSharp.so (image folders)
lib = ctypes.CDLL(os.environ.get("KRRDISTILL_NATIVE_LIBRARY", _LIBRARY))

_p = ctypes.c_void_p
_i = ctypes.c_int
_l = ctypes.c_int64
_pi = ctypes.POINTER(ctypes.c_int)
_pl = ctypes.POINTER(ctypes.c_int64)
_pd = ctypes.POINTER(ctypes.c_double)
_h = ctypes.POINTER(ctypes.c_void_p)
_s = ctypes.c_char_p
_data = [_p, _i, _l, _i, _p]  # x, dtype, n, d, y

_SIGNATURES = {
    "krr_version": [_s, _i],
    "krr_last_error": [_s, _i],
    "krr_fit": _data + [_s, _h],
    "krr_model_lambda": [_p, _pd],
    "krr_model_shape": [_p, _pi, _pi, _pi],
    "krr_model_weights": [_p, _p],
    "krr_model_accuracy": [_p] + _data + [_pd],
    "krr_model_scores": [_p, _p, _i, _l, _i, _p],
    "krr_model_save": [_p, _s],
    "krr_model_load": [_s, _h],
    "krr_distill": [_p] + _data + [_s, _h],
    "krr_distill_private": _data + [_p, _i, _l, _p, _s, _h],
    "krr_set_shape": [_p, _pi, _pi, _pi],
    "krr_set_copy": [_p, _p, _p, _pd],
    "krr_set_meta": [_p, _s, _i, _pi],
    "krr_set_fit": [_p, _h],
    "krr_set_save": [_p, _s],
    "krr_set_load": [_s, _h],
    "krr_stats_new": [_s, _h],
    "krr_stats_add": [_p] + _data,
    "krr_stats_merge": [_p, _p],
    "krr_stats_info": [_p, _pl, _pl, _pi, _pi, _pi],
    "krr_stats_fit": [_p, _s] + _data + [_h],
    "krr_stats_save": [_p, _s],
    "krr_stats_load": [_s, _h],
    "krr_dataset_fetch": [_s, _s, _s, _i, _pi],
    "krr_dataset_load": [_s, _s, _h],
    "krr_dataset_shape": [_p, _i, _pl, _pi, _pi, _pi, _pi, _pi, _pi],
    "krr_dataset_copy": [_p, _i, _p, _pl],
}
for _name, _args in _SIGNATURES.items():
    _function = getattr(lib, _name)
    _function.argtypes = _args
    _function.restype = _i
lib.krr_free.argtypes = [_p]
lib.krr_free.restype = None


def check(code: int) -> None:
    """Raises the call's failure as BadInputError (code 2) or KrrDistillError (any other non-zero code)."""
    if code == 0:
        return
    message = text(lib.krr_last_error)
    raise BadInputError(message) if code == 2 else KrrDistillError(message)


def text(function) -> str:
    """The string a krr_version/krr_last_error-style function writes."""
    needed = function(None, 0)
    buffer = ctypes.create_string_buffer(needed)
    function(buffer, needed)
    return buffer.value.decode("utf-8")


class Handle:
    """An object of the library behind an opaque handle, freed when the Python object is. It cannot be copied or
    pickled (a copy would share the handle); the library refuses a handle that is no longer live."""

    def __copy__(self):
        raise TypeError(f"{type(self).__name__} holds a library handle and cannot be copied; save() and load() it")

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        raise TypeError(f"{type(self).__name__} holds a library handle and cannot be pickled; save() and load() it")

    def __init__(self, handle: int):
        self._handle = ctypes.c_void_p(handle)

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            lib.krr_free(handle)
            self._handle = None
