#!/usr/bin/env bash
# Writes and `GET /tasks` over keep-alive HTTP against `rollout serve`
# (docs/performance.md "The team server"), with wrk (Debian package wrk).
#   tools/bench/serve_wrk.sh [ROLLOUT_BINARY] [SECONDS] [CONNECTIONS] [PG_URI]
# With PG_URI (a PostgreSQL cluster's URI, e.g. from `tools/dev pg-start`)
# the databases are PostgreSQL databases rollout_bench_* on that cluster
# (dropped and created again), and a last run serves one database with two
# servers at once, each loaded by its own wrk with half the connections.
# Builds a 10,000-task database (independent tasks; wrk's requests mark them
# done, then reopen them, then done again…, so that every request is a
# write) and a 1,000-task one, serves each on 127.0.0.1 without the rate
# limit, runs wrk with CONNECTIONS connections (default 50) on 2 threads,
# and checks every 200 answer of the access log against the audit trail.
set -euo pipefail
ROLLOUT=${1:-build/release/tools/cli/rollout}
SECONDS_=${2:-5}
CONNS=${3:-50}
PG=${4:-}
command -v wrk >/dev/null || { echo "serve_wrk: install wrk (apt-get install wrk)" >&2; exit 2; }
[ -x "$ROLLOUT" ] || { echo "serve_wrk: no rollout binary at $ROLLOUT" >&2; exit 2; }
WORK=$(mktemp -d /tmp/rollout-serve-bench-XXXXXX)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export no_proxy='*' NO_PROXY='*'

plan() {  # N FILE
  { echo "plan: bench"; echo "start: 2027-01-11"
    echo "roles: {lead: {name: Lead}}"; echo "people:"; echo "  - {id: boss, roles: [lead]}"
    echo "tasks:"
    for ((i = 0; i < $1; i++)); do echo "  - {id: t$i, duration: 1}"; done; } > "$2"
}

serve() {  # DB [LOG] -> sets URL, SERVER; the access log in $WORK/LOG.err
  local log=${2:-serve}
  "$ROLLOUT" --db "$1" --now 2027-01-12T10:00 serve --listen 127.0.0.1:0 --rate-limit 0 --no-engine \
    > "$WORK/$log.out" 2> "$WORK/$log.err" &
  SERVER=$!
  for _ in $(seq 100); do grep -q "listening on" "$WORK/$log.out" && break; sleep 0.1; done
  URL=$(sed -n 's/^listening on //p' "$WORK/$log.out")
}

stop() { kill -TERM "$SERVER"; wait "$SERVER" || true; SERVER=; }

# db NAME: where database NAME lives (a file, or a database on the cluster).
db() {
  if [ -n "$PG" ]; then echo "${PG%/*}/rollout_bench_$1"; else echo "$WORK/db$1"; fi
}
fresh() {  # NAME: an empty database NAME
  [ -z "$PG" ] && return 0
  psql -q "$PG" -c "DROP DATABASE IF EXISTS rollout_bench_$1 WITH (FORCE)" -c "CREATE DATABASE rollout_bench_$1"
}

# Nothing acknowledged is lost: every 200 of the access logs LOG... is an
# entry of DB's audit trail (a write and its log entry are one
# transaction). An answer that changed nothing (a reopen of a task that was
# never done: wrk builds its first request per thread and never sends it)
# has no entry.
check_trail() {  # DB LOG...
  local database=$1
  shift
  for log in "$@"; do grep -o '/api/v1/tasks/t[0-9]*/[a-z]* 200 ' "$WORK/$log.err" || true; done |
    sed 's|/api/v1/tasks/||; s| 200 ||' | sort > "$WORK/acked"
  "$ROLLOUT" --db "$database" --as boss --now 2027-01-12T10:00 log --json |
    sed -n -E 's/.*"action":"(done|reopen)","task":"([^"]*)".*/\2\/\1/p' | sort > "$WORK/trail"
  echo "writes answered 200: $(wc -l < "$WORK/acked"); done/reopen entries in the audit trail: $(wc -l < "$WORK/trail")"
  echo "answered but not in the trail: $(comm -23 "$WORK/acked" "$WORK/trail" | tr '\n' ' ')"
}

