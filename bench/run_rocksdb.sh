#!/bin/sh
# The RocksDB experiment (rocksdb_bench) under CFS and every scxkit policy,
# in one boot of the VM or natively, for each workload shape
# (bench/shapes.sh): a capacity run, a sweep of offered loads, and runs
# with CPU-hog antagonists at the lowest QoS level.  Prints one line per
# run, "CAPACITY {json}" or "BENCH {json}", each naming its shape and (a
# BENCH line) its arrival seed, for bench.sh and ab.sh.
# Besides CFS and scxkit's policies it runs "bare", a FIFO written without
# the framework (bench/bare_fifo.bpf.c), and for every sched_ext run adds
# the BPF time its programs used ("bpf", from bench/bpf_prog_stats.c).
#   run_rocksdb.sh [bench|smoke]
# Settings come from the environment (bench/shapes.sh lists them):
#   RDB_SHAPE (ms, us or both), RDB_SCALE (vm or native), RDB_<SETTING>
#   and RDB_<SHAPE>_<SETTING>, e.g. RDB_LOADS, RDB_US_SCHEDS.
#   RDB_SPEC_<LABEL>='NAME [OPTION...]' makes LABEL in RDB_SCHEDS the
#   scheduler NAME (cfs, bare, a policy, a variant below or a policy's
#   .bpf.o path) with OPTIONs added to NAME's own (make bench-ab).
mode=${1:-bench}
scale=${RDB_SCALE:-vm}
db=${RDB_DB:-/tmp/scxkit-rocksdb}
out=/tmp/rdb.$$
ncpu=$(grep -c ^processor /proc/cpuinfo)
# shellcheck source=bench/shapes.sh
. "$(dirname "$0")/shapes.sh"

# variants SLICE TIMER - the schedulers beyond CFS and the policies (read
# by resolve, through eval).
# shellcheck disable=SC2034
variants() {
	# The slice scaled like the service times (ghOSt: 50 us slices for
	# 10 us Gets), for shinjuku, rr and shinjuku's variants (not in a
	# RDB_SPEC_, which gives its own); shinjuku-central is Shinjuku's
	# single-dispatcher variant.
	tuned="--slice-us $1 --timer-us $2"
	tuned_shinjuku=1 tuned_rr=1 tuned_shinjuku_central=1
	tuned_shinjuku_scan=1 tuned_shinjuku_hint=1
	policy_shinjuku_central=shinjuku
	opts_shinjuku_central="--central 1"
	# shinjuku-default: what a user runs, no options: its slice and
	# timer follow the context-switch cost the launcher measures.
	policy_shinjuku_default=shinjuku
	# shinjuku-scan: a scan of every CPU each timer period (ghOSt's way)
	# instead of the per-CPU one-shot timers at slice ends (the default).
	policy_shinjuku_scan=shinjuku
	opts_shinjuku_scan="--oneshot 0"
	# The application's hint: a worker serving a Range says it is less
	# urgent (rocksdb_bench --range-qos / --range-nice), to shinjuku as
	# QoS level 0 below the workers' 2, to CFS as nice 19: the same hint
	# to both.
	policy_shinjuku_hint=shinjuku
	bargs_shinjuku_hint="--range-qos 0"
	bargs_cfs_nice="--range-nice 19"
	# fifo-futex: fifo with the workers waiting on a futex, as bare's do
	# (it has no QoS table): the like-for-like pair for the framework's
	# overhead.
	policy_fifo_futex=fifo
	wait_fifo_futex=futex
	wait_bare=futex
	# fifo-syscall: fifo with the QoS table as it was before shared
	# regions (SCXKIT_QOS_SHARED=0: every idle and runnable mark a bpf()
	# call, as the bench runs as root): against fifo (shared) and
	# fifo-futex it shows what a mark costs.
	policy_fifo_syscall=fifo
	env_fifo_syscall="SCXKIT_QOS_SHARED=0"
}

