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
check "--version" 0 "^scxkit [0-9][0-9.]*" "$S" --version
check "version" 0 "^scxkit [0-9][0-9.]*" "$S" version
check "help in the build tree names make vm" 0 "make vm CMD=" "$S" help
check "run --help in the build tree names the policy's source" 0 "top of policies/fifo/fifo.bpf.c" "$S" run fifo --help
check "no command" 2 "usage: scxkit" "$S"
check "list" 0 "^fifo " "$S" list
check "list --json gives each option's name, default, range and help" 0 \
	'"name":"fifo","summary":"[^"]*","options":\[{"name":"slice_us","default":20000,"min":50,"max":1000000,"help":"time slice in microseconds"}\]' \
	"$S" list --json
check "run --help lists policy options" 0 "slice-us N .*default 20000" "$S" run fifo --help
check "unknown policy" 2 "known: .*fifo, " "$S" run nope
check "--check-options: valid options" 0 "^$" "$S" run fifo --slice-us 500 --check-options
check "--check-options: a bad value" 2 "slice-us wants an integer in 50..1000000, got '0'" "$S" run fifo --slice-us 0 --check-options
# make run's script refuses a bad option before the VM boots (echo stands
# in for scripts/vm.sh: what it prints is what would have booted).
check "make run refuses a bad option before the VM" 2 "slice-us wants an integer" \
	env SCXKIT_VM_RUNNER=echo "$ROOT/scripts/run.sh" fifo --slice-us 0
check "make run refuses an unknown policy before the VM" 2 "unknown policy 'nope'" \
	env SCXKIT_VM_RUNNER=echo "$ROOT/scripts/run.sh" nope
if [ ! -d /sys/kernel/sched_ext ]; then
	check "make run boots the VM with good options" 0 "scxkit run fifo --slice-us 500 --duration 10" \
		env SCXKIT_VM_RUNNER=echo "$ROOT/scripts/run.sh" fifo --slice-us 500 </dev/null
fi
check "unknown option given last" 2 "unknown option '--bogus' for policy fifo" "$S" run fifo --bogus
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
# scxkit check's usage errors exit 2 before anything is attached.
check "check without a policy" 2 "usage: scxkit check POLICY" "$S" check
check "check --help" 0 "usage: scxkit check POLICY" "$S" check fifo --help
check "check refuses the options its scenarios choose" 2 "check chooses --partial and --duration itself" "$S" check fifo --partial
check "check --seconds out of range" 2 "seconds wants 1..3600, got '0'" "$S" check fifo --seconds 0
check "check of an unknown policy" 2 "unknown policy 'nope'" "$S" check nope
check "check with an unknown option" 2 "unknown option '--bogus' for policy fifo" "$S" check fifo --bogus
check "the tutorial is its policy's code" 0 "ok: docs/tutorial.md" "$ROOT/tests/host/check_tutorial.sh"
check "boost, the tutorial's policy, is built in" 0 "^boost " "$S" list
check "every public header compiles alone" 0 "^headers: .* 0 failed" "$ROOT/tests/host/check_headers.sh"
check "policies build against a vmlinux.h without kfunc prototypes" 0 "^kfuncs: .* 0 failed" "$ROOT/tests/host/check_kfuncs.sh"
check "make bench's medians of repeated runs, seeds, min-max" 0 "ok: median_runs.awk seeds, min-max, shapes apart" "$ROOT/tests/host/check_median_runs.sh"
check "make bench's workload shapes and their settings" 0 "ok: shapes.sh settings" "$ROOT/tests/host/check_bench_shapes.sh"
check "make bench-ab's report" 0 "ok: summarize_ab.awk" "$ROOT/tests/host/check_summarize_ab.sh"
check "the VM runner's accelerator and clock choice" 0 "ok: --help names VM_TCG_THREAD" "$ROOT/tests/host/check_vm_accel.sh"
check "make vm puts the .bpf.o files CMD names in the VM" 0 "^vm-files: .* 0 failed" "$ROOT/tests/host/check_vm_files.sh"
check "make install and uninstall into a DESTDIR" 0 "^install: .* 0 failed" "$ROOT/tests/host/check_install.sh"
check "out-of-tree: scxkit new, a policy and an application built from the install" 0 "^out-of-tree: .* 0 failed" "$ROOT/tests/host/check_out_of_tree.sh"
check "the systemd service: installed, verified, its settings" 0 "^service: .* 0 failed" "$ROOT/tests/host/check_service.sh"
check "the man pages render and match --help and the headers" 0 "^man: .* 0 failed" "$ROOT/tests/host/check_man.sh"
check "every relative link in README.md and docs/ resolves" 0 "^links: [1-9][0-9]* checked, 0 broken" "$ROOT/tests/host/check_links.sh"
check "the link check finds broken links and anchors" 1 "^links: 5 checked, 2 broken" "$ROOT/tests/host/check_links.sh" "$ROOT/tests/host/links_broken.md"
if [ ! -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
	check "kernel without sched_ext" 1 "has no sched_ext (CONFIG_SCHED_CLASS_EXT); run it in the VM" "$S" run fifo --duration 1
	check "check on a kernel without sched_ext names make vm" 1 "has no sched_ext .*make vm CMD='scxkit check" "$S" check fifo --seconds 1
fi
check "the C sources are clang-format clean (make format)" 0 "^format: 0 of" "$ROOT/tests/host/check_format.sh"
echo "host: $passed passed, $failed failed"
echo "$passed $failed" >"$ROOT/build/host-results"
[ "$failed" = 0 ]
