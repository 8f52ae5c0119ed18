# The test bed itself, before any policy: how late this machine delivers
# a wake-up and a timer to an idle and to a busy CPU (latprobe, default
# scheduler).  Every timing bound in the other tests sits on top of these
# figures, so they are printed with the clock the VM runs on; the test
# fails when the floor is so high that those bounds would measure the
# machine instead of the policies: a median over 1 ms for a wake-up or an
# idle CPU's timer, or over 5 ms (one 4 ms tick and a margin) for a busy
# CPU's timer.
. "$(dirname "$0")/lib.sh"
clock=$(sed -n 's/.*scxkit\.clock=\([a-z]*\).*/\1/p' /proc/cmdline)
note "clock: ${clock:-unknown} ($(nproc) CPUs, kernel $(uname -r))"
latprobe --samples 1000 >"$T/out" || { cat "$T/out"; fail "latprobe failed"; }
cat "$T/out"
p50() { sed -n "s/^latprobe: $1 p50_us \([0-9]*\) .*/\1/p" "$T/out"; }
for probe in wake_idle wake_busy timer_idle timer_busy; do
	bound=1000
	[ "$probe" = timer_busy ] && bound=5000
	v=$(p50 $probe)
	[ -n "$v" ] || fail "no $probe figure"
	[ "$v" -le "$bound" ] || fail "$probe median $v us > $bound us"
	note "ok: $probe median $v us <= $bound us"
done
