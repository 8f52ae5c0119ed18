# shinjuku: a task preempted by an RT (SCHED_FIFO) task resumes before the
# same-level tasks that were queued earlier.  A run counts when the RT task
# really cut a turn (gap from the victim's last sample to the RT start at
# most 1 ms; under emulation the RT task sometimes comes only after the
# turn ended on its own); three such runs, at most eight tries, and every
# counted run must have the victim first.
. "$(dirname "$0")/lib.sh"
start_sched shinjuku --partial --quiet --slice-us 100000 --timer-us 250 --oneshot 0
counted=0 tries=0
while [ "$counted" -lt 3 ] && [ "$tries" -lt 8 ]; do
	tries=$((tries + 1))
	rtfront >"$T/run" || { cat "$T/run"; fail "rtfront run $tries failed"; }
	cat "$T/run"
	gap=$(sed -n 's/.* gap \(-\{0,1\}[0-9.]*\) ms.*/\1/p' "$T/run")
	if awk -v g="$gap" 'BEGIN { exit !(g <= 1.0) }'; then
		counted=$((counted + 1))
		cat "$T/run" >>"$T/out"
	else
		note "run $tries: the turn had ended ${gap} ms before the RT task came; not counted"
	fi
done
stop_sched
expect_eq "runs where the RT task cut a turn" "$counted" 3
expect_eq "of them, runs where the preempted task went first" "$(grep -c 'first victim' "$T/out")" 3
