#!/usr/bin/env bash
# Packs KrrDistill (library) and KrrDistill.Tool with a unique version (scripts/pack.sh, as a release would), then checks
# that they work as a user gets them: the tool installed with `dotnet tool install --add-source` is the NativeAOT
# executable on this linux-x64 machine and distills the bundled sample, and a new console project that references the
# library package runs the README's .NET example. CI runs this after the tests, so a broken package
# cannot land. Usage: scripts/check-packages.sh [WORK_DIR]  (default: a new temporary directory, removed at the end)
set -euo pipefail
if [ $# -ge 1 ]; then
  work=$(realpath -m "$1")
  rm -rf "$work/nupkg" "$work/tools" "$work/app"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
cd "$(dirname "$0")/.."
repo=$(pwd)
version="0.1.0-ci.$(date +%Y%m%d%H%M%S).$$"
echo "packing $version into $work/nupkg"
scripts/pack.sh "$work/nupkg" "$version"
ls "$work/nupkg"

echo "installing the tool"
dotnet tool install KrrDistill.Tool --version "$version" --tool-path "$work/tools" --add-source "$work/nupkg"
"$work/tools/krr-distill" --version
# The tool is one package per platform: this machine gets linux-x64's, with no other platform's natives.
test -d "$work/tools/.store/krrdistill.tool/$version/krrdistill.tool.linux-x64"
if find "$work/tools/.store" -name 'libSkiaSharp*' | grep -v linux-x64 | grep -q .; then
  echo "check-packages: the installed tool carries other platforms' natives" >&2
  exit 1
fi
# linux-x64 gets the NativeAOT executable: no managed krr-distill.dll beside it, and it says so itself.
tool_dir="$work/tools/.store/krrdistill.tool/$version/krrdistill.tool.linux-x64/$version/tools/any/linux-x64"
test -x "$tool_dir/krr-distill"
if [ -e "$tool_dir/krr-distill.dll" ]; then
  echo "check-packages: the installed linux-x64 tool is the JIT build, not the NativeAOT executable" >&2
  exit 1
fi
"$work/tools/krr-distill" info --json | /usr/bin/python3 -c "import json,sys; b=json.load(sys.stdin)['build']; assert b == 'nativeaot', b; print('tool: build', b)"
du -sh "$work/tools/.store"
"$work/tools/krr-distill" distill --dataset fashion-mnist-sample --ipc 1 --out "$work/tool.npz" --json > "$work/tool.json"
test -s "$work/tool.npz"
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['relative_error_after_inversion'] < 1e-9, d; print('tool: distilled accuracy', d['distilled_test_accuracy'])" "$work/tool.json"

echo "building a console project against the library package"
mkdir -p "$work/app"
cat > "$work/app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="krrdistill-local" value="$work/nupkg" />
  </packageSources>
</configuration>
XML
cat > "$work/app/app.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="KrrDistill" Version="$version" />
  </ItemGroup>
</Project>
XML
# The README's example, verbatim between its csharp fence (its using lines included), then a check of the recovery.
{
  awk '/^## From .NET/{f=1} f&&/^```csharp/{c=1;next} c&&/^```/{exit} c' "$repo/README.md"
  echo 'if (!(c.RelativeError < 1e-9)) { Console.Error.WriteLine($"recovery {c.RelativeError}"); return 1; }'
  echo 'return 0;'
} > "$work/app/Program.cs"
(cd "$work/app" && dotnet run -c Release --nologo)
echo "packages OK: $version"
