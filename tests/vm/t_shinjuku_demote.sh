# shinjuku --demote-slices: a thread that has run that many slices since it
# last woke queues one level lower, so fresh work of its level goes first.
# A level-2 sleeper wakes next to a level-2 CPU hog on one CPU.  Without
# demotion (0) it waits for the next preemption scan (every 2 ms here) to
# find the hog's slice over; with the default (3) the hog, never sleeping,
# has dropped to level 1 and the wake-up takes its CPU at once, as a more
# urgent level's does.  Medians in one boot, so a ratio.
. "$(dirname "$0")/lib.sh"
f() { sed -n "s/.* $1 \([0-9]*\).*/\1/p" "$2"; }
for d in 0 3; do
	start_sched shinjuku --partial --quiet --slice-us 1000 --timer-us 2000 --oneshot 0 --demote-slices $d
	wakelat --cpu 1 --rounds 100 --period-us 5000 --hog-level 2 --level 2 >"$T/d$d" ||
		fail "wakelat failed"
	scxkit stats >"$T/stats$d"
	stop_sched
	expect_eq "demote-slices $d: exit status" "$SCHED_RC" 0
	note "demote-slices $d: $(cat "$T/d$d"), demotions $(stats_counter "$T/stats$d" demotions)"
done
[ "$(stats_counter "$T/stats0" demotions)" = 0 ] || fail "demotions with --demote-slices 0"
[ "$(stats_counter "$T/stats3" demotions)" -ge 1 ] || fail "the hog was never demoted"
off=$(f p50_us "$T/d0")
on=$(f p50_us "$T/d3")
[ $((on * 3)) -lt "$off" ] ||
	fail "median wake-up ${on} us with demotion, ${off} us without: not 3x better"
note "ok: median wake-up ${on} us with demotion, ${off} us without"
