# The dashboard shows how a scheduler ended and keeps it on screen:
# `scxkit top` watching a scheduler that the kernel then ejects, and
# `scxkit run --tui` both ejected and detached with q.
. "$(dirname "$0")/lib.sh"

# An injected error at the 300th enqueue: idle, fifo makes a few per
# second; the spinners below make hundreds.
start_sched fifo --quiet --inject-error-after 300
tmux_start top 100 30 "scxkit top -d 300"
wait_pane top 'fifo | enabled'
spin --threads 8 --ms 5000 >/dev/null &
wait "$SCHED_PID"
expect_eq "launcher exit status" "$?" 3
wait_pane top 'EJECTED fifo'
wait_pane top 'SCX_EXIT_ERROR_BPF (1025)'
wait_pane top 'reason:  scx_bpf_error'
wait_pane top 'injected fault after 300 enqueues'
grep -q '| ejected' "$T/pane" || fail "state not shown as ejected"
cp "$T/pane" "$T/top-ejected"
note "ok: top shows kind, reason and message"
sleep 2
wait_pane top "injected fault after 300 enqueues" 1
note "ok: still on screen 2 s later"
tmux send-keys -t top q
expect_eq "top exit status" "$(wait_rc top)" 0
wait

# The embedded dashboard: ejected, it stays until q, then exits 3.
tmux_start run 100 30 "scxkit run fifo --tui --interval-ms 300 --inject-error-after 300"
wait_pane run 'fifo | enabled'
spin --threads 8 --ms 5000 >/dev/null &
wait_pane run 'EJECTED fifo'
wait_pane run 'injected fault after 300 enqueues'
wait_state disabled
sleep 1
[ -e "$T/run.rc" ] && fail "run --tui did not keep the exit on screen"
tmux send-keys -t run q
expect_eq "run --tui exit status after an ejection" "$(wait_rc run)" 3
wait

# Detached with q: exit 0, scheduler gone, the record says requested.
tmux_start run2 80 24 "scxkit run shinjuku --tui --interval-ms 300"
wait_pane run2 'shinjuku | enabled'
tmux send-keys -t run2 q
expect_eq "run --tui exit status after q" "$(wait_rc run2)" 0
wait_state disabled
expect_grep "exit record says requested" '"requested":true' /run/scxkit/last-exit.json
tmux kill-server

echo "--- top after the ejection ---"
cat "$T/top-ejected"
