"""kd.datasets: the command line's catalog and fetch from Python. Downloads are tried only against servers on
127.0.0.1 that the tests start (no other network)."""
import gzip
import http.server
import os
import socket
import threading

import numpy as np
import pytest

import krr_distill as kd

FASHION = "/usr/share/datasets/fashion-mnist"


@pytest.mark.skipif(not os.path.exists(os.path.join(FASHION, "train-images-idx3-ubyte.gz")),
                    reason="Fashion-MNIST is absent (apt-get install dataset-fashion-mnist)")
def test_a_catalog_data_set_loads_as_its_pixels_and_labels():
    x, y, xt, yt = kd.datasets.load("fashion-mnist")
    assert x.shape == (60000, 1, 28, 28) and x.dtype == np.uint8 and y.dtype == np.int64
    assert xt.shape == (10000, 1, 28, 28) and set(np.unique(y)) == set(range(10))
    with gzip.open(os.path.join(FASHION, "train-images-idx3-ubyte.gz")) as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(60000, 28, 28)
    assert np.array_equal(x[:, 0], raw)
    with gzip.open(os.path.join(FASHION, "t10k-labels-idx1-ubyte.gz")) as f:
        assert np.array_equal(yt, np.frombuffer(f.read(), dtype=np.uint8, offset=8))


def test_a_file_data_set_loads_as_floats(tmp_path):
    rng = np.random.default_rng(0)
    x, xt = rng.normal(size=(50, 4)), rng.normal(size=(10, 4))
    np.savez(tmp_path / "d.npz", x_train=x, y_train=np.arange(50) % 3, x_test=xt, y_test=np.arange(10) % 3)
    x2, y2, xt2, yt2 = kd.datasets.load(tmp_path / "d.npz")
    assert np.array_equal(x2, x) and np.array_equal(xt2, xt) and np.array_equal(y2, np.arange(50) % 3)


def test_a_missing_data_set_says_how_to_fetch_it(tmp_path):
    with pytest.raises(kd.BadInputError, match="run 'krr-distill fetch cifar10' \\(or add --download\\)"):
        kd.datasets.load("cifar10", data_dir=tmp_path)


@pytest.mark.parametrize("kwargs,message", [
    (dict(name="imagenet"), "'imagenet' cannot be fetched"),
    (dict(name="mnist", mirror="ftp://example.org/"), "mirror 'ftp://example.org/' is not an http or https URL"),
    (dict(name="mnist", timeout=0), "timeout"),
])
def test_bad_fetch_arguments_are_refused_by_name(tmp_path, kwargs, message):
    with pytest.raises(kd.BadInputError, match=message):
        kd.datasets.fetch(data_dir=tmp_path, **kwargs)
    assert not list(tmp_path.iterdir())


def test_an_unreachable_mirror_is_one_line_and_leaves_nothing(tmp_path):
    with socket.socket() as s:  # a port nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(kd.BadInputError, match="cannot reach 127.0.0.1 for train-images-idx3-ubyte.gz") as caught:
        kd.datasets.fetch("mnist", data_dir=tmp_path, mirror=f"http://127.0.0.1:{port}/", timeout=5)
    assert "by hand into" in str(caught.value) and "\n" not in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_a_file_that_is_not_the_publishers_is_deleted_and_refused(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(b"not MNIST"))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        cache = tmp_path / "cache"
        with pytest.raises(kd.BadInputError, match="is not the publisher's f68b3c2dcbeaaa9fbdd348bbdeb94873, so the file was deleted"):
            kd.datasets.fetch("mnist", data_dir=cache, mirror=f"http://127.0.0.1:{server.server_address[1]}/", timeout=5)
        assert not cache.exists() or not any(cache.rglob("*.gz*"))
    finally:
        server.shutdown()
        server.server_close()
