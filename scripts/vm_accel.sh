#!/bin/bash
# Decides which QEMU accelerator the VM runner uses and prints it on stdout:
# "kvm" or "tcg", then a tab and the reason.
#
# A /dev/kvm that exists proves nothing (a PVM host's /dev/kvm only runs
# guest kernels built for PVM; docs/vm.md), so KVM is used only after a
# probe boot of the sched_ext kernel reached userspace with it.  The verdict
# is cached per host kernel, QEMU binary and version and guest kernel, in
# $CACHE/accel/.  VM_ACCEL=kvm|tcg skips the probe.
#
#   scripts/vm_accel.sh [auto|kvm|tcg]   (default: $VM_ACCEL, else auto)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${SCXKIT_CACHE:-$ROOT/.cache}
KDIR=$CACHE/kernel
QEMU=${VM_QEMU:-qemu-system-x86_64}
KVM=${VM_KVM_DEVICE:-/dev/kvm} # another path only in tests
want=${1:-${VM_ACCEL:-auto}}

case "$want" in
kvm) printf 'kvm\tVM_ACCEL=kvm\n'; exit 0 ;;
tcg) printf 'tcg\tVM_ACCEL=tcg\n'; exit 0 ;;
auto) ;;
*) echo "vm: VM_ACCEL wants auto, kvm or tcg, got '$want'" >&2; exit 2 ;;
esac

if [ ! -e "$KVM" ]; then
	printf 'tcg\tno %s\n' "$KVM"
	exit 0
fi
if [ ! -r "$KVM" ] || [ ! -w "$KVM" ]; then
	printf 'tcg\t%s is not readable and writable by uid %s\n' "$KVM" "$(id -u)"
	exit 0
fi

qemu_ver=$("$QEMU" --version | head -n1)
key=$(printf '%s\n' "$(uname -r) $(uname -v)" "$(command -v "$QEMU")" "$qemu_ver" \
	"$(cat "$KDIR/version" 2>/dev/null)" "$(cksum <"$KDIR/vmlinuz")" |
	cksum | cut -d' ' -f1)
verdict=$CACHE/accel/$key
if [ -s "$verdict" ]; then
	cat "$verdict"
	exit 0
fi

# The probe: the real guest kernel, one vCPU, an initramfs whose /init
# writes "ok" to the second serial port and powers off.
work=$(mktemp -d /tmp/scxkit-accel.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root/bin" "$work/root/dev"
cp /bin/busybox "$work/root/bin/busybox"
cat >"$work/root/init" <<'EOT'
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
echo ok >/dev/ttyS1
/bin/busybox poweroff -f
EOT
chmod 755 "$work/root/init"
(cd "$work/root" && find . -print0 | cpio --null -o -H newc --quiet) \
	>"$work/probe.cpio"
: >"$work/status"

# A working KVM boots this in about a second; a broken one either aborts
# (MSR assertion) or stops with "KVM internal error" and waits forever, so
# the log is watched and the probe ends at the first sign of either.
"$QEMU" -accel kvm -cpu host -m 256 -smp 1 -display none -monitor none \
	-no-reboot -serial "file:$work/console" -serial "file:$work/status" \
	-kernel "$KDIR/vmlinuz" -initrd "$work/probe.cpio" \
	-append "console=ttyS0 quiet panic=-1" \
	</dev/null >"$work/qemu.log" 2>&1 &
qpid=$!
limit=${VM_ACCEL_PROBE_SECS:-30}
for ((i = 0; i < limit * 10; i++)); do
	kill -0 "$qpid" 2>/dev/null || break
	grep -q ok "$work/status" && break
	grep -q 'KVM internal error\|emulation failure' "$work/qemu.log" && break
	sleep 0.1
done
kill -9 "$qpid" 2>/dev/null || true
qrc=0
wait "$qpid" 2>/dev/null || qrc=$?

if grep -q ok "$work/status"; then
	result=$(printf 'kvm\tprobe boot with KVM succeeded')
else
	why=$(grep -m1 -o 'failed to set MSR 0x[0-9a-f]*\|KVM internal error\(\. Suberror: [0-9]*\)\{0,1\}\|Could not access KVM.*\|failed to initialize [Kk][Vv][Mm].*' \
		"$work/qemu.log" || true)
	[ -n "$why" ] || why="no boot within ${limit}s (qemu exit $qrc)"
	pvm=
	if dmesg 2>/dev/null | grep 'kvm-pvm: loaded' >/dev/null; then
		pvm=", $KVM is PVM (needs a PVM guest kernel)"
	fi
	result=$(printf 'tcg\tKVM probe boot failed: %s%s' "$why" "$pvm")
fi
mkdir -p "$CACHE/accel"
printf '%s\n' "$result" >"$verdict"
printf '%s\n' "$result"
