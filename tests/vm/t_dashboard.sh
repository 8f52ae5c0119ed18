# `scxkit top` in a real terminal (tmux) on shinjuku under a known load:
# the screen names the policy, shows a non-zero queue depth and the
# workload's command on CPUs; resizes (down to below the minimum) do not
# crash it; q exits 0.  The headless --snapshot prints the same view.
. "$(dirname "$0")/lib.sh"

start_sched shinjuku --quiet --slice-us 2000 --timer-us 500
# Three spinners on two CPUs: one of them always waits in a queue.
spin --threads 3 --ms 60000 >/dev/null &
load=$!

tmux_start dash 100 30 "scxkit top -d 300"
wait_pane dash 'shinjuku | enabled'
wait_pane dash '^ *[01] .* spin '
note "ok: policy name, state and the workload's command on a CPU"
wait_pane dash '^q[0-9]* *[1-9][0-9]* '
note "ok: a non-zero queue depth"
cp "$T/pane" "$T/screen-100x30"

# Smaller, tiny (below the minimum), then standard.
for size in "80 24" "50 12" "20 4" "80 24"; do
	tmux resize-window -t dash -x "${size% *}" -y "${size#* }"
	sleep 1
	[ -e "$T/dash.rc" ] && fail "top exited after a resize to $size"
	pane dash >"$T/pane"
	note "ok: alive at ${size% *}x${size#* }: $(head -1 "$T/pane" | cut -c1-50)"
done
wait_pane dash 'shinjuku | enabled'
grep -q 'too small' "$T/pane" && fail "80x24 still says too small"

# Keys: help (any key closes it), sort, pause, then quit.
tmux send-keys -t dash h
wait_pane dash 'any key closes it'
# The help page explains the policy's counters, each from stats_meta.
wait_pane dash '^ *counters .EVENTS/s'
grep -q 'the server did not say' "$T/pane" &&
	fail "a counter without its help text on the help page"
tmux send-keys -t dash x
wait_pane dash 'sort (cpu)'
tmux send-keys -t dash s
wait_pane dash 'sort (running)'
tmux send-keys -t dash p
wait_pane dash 'PAUSED'
note "ok: help, sort and pause keys"
tmux send-keys -t dash q
expect_eq "top exit status after q" "$(wait_rc dash)" 0
tmux kill-server

# The scheduler is untouched by the dashboard coming and going.
expect_eq "scheduler still attached" "$(sched_state)" enabled

# Headless: the same view as text.
scxkit top --snapshot -n 2 -d 300 --width 100 >"$T/snap"
expect_eq "snapshot exit status" "$?" 0
expect_grep "snapshot names the policy" 'scxkit: shinjuku | enabled' "$T/snap"
expect_grep "snapshot shows the CPU table" '^ *CPU *PID *COMMAND' "$T/snap"
expect_eq "snapshots printed" "$(grep -c '^ scxkit: ' "$T/snap")" 2
# The launcher answering the request is on a CPU as it samples; it is
# not shown there as a busy task (loader__read_snapshot).
grep -E '^ *[0-9]+ +[0-9]+ scxkit( |$)' "$T/snap" &&
	fail "the sampling launcher shown as a CPU's task"

kill "$load" 2>/dev/null
stop_sched
expect_eq "scheduler exit status" "$SCHED_RC" 0

# With nothing running, --snapshot says so and fails.
scxkit top --snapshot >/dev/null 2>"$T/none"
expect_eq "snapshot with no scheduler" "$?" 1
expect_grep "says nothing serves stats" 'nothing serves stats' "$T/none"

echo "--- the dashboard at 100x30, shinjuku, 3 spinners on 2 CPUs ---"
cat "$T/screen-100x30"
