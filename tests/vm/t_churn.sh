# Thread churn under every policy, in partial mode: thousands of
# short-lived SCHED_EXT threads, and changes to them while they are queued
# (affinity, nice, SCHED_EXT <-> SCHED_OTHER, moves between two threaded
# cgroups with the cpu controller on).  Pass: no ejection, no lost thread
# (churn's own watchdog: every thread finishes within 20 s), no task
# dispatched more often than it was queued, and stale queue entries seen
# and skipped (somewhere: not every policy uses the task queues).
# timeout: 900
. "$(dirname "$0")/lib.sh"
cg=/sys/fs/cgroup/scxkit-churn
total_events=0 total_lost=0 stale_total=0
# One hog per CPU, at most 16: at 64 vCPUs, 64 hogs left no change
# reaching a live worker at all (0 of every kind).
hogs=$(nproc)
[ "$hogs" -le 16 ] || hogs=16
for policy in $(scxkit list | awk '{print $1}'); do
	start_sched "$policy" --partial --json --interval-ms 300
	# Hogs (2 in the 2-vCPU VM): the threads must queue for the changes
	# to hit queued ones, on 16 CPUs too.
	churn --threads 1500 --concurrent 32 --hogs "$hogs" --limit-s 20 \
		--pokes-per-round 6 --cgroup "$cg" >"$T/churn.out" 2>&1
	rc=$?
	cat "$T/churn.out"
	line=$(grep '^churn:' "$T/churn.out")
	field() { echo "$line" | sed -n "s/.* $1 \([0-9]*\).*/\1/p"; }
	events=$(field events) lost=$(field lost)
	total_events=$((total_events + ${events:-0}))
	total_lost=$((total_lost + ${lost:-0}))
	figure lost "${lost:-1}"
	sleep 1
	if ! kill -0 "$SCHED_PID" 2>/dev/null; then
		figure ejections 1
		fail "$policy: scheduler exited during churn: $(cat "$T/sched.err")"
	fi
	figure ejections 0
	figure events "${events:-0}"
	expect_eq "$policy: churn exit status (0: every thread finished)" "$rc" 0
	[ "$(field cgroup)" -gt 0 ] || fail "$policy: no cgroup move happened"
	stop_sched
	expect_eq "$policy: scheduler exit status" "$SCHED_RC" 0
	num() { last_counter "$T/sched.out" "$1"; }
	note "$policy: task_init $(num task_init) enqueue $(num enqueue) stale_skip $(num stale_skip) overflow $(num overflow) double_dispatch $(num double_dispatch)"
	[ "$(num task_init)" -ge 1500 ] || fail "$policy: only $(num task_init) tasks joined"
	expect_eq "$policy: double dispatches" "$(num double_dispatch)" 0
	stale_total=$((stale_total + $(num stale_skip)))
	expect_grep "$policy: exit record: requested" '"type":"exit".*"requested":true' "$T/sched.out"
done
note "all policies: $total_events events, $total_lost lost"
[ "$stale_total" -gt 0 ] || fail "no stale entry was ever skipped: the churn did not reach the queues"
note "ok: $stale_total stale entries were skipped, none served"
[ -d "$cg" ] && fail "churn left $cg behind"
true
