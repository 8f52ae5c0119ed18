#!/bin/bash
# `make bench-apps`: a real, unmodified server (Debian's redis-server, run
# by redis-benchmark) alone and beside a CPU-bound batch load, under CFS,
# CFS with the load at nice 19, fifo, vtime, and shinjuku with and without
# QoS rules (bench/run_apps.sh), in one VM boot or natively on a host with
# sched_ext.  Writes build/bench-apps/: apps.raw (the boot's output),
# apps_runs.jsonl (every run), apps.json (medians and min-max per point),
# apps_p99.png (bench/plot_apps.sh) and summary.md (the table and the
# goals of issue 29, bench/summarize_apps.awk), and prints the summary.
# Exits 1 if a run failed (APPS-ERROR; the table has the others).
#   scripts/bench_apps.sh [bench|smoke]
#     env: APPS_REPEATS (3), APPS_SCHEDS, APPS_REQUESTS (4000 GETs a run),
#          APPS_CLIENTS (4), APPS_TESTS (get), APPS_SERVER_CPUS (0,1),
#          APPS_CLIENT_CPU (2), APPS_BALLAST_CPU (3 in the VM, none
#          natively), APPS_TIMEOUT (240 guest s a run), VM_CPUS (4),
#          VM_MEM, VM_CLOCK
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench-apps
mkdir -p "$OUT"
raw=$OUT/apps.raw
mode=${1:-bench}
case $mode in bench | smoke) ;; *)
	echo "usage: scripts/bench_apps.sh [bench|smoke]" >&2
	exit 2
	;;
esac
# Server and batch load on two vCPUs, the client on a third, the ballast
# (bench/run_apps.sh says why) on a fourth.
export VM_CPUS=${VM_CPUS:-4}
# shellcheck source=bench/where.sh
. "$ROOT/bench/where.sh"
bench_where
[ "$native" = 0 ] || : "${APPS_BALLAST_CPU=}"
: "${APPS_REPEATS:=3}"

# Every APPS_* the caller set goes to the runs.
vars="APPS_REPEATS=$APPS_REPEATS"
repro="make bench-apps"
for v in $(compgen -v APPS_); do
	if [ "$v" != APPS_REPEATS ]; then
		vars="$vars $v='${!v//\'/}'"
	elif [ "$APPS_REPEATS" = 3 ]; then
		continue
	fi
	repro="$v='${!v//\'/}' $repro"
done
[ "$mode" = bench ] || repro="scripts/bench_apps.sh $mode"
reps=$APPS_REPEATS
[ "$mode" = bench ] || reps=1

# The estimate: on this project's 2-core machine a run cost 15-25 host
# seconds (the slow ones, fifo and vtime beside the batch load, about 30),
# 12 runs a repeat, plus the boot.
nsched=$(echo "${APPS_SCHEDS:-cfs cfs-nice19 fifo vtime shinjuku-rules shinjuku}" | wc -w)
est_min=$((1 + APPS_REPEATS * nsched * 2 * 22 / 60))
what="$APPS_REPEATS repeats of $((nsched * 2)) runs"
[ "$mode" = bench ] || est_min=3 what="smoke: 4 short runs"
echo "bench-apps: Redis alone and beside a batch load in $where; $what; about $est_min min" >&2

SECONDS=0
status=0
bench_boot "$vars" $((est_min * 120 + 600)) "$raw" run_apps.sh "$mode" \
	'^(apps:|APPS-ERROR)' || status=$?
echo "bench-apps: the runs took $((SECONDS / 60)) min $((SECONDS % 60)) s" >&2
if [ "$status" != 0 ] || ! grep -q '^APPS {' "$raw"; then
	echo "bench-apps: the run failed (status $status); output in $raw" >&2
	exit 1
fi

tr -d '\r' <"$raw" | sed -n 's/^APPS {/{/p' >"$OUT/apps_runs.jsonl"
setup="redis-server and redis-benchmark $(tr -d '\r' <"$raw" | sed -n 's/^apps: redis \(.*\)/\1/p' | head -1)"
rm -f "$OUT/apps.json" "$OUT/apps_p99.dat"
awk -f "$ROOT/bench/json_fields.awk" -f "$ROOT/bench/median.awk" \
	-f "$ROOT/bench/markdown.awk" -f "$ROOT/bench/summarize_apps.awk" \
	-v where="$where" -v repro="$repro" -v setup="$setup" \
	-v json="$OUT/apps.json" -v dat="$OUT/apps_p99.dat" <(tr -d '\r' <"$raw") >"$OUT/summary.md"
if [ -s "$OUT/apps_p99.dat" ]; then
	sh "$ROOT/bench/plot_apps.sh" "$OUT/apps_p99.dat" "$OUT/apps_p99.png" \
		"Redis GET p99, alone and beside a CPU-bound batch load" \
		"$where; medians over $reps repeats"
	echo "" >>"$OUT/summary.md"
	echo "Plot: build/bench-apps/apps_p99.png. Data: apps.json (medians, min-max), apps_runs.jsonl (every run), apps.raw (the boot's output)." >>"$OUT/summary.md"
fi
cat "$OUT/summary.md"
echo "bench-apps: results in $OUT/" >&2
if grep -q '^APPS-ERROR' "$raw"; then
	echo "bench-apps: some runs failed (see $raw)" >&2
	exit 1
fi
