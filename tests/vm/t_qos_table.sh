# The QoS table: the launcher publishes it (pin + socket) and removes it;
# the client library's set/get and idle/runnable round trip work for root
# and for an unprivileged user, with EINVAL, ESRCH and EPERM where the
# documented model says so: in shared memory (the default), where after
# set-up no round needs bpf() or the socket (a seccomp filter fails them),
# and without it (SCXKIT_QOS_SHARED=0: root's direct map, the socket).
. "$(dirname "$0")/lib.sh"
qos_roundtrip --expect-none || fail "open without a scheduler did not fail cleanly"
note "ok: no scheduler -> ENOENT"
start_sched fifo --partial --quiet
[ -e /sys/fs/bpf/scxkit/qos ] || fail "no pinned table"
[ -S /run/scxkit/qos.sock ] || fail "no QoS socket"
note "ok: table pinned and socket served"
user() { /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups "$@"; }
# The QoS socket's request count, from the stats reply.
qos_stat() { scxkit stats | sed -n "s/.*\"qos_$1\":\([0-9]*\).*/\1/p"; }
qos_requests() { qos_stat requests; }
r0=$(qos_requests)
# rt FILE WHAT PATTERN CMD... - CMD must pass and print PATTERN.
rt() {
	out=$T/$1 what=$2 pat=$3
	shift 3
	"$@" >"$out" 2>&1 || { cat "$out"; fail "$what"; }
	tail -1 "$out"
	expect_grep "$what" "$pat" "$out"
}
rt root "root: shared memory, no bpf() or socket call per mark" \
	'mode shared no_bpf rounds 20 .* failures 0' \
	qos_roundtrip --ext --rounds 20 --no-bpf
rt user "unprivileged: shared memory, no bpf() or socket call per mark" \
	'mode shared no_bpf rounds 20 .* failures 0' \
	user qos_roundtrip --ext --rounds 20 --no-bpf
r1=$(qos_requests)
note "socket requests for two shared runs of 20 rounds: $((r1 - r0))"
[ "$((r1 - r0))" -lt 20 ] || fail "shared runs sent $((r1 - r0)) requests: marks went through the socket"
[ "$(qos_stat regions_given)" -ge 2 ] || fail "stats do not count the regions handed out"
b0=$(qos_stat binds)
# More threads over a handle's life than it has slots (1024).
rt churn "1100 short-lived threads each set their level" \
	'mode shared rounds 2 .* failures 0' \
	user qos_roundtrip --rounds 2 --thread-churn 1100
b1=$(qos_stat binds)
note "binds for 1100 short-lived threads: $((b1 - b0))"
[ "$((b1 - b0))" -ge 1100 ] || fail "only $((b1 - b0)) binds: reused slots were not bound to their new threads"
r1=$(qos_requests)
rt root0 "root without a region uses the map directly" \
	'mode direct rounds 10 .* failures 0' \
	env SCXKIT_QOS_SHARED=0 qos_roundtrip --ext --rounds 10
rt user0 "unprivileged without a region goes through the socket" \
	'mode socket rounds 10 .* failures 0' \
	user env SCXKIT_QOS_SHARED=0 qos_roundtrip --ext --rounds 10
r2=$(qos_requests)
note "socket requests for the unprivileged run without a region: $((r2 - r1))"
[ "$((r2 - r1))" -ge 20 ] || fail "the socket run's marks were not counted ($((r2 - r1)))"
kill -0 "$SCHED_PID" || fail "scheduler died"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
[ -e /sys/fs/bpf/scxkit/qos ] && fail "pin left behind"
[ -e /run/scxkit/qos.sock ] && fail "socket left behind"
note "ok: pin and socket removed on detach"
