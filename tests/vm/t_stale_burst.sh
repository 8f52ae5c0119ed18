# A burst of stale queue entries (issue: the dispatcher gave up after 64
# of them and kicked nobody, so tasks behind them waited until some
# unrelated event, up to the watchdog).  300 boost workers (none boosted,
# so one task queue) wait on CPU 0, kept by a fair-class thread, while ext
# blockers hold the other CPUs (boost's slice, unlike rr's, outlasts the
# set-up, so no CPU pops the queue meanwhile);
# each worker is reniced twice while queued, which leaves a stale entry
# of it in front of its valid one; then the blockers leave and the system
# has nothing else to do.  Every worker must run within 1 s (virtual).
. "$(dirname "$0")/lib.sh"
start_sched boost --partial --quiet --slice-us 1000000
stale_burst --threads 300 --hold-ms 300 --limit-ms 1000 >"$T/out" 2>&1
rc=$?
cat "$T/out"
scxkit stats >"$T/stats"
note "stale entries skipped: $(stats_counter "$T/stats" stale_skip)"
expect_eq "all 300 workers ran within 1 s of the CPUs going idle" "$rc" 0
figure stale_burst_max_ms "$(sed -n 's/.*last_ms \([0-9]*\).*/\1/p' "$T/out")"
[ "$(stats_counter "$T/stats" stale_skip)" -ge 64 ] ||
	fail "fewer than 64 stale entries: the burst did not happen"
kill -0 "$SCHED_PID" || fail "scheduler died"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
