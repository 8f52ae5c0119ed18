# The scx_stats socket: `scxkit stats` (a client of the protocol) gets a
# reply with the policy, counters, queue depths and per-CPU occupants while
# a workload runs; stats_meta describes the fields after scx_stats' schema
# conventions; `scxkit stats --openmetrics` turns them into metrics, which
# this test prints as "openmetrics| " lines for the host to hand to
# promtool (tests/host/check_openmetrics.sh: too big a program for the guest);
# bad requests get an errno; the socket is removed on detach.
. "$(dirname "$0")/lib.sh"
sock=/var/run/scx/root/stats
start_sched fifo --quiet
spin --threads 4 --ms 1500 >/dev/null &
load=$!
sleep 0.7
[ -S $sock ] || fail "no socket at $sock"
note "ok: socket at $sock"
# A sample can catch a CPU between two tasks: ask up to 10 times.
for i in 1 2 3 4 5 6 7 8 9 10; do
	scxkit stats >"$T/reply" || { cat "$T/reply"; fail "scxkit stats exited $?"; }
	grep -q '"comm":"spin"' "$T/reply" && break
	sleep 0.1
done
cat "$T/reply" | cut -c1-300
expect_grep "errno 0 and resp" '^{"errno":0,"args":{"resp":{"policy":"fifo"' "$T/reply"
expect_grep "counters as named fields" '"resp":{"policy":"fifo","time_s":[0-9.]*,"enqueue":[0-9]' "$T/reply"
[ "$(stats_counter "$T/reply" enqueue)" -gt 0 ] || fail "no task counted enqueued"
expect_grep "queue depths as rows" '"queues":{"0":{"depth":[0-9]' "$T/reply"
expect_grep "per-CPU occupant running spin" '"cpus":{"0":{.*"comm":"spin"' "$T/reply"
scxkit stats --openmetrics >"$T/om" || fail "scxkit stats --openmetrics exited $?"
expect_grep "openmetrics counter" '^scxkit_enqueue_total [1-9]' "$T/om"
expect_grep "openmetrics counter type" '^# TYPE scxkit_enqueue_total counter$' "$T/om"
expect_grep "openmetrics queue depth" '^scxkit_queue_depth{queue="0"} [0-9]' "$T/om"
expect_grep "openmetrics occupant" '^scxkit_cpu_pid{cpu="1"} [0-9]' "$T/om"
sed 's/^/openmetrics| /' "$T/om"
note "openmetrics: $(grep -vc '^#' "$T/om") samples"
scxkit stats --meta >"$T/meta" || fail "stats_meta failed"
expect_grep "meta describes the top struct" '"scxkit_stats":{"name":"scxkit_stats","top":"true"' "$T/meta"
expect_grep "meta labels CPU rows" '"scxkit_cpu":{"name":"scxkit_cpu","desc":"[^"]*","user":{"_om_prefix":"scxkit_cpu_","_om_label":"cpu"}' "$T/meta"
scxkit stats --target nosuch >"$T/bad"
expect_eq "unknown target refused" "$?" 1
expect_grep "unknown target errno" '"errno":22' "$T/bad"
wait $load
stop_sched
[ -e $sock ] && fail "socket left behind after detach"
note "ok: socket removed on detach"
scxkit stats 2>"$T/err"
expect_eq "no server: exit status" "$?" 1
expect_grep "no server: message" "nothing serves stats on $sock" "$T/err"
