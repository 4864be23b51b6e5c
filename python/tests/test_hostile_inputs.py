"""Hostile but realistic inputs to the package's statistics, merges and loads: each is refused with a BadInputError
whose one line names the parameter, value or file, in words a Python user reads (no .NET words, nothing raw from a
file), within seconds, and changes no file."""
import os
import signal
import zipfile

import numpy as np
import pytest

import krr_distill as kd
from conftest import gaussian_classes

DOTNET_WORDS = ("System.", "Exception)", "Parameter '", "element of type", "Int32", "KrrDistill.")


@pytest.fixture(scope="module")
def files(tmp_path_factory, cli):
    """Good artefacts every case starts from: statistics, a model, a distilled set and a command-line shard."""
    d = tmp_path_factory.mktemp("good")
    xs, ys, xt, yt = gaussian_classes(n=300, d=12, seed=4)
    np.savez(d / "data.npz", x_train=xs, y_train=ys, x_test=xt, y_test=yt)
    cli("stats", "--dataset", d / "data.npz", "--shard", "1/2", "--out", d / "shard.npz")
    x, y, _, _ = gaussian_classes(n=300, d=12)
    stats = kd.Statistics(inputs=12, classes=3, seed=0).add(x, y)
    stats.save(d / "stats.npz")
    model = kd.fit(x, y)
    model.save(d / "model.npz")
    kd.distill(model, ipc=2).save(d / "set.npz")
    return d


def edited(files, tmp_path, source, edit):
    """A copy of ``source`` with its arrays passed through ``edit`` (a dict of arrays, changed in place)."""
    with np.load(files / source) as archive:
        arrays = {key: archive[key] for key in archive.files}
    edit(arrays)
    np.savez(tmp_path / "edited.npz", **arrays)
    return tmp_path / "edited.npz"


def flipped(files, tmp_path, source, entry):
    """A copy of ``source`` with one bit flipped in the stored values of ``entry`` (numpy itself says "Bad CRC-32")."""
    data = bytearray((files / source).read_bytes())
    with zipfile.ZipFile(files / source) as z:
        info = z.getinfo(entry)
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 150
    data[offset] ^= 0x04
    (tmp_path / "flipped.npz").write_bytes(bytes(data))
    return tmp_path / "flipped.npz"


def meta(arrays, old, new):
    text = str(arrays["meta_json"])
    assert old in text
    arrays["meta_json"] = np.array(text.replace(old, new))


X, Y, _, _ = gaussian_classes(n=100, d=12)

