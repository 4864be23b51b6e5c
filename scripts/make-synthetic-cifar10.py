#!/usr/bin/python3
"""Writes a synthetic CIFAR-10 set of the real size in the binary format of cifar-10-batches-bin.

The real CIFAR files are not on this project's machines, so timing at CIFAR size (n = 50,000 + 10,000,
d = 3 x 32 x 32 = 3,072) uses this set. The pictures have class-dependent structure, so a ridge model learns
something and the λ path has a real choice to make (measured on seed 0: `krr-distill distill` reaches 91.1 % test
accuracy with identity features at λ = 10^4, 74.0 % with fcnn at λ = 10^3.5):
  image = clip(128 + 2 * template[class] + 45 * (nuisance: 12 smooth patterns shared by all classes,
               random weights) + 30 * pixel noise), as uint8,
with every template and pattern a smooth (low-frequency) 3 x 32 x 32 field. Labels are balanced (5,000 per
class in train, 1,000 in test) and shuffled. The seed fixes every byte.

Files written into OUT (default ~/.cache/krrdistill/cifar10-synthetic): data_batch_1.bin ... data_batch_5.bin
and test_batch.bin, records of 1 label byte + 3,072 pixel bytes (channel-major R, G, B; row-major 32 x 32),
184 MB in all. Point krr-distill at them with --dataset cifar10 --data-dir OUT. Each file is written under a
temporary name and renamed, so an interrupted run leaves no partial batch.

With --cifar100 it writes a synthetic CIFAR-100 of the real size instead, in the format of cifar-100-binary: train.bin
(50,000 records) and test.bin (10,000), each record a coarse label byte, a fine label byte and 3,072 pixel bytes;
100 fine classes of 500 + 100 images, fine class f in coarse class f // 5, each fine template the sum of its coarse
class's field and its own (so the 20 coarse classes are learnable too); default OUT ~/.cache/krrdistill/cifar100-synthetic.
Point krr-distill at them with --dataset cifar100 (or cifar100-coarse) --data-dir OUT.

Usage: /usr/bin/python3 scripts/make-synthetic-cifar10.py [OUT] [--seed S] [--cifar100]
"""
import argparse
import os
import sys

import numpy as np

CLASSES = 10
TRAIN_PER_CLASS = 5000
TEST_PER_CLASS = 1000
SIDE = 32
CHANNELS = 3
PIXELS = CHANNELS * SIDE * SIDE
BATCHES = 5


def smooth_fields(rng: np.random.Generator, count: int) -> np.ndarray:
    """count smooth fields of shape (3, 32, 32), unit RMS: random low-frequency Fourier sums."""
    yy, xx = np.meshgrid(np.arange(SIDE), np.arange(SIDE), indexing="ij")
    fields = np.zeros((count, CHANNELS, SIDE, SIDE))
    for _ in range(6):
        fy = rng.integers(0, 4, size=(count, CHANNELS, 1, 1))
        fx = rng.integers(0, 4, size=(count, CHANNELS, 1, 1))
        phase = rng.uniform(0, 2 * np.pi, size=(count, CHANNELS, 1, 1))
        amp = rng.normal(size=(count, CHANNELS, 1, 1))
        fields += amp * np.cos(2 * np.pi * (fy * yy + fx * xx) / SIDE + phase)
    fields /= np.sqrt((fields ** 2).mean(axis=(1, 2, 3), keepdims=True))
    return fields.reshape(count, PIXELS)


def images(rng: np.random.Generator, labels: np.ndarray, templates: np.ndarray, nuisance: np.ndarray) -> np.ndarray:
    out = np.empty((labels.size, PIXELS), dtype=np.uint8)
    step = 5000
    for start in range(0, labels.size, step):
        lab = labels[start:start + step]
        weights = rng.normal(size=(lab.size, nuisance.shape[0])) / np.sqrt(nuisance.shape[0])
        x = 128 + 2 * templates[lab] + 45 * (weights @ nuisance) + 30 * rng.normal(size=(lab.size, PIXELS))
        out[start:start + step] = np.clip(np.rint(x), 0, 255).astype(np.uint8)
    return out


def write_batch(path: str, labels: np.ndarray, pixels: np.ndarray, coarse=None) -> None:
    """Records of [coarse label,] label, pixels."""
    head = 1 if coarse is None else 2
    records = np.empty((labels.size, head + PIXELS), dtype=np.uint8)
    if coarse is not None:
        records[:, 0] = coarse
    records[:, head - 1] = labels
    records[:, head:] = pixels
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(records.tobytes())
    os.replace(tmp, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cifar100", action="store_true", help="a synthetic CIFAR-100 (train.bin, test.bin) instead")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    if args.cifar100:
        return cifar100(args.out or os.path.join(os.path.expanduser("~"), ".cache", "krrdistill", "cifar100-synthetic"), rng, args.seed)
    args.out = args.out or os.path.join(os.path.expanduser("~"), ".cache", "krrdistill", "cifar10-synthetic")
    templates = smooth_fields(rng, CLASSES)
    nuisance = smooth_fields(rng, 12)
    os.makedirs(args.out, exist_ok=True)

    train_labels = rng.permutation(np.repeat(np.arange(CLASSES, dtype=np.uint8), TRAIN_PER_CLASS))
    train_pixels = images(rng, train_labels, templates, nuisance)
    per_batch = train_labels.size // BATCHES
    for b in range(BATCHES):
        part = slice(b * per_batch, (b + 1) * per_batch)
        write_batch(os.path.join(args.out, f"data_batch_{b + 1}.bin"), train_labels[part], train_pixels[part])

    test_labels = rng.permutation(np.repeat(np.arange(CLASSES, dtype=np.uint8), TEST_PER_CLASS))
    write_batch(os.path.join(args.out, "test_batch.bin"), test_labels, images(rng, test_labels, templates, nuisance))
    print(f"synthetic CIFAR-10 ({train_labels.size} + {test_labels.size} images, seed {args.seed}) in {args.out}", file=sys.stderr)
    return 0


def cifar100(out: str, rng: np.random.Generator, seed: int) -> int:
    fine_classes, coarse_classes = 100, 20
    templates = (smooth_fields(rng, coarse_classes)[np.arange(fine_classes) // 5] + smooth_fields(rng, fine_classes)) / np.sqrt(2)
    nuisance = smooth_fields(rng, 12)
    os.makedirs(out, exist_ok=True)
    for name, per_class in (("train.bin", 500), ("test.bin", 100)):
        fine = rng.permutation(np.repeat(np.arange(fine_classes, dtype=np.uint8), per_class))
        write_batch(os.path.join(out, name), fine, images(rng, fine, templates, nuisance), coarse=(fine // 5).astype(np.uint8))
    print(f"synthetic CIFAR-100 (50000 + 10000 images, 100 fine and 20 coarse classes, seed {seed}) in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
