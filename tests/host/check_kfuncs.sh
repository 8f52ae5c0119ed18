#!/bin/bash
# The framework declares the kfuncs it and the policies call
# (include/scxkit/bpf/kfuncs.bpf.h), so a vmlinux.h with types only, as
# generators other than bpftool write, is enough.  This compiles every
# policy and BPF test program against a copy of the VM kernel's vmlinux.h
# without its kfunc prototypes (lines "extern ... __ksym;").  And
# scxkit_error(): a call without arguments compiles, a format that does
# not match its arguments does not.
#   CLANG=... BPF_CFLAGS=... VMLINUX_H=... tests/host/check_kfuncs.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
: "${CLANG:=clang-19}" "${BPF_CFLAGS:?BPF_CFLAGS (from the Makefile)}"
: "${VMLINUX_H:=build/obj/include/vmlinux.h}"
[ -r "$VMLINUX_H" ] || { echo "kfuncs: no $VMLINUX_H (make first)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Our vmlinux.h first; dependency files are the build's business.
flags=$(echo " $BPF_CFLAGS " | sed 's/ -MMD / /g; s/ -MP / /g')
mkdir "$T/inc"
grep -v '^extern .* __ksym;$' "$VMLINUX_H" >"$T/inc/vmlinux.h"
stripped=$(($(wc -l <"$VMLINUX_H") - $(wc -l <"$T/inc/vmlinux.h")))
failed=0 n=0
# Else the check would prove nothing: the copy must lack the prototypes.
if [ "$stripped" -lt 20 ] ||
	grep -q '^extern .*scx_bpf_dsq_insert(' "$T/inc/vmlinux.h"; then
	echo "FAIL: $VMLINUX_H: only $stripped kfunc prototypes stripped"
	failed=$((failed + 1))
fi
compile() { # compile WANT(ok|refused) NAME SOURCE
	local out rc
	n=$((n + 1))
	out=$($CLANG -isystem "$T/inc" $flags -c "$3" -o "$T/out.o" 2>&1)
	rc=$?
	if { [ "$1" = ok ] && [ $rc = 0 ]; } ||
		{ [ "$1" = refused ] && [ $rc != 0 ] && grep -q -- "$4" <<<"$out"; }; then
		echo "ok: $2"
	else
		echo "FAIL: $2 (want $1, clang exit $rc):"
		echo "$out" | head -5
		failed=$((failed + 1))
	fi
}
for f in policies/*/*.bpf.c tests/bpf/*.bpf.c; do
	compile ok "$f without vmlinux.h's kfunc prototypes" "$f"
done
# The full vmlinux.h declares them too: the redeclarations must agree.
n=$((n + 1))
if out=$($CLANG -isystem "$(dirname "$VMLINUX_H")" $flags -c \
	policies/fifo/fifo.bpf.c -o "$T/out.o" 2>&1); then
	echo "ok: fifo with vmlinux.h's own kfunc prototypes"
else
	echo "FAIL: kfuncs.bpf.h disagrees with $VMLINUX_H:"
	echo "$out" | head -5
	failed=$((failed + 1))
fi
cat >"$T/noargs.bpf.c" <<'C'
#include <scxkit/scxkit.bpf.h>
static s32 t_init(void)
{
	scxkit_error("no arguments");
	return 0;
}
SCXKIT_POLICY(t, "scxkit_error without arguments", 0, .init = t_init);
C
compile ok "scxkit_error() without arguments" "$T/noargs.bpf.c"
sed 's/scxkit_error("no arguments")/scxkit_error("%s", 7ULL)/' \
	"$T/noargs.bpf.c" >"$T/badfmt.bpf.c"
compile refused "scxkit_error() with a mismatched format" "$T/badfmt.bpf.c" \
	"format specifies type"
echo "kfuncs: $n checked, $failed failed"
[ "$failed" = 0 ]
