#!/bin/sh
# Inside the VM: the bimodal benchmark under CFS and every scxkit policy at
# several loads, one JSON line per run (prefixed "BENCH "), in one boot.
#   run_bimodal.sh "LOADS" SECONDS ["DISTS"] ["BIMODAL ARGS"]
# DISTS: service-time distributions, bimodal and/or exp (default both);
# BIMODAL ARGS go to every run (the VM passes --service work --cpus 1).
loads=${1:-0.3 0.5 0.7}
secs=${2:-10}
dists=${3:-bimodal exp}
args=${4:-}
# Policy options scaled to the emulator: ghOSt's 50 us slice x 20.
opts_shinjuku="--slice-us 1000 --timer-us 250"
opts_rr="--slice-us 1000 --timer-us 250"
# Shinjuku's dispatch choice, measured: one dispatcher CPU instead of all.
variants="shinjuku-central shinjuku-scan"
policy_shinjuku_central=shinjuku
opts_shinjuku_central="--slice-us 1000 --timer-us 250 --central 1"
# Preemption by a periodic scan instead of per-CPU one-shot timers.
policy_shinjuku_scan=shinjuku
opts_shinjuku_scan="--slice-us 1000 --timer-us 250 --oneshot 0"
for dist in $dists; do
for load in $loads; do
	for sched in cfs $(scxkit list | awk '{print $1}') $variants; do
		if [ "$sched" = cfs ]; then
			# shellcheck disable=SC2086
			out=$(bimodal --sched cfs --load "$load" --seconds "$secs" \
				--dist "$dist" $args --label cfs --json)
			# The policies then do the work this CFS run calibrated:
			# calibrating under a policy's periodic timer gave it
			# less work per request, varying with the boot.
			wpu=$(echo "$out" |
				sed -n 's/.*"work_per_us":\([0-9.]*\).*/\1/p')
			[ "$wpu" != 0.0 ] || wpu= # --service cpu
		else
			var=$(echo "$sched" | tr - _)
			eval "extra=\$opts_$var"
			eval "policy=\${policy_$var:-$sched}"
			# shellcheck disable=SC2086
			scxkit run "$policy" --partial --quiet $extra 2>/tmp/bench.err &
			pid=$!
			sleep 1
			# shellcheck disable=SC2086
			out=$(bimodal --sched ext --load "$load" --seconds "$secs" \
				--dist "$dist" $args ${wpu:+--work-per-us $wpu} \
				--label "$sched" --json)
			kill -INT $pid
			wait $pid || { echo "BENCH-ERROR $sched: $(cat /tmp/bench.err)"; }
		fi
		echo "BENCH $out"
		echo "$sched $dist load $load done" >&2
	done
done
done
