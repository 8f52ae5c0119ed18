# --partial: a CPU-bound program that chose SCHED_EXT runs under ext
# (policy 7, ext.enabled 1) and finishes; a normal task stays out of ext.
. "$(dirname "$0")/lib.sh"
start_sched fifo --partial --quiet
spin --ext --threads 2 --ms 500 >"$T/ext.out" || { cat "$T/ext.out"; fail "SCHED_EXT spin failed"; }
cat "$T/ext.out"
expect_eq "threads that finished under ext" "$(grep -c 'policy 7 ext 1' "$T/ext.out")" 2
spin --threads 1 --ms 100 >"$T/normal.out"
expect_grep "normal task not under ext in partial mode" 'policy 0 ext 0' "$T/normal.out"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
