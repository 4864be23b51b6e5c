"""fit, distill and evaluate against the library's guarantees and the command line's artefacts (same seed, same bytes)."""
import os

import numpy as np
import pytest

import krr_distill as kd
from conftest import gaussian_classes


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.uint8])
def test_fit_and_distill_on_numpy_arrays(dtype, tmp_path):
    x, y, xt, yt = gaussian_classes(dtype=dtype)
    model = kd.fit(x, y, features="fcnn", seed=0)
    assert model.lam > 0
    assert model.accuracy(xt, yt) > 0.9
    ds = kd.distill(model, ipc=2, init="noise")
    assert ds.x.shape == (6, 20) and ds.y.shape == (6, 3) and ds.lambda_s == 0
    assert np.all(np.isfinite(ds.x))
    saved = np.load(ds.save(tmp_path / "d.npz"))
    assert np.array_equal(saved["x_s"], ds.x) and np.array_equal(saved["y_s"], ds.y)


def test_the_distilled_model_is_the_original_model():
    x, y, xt, yt = gaussian_classes()
    model = kd.fit(x, y, features="fcnn", seed=1)
    for init in ("noise", "real"):
        ds = kd.distill(model, ipc=3, init=init)
        result = kd.evaluate(ds, xt, yt, model)
        assert result["relative_error"] < 1e-9
        assert result["test_accuracy"] == result["original_test_accuracy"]
        assert ds.meta["relative_error_before_inversion"] < 1e-9


def test_inputs_are_read_in_place_and_the_arrays_kept_not_copied():
    x, y, _, _ = gaussian_classes(dtype=np.uint8)
    model = kd.fit(x, y)
    assert np.shares_memory(model._x, x)  # C-contiguous uint8: the very memory, no copy on either side of the ABI
    images = x.reshape(400, 4, 5)
    assert np.shares_memory(kd.fit(images, y)._x, x)


def test_scores_predict_and_weights_agree():
    x, y, xt, yt = gaussian_classes()
    model = kd.fit(x, y, features="identity", lam=0.1)
    scores = model.scores(xt)
    assert np.allclose(scores, xt @ model.weights.T, rtol=1e-12, atol=1e-12)
    assert np.array_equal(model.predict(xt), (xt @ model.weights.T).argmax(axis=1))  # numpy's own scores
    assert model.accuracy(xt, yt) == np.mean(model.predict(xt) == yt)


def test_every_init_label_mode_and_root(tmp_path):
    x, y, _, _ = gaussian_classes()
    model = kd.fit(x, y, features="identity", seed=2)
    assert kd.distill(model, ipc=7, labels="fit").x.shape == (21, 20)
    assert kd.distill(model, ipc=2, labels="onehot").y.shape == (6, 3)
    plus, minus = kd.distill(model, ipc=2, lambda_s=0.5), kd.distill(model, ipc=2, lambda_s=0.5, root="minus")
    assert minus.meta["root"] == "minus" and not np.array_equal(minus.x, plus.x)  # root acts only for λ_S > 0
    for ds in (plus, minus):
        assert ds.meta["relative_error_before_inversion"] < 1e-9
    assert kd.distill(model, ipc=2, lambda_s="original").lambda_s == model.lam
    assert kd.distill(model, ipc=2, lambda_s=0.5).lambda_s == 0.5


def test_the_distilled_set_is_the_command_lines(cli, data_file, tmp_path):
    path, (x, y, _, _) = data_file
    cli("distill", "--dataset", path, "--ipc", 2, "--init", "real", "--seed", 3, "--out", tmp_path / "cli.npz")
    expected = np.load(tmp_path / "cli.npz")
    ds = kd.distill(kd.fit(x, y, seed=3), ipc=2, init="real")
    assert np.array_equal(ds.x, expected["x_s"])
    assert np.array_equal(ds.y, expected["y_s"])
    ds.save(tmp_path / "py.npz")
    assert np.array_equal(np.load(tmp_path / "py.npz")["x_s"], expected["x_s"])


