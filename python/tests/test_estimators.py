"""The scikit-learn estimators: scikit-learn's own conformance checks, any labels, clone and pickle, partial_fit from
batches (a PyTorch DataLoader among them), fit_resample's exact set, and a grid search on MNIST."""
import copy
import os
import pickle

import numpy as np
import pytest

import krr_distill as kd
from conftest import gaussian_classes

sklearn = pytest.importorskip("sklearn", reason="scikit-learn is not installed (apt-get install python3-sklearn)")
from sklearn.base import clone  # noqa: E402
from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

# Checks skipped, each with its reason (none so far: every check of scikit-learn's suite runs).
SKIPPED = {}


@parametrize_with_checks([kd.KernelRidgeClassifier(), kd.Distiller()])
def test_scikit_learn_conformance(estimator, check):
    name = getattr(check, "func", check).__name__
    if name in SKIPPED:
        pytest.skip(SKIPPED[name])
    check(estimator)


def test_any_labels_map_through_classes():
    x, y, xt, yt = gaussian_classes(seed=1)
    names = np.array(["cat", "dog", "emu"])
    codes = kd.KernelRidgeClassifier().fit(x, y)
    named = kd.KernelRidgeClassifier().fit(x, names[y])
    sparse = kd.KernelRidgeClassifier().fit(x, np.array([3, 7, 11])[y])
    assert list(named.classes_) == ["cat", "dog", "emu"] and list(sparse.classes_) == [3, 7, 11]
    assert sparse.model_.classes == 3  # labels {3, 7, 11} are three classes, not twelve
    assert np.array_equal(named.predict(xt), names[codes.predict(xt)])
    assert named.score(xt, names[yt]) == codes.score(xt, yt) > 0.9
    with pytest.raises(ValueError, match="1 class"):
        kd.KernelRidgeClassifier().fit(x, np.zeros(len(x)))


def test_the_estimator_is_the_functions_model():
    x, y, xt, _ = gaussian_classes(seed=2)
    clf = kd.KernelRidgeClassifier(features="rff", seed=3).fit(x, y)
    model = kd.fit(x, y, features="rff", seed=3)
    assert clf.lam_ == model.lam and np.array_equal(clf.model_.weights, model.weights)
    assert np.array_equal(clf.decision_function(xt), model.scores(xt))
    # a fixed λ fits on every row: the statistics of all of them
    fixed = kd.KernelRidgeClassifier(lam=0.5).fit(x, y)
    assert np.array_equal(fixed.model_.weights, kd.fit(x, y, lam=0.5, validation_fraction=0).weights)


def test_clone_and_pickle_give_identical_predictions():
    x, y, xt, _ = gaussian_classes(seed=5)
    for estimator in (kd.KernelRidgeClassifier(features="fcnn"), kd.Distiller(ipc=3)):
        fitted = clone(estimator).fit(x, y)
        expected = fitted.decision_function(xt)
        for twin in (pickle.loads(pickle.dumps(fitted)), copy.deepcopy(fitted)):
            assert np.array_equal(twin.decision_function(xt), expected)
            assert np.array_equal(twin.predict(xt), fitted.predict(xt))
        unfitted = clone(fitted)
        assert unfitted.get_params() == fitted.get_params() and not hasattr(unfitted, "model_")


def test_partial_fit_equals_fit_on_the_concatenated_batches():
    x, y, xt, yt = gaussian_classes(n=600, seed=6)
    clf = kd.KernelRidgeClassifier(lam=0.1)
    for start in range(0, len(x), 128):
        clf.partial_fit(x[start:start + 128], y[start:start + 128], classes=[0, 1, 2])
        assert clf.score(xt, yt) > 0.5  # usable after every call
    whole = kd.KernelRidgeClassifier(lam=0.1).fit(x, y)
    w, w_whole = clf.model_.weights, whole.model_.weights
    assert np.linalg.norm(w - w_whole) / np.linalg.norm(w_whole) < 1e-12
    assert np.array_equal(clf.predict(xt), whole.predict(xt))


