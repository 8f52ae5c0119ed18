# The userland policy, whose decisions a userspace agent thread makes.
# (a) Full mode under stress-ng and three spinners: never ejected, detaches
#     on request (exit 0, a requested exit), stress-ng completes, and the
#     kernel logs no BUG, WARNING or stall.
# (b) The agent did the work: orders > 0, and at least 20 times as many
#     as the valve's dispatches; no task dispatched twice.
# (c) The agent's decisions count: a nice-0 and a nice-10 CPU hog on one
#     CPU split it at least 2.5 : 1 (the weights say 9; fifo gives 1).
# (d) An agent slowed past --valve-ms (--agent-delay-ms): the valve keeps
#     every task running and the policy attached.
# timeout: 240
. "$(dirname "$0")/lib.sh"

num() { last_counter "$@"; }

dmesg -c >/dev/null
start_sched userland --json
spin --threads 3 --ms 8000 >"$T/spin" &
spinners=$!
stress-ng --cpu 2 --fork 2 --yield 2 --switch 2 --timeout 20s --aggressive \
	--metrics-brief >"$T/stress" 2>&1
rc=$?
wait $spinners
spin_rc=$?
sleep 1.5 # one more stats line
kill -0 "$SCHED_PID" 2>/dev/null || { cat "$T/sched.err"; fail "ejected under stress"; }
note "ok: still attached after stress-ng and the spinners"
stop_sched
expect_eq "launcher exit status" "$SCHED_RC" 0
expect_grep "exit record: requested" '"type":"exit".*"requested":true' "$T/sched.out"
expect_eq "stress-ng exit status" "$rc" 0
expect_grep "stress-ng completed" 'successful run completed' "$T/stress"
expect_eq "spinners exit status" "$spin_rc" 0
expect_eq "spinners ran under ext" "$(grep -c 'ext 1' "$T/spin")" 3
if dmesg | grep -E 'BUG|WARNING|stall'; then
	fail "kernel complained"
fi
note "ok: clean kernel log"

out=$T/sched.out
orders=$(num "$out" orders)
valve=$(num "$out" valve)
note "to_agent $(num "$out" to_agent) orders $orders stale_orders $(num "$out" stale_orders) valve $valve agent_direct $(num "$out" agent_direct) kthread_direct $(num "$out" kthread_direct) ring_full $(num "$out" ring_full) overflow $(num "$out" overflow)"
[ "${orders:-0}" -gt 0 ] || fail "the agent ordered nothing"
note "agent reaction $(($(num "$out" react_us) / orders)) us, order to CPU $(($(num "$out" wait_us) / orders)) us (means)"
[ "$orders" -ge $((20 * ${valve:-0})) ] ||
	fail "the valve dispatched $valve tasks, the agent only $orders"
note "ok: orders ($orders) >= 20 x valve dispatches ($valve)"
expect_eq "double dispatches" "$(num "$out" double_dispatch)" 0

# (c) Weights: the agent orders by weighted vtime and weights the slices.
start_sched userland --partial --quiet
duty --ext --threads 2 --cpu 1 --nice 0,10 --seconds 4 >"$T/duty" 2>&1 ||
	{ cat "$T/duty"; fail "duty failed"; }
stop_sched
expect_eq "nice pair: launcher exit status" "$SCHED_RC" 0
cpu_ms() { sed -n "s/^duty: thread $1 .* cpu_ms \([0-9]*\)$/\1/p" "$T/duty"; }
n0=$(cpu_ms 0) n10=$(cpu_ms 1)
note "nice 0: $n0 ms, nice 10: $n10 ms of CPU"
awk -v a="$n0" -v b="$n10" 'BEGIN { exit !(b > 0 && a / b >= 2.5) }' ||
	fail "nice 0 got $n0 ms, nice 10 $n10 ms: the weights do not count"
note "ok: nice 0 got $(awk -v a="$n0" -v b="$n10" 'BEGIN { printf "%.1f", a / b }') times the CPU of nice 10"

# (d) A slow agent: it sleeps 300 ms before each batch, the valve opens
# after 50 ms.
start_sched userland --json --agent-delay-ms 300 --valve-ms 50
spin --threads 3 --ms 1500 >"$T/spin2" || fail "spinners failed with a slow agent"
stress-ng --fork 2 --switch 2 --timeout 5s >"$T/stress2" 2>&1 ||
	{ tail -5 "$T/stress2"; fail "stress-ng failed with a slow agent"; }
sleep 1.5
kill -0 "$SCHED_PID" 2>/dev/null || { cat "$T/sched.err"; fail "ejected with a slow agent"; }
stop_sched
expect_eq "slow agent: launcher exit status" "$SCHED_RC" 0
out=$T/sched.out
note "slow agent: orders $(num "$out" orders) stale_orders $(num "$out" stale_orders) valve $(num "$out" valve)"
[ "$(num "$out" valve)" -gt 0 ] || fail "the valve never opened for a slow agent"
note "ok: the valve ran tasks the slow agent had not ordered"
