# Head-of-line blocking.  A task pinned to CPU 0 keeps
# waking and lands at the head of fifo's shared queue, while three
# threads per CPU that may run anywhere, each busy 10 ms of every 20,
# wait behind it (half again more work than the CPUs can do, and sleeps
# short enough that CPUs keep asking the queue for their next task).
# Before the fix, a CPU that popped the pinned task put it back and went
# idle with the others waiting, until some unrelated event woke it.
# Measured: the idle time of CPUs 1..n-1 (guest clock, /proc/stat) with
# the pinned task, against the same load without it in the same boot
# (on many vCPUs the emulator's slow cross-CPU wake-ups idle CPUs by
# themselves).  Pass: the pinned task adds at most 2% idle time, and no
# task was dispatched twice.
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
# idle_permille LABEL - run the load; print CPUs 1..n-1's idle share.
idle_permille() {
	local i0 t0 i1 t1 rc
	i0=$(ticks 5) t0=$(ticks 2-9)
	duty --ext --threads $((3 * n)) --spin-us 10000 --sleep-us 10000 \
		--seconds 3 >"$T/duty.$1" 2>&1
	rc=$?
	i1=$(ticks 5) t1=$(ticks 2-9)
	[ "$rc" = 0 ] || { cat "$T/duty.$1"; fail "$1: duty exit $rc (a thread not under SCHED_EXT?)"; }
	[ $((t1 - t0)) -gt 100 ] || fail "$1: the threads ran only $((t1 - t0)) ticks: no measurement"
	echo "CPUs 1-$((n - 1)) $1: idle $((i1 - i0)) of $((t1 - t0)) ticks" >&2
	echo $(((i1 - i0) * 1000 / (t1 - t0)))
}
start_sched fifo --partial --quiet --slice-us 100000
base=$(idle_permille "without the pinned task")
ext_exec taskset -c 0 sh -c 'while :; do usleep 300; done' &
pinned=$!
sleep 0.5
with=$(idle_permille "with the pinned task")
kill "$pinned"
wait "$pinned" 2>/dev/null
scxkit stats >"$T/stats"
extra=$((with > base ? with - base : 0))
note "idle $with per mille with the pinned task, $base without: $extra added; handoffs $(stats_counter "$T/stats" handoffs)"
figure hol_extra_idle_max_permille "$extra"
[ "$extra" -le 20 ] ||
	fail "CPUs idled $extra per mille more while work waited behind a pinned task"
expect_eq "double dispatches" "$(stats_counter "$T/stats" double_dispatch)" 0
kill -0 "$SCHED_PID" || fail "scheduler died"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
