#!/usr/bin/env bash
# The single- against the double-precision statistics pass, per data set and feature map: λ chosen, test accuracy,
# ‖W_single − W_double‖/‖W_double‖ and the features + Gram time of each, as a Markdown table (docs/benchmarks.md).
#   scripts/precision-table.sh [DATASET[=DATA_DIR] ...]      default: mnist fashion-mnist
# e.g. scripts/precision-table.sh mnist fashion-mnist cifar10=$HOME/.cache/krrdistill/cifar10-synthetic
# Runs one fit at a time (time them on an otherwise idle machine); needs /usr/bin/python3 with numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/KrrDistill.Cli -c Release -v q -nologo >/dev/null
tool=src/KrrDistill.Cli/bin/Release/net10.0/krr-distill
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- mnist fashion-mnist
echo "| data set | φ | λ double / single | test accuracy double / single | ‖W_s − W_d‖/‖W_d‖ | features + Gram double / single |"
echo "|---|---|---|---|---|---|"
for entry in "$@"; do
  name=${entry%%=*}
  dir=()
  [ "$entry" != "$name" ] && dir=(--data-dir "${entry#*=}")
  for features in identity fcnn rff; do
    for precision in double single; do
      "$tool" fit --dataset "$name" "${dir[@]}" --features "$features" --precision "$precision" --json \
        --save-model "$work/$precision.npz" > "$work/$precision.json" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    done
    /usr/bin/python3 - "$work" "$name" "$features" <<'PY'
import json, sys
import numpy as np
work, name, features = sys.argv[1:]
runs = {p: json.load(open(f"{work}/{p}.json")) for p in ("double", "single")}
w = {p: np.load(f"{work}/{p}.npz")["w"] for p in ("double", "single")}
gram = {p: next(s for phase, s in runs[p]["timings_seconds"].items() if phase.startswith("features")) for p in runs}
d, s = runs["double"], runs["single"]
assert s["precision"] == ("single" if s["solver"] == "primal" else "double")
print(f"| {name} | {features} | {d['lambda']:.3g} / {s['lambda']:.3g} | {100 * d['test_accuracy']:.2f} % / {100 * s['test_accuracy']:.2f} % "
      f"| {np.linalg.norm(w['single'] - w['double']) / np.linalg.norm(w['double']):.1e} | {gram['double']:.2f} s / {gram['single']:.2f} s |")
PY
  done
done
