# The QoS table from a container: an application in its own PID namespace
# (unshare --pid --fork --mount-proc) numbers its threads its own way.  The
# client library names them to the launcher by pidfd, which the kernel
# translates, so their levels and idle marks reach the policy: under boost
# its level-1 threads get clearly more bursts than its level-0 ones (fifo,
# which ignores levels, gives about 1.4 per 1 in t_boost), and its idle
# round trips work in shared memory.  A bare thread number sent from the
# namespace is refused, so a container cannot name a thread outside it.
. "$(dirname "$0")/lib.sh"
ns() { /usr/bin/unshare --pid --fork --mount-proc "$@"; }
ratio() { # bursts of level 1 per 100 of level 0, from a mixqos line
	sed -n 's/.*bursts_per_level \([0-9]*\),\([0-9]*\).*/\1 \2/p' "$1" |
		awk '{ if ($1 > 0) printf "%d", $2 * 100 / $1 }'
}
sleep 300 &
outside=$!
trap 'kill $outside 2>/dev/null; cleanup_sched' EXIT
start_sched boost --partial --quiet
ns mixqos --threads 12 --seconds 6 --levels 2 --limit-s 20 >"$T/mix" 2>&1 ||
	{ cat "$T/mix"; fail "mixqos in a PID namespace failed"; }
cat "$T/mix"
r=$(ratio "$T/mix")
note "in a PID namespace: level-1 bursts per 100 of level 0: ${r:-none}"
[ "${r:-0}" -ge 300 ] ||
	fail "levels set in a PID namespace did not reach the policy (${r:-0} per 100)"
ns qos_roundtrip --ext --rounds 10 --no-bpf >"$T/rt" 2>&1 ||
	{ cat "$T/rt"; fail "idle round trip in a PID namespace"; }
tail -1 "$T/rt"
expect_grep "idle marks from a PID namespace, in shared memory" \
	'mode shared no_bpf rounds 10 .* failures 0' "$T/rt"
# Root in the namespace, a thread outside it named by number.
ns qos_perm --raw "set $outside 5" "err 1 " --raw "bind $outside 0" "err 1 " \
	--raw "idle $outside" "err 1 " >"$T/raw" 2>&1 ||
	{ cat "$T/raw"; fail "a namespaced process named a thread outside it"; }
cat "$T/raw"
qos_perm --raw "get $outside" "err 2 " >"$T/get" 2>&1 ||
	{ cat "$T/get"; fail "the thread outside has an entry after the refused requests"; }
note "ok: bare thread numbers from the namespace refused; nothing written"
# levels, idle marks, three refused thread numbers, nothing written
figure ns_checks 6
kill -0 "$SCHED_PID" || fail "scheduler died"
kill "$outside"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