# resolve LABEL - what LABEL runs: sets r_name (cfs, bare, a policy or a
# path), r_opts (its options), r_bargs (rocksdb_bench's), r_wait, r_env.
resolve() {
	var=$(echo "$1" | tr - _)
	eval "spec=\${RDB_SPEC_$var:-}"
	r_more=
	if [ -n "$spec" ]; then
		r_name=${spec%% *}
		[ "$r_name" = "$spec" ] || r_more=${spec#* }
	else
		r_name=$1
	fi
	r_opts='' r_bargs='' r_wait='' r_env='' r_policy=$r_name
	# A variant's or policy's own settings (a path has none).
	case $r_name in *[!a-z0-9-]*) ;; *)
		var=$(echo "$r_name" | tr - _)
		eval "r_opts=\${opts_$var:-}"
		eval "r_policy=\${policy_$var:-$r_name}"
		eval "r_bargs=\${bargs_$var:-}"
		eval "r_wait=\${wait_$var:-}"
		eval "r_env=\${env_$var:-}"
		eval "is_tuned=\${tuned_$var:-}"
		[ -n "$spec" ] || [ -z "$is_tuned" ] || r_opts="$tuned $r_opts"
		;;
	esac
	case $r_name in cfs | cfs-*)
		# CFS takes no scheduler options: they are the benchmark's.
		r_bargs="$r_bargs $r_more"
		;;
	*) r_opts="$r_opts $r_more" ;;
	esac
}

# shellcheck source=bench/sched_attach.sh
. "$(dirname "$0")/sched_attach.sh"
# The kernel counts BPF programs' run time only while this is set.
bpf_stats_was=$(cat /proc/sys/kernel/bpf_stats_enabled 2>/dev/null || echo 0)
echo 1 >/proc/sys/kernel/bpf_stats_enabled || echo "BENCH-ERROR no bpf_stats" >&2
trap 'echo "$bpf_stats_was" >/proc/sys/kernel/bpf_stats_enabled 2>/dev/null' EXIT

# one LABEL THROUGHPUT ANTAGONISTS SECONDS SEED - one run; prints its JSON
# line (with its shape and seed).
one() {
	sched=$1 rate=$2 nants=$3 s=$4 seed=$5
	rm -f "$out.json"
	resolve "$sched"
	case $r_name in cfs | cfs-*)
		# shellcheck disable=SC2086
		rocksdb_bench --scheduler cfs --throughput "$rate" \
			--antagonist "$nants" --duration "$s" --discard "$S_DISCARD" \
			--label "$sched" --json "$out.json" --seed "$seed" \
			$common $r_bargs >"$out.txt" 2>&1
		;;
	*)
		# shellcheck disable=SC2086
		if ! sched_attach "$r_policy" $r_opts; then
			echo "BENCH-ERROR $sched did not attach: $(cat "$out.err")" >&2
			return 1
		fi
		# shellcheck disable=SC2086
		env $r_env rocksdb_bench --scheduler ext --wait "${r_wait:-prio}" \
			--throughput "$rate" --antagonist "$nants" --duration "$s" \
			--discard "$S_DISCARD" --label "$sched" --json "$out.json" \
			--seed "$seed" $common $r_bargs >"$out.txt" 2>&1
		# The programs' BPF time, read while they are still loaded.
		bpf=$(bpf_prog_stats) &&
			sed -i "s/}\$/,\"bpf\":$bpf}/" "$out.json"
		# The framework's work-conservation counters (not bare's).
		# (Top-level fields of the reply, before its nested rows.)
		wc=
		[ "$r_name" = bare ] || wc=$(scxkit stats |
			sed -n 's/^{"errno":0,"args":{"resp":{\([^{}]*\).*/\1/p' |
			grep -o '"wc_[a-z_]*":[0-9]*' | tr '\n' , | sed 's/,$//')
		[ -z "$wc" ] || sed -i "s/}\$/,\"wc\":{$wc}}/" "$out.json"
		# The slice and timer a policy chose for itself (shinjuku's
		# defaults), for the ideal reference to replay the same.
		inf=
		[ "$r_name" = bare ] || inf=$(scxkit stats |
			grep -o '"\(slice\|timer\)_in_force_us":[0-9]*' |
			tr '\n' , | sed 's/,$//')
		[ -z "$inf" ] || sed -i "s/}\$/,\"in_force\":{$inf}}/" "$out.json"
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
	sed -i "s/}\$/,\"shape\":\"$shape\",\"seed\":$seed}/" "$out.json"
	cat "$out.txt" >&2
	cat "$out.json"
}

