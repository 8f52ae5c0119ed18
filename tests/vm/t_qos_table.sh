# The QoS table: the launcher publishes it (pin + socket) and removes it;
# the client library's set/get and idle/runnable round trip work for root
# (direct map) and for an unprivileged user (socket), with EINVAL, ESRCH
# and EPERM where the documented model says so.
. "$(dirname "$0")/lib.sh"
qos_roundtrip --expect-none || fail "open without a scheduler did not fail cleanly"
note "ok: no scheduler -> ENOENT"
start_sched fifo --partial --quiet
[ -e /sys/fs/bpf/scxkit/qos ] || fail "no pinned table"
[ -S /run/scxkit/qos.sock ] || fail "no QoS socket"
note "ok: table pinned and socket served"
qos_roundtrip --ext --rounds 20 >"$T/root.out" 2>&1 || { cat "$T/root.out"; fail "root round trip"; }
cat "$T/root.out"
expect_grep "root uses the map directly" 'mode direct rounds 20 .* failures 0' "$T/root.out"
/usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups qos_roundtrip --ext --rounds 20 >"$T/user.out" 2>&1 ||
	{ cat "$T/user.out"; fail "unprivileged round trip"; }
cat "$T/user.out"
expect_grep "unprivileged user goes through the socket" 'mode socket rounds 20 .* failures 0' "$T/user.out"
kill -0 "$SCHED_PID" || fail "scheduler died"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
[ -e /sys/fs/bpf/scxkit/qos ] && fail "pin left behind"
[ -e /run/scxkit/qos.sock ] && fail "socket left behind"
note "ok: pin and socket removed on detach"
