#!/usr/bin/env bash
# Image folders at CIFAR size: the synthetic CIFAR-10 (scripts/make-synthetic-cifar10.py) written as 60,000 32x32 RGB
# PNGs in torchvision's ImageFolder layout, then `distill --ipc 10` from the binary batches and from the folder (scaled as
# the catalog scales CIFAR, by the folder's own channel statistics, and by 1/255), each
# timed with GNU time (wall, peak memory). Needs python3-numpy and GNU time.
# Usage: scripts/bench-image-folder.sh [WORK_DIR]   (default: a temporary directory, removed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
dotnet build src/KrrDistill.Cli -c Release -v q --nologo > /dev/null
tool=$PWD/src/KrrDistill.Cli/bin/Release/net10.0/krr-distill
[ -s "$work/binary/test_batch.bin" ] || /usr/bin/python3 scripts/make-synthetic-cifar10.py "$work/binary" >&2
if [ ! -d "$work/folder/test" ]; then
  /usr/bin/python3 - "$work/binary" "$work/folder" <<'PY'
import os, struct, sys, zlib
import numpy as np
source, target = sys.argv[1], sys.argv[2]
def png(path, image):  # image: (h, w, 3) uint8, written as an RGB PNG
    h, w = image.shape[:2]
    raw = b"".join(b"\x00" + image[y].tobytes() for y in range(h))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
for split, files in (("train", [f"data_batch_{b}.bin" for b in range(1, 6)]), ("test", ["test_batch.bin"])):
    records = np.concatenate([np.fromfile(os.path.join(source, f), np.uint8).reshape(-1, 3073) for f in files])
    for c in range(10):
        os.makedirs(os.path.join(target, split, f"class{c}"), exist_ok=True)
    for i, r in enumerate(records):
        png(os.path.join(target, split, f"class{r[0]}", f"{i:05d}.png"), r[1:].reshape(3, 32, 32).transpose(1, 2, 0))
PY
fi
# The catalog standardizes CIFAR by its published per-channel mean and std; the folder is read with the same scaling
# (--normalize MEAN/STD), with its own training images' statistics (channels), and as pixel/255 (unit, the default).
cifar=0.4914,0.4822,0.4465/0.2023,0.1994,0.2010
for source in "cifar10 --data-dir $work/binary" "folder:$work/folder --normalize $cifar" "folder:$work/folder --normalize channels" "folder:$work/folder"; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$tool" distill --dataset $source --ipc 10 --out "$work/d.npz" --json > "$work/run.json" 2> /dev/null
  read -r wall peak < "$work/time"
  /usr/bin/python3 - "$work/run.json" "${source//$work\//}" "$wall" "$peak" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:>60}: {float(sys.argv[3]):6.2f} s, peak {int(sys.argv[4]) / 1024:5.0f} MB, "
      f"test accuracy {run['original_test_accuracy']:.4f} / distilled {run['distilled_test_accuracy']:.4f}, "
      f"load {run['timings_seconds'].get('load data', 0):.2f} s")
PY
done
