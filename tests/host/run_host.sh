#!/bin/bash
# Host-side checks of the real launcher binary that need no sched_ext:
# help texts, list, and the error on a kernel without sched_ext.  Writes
# "PASSED FAILED" to build/host-results.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$ROOT/build/scxkit
passed=0 failed=0
check() { # check NAME WANT_RC PATTERN CMD...
	local name=$1 want=$2 pat=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -q -- "$pat" <<<"$out"; then
		passed=$((passed + 1))
		echo "  ok: $name"
	else
		failed=$((failed + 1))
		echo "  FAIL: $name: exit $rc (want $want), output:"
		echo "$out" | head -5 | sed 's/^/    /'
	fi
}
check "help" 0 "examples:" "$S" help
check "no command" 2 "usage: scxkit" "$S"
check "list" 0 "^fifo " "$S" list
check "run --help lists policy options" 0 "slice-us N .*default 20000" "$S" run fifo --help
check "unknown policy" 2 "known: .*fifo, " "$S" run nope
check "rr lists its timer option" 0 "timer-us N .*default 250" "$S" run rr --help
check "stats without a scheduler" 1 "nothing serves stats on /tmp/scxkit-no-such.sock" "$S" stats --socket /tmp/scxkit-no-such.sock
check "stats bad argument" 2 "bad argument" "$S" stats --frob
check "top --help" 0 "keys: q quit" "$S" top --help
check "top bad option" 2 "unknown option '--frob'" "$S" top --frob
check "top interval out of range" 2 "bad value for -d" "$S" top -d 5
check "top snapshot without a scheduler" 1 "nothing serves stats on /tmp/scxkit-no-such.sock" "$S" top --snapshot --socket /tmp/scxkit-no-such.sock
check "top without a terminal" 1 "needs a terminal" "$S" top --socket /tmp/scxkit-no-such.sock </dev/null
check "run --tui without a terminal" 2 "needs a terminal" "$S" run fifo --tui </dev/null
check "run --tui with --json" 2 "exclude each other" "$S" run fifo --tui --json
check "the tutorial is its policy's code" 0 "ok: docs/tutorial.md" "$ROOT/tests/host/check_tutorial.sh"
check "boost, the tutorial's policy, is built in" 0 "^boost " "$S" list
check "every public header compiles alone" 0 "^headers: .* 0 failed" "$ROOT/tests/host/check_headers.sh"
check "make bench's medians of repeated runs, seeds, min-max" 0 "ok: median_runs.awk seeds, min-max, shapes apart" "$ROOT/tests/host/check_median_runs.sh"
check "make bench's workload shapes and their settings" 0 "ok: shapes.sh settings" "$ROOT/tests/host/check_bench_shapes.sh"
check "make bench-ab's report" 0 "ok: summarize_ab.awk" "$ROOT/tests/host/check_summarize_ab.sh"
check "the VM runner's accelerator and clock choice" 0 "ok: --help names VM_TCG_THREAD" "$ROOT/tests/host/check_vm_accel.sh"
check "make install and uninstall into a DESTDIR" 0 "^install: .* 0 failed" "$ROOT/tests/host/check_install.sh"
check "out-of-tree: scxkit new, a policy and an application built from the install" 0 "^out-of-tree: .* 0 failed" "$ROOT/tests/host/check_out_of_tree.sh"
check "the systemd service: installed, verified, its settings" 0 "^service: .* 0 failed" "$ROOT/tests/host/check_service.sh"
check "the man pages render and match --help and the headers" 0 "^man: .* 0 failed" "$ROOT/tests/host/check_man.sh"
if [ ! -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
	check "kernel without sched_ext" 1 "has no sched_ext (CONFIG_SCHED_CLASS_EXT); run it in the VM" "$S" run fifo --duration 1
fi
echo "host: $passed passed, $failed failed"
echo "$passed $failed" >"$ROOT/build/host-results"
[ "$failed" = 0 ]
