#!/bin/bash
# `make bench`: the RocksDB latency experiment (bench/rocksdb_bench.c
# driven by run_rocksdb.sh) under CFS and every policy, in one VM boot, or
# natively on a host with sched_ext, for each workload shape
# (bench/shapes.sh: ms, the README's mix; us, microsecond Gets): a
# capacity run under CFS, a sweep of offered loads with several arrival
# seeds a point, and (ms) a run beside CPU-hog antagonists at the lowest
# QoS.  Writes build/bench/rocksdb.raw (the boot's output), for each shape
# build/bench/SHAPE/{rocksdb.csv,rocksdb.json,rocksdb_runs.jsonl,
# rocksdb_p99.png,summary.md}, and build/bench/summary.md (every shape's
# summary), and prints the latter.
#   scripts/bench.sh    (env: RDB_SHAPE=ms|us|both, RDB_<SETTING> for every
#                        shape, RDB_<SHAPE>_<SETTING> for one; the
#                        settings and their defaults: bench/shapes.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench
mkdir -p "$OUT"
raw=$OUT/rocksdb.raw
PATH=$ROOT/build:$PATH
# shellcheck source=bench/shapes.sh
. "$ROOT/bench/shapes.sh"
# shellcheck source=bench/where.sh
. "$ROOT/bench/where.sh"

bench_where
shapes=$(shape_list)

# The time estimate, in host minutes (bench/shapes.sh: a run's guest
# seconds cost S_HOST_COST host seconds each, plus 4 s; the boot and the
# first population about a minute).
est_s=60 nruns=0
for shape in $shapes; do
	shape_settings "$shape" "$scale" ||
		{ echo "bench: unknown shape $shape (RDB_SHAPE: ms, us or both)" >&2; exit 2; }
	n=$(shape_nruns)
	nruns=$((nruns + n))
	est_s=$(awk -v e="$est_s" -v n="$n" -v s="$S_SECONDS" -v d="$S_DISCARD" \
		-v k="$S_HOST_COST" 'BEGIN { printf "%.0f", e + n * (k * (s + d) + 4) }')
done
echo "bench: RocksDB experiment in $where; shapes $shapes; $nruns runs; about $((est_s / 60 + 1)) min" >&2

# Every RDB_* the caller set goes to the runs (bench/shapes.sh resolves
# the rest the same way there).
vars="RDB_SHAPE='$shapes' RDB_SCALE=$scale"
for v in $(compgen -v RDB_); do
	case $v in RDB_SHAPE | RDB_SCALE) continue ;; esac
	vars="$vars $v='${!v//\'/}'"
done

SECONDS=0
bench_boot "$vars" $((est_s * 2 + 600)) "$raw"
echo "bench: the runs took $((SECONDS / 60)) min $((SECONDS % 60)) s" >&2
if grep -q '^BENCH-ERROR' "$raw"; then
	echo "bench: some runs failed (see $raw)" >&2
	exit 1
fi

