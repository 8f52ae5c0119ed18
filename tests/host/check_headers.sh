#!/bin/bash
# Every public header compiles on its own: a file that includes just it,
# for userspace with $CC (include/scxkit/*.h but the .bpf.h ones) and for
# BPF with $CLANG -target bpf ($BPF_CFLAGS: the .bpf.h ones, and common.h,
# which both sides include).  So <scxkit/...> stays self-contained and
# needs nothing outside include/ (no "../").
#   CC=... CLANG=... BPF_CFLAGS=... tests/host/check_headers.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
: "${CC:=cc}" "${CLANG:=clang-19}" "${BPF_CFLAGS:?BPF_CFLAGS (from the Makefile)}"
# Dependency files are the build's business, not this check's.
bpf_flags=$(echo " $BPF_CFLAGS " | sed 's/ -MMD / /g; s/ -MP / /g')
failed=0 n=0
try() { # try HEADER COMPILER FLAGS...
	local h=$1 out
	shift
	n=$((n + 1))
	if out=$(printf '#include <scxkit/%s>\n' "$h" |
		"$@" -x c -fsyntax-only - 2>&1); then
		echo "ok: <scxkit/$h> alone ($1)"
	else
		echo "FAIL: <scxkit/$h> does not compile alone ($1):"
		echo "$out" | head -5
		failed=$((failed + 1))
	fi
}
for f in include/scxkit/*.h include/scxkit/bpf/*.h; do
	h=${f#include/scxkit/}
	case "$h" in
	*.bpf.h) try "$h" "$CLANG" $bpf_flags ;;
	common.h)
		try "$h" "$CC" -Wall -Wextra -Werror -Iinclude
		try "$h" "$CLANG" $bpf_flags
		;;
	*) try "$h" "$CC" -Wall -Wextra -Werror -Iinclude ;;
	esac
done
if grep -rn '"\.\./' include/; then
	echo "FAIL: a public header reaches outside include/"
	failed=$((failed + 1))
fi
echo "headers: $n compiled alone, $failed failed"
[ "$failed" = 0 ]
