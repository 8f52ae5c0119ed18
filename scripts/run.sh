#!/bin/bash
# `make run`: start POLICY with ARGS natively when this kernel has sched_ext
# and we are root, otherwise inside the VM.  On a terminal it shows the
# dashboard (`scxkit run POLICY --tui`; q detaches); in the VM a demo
# workload (DEMO=0 turns it off) gives the dashboard something to show.
# Without a terminal (scripts, CI) it prints stats lines and stops after
# RUN_DURATION seconds.  SCXKIT_VM_RUNNER replaces scripts/vm.sh (the
# host checks use it to see what would boot).
#   scripts/run.sh POLICY [ARGS...]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
policy=${1:-shinjuku}
shift || true
args=("$@")
tty=0
[ -t 0 ] && [ -t 1 ] && tty=1
if [ "$tty" = 1 ]; then
	args=(--tui "${args[@]}")
elif [[ " ${args[*]} " != *" --duration "* ]]; then
	args+=(--duration "${RUN_DURATION:-10}")
fi

vm=${SCXKIT_VM_RUNNER:-$ROOT/scripts/vm.sh}
# A bad policy or option is refused here, not after the VM has booted.
"$ROOT/build/scxkit" run "$policy" "${args[@]}" --check-options || exit

if [ -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
	exec "$ROOT/build/scxkit" run "$policy" "${args[@]}"
fi
echo "run: this kernel ($(uname -r)) has no sched_ext; starting the scxkit VM" \
	"(${VM_CPUS:-2} vCPUs, QEMU; boots in a few seconds)" >&2
run="exec scxkit run $policy ${args[*]}"
if [ "$tty" = 1 ]; then
	if [ "${DEMO:-1}" = 1 ]; then
		# Mixed-QoS bursts and one CPU hog, started once the launcher
		# serves its QoS table; they end with the VM.
		demo="(while ! [ -S /run/scxkit/qos.sock ]; do sleep 0.2; done;"
		demo="$demo mixqos --threads 6 --seconds 86400 --levels 4 &"
		demo="$demo spin --threads 1 --ms 86400000) >/dev/null 2>&1 &"
		run="$demo $run"
		echo "run: demo workload: 6 mixed-QoS threads and one CPU hog" \
			"(DEMO=0: none)" >&2
	fi
	echo "run: q detaches the policy and powers the VM off" >&2
	exec "$vm" --interactive --timeout "${VM_TIMEOUT:-86400}" \
		-- "$run"
fi
exec "$vm" -- "$run"
