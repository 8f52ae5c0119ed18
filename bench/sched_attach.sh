# shellcheck shell=sh
# Sourced by bench/run_rocksdb.sh and bench/run_wake.sh: how a benchmark
# attaches the scheduler under test.  Needs $out (a temporary file prefix).
#
# sched_attach NAME [OPTION...] - start NAME in the background, "bare" (the
# FIFO without the framework, bench/bare_fifo.bpf.o) or an scxkit policy
# (scxkit run --partial, with OPTIONs; every task if the caller set
# sched_all=1), and wait up to 10 s until it is ready.  Sets $pid; its stderr goes to $out.err.  Returns 1, the scheduler
# stopped, if it never got ready: a run would then measure CFS under the
# scheduler's name.
# shellcheck disable=SC2154 # $out is the caller's
sched_attach() {
	name=$1
	shift
	if [ "$name" = bare ]; then
		bare_sched "$(dirname "$(command -v bare_sched)")/bare_fifo.bpf.o" \
			2>"$out.err" &
		pid=$!
		ready() { grep -q '^enabled' /sys/kernel/sched_ext/state; }
	else
		# Partial mode: the benchmark's threads are the ext ones, as
		# only the application's threads are ghOSt's in its experiment.
		# An unmodified server never asks for SCHED_EXT, so
		# bench/run_apps.sh puts every task under the policy.
		mode=--partial
		[ "${sched_all:-0}" = 0 ] || mode=
		# shellcheck disable=SC2086 # no mode is no word
		scxkit run "$name" $mode --quiet "$@" 2>"$out.err" &
		pid=$!
		ready() { [ -S /run/scxkit/qos.sock ]; }
	fi
	n=100
	while [ "$n" -gt 0 ] && ! ready; do
		sleep 0.1
		n=$((n - 1))
	done
	ready && return 0
	kill -INT $pid 2>/dev/null
	wait $pid
	return 1
}