def test_partial_fit_chooses_lambda_on_validation_given_once():
    x, y, xt, yt = gaussian_classes(n=600, seed=7)
    held_out = kd.KernelRidgeClassifier()  # no validation arrays: every 20th row's statistics choose λ
    held_out.partial_fit(x[:100], y[:100], classes=[0, 1, 2]).partial_fit(x[100:500], y[100:500])
    rows = np.arange(500)
    stats = kd.Statistics(inputs=x.shape[1], classes=3)
    stats.add(x[:500][rows % 20 == 0], y[:500][rows % 20 == 0], validation=True).add(x[:500][rows % 20 != 0], y[:500][rows % 20 != 0])
    assert repr(held_out.statistics_) == repr(stats) and held_out.statistics_.count == 475
    assert held_out.lam_ == stats.fit().lam and held_out.score(xt, yt) > 0.9
    clf = kd.KernelRidgeClassifier()
    clf.partial_fit(x[:300], y[:300], classes=[0, 1, 2], validation=(x[500:], y[500:]))
    clf.partial_fit(x[300:500], y[300:500])
    stats = kd.Statistics(inputs=x.shape[1], classes=3).add(x[:300], y[:300]).add(x[300:500], y[300:500])
    assert clf.lam_ == stats.fit(validation=(x[500:], y[500:])).lam
    with pytest.raises(ValueError, match="classes"):
        kd.KernelRidgeClassifier(lam=1.0).partial_fit(x, y)
    with pytest.raises(ValueError, match="not in classes"):
        kd.KernelRidgeClassifier(lam=1.0).partial_fit(x, y, classes=[0, 1])
    with pytest.raises(ValueError, match="features"):
        clf.partial_fit(x[:10, :5], y[:10])


def test_partial_fit_streams_a_pytorch_dataloader():
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (apt-get install python3-torch)")
    tqdm = pytest.importorskip("tqdm", reason="tqdm is not installed (apt-get install python3-tqdm)").tqdm
    from torch.utils.data import DataLoader, TensorDataset

    x, y, xt, yt = gaussian_classes(n=1000, d=16, dtype=np.float32, seed=8)
    loader = DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=64, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    clf = kd.KernelRidgeClassifier(lam=0.01)
    for xb, yb in tqdm(loader, disable=True):
        clf.partial_fit(xb, yb, classes=np.arange(3))  # tensors on the CPU: read through __array__
    whole = kd.KernelRidgeClassifier(lam=0.01).fit(x, y)
    w, w_whole = clf.model_.weights, whole.model_.weights
    assert np.linalg.norm(w - w_whole) / np.linalg.norm(w_whole) < 1e-12
    assert clf.score(torch.from_numpy(xt), yt) == whole.score(xt, yt)


def test_fit_resample_returns_a_set_that_trains_the_original_model():
    x, y, xt, yt = gaussian_classes(seed=9)
    names = np.array(["a", "b", "c"])
    distiller = kd.Distiller(ipc=4, seed=1)
    x_s, y_s = distiller.fit_resample(x, names[y])
    assert x_s.shape == (12, x.shape[1]) and sorted(set(y_s)) == ["a", "b", "c"]
    retrained = kd.KernelRidgeClassifier(lam=distiller.lambda_s_, seed=1).fit(x_s, y_s)
    w = distiller.model_.weights
    assert np.linalg.norm(retrained.model_.weights - w) / np.linalg.norm(w) < 1e-8
    assert distiller.score(xt, names[yt]) == kd.KernelRidgeClassifier(seed=1).fit(x, names[y]).score(xt, names[yt])
    pipeline = make_pipeline(kd.Distiller(ipc=2))
    assert pipeline.fit(x, y).score(xt, yt) > 0.9


def mnist_arrays():
    try:
        x, y, xt, yt = kd.datasets.load("mnist")
    except kd.BadInputError as e:
        pytest.skip(f"MNIST is not on this machine ({e}); scripts/fetch-data.sh fetches it")
    return x.reshape(len(x), -1), y, xt.reshape(len(xt), -1), yt  # (n, 1, 28, 28) pixels as (n, 784) rows


def test_grid_search_over_features_and_lambda_on_mnist():
    x, y, xt, yt = mnist_arrays()
    rng = np.random.default_rng(0)
    rows, test_rows = rng.choice(len(x), 1500, replace=False), rng.choice(len(xt), 500, replace=False)
    search = GridSearchCV(kd.KernelRidgeClassifier(), {"features": ["identity", "fcnn"], "lam": [1e-3, 1.0, 100.0]}, cv=3)
    search.fit(x[rows], y[rows])
    assert set(search.best_params_) == {"features", "lam"} and len(search.cv_results_["params"]) == 6
    assert search.score(xt[test_rows], yt[test_rows]) > 0.8
    best = pickle.loads(pickle.dumps(search.best_estimator_))
    assert np.array_equal(best.predict(xt[test_rows]), search.predict(xt[test_rows]))


