# nest keeps a light load on a few warm cores and spreads a heavy one: two
# SCHED_EXT threads at a 20% duty cycle (2 ms of CPU, 8 ms asleep) spend
# at least 85% of their CPU time on their 2 busiest CPUs of the 4 (spread
# evenly they would spend 50% there), while five CPU hogs get all 4.  "On
# a CPU" means at least 5% of the threads' CPU time there, as the threads
# themselves saw it (sched_getcpu() while spinning, time-weighted).  The
# light load is bounded by its share, not by a count of CPUs: a wake-up
# that finds the nest's cores taken by a normal task (partial mode) grows
# the nest for a moment, which on a busy host left 5.8% on a third CPU.
# The nest's own counters must show it grew and compacted.  Needs 4 CPUs:
# run_all.sh skips it in smaller VMs; `make test-vm` boots a 4-vCPU VM for
# it (tests/run_vm_tests.sh t_nest with VM_CPUS=4).
# cpus: 4
# timeout: 240
. "$(dirname "$0")/lib.sh"

[ "$(nproc)" -ge 4 ] || fail "needs 4 CPUs, this VM has $(nproc)"

# used FILE - how many CPUs duty saw its threads use.
used() { sed -n 's/^duty: cpu_ms .* used \([0-9]*\)$/\1/p' "$1"; }
# top2 FILE - the percentage of the threads' CPU time on their 2 busiest
# CPUs, rounded down.
top2() {
	sed -n 's/^duty: cpu_ms [0-9.]* cpus \(.*\) used [0-9]*$/\1/p' "$1" |
		tr ' ' '\n' | sed -n 's/^[0-9]*://p' | sort -rn | head -n 2 |
		awk '{ s += $1 } END { if (NR) printf "%d\n", s }'
}
# counter NAME - a counter's total from the last `scxkit stats`.
counter() { stats_counter "$T/stats" "$1"; }

start_sched nest --partial --quiet
duty --ext --threads 2 --spin-us 2000 --sleep-us 8000 --seconds 5 \
	>"$T/light" 2>&1 || { cat "$T/light"; fail "light duty failed"; }
duty --ext --threads 5 --seconds 3 \
	>"$T/heavy" 2>&1 || { cat "$T/heavy"; fail "heavy duty failed"; }
scxkit stats >"$T/stats" || fail "scxkit stats failed"
kill -0 "$SCHED_PID" || fail "nest exited: $(cat "$T/sched.err")"
stop_sched
expect_eq "nest exit status" "$SCHED_RC" 0

note "light: $(grep 'cpu_ms .* cpus' "$T/light")"
note "heavy: $(grep 'cpu_ms .* cpus' "$T/heavy")"
note "counters: wake_prev $(counter wake_prev) wake_primary $(counter wake_primary) grow_reserve $(counter grow_reserve) grow_new $(counter grow_new) impatient_grows $(counter impatient_grows) compactions $(counter compactions) reserve_full $(counter reserve_full) wake_busy $(counter wake_busy)"
light=$(top2 "$T/light")
heavy=$(used "$T/heavy")
[ -n "$light" ] && [ "$light" -ge 85 ] ||
	fail "the light load spent ${light:-?}% of its CPU time on its 2 busiest CPUs, want >= 85 (the nest)"
note "ok: the light load spent $light% of its CPU time on 2 CPUs of 4 ($(used "$T/light") used)"
[ "$heavy" = 4 ] || fail "the heavy load ran on ${heavy:-?} CPUs, want all 4"
note "ok: the heavy load spread to all 4 CPUs"
grows=$(($(counter grow_reserve) + $(counter grow_new) + $(counter impatient_grows)))
[ "$grows" -gt 0 ] || fail "no grow counted"
[ "$(counter compactions)" -gt 0 ] || fail "no compaction counted"
note "ok: the nest grew $grows times and compacted $(counter compactions) times"