: >"$OUT/summary.md"
for shape in $shapes; do
	shape_settings "$shape" "$scale"
	dir=$OUT/$shape
	mkdir -p "$dir"
	# This shape's lines: every run, repeats included, in
	# rocksdb_runs.jsonl; the tables and rocksdb.json hold medians.
	tr -d '\r' <"$raw" | grep -E '^(CAPACITY|BENCH) \{' |
		grep -F "\"shape\":\"$shape\"" >"$dir/rocksdb.lines" || true
	# Each run with its ideal reference: the same arrivals through
	# zero-overhead schedulers (bench/ideal_runs.awk).
	speed=shared
	[ "$native" = 0 ] || speed=parallel
	awk -f "$ROOT/bench/json_fields.awk" -f "$ROOT/bench/ideal_runs.awk" \
		-v ideal="$ROOT/build/tests/ideal" -v slice_us="$S_SLICE_US" \
		-v timer_us="$S_TIMER_US" -v discard="$S_DISCARD" \
		-v speed="$speed" "$dir/rocksdb.lines" >"$dir/rocksdb.lines.new"
	mv "$dir/rocksdb.lines.new" "$dir/rocksdb.lines"
	grep '^BENCH {' "$dir/rocksdb.lines" | sed 's/^BENCH //' >"$dir/rocksdb_runs.jsonl" || true
	# The goals against the ideal and CFS (issue 28): the ms shape's
	# floor lies near 0.15 x CFS, the us shape's far below 0.1 x.
	case $shape in
	ms) what="the README's mix" ideal_goal=1.5 cfs_goal=0.3 ;;
	us) what="microsecond-scale Gets" ideal_goal=2 cfs_goal=0.1 ;;
	esac
	mix=$(awk -v g="$S_GET_US" -v r="$S_RANGE_US" -v p="$S_RATIO" '
		function t(us) { return us >= 1000 ? us / 1000 " ms" : us " us" }
		BEGIN { printf "Gets %s, Ranges %s, %s%% Ranges", t(g), t(r), p * 100 }')
	ants=
	[ "$S_ANTAGONISTS" -le 0 ] || ants="; $S_ANT_REPEATS beside $S_ANTAGONISTS antagonists at load $S_ANT_LOAD"
	scaletxt="$mix; a Range reads $S_RANGE_KEYS of $S_KEYS keys; $S_WORKERS workers; ${S_SECONDS} s per run after ${S_DISCARD} s warm-up, each point the median of $S_REPEATS runs ($S_REPEATS_HEADLINE at load $S_HEADLINE_LOADS${S_ONE_SEED_SCHEDS:+; one for ${S_ONE_SEED_SCHEDS% }}$ants), repeat r with arrival seed $S_SEED + r - 1; policies in partial mode, slice $S_SLICE_US us, timer $S_TIMER_US us; service $S_SERVICE (bench/service.h)."
	[ "$S_SERVICE" != work ] ||
		scaletxt="$scaletxt Work per request calibrated once, in the first shape's CFS capacity run, for every scheduler and shape."
	[ "$native" = 1 ] || scaletxt="$scaletxt Service times scaled to the emulator (ghOSt natively: 10 us and 10 ms)."
	awk -f "$ROOT/bench/json_fields.awk" -f "$ROOT/bench/median.awk" -f "$ROOT/bench/median_runs.awk" \
		"$dir/rocksdb.lines" |
		awk -f "$ROOT/bench/json_fields.awk" \
			-f "$ROOT/bench/markdown.awk" -f "$ROOT/bench/summarize_rocksdb.awk" \
			-v shape="$shape ($what)" -v where="$where" \
			-v scale="$scaletxt" -v slo_us="$S_SLO_US" \
			-v ideal_goal="$ideal_goal" -v cfs_goal="$cfs_goal" \
			-v csv="$dir/rocksdb.csv" -v json="$dir/rocksdb.json" \
			-v dat="$dir/rocksdb_p99.dat" >"$dir/summary.md"
	rm -f "$dir/rocksdb.lines"
	if [ -s "$dir/rocksdb_p99.dat" ]; then
		sh "$ROOT/bench/plot_rocksdb.sh" "$dir/rocksdb_p99.dat" \
			"$dir/rocksdb_p99.png" \
			"RocksDB Get p99 vs offered load, shape $shape ($mix)" \
			"$where; medians over seeds"
	fi
	{
		echo ""
		echo "Plot: build/bench/$shape/rocksdb_p99.png. Data: build/bench/$shape/rocksdb.csv, rocksdb.json (medians, min-max and seeds), rocksdb_runs.jsonl (every run, with its seed)."
	} >>"$dir/summary.md"
	cat "$dir/summary.md" >>"$OUT/summary.md"
	echo "" >>"$OUT/summary.md"
done
cat "$OUT/summary.md"
echo "bench: results in $OUT/ (summary.md; per shape: $shapes/)" >&2
