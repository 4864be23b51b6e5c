#!/usr/bin/env bash
# The issue's accuracy table: for each feature map (identity, fcnn, rff), IPC (1, 10, 50) and init
# (noise, real), runs `krr-distill distill` on one data set and prints a Markdown table of the original,
# distilled and random-subset test accuracy, the relative error ‖W_S − W‖/‖W‖ before and after the
# inputs are constructed, and the wall time of the whole process.
#
# Usage: scripts/distill-table.sh [DATASET (default mnist)] [extra distill arguments, e.g. --data-dir DIR]
# Environment: FEATURES (default "identity fcnn rff"), IPCS (default "1 10 50"), INITS (default "noise real").
# Needs python3 (any) to read the JSON. Artefacts go to a temporary directory that is removed afterwards.
set -euo pipefail
repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
dataset=${1:-mnist}
shift || true
bin="$repo/src/KrrDistill.Cli/bin/Release/net10.0/krr-distill"
dotnet build -c Release "$repo/src/KrrDistill.Cli" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| features | IPC | init | original | distilled | random subset | rel. error before | rel. error after | wall s |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|"
for features in ${FEATURES:-identity fcnn rff}; do
  for ipc in ${IPCS:-1 10 50}; do
    for init in ${INITS:-noise real}; do
      start=$(date +%s.%N)
      "$bin" distill --dataset "$dataset" --features "$features" --ipc "$ipc" --init "$init" \
        --out "$work/d.npz" --json "$@" 2>"$work/err" >"$work/out.json" || { cat "$work/err" >&2; exit 1; }
      end=$(date +%s.%N)
      python3 - "$work/out.json" "$features" "$ipc" "$init" "$start" "$end" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
pct = lambda v: f"{100 * v:.2f} %"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {pct(d['original_test_accuracy'])} | "
      f"{pct(d['distilled_test_accuracy'])} | {pct(d['random_subset_test_accuracy'])} | "
      f"{d['relative_error_before_inversion']:.1e} | {d['relative_error_after_inversion']:.1e} | "
      f"{float(sys.argv[6]) - float(sys.argv[5]):.2f} |")
PY
    done
  done
done
