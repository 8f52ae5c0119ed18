#!/bin/bash
# `make test-vm`: every VM test, in VM boots that run side by side when the
# host has the cores for it.  Each boot is single-threaded TCG, so it uses
# one host core; on the virtual clock (README, The VM) the tests measure
# guest time, which running boots side by side does not change.
#
#   lane 1: a 2-vCPU boot with every test but t_stress   build/vm-tests.log
#   lane 2: a 2-vCPU boot with t_stress, the longest       build/vm-tests-stress.log
#           then a 4-vCPU boot for tests that declare "# cpus: 4"
#                                                          build/vm-tests-4cpu.log
#
# With one host core (or VM_LANES=1) the lanes run one after the other.
# Output: each line prefixed with its boot; exit status 0 if all passed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build
VM4_TESTS=${VM4_TESTS:-t_nest}
lanes=${VM_LANES:-$(nproc)}

# boot NAME LOG CPUS PATTERN... - one boot, its lines prefixed with NAME.
boot() {
	local name=$1 log=$2 cpus=$3
	shift 3
	VM_CPUS=$cpus VM_LOG=$log "$ROOT/tests/run_vm_tests.sh" "$@" 2>&1 |
		sed -u "s/^/[$name] /"
	return "${PIPESTATUS[0]}"
}
lane1() { boot vm "$B/vm-tests.log" 2 '!t_stress'; }
lane2() {
	local rc=0
	boot stress "$B/vm-tests-stress.log" 2 t_stress || rc=1
	boot vm4 "$B/vm-tests-4cpu.log" 4 $VM4_TESTS || rc=1
	return $rc
}

start=$(date +%s)
rc=0
if [ "$lanes" -ge 2 ]; then
	lane2 &
	pid2=$!
	lane1 || rc=1
	wait "$pid2" || rc=1
else
	lane1 || rc=1
	lane2 || rc=1
fi
# CI shows only the tail of the output: repeat each failure's last lines.
logs="$B/vm-tests.log $B/vm-tests-stress.log $B/vm-tests-4cpu.log"
for log in $logs; do
	[ -f "$log" ] || continue
	for name in $(sed -n 's/^failed://p' "$log"); do
		echo "--- $name ($(basename "$log")), last lines:"
		awk -v n="$name" '$0 == "=== " n { on = 1; buf = "" }
			on { buf = buf $0 "\n" }
			on && /^(PASS|FAIL) / { on = 0; out = buf }
			END { printf "%s", out }' "$log" | tail -n 25
	done
done
failed_names=$(sed -n 's/^failed://p' $logs 2>/dev/null | xargs echo)
echo "vm suite: $(grep -h '^vm: ' "$B/vm-tests.log" "$B/vm-tests-stress.log" \
	"$B/vm-tests-4cpu.log" 2>/dev/null | awk '{p += $2; f += $4}
	END { printf "%d passed, %d failed", p, f }') in $(($(date +%s) - start)) s${failed_names:+ (failed: $failed_names)}"
exit $rc
