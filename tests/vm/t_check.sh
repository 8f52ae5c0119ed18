# timeout: 900
# scxkit check: every built-in policy passes it (a short stress mix,
# CHECK_SECONDS, default 1), and so does the policy `scxkit new` wrote
# (built by tests/host/check_out_of_tree.sh); the two policies broken on
# purpose (tests/policies/) fail it with exit 1, each in the scenario its
# bug belongs to; --json prints one report that has the documented
# schema (man/scxkit.8, "scxkit check"), checked field by field here
# since the guest has no JSON tool.
. "$(dirname "$0")/lib.sh"
B=/scxkit/build/tests/policies
OOT=/scxkit/build/out-of-tree/oot_demo.bpf.o
S=${CHECK_SECONDS:-1}
SCENARIOS="attach-full attach-partial stress pinned hotplug kill9 fairness"

# check_json FILE VERDICT - FILE holds one report of the schema, overall
# VERDICT, one object per scenario in SCENARIOS' order.
check_json() {
	local f=$1 want=$2 num='[0-9][0-9.e+-]*' s names
	[ "$(wc -l <"$f")" = 1 ] || { cat "$f"; fail "--json: not one line"; }
	grep -Eq "^\{\"type\":\"check\",\"schema\":1,\"policy\":\"[a-z_0-9]+\",\"seconds\":$num,\"cpus\":[0-9]+,\"vm\":(true|false),\"wait_bound_ms\":$num,\"kill_bound_ms\":$num,\"verdict\":\"$want\",\"passed\":[0-9]+,\"failed\":[0-9]+,\"skipped\":[0-9]+,\"scenarios\":\[.*\]\}$" "$f" ||
		{ cat "$f"; fail "--json: the report's fields"; }
	for s in $SCENARIOS; do
		grep -Eq "\{\"name\":\"$s\",\"verdict\":\"(pass|fail|skip|info)\",\"bounds\":\"[^\"]+\",\"detail\":\"[^\"]*\",\"figures\":\{" "$f" ||
			{ cat "$f"; fail "--json: scenario $s"; }
	done
	names=$(grep -o '{"name":"[a-z0-9-]*"' "$f" | cut -d'"' -f4 | tr '\n' ' ')
	expect_eq "--json: the scenarios, in order" "$names" "$SCENARIOS "
}

# verdict_of FILE SCENARIO - PASS, FAIL, SKIP or INFO from the text report
verdict_of() {
	awk -v s="$2" '$1 == s { sub(":", "", $2); print $2 }' "$1"
}

# Every built-in policy, and the out-of-tree one, passes.
for p in $(scxkit list | awk '{print $1}') "$OOT"; do
	[ -f "$p" ] || [ "${p#/}" = "$p" ] ||
		fail "$p missing: run tests/host/check_out_of_tree.sh (make test-unit) first"
	t0=$(date +%s)
	scxkit check "$p" --seconds "$S" >"$T/out" 2>&1
	rc=$?
	sed 's/^/    /' "$T/out"
	expect_eq "check $(basename "$p") passes ($(($(date +%s) - t0)) s)" "$rc" 0
	expect_eq "state after check $(basename "$p")" "$(sched_state)" disabled
done

# The JSON report, of a passing run.
scxkit check fifo --seconds 1 --json >"$T/json" 2>"$T/err"
expect_eq "check fifo --json: exit status" "$?" 0
check_json "$T/json" pass

# broken_drop loses every 100th new task: the stress mix's fork/exit load
# sees children that never ran.  2 s, so that the emulated guest forks
# well over 100 tasks (over 150 in 1 s here).
scxkit check "$B/broken_drop.bpf.o" --seconds 2 >"$T/drop" 2>&1
rc=$?
sed 's/^/    /' "$T/drop"
expect_eq "broken_drop: exit status" "$rc" 1
expect_eq "broken_drop: stress fails" "$(verdict_of "$T/drop" stress)" FAIL
expect_grep "broken_drop: lost tasks named" '^stress *FAIL: .*[1-9][0-9]* lost task' "$T/drop"
expect_grep "broken_drop: overall" '^check: broken_drop: FAIL' "$T/drop"
expect_eq "state after broken_drop" "$(sched_state)" disabled

# broken_pinned never runs a task allowed on one CPU only; --json this
# time, which must say the same.
scxkit check "$B/broken_pinned.bpf.o" --seconds "$S" --json >"$T/pin" 2>"$T/err"
rc=$?
cat "$T/pin"
expect_eq "broken_pinned: exit status" "$rc" 1
check_json "$T/pin" fail
expect_grep "broken_pinned: pinned fails" '{"name":"pinned","verdict":"fail","bounds":"[^"]*","detail":"[0-9]* of [0-9]* pinned tasks did not run' "$T/pin"
expect_eq "state after broken_pinned" "$(sched_state)" disabled
