#!/bin/bash
# Runs the host-side tests: each unit-test binary given, then the checks
# of the launcher against this host's kernel.  Prints one summary line.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/  /'
	p=$(echo "$out" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$out" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ "$rc" = 0 ] || [ "${f:-0}" != 0 ] || failed=$((failed + 1))
done
"$ROOT/tests/host/run_host.sh"
rc=$?
hp=$(cat "$ROOT/build/host-results" 2>/dev/null || echo "0 0")
passed=$((passed + ${hp% *}))
failed=$((failed + ${hp#* }))
[ "$rc" = 0 ] || [ "${hp#* }" != 0 ] || failed=$((failed + 1))
echo "unit: $passed passed, $failed failed"
[ "$failed" = 0 ]
