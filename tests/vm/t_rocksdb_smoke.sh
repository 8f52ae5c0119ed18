# The RocksDB experiment, smoke size (make bench runs the real one): every
# scheduler at low load, and beside an antagonist, short and small.  The
# output must be complete and sane: counts add up, percentiles ordered,
# every scheduler present, and the summary table builds.  Performance is
# not judged here.
. "$(dirname "$0")/lib.sh"
B=$(dirname "$0")/../../bench
export RDB_LOADS=0.2 RDB_SECONDS=2 RDB_DISCARD=0.5 RDB_KEYS=5000 \
	RDB_RANGE_KEYS=100 RDB_WORKERS=8 RDB_ANTAGONISTS=1 RDB_ANT_LOAD=0.2 \
	RDB_DB=$T/db RDB_SERVICE=work
sh "$B/run_rocksdb.sh" smoke >"$T/raw" 2>"$T/err"
expect_eq "sweep exit status" "$?" 0
if grep -q 'BENCH-ERROR' "$T/raw" "$T/err"; then
	grep 'BENCH-ERROR' "$T/raw" "$T/err"
	fail "a run failed"
fi
scheds="cfs cfs-nice bare fifo-futex fifo-syscall $(scxkit list | awk '{printf "%s ", $1}')shinjuku-central shinjuku-oneshot shinjuku-hint"
awk -f "$B/json_fields.awk" -f "$B/check_rocksdb.awk" -v scheds="$scheds" \
	"$T/raw" || fail "the runs' output is not sane"
grep -E '^(CAPACITY|BENCH) \{' "$T/raw" |
	awk -f "$B/json_fields.awk" -f "$B/median_runs.awk" |
	awk -f "$B/json_fields.awk" -f "$B/summarize_rocksdb.awk" \
		-v where=smoke -v scale=smoke -v slo_us=10000 \
		-v csv="$T/csv" -v json="$T/json" -v dat="$T/dat" >"$T/summary"
for s in $scheds; do
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
expect_eq "CSV rows (header + runs)" "$(wc -l <"$T/csv")" \
	$(($(grep -c '^BENCH {' "$T/raw") + 1))
grep -A7 '^rocksdb_bench: shinjuku (' "$T/err" | head -8
