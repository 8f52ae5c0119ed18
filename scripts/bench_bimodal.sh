#!/bin/bash
# `make bench-bimodal`: the synthetic bimodal benchmark (bench/bimodal.c) under CFS and
# every policy, at several loads, in one VM boot (or natively on a host
# with sched_ext).  Writes build/bench/bimodal.{json,csv} and summary.md
# (with each policy's ratio to CFS) and prints the summary.
#   scripts/bench_bimodal.sh   (env BENCH_LOADS="0.3 0.5 0.7" BENCH_SECONDS=10
#                               BENCH_DISTS="bimodal exp")
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench
LOADS=${BENCH_LOADS:-0.3 0.5 0.7}
SECS=${BENCH_SECONDS:-10}
DISTS=${BENCH_DISTS:-bimodal exp}
mkdir -p "$OUT"
raw=$OUT/bimodal.raw

echo "bench: bimodal, loads $LOADS, ${SECS}s per run; this takes a few minutes" >&2
if [ -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
	where="native ($(nproc) CPUs)"
	note="Service: CPU-clock spins."
	PATH=$ROOT/build:$ROOT/build/tests:$PATH \
		"$ROOT/bench/run_bimodal.sh" "$LOADS" "$SECS" "$DISTS" >"$raw"
else
	# The virtual clock (docs/vm.md): guest time counts executed
	# instructions, so the host's speed and load do not move the results.
	clock=${VM_CLOCK:-virtual}
	# Fixed work per request, not CPU-clock spins (bench/service.h), and
	# the capacity of one CPU: the vCPUs take turns on one host thread.
	note="Service: fixed work (--service work); load relative to one CPU, as the VM's vCPUs share one host thread."
	where="QEMU VM ($("$ROOT/scripts/vm.sh" --describe --clock "$clock" \
		--cpus "${VM_CPUS:-2}" --mem "${VM_MEM:-1024}"))"
	"$ROOT/scripts/vm.sh" --cpus "${VM_CPUS:-2}" --mem "${VM_MEM:-1024}" --clock "$clock" \
		--timeout 3000 -- \
		"sh /scxkit/bench/run_bimodal.sh '$LOADS' $SECS '$DISTS' '--service work --cpus 1'" >"$raw"
fi
grep '^BENCH-ERROR' "$raw" >&2 && exit 1
grep '^BENCH {' "$raw" | sed 's/^BENCH //' >"$OUT/bimodal.jsonl"
awk -f "$ROOT/bench/json_fields.awk" \
	-f "$ROOT/bench/summarize.awk" -v where="$where" -v service_note="$note" \
	-v csv="$OUT/bimodal.csv" -v json="$OUT/bimodal.json" \
	"$OUT/bimodal.jsonl" >"$OUT/summary.md"
cat "$OUT/summary.md"
echo "bench: results in $OUT/ (bimodal.csv, bimodal.json, summary.md)" >&2
