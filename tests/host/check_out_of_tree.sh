#!/bin/bash
# Out-of-tree policies and applications, the host half: install scxkit
# into a DESTDIR, then in an empty folder outside the tree, with only the
# installed files, pkg-config and a vmlinux.h, build
#   (a) the application tests/out_of_tree/qos_app.c against libscxkit_qos.so,
#   (b) the policy `scxkit new oot_demo` writes, with its own Makefile,
#   (c) the same policy against headers that claim another framework ABI,
# and check what needs no sched_ext: `scxkit new`'s refusals, the policy's
# --help by path, the ABI refusal (exit 1).  The results land in
# build/out-of-tree/ (the install included), where tests/vm/t_out_of_tree.sh
# runs them in the VM.
#   CC=... tests/host/check_out_of_tree.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CC:=cc}"
CHECK_NAME=out-of-tree
. "$ROOT/tests/host/check_lib.sh"
OUT=$ROOT/build/out-of-tree
PREFIX=/opt/scxkit
D=$OUT/dest
P=$D$PREFIX
tmp=$(mktemp -d /tmp/scxkit-oot.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
# The VM kernel's types unless the host runs sched_ext itself: the case
# the Makefile `scxkit new` writes documents as VMLINUX_H=.
vmlinux_h=${SCXKIT_CACHE:-$ROOT/.cache}/kernel/vmlinux.h
[ -d /sys/kernel/sched_ext ] && vmlinux_h=

rm -rf "$OUT"
mkdir -p "$OUT"
if ! make -C "$ROOT" --no-print-directory install DESTDIR="$D" \
	PREFIX="$PREFIX" >"$tmp/install.log" 2>&1; then
	fail "make install DESTDIR=$D PREFIX=$PREFIX: $(tail -3 "$tmp/install.log")"
	finish
fi
ok "make install into $D"

# From here on nothing of the tree: the installed launcher and .pc files,
# and no make state of ours (make test's jobserver) in the user's make.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
export PATH=$P/bin:$PATH
export PKG_CONFIG_PATH=$P/lib/pkgconfig
# --define-prefix: the .pc files name $PREFIX, their location is $P.
export PKG_CONFIG="pkg-config --define-prefix"
pc() { $PKG_CONFIG "$@"; }
work=$tmp/work
mkdir "$work"
cd "$work" || finish
expect "scxkit is the installed one" test "$(command -v scxkit)" = "$P/bin/scxkit"

# --- scxkit new -----------------------------------------------------------

out=$(scxkit new oot_demo 2>&1)
expect "scxkit new oot_demo: $(echo "$out" | head -1)" \
	test -f oot_demo/oot_demo.bpf.c -a -f oot_demo/Makefile
sum=$(cat oot_demo/* | md5sum)
again=$(scxkit new oot_demo 2>&1)
rc=$?
kept() { [ "$rc" = 1 ] && [ "$(cat oot_demo/* | md5sum)" = "$sum" ] &&
	grep -q "nothing was overwritten" <<<"$again"; }
expect "scxkit new again: exit 1, nothing overwritten ($again)" kept
bad=$(scxkit new 'no-dash' 2>&1)
expect "scxkit new with a bad name: exit 2 ($bad)" test $? = 2 -a ! -e no-dash
expect "scxkit new --help has examples" \
	grep -q "examples:" <<<"$(scxkit new --help)"

# --- (b) the policy, built by its own Makefile ----------------------------

if out=$(make -C oot_demo ${vmlinux_h:+VMLINUX_H="$vmlinux_h"} 2>&1); then
	ok "make in oot_demo/ (pkg-config scxkit-policy, vmlinux.h ${vmlinux_h:-from /sys/kernel/btf})"
	expect "... without a compiler warning" \
		test -z "$(grep 'warning:' <<<"$out" | grep -v '^make')"
else
	fail "make in oot_demo/: $(echo "$out" | tail -4)"
fi
# An upgraded scxkit (a newer installed header) makes the policy stale.
mk_demo() { make -s --no-print-directory -C oot_demo \
	${vmlinux_h:+VMLINUX_H="$vmlinux_h"} "$@" >/dev/null 2>&1; }
stale() {
	mk_demo -q && touch "$P/include/scxkit/common.h" && ! mk_demo -q &&
		mk_demo && mk_demo -q
}
expect "the Makefile rebuilds the policy after an installed header changes" stale
# Without a kernel to take vmlinux.h from, the Makefile says what to do.
if [ ! -d /sys/kernel/sched_ext ]; then
	mkdir nosched && cp oot_demo/oot_demo.bpf.c oot_demo/Makefile nosched/
	out=$(make -C nosched 2>&1)
	rc=$?
	said() { [ "$rc" != 0 ] && grep -q "set VMLINUX_BTF= or VMLINUX_H=" <<<"$out"; }
	expect "make on a host without sched_ext fails, naming VMLINUX_BTF/VMLINUX_H" said
fi
help=$(scxkit run ./oot_demo/oot_demo.bpf.o --help 2>&1)
opts() { grep -q -- "--share N .*default 4" <<<"$help" &&
	grep -q "^usage: scxkit run ./oot_demo/oot_demo.bpf.o" <<<"$help"; }
expect "run ./oot_demo/oot_demo.bpf.o --help shows its options" opts
nosuch=$(scxkit run ./nosuch.bpf.o --help 2>&1)
expect "run of a missing file: exit 2, named ($nosuch)" \
	test $? = 2 -a -n "$(grep -o 'nosuch.bpf.o: No such file' <<<"$nosuch")"
echo junk >junk.bpf.o
junk=$(scxkit run ./junk.bpf.o 2>&1)
expect "run of a file that is no policy: exit 1 ($junk)" \
	test $? = 1 -a -n "$(grep -o 'not an ELF object' <<<"$junk")"

# --- the installed launcher's texts ---------------------------------------

# They name nothing of the source tree (no make vm, policies/, README):
# the user of an install has none.
tree_words='make vm|policies/|README|docs/|scripts/|build/'
texts=$(scxkit --help 2>&1; scxkit run fifo --help 2>&1
	scxkit run ./oot_demo/oot_demo.bpf.o --help 2>&1; scxkit new --help 2>&1
	scxkit run fifo --bogus 2>&1)
if [ ! -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
	texts+=$'\n'$(scxkit run fifo --duration 1 2>&1)
fi
expect "the installed launcher's texts name nothing of the source tree: $(grep -E "$tree_words" <<<"$texts" | head -2)" \
	test -z "$(grep -E "$tree_words" <<<"$texts")"
# scxkit --help's example of a new policy, as printed (a kernel with
# sched_ext to build against: VMLINUX_H, as above), then its run --help.
new_ex=$(scxkit --help | sed -n 's/^  \(scxkit new .*\)$/\1/p')
run_ex=$(scxkit --help | sed -n 's/^  sudo \(scxkit run \.\/.*\.bpf\.o\)$/\1/p')
mkdir example && cd example || finish
out=$(export ${vmlinux_h:+VMLINUX_H="$vmlinux_h"}; eval "$new_ex" 2>&1 &&
	eval "$run_ex --help" 2>&1)
rc=$?
example_works() { [ -n "$new_ex" ] && [ -n "$run_ex" ] && [ "$rc" = 0 ] &&
	grep -q "^usage: scxkit run " <<<"$out"; }
expect "scxkit --help's example works: $new_ex; $run_ex --help (exit $rc)" example_works
[ "$rc" = 0 ] || fails+=("$(tail -3 <<<"$out")")
cd "$work" || finish

# --- (c) another ABI: the installed headers with the number bumped --------

abi=$(sed -n 's/^#define SCXKIT_ABI \([0-9]*\)$/\1/p' "$P/include/scxkit/common.h")
mkdir -p abi/include abi/src
cp -r "$P/include/scxkit" abi/include/
sed -i "s/^#define SCXKIT_ABI $abi\$/#define SCXKIT_ABI $((abi + 1))/" \
	abi/include/scxkit/common.h
cp oot_demo/oot_demo.bpf.c abi/src/
cp -r oot_demo/vmlinux abi/src/ 2>/dev/null
# -I abi/include first: its headers, not the installed ones, are found.
if out=$($(pc --variable=clang scxkit-policy) -Iabi/include \
	$(pc --variable=bpf_cflags scxkit-policy) -isystem abi/src/vmlinux -c abi/src/oot_demo.bpf.c -o oot_abi_next.bpf.o 2>&1); then
	ok "oot_demo built for ABI $((abi + 1)) (this scxkit: $abi)"
else
	fail "oot_demo for ABI $((abi + 1)): $(echo "$out" | head -3)"
fi
refused=$(scxkit run ./oot_abi_next.bpf.o --duration 1 2>&1)
rc=$?
abi_refused() { [ "$rc" = 1 ] &&
	grep -q "built for scxkit ABI $((abi + 1)), but this scxkit loads ABI $abi" <<<"$refused"; }
expect "run of an ABI $((abi + 1)) object: exit $rc, $refused" abi_refused

# --- (a) the application ---------------------------------------------------

cp "$ROOT/tests/out_of_tree/qos_app.c" .
if out=$("$CC" -Wall -Wextra -Werror -pthread qos_app.c -o qos_app \
	$(pc --cflags --libs scxkit-qos) 2>&1); then
	ok "cc qos_app.c \$(pkg-config --cflags --libs scxkit-qos)"
else
	fail "cc qos_app.c: $out"
fi
expect "qos_app needs libscxkit_qos.so" \
	grep -q 'NEEDED.*libscxkit_qos\.so' <<<"$(readelf -d qos_app 2>&1)"

# What the VM test runs.
cp oot_demo/oot_demo.bpf.o oot_abi_next.bpf.o qos_app "$OUT/" 2>/dev/null
echo "$abi" >"$OUT/abi"
expect "build/out-of-tree/ holds the policy, the ABI $((abi + 1)) object and the application" \
	test -f "$OUT/oot_demo.bpf.o" -a -f "$OUT/oot_abi_next.bpf.o" -a -x "$OUT/qos_app"
finish