# Work per request (RDB_SERVICE=work) is calibrated once, in the first
# shape's CFS capacity run, and every later run of every shape does that
# work: each run calibrating for itself, under the scheduler it measures,
# gave a policy with a periodic timer 1.6-4.6% less work per request,
# varying with the boot.
wpu=
for shape in $(shape_list); do
	if ! shape_settings "$shape" "$scale"; then
		echo "BENCH-ERROR unknown shape $shape (RDB_SHAPE: ms, us or both)" >&2
		exit 1
	fi
	variants "$S_SLICE_US" "$S_TIMER_US"
	rocksdb_bench --populate-only --keys "$S_KEYS" --db "$db" >&2 || {
		echo "BENCH-ERROR cannot populate the database" >&2
		exit 1
	}
	common="--get-us $S_GET_US --range-us $S_RANGE_US --range-ratio $S_RATIO \
--keys $S_KEYS --range-keys $S_RANGE_KEYS --workers $S_WORKERS --db $db \
--service $S_SERVICE"
	[ -z "$wpu" ] || common="$common --work-per-us $wpu"

	# Loads are fractions of what the machine can serve when never idle
	# (the work capacity): a CPU's worth of mean service per CPU, and
	# in the VM one CPU's worth in all, since its vCPUs share one
	# CPU's speed under the virtual clock (two busy vCPUs run at half
	# speed each: bench/README.md, The ideal reference).  So load 0.7
	# is a utilization of 0.7.  It used to be a fraction of what CFS
	# completed when overloaded, which counts the requests finished
	# in the drain after the run, Gets first: 1841 req/s in the ms
	# shape with 6 s runs against a work capacity of 1338, so "0.7"
	# was a utilization of about 0.96, and 3 s runs measured 3060.
	mean=$(awk -v g="$S_GET_US" -v r="$S_RANGE_US" -v p="$S_RATIO" \
		'BEGIN { print (1 - p) * g + p * r }')
	speed_cpus=$ncpu
	[ "$scale" != vm ] || speed_cpus=1
	ideal=$(awk -v m="$mean" -v c="$speed_cpus" 'BEGIN { printf "%.0f", c * 1e6 / m }')
	if [ "$mode" = smoke ]; then
		cap=$ideal
	else
		# What CFS completes when offered more than the CPUs can
		# serve: the work calibration's run, reported beside.
		line=$(one cfs $((ideal * 3 / 2)) 0 "$S_SECONDS" "$S_SEED") || exit 1
		cap=$(echo "$line" | sed 's/.*"achieved":\([0-9.]*\).*/\1/')
		if [ -z "$wpu" ]; then
			wpu=$(echo "$line" | sed -n 's/.*"work_per_us":\([0-9.]*\).*/\1/p')
			[ "$wpu" != 0.0 ] || wpu=
			[ -z "$wpu" ] || common="$common --work-per-us $wpu"
		fi
		echo "capacity: [$shape] $cap req/s completed under CFS overloaded; loads are fractions of the work capacity, $ideal req/s" >&2
	fi
	echo "CAPACITY {\"shape\":\"$shape\",\"ideal\":$ideal,\"measured\":$cap,\"load_base\":$ideal,\"cpus\":$ncpu,\"mean_us\":$mean}"

	# Each point runs its repeats (more at the headline loads), repeat r
	# with arrival seed SEED + r - 1, the schedulers taking turns within
	# a repeat (make bench reports medians and ranges:
	# bench/median_runs.awk); ONE_SEED_SCHEDS run the first only.
	for load in $S_LOADS; do
		rate=$(awk -v l="$load" -v c="$ideal" 'BEGIN { printf "%.0f", l * c }')
		reps=$(shape_repeats "$load")
		for rep in $(seq "$reps"); do
			seed=$((S_SEED + rep - 1))
			for sched in $S_SCHEDS; do
				shape_runs_sched "$sched" "$rep" || continue
				line=$(one "$sched" "$rate" 0 "$S_SECONDS" "$seed") &&
					echo "BENCH $line"
				echo "rocksdb: [$shape] $sched at load $load ($rate req/s) done ($rep/$reps, seed $seed)" >&2
			done
		done
	done

	# QoS isolation: the same server beside CPU hogs at the lowest
	# level.
	[ "$S_ANTAGONISTS" -gt 0 ] || continue
	rate=$(awk -v l="$S_ANT_LOAD" -v c="$ideal" 'BEGIN { printf "%.0f", l * c }')
	for rep in $(seq "$S_ANT_REPEATS"); do
		seed=$((S_SEED + rep - 1))
		for sched in $S_SCHEDS; do
			shape_runs_sched "$sched" "$rep" || continue
			line=$(one "$sched" "$rate" "$S_ANTAGONISTS" "$S_SECONDS" "$seed") &&
				echo "BENCH $line"
			echo "rocksdb: [$shape] $sched with $S_ANTAGONISTS antagonists done ($rep/$S_ANT_REPEATS, seed $seed)" >&2
		done
	done
done
rm -f "$out".*
