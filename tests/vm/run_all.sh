#!/bin/sh
# Runs the VM tests (t_*.sh beside this file) inside the guest, one after
# another, each with a time limit, and prints a summary line that CI reads.
#   run_all.sh [PATTERN...]
# A test runs if its name contains one of the PATTERNs (all run if none
# is given) and none of the !PATTERNs: `run_all.sh '!t_stress'`.
dir=$(dirname "$0")
# selected NAME - does NAME pass the PATTERNs?
selected() {
	local p inc=0 want=0
	for p in $patterns; do
		case "$p" in
		!*) case "$1" in *"${p#!}"*) return 1 ;; esac ;;
		*) want=1; case "$1" in *"$p"*) inc=1 ;; esac ;;
		esac
	done
	[ "$want" = 0 ] || [ "$inc" = 1 ]
}
patterns="$*"
# What this boot covers, for the reliability summary.
echo "boot: kernel $(uname -r) vcpus $(nproc)"
pass=0 failed=0 names= skipped=
for t in "$dir"/t_*.sh; do
	name=$(basename "$t" .sh)
	selected "$name" || continue
	echo "=== $name"
	# A test may need more CPUs than this VM has: "# cpus: N".  The host
	# boots a bigger VM for those (the Makefile's test-vm).
	cpus=$(sed -n 's/^# cpus: *\([0-9][0-9]*\).*/\1/p' "$t" | head -n 1)
	if [ -n "$cpus" ] && [ "$(nproc)" -lt "$cpus" ]; then
		skipped="$skipped $name"
		echo "SKIP $name (needs $cpus CPUs, this VM has $(nproc))"
		continue
	fi
	start=$(date +%s)
	# A test may need longer than the default: "# timeout: SECONDS".
	limit=$(sed -n 's/^# timeout: *\([0-9][0-9]*\).*/\1/p' "$t" | head -n 1)
	timeout -s KILL "${limit:-${TEST_TIMEOUT:-300}}" sh "$t" >"/tmp/$name.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ "$rc" = 0 ]; then
		pass=$((pass + 1))
		sed 's/^/    /' "/tmp/$name.log"
		echo "PASS $name (${secs}s)"
	else
		failed=$((failed + 1))
		names="$names $name"
		sed 's/^/    /' "/tmp/$name.log"
		echo "    --- dmesg (sched_ext) ---"
		dmesg | grep -i -A3 'sched_ext\|BUG\|WARNING' | tail -20 | sed 's/^/    /'
		echo "FAIL $name (exit $rc after ${secs}s)"
	fi
	# A failed test must not leave a scheduler behind for the next one.
	if [ "$(cat /sys/kernel/sched_ext/state)" != disabled ]; then
		killall -INT scxkit 2>/dev/null
		sleep 2
	fi
done
if dmesg | grep -q 'BUG:\|WARNING:'; then
	echo "kernel reported BUG/WARNING during the tests:"
	dmesg | grep -A10 'BUG:\|WARNING:' | head -40
	failed=$((failed + 1))
	names="$names kernel-log"
fi
[ -n "$skipped" ] && echo "skipped:$skipped"
[ -n "$names" ] && echo "failed:$names"
echo "vm: $pass passed, $failed failed"
[ "$failed" = 0 ]
