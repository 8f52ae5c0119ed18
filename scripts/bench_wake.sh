#!/bin/bash
# `make bench-wake`: the cross-CPU wake-up round trip (bench/wake_rtt.c,
# driven by bench/run_wake.sh) under CFS, bare and every policy, in one
# VM boot (or natively on a host with sched_ext, as root).  Keeps the raw
# output in build/bench/wake.raw, writes the medians over repeats to
# build/bench/wake.md (a table) and wake.json, and prints the table.
# Exits 1 if a run failed (WAKE-ERROR; the table has the others).
#   scripts/bench_wake.sh   (env: WAKE_SCHEDS="cfs bare fifo",
#                            WAKE_REPEATS=3, WAKE_ARGS="--rounds 500",
#                            VM_CPUS, VM_MEM, VM_CLOCK, WAKE_TIMEOUT)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench
mkdir -p "$OUT"
raw=$OUT/wake.raw

: "${WAKE_REPEATS:=3}"
vars="WAKE_REPEATS=$WAKE_REPEATS"
[ -z "${WAKE_SCHEDS:-}" ] || vars="$vars WAKE_SCHEDS='$WAKE_SCHEDS'"
[ -z "${WAKE_ARGS:-}" ] || vars="$vars WAKE_ARGS='$WAKE_ARGS'"
repro="make bench-wake"
[ "$vars" = "WAKE_REPEATS=3" ] || repro="$vars make bench-wake"

# Progress lines go to the terminal; everything is kept in $raw.
progress() { tee "$raw" | grep --line-buffered -E '^(wake:|WAKE-ERROR)' >&2 || true; }
status=0
if [ -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
	where="native ($(nproc) CPUs, kernel $(uname -r))"
	echo "bench-wake: $where, $WAKE_REPEATS runs of each scheduler" >&2
	export WAKE_REPEATS
	PATH="$ROOT/build:$ROOT/build/tests:$PATH" \
		sh "$ROOT/bench/run_wake.sh" 2>&1 | progress || status=$?
else
	# The virtual clock (docs/vm.md): guest time counts executed
	# instructions, so the host's speed and load do not move the results.
	clock=${VM_CLOCK:-virtual}
	cpus=${VM_CPUS:-2}
	mem=${VM_MEM:-1024}
	where="QEMU VM ($("$ROOT/scripts/vm.sh" --describe --clock "$clock" \
		--cpus "$cpus" --mem "$mem"))"
	echo "bench-wake: $where, $WAKE_REPEATS runs of each scheduler; a few minutes" >&2
	"$ROOT/scripts/vm.sh" --cpus "$cpus" --mem "$mem" --clock "$clock" \
		--timeout "${WAKE_TIMEOUT:-1800}" -- \
		"$vars sh /scxkit/bench/run_wake.sh" | progress || status=$?
fi
if [ "$status" != 0 ]; then
	echo "bench-wake: the run failed (status $status); output in $raw" >&2
	exit 1
fi

awk -f "$ROOT/bench/json_fields.awk" -f "$ROOT/bench/median.awk" -f "$ROOT/bench/summarize_wake.awk" \
	-v where="$where" -v repro="$repro" -v repeats="$WAKE_REPEATS" \
	-v json="$OUT/wake.json" "$raw" >"$OUT/wake.md"
cat "$OUT/wake.md"
echo "bench-wake: results in $OUT/ (wake.md, wake.json, wake.raw)" >&2
if grep -q '^WAKE-ERROR' "$raw"; then
	echo "bench-wake: some runs failed (see $raw)" >&2
	exit 1
fi
