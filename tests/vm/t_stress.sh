# Stress smoke per policy, as sched_ext's upstream CI does: stress-ng's
# CPU, fork, affinity, yield and context-switch stressors, aggressive, for
# STRESS_SECONDS (60 if unset; make test passes 5, its second-kernel
# smoke 5, tests/run_vm_tests.sh alone 30) under
# every policy in full and partial mode.
# Pass: no ejection (the launcher runs on and detaches on request), every
# stress-ng stressor completes, and the kernel logs no BUG, WARNING or
# stall meanwhile.
# timeout: 1200
. "$(dirname "$0")/lib.sh"
secs=${STRESS_SECONDS:-60}
runs=0
for policy in $(scxkit list | awk '{print $1}'); do
	for mode in full partial; do
		flag=
		[ "$mode" = partial ] && flag=--partial
		dmesg -c >/dev/null
		# shellcheck disable=SC2086
		start_sched "$policy" --quiet $flag
		# In partial mode the stressors must ask for SCHED_EXT.
		pre=
		[ "$mode" = partial ] && pre=ext_exec
		$pre stress-ng --cpu 2 --fork 2 --affinity 2 --yield 2 --switch 2 \
			--timeout "${secs}s" --aggressive --metrics-brief \
			>"$T/stress" 2>&1
		stress_verdict "$policy/$mode" $?
		ops=$(awk '/miscellaneous/ { misc = 1 }
			/ metrc: / && $5 ~ /^[0-9]+$/ && !misc { s += $5 }
			END { print s + 0 }' "$T/stress")
		note "ok: $policy/$mode ${secs}s, stress-ng completed ($ops bogo ops), no ejection, clean kernel log"
		runs=$((runs + 1))
		figure stress_runs 1
	done
done
note "ok: $runs policy/mode runs"
figure ejections 0
