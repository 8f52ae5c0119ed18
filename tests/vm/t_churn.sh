# Thousands of short-lived SCHED_EXT threads, with affinity, nice and class
# changes while they are queued, under fifo in partial mode: no ejection,
# no lost thread (churn's own watchdog), stale entries seen and skipped,
# and no task dispatched more often than it was queued.
. "$(dirname "$0")/lib.sh"
start_sched fifo --partial --json --interval-ms 300
churn --threads 3000 --concurrent 32 --hogs 2 --limit-s 20 >"$T/churn.out" 2>&1
rc=$?
cat "$T/churn.out"
expect_eq "churn exit status (0: every thread finished)" "$rc" 0
sleep 1
kill -0 "$SCHED_PID" || fail "scheduler exited during churn: $(cat "$T/sched.err")"
stop_sched
expect_eq "scheduler exit status" "$SCHED_RC" 0
last=$(grep '"type":"stats"' "$T/sched.out" | tail -n1)
num() { echo "$last" | sed -n "s/.*\"counters\":{[^}]*\"$1\":\([0-9]*\).*/\1/p"; }
note "last stats: task_init $(num task_init) enqueue $(num enqueue) stale_skip $(num stale_skip) overflow $(num overflow) double_dispatch $(num double_dispatch)"
[ "$(num task_init)" -ge 3000 ] || fail "only $(num task_init) tasks joined"
note "ok: >= 3000 tasks joined the scheduler"
[ "$(num stale_skip)" -gt 0 ] || fail "no stale entry was ever skipped: the churn did not reach the queues"
note "ok: stale entries were skipped"
expect_eq "double dispatches" "$(num double_dispatch)" 0
expect_grep "exit record: requested" '"type":"exit".*"requested":true' "$T/sched.out"
