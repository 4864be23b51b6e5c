#!/usr/bin/env python3
"""Python fit + distill on MNIST arrays already in memory, against the command line doing the same work.

Each run is a fresh process, so both sides start cold:
  python   - loads MNIST's IDX files into numpy uint8 arrays, imports krr_distill, then times
             kd.fit(x, y, features) + kd.distill(model, ipc) (the arrays are read in place) and reports the RSS just
             before the call and the peak during it (the peak is reset through /proc/self/clear_refs, so their
             difference is what the library added on top of the arrays and the interpreter);
  cli      - krr-distill distill --dataset mnist --ipc N --json, whose phase timings give the same work: everything
             but loading the files and the comparisons the CLI adds (baselines, test accuracies).
Runs alternate (python, cli, python, cli, …) and the medians are printed with their ratio.

Usage: scripts/bench-python.py [--runs 5] [--ipc 10] [--features fcnn] [--dtype uint8|float32|float64]
                               --bin KRR_DISTILL (the native build) --python artifacts/venv/bin/python
Needs: the wheel installed (scripts/build-python.sh: artifacts/venv/bin/python), MNIST in ~/.cache/krrdistill/mnist.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MNIST = os.path.expanduser("~/.cache/krrdistill/mnist")

CHILD = r"""
import json, os, sys, time
import numpy as np
import krr_distill as kd

def idx(name, offset):
    return np.fromfile(os.path.join(sys.argv[1], name), dtype=np.uint8, offset=offset)

x = idx("train-images-idx3-ubyte", 16).reshape(60000, 784)
if sys.argv[4] != "uint8":
    x = np.divide(x, 255, dtype=sys.argv[4])  # the same inputs the uint8 path makes, as floats
y = idx("train-labels-idx1-ubyte", 8)

def status_mb(key):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(key)) / 1024

before = status_mb("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # resets the peak (VmHWM) to the current RSS: the peak below is the call's alone
start = time.perf_counter()
model = kd.fit(x, y, features=sys.argv[2], seed=0)
fitted = time.perf_counter()
ds = kd.distill(model, ipc=int(sys.argv[3]), init="noise")
done = time.perf_counter()
peak = status_mb("VmHWM")
print(json.dumps({"fit": fitted - start, "distill": done - fitted, "total": done - start, "rss_before_mb": before,
                  "peak_rss_mb": peak, "arrays_mb": (x.nbytes + y.nbytes) / 2**20, "lambda": model.lam}))
"""

# CLI phases that are not the work Python does: reading the files, and what distill adds for its report.
NOT_THE_SAME_WORK = ("load", "baseline", "test accuracy", "refit", "random", "label", "comparison", "png", "write", "save")


def python_run(args):
    out = subprocess.run([args.python, "-c", CHILD, MNIST, args.features, str(args.ipc), args.dtype], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def cli_run(args, directory):
    start = time.perf_counter()
    out = subprocess.run([args.bin, "distill", "--dataset", "mnist", "--data-dir", MNIST, "--features", args.features,
                          "--ipc", str(args.ipc), "--out", os.path.join(directory, "d.npz"), "--json"],
                         check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    report = json.loads(out)
    phases = report["timings_seconds"]
    same = {k: v for k, v in phases.items() if not any(w in k.lower() for w in NOT_THE_SAME_WORK)}
    return {"wall": wall, "same_work": sum(same.values()), "phases": phases, "counted": sorted(same)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ipc", type=int, default=10)
    parser.add_argument("--features", default="fcnn")
    parser.add_argument("--dtype", default="uint8", choices=["uint8", "float32", "float64"],
                        help="the arrays Python passes (floats: the images / 255)")
    parser.add_argument("--bin", required=True, help="krr-distill to compare with (the native build)")
    parser.add_argument("--python", default=sys.executable, help="a Python with krr_distill installed")
    args = parser.parse_args()
    py, cli = [], []
    with tempfile.TemporaryDirectory() as directory:
        for _ in range(args.runs):
            py.append(python_run(args))
            cli.append(cli_run(args, directory))
    median = lambda rows, key: statistics.median(r[key] for r in rows)
    print(f"CLI phases counted as the same work: {', '.join(cli[0]['counted'])}")
    print(f"CLI phases (last run): {json.dumps(cli[-1]['phases'])}")
    print(f"| {args.features}, ipc {args.ipc}, {args.dtype}, {args.runs} alternated runs | median s | min s | max s |")
    print("|---|---:|---:|---:|")
    for name, rows, key in (("python fit + distill", py, "total"), ("  of which fit", py, "fit"),
                            ("  of which distill", py, "distill"), ("CLI, same work (phases)", cli, "same_work"),
                            ("CLI, whole process", cli, "wall")):
        values = [r[key] for r in rows]
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} | {max(values):.3f} |")
    print(f"ratio python / CLI same work: {median(py, 'total') / median(cli, 'same_work'):.3f}")
    print(f"python RSS: {median(py, 'rss_before_mb'):.0f} MB with the arrays ({py[0]['arrays_mb']:.0f} MB) loaded, "
          f"peak during fit + distill {max(r['peak_rss_mb'] for r in py):.0f} MB "
          f"(+{max(r['peak_rss_mb'] - r['rss_before_mb'] for r in py):.0f} MB)")


if __name__ == "__main__":
    main()
