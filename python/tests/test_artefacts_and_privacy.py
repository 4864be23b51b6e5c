"""Artefacts load back as they were saved; private releases are the command line's for the same noise seed."""
import json
import os

import numpy as np
import pytest

import krr_distill as kd
from conftest import gaussian_classes


def test_model_and_distilled_set_round_trip(tmp_path):
    x, y, xt, yt = gaussian_classes()
    model = kd.fit(x, y, features="rff", seed=6)
    loaded = kd.load(model.save(tmp_path / "model.npz"))
    assert isinstance(loaded, kd.Model)
    assert np.array_equal(loaded.weights, model.weights) and loaded.lam == model.lam
    assert np.array_equal(loaded.scores(xt), model.scores(xt))
    ds = kd.distill(model, ipc=2)
    again = kd.load(ds.save(tmp_path / "distilled.npz"))
    assert isinstance(again, kd.DistilledSet)
    assert np.array_equal(again.x, ds.x) and np.array_equal(again.y, ds.y) and again.lambda_s == ds.lambda_s
    assert kd.evaluate(tmp_path / "distilled.npz", xt, yt, model)["relative_error"] < 1e-9
    assert again.meta["ipc"] == 2


def test_bad_files_are_value_errors_naming_the_file(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        kd.load_model(tmp_path / "missing.npz")
    (tmp_path / "text.npz").write_text("not a zip")
    with pytest.raises(ValueError, match="text.npz"):
        kd.load(tmp_path / "text.npz")
    x, y, _, _ = gaussian_classes()
    kd.distill(kd.fit(x, y), ipc=2).save(tmp_path / "d.npz")
    truncated = (tmp_path / "d.npz").read_bytes()[:-100]
    (tmp_path / "cut.npz").write_bytes(truncated)
    with pytest.raises(ValueError, match="cut.npz"):
        kd.load_distilled(tmp_path / "cut.npz")
    with pytest.raises(ValueError, match="cannot be written|directory"):
        kd.fit(x, y).save(tmp_path / "no" / "such" / "dir" / "m.npz")


@pytest.mark.parametrize("loader", ["load", "load_model", "load_distilled", "load_statistics"])
def test_a_fifo_a_device_or_a_directory_is_refused_at_once(tmp_path, loader):
    os.mkfifo(tmp_path / "pipe.npz")  # nobody writes to it: opening it to read would wait for ever
    for path, kind in [(tmp_path / "pipe.npz", "FIFO"), ("/dev/zero", "character device"), (tmp_path, "directory")]:
        with pytest.raises(ValueError, match=kind):
            getattr(kd, loader)(path)


def test_meta_json_of_the_wrong_type_is_refused_in_plain_words(tmp_path):
    x, y, _, _ = gaussian_classes()
    kd.fit(x, y).save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as archive:
        arrays = {key: archive[key] for key in archive.files}
    arrays["meta_json"] = np.array(str(arrays["meta_json"]).replace('"seed":0', '"seed":"0"'))
    np.savez(tmp_path / "edited.npz", **arrays)
    with pytest.raises(ValueError, match="'seed' is the string \"0\", not an integer") as caught:
        kd.load_model(tmp_path / "edited.npz")
    assert "System." not in str(caught.value) and "Int32" not in str(caught.value)


def test_private_releases_are_the_command_lines(cli, data_file, tmp_path):
    path, (x, y, xt, yt) = data_file
    cli("distill", "--dataset", path, "--privacy", "dp", "--lambda", 0.01, "--privacy-seed", 7, "--ipc", 2,
        "--out", tmp_path / "dp.npz")
    expected = np.load(tmp_path / "dp.npz")
    ds = kd.distill_private(x, y, xt, yt, privacy="dp", lam=0.01, noise_seed=7, ipc=2)
    assert np.array_equal(ds.x, expected["x_s"]) and np.array_equal(ds.y, expected["y_s"])
    assert ds.meta["privacy"]["mode"] == "dp" and ds.meta["privacy"]["epsilon"] == 1


def test_row_privacy_and_its_refusals():
    x, y, xt, yt = gaussian_classes()
    ds = kd.distill_private(x, y, xt, yt, privacy="row-dp", epsilon=0.5, noise_seed=1, ipc=2)
    assert ds.meta["privacy"]["mode"] == "row-dp" and ds.x.shape == (6, 20)
    with pytest.raises(ValueError, match="^epsilon must lie in"):
        kd.distill_private(x, y, xt, yt, privacy="row-dp", epsilon=2.0)
    with pytest.raises(ValueError, match="^sigma0 applies"):
        kd.distill_private(x, y, xt, yt, privacy="dp", sigma0=1.0)
    with pytest.raises(ValueError, match=r"^lam must be fixed .* declared public \(public_validation\)"):
        kd.distill_private(x, y, xt, yt, privacy="dp")
    with pytest.raises(ValueError, match="'privacy' is 'none'"):
        kd.distill_private(x, y, xt, yt, privacy="none")


def test_handles_copy_and_pickle_as_their_artefact_bytes():
    import copy
    import gc
    import pickle
    x, y, xt, yt = gaussian_classes()
    model = kd.fit(x, y)
    ds = kd.distill(model, ipc=2)
    stats = kd.Statistics(inputs=x.shape[1], classes=3).add(x, y)
    for original in (model, ds, stats):
        for duplicate in (copy.copy, copy.deepcopy, lambda o: pickle.loads(pickle.dumps(o))):
            twin = duplicate(original)
            assert type(twin) is type(original) and twin._handle.value != original._handle.value
            assert twin.to_bytes() == original.to_bytes()
    twin = pickle.loads(pickle.dumps(model))
    expected = model.scores(xt)
    del model
    gc.collect()  # the original's handle is freed; the copy is a library object of its own
    assert np.array_equal(twin.scores(xt), expected) and twin.lam > 0
    assert np.array_equal(pickle.loads(pickle.dumps(ds)).x, ds.x)
    assert pickle.loads(pickle.dumps(stats)).count == len(x)
    with pytest.raises(ValueError, match="not pickled by krr_distill"):
        kd._native.restore("model", "not bytes")


def test_a_loaded_model_distills_with_the_seed_it_was_made_with(tmp_path):
    x, y, _, _ = gaussian_classes()
    model = kd.fit(x, y, seed=3)
    loaded = kd.load_model(model.save(tmp_path / "m.npz"))
    assert np.array_equal(kd.distill(loaded, ipc=2).x, kd.distill(model, ipc=2).x)


def _sample(name):
    import gzip
    import os
    root = os.path.join(os.path.dirname(__file__), "..", "..", "samples", "fashion-mnist")
    with gzip.open(os.path.join(root, name)) as f:
        raw = f.read()
    return np.frombuffer(raw, dtype=np.uint8, offset=16 if "images" in name else 8)


def test_a_command_line_model_of_standardized_images_scores_raw_pixels_as_the_command_line(cli, tmp_path):
    out = cli("fit", "--dataset", "fashion-mnist-sample", "--features", "identity", "--save-model", tmp_path / "m.npz",
              "--json")
    expected = json.loads(out)["test_accuracy"]
    x_test, y_test = _sample("t10k-images-idx3-ubyte.gz").reshape(-1, 784), _sample("t10k-labels-idx1-ubyte.gz")
    model = kd.load_model(tmp_path / "m.npz")
    assert model.accuracy(x_test, y_test) == expected  # the pixels standardized by the model's own mean and std
    with pytest.raises(ValueError, match="standardizes raw pixels"):
        model.accuracy(x_test / 255.0, y_test)
