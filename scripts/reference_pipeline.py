#!/usr/bin/python3
"""A lean numpy reference for `krr-distill distill`: the same arithmetic, written as a careful numpy user would.

It is the yardstick scripts/bench-e2e.sh times beside krr-distill in the same run (docs/benchmarks.md). Steps:
load (MNIST IDX or CIFAR-10 binary), normalize as krr-distill does, a seeded 95/5 train/validation split,
features in float64 chunks of 4,096 rows (identity, or the paper's fcnn: LeakyReLU(0.1) of x Wᵀ with W ~ N(0, 1/d),
p = d), ΦᵀΦ and ΦᵀY accumulated per chunk (Φᵀ Φ through BLAS), one eigendecomposition (numpy.linalg.eigh) for the
whole λ grid (the paper's: 10^-6 … 10^5.5, 10^-3 … for identity), λ by validation accuracy, W, Algorithm 1 from
noise with λ_S = 0 in feature space (Φ_S = D⁺ᵀ), and the test accuracy of W. With --precision single the
normalization, the features and each chunk's ΦᵀΦ and ΦᵀY are float32 (numpy's sgemm), summed into float64, and the rest
stays float64: the float32 pipeline a numpy user would write (krr-distill normalizes in float64 before rounding and sums
ΦᵀY in float64, which costs it no measurable time). It does NOT construct inputs from
the features (no inversion), does not refit on the distilled set, and writes nothing: every step it skips is work
krr-distill does, so the ratio flatters the reference, not krr-distill.

Usage: /usr/bin/python3 scripts/reference_pipeline.py {mnist|cifar10} DATA_DIR [--features fcnn|identity] [--ipc N]
                                                     [--precision double|single]
Prints one JSON line: wall seconds per phase, λ, validation and test accuracy. Give it the BLAS kernel
krr-distill picks (OPENBLAS_CORETYPE=SkylakeX on AVX-512 machines) so that the comparison is like with like.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np

CHUNK = 4096


def read_idx(path):
    for candidate in (path, path + ".gz"):
        if os.path.exists(candidate):
            with open(candidate, "rb") as f:
                raw = f.read()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            ndim = raw[3]
            dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
            return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)
    sys.exit(f"{path}: missing")


def load(dataset, directory):
    """Pixels as uint8 (n, d), labels, per-feature mean and std of model input = (pixel/255 − mean)/std."""
    if dataset == "mnist":
        xtr = read_idx(os.path.join(directory, "train-images-idx3-ubyte")).reshape(60000, -1)
        ytr = read_idx(os.path.join(directory, "train-labels-idx1-ubyte")).astype(np.int64)
        xte = read_idx(os.path.join(directory, "t10k-images-idx3-ubyte")).reshape(10000, -1)
        yte = read_idx(os.path.join(directory, "t10k-labels-idx1-ubyte")).astype(np.int64)
        mean, std = np.full(784, 0.1307), np.full(784, 0.3081)
    else:
        def batch(name):
            raw = np.fromfile(os.path.join(directory, name), dtype=np.uint8).reshape(-1, 3073)
            return raw[:, 1:], raw[:, 0].astype(np.int64)
        parts = [batch(f"data_batch_{i}.bin") for i in range(1, 6)]
        xtr = np.concatenate([p[0] for p in parts])
        ytr = np.concatenate([p[1] for p in parts])
        xte, yte = batch("test_batch.bin")
        mean = np.repeat([0.4914, 0.4822, 0.4465], 1024)
        std = np.repeat([0.2023, 0.1994, 0.2010], 1024)
    return xtr, ytr, xte, yte, mean, std


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["mnist", "cifar10"])
    parser.add_argument("data_dir")
    parser.add_argument("--features", choices=["fcnn", "identity"], default="fcnn")
    parser.add_argument("--ipc", type=int, default=10)
    parser.add_argument("--precision", choices=["double", "single"], default="double")
    args = parser.parse_args()
    dtype = np.float32 if args.precision == "single" else np.float64
    phases = {}
    t = time.perf_counter()

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        phases[name] = round(now - t, 3)
        t = now

    xtr, ytr, xte, yte, mean, std = load(args.dataset, args.data_dir)
    k, d = 10, xtr.shape[1]
    lap("load")
    rng = np.random.default_rng(0)
    weights = rng.normal(scale=1 / np.sqrt(d), size=(d, d)) if args.features == "fcnn" else None
    chunk_weights = None if weights is None else weights.astype(dtype)
    chunk_mean, chunk_std = mean.astype(dtype), std.astype(dtype)

    def features(pixels, kind=np.float64):
        """φ of the pixels: in float64, or in the chunk precision for the statistics pass."""
        if kind == np.float64:
            x, w = (pixels / 255.0 - mean) / std, weights
        else:
            x, w = (pixels.astype(kind) / kind(255) - chunk_mean) / chunk_std, chunk_weights
        if w is None:
            return x
        h = x @ w.T
        return np.maximum(h, kind(0.1) * h)

    perm = rng.permutation(len(ytr))
    nval = len(ytr) // 20
    val, train = np.sort(perm[:nval]), np.sort(perm[nval:])
    gram = np.zeros((d, d))
    cross = np.zeros((d, k))
    onehot = np.eye(k, dtype=dtype)
    for s in range(0, len(train), CHUNK):
        rows = train[s:s + CHUNK]
        phi = features(xtr[rows], dtype)
        gram += phi.T @ phi
        cross += phi.T @ onehot[ytr[rows]]
    lap("features + Gram")
    mu, q = np.linalg.eigh(gram)
    c = q.T @ cross
    lap("eigendecomposition")
    grid = 10.0 ** np.arange(-6 if args.features == "fcnn" else -3, 5.75, 0.5)
    projected = features(xtr[val]) @ q
    best = (-1.0, None)
    for lam in grid:
        acc = float((np.argmax(projected @ (c / (np.maximum(mu, 0) + lam)[:, None]), 1) == ytr[val]).mean())
        if acc > best[0]:
            best = (acc, lam)
    lam = best[1]
    w = (q @ (c / (np.maximum(mu, 0) + lam)[:, None])).T
    lap("λ path")
    m = args.ipc * k
    ys = np.eye(k)[np.repeat(np.arange(k), args.ipc)]
    ys_pinv = np.linalg.pinv(ys.T)
    z = rng.normal(size=(m, d))
    dmat = ys_pinv @ w + (np.eye(m) - ys_pinv @ ys.T) @ z
    phi_s = np.linalg.pinv(dmat).T
    w_s = ys.T @ np.linalg.pinv(phi_s.T)
    lap("distill (feature space)")
    correct = 0
    for s in range(0, len(yte), CHUNK):
        correct += int((np.argmax(features(xte[s:s + CHUNK]) @ w.T, 1) == yte[s:s + CHUNK]).sum())
    lap("test accuracy")
    print(json.dumps({
        "dataset": args.dataset, "features": args.features, "precision": args.precision, "lambda": lam, "validation_accuracy": best[0],
        "test_accuracy": correct / len(yte),
        "relative_recovery": float(np.linalg.norm(w_s - w) / np.linalg.norm(w)),
        "phases_seconds": phases, "total_seconds": round(sum(phases.values()), 3)}))


if __name__ == "__main__":
    main()
