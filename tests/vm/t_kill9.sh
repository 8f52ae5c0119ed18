# kill -9 of the launcher: the kernel detaches the scheduler when the
# process's link goes away.  Two figures per policy, in guest time: how
# long the dying launcher took to exit (its threads are scheduled by the
# very policy being killed, so this is the policy's doing) and how long
# the kernel then took to detach (launcher gone -> sched_ext "disabled").
# Bounds: the detach within 1 s; the whole within 5 s.  A new launcher
# then starts cleanly over what the killed one left (its QoS table pin).
. "$(dirname "$0")/lib.sh"

# ms since boot, from /proc/uptime (10 ms resolution)
now_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
# gone PID - the process has exited (reaped or a zombie)
gone() {
	local st
	st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)
	[ -z "$st" ] || [ "$st" = Z ]
}

max=0 exit_max=0 kills=0
for policy in $(scxkit list | awk '{print $1}'); do
	start_sched "$policy" --quiet
	spin --threads 3 --ms 4000 >/dev/null &
	load=$!
	sleep 0.5
	# Poll as a SCHED_FIFO task, so that the polling itself does not
	# wait behind the spinners in the policy under test.
	chrt -f -p 50 $$ >/dev/null
	t0=$(now_ms)
	kill -9 "$SCHED_PID"
	t_gone= t_off=
	n=1000
	while [ "$n" -gt 0 ]; do
		[ -z "$t_gone" ] && gone "$SCHED_PID" && t_gone=$(now_ms)
		[ -z "$t_off" ] && [ "$(sched_state)" = disabled ] && t_off=$(now_ms)
		[ -n "$t_gone" ] && [ -n "$t_off" ] && break
		sleep 0.01
		n=$((n - 1))
	done
	chrt -o -p 0 $$ >/dev/null
	wait "$SCHED_PID" 2>/dev/null
	[ -n "$t_off" ] || fail "$policy still attached 10 s after kill -9"
	[ -n "$t_gone" ] || fail "$policy: the launcher still exists 10 s after kill -9"
	# The link may go (and the detach start) before the process is
	# fully gone: a detach that ended first counts as 0.
	ms=$((t_off > t_gone ? t_off - t_gone : 0))
	exit_ms=$((t_gone - t0))
	kills=$((kills + 1))
	[ "$ms" -gt "$max" ] && max=$ms
	[ "$exit_ms" -gt "$exit_max" ] && exit_max=$exit_ms
	figure kill9_max_ms "$max"
	figure kill9_exit_max_ms "$exit_max"
	[ "$ms" -le 1000 ] || fail "$policy: the kernel detached $ms ms after the launcher died (bound 1000)"
	[ $((t_off - t0)) -le 5000 ] ||
		fail "$policy: back on the default scheduler $((t_off - t0)) ms after kill -9 (launcher exit $exit_ms ms; bound 5000)"
	note "ok: $policy: launcher gone $exit_ms ms after kill -9, detached $ms ms later"
	wait "$load" || fail "$policy: the workload died with the launcher"
done
note "ok: every workload finished on the default scheduler"
figure kill9_runs "$kills"

# What the killed launcher left behind does not stop the next one.
start_sched fifo --quiet
expect_eq "a new launcher attaches" "$(sched_state)" enabled
stop_sched
expect_eq "and detaches cleanly" "$SCHED_RC" 0