for n in 10000 1000 two; do
  size=$n; [ "$n" = two ] && size=10000
  plan $size "$WORK/plan$size.yaml"
  [ -z "$PG" ] && [ "$n" = two ] && continue
  fresh $n
  "$ROLLOUT" --db "$(db $n)" --as boss --now 2027-01-12T10:00 load "$WORK/plan$size.yaml" >/dev/null
done
TOKEN=$("$ROLLOUT" --db "$(db 10000)" --as boss --now 2027-01-12T10:00 token issue boss 2>/dev/null | sed -n 2p)
TOKEN1=$("$ROLLOUT" --db "$(db 1000)" --as boss --now 2027-01-12T10:00 token issue boss 2>/dev/null | sed -n 2p)

cat > "$WORK/done.lua" <<LUA
-- Each wrk thread walks its own half of the 10,000 tasks: the first pass
-- marks them done, the next reopens them, the next marks them done again,
-- and so on, so that every request is a real write (a second done of a
-- done task would write nothing and flatter the figures).
local counter = 0
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
function init(args) counter = 0 end
request = function()
  local t = id * 5000 + counter % 5000
  local verb = (math.floor(counter / 5000) % 2 == 0) and "done" or "reopen"
  counter = counter + 1
  return wrk.format("POST", "/api/v1/tasks/t" .. t .. "/" .. verb,
    {["Authorization"] = "Bearer $TOKEN", ["Content-Type"] = "application/json"}, "")
end
LUA
cat > "$WORK/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN1"
LUA

echo "== done over HTTP: 10,000-task plan, $CONNS connections, ${SECONDS_}s"
serve "$(db 10000)"
wrk -t2 -c"$CONNS" -d"${SECONDS_}s" --latency -s "$WORK/done.lua" "$URL" | tee "$WORK/done.txt"
stop
check_trail "$(db 10000)" serve

echo "== GET /api/v1/tasks: 1,000-task plan, $CONNS connections, ${SECONDS_}s"
serve "$(db 1000)"
wrk -t2 -c"$CONNS" -d"${SECONDS_}s" --latency -s "$WORK/read.lua" "$URL/api/v1/tasks"
stop

[ -z "$PG" ] && exit 0
echo "== done over HTTP: two servers on one PostgreSQL database, $((CONNS / 2)) connections each, ${SECONDS_}s"
TOKEN2=$("$ROLLOUT" --db "$(db two)" --as boss --now 2027-01-12T10:00 token issue boss 2>/dev/null | sed -n 2p)
# One wrk thread per server, each walking its own half of the tasks.
sed "s/Bearer $TOKEN/Bearer $TOKEN2/; s/local t = id \* 5000 + counter % 5000/local t = OFFSET + counter % 5000/" \
  "$WORK/done.lua" > "$WORK/two.lua"
serve "$(db two)" serve_a; URL_A=$URL; SERVER_A=$SERVER; SERVER=
serve "$(db two)" serve_b; URL_B=$URL; SERVER_B=$SERVER; SERVER=
sed "s/OFFSET/0/" "$WORK/two.lua" > "$WORK/two_a.lua"
sed "s/OFFSET/5000/" "$WORK/two.lua" > "$WORK/two_b.lua"
wrk -t1 -c"$((CONNS / 2))" -d"${SECONDS_}s" --latency -s "$WORK/two_a.lua" "$URL_A" > "$WORK/two_a.txt" &
WA=$!
wrk -t1 -c"$((CONNS / 2))" -d"${SECONDS_}s" --latency -s "$WORK/two_b.lua" "$URL_B" > "$WORK/two_b.txt"
wait $WA
echo "-- server A"; cat "$WORK/two_a.txt"; echo "-- server B"; cat "$WORK/two_b.txt"
kill -TERM "$SERVER_A" "$SERVER_B"; wait "$SERVER_A" "$SERVER_B" || true
check_trail "$(db two)" serve_a serve_b
