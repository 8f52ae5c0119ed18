#!/bin/bash
# The reliability summary of `make test` (issue 7): adds up the figures the
# VM tests printed ("figure: NAME VALUE" lines in the VM logs, one per VM
# boot) and the fuzz run's totals, prints one human line and
# build/reliability.json, and fails if any figure is off or missing.
#   tests/reliability_summary.sh [FUZZ_RESULTS VM_LOG...]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
fuzz=${1:-$ROOT/build/fuzz-results}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- "$ROOT"/build/vm-tests*.log
out=$ROOT/build/reliability.json

for log in "$@"; do
	[ -r "$log" ] || { echo "reliability: no VM test log at $log (run make test-vm)" >&2; exit 1; }
done
[ -r "$fuzz" ] || { echo "reliability: no fuzz results at $fuzz (run make test-unit)" >&2; exit 1; }
policies=$(ls "$ROOT"/policies/*/*.bpf.c | grep -c '/\([^/]*\)/\1\.bpf\.c$')

# sum of a figure, or "missing"; *_max_* figures take the maximum
sums=$(awk '$1 == "figure:" {
		if ($2 ~ /_max_/) { if (!($2 in v) || $3 > v[$2]) v[$2] = $3 }
		else v[$2] += $3
	}
	END { for (k in v) print k, v[k] }' "$@")
get() { echo "$sums" | awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print "missing" }'; }

events=$(get events) ejections=$(get ejections) lost=$(get lost)
injected=$(get faults_injected) reported=$(get faults_reported)
kills=$(get kill9_runs) kill_ms=$(get kill9_max_ms) exit_ms=$(get kill9_exit_max_ms)
stress=$(get stress_runs) garbage=$(get garbage_writes)
attempts=$(get denied_attempts) denied=$(get denied)
allowed=$(get allowed_attempts) allowed_ok=$(get allowed_ok)
read -r fuzz_execs crashes <"$fuzz"
stale_ms=$(get stale_burst_max_ms) hol=$(get hol_extra_idle_max_permille)
scale=$(get scale_runs) ns_checks=$(get ns_checks)
hostile=$(get hostile_connections) hostile_ms=$(get hostile_root_wait_max_ms)
hostile_user_ms=$(get hostile_user_wait_max_ms) hostile_held=$(get hostile_max_held)
hotplug=$(get hotplug_events)
# What the boots covered: run_all.sh prints "boot: kernel K vcpus N".
kernels=$(awk '$1 == "boot:" { print $3 }' "$@" | sort -u | paste -sd, -)
vcpus=$(awk '$1 == "boot:" { print $5 }' "$@" | sort -nu | paste -sd, -)
nr_kernels=$(echo "$kernels" | tr , '\n' | grep -c .)
has_vcpus() { echo ",$vcpus," | grep -q ",$1,"; }
big=0
has_vcpus 16 && big=$((big + 1))
has_vcpus 64 && big=$((big + 1))
stress_boots=$(grep -l '^=== t_stress$' "$@" | wc -l)
hotplug_boots=$(grep -l '^=== t_hotplug$' "$@" | wc -l)

echo "reliability: events $events (churn), ejections $ejections, lost tasks $lost," \
	"faults injected $injected reported $reported," \
	"kill -9: launcher exit max ${exit_ms} ms, detach max ${kill_ms} ms over $kills," \
	"stress runs $stress/$((2 * policies * stress_boots)), QoS garbage writes $garbage," \
	"fuzz executions $fuzz_execs, crashes $crashes," \
	"permission attempts denied $denied/$attempts (allowed $allowed_ok/$allowed)," \
	"kernels $kernels, vCPU counts $vcpus, scale smoke runs $scale," \
	"stale-burst max wait ${stale_ms} ms, head-of-line extra idle ${hol} per mille," \
	"CPU hotplug events survived $hotplug," \
	"namespace checks $ns_checks, hostile connections $hostile, at most $hostile_held held at once" \
	"(root waited at most ${hostile_ms} ms, another user ${hostile_user_ms} ms)"

cat >"$out" <<EOT
{"policies":$policies,"events":"$events","ejections":"$ejections","lost_tasks":"$lost","faults_injected":"$injected","faults_reported":"$reported","kill9_runs":"$kills","kill9_max_ms":"$kill_ms","kill9_exit_max_ms":"$exit_ms","stress_runs":"$stress","qos_garbage_writes":"$garbage","fuzz_executions":$fuzz_execs,"fuzz_crashes":$crashes,"permission_attempts":"$attempts","permission_denied":"$denied","allowed_attempts":"$allowed","allowed_ok":"$allowed_ok","kernels":[$(echo "$kernels" | sed 's/[^,][^,]*/"&"/g')],"vcpus":[$vcpus],"scale_runs":"$scale","stale_burst_max_ms":"$stale_ms","hol_extra_idle_max_permille":"$hol","hotplug_events":"$hotplug","ns_checks":"$ns_checks","hostile_connections":"$hostile","hostile_root_wait_max_ms":"$hostile_ms","hostile_user_wait_max_ms":"$hostile_user_ms","hostile_max_held":"$hostile_held"}
EOT
sed -i 's/"\([0-9][0-9]*\)"/\1/g' "$out"

bad=
check() { # check DESCRIPTION ARITHMETIC-TEST VALUES...
	local what=$1 expr=$2
	shift 2
	for v in "$@"; do
		[[ $v =~ ^[0-9]+$ ]] || { bad="$bad; $what (figure missing)"; return; }
	done
	(($expr)) || bad="$bad; $what"
}
check "events >= 10000" "events >= 10000" "$events"
check "no ejection under legal load" "ejections == 0" "$ejections"
check "no lost task" "lost == 0" "$lost"
check "every fault (3 per policy) reported" \
	"injected == 3 * policies && reported == injected" "$injected" "$reported"
check "kill -9 of every policy's launcher: the kernel detaches within 1 s" \
	"kills == policies && kill_ms <= 1000" "$kills" "$kill_ms" "$exit_ms"
check "stress smoke: every policy, full and partial, in each boot that ran it" \
	"stress == 2 * policies * stress_boots" "$stress" "$stress_boots"
check "garbage reached the QoS table" "garbage > 0" "$garbage"
check "fuzzers ran" "fuzz_execs > 0" "$fuzz_execs"
check "no fuzz crash" "crashes == 0" "$crashes"
check "every foreign QoS request denied" \
	"attempts >= 12 && denied == attempts" "$attempts" "$denied"
check "own and root QoS requests allowed" \
	"allowed > 0 && allowed_ok == allowed" "$allowed" "$allowed_ok"
check "two kernels" "nr_kernels >= 2" "$nr_kernels"
check "16- and 64-vCPU boots" "big == 2" "$big"
check "scale smoke: every policy at 16 vCPUs, three at 64" \
	"scale >= policies + 3" "$scale"
check "stale burst: every worker ran within 1 s" "stale_ms <= 1000" "$stale_ms"
check "head of line: a pinned task adds <= 2% idle" "hol <= 20" "$hol"
check "hotplug: every policy reloaded after offline and online, in each boot that ran it" \
	"hotplug == 2 * policies * hotplug_boots" "$hotplug" "$hotplug_boots"
check "namespace checks" "ns_checks >= 6" "$ns_checks"
check "1000 hostile connections, at most 16 held; root and another user answered within 500 ms" \
	"hostile >= 1000 && hostile_held <= 16 && hostile_ms <= 500 && hostile_user_ms <= 500" \
	"$hostile" "$hostile_held" "$hostile_ms" "$hostile_user_ms"
if [ -n "$bad" ]; then
	echo "reliability: FAIL: ${bad#; }"
	exit 1
fi
echo "reliability: all figures in bounds (build/reliability.json)"
