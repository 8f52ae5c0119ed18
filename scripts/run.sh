#!/bin/bash
# `make run`: start POLICY with ARGS natively when this kernel has sched_ext
# and we are root, otherwise inside the VM.  On a terminal it runs until
# Ctrl-C; without one (scripts, CI) it stops after RUN_DURATION seconds.
#   scripts/run.sh POLICY [ARGS...]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
policy=${1:-fifo}
shift || true
args=("$@")
if [ ! -t 0 ] && [[ " ${args[*]} " != *" --duration "* ]]; then
	args+=(--duration "${RUN_DURATION:-10}")
fi

if [ -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
	exec "$ROOT/build/scxkit" run "$policy" "${args[@]}"
fi
echo "run: this kernel ($(uname -r)) has no sched_ext; starting the scxkit VM" \
	"(${VM_CPUS:-2} vCPUs, QEMU; boots in a few seconds)" >&2
if [ -t 0 ]; then
	echo "run: Ctrl-C stops the policy and powers the VM off" >&2
	exec "$ROOT/scripts/vm.sh" --interactive --timeout "${VM_TIMEOUT:-86400}" \
		-- "exec scxkit run $policy ${args[*]}"
fi
exec "$ROOT/scripts/vm.sh" -- "exec scxkit run $policy ${args[*]}"
