"""ctypes bindings of KrrDistill.Native.so, the NativeAOT build of the .NET library (src/KrrDistill.Native, whose
Exports*.cs document each function). Every function returns 0, 2 (bad input) or 1 (internal failure)."""
import ctypes
import os
import tempfile

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
    "krr_set_image": [_p, _i, _i, _i, _s, _p, _l, _pi, _pi, _pi],
    "krr_set_load": [_s, _h],
    "krr_stats_new": [_s, _h],
    "krr_stats_add": [_p] + _data,
    "krr_stats_add_to": [_p, _i] + _data,
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
    """An object of the library behind an opaque handle, freed when the Python object is. Copies and pickles carry the
    object's artefact bytes (what ``save`` writes), never the handle: a copy is a new object of the library, equal to the
    original, that the two free independently. What a handle refers to besides (a :func:`fit` model's training arrays)
    is not carried."""

    _KIND = ""  # "model", "distilled" or "statistics": which artefact loader restores the bytes

    def __init__(self, handle: int):
        self._handle = ctypes.c_void_p(handle)

    def __reduce__(self):
        return restore, (self._KIND, self.to_bytes())

    def __copy__(self):
        return restore(self._KIND, self.to_bytes())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def to_bytes(self) -> bytes:
        """The artefact file's bytes (``.npz``), as ``save`` writes them."""
        with tempfile.TemporaryDirectory(prefix="krr-distill-") as directory:
            path = os.path.join(directory, "artefact.npz")
            self.save(path)  # type: ignore[attr-defined]  # every handle class saves its artefact
            with open(path, "rb") as f:
                return f.read()

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            lib.krr_free(handle)
            self._handle = None


def restore(kind: str, data: bytes):
    """The object whose artefact bytes ``data`` are (from :meth:`Handle.to_bytes`): what unpickling calls."""
    from . import artefacts  # here, not at the top: artefacts imports the classes that derive from Handle

    loaders = {"model": artefacts.load_model, "distilled": artefacts.load_distilled, "statistics": artefacts.load_statistics}
    if kind not in loaders or not isinstance(data, (bytes, bytearray)):
        raise BadInputError(f"cannot restore a {kind!r} from {type(data).__name__}: not pickled by krr_distill")
    with tempfile.TemporaryDirectory(prefix="krr-distill-") as directory:
        path = os.path.join(directory, "artefact.npz")
        with open(path, "wb") as f:
            f.write(data)
        return loaders[kind](path)
