# Default (all tasks) mode: an ordinary task is scheduled by ext.
. "$(dirname "$0")/lib.sh"
start_sched fifo --quiet
spin --threads 3 --ms 300 >"$T/out" || fail "spin failed"
cat "$T/out"
expect_eq "normal tasks under ext" "$(grep -c 'policy 0 ext 1' "$T/out")" 3
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
