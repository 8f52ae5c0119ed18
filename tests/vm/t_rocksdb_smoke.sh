# The RocksDB experiment, smoke size (make bench runs the real one), both
# workload shapes: in the ms shape one scheduler of each kind (CFS with
# and without the hint, bare, fifo three ways, shinjuku tuned, with its
# defaults and with the hint; t_check and t_stress load every policy) at
# low load, and beside an antagonist, short and small; in the us shape a
# few schedulers with two arrival seeds a point.  The output must be
# complete and sane: counts add up, percentiles ordered, every scheduler
# present, each run naming its shape and seed, and the summary tables
# build, with the medians' min-max and seeds.  Performance is not judged here.
. "$(dirname "$0")/lib.sh"
B=$(dirname "$0")/../../bench
ms_scheds="cfs cfs-nice bare fifo-futex fifo-syscall fifo shinjuku shinjuku-default shinjuku-hint"
export RDB_SHAPE=both RDB_LOADS=0.2 RDB_SECONDS=2 RDB_DISCARD=0.5 \
	RDB_KEYS=5000 RDB_RANGE_KEYS=100 RDB_WORKERS=8 RDB_ANTAGONISTS=1 \
	RDB_ANT_LOAD=0.2 RDB_DB=$T/db RDB_SERVICE=work RDB_REPEATS=1 \
	RDB_REPEATS_HEADLINE=1 RDB_US_SCHEDS="cfs bare shinjuku" \
	RDB_MS_SCHEDS="$ms_scheds" \
	RDB_US_ANTAGONISTS=0 RDB_US_REPEATS=2 RDB_SEED=5
sh "$B/run_rocksdb.sh" smoke >"$T/raw" 2>"$T/err"
expect_eq "sweep exit status" "$?" 0
if grep -q 'BENCH-ERROR' "$T/raw" "$T/err"; then
	grep 'BENCH-ERROR' "$T/raw" "$T/err"
	fail "a run failed"
fi
grep '"shape":"ms"' "$T/raw" >"$T/raw.ms"
grep '"shape":"us"' "$T/raw" >"$T/raw.us"
awk -f "$B/json_fields.awk" -f "$B/check_rocksdb.awk" -v scheds="$ms_scheds" \
	"$T/raw.ms" || fail "the ms shape's output is not sane"
awk -f "$B/json_fields.awk" -f "$B/check_rocksdb.awk" -v alone=1 \
	-v scheds="cfs bare shinjuku" "$T/raw.us" ||
	fail "the us shape's output is not sane"
# The us shape: 50 us Gets, each point with seeds 5 and 6 for every
# scheduler, the ms shape seed 5 only.
expect_eq "us runs" "$(grep -c '^BENCH {.*"get_us":50,.*"seed":[56]}' "$T/raw.us")" 6
for s in cfs bare shinjuku; do
	expect_eq "$s's seeds in the us shape" \
		"$(grep "^BENCH {\"label\":\"$s\"," "$T/raw.us" | sed 's/.*"seed":\([0-9]*\)}$/\1/' | tr '\n' ' ')" "5 6 "
done
expect_eq "ms runs with another seed than 5" \
	"$(grep '^BENCH {' "$T/raw.ms" | grep -vc '"seed":5}$')" 0
grep -E '^(CAPACITY|BENCH) \{' "$T/raw.us" |
	awk -f "$B/json_fields.awk" -f "$B/median.awk" -f "$B/median_runs.awk" |
	awk -f "$B/json_fields.awk" -f "$B/markdown.awk" -f "$B/summarize_rocksdb.awk" \
		-v shape=us -v where=smoke -v scale=smoke -v slo_us=5000 \
		-v csv="$T/csv.us" -v json="$T/json.us" -v dat="$T/dat.us" \
		>"$T/summary.us"
expect_grep "us summary: seeds" "seeds.*: load 0.20: 5,6[.]" "$T/summary.us"
expect_grep "us summary: shinjuku's Get p99 with its min-max" \
	'^| 0.20 | shinjuku | [0-9]* | [0-9]* | [0-9.]* ([0-9.]*-[0-9.]*) | [0-9.]* ([0-9.]*-[0-9.]*) |' "$T/summary.us"
expect_grep "us CSV: seeds and min-max" \
	'^shinjuku,0,0.20,.*,us,2,5 6,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,' "$T/csv.us"
grep -E '^(CAPACITY|BENCH) \{' "$T/raw.ms" |
	awk -f "$B/json_fields.awk" -f "$B/median.awk" -f "$B/median_runs.awk" |
	awk -f "$B/json_fields.awk" -f "$B/markdown.awk" -f "$B/summarize_rocksdb.awk" \
		-v where=smoke -v scale=smoke -v slo_us=10000 \
		-v csv="$T/csv" -v json="$T/json" -v dat="$T/dat" >"$T/summary"
for s in $ms_scheds; do
	grep -q "^| 0.20 | $s |" "$T/summary" || { cat "$T/summary"; fail "summary lacks $s"; }
done
note "ok: the summary has a row for each scheduler"
# The overhead baseline ran and both it and fifo have BPF times.
grep -E '^\| 0.20 \| (bare|fifo|fifo-futex) \|' "$T/summary"
grep '^- Framework overhead at load 0.20: fifo (futex waits) [0-9]* ns' "$T/summary" ||
	{ cat "$T/summary"; fail "no framework overhead figure"; }
# Where capacity goes: every run has events per request; every scxkit
# run has the work-conservation counters (bare has none of its own).
grep -E '^\| 0.20 \| (cfs|bare|fifo|shinjuku) \| [0-9.]+ \| [0-9.]+ \|' "$T/summary"
for s in cfs bare fifo shinjuku; do
	grep -qE "^\| 0.20 \| $s \| [0-9.]+ \| [0-9.]+ \|" "$T/summary" ||
		{ cat "$T/summary"; fail "no switches/migrations per request for $s"; }
done
grep -qE '^\| 0.20 \| fifo \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| [0-9]+ \| [0-9]+ \| [0-9.]+ \|' "$T/summary" ||
	{ cat "$T/summary"; fail "no work-conservation counters for fifo"; }
# Programs run per switch, from bpf_stats, for the overhead's two sides.
for s in bare fifo-futex; do
	grep -qE "^\| 0.20 \| $s \| [0-9]+\.[0-9]+ \| [0-9]+\.[0-9]+ \| [0-9]+\.[0-9]+ \|" "$T/summary" ||
		{ cat "$T/summary"; fail "no BPF programs per switch for $s"; }
done
grep -q '^- Framework overhead at load 0.20: .*(programs run per switch: [0-9.]* against [0-9.]*)' "$T/summary" ||
	{ cat "$T/summary"; fail "no programs per switch in the overhead goal line"; }
grep '^- QoS marks at load 0.20: fifo in the shared table Get p99 [0-9.]* ms = [0-9.]* x .*, with a bpf() call per mark' "$T/summary" ||
	{ cat "$T/summary"; fail "no QoS-mark goal line"; }
grep '^- Work conservation: ' "$T/summary" ||
	{ cat "$T/summary"; fail "no work-conservation goal line"; }
# The runs did fixed work per request (RDB_SERVICE=work, calibrated).
grep -q '"service":"work","work_per_us":[1-9]' "$T/raw" ||
	fail "the runs did not use calibrated fixed-work service"
expect_eq "CSV rows (header + the ms shape's runs)" "$(wc -l <"$T/csv")" \
	$(($(grep -c '^BENCH {' "$T/raw.ms") + 1))
grep -A7 '^rocksdb_bench: shinjuku (' "$T/err" | head -8
