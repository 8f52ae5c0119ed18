# Every bad input gets a one-line error and a non-zero status, and nothing
# is left attached.
. "$(dirname "$0")/lib.sh"
check() { # check NAME WANT_RC PATTERN CMD...
	name=$1 want=$2 pat=$3
	shift 3
	"$@" >"$T/o" 2>"$T/e"
	rc=$?
	[ "$rc" = "$want" ] || { cat "$T/e"; fail "$name: exit $rc, want $want"; }
	grep -q -- "$pat" "$T/e" || { cat "$T/e"; fail "$name: no '$pat'"; }
	note "ok: $name -> exit $rc: $(head -n1 "$T/e")"
}
check "unknown policy" 2 "unknown policy 'nosuch' (known: .*fifo" scxkit run nosuch
check "unknown command" 2 "unknown command" scxkit frobnicate
check "bad option value" 2 "wants an integer in 50..1000000" scxkit run fifo --slice-us 10
check "non-numeric value" 2 "got 'abc'" scxkit run fifo --slice-us abc
check "negative value" 2 "got '-5'" scxkit run fifo --slice-us=-5
check "unknown option" 2 "unknown option '--bogus'" scxkit run fifo --bogus 1
check "missing value" 2 "needs a value" scxkit run fifo --duration
check "bad duration" 2 "duration wants seconds" scxkit run fifo --duration -1
check "not root" 1 "must run as root" /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups scxkit run fifo
expect_eq "state after bad input" "$(sched_state)" disabled

# A second scheduler is refused by name, and the first keeps running.
start_sched fifo --quiet
check "already attached" 1 "another sched_ext scheduler is attached: 'scxkit_fifo'" scxkit run fifo --duration 1
expect_eq "first scheduler still attached" "$(cat $SCX/root/ops)" scxkit_fifo
kill -0 "$SCHED_PID" || fail "first scxkit died"
stop_sched
expect_eq "first scheduler's exit status" "$SCHED_RC" 0
