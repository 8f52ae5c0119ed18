# --partial, for every policy: a CPU-bound program that chose SCHED_EXT
# runs under ext (policy 7, ext.enabled 1) and finishes; a normal task
# stays out of ext.
. "$(dirname "$0")/lib.sh"
for p in $(scxkit list | awk '{print $1}'); do
	start_sched "$p" --partial --quiet
	spin --ext --threads 2 --ms 500 >"$T/ext.out" || { cat "$T/ext.out"; fail "$p: SCHED_EXT spin failed"; }
	expect_eq "$p: threads that finished under ext" "$(grep -c 'policy 7 ext 1' "$T/ext.out")" 2
	spin --threads 1 --ms 100 >"$T/normal.out"
	expect_grep "$p: normal task not under ext" 'policy 0 ext 0' "$T/normal.out"
	stop_sched
	expect_eq "$p: exit status" "$SCHED_RC" 0
done
