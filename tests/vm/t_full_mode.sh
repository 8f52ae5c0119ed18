# Default (all tasks) mode, for every policy: ordinary tasks are scheduled
# by ext and finish, and the policy detaches cleanly.
. "$(dirname "$0")/lib.sh"
for p in $(scxkit list | awk '{print $1}'); do
	start_sched "$p" --quiet
	spin --threads 3 --ms 300 >"$T/out" || fail "$p: spin failed"
	expect_eq "$p: normal tasks under ext" "$(grep -c 'policy 0 ext 1' "$T/out")" 3
	stop_sched
	expect_eq "$p: exit status" "$SCHED_RC" 0
done