CASES = [
    # Loading files that are not what they say.
    ("load a missing file", lambda f, t: kd.load(t / "none.npz"), "no such file"),
    ("load statistics from text", lambda f, t: (t.joinpath("t.npz").write_text("not a zip"), kd.load_statistics(t / "t.npz")), "t.npz"),
    ("load statistics from a truncated file", lambda f, t: (t.joinpath("c.npz").write_bytes((f / "stats.npz").read_bytes()[:700]), kd.load_statistics(t / "c.npz")), "c.npz"),
    ("load statistics with a flipped bit", lambda f, t: kd.load_statistics(flipped(f, t, "stats.npz", "gram.npy")), "flipped.npz"),
    ("load a model with a flipped bit", lambda f, t: kd.load_model(flipped(f, t, "model.npz", "w.npy")), "flipped.npz"),
    ("load a set with a flipped bit", lambda f, t: kd.load_distilled(flipped(f, t, "set.npz", "x_s.npy")), "flipped.npz"),
    ("any load with a flipped bit", lambda f, t: kd.load(flipped(f, t, "stats.npz", "features_labels.npy")), "flipped.npz"),
    ("load a model as statistics", lambda f, t: kd.load_statistics(f / "model.npz"), "'gram'"),
    ("load statistics as a model", lambda f, t: kd.load_model(f / "stats.npz"), "stats.npz: required key 'w' is missing"),
    ("load a single .npy", lambda f, t: (np.save(t / "a.npy", np.zeros(3)), kd.load(t / "a.npy")), "a.npy"),
    ("load statistics with a seed as a string", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: meta(a, '"seed":0', '"seed":"0"'))), "'seed' (an integer expected, found the string \"0\")"),
    ("load a model with a seed as a string", lambda f, t: kd.load_model(edited(f, t, "model.npz", lambda a: meta(a, '"seed":0', '"seed":"0"'))), "'seed' is the string \"0\", not an integer"),
    ("load a negative count", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: a.__setitem__("count", np.array(-3)))), "count"),
    ("load a count of 2^63 - 1", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: a.__setitem__("count", np.array(2**63 - 1)))), "count"),
    ("load a negated Gram", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: a.__setitem__("gram", -a["gram"]))), "diagonal"),
    ("load an asymmetric Gram", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: a["gram"].__setitem__((0, 1), a["gram"][0, 1] + 1))), "symmetric"),
    ("load a Gram with NaN", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: a["gram"].__setitem__((2, 2), np.nan))), "gram"),
    ("load meta_json that is not JSON", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: a.__setitem__("meta_json", np.array("{oops")))), "meta_json"),
    ("load a control character in meta_json", lambda f, t: kd.load_statistics(edited(f, t, "stats.npz", lambda a: meta(a, '"format":"krr-distill stats 1"', '"format":"\\u001b[2J"'))), "'format'"),
    # Statistics: batches that cannot be added, merges that must not happen, options of the wrong type.
    ("add NaN", lambda f, t: kd.Statistics(inputs=12, classes=3).add(np.where(np.arange(12) == 4, np.nan, X), Y), "NaN"),
    ("add infinity", lambda f, t: kd.Statistics(inputs=12, classes=3).add(np.full_like(X, np.inf), Y), "x"),
    ("add negative labels", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, -np.ones_like(Y)), "y"),
    ("add labels past the classes", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, np.full_like(Y, 7)), "y"),
    ("add fractional labels", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y + 0.5), "y"),
    ("add too few labels", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y[:-1]), "y"),
    ("add another width", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X[:, :5], Y), "x"),
    ("add no samples", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X[:0], Y[:0]), "x"),
    ("add text", lambda f, t: kd.Statistics(inputs=12, classes=3).add(np.array([["a"] * 12] * 3), Y[:3]), "x"),
    ("merge another feature map", lambda f, t: kd.Statistics(inputs=12, classes=3).merge(kd.Statistics(inputs=12, classes=3, seed=1)), "feature"),
    ("merge something else", lambda f, t: kd.Statistics(inputs=12, classes=3).merge("stats.npz"), "other must be Statistics"),
    ("merge a command-line shard into batches", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y).merge(kd.load_statistics(f / "shard.npz")), "different sources"),
    ("unknown features", lambda f, t: kd.Statistics(features="cnn", inputs=12, classes=3), "cnn"),
    ("a seed as a string", lambda f, t: kd.Statistics(inputs=12, classes=3, seed="0"), "seed"),
    ("a width of zero", lambda f, t: kd.Statistics(inputs=12, classes=3, width=0), "width"),
    ("fit with a negative lambda", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y).fit(lam=-1), "lam"),
    ("fit with lambda NaN", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y).fit(lam=float("nan")), "lam"),
    ("fit batches without lambda or validation", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y).fit(), "validation"),
    ("fit with a validation that is not a pair", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y).fit(validation=X), "validation"),
    ("save into a missing directory", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y).save(t / "no" / "s.npz"), "s.npz"),
    ("save over a FIFO", lambda f, t: (os.mkfifo(t / "p.npz"), kd.Statistics(inputs=12, classes=3).add(X, Y).save(t / "p.npz")), "p.npz is a FIFO"),
    ("save a model over a directory", lambda f, t: kd.fit(X, Y).save(t), "is a directory"),
    ("save to an empty name", lambda f, t: kd.Statistics(inputs=12, classes=3).add(X, Y).save(""), ""),
]


# A value of the wrong type is a TypeError (Python's convention); every other refusal is a BadInputError (a ValueError).
WRONG_TYPES = {"merge something else", "a seed as a string", "fit with a validation that is not a pair"}


@pytest.mark.parametrize("name,call,names", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_in_one_plain_line_touching_nothing(files, tmp_path, name, call, names):
    before = {p: p.read_bytes() for p in files.iterdir()}

    def hung(signum, frame):
        raise TimeoutError(f"{name}: no answer after 20 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        with pytest.raises(TypeError if name in WRONG_TYPES else kd.BadInputError) as caught:
            call(files, tmp_path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    message = str(caught.value)
    assert names in message, message
    assert "\n" not in message and not any(word in message for word in DOTNET_WORDS), message
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in message), repr(message)
    assert {p: p.read_bytes() for p in files.iterdir()} == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or ".tmp" in p.name]
    assert not leftovers, leftovers
