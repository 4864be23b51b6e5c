"""OpenBLAS's kernels in a Python process. numpy and this package share one OpenBLAS (libopenblas.so.0), which picks
its compute kernels once, when it is loaded; Debian 12's OpenBLAS 0.3.21 does not know CPUs newer than it and then takes
its slow SSE3 kernels. The .NET library chooses for itself only where it loads OpenBLAS first (the command line), so the
package makes the same choice here, before numpy is imported: the AVX-512 kernels (SkylakeX) or the AVX2 ones (Haswell)
from the CPU's flags, unless OPENBLAS_CORETYPE is already set or KRRDISTILL_OPENBLAS_CORETYPE says otherwise
(``openblas``: OpenBLAS's own detection; a name: that kernel). Imported after numpy, the package computes with whatever
kernels numpy's OpenBLAS chose; :func:`loaded_core` says which."""
import ctypes
import os
import sys
import warnings


def choose() -> None:
    """Sets OPENBLAS_CORETYPE for this process when OpenBLAS cannot have been loaded yet (numpy not imported); warns
    when numpy already loaded it with the SSE3 kernels on a CPU that has better ones."""
    request = os.environ.get("KRRDISTILL_OPENBLAS_CORETYPE", "auto").strip()
    if os.environ.get("OPENBLAS_CORETYPE") or request.lower() == "openblas":
        return
    core = _from_flags(_cpu_flags()) if request.lower() in ("", "auto") else request
    if "numpy" not in sys.modules:
        if core:
            os.environ["OPENBLAS_CORETYPE"] = core
    elif core and loaded_core() == "Prescott":
        warnings.warn(f"numpy loaded OpenBLAS with its SSE3 (Prescott) kernels, which are several times slower here than "
                      f"{core}'s and not bit-reproducible between calls: import krr_distill before numpy, or set "
                      f"OPENBLAS_CORETYPE={core} before Python starts.", RuntimeWarning, stacklevel=3)


def loaded_core():
    """The kernels of the OpenBLAS loaded in this process (e.g. ``"SkylakeX"``), or None when none is loaded."""
    try:
        lib = ctypes.CDLL("libopenblas.so.0", mode=getattr(os, "RTLD_NOLOAD", 0) | ctypes.RTLD_GLOBAL)
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return None


def _cpu_flags() -> set:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                name, _, value = line.partition(":")
                if name.strip() == "flags":
                    return set(value.split())
    except OSError:
        pass
    return set()


def _from_flags(flags: set):
    if {"avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Haswell"
    return None
