#!/bin/bash
# Boots the cached sched_ext kernel under QEMU with an initramfs holding
# busybox, the tools tests need and the project's build/ and tests/, runs one
# command as root inside, streams its output and exits with its status.
#
#   scripts/vm.sh [--cpus N] [--mem MB] [--timeout SECS] [--interactive]
#                 [--accel auto|kvm|tcg] [--clock virtual|real]
#                 [--kernel current|old|DIR] CMD...
#
# The guest's exit status travels over a second serial port, so the console
# stream stays exactly what CMD printed.  Exit 124 means the timeout hit.
# The accelerator is KVM only where a probe boot proved it works
# (scripts/vm_accel.sh); the clock is the host's (real) or one driven by
# the instructions the guest executes (virtual: QEMU's icount), see --help.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${SCXKIT_CACHE:-$ROOT/.cache}
BUILD=${SCXKIT_BUILD:-$ROOT/build}

cpus=${VM_CPUS:-2}
kernel=${VM_KERNEL:-current}
mem=${VM_MEM:-1024}
timeout=${VM_TIMEOUT:-600}
interactive=${VM_INTERACTIVE:-0}
describe=0
accel=${VM_ACCEL:-auto}
clock=${VM_CLOCK:-real}
# icount shift 2: one guest instruction is 4 ns of guest time (250 MIPS
# per machine).  Chosen by measurement; see docs/vm.md.
shift_n=${VM_ICOUNT_SHIFT:-2}
tcg_thread=${VM_TCG_THREAD:-single}
QEMU=${VM_QEMU:-qemu-system-x86_64}

usage() {
	cat <<'EOT'
usage: scripts/vm.sh [options] [--] CMD...
Run CMD as root inside a QEMU VM booted with a sched_ext kernel.

  --cpus N         vCPUs (default 2, env VM_CPUS)
  --kernel K       current (default, env VM_KERNEL): the newest sched_ext
                   kernel (.cache/kernel); old: the oldest one Debian
                   ships (.cache/kernel-old, make deps fetches both); or a
                   directory holding a vmlinuz
  --mem MB         memory in MiB (default 1024, env VM_MEM)
  --timeout SECS   power off and fail with 124 after SECS (default 600)
  -i, --interactive
                   console on this terminal, sized like it; without CMD,
                   a shell (exit powers off; Ctrl-A X kills the VM)
  --clock C        real (default, env VM_CLOCK): the guest's clock follows
                   the host's, for people watching it.  virtual: QEMU's
                   icount under TCG; guest time advances by the instructions
                   the guest executes (2^VM_ICOUNT_SHIFT ns each, default
                   2) and skips idle periods, so it does not depend on the
                   host's speed or load (make test and make bench use it)
  --accel A        real clock only.  auto (default, env VM_ACCEL): KVM if
                   a probe boot with it works on this host (the verdict is
                   cached in .cache/accel/), else TCG, saying why in one
                   line; kvm or tcg force one
  --describe       print the machine these options give (accelerator,
                   clock, vCPUs, memory) and exit without booting
env (experiments): VM_ICOUNT_SHIFT (0..10), VM_TCG_THREAD=multi
                   (multi-threaded TCG: faster, but guests crashed in 2 of 6
                   runs on QEMU 10; real clock only), VM_QEMU (another qemu-system-x86_64)
examples:
  scripts/vm.sh scxkit list
  scripts/vm.sh --cpus 4 -- scxkit run fifo --duration 3
  scripts/vm.sh --kernel old -- uname -r
  scripts/vm.sh --clock virtual -- latprobe
  VM_ACCEL=tcg make vm CMD='scxkit run fifo --duration 3'
EOT
}

while [ $# -gt 0 ]; do
	case "$1" in
	--cpus) cpus=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	-i | --interactive) interactive=1; shift ;;
	--accel) accel=$2; shift 2 ;;
	--clock) clock=$2; shift 2 ;;
	--describe) describe=1; shift ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	-*) echo "vm: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done
cmd="$*"
for v in cpus mem timeout; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "vm: --$v wants a positive integer, got '${!v}'" >&2; exit 2; }
done
[[ $shift_n =~ ^([0-9]|10)$ ]] || { echo "vm: VM_ICOUNT_SHIFT wants 0..10, got '$shift_n'" >&2; exit 2; }
case "$clock" in
virtual | real) ;;
*) echo "vm: --clock wants virtual or real, got '$clock'" >&2; exit 2 ;;
esac
case "$tcg_thread" in
single | multi) ;;
*) echo "vm: VM_TCG_THREAD wants single or multi, got '$tcg_thread'" >&2; exit 2 ;;
esac
[ -n "$cmd" ] || [ "$interactive" = 1 ] || [ "$describe" = 1 ] ||
	{ usage >&2; exit 2; }
