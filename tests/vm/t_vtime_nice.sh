# vtime respects nice: a nice-0 and a nice-10 CPU hog, both SCHED_EXT and
# pinned to one CPU, split it by the kernel's weights (1024 : 110, about
# 90% / 10%, a ratio of ~9).  Under fifo the same two hogs split it about
# 50/50, so the test fails if the weights stop mattering.
# timeout: 180
. "$(dirname "$0")/lib.sh"

# hogs POLICY - run the pair under POLICY, output in $T/POLICY.out.
hogs() {
	start_sched "$1" --partial --quiet
	duty --ext --threads 2 --cpu 1 --nice 0,10 --seconds 4 \
		>"$T/$1.out" 2>&1 || { cat "$T/$1.out"; fail "duty failed under $1"; }
	kill -0 "$SCHED_PID" || fail "$1 exited: $(cat "$T/sched.err")"
	stop_sched
	expect_eq "$1 exit status" "$SCHED_RC" 0
}

# cpu_ms POLICY THREAD - the CPU time thread THREAD got under POLICY.
cpu_ms() { sed -n "s/^duty: thread $2 .* cpu_ms \([0-9]*\)$/\1/p" "$T/$1.out"; }

# ratio A B - A/B with two decimals (B = 0 counts as 0.5 ms).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.5) }'; }
# within X LO HI - is LO <= X <= HI?
within() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }

hogs vtime
hogs fifo
v0=$(cpu_ms vtime 0) v10=$(cpu_ms vtime 1)
f0=$(cpu_ms fifo 0) f10=$(cpu_ms fifo 1)
vr=$(ratio "$v0" "$v10")
fr=$(ratio "$f0" "$f10")
note "vtime: nice 0 got $v0 ms, nice 10 got $v10 ms: ratio $vr (kernel weights: 9.3)"
note "fifo:  nice 0 got $f0 ms, nice 10 got $f10 ms: ratio $fr"
[ $((v0 + v10)) -ge 1000 ] || fail "the hogs got only $((v0 + v10)) ms of CPU in 4 s under vtime"
within "$vr" 5 15 || fail "vtime split $vr : 1, want 5..15 (nice 10 vs nice 0)"
note "ok: vtime splits the CPU by weight"
within "$fr" 0.5 2 || fail "fifo split $fr : 1, want about 1 (it ignores nice)"
note "ok: fifo, which ignores nice, splits it about evenly"
