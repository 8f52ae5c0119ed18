# shinjuku: a thread marked idle (it blocks in scxkit_qos_idle_wait) does
# not run until marked runnable — 5 s, longer than the 2 s watchdog we set —
# and the scheduler stays attached throughout.
. "$(dirname "$0")/lib.sh"
start_sched shinjuku --partial --quiet --watchdog-ms 2000 --slice-us 2000 --timer-us 250 --oneshot 0
spin --ext --threads 2 --ms 6000 >/dev/null &
load=$!
qos_roundtrip --ext --rounds 1 --idle-ms 5000 >"$T/out" 2>&1 || { cat "$T/out"; fail "idle round trip"; }
cat "$T/out"
expect_grep "idle for 5 s without running, then woken" 'rounds 1 .* idle_cpu_ticks_max 0 failures 0' "$T/out"
wait $load
kill -0 "$SCHED_PID" || fail "scheduler exited: $(cat "$T/sched.err")"
expect_eq "still attached after 2.5x the watchdog timeout" "$(sched_state)" enabled
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
