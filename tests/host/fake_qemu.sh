#!/bin/bash
# A stand-in for qemu-system-x86_64 in the accelerator probe's tests: it
# behaves like QEMU with a working or a broken /dev/kvm, chosen by
# FAKE_QEMU_MODE:
#   ok    boots: writes "ok" to the second -serial file, as the probe's
#         guest does, and exits 0
#   pvm   what QEMU does on a PVM host: prints "KVM internal error" and
#         stops the guest, waiting forever
#   msr   what QEMU 7.2 did with -cpu host there: an MSR assertion, exit 134
if [ "${1:-}" = --version ]; then
	echo "QEMU emulator version 0.0.0 (scxkit test double)"
	exit 0
fi
status=
nserial=0
while [ $# -gt 0 ]; do
	if [ "$1" = -serial ]; then
		nserial=$((nserial + 1))
		[ "$nserial" = 2 ] && status=${2#file:}
		shift
	fi
	shift
done
case "${FAKE_QEMU_MODE:-ok}" in
ok) echo ok >"$status" ;;
pvm)
	echo "KVM internal error. Suberror: 1" >&2
	echo "emulation failure" >&2
	exec sleep 1000
	;;
msr)
	echo "qemu-system-x86_64: error: failed to set MSR 0x10a" >&2
	echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3113: kvm_buf_set_msrs: Assertion failed." >&2
	exit 134
	;;
esac
