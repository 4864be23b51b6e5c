"""ctypes bindings of KrrDistill.Native.so, the NativeAOT build of the .NET library (see src/KrrDistill.Native)."""
import ctypes
import os

_LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "KrrDistill.Native.so")
lib = ctypes.CDLL(os.environ.get("KRRDISTILL_NATIVE_LIBRARY", _LIBRARY))

_p = ctypes.c_void_p
_i = ctypes.c_int
_l = ctypes.c_int64
_d = ctypes.POINTER(ctypes.c_double)
_h = ctypes.POINTER(ctypes.c_void_p)
_s = ctypes.c_char_p

lib.krr_version.argtypes = [ctypes.c_char_p, _i]
lib.krr_last_error.argtypes = [ctypes.c_char_p, _i]
lib.krr_fit.argtypes = [_p, _i, _l, _i, _p, _s, _h]
lib.krr_model_lambda.argtypes = [_p, _d]
lib.krr_model_accuracy.argtypes = [_p, _p, _i, _l, _i, _p, _d]
lib.krr_distill.argtypes = [_p, _p, _i, _l, _i, _p, _s, _h]
lib.krr_set_shape.argtypes = [_p, ctypes.POINTER(_i), ctypes.POINTER(_i), ctypes.POINTER(_i)]
lib.krr_set_copy.argtypes = [_p, _d, _d, _d]
lib.krr_set_save.argtypes = [_p, _s]
lib.krr_free.argtypes = [_p]
lib.krr_free.restype = None
for _name in ("krr_version", "krr_last_error", "krr_fit", "krr_model_lambda", "krr_model_accuracy", "krr_distill",
              "krr_set_shape", "krr_set_copy", "krr_set_save"):
    getattr(lib, _name).restype = _i


def text(function) -> str:
    """The string a krr_version/krr_last_error-style function writes."""
    needed = function(None, 0)
    buffer = ctypes.create_string_buffer(needed)
    function(buffer, needed)
    return buffer.value.decode("utf-8")
