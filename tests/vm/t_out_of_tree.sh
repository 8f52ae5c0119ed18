# Out-of-tree policies and applications, the VM half (the host half,
# tests/host/check_out_of_tree.sh, built everything from an install in an
# empty folder outside the tree).  With the installed launcher: the policy
# `scxkit new` wrote attaches by path, lists its options, shows its
# counters in `scxkit stats` and the dashboard; the application's threads
# get the QoS level they set, which the policy sees (its qos queue serves
# them); an object built for another framework ABI is refused with exit 1
# and nothing attached.
. "$(dirname "$0")/lib.sh"
OOT=/scxkit/build/out-of-tree
P=$OOT/dest/opt/scxkit
[ -x "$OOT/qos_app" ] && [ -f "$OOT/oot_demo.bpf.o" ] ||
	fail "$OOT lacks the built files: run tests/host/check_out_of_tree.sh (make test-unit) first"
# The installed launcher, not the tree's, for start_sched and stats.
PATH=$P/bin:$PATH
[ "$(command -v scxkit)" = "$P/bin/scxkit" ] || fail "installed scxkit not first in PATH"
abi=$(cat "$OOT/abi")

scxkit run "$OOT/oot_abi_next.bpf.o" --duration 1 >"$T/abi.out" 2>&1
expect_eq "ABI $((abi + 1)) object: exit status" "$?" 1
expect_grep "ABI $((abi + 1)) object: the reason" \
	"built for scxkit ABI $((abi + 1)), but this scxkit loads ABI $abi" "$T/abi.out"
expect_eq "ABI $((abi + 1)) object: nothing attached" "$(sched_state)" disabled

scxkit run "$OOT/oot_demo.bpf.o" --help >"$T/help" 2>&1
expect_grep "--help by path: its options" "--share N .*default 4" "$T/help"

start_sched "$OOT/oot_demo.bpf.o" --share 3 --json --interval-ms 500
expect_eq "oot_demo attached by path: ops name" "$(cat $SCX/root/ops)" scxkit_oot_demo
# Level-0 spinners, one per CPU and one more, so that tasks queue.
spin --threads $(($(nproc) + 1)) --ms 3000 >/dev/null &
spin_pid=$!
scxkit stats >"$T/before" || fail "scxkit stats failed"
before=$(stats_counter "$T/before" qos_runs)
LD_LIBRARY_PATH=$P/lib "$OOT/qos_app" --threads 2 --level 1 --seconds 2 \
	>"$T/app" 2>&1
rc=$?
cat "$T/app"
expect_eq "qos_app exit status" "$rc" 0
expect_grep "qos_app: every thread read back level 1" "ok, 2 threads at level 1" "$T/app"
expect_grep "qos_app: through shared memory" "shared 1" "$T/app"
scxkit stats >"$T/after" || fail "scxkit stats failed"
# The dashboard, headless: the policy by name, its own counters.
scxkit top --snapshot -n 1 --width 100 >"$T/snap" 2>&1
expect_eq "dashboard snapshot: exit status" "$?" 0
expect_grep "dashboard names the policy" 'scxkit: oot_demo | enabled' "$T/snap"
expect_grep "dashboard shows its counters" 'qos_runs' "$T/snap"
after=$(stats_counter "$T/after" qos_runs)
other=$(stats_counter "$T/after" other_runs)
note "qos_runs $before before the application, $after after; other_runs $other"
[ -n "$before" ] && [ -n "$after" ] && [ -n "$other" ] ||
	{ cat "$T/after"; fail "scxkit stats lacks oot_demo's counters"; }
# Only threads at level >= 1 go to the qos queue: before the application
# none had a level, so every qos_run is one of its threads.
expect_eq "qos queue unused before the application" "$before" 0
[ "$after" -gt 0 ] || fail "the policy never saw the application's level"
[ "$other" -gt 0 ] || fail "level-0 tasks never ran from the other queue"
wait "$spin_pid"
stop_sched
expect_eq "oot_demo: exit status" "$SCHED_RC" 0
expect_grep "oot_demo: JSON stats lines carry its counters" '"qos_runs"' "$T/sched.out"
expect_grep "oot_demo: exit record, requested" '"type":"exit".*"requested":true' "$T/sched.out"
