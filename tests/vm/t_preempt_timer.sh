# The framework's preemption timer, through rr: two CPU-bound SCHED_EXT
# threads pinned to one CPU take turns of about --slice-us (2000 µs), far
# shorter than the kernel's 20 ms default slice that fifo gives them; the
# kicks are counted as slice preemptions.
. "$(dirname "$0")/lib.sh"
start_sched rr --partial --quiet --slice-us 2000 --timer-us 250
turns --ext --threads 2 --cpu 1 --ms 3000 >"$T/rr.out" || fail "turns failed"
scxkit stats >"$T/stats"
stop_sched
expect_eq "rr exit status" "$SCHED_RC" 0
start_sched fifo --partial --quiet
turns --ext --threads 2 --cpu 1 --ms 3000 >"$T/fifo.out" || fail "turns failed"
stop_sched
note "rr   (slice 2000us, timer 250us): $(cat "$T/rr.out")"
note "fifo (kernel slice 20ms):         $(cat "$T/fifo.out")"
field() { sed -n "s/.* $1 \([0-9]*\).*/\1/p" "$2"; }
n=$(field stretches "$T/rr.out")
p50=$(field p50_us "$T/rr.out")
p90=$(field p90_us "$T/rr.out")
fifo_p90=$(field p90_us "$T/fifo.out")
[ "$n" -ge 500 ] || fail "only $n turns in 3 s"
note "ok: $n turns in 3 s"
# Bound: slice + timer period, plus 500 us for the emulator's noise.
[ "$p50" -ge 1600 ] && [ "$p50" -le 2750 ] || fail "rr median turn $p50 us, want 1600..2750"
note "ok: median turn $p50 us within slice+timer (+500 us emulator margin)"
[ "$p90" -le 3250 ] || fail "rr p90 turn $p90 us, want <= 3250"
note "ok: p90 turn $p90 us"
# p90: the emulator's vCPU switching splits some long turns, so fifo's
# median varies; its long turns (about its 20 ms slice) always show here.
[ "$fifo_p90" -gt $((p90 * 2)) ] || fail "fifo's p90 turn ($fifo_p90 us) not longer than rr's ($p90 us): the timer made no difference"
note "ok: fifo's p90 turn ($fifo_p90 us) is longer: the timer did it"
kicks=$(stats_counter "$T/stats" preempt_slice)
[ "${kicks:-0}" -gt 100 ] || fail "only ${kicks:-0} slice kicks counted"
note "ok: $kicks slice preemptions counted"
# rr's own counter (SCXKIT_COUNTER) reaches the stats by name.
grep -q '"turns_extended":[0-9]' "$T/stats" || fail "policy counter turns_extended missing from stats"
note "ok: the policy's own counter is in the stats"
