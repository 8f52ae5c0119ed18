# shinjuku: two CPU-bound SCHED_EXT threads of one level pinned to one CPU
# take turns of about the slice (here 2000 us): the run stretches stay
# within slice + timer period (the scan checks every 250 us), plus an
# emulator margin, under both preemption timers: the periodic scan
# (--oneshot 0) and the per-CPU one-shot timers (the default), which must
# also fire far less often than the scan.  The distributions are printed.
. "$(dirname "$0")/lib.sh"

# turns_under NAME ARGS... - run the pair under shinjuku ARGS; checks the
# turns and the slice preemptions; leaves the stats in $T/NAME.stats.
turns_under() {
	name=$1
	shift
	start_sched shinjuku --partial --quiet --slice-us 2000 --timer-us 250 "$@"
	turns --ext --threads 2 --cpu 1 --ms 3000 >"$T/$name.out" ||
		fail "$name: turns failed"
	scxkit stats >"$T/$name.stats"
	stop_sched
	expect_eq "$name: exit status" "$SCHED_RC" 0
	note "$name: distribution: $(cat "$T/$name.out")"
	out=$T/$name.out
	field() { sed -n "s/.* $1 \([0-9]*\).*/\1/p" "$out"; }
	[ "$(field stretches)" -ge 500 ] || fail "$name: only $(field stretches) turns"
	[ "$(field p50_us)" -ge 1600 ] && [ "$(field p50_us)" -le 2750 ] ||
		fail "$name: median turn $(field p50_us) us, want 1600..2750 (slice 2000 + timer 250 + 500 margin)"
	note "ok: $name: median turn $(field p50_us) us"
	[ "$(field p90_us)" -le 3250 ] || fail "$name: p90 turn $(field p90_us) us, want <= 3250"
	note "ok: $name: p90 turn $(field p90_us) us"
	kicks=$(stats_counter "$T/$name.stats" preempt_slice)
	[ "${kicks:-0}" -gt 100 ] || fail "$name: only ${kicks:-0} slice preemptions"
	note "ok: $name: $kicks slice preemptions; preemption delay histogram: $(grep -o '"pdelay_[a-z0-9_]*":[0-9]*' "$T/$name.stats" | head -12 | tr '\n' ' ')"
}
turns_under scan --oneshot 0
turns_under oneshot
scan=$(stats_counter "$T/scan.stats" timer_runs)
oneshot=$(stats_counter "$T/oneshot.stats" timer_runs)
note "timer runs: scan $scan, one-shot $oneshot"
[ "${oneshot:-0}" -gt 0 ] && [ $((oneshot * 2)) -lt "${scan:-0}" ] ||
	fail "one-shot timers ran $oneshot times, the scan $scan: want fewer than half"
note "ok: the one-shot timers ran less than half as often as the scan"
