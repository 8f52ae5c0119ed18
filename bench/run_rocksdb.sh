#!/bin/sh
# The RocksDB experiment (rocksdb_bench) under CFS and every scxkit policy,
# in one boot of the VM or natively: a capacity run, a sweep of offered
# loads, and runs with CPU-hog antagonists at the lowest QoS level.  Prints
# one line per run, "CAPACITY {json}" or "BENCH {json}", for bench.sh.
# Besides CFS and scxkit's policies it runs "bare", a FIFO written without
# the framework (bench/bare_fifo.bpf.c), and for every sched_ext run adds
# the BPF time its programs used ("bpf", from bench/bpf_prog_stats.c).
#   run_rocksdb.sh [bench|smoke]
# Settings come from the environment (bench.sh sets them; see there):
#   RDB_LOADS RDB_SECONDS RDB_DISCARD RDB_GET_US RDB_RANGE_US RDB_RATIO
#   RDB_KEYS RDB_RANGE_KEYS RDB_WORKERS RDB_ANTAGONISTS RDB_ANT_LOAD
#   RDB_SLICE_US RDB_TIMER_US RDB_SERVICE RDB_REPEATS
#   RDB_SCHEDS (default: all of them, listed below)
mode=${1:-bench}
secs=${RDB_SECONDS:-10}
discard=${RDB_DISCARD:-2}
get_us=${RDB_GET_US:-500}
range_us=${RDB_RANGE_US:-50000}
ratio=${RDB_RATIO:-0.005}
keys=${RDB_KEYS:-50000}
range_keys=${RDB_RANGE_KEYS:-500}
workers=${RDB_WORKERS:-32}
ants=${RDB_ANTAGONISTS:-2}
ant_load=${RDB_ANT_LOAD:-0.3}
loads=${RDB_LOADS:-0.3 0.5 0.7 0.9}
slice=${RDB_SLICE_US:-1500}
repeats=${RDB_REPEATS:-1}
timer=${RDB_TIMER_US:-250}
db=${RDB_DB:-/tmp/scxkit-rocksdb}
out=/tmp/rdb.$$
ncpu=$(grep -c ^processor /proc/cpuinfo)

# Policy options: the slice scaled like the service times (ghOSt: 50 us
# slices for 10 us Gets); rr shares them; shinjuku-central is Shinjuku's
# single-dispatcher variant.
opts_shinjuku="--slice-us $slice --timer-us $timer"
opts_rr="--slice-us $slice --timer-us $timer"
policy_shinjuku_central=shinjuku
opts_shinjuku_central="--slice-us $slice --timer-us $timer --central 1"
# shinjuku-oneshot: per-CPU one-shot timers at slice ends instead of a
# scan of every CPU each timer period (the default, ghOSt's way).
policy_shinjuku_oneshot=shinjuku
opts_shinjuku_oneshot="--slice-us $slice --timer-us $timer --oneshot 1"
# The application's hint: a worker serving a Range says it is less urgent
# (rocksdb_bench --range-qos / --range-nice), to shinjuku as QoS level 0
# below the workers' 2, to CFS as nice 19: the same hint to both.
policy_shinjuku_hint=shinjuku
opts_shinjuku_hint=$opts_shinjuku
bargs_shinjuku_hint="--range-qos 0"
bargs_cfs_nice="--range-nice 19"
# fifo-futex: fifo with the workers waiting on a futex, as bare's do (it
# has no QoS table): the like-for-like pair for the framework's overhead.
policy_fifo_futex=fifo
wait_fifo_futex=futex
wait_bare=futex
# fifo-syscall: fifo with the QoS table as it was before shared regions
# (SCXKIT_QOS_SHARED=0: every idle and runnable mark a bpf() call, as
# the bench runs as root): against fifo (shared) and fifo-futex it shows
# what a mark costs.
policy_fifo_syscall=fifo
env_fifo_syscall="SCXKIT_QOS_SHARED=0"
scheds=${RDB_SCHEDS:-"cfs cfs-nice bare fifo-futex fifo-syscall $(scxkit list | awk '{print $1}') shinjuku-central shinjuku-oneshot shinjuku-hint"}
# shellcheck source=bench/sched_attach.sh
. "$(dirname "$0")/sched_attach.sh"
# The kernel counts BPF programs' run time only while this is set.
bpf_stats_was=$(cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null || echo 0)
echo 1 >/proc/sys/kernel/bpf_stats_enabled || echo "BENCH-ERROR no bpf_stats" >&2
trap 'echo "$bpf_stats_was" >/proc/sys/kernel/bpf_stats_enabled 2>/dev/null' EXIT

# ext_start SCHED - attach SCHED (a policy name, a variant below, or
# "bare") with its options; sets $pid.  Fails if it never gets ready.
ext_start() {
	var=$(echo "$1" | tr - _)
	eval "extra=\$opts_$var"
	eval "policy=\${policy_$var:-$1}"
	# shellcheck disable=SC2086
	sched_attach "$policy" $extra && return 0
	echo "BENCH-ERROR $1 did not attach: $(cat "$out.err")" >&2
	return 1
}

