# shinjuku: two CPU-bound SCHED_EXT threads of one level pinned to one CPU
# take turns of about the slice (here 2000 us; the timer checks every
# 250 us): the run stretches stay within slice + timer period, plus an
# emulator margin.  The distribution is printed.
. "$(dirname "$0")/lib.sh"
start_sched shinjuku --partial --quiet --slice-us 2000 --timer-us 250
turns --ext --threads 2 --cpu 1 --ms 3000 >"$T/out" || fail "turns failed"
scxkit stats >"$T/stats"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
note "distribution: $(cat "$T/out")"
field() { sed -n "s/.* $1 \([0-9]*\).*/\1/p" "$T/out"; }
[ "$(field stretches)" -ge 500 ] || fail "only $(field stretches) turns"
[ "$(field p50_us)" -ge 1600 ] && [ "$(field p50_us)" -le 2750 ] ||
	fail "median turn $(field p50_us) us, want 1600..2750 (slice 2000 + timer 250 + 500 margin)"
note "ok: median turn $(field p50_us) us"
[ "$(field p90_us)" -le 3250 ] || fail "p90 turn $(field p90_us) us, want <= 3250"
note "ok: p90 turn $(field p90_us) us"
kicks=$(sed -n 's/.*"counters":{[^}]*"preempt_slice":\([0-9]*\).*/\1/p' "$T/stats")
[ "${kicks:-0}" -gt 100 ] || fail "only ${kicks:-0} slice preemptions"
note "ok: $kicks slice preemptions; preemption delay histogram: $(grep -o '"pdelay_[a-z0-9_]*":[0-9]*' "$T/stats" | head -12 | tr '\n' ' ')"
