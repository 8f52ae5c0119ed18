#!/bin/bash
# bench/summarize_ab.awk, make bench-ab's report: each run's figures, the
# medians of A's and B's runs with B's ratio to A, and per BPF program its
# run time and runs per context switch and time per run, as medians and
# per run.
set -uo pipefail
B=$(cd "$(dirname "$0")/../../bench" && pwd)
fail() { echo "FAIL: summarize_ab.awk: $*"; echo "$out"; exit 1; }
run() { # LABEL SEED GET_P99_US RUN_NS DISPATCH_NS DISPATCH_RUNS
	local t='"total":{"p50":500,"p99":P99}'
	echo "BENCH {\"label\":\"$1\",\"offered\":70.0,\"ctx_switches\":1000,\"us\":{\"get\":{${t/P99/$3}},\"range\":{${t/P99/90000}}},\"bpf\":{\"by_prog\":{\"scxkit_dispatch\":{\"ns\":$5,\"runs\":$6},\"scxkit_running\":{\"ns\":1000,\"runs\":500}},\"progs\":2,\"run_ns\":$4,\"runs\":2000},\"shape\":\"ms\",\"seed\":$2}"
}
out=$({
	echo 'CAPACITY {"shape":"ms","ideal":120,"measured":100}'
	run A 1 4000 2000000 90000 300
	run B 1 2000 1000000 30000 300
	run A 2 8000 4000000 120000 400
	run B 2 3000 3000000 50000 500
	run A 3 6000 3000000 60000 200
	run B 3 1000 2000000 40000 400
} | awk -f "$B/json_fields.awk" -f "$B/median.awk" -f "$B/markdown.awk" -f "$B/summarize_ab.awk" -v a=x -v b=y -v what=w)
grep -qF '| 6 | B | 3 | 0.50 | 1.00 | 90.00 | 2000 | 2.00 |' <<<"$out" || fail "run 6's row"
grep -qF '| A | 3 | 0.50 | 6.00 | 90.00 | 3000 | 2.00 |' <<<"$out" || fail "A's medians"
grep -qF '| B | 3 | 0.50 | 2.00 | 90.00 | 2000 | 2.00 |' <<<"$out" || fail "B's medians"
grep -qF '| B / A | | 1.00 | 0.33 | 1.00 | 0.67 | 1.00 |' <<<"$out" || fail "B's ratio to A"
# dispatch: A 90, 120, 60 ns/switch (median 90), 0.3/0.4/0.2 runs/switch
# (0.3), 300 ns/run each; B 30, 50, 40 (40), 0.3/0.5/0.4 (0.4), 100 ns/run.
grep -qF '| scxkit_dispatch | 90 | 0.300 | 300 | 40 | 0.400 | 100 |' <<<"$out" ||
	fail "dispatch's medians"
grep -qF '| 4 | B | scxkit_dispatch | 50 | 0.500 | 100 |' <<<"$out" ||
	fail "dispatch in run 4"
echo "ok: summarize_ab.awk runs, medians, ratios, programs"
