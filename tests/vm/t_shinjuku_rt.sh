# shinjuku: a task preempted by an RT (SCHED_FIFO) task resumes before the
# same-level tasks that were queued earlier.  Three runs; each must say so.
. "$(dirname "$0")/lib.sh"
start_sched shinjuku --partial --quiet --slice-us 100000 --timer-us 250
for i in 1 2 3; do
	rtfront >>"$T/out" || { cat "$T/out"; fail "rtfront run $i failed"; }
done
stop_sched
cat "$T/out"
expect_eq "runs where the preempted task went first" "$(grep -c 'first victim' "$T/out")" 3
