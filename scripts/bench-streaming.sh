#!/usr/bin/env bash
# Streams a data set larger than 4 GB from NPY shards and reports wall time and peak RSS (issue 12: ≤ 1 GB at p = 3,072).
# Usage: scripts/bench-streaming.sh [DIR] [extra krr-distill options]; DIR defaults to ~/.cache/krrdistill/large-npy and
# is generated on first use (scripts/make-large-npy.py, about 4.3 GB). KRR_DISTILL_BIN overrides the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-$HOME/.cache/krrdistill/large-npy}
shift || true
if [ ! -d "$dir/train" ]; then
  /usr/bin/python3 scripts/make-large-npy.py "$dir"
fi
du -sh "$dir"
bin=${KRR_DISTILL_BIN:-}
if [ -z "$bin" ]; then
  dotnet build src/KrrDistill.Cli -c Release -v q >/dev/null
  bin=src/KrrDistill.Cli/bin/Release/net10.0/krr-distill
fi
for features in identity fcnn; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/time -f "$features: %e s wall, peak RSS %M KB" \
    "$bin" fit --dataset "$dir" --features "$features" --json "$@" > /tmp/bench-streaming.json
  /usr/bin/python3 -c "import json; d=json.load(open('/tmp/bench-streaming.json')); print('  test accuracy', d['test_accuracy'], 'lambda', d['lambda'], 'peak_memory_mb', d['peak_memory_mb'], d['timings_seconds'])"
done
