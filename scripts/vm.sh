#!/bin/bash
# Boots the cached sched_ext kernel under QEMU with an initramfs holding
# busybox, the tools tests need and the project's build/ and tests/, runs one
# command as root inside, streams its output and exits with its status.
#
#   scripts/vm.sh [--cpus N] [--mem MB] [--timeout SECS] [--interactive] CMD...
#
# The guest's exit status travels over a second serial port, so the console
# stream stays exactly what CMD printed.  Exit 124 means the timeout hit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${SCXKIT_CACHE:-$ROOT/.cache}
KDIR=$CACHE/kernel
BUILD=${SCXKIT_BUILD:-$ROOT/build}

cpus=${VM_CPUS:-2}
mem=${VM_MEM:-1024}
timeout=${VM_TIMEOUT:-600}
interactive=${VM_INTERACTIVE:-0}

usage() {
	cat <<'EOT'
usage: scripts/vm.sh [options] [--] CMD...
Run CMD as root inside a QEMU VM booted with a sched_ext kernel.

  --cpus N         vCPUs (default 2, env VM_CPUS)
  --mem MB         memory in MiB (default 1024, env VM_MEM)
  --timeout SECS   power off and fail with 124 after SECS (default 600)
  -i, --interactive
                   console on this terminal, sized like it; without CMD,
                   a shell (exit powers off; Ctrl-A X kills the VM)
examples:
  scripts/vm.sh scxkit list
  scripts/vm.sh --cpus 4 -- scxkit run fifo --duration 3
  make vm CMD='scxkit run fifo --duration 3'
EOT
}

while [ $# -gt 0 ]; do
	case "$1" in
	--cpus) cpus=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	-i | --interactive) interactive=1; shift ;;
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
[ -n "$cmd" ] || [ "$interactive" = 1 ] || { usage >&2; exit 2; }
[ -s "$KDIR/vmlinuz" ] || { echo "vm: no sched_ext kernel in $KDIR; run 'make deps' first" >&2; exit 1; }
command -v qemu-system-x86_64 >/dev/null || { echo "vm: qemu-system-x86_64 missing; run 'make deps'" >&2; exit 1; }

work=$(mktemp -d /tmp/scxkit-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$ROOT/scripts/mkinitramfs.sh" "$work/initramfs.cpio" "$BUILD" "$cmd" "$interactive"

append="console=ttyS0 quiet loglevel=4 panic=-1 tsc=reliable"
if [ "$interactive" = 1 ]; then
	size=$(stty size 2>/dev/null || echo "24 80")
	append="$append scxkit.interactive=1 scxkit.rows=${size% *} scxkit.cols=${size#* }"
	append="$append scxkit.term=${TERM:-linux}"
	serial=(-serial mon:stdio)
else
	serial=(-serial stdio)
fi
accel=(-accel "tcg,thread=${VM_TCG_THREAD:-single}")
[ -w /dev/kvm ] && accel=(-accel kvm -cpu host)

touch "$work/status"
set +e
if [ "$interactive" = 1 ]; then
	# --foreground: qemu must stay in the terminal's foreground group
	# to read the keyboard.
	timeout --foreground -k 5 "$timeout" qemu-system-x86_64 "${accel[@]}" \
		-m "$mem" -smp "$cpus" -display none -monitor none -no-reboot \
		"${serial[@]}" -serial "file:$work/status" \
		-kernel "$KDIR/vmlinuz" -initrd "$work/initramfs.cpio" \
		-append "$append"
	qrc=$?
else
	timeout -k 5 "$timeout" qemu-system-x86_64 "${accel[@]}" -m "$mem" \
		-smp "$cpus" -display none -monitor none -no-reboot \
		"${serial[@]}" -serial "file:$work/status" \
		-kernel "$KDIR/vmlinuz" -initrd "$work/initramfs.cpio" \
		-append "$append" </dev/null | tr -d '\r' |
		sed -u '/^\[ *[0-9.]*\] reboot: Power down$/d'
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
