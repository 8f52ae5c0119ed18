# A hostile local user against the QoS socket (mode 0666): 1000
# connections held open, each with half a request, reopened as soon as the
# launcher closes them.  The launcher keeps at most 16 connections of one
# user (LINE_SERVER_PER_UID), drops a connection that sits on a partial
# line or sends nothing for 2 s, and takes every pending connection each
# time round, so root's requests and another user's, on fresh
# connections, are answered within 500 ms (virtual time) all along, and
# another user's QoS handle works (shared memory round trips).
. "$(dirname "$0")/lib.sh"
user() { u=$1; shift; /usr/bin/setpriv --reuid="$u" --regid="$u" --clear-groups "$@"; }
start_sched fifo --partial --quiet
user 1000 qos_flood --connections 1000 --seconds 8 >"$T/flood" 2>&1 &
flood=$!
trap 'kill $flood 2>/dev/null; cleanup_sched' EXIT
sleep 1
qos_flood --probe 20 >"$T/probe" 2>&1 || { cat "$T/probe"; fail "root's requests went unanswered"; }
cat "$T/probe"
user 1001 qos_flood --probe 20 >"$T/probe_user" 2>&1 ||
	{ cat "$T/probe_user"; fail "another user's requests went unanswered"; }
cat "$T/probe_user"
/usr/bin/setpriv --reuid=1001 --regid=1001 --clear-groups \
	qos_roundtrip --ext --rounds 5 >"$T/other" 2>&1 ||
	{ cat "$T/other"; fail "another user's QoS handle did not work"; }
tail -1 "$T/other"
expect_grep "another user's handle works in shared memory" 'mode shared rounds 5 .* failures 0' "$T/other"
wait "$flood"
cat "$T/flood"
scxkit stats | grep -o '"qos_[a-z_]*":[0-9]*' | paste -sd, -
held=$(sed -n 's/.*held_max \([0-9]*\).*/\1/p' "$T/flood")
[ "${held:-99}" -le 16 ] || fail "one user held ${held:-?} connections"
worst=$(sed -n 's/.*max_us \([0-9]*\).*/\1/p' "$T/probe")
[ "${worst:-999999}" -le 500000 ] || fail "root waited ${worst} us for an answer"
uworst=$(sed -n 's/.*max_us \([0-9]*\).*/\1/p' "$T/probe_user")
[ "${uworst:-999999}" -le 500000 ] ||
	fail "another user waited ${uworst} us for an answer"
note "ok: the flooder held at most $held connections; slowest answer: root ${worst} us, another user ${uworst} us"
figure hostile_connections "$(sed -n 's/.*opened \([0-9]*\).*/\1/p' "$T/flood")"
figure hostile_max_held "$held"
figure hostile_root_wait_max_ms $((worst / 1000))
figure hostile_user_wait_max_ms $((uworst / 1000))
kill -0 "$SCHED_PID" || fail "scheduler died"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
