#!/usr/bin/env bash
# The HTML report at size (issue #16: 1,000 tasks export <= 0.5 s, file
# <= 3 MB, Chromium renders it in <= 2 s; 10,000 tasks still opens).
#   tools/bench/report_bench.sh [BUILD_DIR] [TASKS...]
# For each size: generates a plan (gen_plan, seed 1, 2 links a task, groups of
# about 100 tasks), times `rollout export html PLAN --out FILE` end to end
# (best of 3, process start to exit) and with --timings per phase, prints the
# file's size, and times headless Chromium from start to the dumped DOM
# (best of 3), checking that every task's row is in that DOM.
set -euo pipefail
BUILD=${1:-build/release}
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
ROLLOUT=$BUILD/tools/cli/rollout
GEN=$BUILD/tools/bench/gen_plan
for b in "$ROLLOUT" "$GEN" /usr/bin/chromium; do
  [ -x "$b" ] || { echo "report_bench: no binary at $b (build rollout and gen_plan; apt-get install chromium)" >&2; exit 2; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
best() {  # best of 3 wall-clock seconds of "$@"
  local best=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | bc -l | awk -v b="$best" '{ if (b == "" || $1 < b) print $1; else print b }')
  done
  printf '%.3f' "$best"
}
chromium_dom() {
  local profile
  profile=$(mktemp -d "$WORK/profile.XXXX")
  timeout 300 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --dump-dom "file://$1"
}
# Chromium's own start and exit, on an empty page, for comparison.
echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>t</body></html>' > "$WORK/empty.html"
echo "chromium on an empty page: $(best chromium_dom "$WORK/empty.html") s"
printf '%8s  %10s  %10s  %12s  %8s\n' tasks export_s file_MB chromium_s rows
for n in "${SIZES[@]}"; do
  plan=$WORK/plan-$n.json html=$WORK/report-$n.html
  "$GEN" --tasks "$n" --seed 1 --groups $((n / 100)) > "$plan"
  export_s=$(best "$ROLLOUT" export html "$plan" --now 2027-01-11 --out "$html")
  size=$(stat -c %s "$html")
  chromium_s=$(best chromium_dom "$html")
  rows=$(chromium_dom "$html" 2>/dev/null | grep -o 'data-row="' | wc -l)
  printf '%8s  %10s  %10.2f  %12s  %8s\n' "$n" "$export_s" "$(echo "$size / 1048576" | bc -l)" "$chromium_s" "$rows"
  "$ROLLOUT" --timings export html "$plan" --now 2027-01-11 --out "$html" 2>&1 | grep '^phase' | tr '\n' ' '
  echo
done
