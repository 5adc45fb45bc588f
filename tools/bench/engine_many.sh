#!/usr/bin/env bash
# `rollout engine --once` over 100 projects of 1,000 tasks each in one
# database (docs/performance.md "PostgreSQL"), SQLite and PostgreSQL:
#   tools/bench/engine_many.sh [ROLLOUT_BINARY] [PG_URI] [PROJECTS] [TASKS]
# Each project is a chain of 10 stages of TASKS/10 parallel tasks, one
# assignee; the engine runs at a moment when alerts are due (due soon,
# overdue, slip). Prints the wall time of the load of all projects and of
# one `engine --once` (the first: it stores every alert; the second: it finds
# them stored).
set -euo pipefail
ROLLOUT=${1:-build/release/tools/cli/rollout}
PG=${2:-}
PROJECTS=${3:-100}
TASKS=${4:-1000}
WORK=$(mktemp -d /tmp/rollout-engine-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

plan() {  # ID FILE
  { echo "plan: $1"; echo "start: 2027-01-11"; echo "timezone: UTC"
    echo "roles: {lead: {name: Lead}}"; echo "people:"; echo "  - {id: boss, roles: [lead]}"
    echo "tasks:"
    per=$((TASKS / 10))
    for ((s = 0; s < 10; s++)); do
      for ((i = 0; i < per; i++)); do
        if ((s == 0)); then echo "  - {id: t${s}_$i, duration: 2, assignee: boss}"
        else echo "  - {id: t${s}_$i, duration: 2, assignee: boss, after: [t$((s - 1))_$i]}"; fi
      done
    done; } > "$2"
}

run() {  # DB LABEL
  local t0 t1 t2 t3
  t0=$(date +%s.%N)
  for ((p = 0; p < PROJECTS; p++)); do
    "$ROLLOUT" --db "$1" --as boss --now 2027-01-08T10:00 load "$WORK/p$p.yaml" >/dev/null
  done
  t1=$(date +%s.%N)
  "$ROLLOUT" --db "$1" --now 2027-01-20T10:00 engine --once > "$WORK/once1.out" 2>&1
  t2=$(date +%s.%N)
  "$ROLLOUT" --db "$1" --now 2027-01-20T10:00 engine --once > "$WORK/once2.out" 2>&1
  t3=$(date +%s.%N)
  echo "$2: load ${PROJECTS} x ${TASKS}: $(awk "BEGIN{print $t1 - $t0}") s;" \
    "engine --once (stores $(grep -c ' alert #' "$WORK/once1.out" || true) alerts): $(awk "BEGIN{print $t2 - $t1}") s;" \
    "again (nothing new): $(awk "BEGIN{print $t3 - $t2}") s"
}

for ((p = 0; p < PROJECTS; p++)); do plan "p$p" "$WORK/p$p.yaml"; done
run "$WORK/many.db" sqlite
if [ -n "$PG" ]; then
  psql -q "$PG" -c "DROP DATABASE IF EXISTS rollout_bench_many WITH (FORCE)" -c "CREATE DATABASE rollout_bench_many"
  run "${PG%/*}/rollout_bench_many" postgresql
fi
