"""The Python package against the library's guarantees and the command line's artefacts (same seed, same bytes)."""
import os
import subprocess

import numpy as np
import pytest

import krr_distill as kd


def _data(n=400, test=100, d=20, k=3, dtype=np.float64):
    """Train and test samples of k Gaussian classes (one draw of the class means for both)."""
    rng = np.random.default_rng(0)
    means = rng.normal(size=(k, d)) * 3
    y = rng.integers(0, k, size=n + test)
    x = means[y] + rng.normal(size=(n + test, d))
    if dtype == np.uint8:
        x = np.clip(x * 20 + 128, 0, 255)
    x = x.astype(dtype)
    return x[:n], y[:n], x[n:], y[n:]


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.uint8])
def test_fit_and_distill_on_numpy_arrays(dtype, tmp_path):
    x, y, xt, yt = _data(dtype=dtype)
    model = kd.fit(x, y, features="fcnn", seed=0)
    assert model.lam > 0
    accuracy = model.accuracy(xt, yt)
    assert accuracy > 0.9
    ds = kd.distill(model, ipc=2, init="noise")
    assert ds.x.shape == (6, 20) and ds.y.shape == (6, 3) and ds.lambda_s == 0
    assert np.all(np.isfinite(ds.x))
    saved = np.load(ds.save(tmp_path / "d.npz"))
    assert np.array_equal(saved["x_s"], ds.x) and np.array_equal(saved["y_s"], ds.y)


def test_the_distilled_set_is_the_command_lines(tmp_path):
    binary = os.environ.get("KRR_DISTILL_BIN")
    if not binary:
        pytest.skip("KRR_DISTILL_BIN is not set (scripts/build-python.sh sets it)")
    x, y, xt, yt = _data(dtype=np.uint8)
    np.savez(tmp_path / "data.npz", x_train=x, y_train=y, x_test=xt, y_test=yt)
    subprocess.run([binary, "distill", "--dataset", str(tmp_path / "data.npz"), "--ipc", "2", "--init", "real", "--seed", "3",
                    "--out", str(tmp_path / "cli.npz")], check=True, capture_output=True)
    cli = np.load(tmp_path / "cli.npz")
    model = kd.fit(x, y, seed=3)
    ds = kd.distill(model, ipc=2, init="real")
    assert np.array_equal(ds.x, cli["x_s"])
    assert np.array_equal(ds.y, cli["y_s"])
    ds.save(tmp_path / "py.npz")
    assert np.array_equal(np.load(tmp_path / "py.npz")["x_s"], cli["x_s"])


def test_bad_input_is_a_value_error_naming_the_parameter():
    x, y, _, _ = _data()
    with pytest.raises(ValueError, match="option 'features' is 'cnn'"):
        kd.fit(x, y, features="cnn")
    model = kd.fit(x, y)
    with pytest.raises(kd.BadInputError, match="^ipc "):
        kd.distill(model, ipc=100000)
    with pytest.raises(ValueError, match="lam must be a finite number"):
        kd.fit(x, y, lam=-1.0)
    with pytest.raises(ValueError, match="labels for"):
        kd.fit(x, y[:10])


def test_version():
    assert kd.version().count(".") == 2


def test_the_readme_example_runs(tmp_path, monkeypatch):
    """The README's Python block, run on a small data set bound to the names it uses."""
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## From Python"):]
    block = section[section.index("```python") + len("```python"):]
    block = block[:block.index("```")]
    x_train, y_train, x_test, y_test = _data(dtype=np.uint8)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test})
    assert np.load(tmp_path / "distilled.npz")["x_s"].shape == (30, 20)
