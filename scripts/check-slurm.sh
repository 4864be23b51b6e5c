#!/usr/bin/env bash
# The cluster recipes of docs/scale-out.md on a real scheduler: a single-node Slurm (Debian's slurm-wlm and munge),
# started here in a temporary directory on loopback ports and stopped on exit, runs
#   1. srun -n 3 krr-distill fit: the model of one process (‖W₃ − W₁‖/‖W₁‖ ≤ 1e-12, the same λ);
#   2. sbatch --array of 'stats --shard I/4', then merge: the statistics of one pass, and the same fit from them;
#   3. a job step killed with scancel --signal=KILL: ends non-zero, leaves no artefact, no temporary file and none of the
#      runtime's files in TMPDIR.
# Needs root (slurmd runs jobs as their user) and: apt-get install slurm-wlm munge mpich python3-numpy. CI runs this.
# Usage: scripts/check-slurm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dotnet build src/KrrDistill.Cli -c Release -v q --nologo
tool=$root/src/KrrDistill.Cli/bin/Release/net10.0/krr-distill
work=$(mktemp -d)
cluster=$work/cluster
mkdir -p "$cluster/state" "$cluster/spool" "$work/out" "$work/tmp"
stop() {
  local status=$?
  set +e # the daemons may be gone already: nothing here may change the script's status
  local pids=""
  for pidfile in "$cluster/slurmd.pid" "$cluster/slurmctld.pid" "$cluster/munged.pid"; do
    [ -s "$pidfile" ] && pids="$pids $(cat "$pidfile")"
  done
  [ -n "$pids" ] && kill $pids 2>/dev/null
  for _ in $(seq 50); do
    kill -0 $pids 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$pids" ] && kill -9 $pids 2>/dev/null
  rm -rf "$work"
  exit "$status"
}
trap stop EXIT