common="--get-us $get_us --range-us $range_us --range-ratio $ratio \
--keys $keys --range-keys $range_keys --workers $workers --db $db \
--service ${RDB_SERVICE:-cpu}"

# one SCHED THROUGHPUT ANTAGONISTS SECONDS - one run; prints its JSON line.
one() {
	sched=$1 rate=$2 nants=$3 s=$4
	rm -f "$out.json"
	var=$(echo "$sched" | tr - _)
	eval "bargs=\${bargs_$var:-}"
	case $sched in cfs | cfs-*)
		# shellcheck disable=SC2086
		rocksdb_bench --scheduler cfs --throughput "$rate" \
			--antagonist "$nants" --duration "$s" --discard "$discard" \
			--label "$sched" --json "$out.json" $common $bargs \
			>"$out.txt" 2>&1
		;;
	*)
		ext_start "$sched" || return 1
		eval "wait=\${wait_$var:-prio}"
		eval "benv=\${env_$var:-}"
		# shellcheck disable=SC2086
		env $benv rocksdb_bench --scheduler ext --wait $wait --throughput "$rate" \
			--antagonist "$nants" --duration "$s" --discard "$discard" \
			--label "$sched" --json "$out.json" $common $bargs \
			>"$out.txt" 2>&1
		# The programs' BPF time, read while they are still loaded.
		bpf=$(bpf_prog_stats) &&
			sed -i "s/}\$/,\"bpf\":$bpf}/" "$out.json"
		# The framework's work-conservation counters (not bare's).
		# (Top-level fields of the reply, before its nested rows.)
		wc=
		[ "$sched" = bare ] || wc=$(scxkit stats |
			sed -n 's/^{"errno":0,"args":{"resp":{\([^{}]*\).*/\1/p' |
			grep -o '"wc_[a-z_]*":[0-9]*' | tr '\n' , | sed 's/,$//')
		[ -z "$wc" ] || sed -i "s/}\$/,\"wc\":{$wc}}/" "$out.json"
		# A scheduler ejected during the run exits with an error.
		kill -INT $pid
		if wait $pid; then
			ok=1
		else
			ok=0
			echo "BENCH-ERROR $sched: $(cat "$out.err")" >&2
		fi
		sed -i "s/}\$/,\"sched_exit_ok\":$ok}/" "$out.json"
		;;
	esac
	if ! [ -s "$out.json" ]; then
		echo "BENCH-ERROR $sched at $rate req/s: $(tail -3 "$out.txt")" >&2
		return 1
	fi
	cat "$out.txt" >&2
	cat "$out.json"
}

rocksdb_bench --populate-only --keys "$keys" --db "$db" >&2 || {
	echo "BENCH-ERROR cannot populate the database" >&2
	exit 1
}

# Capacity: what CFS completes when offered more than the CPUs can serve.
mean=$(awk -v g="$get_us" -v r="$range_us" -v p="$ratio" \
	'BEGIN { print (1 - p) * g + p * r }')
ideal=$(awk -v m="$mean" -v c="$ncpu" 'BEGIN { printf "%.0f", c * 1e6 / m }')
if [ "$mode" = smoke ]; then
	cap=$ideal
	echo "CAPACITY {\"ideal\":$ideal,\"measured\":$cap,\"cpus\":$ncpu,\"mean_us\":$mean}"
else
	line=$(one cfs $((ideal * 3 / 2)) 0 "$secs") || exit 1
	cap=$(echo "$line" | sed 's/.*"achieved":\([0-9.]*\).*/\1/')
	# Every later run does the work this CFS run calibrated: each run
	# calibrating for itself, under the scheduler it measures, gave a
	# policy with a periodic timer 1.6-4.6% less work per request,
	# varying with the boot.
	wpu=$(echo "$line" | sed -n 's/.*"work_per_us":\([0-9.]*\).*/\1/p')
	[ -z "$wpu" ] || [ "$wpu" = 0.0 ] || common="$common --work-per-us $wpu"
	echo "CAPACITY {\"ideal\":$ideal,\"measured\":$cap,\"cpus\":$ncpu,\"mean_us\":$mean}"
	echo "capacity: $cap req/s measured under CFS ($ideal ideal)" >&2
fi

# Each point runs $repeats times, the schedulers taking turns within a
# repeat (make bench reports the medians: bench/median_runs.awk).
for load in $loads; do
	rate=$(awk -v l="$load" -v c="$cap" 'BEGIN { printf "%.0f", l * c }')
	for rep in $(seq "$repeats"); do
		for sched in $scheds; do
			line=$(one "$sched" "$rate" 0 "$secs") && echo "BENCH $line"
			echo "rocksdb: $sched at load $load ($rate req/s) done ($rep/$repeats)" >&2
		done
	done
done

# QoS isolation: the same server beside CPU hogs at the lowest level.
rate=$(awk -v l="$ant_load" -v c="$cap" 'BEGIN { printf "%.0f", l * c }')
for rep in $(seq "$repeats"); do
	for sched in $scheds; do
		line=$(one "$sched" "$rate" "$ants" "$secs") && echo "BENCH $line"
		echo "rocksdb: $sched with $ants antagonists done ($rep/$repeats)" >&2
	done
done
rm -f "$out".*
