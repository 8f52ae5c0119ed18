#!/bin/bash
# Host side of the VM tests: one VM boot runs every tests/vm/t_*.sh;
# the output is also kept in build/vm-tests.log.
#   tests/run_vm_tests.sh [NAME-FILTER]    (env VM_CPUS, VM_MEM)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The log keeps the tests' figures for tests/reliability_summary.sh.
mkdir -p "$ROOT/build"
"$ROOT/scripts/vm.sh" --cpus "${VM_CPUS:-2}" --mem "${VM_MEM:-1024}" \
	--timeout "${VM_TIMEOUT:-2400}" -- \
	"TEST_TIMEOUT=${TEST_TIMEOUT:-300} sh /scxkit/tests/vm/run_all.sh ${1:-}" |
	tee "$ROOT/build/vm-tests.log"
