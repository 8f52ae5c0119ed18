#!/bin/sh
# A real, unmodified server under every scheduler (make bench-apps): Debian's
# redis-server driven by redis-benchmark, alone and beside a CPU-bound batch
# load (stress-ng --cpu), under CFS, CFS with the batch load at nice 19,
# fifo, vtime, and shinjuku with and without QoS rules.  Runs in one boot
# of the VM or natively, as root.  Prints one line per run, "APPS {json}",
# or "APPS-ERROR LABEL: why"; scripts/bench_apps.sh sums them up.
# Progress lines ("apps: ...") go to stderr.
#   run_apps.sh [bench|smoke]
# Settings come from the environment (scripts/bench_apps.sh documents them):
#   APPS_SCHEDS, APPS_REPEATS, APPS_REQUESTS, APPS_CLIENTS, APPS_TESTS,
#   APPS_SERVER_CPUS, APPS_CLIENT_CPU, APPS_BALLAST_CPU, APPS_TIMEOUT
mode=${1:-bench}
scheds=${APPS_SCHEDS:-cfs cfs-nice19 fifo vtime shinjuku-rules shinjuku}
repeats=${APPS_REPEATS:-3}
requests=${APPS_REQUESTS:-4000}
clients=${APPS_CLIENTS:-4}
tests=${APPS_TESTS:-get}
# The server and the batch load share these CPUs; the client has one of
# its own, so that it measures the server instead of fighting it.
srv_cpus=${APPS_SERVER_CPUS:-0,1}
cli_cpu=${APPS_CLIENT_CPU:-2}
# In the VM the vCPUs share one CPU's speed (docs/vm.md, the virtual
# clock): a busy vCPU anywhere slows the server, whoever schedules it.  So
# the server's runs without the batch load keep one vCPU outside the
# server's and the client's busy (the "ballast"), as the batch load keeps
# the server's second vCPU busy beside it: the runs then differ in the
# scheduling only.  Empty: no ballast (natively).
ballast_cpu=${APPS_BALLAST_CPU-3}
guard=${APPS_TIMEOUT:-240}
if [ "$mode" = smoke ]; then
	scheds=${APPS_SCHEDS:-cfs shinjuku-rules}
	repeats=1 requests=500
fi
port=6379
out=/tmp/apps.$$
nsrv=$(echo "$srv_cpus" | tr , '\n' | grep -c .)
mkdir -p "$out.d"

# Debian's redis-server is a symlink to redis-check-rdb, which takes the
# server's role when run by that name; the guest has only the latter.
srv_bin=$(command -v redis-server) || {
	rdb=$(command -v redis-check-rdb) ||
		{ echo "APPS-ERROR all: neither redis-server nor redis-check-rdb"; exit 1; }
	ln -sf "$rdb" "$out.d/redis-server"
	srv_bin=$out.d/redis-server
}
# The rules of shinjuku-rules: the server most urgent (higher levels are;
# shinjuku has 4 by default), the batch load at the lowest (stress-ng
# names its workers stress-ng-cpu), everything else (the client, kernel
# threads, the server's helper threads) between them.
cat >"$out.d/rules" <<'EOF'
level 3 comm=redis-server
level 0 comm=stress-ng*
level 1 all
EOF

# shellcheck source=bench/sched_attach.sh
. "$(dirname "$0")/sched_attach.sh"
# shellcheck disable=SC2034 # read by sched_attach
sched_all=1

# why FILE - the last lines of FILE on one line, for an APPS-ERROR line.
why() { tail -3 "$1" | tr -s '\r\n' '  '; }

