"""Streaming statistics: batch by batch equals one pass and the closed form; merging equals one pass; the command line
reads what Python writes and the other way round."""
import numpy as np
import pytest

import krr_distill as kd
from conftest import gaussian_classes


def _relative(a, b):
    return np.linalg.norm(a - b) / np.linalg.norm(b)


def test_batches_give_the_closed_form_ridge_solution():
    x, y, _, _ = gaussian_classes()
    stats = kd.Statistics(features="identity", inputs=20, classes=3)
    for start in range(0, 400, 64):
        stats.add(x[start:start + 64], y[start:start + 64])
    assert stats.count == 400 and stats.features == 20 and stats.classes == 3 and stats.inputs == 20
    lam = 0.5
    expected = np.linalg.solve(x.T @ x + lam * np.eye(20), x.T @ np.eye(3)[y]).T
    assert _relative(stats.fit(lam=lam).weights, expected) < 1e-12


@pytest.mark.parametrize("features", ["fcnn", "rff"])
def test_merged_statistics_are_the_one_pass_statistics(features):
    x, y, xt, yt = gaussian_classes(dtype=np.float32)
    options = dict(features=features, inputs=20, classes=3, seed=4, width=64 if features == "fcnn" else 16)
    whole = kd.Statistics(**options).add(x, y)
    first, second = kd.Statistics(**options), kd.Statistics(**options)
    for start in range(0, 400, 50):
        (first if start < 200 else second).add(x[start:start + 50], y[start:start + 50])
    merged = first.merge(second)
    assert merged is first and merged.count == 400 and second.count == 200
    assert _relative(merged.fit(lam=1e-3).weights, whole.fit(lam=1e-3).weights) < 1e-12
    assert merged.fit(validation=(xt, yt)).accuracy(xt, yt) > 0.9


def test_lambda_chosen_on_validation_arrays_is_the_grids_most_accurate():
    """Overlapping classes, so that λ matters: the chosen λ scores the grid's best accuracy on the validation arrays."""
    x, y, xv, yv = gaussian_classes(n=600, test=300, spread=0.15)
    stats = kd.Statistics(features="fcnn", inputs=20, classes=3, seed=4, width=64).add(x, y)
    grid = [10.0 ** (-6 + 0.5 * i) for i in range(24)]  # the grid for fcnn features (Ridge/LambdaGrid.cs)
    accuracies = [stats.fit(lam=lam).accuracy(xv, yv) for lam in grid]
    assert max(accuracies) > min(accuracies) + 0.05  # the choice is not vacuous
    chosen = stats.fit(validation=(xv, yv))
    assert chosen.accuracy(xv, yv) >= max(accuracies) - 1.0 / len(yv)  # one sample of slack: another solve's rounding
    assert chosen.lam in [pytest.approx(lam, rel=1e-12) for lam in grid]


def test_statistics_refuse_what_cannot_be_added():
    x, y, _, _ = gaussian_classes()
    stats = kd.Statistics(features="fcnn", inputs=20, classes=3, seed=0)
    with pytest.raises(ValueError, match="^y: label 2 is 3, not a class index in 0..2"):
        stats.add(x, y + 1)
    with pytest.raises(ValueError, match="^x: 10 values per sample, but the statistics. feature map takes 20"):
        stats.add(x[:, :10], y)
    with pytest.raises(ValueError, match="feature maps"):
        stats.merge(kd.Statistics(features="fcnn", inputs=20, classes=3, seed=1).add(x, y))
    with pytest.raises(ValueError, match="themselves"):
        stats.merge(stats)
    with pytest.raises(ValueError, match="^lam must be fixed"):
        stats.add(x, y).fit()
    with pytest.raises(ValueError, match="inputs"):
        kd.Statistics(classes=3)


def test_saved_statistics_load_back_and_the_command_line_fits_them(cli, tmp_path):
    x, y, _, _ = gaussian_classes()
    stats = kd.Statistics(features="fcnn", inputs=20, classes=3, seed=5, width=32).add(x, y)
    stats.save(tmp_path / "py-stats.npz")
    loaded = kd.load(tmp_path / "py-stats.npz")
    assert isinstance(loaded, kd.Statistics) and loaded.count == 400
    assert np.array_equal(loaded.fit(lam=0.25).weights, stats.fit(lam=0.25).weights)
    cli("fit", "--stats", tmp_path / "py-stats.npz", "--lambda", 0.25, "--save-model", tmp_path / "cli-model.npz")
    assert np.array_equal(np.load(tmp_path / "cli-model.npz")["w"], stats.fit(lam=0.25).weights)


