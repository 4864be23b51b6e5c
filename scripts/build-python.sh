#!/usr/bin/env bash
# Builds the Python package offline and tests it: the NativeAOT shared library (src/KrrDistill.Native), a wheel made with
# Debian's setuptools/wheel (pip wheel --no-build-isolation), installed into a venv that sees Debian's numpy, and pytest.
# Needs: apt-get install python3-numpy python3-pytest python3-setuptools python3-wheel python3-venv python3-pip clang.
# Output: artifacts/dist/krr_distill-*.whl.
set -euo pipefail
cd "$(dirname "$0")/.."
# Prerequisites, checked first and named in one line when absent.
missing=()
for module in numpy pytest setuptools wheel ensurepip pip; do
  /usr/bin/python3 -c "import $module" 2>/dev/null || missing+=("python3-${module/ensurepip/venv}")
done
command -v clang >/dev/null || missing+=(clang)
command -v dotnet >/dev/null || missing+=(dotnet-sdk-10.0)
if [ ${#missing[@]} -gt 0 ]; then
  echo "scripts/build-python.sh: missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]})" >&2
  exit 2
fi
dotnet publish src/KrrDistill.Native -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native-lib -v q --nologo
cp artifacts/native-lib/KrrDistill.Native.so artifacts/native-lib/libSkiaSharp.so python/krr_distill/  # SkiaSharp decodes image folders
rm -rf artifacts/dist artifacts/venv python/build python/krr_distill.egg-info
/usr/bin/python3 -m pip wheel --no-build-isolation --no-deps --no-index -w artifacts/dist ./python
/usr/bin/python3 -m venv --system-site-packages artifacts/venv
artifacts/venv/bin/python -m pip install --no-deps --no-index artifacts/dist/krr_distill-*.whl
dotnet build src/KrrDistill.Cli -c Release -v q --nologo
# Run the tests from outside the source tree, so that the installed wheel is what they import.
(cd artifacts && KRR_DISTILL_BIN="$PWD/../src/KrrDistill.Cli/bin/Release/net10.0/krr-distill" venv/bin/python -m pytest -q ../python/tests)
ls artifacts/dist