# cpu_ns PID... - the CPU time (ns) all threads of the PIDs have used.
cpu_ns() {
	for p in "$@"; do
		cat /proc/"$p"/task/*/schedstat 2>/dev/null
	done | awk '{ s += $1 } END { printf "%.0f", s }'
}

# children PID - the processes whose parent is PID (one awk for all:
# under the emulator every process started costs milliseconds).
children() {
	# The name may hold spaces: the parent follows ") STATE ".
	awk -v p="$1" '{ s = $0; sub(/.*\) [A-Za-z] /, "", s) }
		s + 0 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null
}

# hog CPUS N NICE FILE - start stress-ng --cpu N pinned to CPUS at NICE,
# its report to FILE; sets hog_pid and hog_pids (it and its workers).
hog() {
	sh -c "renice -n $3 -p \$\$ >/dev/null; exec stress-ng --cpu $2 \
--taskset $1 --metrics-brief --timeout 1000" >"$4" 2>&1 &
	hog_pid=$!
	# Its workers, once it has forked them all.
	n=50
	while [ "$n" -gt 0 ]; do
		hog_pids="$hog_pid $(children "$hog_pid" | tr '\n' ' ')"
		[ "$(echo "$hog_pids" | wc -w)" -le "$2" ] || break
		sleep 0.1
		n=$((n - 1))
	done
}

# unhog - stop the hog; its report is then complete.
unhog() {
	kill -INT "$hog_pid" 2>/dev/null
	wait "$hog_pid" 2>/dev/null
}

# bench_json FILE - redis-benchmark's report in FILE as JSON fields, per
# test (set_, get_): requests/s, p50 and p99 from its latency summary,
# p99.9 from its distributions: the least latency whose cumulative count
# reaches 99.9% of the requests (an upper bound, as exact as its buckets).
bench_json() {
	tr '\r' '\n' <"$1" | awk '
	function flush() {
		if (t == "")
			return
		need = 0.999 * n
		best = -1
		for (i = 1; i <= nv; i++)
			if (cnt[i] >= need && (best < 0 || val[i] < best))
				best = val[i]
		printf "%s\"%s_n\":%d,\"%s_rps\":%s,\"%s_p50_ms\":%s,\"%s_p99_ms\":%s,\"%s_p999_ms\":%s,\"%s_max_ms\":%s", \
			sep, t, n, t, rps, t, p50, t, p99, t, best, t, max
		sep = ","
		t = ""
	}
	/^====== / { flush(); t = tolower($2); n = 0; nv = 0; summ = 0; next }
	t == "" { next }
	/requests completed in/ { n = $1 }
	/% <= .* milliseconds \(cumulative count/ {
		nv++
		val[nv] = $3 + 0
		c = $NF
		sub(/\)/, "", c)
		cnt[nv] = c + 0
	}
	/throughput summary:/ { rps = $3 }
	/avg +min +p50 +p95 +p99 +max/ { summ = 1; next }
	summ == 1 && NF == 6 { p50 = $3; p99 = $5; max = $6; summ = 0 }
	END { flush() }'
}

# one LABEL ANT REP - the server under LABEL, beside the batch load if ANT
# is 1; prints its APPS line (or APPS-ERROR).
one() {
	label=$1 ant=$2 rep=$3
	name=$label opts='' nice=0
	case $label in
	cfs) name='' ;;
	cfs-nice19) name='' nice=19 ;;
	shinjuku-rules) name=shinjuku opts="--qos-rules $out.d/rules" ;;
	# Not run by default: shinjuku with the periodic scan of every CPU
	# instead of its per-CPU one-shot timers, with rules and without.
	shinjuku-rules-scan)
		name=shinjuku opts="--qos-rules $out.d/rules --oneshot 0"
		;;
	shinjuku-scan) name=shinjuku opts="--oneshot 0" ;;
	esac
	if [ -n "$name" ]; then
		# shellcheck disable=SC2086
		sched_attach "$name" $opts || {
			echo "APPS-ERROR $label: did not attach: $(why "$out.err")"
			return 1
		}
	fi
	# A fresh server each run, pinned to its CPUs, no persistence.
	taskset -c "$srv_cpus" "$srv_bin" --port "$port" --save '' \
		--appendonly no --protected-mode no >"$out.srv" 2>&1 &
	srv=$!
	n=100
	while [ "$n" -gt 0 ] && ! redis-cli -p "$port" ping >/dev/null 2>&1; do
		sleep 0.1
		n=$((n - 1))
	done
	ballast=0 hog_pid='' hog_pids=''
	if [ "$ant" = 1 ]; then
		hog "$srv_cpus" "$nsrv" "$nice" "$out.ant"
	elif [ -n "$ballast_cpu" ]; then
		hog "$ballast_cpu" 1 0 "$out.ant"
		ballast=1
	fi
	t0=$(cut -d' ' -f1 /proc/uptime)
	s0=$(cpu_ns "$srv")
	# shellcheck disable=SC2086 # a list of PIDs
	a0=$(cpu_ns $hog_pids)
	timeout "$guard" taskset -c "$cli_cpu" redis-benchmark -p "$port" \
		-c "$clients" -n "$requests" -t "$tests" --precision 3 \
		>"$out.txt" 2>&1
	rc=$?
	t1=$(cut -d' ' -f1 /proc/uptime)
	s1=$(cpu_ns "$srv")
	# shellcheck disable=SC2086 # a list of PIDs
	a1=$(cpu_ns $hog_pids)
	[ -z "$hog_pid" ] || unhog
	redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$srv"
	wait "$srv"
	ok=1 inf=''
	if [ -n "$name" ]; then
		# The slice and timer shinjuku chose for itself (its defaults
		# follow the context-switch cost the launcher measures).
		inf=$(scxkit stats | grep -o '"\(slice\|timer\)_in_force_us":[0-9]*' |
			tr '\n' , | sed 's/,$//')
		kill -INT "$pid"
		wait "$pid" || ok=0
	fi
	if [ "$rc" != 0 ]; then
		echo "APPS-ERROR $label: redis-benchmark failed ($rc, $guard s allowed): $(why "$out.txt")"
		return 1
	fi
	[ "$ok" = 1 ] ||
		echo "APPS-ERROR $label: the scheduler exited with an error: $(why "$out.err")"
	fields=$(bench_json "$out.txt")
	[ -z "$inf" ] || fields="$fields,\"in_force\":{$inf}"
	# The batch load's bogo ops over its life (stress-ng's report),
	# and the share of them done in the window by CPU time.
	ops=0
	[ "$ant" != 1 ] || ops=$(awk '$4 == "cpu" { print $5 }' "$out.ant")
	awk -v l="$label" -v ant="$ant" -v rep="$rep" -v t0="$t0" -v t1="$t1" \
		-v s0="$s0" -v s1="$s1" -v a0="$a0" -v a1="$a1" \
		-v ops="${ops:-0}" -v nsrv="$nsrv" -v ballast="$ballast" \
		-v ok="$ok" -v f="$fields" -v c="$clients" -v nreq="$requests" 'BEGIN {
		w = t1 - t0
		srv = (s1 - s0) / 1e9
		hog = (a1 - a0) / 1e9
		free = nsrv * w - srv
		kept = free > 0 && ant ? hog / free : 0
		wops = a1 > 0 ? ops * (a1 - a0) / a1 : 0
		printf "APPS {\"sched\":\"%s\",\"ant\":%d,\"rep\":%d,%s,", l, ant, rep, f
		printf "\"clients\":%d,\"requests\":%d,\"window_s\":%.3f,", c, nreq, w
		printf "\"srv_cpus\":%d,\"srv_cpu_s\":%.3f,\"srv_share\":%.4f,", nsrv, srv, (w > 0 ? srv / (nsrv * w) : 0)
		printf "\"ballast\":%d,\"ant_cpu_s\":%.3f,\"ant_kept\":%.4f,", ballast, (ant ? hog : 0), kept
		printf "\"ant_ops\":%d,\"ant_ops_s\":%.2f,\"sched_exit_ok\":%d}\n", (ant ? wops : 0), (ant && w > 0 ? wops / w : 0), ok
	}'
}

# The batch load alone on the server's CPUs under CFS, once a repeat: its
# bogo ops per CPU-second when nothing else wants them, for the summary's
# ops-based estimate of what it kept.
alone() {
	hog "$srv_cpus" "$nsrv" 0 "$out.ant"
	# shellcheck disable=SC2086 # a list of PIDs
	a0=$(cpu_ns $hog_pids)
	sleep 2
	# shellcheck disable=SC2086 # a list of PIDs
	at=$(cpu_ns $hog_pids)
	unhog
	ops=$(awk '$4 == "cpu" { print $5 }' "$out.ant")
	awk -v rep="$1" -v ops="${ops:-0}" -v a0="$a0" -v at="$at" 'BEGIN {
		printf "APPS-ALONE {\"rep\":%d,\"ant_ops\":%d,\"ant_cpu_s\":%.3f,\"ops_per_cpu_s\":%.2f}\n", \
			rep, ops, at / 1e9, (at > 0 ? ops / (at / 1e9) : 0)
	}'
}

# What ran, for the summary's setup line.
ver=$(redis-benchmark --version | awk '{ print $2 }')
echo "apps: redis $ver: redis-benchmark -c $clients -n $requests -t $tests (closed loop, no pipelining) on CPU $cli_cpu; the server on CPUs $srv_cpus; the batch load stress-ng --cpu $nsrv on the same CPUs${ballast_cpu:+; the ballast stress-ng --cpu 1 on CPU $ballast_cpu in the runs without it}; $(nproc) CPUs; $repeats repeats, the schedulers taking turns in each: $scheds" >&2
for rep in $(seq "$repeats"); do
	alone "$rep"
	for sched in $scheds; do
		for ant in 0 1; do
			one "$sched" "$ant" "$rep"
			echo "apps: $sched, batch load $ant, done ($rep/$repeats; guest clock $(cut -d' ' -f1 /proc/uptime) s)" >&2
		done
	done
done
rm -rf "$out" "$out".*
