# A task queue that is full sends tasks to the framework's overflow DSQ:
# counted, and every task still runs and finishes.
. "$(dirname "$0")/lib.sh"
start_sched rr --partial --quiet --queue-capacity 2
spin --ext --threads 16 --ms 300 >"$T/out" || { cat "$T/out"; fail "spin failed"; }
expect_eq "threads that finished under ext" "$(grep -c 'policy 7 ext 1' "$T/out")" 16
scxkit stats >"$T/stats"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
n=$(stats_counter "$T/stats" overflow)
[ "${n:-0}" -gt 0 ] || fail "no overflow counted with capacity 2 and 16 threads"
note "ok: $n pushes overflowed to the DSQ and were still run"
