"""Bad calls answered in Python's terms: a TypeError for a wrong type and a ValueError for a wrong value, each naming the
parameter as the caller wrote it; never a .NET type name, never an internal error for what the user passed. Also the
pictures (DistilledSet.to_image and show) and ``python -m krr_distill``."""
import subprocess
import sys

import numpy as np
import pytest

import krr_distill as kd
from conftest import gaussian_classes

DOTNET_WORDS = ("System.", "Exception", "Int32", "Int64", "Double", "String'", "KrrDistill.", "internal error",
                "element of type", "Nullable", "JsonValueKind", "Number'")

X, Y, XT, YT = gaussian_classes(n=200, test=50, d=16, seed=11)
MODEL = kd.fit(X, Y)
SET = kd.distill(MODEL, ipc=2)
STATS = kd.Statistics(inputs=16, classes=3).add(X, Y)
NAN = X.copy()
NAN[3, 4] = np.nan

# (call, expected exception, a word the message must hold: the parameter as written)
CASES = [
    (lambda: kd.fit(X, Y, features=3), TypeError, "features"),
    (lambda: kd.fit(X, Y, features="cnn"), ValueError, "features"),
    (lambda: kd.fit(X, Y, width=2.5), TypeError, "width"),
    (lambda: kd.fit(X, Y, width=0), ValueError, "width"),
    (lambda: kd.fit(X, Y, depth="1"), TypeError, "depth"),
    (lambda: kd.fit(X, Y, depth=0), ValueError, "depth"),
    (lambda: kd.fit(X, Y, seed=1.5), TypeError, "seed"),
    (lambda: kd.fit(X, Y, seed=2**40), ValueError, "seed"),
    (lambda: kd.fit(X, Y, lam=-1.0), ValueError, "lam"),
    (lambda: kd.fit(X, Y, lam="big"), TypeError, "lam"),
    (lambda: kd.fit(X, Y, lam=[1.0]), TypeError, "lam"),
    (lambda: kd.fit(X, Y, classes=10**9), ValueError, "classes"),
    (lambda: kd.fit(X, Y, classes=10**12), ValueError, "classes"),
    (lambda: kd.fit(X, Y, classes=2), ValueError, "class"),
    (lambda: kd.fit(X, Y, classes="3"), TypeError, "classes"),
    (lambda: kd.fit(X, Y, rff_sigma2=0.0, features="rff"), ValueError, "rff_sigma2"),
    (lambda: kd.fit(X, Y, precision="half"), ValueError, "precision"),
    (lambda: kd.fit(X, Y, precision=32), TypeError, "precision"),
    (lambda: kd.fit(X, Y, zca=-0.1), ValueError, "zca"),
    (lambda: kd.fit(X, Y, validation_fraction=1.5), ValueError, "validation_fraction"),
    (lambda: kd.fit(None, Y), TypeError, "x"),
    (lambda: kd.fit("pixels", Y), TypeError, "x"),
    (lambda: kd.fit(X, None), TypeError, "y"),
    (lambda: kd.fit(X, Y[:-1]), ValueError, "y"),
    (lambda: kd.fit(X, Y + 0.5), ValueError, "y"),
    (lambda: kd.fit(NAN, Y), ValueError, "NaN"),
    (lambda: kd.fit(X.astype(complex), Y), ValueError, "x"),
    (lambda: kd.distill(None), TypeError, "model"),
    (lambda: kd.distill("model.npz"), TypeError, "model"),
    (lambda: kd.distill(MODEL, ipc=2.5), TypeError, "ipc"),
    (lambda: kd.distill(MODEL, ipc=0), ValueError, "ipc"),
    (lambda: kd.distill(MODEL, ipc=10**9), ValueError, "ipc"),
    (lambda: kd.distill(MODEL, init="fancy"), ValueError, "init"),
    (lambda: kd.distill(MODEL, labels="soft"), ValueError, "labels"),
    (lambda: kd.distill(MODEL, lambda_s=-1.0), ValueError, "lambda_s"),
    (lambda: kd.distill(MODEL, lambda_s="orig"), ValueError, "lambda_s"),
    (lambda: kd.distill(MODEL, lambda_s=[0]), TypeError, "lambda_s"),
    (lambda: kd.distill(MODEL, root="both"), ValueError, "root"),
    (lambda: kd.distill(MODEL, seed="0"), TypeError, "seed"),
    (lambda: kd.distill(MODEL, init="real", x=X), ValueError, "y"),
    (lambda: kd.Statistics(inputs=0, classes=3), ValueError, "inputs"),
    (lambda: kd.Statistics(inputs="16", classes=3), TypeError, "inputs"),
    (lambda: kd.Statistics(inputs=16, classes=1), ValueError, "classes"),
    (lambda: kd.Statistics(inputs=16, classes=3, precision=None).add(X[:, :4], Y), ValueError, "x"),
    (lambda: STATS.fit(lam=-2.0), ValueError, "lam"),
    (lambda: STATS.fit(validation=5), TypeError, "validation"),
    (lambda: STATS.merge("stats.npz"), TypeError, "other"),
    (lambda: MODEL.accuracy(X[:, :5], Y), ValueError, "features"),
    (lambda: MODEL.scores(None), TypeError, "x"),
    (lambda: kd.evaluate(SET, XT, YT, model="m"), TypeError, "model"),
    (lambda: kd.evaluate(3, XT, YT), TypeError, "distilled"),
    (lambda: kd.load_model(3), TypeError, "path"),
    (lambda: SET.to_image(shape=(2, 2, 4)), ValueError, "shape"),
    (lambda: SET.to_image(shape=(1, 4)), TypeError, "shape"),
    (lambda: SET.to_image(shape=(1, 4, 4.5)), TypeError, "shape"),
    (lambda: SET.to_image(class_names=["a"]), ValueError, "class_names"),
    (lambda: kd.KernelRidgeClassifier(lam=-1.0).fit(X, Y), ValueError, "lam"),
    (lambda: kd.KernelRidgeClassifier(lam="always").fit(X, Y), ValueError, "lam"),
    (lambda: kd.KernelRidgeClassifier(features=1).fit(X, Y), TypeError, "features"),
    (lambda: kd.KernelRidgeClassifier(depth=1.0).fit(X, Y), TypeError, "depth"),
    (lambda: kd.KernelRidgeClassifier().fit(X, np.zeros(len(X))), ValueError, "class"),
    (lambda: kd.KernelRidgeClassifier().predict(X), ValueError, "fit"),
    (lambda: kd.Distiller(ipc="3").fit(X, Y), TypeError, "ipc"),
    (lambda: kd.Distiller(init="fast").fit(X, Y), ValueError, "init"),
    (lambda: kd.Distiller(lambda_s="none").fit(X, Y), ValueError, "lambda_s"),
    (lambda: kd.KernelRidgeClassifier(lam=1.0).partial_fit(X, Y), ValueError, "classes"),
]


