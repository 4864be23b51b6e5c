#!/usr/bin/env python3
"""Evaluate a krr-distill model.npz with numpy alone and compare with the accuracy krr-distill reported.

Usage: python3 scripts/check_model.py model.npz TEST_IMAGES TEST_LABELS [--expect ACCURACY]

TEST_IMAGES / TEST_LABELS are IDX files (raw or .gz), e.g. MNIST's t10k-images-idx3-ubyte.
The script rebuilds phi(x) from the parameters stored in the artefact (after the ZCA whitening
z = (x - zca_mean) @ zca_transform when the model has one: krr-distill fit --zca), predicts argmax(W phi(x)),
and prints the test accuracy. With --expect (a fraction, e.g. 0.9389 as printed in the JSON
"test_accuracy"), it exits 1 unless the number of correct predictions is exactly the same.
Needs only numpy (Debian: apt-get install python3-numpy).
"""
import argparse
import gzip
import json
import struct
import sys

import numpy as np


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims)


def features(npz, x):
    if "zca_transform" in npz.files:
        x = (x - npz["zca_mean"]) @ npz["zca_transform"]
    kind = str(npz["feature_kind"])
    if kind == "identity":
        return x
    if kind == "fcnn":
        slope = float(npz["fcnn_negative_slope"])
        h = x
        layer = 0
        while f"fcnn_weight_{layer}" in npz.files:
            h = h @ npz[f"fcnn_weight_{layer}"].T
            h = np.maximum(h, slope * h)
            layer += 1
        return h
    if kind == "rff":
        a, b = npz["rff_a"], npz["rff_b"]
        p = a.shape[0]
        return np.sqrt(2.0 / p) * np.cos(x @ a.T + b)
    sys.exit(f"unknown feature_kind {kind!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("images")
    parser.add_argument("labels")
    parser.add_argument("--expect", type=float, help="accuracy krr-distill reported (fraction)")
    args = parser.parse_args()

    npz = np.load(args.model)
    images = read_idx(args.images)
    labels = read_idx(args.labels).astype(np.int64)
    n = images.shape[0]
    pixels = images.reshape(n, -1).astype(np.float64)
    x = (pixels / float(npz["input_divisor"]) - npz["input_mean"]) / npz["input_std"]
    w = npz["w"]
    correct = 0
    for start in range(0, n, 2048):
        scores = features(npz, x[start:start + 2048]) @ w.T
        correct += int(np.sum(np.argmax(scores, axis=1) == labels[start:start + 2048]))
    accuracy = correct / n
    meta = json.loads(str(npz["meta_json"]))
    print(json.dumps({"correct": correct, "n": n, "accuracy": accuracy,
                      "reported": meta.get("test_accuracy"), "feature_kind": str(npz["feature_kind"]),
                      "lambda": float(npz["lambda"])}))
    if args.expect is not None and correct != round(args.expect * n):
        print(f"MISMATCH: numpy gets {correct}/{n}, krr-distill reported {args.expect}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
