#!/usr/bin/env bash
# Packs the NuGet packages users install: KrrDistill (the library) and KrrDistill.Tool (the krr-distill command), whose
# linux-x64 package is the NativeAOT executable (10–20 ms start) and every other platform's the JIT build, with the
# portable `any` package as the fallback elsewhere. Needs the .NET 10 SDK and clang or gcc (for NativeAOT).
# Usage: scripts/pack.sh [OUT_DIR] [VERSION]   (defaults: ./nupkg, 0.1.0)
set -euo pipefail
out=$(realpath -m "${1:-nupkg}")
version=${2:-0.1.0}
cd "$(dirname "$0")/.."
# The library, the tool's pointer package and its JIT package for every platform.
dotnet pack KrrDistill.slnx -c Release -o "$out" -p:Version="$version" -v q --nologo
# linux-x64 again, with NativeAOT: this replaces KrrDistill.Tool.linux-x64.<version>.nupkg (and its symbols package).
rm -f "$out/KrrDistill.Tool.linux-x64.$version.nupkg" "$out/KrrDistill.Tool.linux-x64.$version.snupkg"
dotnet pack src/KrrDistill.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out" -p:Version="$version" -v q --nologo
test -s "$out/KrrDistill.Tool.linux-x64.$version.nupkg"
echo "packed $version into $out"