def test_bad_input_is_a_value_error_naming_the_parameter():
    x, y, _, _ = gaussian_classes()
    with pytest.raises(ValueError, match="option 'features' is 'cnn'"):
        kd.fit(x, y, features="cnn")
    model = kd.fit(x, y)
    with pytest.raises(kd.BadInputError, match="^ipc "):
        kd.distill(model, ipc=100000, init="real")  # real points: more per class than the training split holds
    with pytest.raises(kd.BadInputError, match="^ipc "):
        kd.distill(model, ipc=10**9)  # m·d values beyond one array
    with pytest.raises(ValueError, match="lam must be a finite number"):
        kd.fit(x, y, lam=-1.0)
    with pytest.raises(ValueError, match="labels for"):
        kd.fit(x, y[:10])
    bad = x.copy()
    bad[7, 3] = np.nan
    with pytest.raises(ValueError, match="sample 7, feature 3 is NaN"):
        kd.fit(bad, y)
    with pytest.raises(ValueError, match="not one of plus, minus"):
        kd.distill(model, root="positive")
    with pytest.raises(ValueError, match="model takes 20 features"):
        model.accuracy(x[:, :5], y)


def test_version_is_the_command_lines(cli):
    assert cli("--version").startswith(kd.version() + "+")


def test_the_readme_example_runs(tmp_path, monkeypatch):
    """The README's Python block, run on a small data set bound to the names it uses."""
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## From Python"):]
    block = section[section.index("```python") + len("```python"):]
    block = block[:block.index("```")]
    x_train, y_train, x_test, y_test = gaussian_classes(dtype=np.uint8)
    batches = [(x_train[i:i + 64], y_train[i:i + 64]) for i in range(0, len(x_train), 64)]
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {"x_train": x_train, "y_train": y_train, "x_test": x_test,
                                                "y_test": y_test, "batches": batches})
    assert np.load(tmp_path / "distilled.npz")["x_s"].shape == (30, 20)


def test_uint8_pixels_and_the_same_pixels_divided_by_255_give_the_same_bits():
    x, y, xt, yt = gaussian_classes(dtype=np.uint8)
    a, b = kd.fit(x, y, seed=4), kd.fit(x / 255.0, y, seed=4)
    assert a.lam == b.lam and np.array_equal(a.weights, b.weights)
    assert np.array_equal(kd.distill(a, ipc=2, init="real").x, kd.distill(b, ipc=2, init="real").x)
    assert a.accuracy(xt, yt) == b.accuracy(xt / 255.0, yt) == a.accuracy(xt / 255.0, yt)


def test_python_values_of_other_types_are_read_or_refused_by_name(tmp_path):
    x, y, _, _ = gaussian_classes()
    model = kd.fit(x.tolist(), y.astype(np.uint8), seed=np.int64(2), classes=np.int32(3))
    assert model.classes == 3
    assert kd.distill(model, ipc=np.int64(2)).x.shape == (6, 20)
    with pytest.raises(ValueError, match="^lam must be a finite number"):
        kd.fit(x, y, lam=float("nan"))
    with pytest.raises(ValueError, match="no samples"):
        kd.fit(x[:0], y[:0])
    with pytest.raises(ValueError, match="class indices"):
        kd.fit(x, y.astype(str))
    with pytest.raises(ValueError, match="^y: given without x"):
        kd.distill(model, y=y)
    np.save(tmp_path / "a.npy", x)
    with pytest.raises(ValueError, match="not an npz"):
        kd.load(tmp_path / "a.npy")
    assert kd.load(str(model.save(tmp_path / "m.npz")).encode()).classes == 3


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_model_of_float_arrays_is_the_command_lines(dtype, cli, tmp_path):
    x, y, xt, yt = gaussian_classes(dtype=dtype)
    np.savez(tmp_path / "data.npz", x_train=x, y_train=y, x_test=xt, y_test=yt)
    cli("fit", "--dataset", tmp_path / "data.npz", "--seed", 5, "--save-model", tmp_path / "m.npz")
    expected = np.load(tmp_path / "m.npz")
    model = kd.fit(x, y, seed=5)
    assert model.lam == float(expected["lambda"]) and np.array_equal(model.weights, expected["w"])
