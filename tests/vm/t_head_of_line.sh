# Head-of-line blocking (issue 16 item 3).  A task pinned to CPU 0 keeps
# waking and lands at the head of fifo's shared queue, while three
# threads per CPU that may run anywhere, each busy 10 ms of every 20,
# wait behind it (half again more work than the CPUs can do, and sleeps
# short enough that CPUs keep asking the queue for their next task).
# Before the fix, a CPU that popped the pinned task put it back and went
# idle with the others waiting, until some unrelated event woke it.
# Pass: meanwhile CPUs 1..n-1 together sit idle at most 3% of the time
# (guest clock, /proc/stat), and no task was dispatched twice.
. "$(dirname "$0")/lib.sh"
n=$(nproc)
# ticks COLUMNS - the sum of /proc/stat's COLUMNS ("5" idle, "2-9" all)
# over CPUs 1..n-1.
ticks() {
	awk -v cols="$1" 'BEGIN { split(cols, r, "-"); if (!r[2]) r[2] = r[1] }
		/^cpu[0-9]/ && $1 != "cpu0" {
			for (i = r[1]; i <= r[2]; i++) s += $i
		}
		END { print s + 0 }' /proc/stat
}
start_sched fifo --partial --quiet --slice-us 100000
ext_exec taskset -c 0 sh -c 'while :; do usleep 300; done' &
pinned=$!
sleep 0.5
i0=$(ticks 5) t0=$(ticks 2-9)
duty --ext --threads $((3 * n)) --spin-us 10000 --sleep-us 10000 \
	--seconds 3 >"$T/spin" 2>&1
rc=$?
i1=$(ticks 5) t1=$(ticks 2-9)
kill "$pinned"
wait "$pinned" 2>/dev/null
tail -1 "$T/spin"
expect_eq "duty exit status (every thread ran under SCHED_EXT)" "$rc" 0
scxkit stats >"$T/stats"
handoffs=$(stats_counter "$T/stats" handoffs)
idle=$((i1 - i0)) total=$((t1 - t0))
note "CPUs 1-$((n - 1)): idle $idle of $total ticks while $((3 * n)) busy threads shared them; handoffs ${handoffs:-none}"
figure hol_idle_max_permille $((idle * 1000 / (total > 0 ? total : 1)))
[ "$total" -gt 100 ] || fail "the threads ran only $total ticks: no measurement"
[ $((idle * 100)) -le $((total * 3)) ] ||
	fail "CPUs idled $idle of $total ticks while work waited behind a pinned task"
expect_eq "double dispatches" "$(stats_counter "$T/stats" double_dispatch)" 0
kill -0 "$SCHED_PID" || fail "scheduler died"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
