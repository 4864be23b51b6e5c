"""Image folders and ZCA whitening from Python: kd.datasets.load("folder:PATH", ...) decodes the folder as the command
line does, and kd.fit(..., zca=0.1) whitens as `krr-distill fit --zca` does, so distillation stays exact."""
import struct
import zlib

import numpy as np
import pytest

import krr_distill as kd
from conftest import gaussian_classes


def write_png(path, image):
    """image: (h, w) grey or (h, w, 3) RGB uint8, written as a PNG with zlib alone."""
    h, w = image.shape[:2]
    colour = 2 if image.ndim == 3 else 0
    raw = b"".join(b"\x00" + image[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture
def folder(tmp_path):
    rng = np.random.default_rng(3)
    images = {}
    for split, count in (("train", 8), ("test", 3)):
        for label in ("cat", "dog"):
            for i in range(count):
                image = rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
                write_png(tmp_path / split / label / f"{i:02d}.png", image)
                images[(split, label, i)] = image
    return tmp_path, images


def test_a_folder_loads_as_its_pixels_scaled(folder):
    root, images = folder
    x, y, xt, yt = kd.datasets.load(f"folder:{root}")
    assert x.shape == (16, 3, 4, 5) and xt.shape == (6, 3, 4, 5)
    assert list(y) == [0] * 8 + [1] * 8  # classes in name order, files in name order
    np.testing.assert_array_equal(x[9], images[("train", "dog", 1)].transpose(2, 0, 1) / 255.0)  # channels first

    xs, _, _, _ = kd.datasets.load(f"folder:{root}", normalize="0.5/0.25")
    np.testing.assert_allclose(xs, (x - 0.5) / 0.25, rtol=0, atol=1e-12)
    xc, _, xct, _ = kd.datasets.load(f"folder:{root}", normalize="channels")
    assert np.allclose(xc.mean(axis=(0, 2, 3)), 0, atol=1e-12) and np.allclose(xc.std(axis=(0, 2, 3)), 1, atol=1e-12)
    xr, _, _, _ = kd.datasets.load(f"folder:{root}", image_size=(2, 3))
    assert xr.shape == (16, 3, 2, 3)


def test_unreadable_images_are_refused_or_skipped_on_request(folder):
    root, _ = folder
    (root / "train" / "cat" / "zz.png").write_bytes(b"not a picture")
    with pytest.raises(kd.BadInputError, match="zz.png: not an image"):
        kd.datasets.load(f"folder:{root}")
    x, _, _, _ = kd.datasets.load(f"folder:{root}", skip_bad_images=True)
    assert x.shape[0] == 16


@pytest.mark.parametrize("kwargs, message", [
    ({"normalize": "zscore"}, "^normalize 'zscore' is not a scaling"),
    ({"image_size": (0, 3)}, "^image_size 0 3 must be two positive sizes"),
])
def test_bad_folder_options_are_refused_in_python_terms(folder, kwargs, message):
    root, _ = folder
    with pytest.raises(kd.BadInputError, match=message):
        kd.datasets.load(f"folder:{root}", **kwargs)


def test_folder_options_are_refused_for_other_data_sets(data_file):
    path, _ = data_file
    with pytest.raises(kd.BadInputError, match="^image_size applies to image folders"):
        kd.datasets.load(path, image_size=(4, 4))
    with pytest.raises(TypeError, match="image_size must be a pair"):
        kd.datasets.load(path, image_size=4)


def test_zca_keeps_distillation_exact_and_matches_the_command_line(cli, tmp_path):
    x, y, xt, yt = gaussian_classes(d=12, seed=4)
    model = kd.fit(x, y, features="fcnn", zca=0.1)
    plain = kd.fit(x, y, features="fcnn")
    assert not np.array_equal(model.weights, plain.weights)
    ds = kd.distill(model, ipc=2)
    w_s = ds.fit().weights  # W_S refit on φ(X_S), the features recomputed through the whitening
    assert np.linalg.norm(w_s - model.weights) / np.linalg.norm(model.weights) < 1e-8

    path = tmp_path / "data.npz"
    np.savez(path, x_train=x, y_train=y, x_test=xt, y_test=yt)
    cli("fit", "--dataset", path, "--features", "fcnn", "--zca", "--save-model", tmp_path / "m.npz")
    saved = np.load(tmp_path / "m.npz")
    np.testing.assert_array_equal(saved["w"], model.weights)  # bit for bit the command line's
    with pytest.raises(kd.BadInputError, match="^zca ε must be a positive, finite number"):
        kd.fit(x, y, zca=0.0)
