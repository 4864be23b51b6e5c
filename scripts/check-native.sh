#!/usr/bin/env bash
# Publishes krr-distill as one NativeAOT executable for linux-x64 and checks it against the JIT build: --version, and a
# distillation of the bundled sample whose x_s and y_s must be identical to the JIT tool's. CI runs this.
# Usage: scripts/check-native.sh [OUT_DIR]  (default: artifacts/native; needs clang or gcc, which the SDK drives)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/native}
dotnet publish src/KrrDistill.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out" -v q --nologo
dotnet build src/KrrDistill.Cli -c Release -v q --nologo
native="$out/krr-distill"
jit=src/KrrDistill.Cli/bin/Release/net10.0/krr-distill
head -c 4 "$native" | grep -q ELF   # a native executable, not an apphost beside a .dll
"$native" --version
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$native" distill --dataset fashion-mnist-sample --ipc 2 --init real --out "$work/native.npz" --json > /dev/null
"$jit" distill --dataset fashion-mnist-sample --ipc 2 --init real --out "$work/jit.npz" --json > /dev/null
/usr/bin/python3 - "$work/native.npz" "$work/jit.npz" <<'PY'
import sys
import numpy as np
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
for key in ("x_s", "y_s", "lambda_s"):
    assert np.array_equal(a[key], b[key]), f"{key} differs between the native and the JIT build"
print("native build: x_s, y_s and lambda_s identical to the JIT build's")
PY