# Ports: two free loopback ports, asked of the kernel.
read -r ctld_port d_port < <(/usr/bin/python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
host=$(hostname)
head -c 1024 /dev/urandom > "$cluster/munge.key"
chmod 600 "$cluster/munge.key"
munged --socket="$cluster/munge.sock" --key-file="$cluster/munge.key" --pid-file="$cluster/munged.pid" \
  --log-file="$cluster/munged.log" --seed-file="$cluster/munged.seed" --force
cat > "$cluster/slurm.conf" <<CONF
ClusterName=krrdistill-check
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
AuthInfo=socket=$cluster/munge.sock
CredType=cred/munge
SlurmUser=root
StateSaveLocation=$cluster/state
SlurmdSpoolDir=$cluster/spool
SlurmctldPidFile=$cluster/slurmctld.pid
SlurmdPidFile=$cluster/slurmd.pid
SlurmctldLogFile=$cluster/slurmctld.log
SlurmdLogFile=$cluster/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmi2
ReturnToService=2
KillWait=2
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=4 RealMemory=8000 State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF=$cluster/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && break
  sleep 0.2
done
sinfo -h -o %t | grep -q idle || { echo "check-slurm: the node never became idle" >&2; tail -20 "$cluster"/*.log >&2; exit 1; }
cd "$work/out"
export TMPDIR=$work/tmp

echo "1. srun -n 3 fit equals one process"
"$tool" fit --dataset fashion-mnist-sample --save-model one.npz --json > one.json 2>/dev/null
srun -n 3 "$tool" fit --dataset fashion-mnist-sample --save-model three.npz --json > three.json 2>srun.err || { cat srun.err >&2; exit 1; }
/usr/bin/python3 - <<'PY'
import json
import numpy as np
a, b = np.load("one.npz"), np.load("three.npz")
w1, w3 = a["w"], b["w"]
error = np.linalg.norm(w3 - w1) / np.linalg.norm(w1)
assert error <= 1e-12, f"|W3 - W1|/|W1| = {error}"
assert np.array_equal(a["lambda"], b["lambda"]), "different lambda"
j1, j3 = json.load(open("one.json")), json.load(open("three.json"))
assert "sum over 3 MPI ranks" in j3["timings_seconds"], "the fit was not split over 3 ranks"
assert j1["test_accuracy"] == j3["test_accuracy"]
print(f"   |W3 - W1|/|W1| = {error:.2e}, lambda {float(a['lambda']):g}, test accuracy {j3['test_accuracy']}")
PY

echo "2. sbatch --array of stats shards, then merge, equals one pass"
sbatch --wait --array=1-4 --output=shard-%a.log --wrap "'$tool' stats --dataset fashion-mnist-sample --shard \${SLURM_ARRAY_TASK_ID}/4 --out shard-\${SLURM_ARRAY_TASK_ID}.npz" > /dev/null
"$tool" merge shard-1.npz shard-2.npz shard-3.npz shard-4.npz --out merged.npz > /dev/null
"$tool" stats --dataset fashion-mnist-sample --out whole.npz > /dev/null 2>&1
"$tool" fit --stats merged.npz --dataset fashion-mnist-sample --save-model from-stats.npz > /dev/null 2>&1
/usr/bin/python3 - <<'PY'
import numpy as np
m, w = np.load("merged.npz"), np.load("whole.npz")
for key in ("gram", "features_labels", "validation_gram", "validation_features_labels"):
    error = np.linalg.norm(m[key] - w[key]) / np.linalg.norm(w[key])
    assert error <= 1e-12, f"{key}: relative difference {error}"
for key in ("count", "class_counts", "validation_count", "validation_class_counts"):
    assert np.array_equal(m[key], w[key]), key
a, b = np.load("one.npz"), np.load("from-stats.npz")
error = np.linalg.norm(b["w"] - a["w"]) / np.linalg.norm(a["w"])
assert error <= 1e-12 and np.array_equal(a["lambda"], b["lambda"]), f"fit from merged statistics: {error}"
print(f"   merged statistics = one pass; |W_merged - W1|/|W1| = {error:.2e}")
PY

echo "3. a job step killed with scancel --signal=KILL"
set +e
# The full Fashion-MNIST (Debian's dataset-fashion-mnist), so that the ranks are killed in their statistics pass: a run of
# the bundled sample ends within about a second, and a kill that lands while it writes its artefacts leaves a temporary
# by design (the next run in that directory cleans it up), which is not what this recipe checks.
srun -n 3 "$tool" distill --dataset fashion-mnist --ipc 50 --init real --out killed.npz > /dev/null 2> "$work/killed.err" &
job=$!
step=""
for _ in $(seq 600); do
  step=$(squeue -h -s -o %i 2>/dev/null | grep -E '^[0-9]+\.0$' | head -1)
  [ -n "$step" ] && [ "$(pgrep -c -x krr-distill)" -ge 3 ] && grep -q "features + Gram" "$work/killed.err" && break
  sleep 0.05
done
grep -q "features + Gram" "$work/killed.err" || { echo "check-slurm: the step never reached its statistics pass" >&2; cat "$work/killed.err" >&2; exit 1; }
scancel --signal=KILL "$step"
wait "$job"
code=$?
set -e
[ "$code" -ne 0 ] || { echo "check-slurm: the killed step exited 0" >&2; exit 1; }
if grep -q "^krr-distill:" "$work/killed.err"; then echo "check-slurm: a killed rank printed a line of ours" >&2; cat "$work/killed.err" >&2; exit 1; fi
left=$(ls -A | grep -E '^killed|^\.' || true)
[ -z "$left" ] || { echo "check-slurm: the killed step left: $left" >&2; exit 1; }
runtime=$(ls -A "$TMPDIR")
[ -z "$runtime" ] || { echo "check-slurm: TMPDIR holds: $runtime" >&2; exit 1; }
echo "   srun exit $code; no artefact, no temporary, nothing in TMPDIR; srun said: $(grep -c . "$work/killed.err") line(s):"
sed "s/^/     /" "$work/killed.err"
echo "check-slurm: all three recipes behave as docs/scale-out.md says"
