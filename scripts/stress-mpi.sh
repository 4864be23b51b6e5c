#!/usr/bin/env bash
# The MPI failure tests, N times in a row (default 50), while the whole test suite runs again and again beside them to
# load the machine. Prints one line per run and exits non-zero if any run failed (its log is kept in the work dir).
# Usage: scripts/stress-mpi.sh [N]   (builds the tests first; needs mpich)
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
dotnet build tests/KrrDistill.Tests -v q --nologo > /dev/null || exit 1
work=$(mktemp -d)
filter="FullyQualifiedName~MpiTests.AFailingRank|FullyQualifiedName~MpiTests.RootFailing|FullyQualifiedName~MpiTests.AKilledRank"
filter="$filter|FullyQualifiedName~MpiTests.AnMpiLibrary|FullyQualifiedName~MpiTests.HostileJobs|FullyQualifiedName~MpiTests.RanksThatDisagree"
(
  i=0
  while [ ! -e "$work/done" ]; do
    i=$((i + 1))
    dotnet test tests/KrrDistill.Tests --no-build > "$work/load-$i.log" 2>&1
    echo "load: whole suite $i: exit $? $(grep -hE 'Passed!|Failed!' "$work/load-$i.log" | head -1)"
  done
) &
load=$!
sleep 20 # the load is up
failed=0
for i in $(seq "$runs"); do
  if dotnet test tests/KrrDistill.Tests --no-build --filter "$filter" > "$work/run-$i.log" 2>&1; then
    rm "$work/run-$i.log"
  else
    failed=$((failed + 1))
  fi
  echo "$(date +%T) MPI failure tests, run $i of $runs: $((i - failed)) passed, $failed failed (load average $(cut -d' ' -f1 /proc/loadavg))"
done
touch "$work/done"
wait "$load"
echo "logs: $work"
[ "$failed" -eq 0 ]
