# The scx_stats socket: `scxkit stats` (a client of the protocol) gets a
# reply with the policy, counters, queue depths and per-CPU occupants while
# a workload runs; stats_meta describes the fields; bad requests get an
# errno; the socket is removed on detach.
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
expect_grep "counters" '"counters":{"enqueue":[0-9]' "$T/reply"
expect_grep "queue depths" '"queues":\[[0-9]' "$T/reply"
expect_grep "per-CPU occupant running spin" '"comm":"spin"' "$T/reply"
scxkit stats --meta >"$T/meta" || fail "stats_meta failed"
expect_grep "meta describes the top struct" '"scxkit_stats":{"name":"scxkit_stats","top":"true"' "$T/meta"
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
