#!/bin/sh
# The cross-CPU wake-up round trip (wake_rtt) under CFS, "bare" (a FIFO
# without the framework, bench/bare_fifo.bpf.c) and every scxkit policy,
# in one boot of the VM or natively, as root.  Prints one line per run,
# "WAKE {json}" (wake_rtt's JSON with the scheduler in "sched"), or
# "WAKE-ERROR SCHED: why"; scripts/bench_wake.sh (make bench-wake) sums
# them up.  Progress goes to stderr.
#   run_wake.sh
# Settings come from the environment:
#   WAKE_SCHEDS   schedulers (default: cfs bare and every policy)
#   WAKE_REPEATS  runs of each (default 3), the schedulers taking turns
#                 within a repeat so that a drift hits them all alike
#   WAKE_ARGS     more wake_rtt options (default: its own, 2000 rounds
#                 of CPUs 0 and 1 with 200 us pauses)
scheds=${WAKE_SCHEDS:-"cfs bare $(scxkit list | awk '{print $1}')"}
repeats=${WAKE_REPEATS:-3}
args=${WAKE_ARGS:-}
out=/tmp/wake.$$
# why FILE - the last lines of FILE on one line, for a WAKE-ERROR line.
why() { tail -3 "$1" | tr -s '\n' ' '; }
# shellcheck source=bench/sched_attach.sh
. "$(dirname "$0")/sched_attach.sh"

# one SCHED - one run; prints its WAKE or WAKE-ERROR line.
one() {
	sched=$1
	rm -f "$out.json"
	if [ "$sched" = cfs ]; then
		# shellcheck disable=SC2086
		wake_rtt $args --json "$out.json" >"$out.txt" 2>&1
		rc=$?
	else
		sched_attach "$sched" || {
			echo "WAKE-ERROR $sched: did not attach: $(why "$out.err")"
			return 1
		}
		# shellcheck disable=SC2086
		wake_rtt --ext $args --json "$out.json" >"$out.txt" 2>&1
		rc=$?
		# A scheduler ejected during the run exits with an error: its
		# result would be partly CFS's.
		kill -INT $pid
		if ! wait $pid; then
			echo "WAKE-ERROR $sched: the scheduler exited with an error: $(why "$out.err")"
			return 1
		fi
	fi
	if [ "$rc" != 0 ] || ! [ -s "$out.json" ]; then
		echo "WAKE-ERROR $sched: wake_rtt failed ($rc): $(why "$out.txt")"
		return 1
	fi
	cat "$out.txt" >&2
	echo "WAKE {\"sched\":\"$sched\",$(sed 's/^{//' "$out.json")"
}

for rep in $(seq "$repeats"); do
	for sched in $scheds; do
		one "$sched"
		echo "wake: $sched done ($rep/$repeats)" >&2
	done
done
rm -f "$out".*
