# boost, the tutorial's policy (docs/tutorial.md): with more demand than
# CPUs, threads that set QoS level 1 get more CPU bursts done than level-0
# threads, and clearly more than under fifo, which ignores QoS; the
# level-0 threads still make progress (a burst of boosted tasks ends with
# a normal one), and boost's counters show both paths.
. "$(dirname "$0")/lib.sh"
ratio() { # bursts of level 1 / level 0, x100, from a mixqos line
	sed -n 's/.*bursts_per_level \([0-9]*\),\([0-9]*\).*/\1 \2/p' "$1" |
		awk '{ if ($1 > 0) printf "%d %d %d", $2 * 100 / $1, $1, $2 }'
}
for policy in fifo boost; do
	start_sched "$policy" --partial --json --interval-ms 500
	mixqos --threads 12 --seconds 6 --levels 2 --limit-s 20 >"$T/$policy" 2>&1 ||
		{ cat "$T/$policy"; fail "$policy: mixqos failed"; }
	cat "$T/$policy"
	stop_sched
	expect_eq "$policy: exit status" "$SCHED_RC" 0
	cp "$T/sched.out" "$T/$policy.json"
done
set -- $(ratio "$T/fifo")
fifo_r=$1
set -- $(ratio "$T/boost")
boost_r=$1 level0=$2
note "bursts level 1 per 100 of level 0: fifo $fifo_r, boost $boost_r"
[ "$boost_r" -ge 150 ] || fail "boost: level-1 threads got only $boost_r bursts per 100 of level 0"
[ "$boost_r" -ge $((fifo_r * 13 / 10)) ] || fail "boost ($boost_r) not clearly above fifo ($fifo_r)"
[ "$level0" -gt 0 ] || fail "boost starved level 0"
note "ok: boost favours level 1 ($boost_r vs fifo's $fifo_r), level 0 still ran $level0 bursts"
num() { last_counter "$T/boost.json" "$1"; }
note "boost counters: boosted $(num boosted) burst_ends $(num burst_ends)"
[ "$(num boosted)" -gt 0 ] && [ "$(num burst_ends)" -gt 0 ] ||
	fail "boost's counters show a path never taken"