@pytest.mark.skipif(os.environ.get("KRR_DISTILL_ESTIMATOR_TIMING") != "1", reason="a timing, run by hand (KRR_DISTILL_ESTIMATOR_TIMING=1)")
def test_estimator_overhead_on_mnist():
    import time
    x, y, _, _ = mnist_arrays()
    times = {"fit": [], "estimator": []}
    for _ in range(3):
        start = time.perf_counter()
        kd.fit(x, y)
        times["fit"].append(time.perf_counter() - start)
        start = time.perf_counter()
        kd.KernelRidgeClassifier().fit(x, y)
        times["estimator"].append(time.perf_counter() - start)
    print({k: sorted(v)[1] for k, v in times.items()}, sorted(times["estimator"])[1] / sorted(times["fit"])[1])


def test_the_readme_estimator_example_runs(monkeypatch):
    """The README's second Python block (estimators, a DataLoader through partial_fit, fit_resample, the picture)."""
    for module in ("torch", "tqdm"):
        pytest.importorskip(module, reason=f"{module} is not installed: the README example streams a PyTorch DataLoader with tqdm")
    readme = open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## From Python"):]
    second = section.index("```python", section.index("```python") + 1) + len("```python")
    block = section[second:section.index("```", second)]
    assert "partial_fit" in block and "DataLoader" in block
    x_train, y_train, x_test, y_test = gaussian_classes(n=400, d=64, dtype=np.uint8, seed=14)
    scope = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    monkeypatch.setenv("TQDM_DISABLE", "1")
    exec(compile(block, "README.md", "exec"), scope)
    assert scope["x_s"].shape == (30, 64) and scope["grid"].dtype == np.uint8
    whole = kd.KernelRidgeClassifier(lam=1e-3).fit(x_train, y_train)
    assert np.array_equal(scope["streamed"].predict(x_test), whole.predict(x_test))


def test_noise_distillation_takes_more_points_per_class_than_a_class_has():
    x, y, xt, yt = gaussian_classes(n=40, d=8, seed=15)  # about 13 samples per class
    distiller = kd.Distiller(ipc=20).fit(x, y)  # m > n is allowed (Theorem 4.1): noise needs no real points
    assert distiller.distilled_x_.shape == (60, 8)
    assert np.array_equal(distiller.predict(xt), distiller.model_.predict(xt))
    with pytest.raises(ValueError, match="^ipc 20 is larger than class"):
        kd.Distiller(ipc=20, init="real").fit(x, y)


def test_a_failed_call_leaves_the_estimator_as_it_was():
    x, y, xt, _ = gaussian_classes(n=300, seed=16)
    clf = kd.KernelRidgeClassifier(lam=0.1).fit(x, y)
    before = clf.predict(xt)
    with pytest.raises(ValueError, match="1 class"):
        clf.fit(x, np.zeros(len(x)))
    assert np.array_equal(clf.predict(xt), before)  # the old classes_ and model_ together
    stream = kd.KernelRidgeClassifier()
    with pytest.raises(TypeError, match="validation must be a pair"):
        stream.partial_fit(x[:100], y[:100], classes=[0, 1, 2], validation=(x[200:],))
    assert not hasattr(stream, "statistics_")
    stream.partial_fit(x[:100], y[:100], classes=[0, 1, 2]).partial_fit(x[100:200], y[100:200])  # goes on as new
    with pytest.raises(ValueError, match="first call"):
        stream.partial_fit(x[200:], y[200:], validation=(x[200:], y[200:]))
    one = kd.KernelRidgeClassifier()
    with pytest.raises(ValueError, match="no training rows"):
        one.partial_fit(x[:1], y[:1], classes=[0, 1, 2])  # its one row is held out to choose λ
    with pytest.raises(sklearn.exceptions.NotFittedError):
        one.predict(xt)
    with pytest.raises(ValueError, match="another type"):
        kd.KernelRidgeClassifier(lam=1.0).partial_fit(x, y, classes=["a", "b", "c"])
