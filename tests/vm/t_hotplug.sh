# CPU hotplug.  The kernel unloads a scheduler without
# ops.cpu_online/offline when a CPU goes away or comes back, asking for
# a restart (SCX_ECODE_ACT_RESTART | SCX_ECODE_RSN_HOTPLUG).  For every
# policy, while CPU-bound threads run under sched_ext: take CPU 1
# offline, then online again.  Pass: the launcher loads the policy again
# by itself each time and says so (stderr, stats, exit record), keeps
# the QoS table (the same map stays pinned), every thread finishes with
# its SCHED_EXT policy (while the policy is reloaded they run in the fair
# class, as the kernel does for any unloaded scheduler), threads started
# afterwards run under sched_ext again, and a requested stop still ends
# it with status 0.
. "$(dirname "$0")/lib.sh"
CPU=/sys/devices/system/cpu/cpu1/online
[ -w "$CPU" ] || fail "CPU 1 cannot be taken offline here ($CPU)"
trap 'echo 1 >"$CPU" 2>/dev/null; cleanup_sched' EXIT
map_id() { bpftool map show pinned /sys/fs/bpf/scxkit/qos | sed -n 's/^\([0-9]*\):.*/\1/p'; }
# wait_restart N - until the launcher reports its Nth restart and the
# policy is attached again.
wait_restart() {
	local n=100
	while [ "$n" -gt 0 ] && ! grep -q "(restart $1)" "$T/sched.err"; do
		sleep 0.1
		n=$((n - 1))
	done
	grep -q "(restart $1)" "$T/sched.err" ||
		{ cat "$T/sched.err"; fail "$policy: no restart $1 reported"; }
	wait_state enabled
}
events=0
for policy in $(scxkit list | awk '{print $1}'); do
	start_sched "$policy" --quiet
	id0=$(map_id)
	spin --ext --threads 2 --ms 1000 >"$T/spin" 2>&1 &
	spin_pid=$!
	sleep 0.3
	echo 0 >"$CPU" || fail "$policy: cannot offline CPU 1"
	wait_restart 1
	[ "$(cat "$CPU")" = 0 ] || fail "CPU 1 is still online"
	sleep 0.3
	echo 1 >"$CPU" || fail "$policy: cannot online CPU 1"
	wait_restart 2
	events=$((events + 2))
	wait "$spin_pid"
	rc=$?
	spin --ext --threads 2 --ms 100 >"$T/after" 2>&1 ||
		{ cat "$T/after"; fail "$policy: threads do not run under sched_ext after the restarts"; }
	restarts=$(scxkit stats | sed -n 's/.*"restarts":\([0-9]*\).*/\1/p')
	id1=$(map_id)
	kill -0 "$SCHED_PID" || { cat "$T/sched.err"; fail "$policy: launcher gone"; }
	stop_sched
	tail -n 2 "$T/sched.err"
	[ "$(grep -c '^spin: tid .* policy 7 ' "$T/spin")" = 2 ] ||
		{ cat "$T/spin"; fail "$policy: lost a thread or its SCHED_EXT policy (spin exit $rc)"; }
	expect_eq "$policy: restarts in the stats reply" "$restarts" 2
	expect_eq "$policy: the QoS table is the same map after restarts" "$id1" "$id0"
	expect_eq "$policy: exit status of a requested stop" "$SCHED_RC" 0
	expect_grep "$policy: the exit record counts the restarts" \
		'"requested":true,"restarts":2' /run/scxkit/last-exit.json
	grep -q 'cpu 1 going offline' "$T/sched.err" ||
		{ cat "$T/sched.err"; fail "$policy: the kernel's reason was not reported"; }
done
figure hotplug_events "$events"
note "ok: $events CPU hotplug events survived, every policy reloaded itself"
