"""Shared data and the command line, for the tests of the Python package."""
import os
import subprocess

import krr_distill  # noqa: F401  (first: it picks OpenBLAS's kernels before numpy loads OpenBLAS)
import numpy as np
import pytest
from krr_distill import _kernels


def gaussian_classes(n=400, test=100, d=20, k=3, dtype=np.float64, seed=0, spread=3.0):
    """Train and test samples of k Gaussian classes (one draw of the class means for both, scaled by ``spread``: 3
    separates the classes, 0.1 makes them overlap)."""
    rng = np.random.default_rng(seed)
    means = rng.normal(size=(k, d)) * spread
    y = rng.integers(0, k, size=n + test)
    x = means[y] + rng.normal(size=(n + test, d))
    if dtype == np.uint8:
        x = np.clip(x * 20 + 128, 0, 255)
    x = x.astype(dtype)
    return x[:n], y[:n], x[n:], y[n:]


@pytest.fixture(scope="session")
def cli():
    """Runs krr-distill (KRR_DISTILL_BIN, which scripts/build-python.sh sets) and returns its stdout; skips without it."""
    binary = os.environ.get("KRR_DISTILL_BIN")
    if not binary:
        pytest.skip("KRR_DISTILL_BIN is not set (scripts/build-python.sh sets it)")

    # The command line computes with the OpenBLAS kernels this process has (numpy loaded them before the package could
    # choose), so that bit-for-bit comparisons compare like with like.
    env = dict(os.environ)
    core = _kernels.loaded_core()
    if core:
        env["OPENBLAS_CORETYPE"] = core

    def run(*args):
        done = subprocess.run([binary, *map(str, args)], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return run


@pytest.fixture
def data_file(tmp_path):
    """A uint8 data set as the npz the command line reads, and its arrays."""
    x, y, xt, yt = gaussian_classes(dtype=np.uint8)
    path = tmp_path / "data.npz"
    np.savez(path, x_train=x, y_train=y, x_test=xt, y_test=yt)
    return path, (x, y, xt, yt)
