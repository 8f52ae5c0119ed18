# shinjuku: a level-3 thread waking next to a level-0 CPU hog on the same
# CPU runs within 1 ms (median) of its wake-up time — the bound we state
# for this emulated VM; natively it is the switch time.  fifo, which has no
# levels, makes it wait for the hog's 20 ms slice: shinjuku's p99 must beat
# fifo's median.  (An absolute p99 bound of 10 ms failed once in CI at
# 10.4 ms: two of 200 wake-ups hit the emulator's multi-ms stalls.)
. "$(dirname "$0")/lib.sh"
start_sched shinjuku --partial --quiet --slice-us 2000 --timer-us 250
wakelat --cpu 1 --rounds 200 --period-us 5000 --hog-level 0 --level 3 >"$T/sj" || fail "wakelat failed"
scxkit stats >"$T/stats"
stop_sched
start_sched fifo --partial --quiet
wakelat --cpu 1 --rounds 100 --period-us 5000 >"$T/fifo" || fail "wakelat failed"
stop_sched
note "shinjuku: $(cat "$T/sj")"
note "fifo:     $(cat "$T/fifo")"
f() { sed -n "s/.* $1 \([0-9]*\).*/\1/p" "$2"; }
[ "$(f p50_us "$T/sj")" -le 1000 ] || fail "median wake latency $(f p50_us "$T/sj") us > 1000"
note "ok: median $(f p50_us "$T/sj") us <= 1000"
[ "$(f p99_us "$T/sj")" -lt "$(f p50_us "$T/fifo")" ] ||
	fail "p99 wake latency $(f p99_us "$T/sj") us >= fifo's median $(f p50_us "$T/fifo") us"
note "ok: p99 $(f p99_us "$T/sj") us < fifo's median"
[ "$(f p50_us "$T/fifo")" -gt $(($(f p50_us "$T/sj") * 5)) ] || fail "fifo is not slower: levels made no difference"
note "ok: fifo's median is $(f p50_us "$T/fifo") us"
n=$(stats_counter "$T/stats" preempt_higher_qos)
[ "${n:-0}" -ge 100 ] || fail "only ${n:-0} higher-QoS preemptions"
note "ok: $n higher-QoS preemptions"