case "$kernel" in
current) KDIR=$CACHE/kernel ;;
old) KDIR=$CACHE/kernel-old ;;
*) KDIR=$kernel ;;
esac
[ -s "$KDIR/vmlinuz" ] || { echo "vm: no sched_ext kernel in $KDIR; run 'make deps' first" >&2; exit 1; }
command -v "$QEMU" >/dev/null || { echo "vm: $QEMU missing; run 'make deps'" >&2; exit 1; }

# The clock, then the accelerator.  icount (the virtual clock) exists only
# under TCG; with the real clock a probe boot decides whether KVM works.
if [ "$clock" = virtual ] && [ "$accel" = kvm ]; then
	echo "vm: VM_ACCEL=kvm runs the guest on the host's clock (icount needs TCG): clock real" >&2
	clock=real
fi
if [ "$clock" = virtual ]; then
	[ "$tcg_thread" = multi ] &&
		{ echo "vm: VM_TCG_THREAD=multi cannot run the virtual clock (icount is single-threaded)" >&2; exit 2; }
	machine=(-accel tcg,thread=single -icount "shift=$shift_n,sleep=off")
	mode="TCG, virtual clock (icount shift=$shift_n)"
else
	verdict=$(VM_QEMU=$QEMU "$ROOT/scripts/vm_accel.sh" "$accel") || exit 2
	if [ "${verdict%%$'\t'*}" = kvm ]; then
		machine=(-accel kvm -cpu host)
		mode="KVM, real clock"
	else
		[ "$accel" = auto ] && echo "vm: using TCG: ${verdict#*$'\t'}" >&2
		machine=(-accel "tcg,thread=$tcg_thread")
		mode="TCG ($tcg_thread-threaded), real clock"
	fi
fi
mode="$mode, $cpus vCPUs, $mem MiB, kernel $(cat "$KDIR/version" 2>/dev/null || echo "in $KDIR")"
if [ "$describe" = 1 ]; then
	echo "$mode"
	exit 0
fi

work=$(mktemp -d /tmp/scxkit-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$ROOT/scripts/mkinitramfs.sh" "$work/initramfs.cpio" "$BUILD" "$cmd" "$interactive"

# cryptomgr.notests: the kernel's crypto self-tests otherwise keep a vCPU
# busy for the first ~4 s of guest time, which slowed whatever ran first
# (the vCPUs take turns on one host thread) by up to half.
append="console=ttyS0 quiet loglevel=4 panic=-1 tsc=reliable cryptomgr.notests"
# The guest can tell its tests how time runs (scxkit.clock).
append="$append scxkit.clock=$clock"
if [ "$interactive" = 1 ]; then
	size=$(stty size 2>/dev/null || echo "24 80")
	append="$append scxkit.interactive=1 scxkit.rows=${size% *} scxkit.cols=${size#* }"
	append="$append scxkit.term=${TERM:-linux}"
	serial=(-serial mon:stdio)
else
	serial=(-serial stdio)
fi
[ -n "${VM_QUIET:-}" ] || echo "vm: $mode" >&2

touch "$work/status"
set +e
# sed -u, not tr: the output must stream line by line (progress of long
# runs), and tr would hold it back in 4 KiB blocks.
if [ "$interactive" = 1 ]; then
	# --foreground: qemu must stay in the terminal's foreground group
	# to read the keyboard.
	timeout --foreground -k 5 "$timeout" "$QEMU" "${machine[@]}" \
		-m "$mem" -smp "$cpus" -display none -monitor none -no-reboot \
		"${serial[@]}" -serial "file:$work/status" \
		-kernel "$KDIR/vmlinuz" -initrd "$work/initramfs.cpio" \
		-append "$append"
	qrc=$?
else
	timeout -k 5 "$timeout" "$QEMU" "${machine[@]}" -m "$mem" \
		-smp "$cpus" -display none -monitor none -no-reboot \
		"${serial[@]}" -serial "file:$work/status" \
		-kernel "$KDIR/vmlinuz" -initrd "$work/initramfs.cpio" \
		-append "$append" </dev/null |
		sed -u -e 's/\r//g' -e '/^\[ *[0-9.]*\] reboot: Power down$/d'
	qrc=${PIPESTATUS[0]}
fi
set -e
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "vm: timed out after ${timeout}s" >&2
	exit 124
fi
status=$(tr -dc '0-9' <"$work/status")
if [ -z "$status" ]; then
	echo "vm: the guest died without reporting a status (qemu exit $qrc)" >&2
	exit 125
fi
exit "$status"
