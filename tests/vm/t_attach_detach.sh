# fifo attaches (sysfs names it), prints stats, and a SIGINT detaches it
# cleanly: exit 0, state disabled, the kernel recorded SCX_EXIT_UNREG.
. "$(dirname "$0")/lib.sh"
start_sched fifo --interval-ms 200
expect_eq "sysfs ops name" "$(cat $SCX/root/ops)" scxkit_fifo
spin --threads 2 --ms 300 >/dev/null
sleep 1
stop_sched
expect_eq "exit status after SIGINT" "$SCHED_RC" 0
expect_eq "state after detach" "$(sched_state)" disabled
expect_grep "stats lines printed" '^fifo .*enqueue [0-9]*/s' "$T/sched.out"
expect_grep "detach reported" 'detached after .*SCX_EXIT_UNREG' "$T/sched.err"

# --duration ends by itself, also with exit 0.
scxkit run fifo --duration 1 --quiet 2>"$T/err" || fail "--duration run exited $?"
expect_grep "--duration detaches" 'detached after' "$T/err"
wait_state disabled

# SIGTERM (what service managers send) detaches just as cleanly.
start_sched fifo --quiet
kill -TERM "$SCHED_PID"
wait "$SCHED_PID"
expect_eq "exit status after SIGTERM" "$?" 0
wait_state disabled
expect_grep "SIGTERM detach reported" 'detached after' "$T/sched.err"
