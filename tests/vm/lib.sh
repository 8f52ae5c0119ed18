# Helpers for the VM tests (sourced by each t_*.sh inside the guest).
# A test prints what it checks and exits 0 to pass; fail() exits 1.

SCX=/sys/kernel/sched_ext
T=${TMPDIR:-/tmp}/scxkit-test.$$
mkdir -p "$T"

fail() {
	echo "FAIL: $*"
	exit 1
}

note() { echo "  $*"; }

# figure NAME VALUE - one figure for the reliability summary, which the
# host adds up over all tests (tests/reliability_summary.sh).
figure() { echo "  figure: $1 $2"; }

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	note "ok: $1 = $3"
}

# expect_grep WHAT PATTERN FILE
expect_grep() {
	grep -q -- "$2" "$3" || { cat "$3"; fail "$1: no '$2' in output"; }
	note "ok: $1"
}

sched_state() { cat $SCX/state; }

# stats_counter FILE NAME - counter NAME's total in FILE, a reply of
# `scxkit stats`.  Counters are top-level fields, before the first nested
# object (the rows of queues, CPUs and options, whose fields may share
# their names).
stats_counter() {
	sed -n "s/^{\"errno\":0,\"args\":{\"resp\":{[^{}]*\"$2\":\([0-9]*\).*/\1/p" "$1"
}

# last_counter FILE NAME - counter NAME's total in the last stats line of
# FILE (`scxkit run --json` output): top-level too, never from "rates"
# (last, nested), whose same-named entries are per-second figures.
last_counter() {
	grep '"type":"stats"' "$1" | tail -n1 |
		sed -n "s/^{\"type\":\"stats\",[^{}]*\"$2\":\([0-9]*\).*/\1/p"
}

# wait_state STATE [TENTHS] - wait until sched_ext reaches STATE.
wait_state() {
	local want=$1 n=${2:-100}
	while [ "$n" -gt 0 ]; do
		[ "$(sched_state)" = "$want" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	fail "sched_ext state is '$(sched_state)', want '$want'"
}

# start_sched ARGS... - scxkit run ARGS in the background; sets SCHED_PID.
# Returns once the policy is attached and the launcher serves its sockets
# (the QoS table's included), so clients started next find them.
start_sched() {
	local n=100
	scxkit run "$@" >"$T/sched.out" 2>"$T/sched.err" &
	SCHED_PID=$!
	wait_state enabled
	while [ "$n" -gt 0 ] && ! [ -S /run/scxkit/qos.sock ]; do
		sleep 0.1
		n=$((n - 1))
	done
	[ -S /run/scxkit/qos.sock ] && return 0
	# What the launcher said, and whether it still runs: the next
	# failure of this kind tells its cause.
	if kill -0 "$SCHED_PID" 2>/dev/null; then
		echo "launcher $SCHED_PID still runs"
	else
		wait "$SCHED_PID"
		echo "launcher exited with status $?"
	fi
	cat "$T/sched.err"
	fail "launcher never served the QoS socket"
}

# stop_sched - SIGINT the background scheduler; sets SCHED_RC.
stop_sched() {
	kill -INT "$SCHED_PID" 2>/dev/null
	wait "$SCHED_PID"
	SCHED_RC=$?
	wait_state disabled
}

# stress_verdict WHAT RC - after a stress-ng run (output in $T/stress,
# exit status RC) under the background scheduler: fail unless it is still
# attached, detaches cleanly on request, stress-ng completed and the
# kernel logged no BUG, WARNING or stall (dmesg -c before the run).
stress_verdict() {
	local what=$1 rc=$2
	kill -0 "$SCHED_PID" 2>/dev/null || {
		cat "$T/sched.err"
		figure ejections 1
		fail "$what: ejected under stress"
	}
	[ "$(sched_state)" = enabled ] || fail "$what: state $(sched_state)"
	stop_sched
	[ "$SCHED_RC" = 0 ] || { cat "$T/sched.err"; fail "$what: launcher exit $SCHED_RC"; }
	# 7: stress-ng distrusts its bogo-op counters because a stressor was
	# stopped mid-update at the timeout (seen at 64 vCPUs, a 1 s run
	# stopping after 7.9 s); the run still completed, checked next.
	[ "$rc" = 0 ] || [ "$rc" = 7 ] ||
		{ tail -5 "$T/stress"; fail "$what: stress-ng exit $rc"; }
	grep -q 'successful run completed' "$T/stress" ||
		{ tail -5 "$T/stress"; fail "$what: stress-ng did not complete"; }
	if dmesg | grep -E 'BUG|WARNING|stall'; then
		fail "$what: kernel complained"
	fi
}

cleanup_sched() {
	[ -n "${SCHED_PID:-}" ] && kill -INT "$SCHED_PID" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup_sched EXIT

# The dashboard tests run it in tmux and read its pane.
# tmux_start NAME COLS ROWS CMD - CMD in a detached session; its exit
# status lands in $T/NAME.rc.
tmux_start() {
	tmux new-session -d -s "$1" -x "$2" -y "$3" \
		"$4; echo \$? >$T/$1.rc; sleep 600"
}

# pane NAME - the session's screen as text.
pane() { tmux capture-pane -p -t "$1"; }

# wait_pane NAME PATTERN [TENTHS] - until the pane shows PATTERN; the
# screen is left in $T/pane.
wait_pane() {
	local n=${3:-150}
	while [ "$n" -gt 0 ]; do
		pane "$1" >"$T/pane" 2>/dev/null
		grep -q -- "$2" "$T/pane" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	cat "$T/pane"
	fail "$1 never showed '$2'"
}

# wait_rc NAME [TENTHS] - until the session's command exited; prints rc.
wait_rc() {
	local n=${2:-100}
	while [ "$n" -gt 0 ] && ! [ -e "$T/$1.rc" ]; do
		sleep 0.1
		n=$((n - 1))
	done
	cat "$T/$1.rc" 2>/dev/null || echo none
}
