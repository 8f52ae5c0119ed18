# The benchmarks' workloads (bench/service.h, bench/bimodal.c): with
# --service work a request does the work its target takes on an idle
# machine, so at a light load its latency is about its target; and the
# exponential mix (--dist exp) runs under CFS and under a policy, with
# requests on both sides of the mean and ordered percentiles.
. "$(dirname "$0")/lib.sh"

# num FILE KEY - a number from bimodal's JSON line.
num() { sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1"; }

# Light load: requests seldom queue, so latency is mostly service time.
bimodal --sched cfs --load 0.05 --seconds 3 --service work --json \
	>"$T/light" 2>&1 || { cat "$T/light"; fail "bimodal failed"; }
p50=$(num "$T/light" short_p50_us)
note "light load, fixed work: short p50 $p50 us for a 500 us target"
[ -n "$p50" ] && [ "$p50" -ge 450 ] && [ "$p50" -le 1000 ] ||
	fail "a 500 us request took $p50 us (p50) on an idle machine"

check_exp() { # FILE WHO
	sn=$(num "$1" short_n) ln=$(num "$1" long_n)
	p50=$(num "$1" short_p50_us) p99=$(num "$1" short_p99_us)
	note "$2, exp: short n $sn p50 $p50 p99 $p99 us; long n $ln"
	expect_grep "$2 ran the exponential mix" '"dist":"exp"' "$1"
	[ "${sn:-0}" -gt 100 ] && [ "${ln:-0}" -gt 50 ] ||
		fail "$2: requests on one side of the mean only"
	[ "$p50" -le "$p99" ] || fail "$2: p50 above p99"
}
bimodal --sched cfs --load 0.3 --seconds 3 --dist exp --service work \
	--cpus 1 --label cfs --json >"$T/cfs" 2>&1 ||
	{ cat "$T/cfs"; fail "bimodal under CFS failed"; }
check_exp "$T/cfs" cfs
start_sched fifo --partial --quiet
bimodal --sched ext --load 0.3 --seconds 3 --dist exp --service work \
	--cpus 1 --label fifo --json >"$T/fifo" 2>&1 ||
	{ cat "$T/fifo"; fail "bimodal under fifo failed"; }
stop_sched
expect_eq "fifo exit status" "$SCHED_RC" 0
check_exp "$T/fifo" fifo
