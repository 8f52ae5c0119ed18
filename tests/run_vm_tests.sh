#!/bin/bash
# Host side of the VM tests: one VM boot runs every tests/vm/t_*.sh;
# the output is also kept in VM_LOG (default build/vm-tests.log).
#   tests/run_vm_tests.sh [PATTERN...]   (see tests/vm/run_all.sh;
#                                       '!t_stress' leaves t_stress out)
# env: VM_CPUS, VM_MEM, VM_KERNEL, VM_LOG, VM_CLOCK (default virtual:
# docs/vm.md); STRESS_SECONDS (t_stress, default 30 here so that make
# test stays within 20 minutes on 2 cores with every policy);
# SCALE_SECONDS, SCALE_WORKERS and SCALE_POLICIES (t_scale).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The log keeps the tests' figures for tests/reliability_summary.sh.
log=${VM_LOG:-$ROOT/build/vm-tests.log}
mkdir -p "$(dirname "$log")"
patterns=
for p in "$@"; do
	patterns="$patterns '${p//\'/}'"
done
rc=0
"$ROOT/scripts/vm.sh" --cpus "${VM_CPUS:-2}" --mem "${VM_MEM:-1024}" \
	--clock "${VM_CLOCK:-virtual}" \
	--timeout "${VM_TIMEOUT:-2400}" -- \
	"TEST_TIMEOUT=${TEST_TIMEOUT:-300} STRESS_SECONDS=${STRESS_SECONDS:-30} SCALE_SECONDS=${SCALE_SECONDS:-2} SCALE_WORKERS=${SCALE_WORKERS:-} SCALE_POLICIES='${SCALE_POLICIES:-}' sh /scxkit/tests/vm/run_all.sh$patterns" |
	tee "$log" || rc=$?
# What the guest could not check itself (tests/host/check_openmetrics.sh).
"$ROOT/tests/host/check_openmetrics.sh" "$log" | tee -a "$log" || rc=1
exit $rc
