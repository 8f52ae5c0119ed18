#!/bin/bash
# The VM runner's accelerator choice (scripts/vm_accel.sh, scripts/vm.sh),
# with a stand-in QEMU (fake_qemu.sh) for a working KVM, a PVM host's and
# one that aborts: KVM only after a probe boot succeeded, the reason for
# falling back, a cached verdict, and the switches' checks.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/scxkit-accel-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/kernel"
echo "not a kernel" >"$tmp/kernel/vmlinuz"
echo 0.0-test >"$tmp/kernel/version"
: >"$tmp/kvm" # a device file that opens, like a PVM host's
export SCXKIT_CACHE=$tmp VM_KVM_DEVICE=$tmp/kvm VM_ACCEL_PROBE_SECS=20
export VM_QEMU=$ROOT/tests/host/fake_qemu.sh
accel() { "$ROOT/scripts/vm_accel.sh" "$@" 2>&1; }
failed=0
expect() { # expect WHAT GOT PATTERN
	if grep -q -- "$3" <<<"$2"; then
		echo "ok: $1"
	else
		echo "FAIL: $1: got '$2', want '$3'"
		failed=1
	fi
}

expect "working KVM is used" "$(FAKE_QEMU_MODE=ok accel auto)" \
	$'^kvm\tprobe boot with KVM succeeded'
rm -rf "$tmp/accel"
start=$(date +%s)
got=$(FAKE_QEMU_MODE=pvm accel auto)
secs=$(($(date +%s) - start))
expect "PVM KVM falls back, with the reason" "$got" \
	$'^tcg\tKVM probe boot failed: KVM internal error. Suberror: 1'
[ "$secs" -lt 20 ] && echo "ok: the probe stopped at the error (${secs}s)" ||
	{ echo "FAIL: the probe waited ${secs}s for a guest that had stopped"; failed=1; }
expect "the verdict is cached" "$(FAKE_QEMU_MODE=ok accel auto)" \
	'^tcg.*KVM internal error'
rm -rf "$tmp/accel"
expect "an aborting QEMU falls back" "$(FAKE_QEMU_MODE=msr accel auto)" \
	'^tcg.*failed to set MSR 0x10a'
rm -rf "$tmp/accel"
expect "VM_ACCEL=tcg skips the probe" "$(FAKE_QEMU_MODE=ok accel tcg)" \
	$'^tcg\tVM_ACCEL=tcg'
[ -d "$tmp/accel" ] && { echo "FAIL: VM_ACCEL=tcg probed"; failed=1; }
expect "VM_ACCEL=kvm skips the probe" "$(FAKE_QEMU_MODE=pvm accel kvm)" \
	$'^kvm\tVM_ACCEL=kvm'
expect "no device, no KVM" "$(VM_KVM_DEVICE=$tmp/none accel auto)" \
	$'^tcg\tno '
out=$(accel bogus)
expect "a bad VM_ACCEL is refused (exit $?)" "$out" "wants auto, kvm or tcg"

vm() { "$ROOT/scripts/vm.sh" "$@" 2>&1; }
expect "the virtual clock runs on TCG" "$(FAKE_QEMU_MODE=ok vm --describe --clock virtual)" \
	'^TCG, virtual clock (icount shift=2), 2 vCPUs'
expect "the real clock takes the probe's KVM" \
	"$(FAKE_QEMU_MODE=ok vm --describe --clock real --cpus 4)" '^KVM, real clock, 4 vCPUs'
expect "VM_ACCEL=kvm with the virtual clock says it runs real" \
	"$(vm --describe --clock virtual --accel kvm)" 'icount needs TCG): clock real'
mkdir -p "$tmp/kernel-old"
echo "not a kernel" >"$tmp/kernel-old/vmlinuz"
echo 0.0-old >"$tmp/kernel-old/version"
expect "--kernel old picks the second kernel" \
	"$(vm --describe --clock virtual --kernel old)" 'kernel 0.0-old$'
expect "the current kernel by default" "$(vm --describe --clock virtual)" \
	'kernel 0.0-test$'
expect "a kernel directory without vmlinuz is refused" \
	"$(vm --describe --kernel "$tmp/none")" "no sched_ext kernel in $tmp/none"
expect "a bad clock is refused" "$(vm --describe --clock fast)" \
	"wants virtual or real, got 'fast'"
expect "a bad shift is refused" "$(VM_ICOUNT_SHIFT=11 vm --describe)" \
	"VM_ICOUNT_SHIFT wants 0..10"
expect "multi-threaded TCG cannot run the virtual clock" \
	"$(VM_TCG_THREAD=multi vm --describe --clock virtual)" "cannot run the virtual clock"
help=$(vm --help)
for sw in '--clock C' '--accel A' VM_ICOUNT_SHIFT VM_TCG_THREAD; do
	expect "--help names $sw" "$help" "$sw"
done
exit "$failed"
