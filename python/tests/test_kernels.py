"""The package picks OpenBLAS's kernels as the command line does, when it is imported before numpy."""
import json
import os
import subprocess
import sys

import pytest

from krr_distill import _kernels


def test_imported_first_the_package_gets_the_kernels_the_command_line_chooses():
    binary = os.environ.get("KRR_DISTILL_BIN")
    if not binary:
        pytest.skip("KRR_DISTILL_BIN is not set (scripts/build-python.sh sets it)")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "KRRDISTILL_OPENBLAS_CORETYPE")}
    child = "import krr_distill, numpy; from krr_distill import _kernels; print(_kernels.loaded_core())"
    core = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env, check=True).stdout.strip()
    info = subprocess.run([binary, "info", "--json"], capture_output=True, text=True, env=env, check=True).stdout
    detail = json.loads(info)["backend_detail"]
    assert core != "None" and detail.startswith(core + " kernels"), (core, detail)


def test_flags_choose_the_avx512_then_the_avx2_kernels():
    assert _kernels._from_flags({"avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd", "avx2", "fma"}) == "SkylakeX"
    assert _kernels._from_flags({"avx2", "fma", "avx512f"}) == "Haswell"
    assert _kernels._from_flags({"sse2"}) is None


def test_imported_after_numpy_the_package_warns_when_numpy_took_the_slow_kernels():
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "KRRDISTILL_OPENBLAS_CORETYPE")}
    child = ("import numpy, warnings; warnings.simplefilter('always')\n"
             "import krr_distill; from krr_distill import _kernels; print(_kernels.loaded_core())")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, env=env, check=True)
    slow = done.stdout.strip() == "Prescott" and _kernels._from_flags(_kernels._cpu_flags()) is not None
    assert ("Prescott" in done.stderr) == slow, (done.stdout, done.stderr)
