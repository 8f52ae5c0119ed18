#!/bin/bash
# `make test-vm` and `make test-scale`: the VM tests, in several VM boots
# that run side by side when the host has the cores for it.  Each boot is
# single-threaded TCG, so it uses one host core; on the virtual clock
# (docs/vm.md) the tests measure guest time, which running boots side
# by side does not change.
#
#   tests/run_vm_suite.sh [test|scale]
#
# test (make test), longest first; each log is build/vm-tests-NAME.log:
#   main    2 vCPUs, every test but t_stress and t_check (and those that
#           need more CPUs: "# cpus: N")
#   stress  2 vCPUs, the per-policy loops: t_check (scxkit check on every
#           policy: attach, its own stress mix, pinned tasks, hotplug,
#           kill -9) and t_stress (stress-ng, full and partial mode, 5 s
#           each: check's stress covers the long full-mode soak it had)
#   old     the second kernel (make deps; 6.16 today), 2 vCPUs: a smoke
#           subset, each test touching a kernel interface that changed
#           between the two (see OLD_TESTS below)
#   cpu64   64 vCPUs, t_scale for fifo (the shared task queue and its
#           hand-off), shinjuku (per-CPU scan, central mode) and nest
#           (per-CPU masks), 1 s each: a 64-vCPU TCG boot costs about
#           10 host seconds per guest second, every policy twice that
#   cpu16   16 vCPUs, t_scale (every policy), t_churn, t_head_of_line
#   vm4     4 vCPUs, tests that declare "# cpus: 4"
# scale (make test-scale): the long versions, for a closing note.
#   cpu64    t_scale (every policy, 5 s runs), t_churn
#   cpu80    t_scale: more CPUs than one 64-bit word (nest's masks)
#   old-all  every test on the second kernel
#   cpu16    t_scale (10 s runs), t_churn, t_stress, t_head_of_line
#
# Lanes (VM_LANES, default the host's cores) each take the next boot
# from the list when they are free; the lists go longest first, so no
# long boot starts last (make test on 2 cores, wall: cpu64 14 min, main
# 12.5, stress 10.5, old 6, cpu16 5, vm4 0.5; with main first the suite
# took 26.3 min, cpu64 starting after main).  Output: each line prefixed with its
# boot; exit status 0 if every boot passed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build
suite=${1:-test}
lanes=${VM_LANES:-$(nproc)}
VM4_TESTS=${VM4_TESTS:-t_nest}
# The second kernel's smoke: loading and attaching (CO-RE enums, exit
# info), bad input and a forced error (exit kinds and codes), partial
# mode (SWITCH_PARTIAL), the QoS table (task storage, shared regions),
# wake-up and timer preemption (kicks, bpf_timer), dispatch slots
# (head-of-line hand-off), hotplug (the restart exit code), the stale
# burst (6.16 let a task run on after its switch to ext, which the test
# had to learn) and the stress smoke.
OLD_TESTS="t_attach_detach t_bad_input t_forced_error t_partial_mode
t_qos_table t_shinjuku_wakeup t_preempt_timer t_head_of_line t_hotplug
t_stale_burst t_stress"

# boot NAME CPUS KERNEL [VAR=VALUE...] -- PATTERN... - one VM boot, its
# lines prefixed with NAME, its log build/vm-tests-NAME.log.
boot() {
	local name=$1 cpus=$2 kernel=$3
	shift 3
	local env=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		env+=("$1")
		shift
	done
	shift
	env "${env[@]}" VM_CPUS="$cpus" VM_KERNEL="$kernel" \
		VM_LOG="$B/vm-tests-$name.log" \
		"$ROOT/tests/run_vm_tests.sh" "$@" 2>&1 |
		sed -u "s/^/[$name] /"
	return "${PIPESTATUS[0]}"
}

case $suite in
test)
	boots=(cpu64 main stress old cpu16 vm4)
	run_boot() {
		case $1 in
		main) boot main 2 current -- '!t_stress' '!t_check' ;;
		stress) boot stress 2 current STRESS_SECONDS=${STRESS_SECONDS:-5} \
			-- t_stress t_check ;;
		cpu64) boot cpu64 64 current VM_MEM=2048 SCALE_SECONDS=1 \
			SCALE_POLICIES="fifo shinjuku nest" -- t_scale ;;
		old) boot old 2 old STRESS_SECONDS=5 -- $OLD_TESTS ;;
		cpu16) boot cpu16 16 current -- t_scale t_churn t_head_of_line ;;
		vm4) boot vm4 4 current -- $VM4_TESTS ;;
		esac
	}
	;;
scale)
	boots=(cpu64 cpu80 old-all cpu16)
	run_boot() {
		case $1 in
		old-all) boot old-all 2 old -- ;;
		cpu80) boot cpu80 80 current VM_MEM=2048 -- t_scale ;;
		cpu16) boot cpu16 16 current SCALE_SECONDS=10 STRESS_SECONDS=10 \
			-- t_scale t_churn t_stress t_head_of_line ;;
		cpu64) boot cpu64 64 current VM_MEM=2048 SCALE_SECONDS=5 \
			-- t_scale t_churn ;;
		esac
	}
	;;
*)
	echo "usage: tests/run_vm_suite.sh [test|scale]" >&2
	exit 2
	;;
esac

# The list is shared by the lanes: a lock and the index of the next boot.
mkdir -p "$B"
queue=$B/.vm-suite.next
echo 0 >"$queue"
logs=()
for name in "${boots[@]}"; do
	logs+=("$B/vm-tests-$name.log")
	rm -f "$B/vm-tests-$name.log"
done
# claim - print the next boot's name, or fail when none is left.
claim() {
	local i
	{
		flock 9
		i=$(cat "$queue")
		echo $((i + 1)) >"$queue"
	} 9>"$queue.lock"
	[ "$i" -lt "${#boots[@]}" ] && echo "${boots[$i]}"
}
lane() {
	local name rc=0
	while name=$(claim); do
		run_boot "$name" || rc=1
	done
	return $rc
}

start=$(date +%s)
rc=0
pids=()
for ((l = 1; l < lanes && l < ${#boots[@]}; l++)); do
	lane &
	pids+=($!)
done
lane || rc=1
for pid in "${pids[@]}"; do
	wait "$pid" || rc=1
done
# CI shows only the tail of the output: repeat each failure's last lines.
for log in "${logs[@]}"; do
	[ -f "$log" ] || continue
	for name in $(sed -n 's/^failed://p' "$log"); do
		echo "--- $name ($(basename "$log")), last lines:"
		awk -v n="$name" '$0 == "=== " n { on = 1; buf = "" }
			on { buf = buf $0 "\n" }
			on && /^(PASS|FAIL) / { on = 0; out = buf }
			END { printf "%s", out }' "$log" | tail -n 25
	done
	# A boot that died before its summary line failed as a whole.
	grep -q '^vm: ' "$log" || { echo "--- $(basename "$log"): the boot ended without a summary"; rc=1; }
done
failed_names=$(sed -n 's/^failed://p' "${logs[@]}" 2>/dev/null | xargs echo)
echo "vm suite ($suite): $(grep -h '^vm: ' "${logs[@]}" 2>/dev/null |
	awk '{p += $2; f += $4} END { printf "%d passed, %d failed", p, f }') in ${#boots[@]} boots, $(($(date +%s) - start)) s${failed_names:+ (failed: $failed_names)}"
exit $rc
