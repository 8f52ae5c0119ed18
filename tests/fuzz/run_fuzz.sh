#!/bin/bash
# Runs each libFuzzer target given for FUZZ_SECONDS (default 10) from its
# seed corpus (tests/fuzz/corpus/NAME), then prints one line per target and
# a summary.  A crash fails the run; its input is kept in build/fuzz/ with
# the command that replays it.
#   run_fuzz.sh build/fuzz/fuzz_NAME...
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-10}
total=0 crashes=0
for bin in "$@"; do
	bin=$(realpath "$bin")
	name=$(basename "$bin")
	seeds=$ROOT/tests/fuzz/corpus/${name#fuzz_}
	work=$(mktemp -d)
	mkdir "$work/corpus"
	# New inputs go to a scratch corpus; crash files land in $work.
	(cd "$work" && "$bin" -max_total_time="$secs" -print_final_stats=1 \
		-rss_limit_mb=2048 -timeout=10 corpus "$seeds" >log 2>&1)
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	execs=${execs:-0}
	total=$((total + execs))
	if [ "$rc" != 0 ]; then
		crashes=$((crashes + 1))
		mkdir -p "$ROOT/build/fuzz/crashes"
		cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* \
			"$ROOT/build/fuzz/crashes/" 2>/dev/null
		grep -E 'ERROR|SUMMARY|runtime error' "$work/log" | head -5 | sed 's/^/    /'
		echo "  FAIL: $name crashed after $execs runs; replay: $bin build/fuzz/crashes/<file>"
	else
		echo "  ok: $name $execs runs in ${secs}s, no crash"
	fi
	rm -rf "$work"
done
echo "fuzz: $# targets, $total runs, $crashes crashed"
echo "$total $crashes" >"$ROOT/build/fuzz-results"
[ "$crashes" = 0 ]
