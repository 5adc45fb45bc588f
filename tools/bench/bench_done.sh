#!/usr/bin/env bash
# rollout done vs Taskwarrior (docs/performance.md "rollout done vs Taskwarrior").
#   tools/bench/bench_done.sh [ROLLOUT_BINARY] [RUNS]
# Builds a 10,000-task database and a 1,000-task Taskwarrior list in a
# temporary folder, then times `rollout done TASK` and `task UUID done`
# end to end (process start to exit), alternating, RUNS times each, and
# prints the medians. Needs python3 and the Debian package taskwarrior.
set -euo pipefail
ROLLOUT=${1:-build/release/tools/cli/rollout}
RUNS=${2:-101}
ZONE=${3:-}  # optional: the plan's time zone, e.g. Europe/Moscow (default UTC)
command -v task >/dev/null || { echo "bench_done: install taskwarrior (apt-get install taskwarrior)" >&2; exit 2; }
[ -x "$ROLLOUT" ] || { echo "bench_done: no rollout binary at $ROLLOUT" >&2; exit 2; }
WORK=$(mktemp -d /tmp/rollout-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

python3 - "$ROLLOUT" "$RUNS" "$WORK" "$ZONE" <<'PY'
import json, os, statistics, subprocess, sys, time, uuid
rollout, runs, work, zone = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
N_ROLLOUT, N_TASK = 10000, 1000

# 10,000 tasks in 100 chains of 100, each chain assigned to one of 20 people.
lines = ["plan: bench", "start: 2027-01-11", "roles: {lead: {name: Lead}, staff: {name: Staff}}",
         "people:", "  - {id: boss, roles: [lead]}"]
if zone:
    lines.insert(2, "timezone: " + zone)
lines += ["  - {id: p%d, roles: [staff]}" % i for i in range(20)]
lines.append("tasks:")
for c in range(100):
    for k in range(100):
        after = ", after: [c%d.t%d]" % (c, k - 1) if k else ""
        lines.append("  - {id: c%d.t%d, duration: 1, assignee: p%d%s}" % (c, k, c % 20, after))
plan = os.path.join(work, "plan.yaml")
open(plan, "w").write("\n".join(lines) + "\n")
db = os.path.join(work, "rollout.db")
env = dict(os.environ, ROLLOUT_DB=db, ROLLOUT_USER="boss", ROLLOUT_NOW="2027-01-12T10:00")
subprocess.run([rollout, "load", plan], env=env, check=True, stdout=subprocess.DEVNULL)

# Taskwarrior: 1,000 pending tasks imported into a fresh data folder.
twdata = os.path.join(work, "tw")
os.mkdir(twdata)
rc = os.path.join(work, "taskrc")
open(rc, "w").write("data.location=%s\nconfirmation=off\nverbose=nothing\nnews.version=2.6.2\n"
                    "recurrence=off\n" % twdata)
tenv = dict(os.environ, TASKRC=rc, TASKDATA=twdata)
uuids = [str(uuid.uuid4()) for _ in range(N_TASK)]
entries = [{"uuid": u, "description": "task %d" % i, "status": "pending",
            "entry": "20270111T090000Z"} for i, u in enumerate(uuids)]
subprocess.run(["task", "import"], input=json.dumps(entries).encode(), env=tenv, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def timed(argv, e):
    t0 = time.perf_counter()
    r = subprocess.run(argv, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t0) * 1000
    if r.returncode != 0:
        sys.exit("failed: %s: %s" % (" ".join(argv), r.stderr.decode()))
    return dt

ours, theirs = [], []
for i in range(runs):
    task_id = "c%d.t%d" % (i % 100, i // 100)
    ours.append(timed([rollout, "done", task_id], env))
    theirs.append(timed(["task", uuids[i], "done"], tenv))
mo, mt = statistics.median(ours), statistics.median(theirs)
print("rollout done (10,000 tasks):   median %.2f ms  (min %.2f, max %.2f, n=%d)" % (mo, min(ours), max(ours), runs))
print("task UUID done (1,000 tasks):  median %.2f ms  (min %.2f, max %.2f, n=%d)" % (mt, min(theirs), max(theirs), runs))
print("ratio: rollout is %.1fx faster" % (mt / mo))

# Where rollout's time goes: its own phase timer, median over 21 runs.
phases = {}
for i in range(21):
    r = subprocess.run([rollout, "--timings", "done", "c%d.t%d" % (i, 99)], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    for line in r.stderr.decode().splitlines():
        if line.startswith("phase "):
            _, name, ms = line.split()
            phases.setdefault(name, []).append(float(ms))
print("rollout phases (median ms): " + ", ".join("%s %.2f" % (k, statistics.median(v)) for k, v in phases.items()))
noop = [timed([rollout, "--help"], env) for _ in range(21)]
print("process start + exit (rollout --help): median %.2f ms" % statistics.median(noop))
PY
