# Garbage written straight into the pinned QoS table (root, no library, no
# socket) while every policy runs a CPU-bound load in full mode: thread
# ids that do not exist, the load's own threads with levels up to
# UINT32_MAX and random flags (the idle mark included), and entries with
# a start time that is not the thread's (a reused thread id), and random
# region bindings.  Then a hostile application of the shared-memory table
# takes a region, binds four CPU-bound threads of its own and fills the
# region with random words.  The policy must never be ejected and every
# load must finish.
# timeout: 600
. "$(dirname "$0")/lib.sh"
writes=0
for policy in $(scxkit list | awk '{print $1}'); do
	start_sched "$policy" --quiet
	spin --threads 4 --ms 1500 >"$T/spin" 2>&1 &
	load=$!
	sleep 0.3
	qos_garbage --seconds 2 --pid "$load" >"$T/garbage" 2>&1 ||
		{ cat "$T/garbage"; fail "$policy: qos_garbage failed"; }
	wait "$load" || { cat "$T/spin"; fail "$policy: the load failed"; }
	cat "$T/garbage"
	qos_garbage --region --seconds 1 --threads 4 >"$T/region" 2>&1 ||
		{ cat "$T/region"; fail "$policy: garbage in a shared region"; }
	cat "$T/region"
	n=$(sed -n 's/.*writes \([0-9]*\).*/\1/p' "$T/garbage")
	writes=$((writes + n))
	if ! kill -0 "$SCHED_PID" 2>/dev/null; then
		cat "$T/sched.err"
		figure ejections 1
		fail "$policy: ejected by garbage in the QoS table"
	fi
	figure ejections 0
	stop_sched
	expect_eq "$policy: exit status" "$SCHED_RC" 0
	note "ok: $policy survived $n garbage entries"
done
figure garbage_writes "$writes"