def test_command_line_shards_load_merge_and_fit_as_the_command_line_does(cli, data_file, tmp_path):
    path, _ = data_file
    for shard in (1, 2):
        cli("stats", "--dataset", path, "--features", "identity", "--shard", f"{shard}/2", "--out", tmp_path / f"s{shard}.npz")
    cli("merge", tmp_path / "s1.npz", tmp_path / "s2.npz", "--out", tmp_path / "s.npz")
    cli("fit", "--stats", tmp_path / "s.npz", "--save-model", tmp_path / "m.npz")
    merged = kd.load_statistics(tmp_path / "s1.npz").merge(kd.load_statistics(tmp_path / "s2.npz"))
    model = merged.fit()  # λ by the validation MSE the shard files carry, as the command line chooses it
    expected = np.load(tmp_path / "m.npz")
    assert model.lam == float(expected["lambda"])
    assert np.array_equal(model.weights, expected["w"])
    with pytest.raises(ValueError, match="counted twice"):
        kd.load_statistics(tmp_path / "s1.npz").merge(kd.load_statistics(tmp_path / "s1.npz"))


def test_threads_adding_to_the_same_statistics_count_every_batch_once():
    """ctypes releases the GIL: the library serializes additions, so concurrent adds equal serial ones."""
    from concurrent.futures import ThreadPoolExecutor
    x, y, _, _ = gaussian_classes(n=2000)
    options = dict(features="fcnn", inputs=20, classes=3, seed=8, width=48)
    serial, shared = kd.Statistics(**options), kd.Statistics(**options)
    batches = [(x[i:i + 50], y[i:i + 50]) for i in range(0, 2000, 50)]
    for xb, yb in batches:
        serial.add(xb, yb)
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda batch: shared.add(*batch), batches))
    assert shared.count == 2000
    assert _relative(shared.fit(lam=1e-2).weights, serial.fit(lam=1e-2).weights) < 1e-12


def test_a_refused_first_batch_leaves_statistics_that_still_save_and_load(tmp_path):
    x, y, _, _ = gaussian_classes(dtype=np.uint8)
    stats = kd.Statistics(features="identity", inputs=20, classes=3)
    with pytest.raises(ValueError, match="takes 20"):
        stats.add(x[:, :10], y)
    stats.add(x, y).save(tmp_path / "s.npz")
    assert kd.load_statistics(tmp_path / "s.npz").count == 400


def test_command_line_shards_take_no_batches(cli, data_file, tmp_path):
    path, (x, y, _, _) = data_file
    cli("stats", "--dataset", path, "--features", "identity", "--out", tmp_path / "s.npz")
    with pytest.raises(ValueError, match="shards 1 of 1"):
        kd.load_statistics(tmp_path / "s.npz").add(x, y)


def test_single_precision_statistics_are_the_double_ones_rounded_and_do_not_mix(tmp_path):
    """precision="single": float32 features and batch Grams summed in float64; the model is the double one to float32
    rounding, the file says so, and statistics of the two precisions refuse to merge."""
    x, y, xt, yt = gaussian_classes(dtype=np.float32)
    options = dict(features="fcnn", inputs=20, classes=3, seed=4, width=16)
    single = kd.Statistics(precision="single", **options).add(x, y)
    double = kd.Statistics(**options).add(x, y)
    difference = _relative(single.fit(lam=1e-3).weights, double.fit(lam=1e-3).weights)
    assert 0 < difference < 1e-4  # float32 rounding (6e-8) times the conditioning of G + λI
    single.save(tmp_path / "single.npz")
    assert str(np.load(tmp_path / "single.npz")["precision"]) == "single"
    with pytest.raises(ValueError, match="cannot be merged"):
        single.merge(double)
    with pytest.raises(ValueError, match="precision"):
        kd.Statistics(precision="half", **options)
    fitted = kd.fit(x, y, features="fcnn", width=16, seed=4, precision="single")
    assert fitted.accuracy(xt, yt) == kd.fit(x, y, features="fcnn", width=16, seed=4).accuracy(xt, yt)
