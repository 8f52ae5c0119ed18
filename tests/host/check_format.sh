#!/bin/bash
# How many of the C files git tracks clang-format (.clang-format, kernel
# style) would change: clang-format --dry-run on each, no file touched.
# Prints "format: N of M files need clang-format" and the files; exits 1
# when N > 0 (run_host.sh's check; `make format` fixes it).
#   CLANG_FORMAT=clang-format-14 tests/host/check_format.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
if [ -z "${CLANG_FORMAT:-}" ]; then
	for CLANG_FORMAT in clang-format-14 clang-format ""; do
		[ -n "$CLANG_FORMAT" ] && command -v "$CLANG_FORMAT" >/dev/null &&
			break
	done
fi
if [ -z "$CLANG_FORMAT" ]; then
	echo "format: no clang-format installed"
	exit 2
fi
# The templates scxkit new fills in hold @NAME@ placeholders, not C.
mapfile -t files < <(git ls-files '*.c' '*.h' ':!launcher/new_template/')
# --dry-run reports each change as "FILE:LINE:COL: warning: ..." on
# stderr and touches nothing; one run for all files is quick.
mapfile -t changed < <("$CLANG_FORMAT" --dry-run "${files[@]}" 2>&1 >/dev/null |
	sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: \(warning\|error\): .*/\1/p' |
	sort -u)
echo "format: ${#changed[@]} of ${#files[@]} files need $CLANG_FORMAT"
for f in "${changed[@]}"; do
	echo "  $f"
done
[ "${#changed[@]}" = 0 ]
