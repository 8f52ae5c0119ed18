# Fault injection: every policy made to fail on purpose in each of the
# three ways a policy bug shows up (a BPF error, a task it never
# dispatches, a dispatch loop that makes no progress).  Each time the
# kernel must eject it, scxkit must report the exit kind and reason and
# exit 3, and the workload must finish on the default scheduler.
# Partial mode keeps the system's own threads out of the broken policy;
# --watchdog-ms 1000 makes the stalls quick to catch.
# timeout: 400
. "$(dirname "$0")/lib.sh"
injected=0 reported=0
for policy in $(scxkit list | awk '{print $1}'); do
	for fault in error stall loop; do
		case $fault in
		error) want=SCX_EXIT_ERROR_BPF ;;
		*) want=SCX_EXIT_ERROR_STALL ;;
		esac
		# More spinning threads than CPUs, so tasks wait in queues.
		scxkit run "$policy" --partial --quiet --watchdog-ms 1000 \
			"--inject-$fault-after" 40 >"$T/out" 2>"$T/err" &
		sched=$!
		wait_state enabled
		injected=$((injected + 1))
		ext_exec spin --threads 4 --ms 1000 >"$T/spin" 2>&1 &
		load=$!
		n=150
		while kill -0 "$sched" 2>/dev/null && [ "$n" -gt 0 ]; do
			sleep 0.1
			n=$((n - 1))
		done
		kill -0 "$sched" 2>/dev/null &&
			fail "$policy/$fault: not ejected within 15 s"
		wait "$sched"
		rc=$?
		wait_state disabled
		wait "$load" ||
			{ cat "$T/spin"; fail "$policy/$fault: workload died"; }
		kind=$(sed -n 's/^scxkit: exit kind: \([A-Z_]*\).*/\1/p' "$T/err")
		reason=$(sed -n 's/^scxkit: reason: //p' "$T/err")
		if [ "$rc" = 3 ] && [ "$kind" = "$want" ] && [ -n "$reason" ]; then
			reported=$((reported + 1))
			note "ok: $policy/$fault: exit 3, $kind, reason '$reason'"
		else
			cat "$T/err"
			note "FAIL: $policy/$fault: exit $rc, kind '$kind' (want $want), reason '$reason'"
		fi
	done
done
figure faults_injected "$injected"
figure faults_reported "$reported"
expect_eq "faults reported" "$reported" "$injected"