@pytest.mark.parametrize("call, kind, word", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_a_bad_call_is_refused_in_python_terms(call, kind, word):
    with pytest.raises(kind) as caught:
        call()
    message = str(caught.value)
    assert word in message, message
    assert not any(w in message for w in DOTNET_WORDS), message
    assert not isinstance(caught.value, kd.KrrDistillError) or isinstance(caught.value, kd.BadInputError), message


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


def test_to_image_is_the_grid_the_command_line_draws(tmp_path):
    x, y, _, _ = gaussian_classes(n=300, d=3 * 8 * 8, seed=12)
    ds = kd.distill(kd.fit(x, y), ipc=3)
    grid = ds.to_image()  # 192 values: a square colour image of 8 × 8
    assert grid.dtype == np.uint8 and grid.ndim == 3 and grid.shape[2] == 3
    named = ds.to_image(shape=(3, 8, 8), class_names=["cat", "dog", "emu"])
    assert named.shape == grid.shape and not np.array_equal(named, grid)  # the names are drawn above the columns
    ds.save(tmp_path / "set.npz")
    again = kd.load_distilled(tmp_path / "set.npz").to_image()
    assert np.array_equal(again, grid)


def test_show_draws_the_grid_with_matplotlib():
    matplotlib = pytest.importorskip("matplotlib", reason="matplotlib is not installed (apt-get install python3-matplotlib)")
    matplotlib.use("Agg")
    ds = kd.distill(kd.fit(*gaussian_classes(n=200, d=64, seed=13)[:2]), ipc=2)
    ax = ds.show()
    assert len(ax.images) == 1 and np.array_equal(np.asarray(ax.images[0].get_array()), ds.to_image())


def test_python_dash_m_prints_the_version():
    done = subprocess.run([sys.executable, "-m", "krr_distill", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"krr_distill {kd.__version__}" and kd.__version__ == kd.version()


def test_the_estimators_work_without_scikit_learn():
    """With scikit-learn absent (blocked here), the estimators keep their methods and give the same predictions."""
    script = r'''
import sys, pickle
sys.modules["sklearn"] = None  # import sklearn now fails, as where it is not installed
import numpy as np, krr_distill as kd
from krr_distill import estimators
assert not estimators.HAVE_SKLEARN
rng = np.random.default_rng(0)
means = rng.normal(size=(3, 10)) * 3
y = rng.integers(0, 3, size=300)
x = means[y] + rng.normal(size=(300, 10))
names = np.array(["a", "b", "c"])[y]
clf = kd.KernelRidgeClassifier(lam=0.5)
assert clf.get_params()["lam"] == 0.5 and clf.set_params(lam=0.25) is clf and clf.lam == 0.25
try:
    clf.predict(x)
    raise SystemExit("predict before fit passed")
except estimators.NotFittedError:
    pass
clf.fit(x, names)
assert clf.score(x, names) > 0.9 and list(clf.classes_) == ["a", "b", "c"] and clf.n_features_in_ == 10
twin = pickle.loads(pickle.dumps(clf))
assert np.array_equal(twin.decision_function(x), clf.decision_function(x))
streamed = kd.KernelRidgeClassifier(lam=0.25)
for start in range(0, 300, 100):
    streamed.partial_fit(x[start:start + 100], names[start:start + 100], classes=["a", "b", "c"])
w, w_whole = streamed.model_.weights, clf.model_.weights
assert np.linalg.norm(w - w_whole) / np.linalg.norm(w_whole) < 1e-12
try:
    clf.predict(x[:, :4])
    raise SystemExit("wrong n_features passed")
except ValueError as e:
    assert "4 features" in str(e)
x_s, y_s = kd.Distiller(ipc=2).fit_resample(x, names)
assert x_s.shape == (6, 10) and sorted(set(y_s)) == ["a", "b", "c"]
print("ok")
'''
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
