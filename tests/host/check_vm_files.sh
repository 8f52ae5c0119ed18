#!/bin/bash
# make vm CMD='scxkit run ./mine.bpf.o': the VM's initramfs
# (scripts/mkinitramfs.sh) holds each .bpf.o file CMD names, at the path
# CMD gives it in the guest (relative ones from /scxkit, the guest's
# working folder), and a name that is no file is reported.  Builds the
# initramfs without booting it.  Needs the launcher built (make).
#   tests/host/check_vm_files.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHECK_NAME=vm-files
. "$ROOT/tests/host/check_lib.sh"
tmp=$(mktemp -d /tmp/scxkit-vmfiles.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || finish
mkdir -p mine/sub
echo rel >mine/sub/rel.bpf.o
echo abs >abs.bpf.o
cmd="scxkit run ./mine/sub/rel.bpf.o --duration 1; scxkit run $tmp/abs.bpf.o; scxkit run ./gone.bpf.o"
if ! out=$("$ROOT/scripts/mkinitramfs.sh" "$tmp/i.cpio" "$ROOT/build" "$cmd" 0 2>&1); then
	fail "mkinitramfs.sh: $(tail -3 <<<"$out")"
	finish
fi
list=$(cpio -it --quiet <"$tmp/i.cpio")
has() { grep -qx -- "$1" <<<"$list"; }
expect "a relative .bpf.o lands where the guest finds it: scxkit/mine/sub/rel.bpf.o" \
	has scxkit/mine/sub/rel.bpf.o
expect "an absolute .bpf.o lands at its path: ${tmp#/}/abs.bpf.o" has "${tmp#/}/abs.bpf.o"
same_file() {
	mkdir x && cd x && cpio -id --quiet scxkit/mine/sub/rel.bpf.o <"$tmp/i.cpio" &&
		cmp -s scxkit/mine/sub/rel.bpf.o "$tmp/mine/sub/rel.bpf.o"
}
expect "its content is the file's" same_file
cd "$tmp" || finish
expect "a .bpf.o that is no file is named: $(grep gone <<<"$out")" \
	grep -q "CMD names ./gone.bpf.o, but $tmp/gone.bpf.o is not a file" <<<"$out"
finish
