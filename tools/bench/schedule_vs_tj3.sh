#!/usr/bin/env bash
# rollout schedule vs TaskJuggler 3 on the same plan (docs/performance.md
# "rollout vs TaskJuggler (CPM)", issue #3).
#   tools/bench/schedule_vs_tj3.sh [BUILD_DIR] [TASKS] [SEED] [FORMAT]
# Generates a plan of TASKS tasks (default 2000) with FS links only and no
# groups, as a rollout plan (FORMAT json, the default, or yaml: block-style
# YAML as people write it) and as a TaskJuggler project (gen_plan), times
# `rollout schedule PLAN --json` and `tj3` end to end (process start to exit,
# each run once: tj3 takes a minute or more), checks that both give the same
# project finish, and prints the ratio. Needs the Debian package tj3.
set -euo pipefail
BUILD=${1:-build/release}
TASKS=${2:-2000}
SEED=${3:-3}
FORMAT=${4:-json}
ROLLOUT=$BUILD/tools/cli/rollout
GEN=$BUILD/tools/bench/gen_plan
command -v tj3 >/dev/null || { echo "schedule_vs_tj3: install tj3 (apt-get install tj3)" >&2; exit 2; }
for b in "$ROLLOUT" "$GEN"; do
  [ -x "$b" ] || { echo "schedule_vs_tj3: no binary at $b (build rollout and gen_plan)" >&2; exit 2; }
done
ROLLOUT=$(realpath "$ROLLOUT")
WORK=$(mktemp -d /tmp/rollout-tj3-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

"$GEN" --tasks "$TASKS" --fs-only --groups 0 --seed "$SEED" --format "$FORMAT" > "$WORK/plan.$FORMAT"
"$GEN" --tasks "$TASKS" --fs-only --groups 0 --seed "$SEED" --format tjp > "$WORK/plan.tjp"

now() { date +%s.%N; }
cd "$WORK"
t0=$(now)
/usr/bin/time -f "%M" -o rollout.rss "$ROLLOUT" schedule "plan.$FORMAT" --json > rollout.json
t1=$(now)
/usr/bin/time -f "%M" -o tj3.rss tj3 --no-color plan.tjp > tj3.log 2>&1 || {
  echo "schedule_vs_tj3: tj3 failed:" >&2; tail -20 tj3.log >&2; exit 1; }
t2=$(now)

python3 - "$t0" "$t1" "$t2" "$TASKS" "$FORMAT" <<'PY'
import csv, json, sys
t0, t1, t2 = map(float, sys.argv[1:4])
tasks, fmt = sys.argv[4], sys.argv[5]
rollout_s, tj3_s = t1 - t0, t2 - t1
finish = json.load(open("rollout.json"))["finish"]
with open("tasks.csv", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
ends = [r[2] for r in rows[1:] if len(r) >= 3]
tj3_finish = max(ends)
rss = lambda name: int(open(name).read().split()[-1]) / 1024
print(f"plan: {tasks} tasks, FS links only, rollout reads it as {fmt}")
print(f"rollout schedule --json  {rollout_s:8.3f} s  {rss('rollout.rss'):7.1f} MB  finish {finish}")
print(f"tj3                      {tj3_s:8.3f} s  {rss('tj3.rss'):7.1f} MB  finish {tj3_finish}")
print(f"ratio tj3 / rollout: {tj3_s / rollout_s:.0f}x")
if finish != tj3_finish:
    print(f"FINISH DATES DIFFER: rollout {finish}, tj3 {tj3_finish}")
    sys.exit(1)
print("finish dates agree")
PY
