# A policy that fails (injected scx_bpf_error) is ejected by the kernel;
# scxkit reports kind, reason and message and exits 3; the machine keeps
# running on the default scheduler.
. "$(dirname "$0")/lib.sh"
spin --threads 4 --ms 3000 >/dev/null &
load=$!
scxkit run fifo --inject-error-after 200 >"$T/out" 2>"$T/err"
rc=$?
cat "$T/err"
expect_eq "exit status when ejected" "$rc" 3
expect_grep "exit kind" 'exit kind: SCX_EXIT_ERROR_BPF (1025)' "$T/err"
expect_grep "reason" 'reason: scx_bpf_error' "$T/err"
expect_grep "message" 'message: ops\.bpf\.h:[0-9][0-9]*: injected fault after 200 enqueues' "$T/err"
wait_state disabled
wait $load || fail "workload died with the scheduler"
note "ok: workload finished on the default scheduler"

# The same report as JSON.
scxkit run fifo --inject-error-after 50 --json --quiet >"$T/json" 2>/dev/null &
spin --threads 2 --ms 1000 >/dev/null
wait $! ; rc=$?
expect_eq "exit status (json)" "$rc" 3
expect_grep "json exit record" '"type":"exit".*"requested":false,"restarts":0,"kind":1025' "$T/json"

# sysrq-S (operator pulls the plug) is reported as an ejection too.
start_sched fifo --quiet
echo S >/proc/sysrq-trigger
wait "$SCHED_PID"; rc=$?
expect_eq "exit status after sysrq-S" "$rc" 3
expect_grep "sysrq kind" 'SCX_EXIT_SYSRQ' "$T/sched.err"
