#!/usr/bin/env python3
"""Writes a synthetic data set of NPY shards larger than memory budgets, for the streaming benchmark.

Layout (the one `--dataset DIR` reads): DIR/train/x_000.npy, y_000.npy, ... and DIR/test/x_000.npy, y_000.npy.
x is uint8 of shape (rows, 3, 32, 32) (CIFAR-sized samples, d = 3,072); y is int64 class indices. Each class has its own
mean image plus uniform noise, so the fit has something to learn. Shards are written through np.lib.format.open_memmap,
so this script never holds more than one block in memory.

Usage: /usr/bin/python3 scripts/make-large-npy.py DIR [--train-rows 1400000] [--test-rows 10000] [--shard-rows 200000]
"""
import argparse
import os

import numpy as np


def write_split(directory, rows, shard_rows, rng, means):
    os.makedirs(directory, exist_ok=True)
    block = 20000
    for shard, start in enumerate(range(0, rows, shard_rows)):
        n = min(shard_rows, rows - start)
        x = np.lib.format.open_memmap(os.path.join(directory, f"x_{shard:03d}.npy"), mode="w+", dtype=np.uint8, shape=(n, 3, 32, 32))
        y = rng.integers(0, len(means), size=n).astype(np.int64)
        for b in range(0, n, block):
            m = min(block, n - b)
            noise = rng.integers(0, 96, size=(m, 3 * 32 * 32), dtype=np.int16)
            x[b:b + m] = np.clip(means[y[b:b + m]] + noise, 0, 255).astype(np.uint8).reshape(m, 3, 32, 32)
        x.flush()
        del x
        np.save(os.path.join(directory, f"y_{shard:03d}.npy"), y)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--train-rows", type=int, default=1_400_000)
    parser.add_argument("--test-rows", type=int, default=10_000)
    parser.add_argument("--shard-rows", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=0)
    a = parser.parse_args()
    rng = np.random.default_rng(a.seed)
    means = rng.integers(0, 160, size=(10, 3 * 32 * 32), dtype=np.int16)
    write_split(os.path.join(a.directory, "train"), a.train_rows, a.shard_rows, rng, means)
    write_split(os.path.join(a.directory, "test"), a.test_rows, a.shard_rows, rng, means)


if __name__ == "__main__":
    main()
