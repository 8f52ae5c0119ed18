# shinjuku: 200 SCHED_EXT threads of 4 levels (bursts, sleeps, idle waits)
# for 30 s: no ejection, every thread finishes, no double dispatch.
. "$(dirname "$0")/lib.sh"
start_sched shinjuku --partial --json --interval-ms 5000 --slice-us 1000 --timer-us 250
mixqos --threads 200 --seconds 30 --levels 4 --limit-s 20 >"$T/out" 2>&1 || { cat "$T/out"; fail "mixqos failed"; }
cat "$T/out"
kill -0 "$SCHED_PID" || fail "scheduler exited: $(cat "$T/sched.err")"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
expect_grep "all 200 finished" 'threads 200 finished 200' "$T/out"
num() { last_counter "$T/sched.out" "$1"; }
expect_eq "double dispatches" "$(num double_dispatch)" 0
note "preemptions: higher_qos $(num preempt_higher_qos) slice $(num preempt_slice) idle $(num preempt_idle) starvation $(num preempt_other); starvation_boosts $(num starvation_boosts); idle_marked_run $(num idle_marked_run)"
