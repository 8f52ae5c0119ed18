# Many CPUs: run in the 16- and 64-vCPU boots of make test and
# make test-scale, skipped in smaller VMs.  Every policy attaches, runs a
# stress-ng smoke sized to the machine (CPU, fork, affinity and yield
# stressors) and detaches on request; then shinjuku --central 1, where
# CPU 0 places tasks on all the others, with every CPU idle and then with
# one CPU-bound thread per CPU: the central CPU must have placed tasks,
# every thread must run under sched_ext, nothing is ejected.
# SCALE_SECONDS (default 2) is each stress run's guest time; SCALE_WORKERS
# (default: a quarter of the CPUs, at most 8) its workers per stressor;
# SCALE_POLICIES (default: all) which policies run the smoke.
# cpus: 16
# timeout: 1500
. "$(dirname "$0")/lib.sh"
n=$(nproc)
secs=${SCALE_SECONDS:-2}
workers=${SCALE_WORKERS:-$((n / 4 > 8 ? 8 : n / 4))}
note "$n CPUs online, $(cat /sys/devices/system/cpu/possible) possible; $workers workers per stressor for ${secs}s"
runs=0
for policy in ${SCALE_POLICIES:-$(scxkit list | awk '{print $1}')}; do
	dmesg -c >/dev/null
	start_sched "$policy" --quiet
	stress-ng --cpu "$workers" --fork "$workers" --affinity "$workers" \
		--yield "$workers" --timeout "${secs}s" --metrics-brief \
		>"$T/stress" 2>&1
	stress_verdict "$policy on $n CPUs" $?
	runs=$((runs + 1))
done
figure ejections 0
figure scale_runs "$runs"
note "ok: $runs policies ran the stress smoke on $n CPUs"

# Central mode: all CPUs idle, then one CPU-bound thread per CPU.
start_sched shinjuku --central 1 --quiet
sleep 1
[ "$(sched_state)" = enabled ] || fail "central: state $(sched_state) with every CPU idle"
spin --ext --threads "$n" --ms 100 >"$T/spin" 2>&1
rc=$?
scxkit stats >"$T/stats"
assigns=$(stats_counter "$T/stats" central_assigns)
kill -0 "$SCHED_PID" 2>/dev/null || { cat "$T/sched.err"; fail "central: ejected on $n CPUs"; }
stop_sched
expect_eq "central: every thread ran under sched_ext" "$rc" 0
expect_eq "central: launcher exit status" "$SCHED_RC" 0
[ "${assigns:-0}" -gt 0 ] || fail "central: CPU 0 placed no task on another CPU"
note "ok: central mode on $n CPUs: $assigns tasks placed by CPU 0"
