#!/bin/bash
# `make bench-ab`: two schedulers, A and B, against each other on the
# RocksDB experiment, in one VM boot (or natively on a host with
# sched_ext): a CFS capacity run calibrates the work per request, then A
# and B take turns AB_RUNS times at one offered load and workload shape,
# each pair of runs on its own arrival seed.  Prints (and writes to
# build/bench/ab/summary.md) each run's and the median Get p50/p99, Range
# p99, BPF time and programs per context switch, and per BPF program its
# run time and runs per switch (bench/summarize_ab.awk): what a decision
# between two options rests on, so that it can be rerun.
#
#   AB_A='NAME [OPTION...]' AB_B='NAME [OPTION...]' bench/ab.sh
#
# NAME: cfs, bare, an scxkit policy (`scxkit run NAME OPTION...`: its own
# defaults, not make bench's slice and timer), one of make bench's
# variants (bench/run_rocksdb.sh: shinjuku-hint, fifo-futex, ...) or a
# policy's .bpf.o path.  Defaults: A shinjuku with no options, B shinjuku
# with make bench's options for the ms shape.
# env: AB_RUNS (runs of each, default 5), AB_LOAD (a fraction of the
# work capacity, i.e. a utilization; default 0.7), AB_SHAPE (ms or us,
# bench/shapes.sh; default ms), AB_SECONDS (per run, default the shape's), AB_SEED (the first
# pair's seed, default 1); any other RDB_* setting (bench/shapes.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/bench/ab
mkdir -p "$OUT"
raw=$OUT/ab.raw
: "${AB_A:=shinjuku}" "${AB_B:=shinjuku --slice-us 1500 --timer-us 250}"
: "${AB_RUNS:=5}" "${AB_LOAD:=0.7}" "${AB_SHAPE:=ms}" "${AB_SEED:=1}"
PATH=$ROOT/build:$PATH
# shellcheck source=bench/shapes.sh
. "$ROOT/bench/shapes.sh"
# shellcheck source=bench/where.sh
. "$ROOT/bench/where.sh"

bench_where
[ -z "${AB_SECONDS:-}" ] || export RDB_SECONDS=$AB_SECONDS
shape_settings "$AB_SHAPE" "$scale" ||
	{ echo "bench-ab: unknown shape $AB_SHAPE (AB_SHAPE: ms or us)" >&2; exit 2; }

# guest_spec SPEC - SPEC with a .bpf.o path as the guest sees it: the
# tree is /scxkit there, and a file outside tests/ and bench/ is copied
# into build/ab/ first (the guest gets tests/, bench/ and build/ without
# build/obj/).
guest_spec() {
	local name=${1%% *} rest=
	[ "$name" = "$1" ] || rest=" ${1#* }"
	case $name in */*) ;; *) echo "$1"; return ;; esac
	[ -f "$name" ] || { echo "bench-ab: no file $name" >&2; return 1; }
	if [ "$native" = 1 ]; then
		echo "$(realpath "$name")$rest"
		return
	fi
	local abs
	abs=$(realpath "$name")
	case $abs in
	"$ROOT"/tests/* | "$ROOT"/bench/*)
		echo "/scxkit/${abs#"$ROOT"/}$rest" ;;
	*)
		mkdir -p "$ROOT/build/ab"
		cp "$abs" "$ROOT/build/ab/"
		echo "/scxkit/build/ab/$(basename "$abs")$rest" ;;
	esac
}
spec_a=$(guest_spec "$AB_A")
spec_b=$(guest_spec "$AB_B")

# The runs: run_rocksdb.sh with A and B as its only schedulers and one
# load, no antagonists; every RDB_* the caller set goes along.
vars="RDB_SHAPE=$AB_SHAPE RDB_SCALE=$scale RDB_SCHEDS='A B'"
vars="$vars RDB_SPEC_A='${spec_a//\'/}' RDB_SPEC_B='${spec_b//\'/}'"
vars="$vars RDB_LOADS=$AB_LOAD RDB_HEADLINE_LOADS=$AB_LOAD"
vars="$vars RDB_REPEATS_HEADLINE=$AB_RUNS RDB_ANTAGONISTS=0 RDB_SEED=$AB_SEED"
for v in $(compgen -v RDB_); do
	case $v in
	RDB_SHAPE | RDB_SCALE | RDB_SCHEDS | RDB_SPEC_* | RDB_LOADS | \
		RDB_HEADLINE_LOADS | RDB_REPEATS_HEADLINE | RDB_ANTAGONISTS | \
		RDB_SEED | RDB_*_SCHEDS | RDB_*_LOADS | RDB_*_ANTAGONISTS)
		continue ;;
	esac
	vars="$vars $v='${!v//\'/}'"
done
# Minutes, costed as make bench's estimate (bench/shapes.sh).
est=$(awk -v n="$AB_RUNS" -v s="$S_SECONDS" -v d="$S_DISCARD" -v k="$S_HOST_COST" \
	'BEGIN { printf "%.0f", (60 + (2 * n + 1) * (k * (s + d) + 4)) / 60 + 1 }')
echo "bench-ab: A='$AB_A' against B='$AB_B', $AB_RUNS runs each, shape $AB_SHAPE at load $AB_LOAD, in $where; about $est min" >&2

SECONDS=0
bench_boot "$vars" $((est * 120 + 600)) "$raw"
if grep -q '^BENCH-ERROR' "$raw"; then
	echo "bench-ab: some runs failed (see $raw)" >&2
	exit 1
fi
tr -d '\r' <"$raw" | grep -E '^(CAPACITY|BENCH) \{' |
	awk -f "$ROOT/bench/json_fields.awk" -f "$ROOT/bench/median.awk" -f "$ROOT/bench/markdown.awk" -f "$ROOT/bench/summarize_ab.awk" \
		-v a="$AB_A" -v b="$AB_B" \
		-v what="$where; shape $AB_SHAPE (Get $S_GET_US us, Range $S_RANGE_US us, Range share $S_RATIO, $S_WORKERS workers), load $AB_LOAD (a utilization: a fraction of the work capacity), $S_SECONDS s per run after $S_DISCARD s warm-up" \
		>"$OUT/summary.md"
cat "$OUT/summary.md"
echo "bench-ab: results in $OUT/ (summary.md, ab.raw)" >&2
