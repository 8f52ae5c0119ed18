#!/bin/bash
# bench/median_runs.awk, which make bench uses to report each point as
# the median of its repeats: medians of odd and even counts, numbers in
# nested objects, keys with digits left alone, one line per point in the
# order of the first runs, other lines passed through, and runs of
# different forms not mixed; each merged line says how many runs it
# merged, their arrival seeds and the min and max of the summary's
# figures, and runs of different workload shapes stay apart.
set -uo pipefail
B=$(cd "$(dirname "$0")/../../bench" && pwd)
out=$(awk -f "$B/json_fields.awk" -f "$B/median.awk" -f "$B/median_runs.awk" <<'IN'
CAPACITY {"measured":900}
BENCH {"label":"a","offered":10.0,"antagonists":0,"us":{"get":{"p99":1.5}},"n":3}
BENCH {"label":"b","offered":10.0,"antagonists":0,"us":{"get":{"p99":7}},"n":1,"ns":5000000001}
BENCH {"label":"a","offered":10.0,"antagonists":0,"us":{"get":{"p99":9}},"n":5}
BENCH {"label":"a","offered":10.0,"antagonists":0,"us":{"get":{"p99":2.5}},"n":4}
BENCH {"label":"b","offered":10.0,"antagonists":0,"us":{"get":{"p99":8}},"n":2,"ns":5000000003}
BENCH {"label":"c","offered":10.0,"antagonists":0,"x":1}
BENCH {"label":"c","offered":10.0,"antagonists":0,"y":2}
IN
)
none='"min":{"get_p50":-1.0,"get_p99":-1.0,"get_p999":-1.0,"range_p99":-1.0,"bpf_ns_per_switch":-1.0},"max":{"get_p50":-1.0,"get_p99":-1.0,"get_p999":-1.0,"range_p99":-1.0,"bpf_ns_per_switch":-1.0}'
want='CAPACITY {"measured":900}
BENCH {"label":"a","offered":10,"antagonists":0,"us":{"get":{"p99":2.5}},"n":4,"repeats":3,"seeds":[],"min":{"get_p50":-1.0,"get_p99":1.5,"get_p999":-1.0,"range_p99":-1.0,"bpf_ns_per_switch":-1.0},"max":{"get_p50":-1.0,"get_p99":9.0,"get_p999":-1.0,"range_p99":-1.0,"bpf_ns_per_switch":-1.0}}
BENCH {"label":"b","offered":10,"antagonists":0,"us":{"get":{"p99":7.5}},"n":1.5,"ns":5000000002,"repeats":2,"seeds":[],"min":{"get_p50":-1.0,"get_p99":7.0,"get_p999":-1.0,"range_p99":-1.0,"bpf_ns_per_switch":-1.0},"max":{"get_p50":-1.0,"get_p99":8.0,"get_p999":-1.0,"range_p99":-1.0,"bpf_ns_per_switch":-1.0}}
BENCH {"label":"c","offered":10.0,"antagonists":0,"x":1,"repeats":2,"seeds":[],'"$none"'}'
if [ "$out" = "$want" ]; then
	echo "ok: median_runs.awk"
else
	echo "FAIL: median_runs.awk gave:"
	echo "$out"
	exit 1
fi

# Seeds, the figures' range over them, and two shapes with the same
# label and rate kept apart; a run's own seed is not in the merged line.
t='{"total":{"p50":P50,"p99":P99,"p999":P999}}'
run() { # SHAPE SEED GET_P50 GET_P99 RANGE_P99 RUN_NS
	local g=${t/P50/$3} r=${t/P50/1}
	g=${g/P99/$4} g=${g/P999/$4} r=${r/P99/$5} r=${r/P999/$5}
	echo "BENCH {\"label\":\"s\",\"offered\":5.0,\"antagonists\":0,\"ctx_switches\":100,\"us\":{\"get\":$g,\"range\":$r},\"run_ns\":$6,\"shape\":\"$1\",\"seed\":$2}"
}
out=$({
	run ms 1 10 100 1000 5000
	run us 1 1 2 3 400
	run ms 2 30 300 3000 1000
	run ms 3 20 200 2000 3000
} | awk -f "$B/json_fields.awk" -f "$B/median.awk" -f "$B/median_runs.awk")
ms=$(echo "$out" | grep '"shape":"ms"')
us=$(echo "$out" | grep '"shape":"us"')
expect() { # WHAT LINE PATTERN
	if [[ "$2" != *"$3"* ]]; then
		echo "FAIL: median_runs.awk: $1: no '$3' in: $2"
		exit 1
	fi
}
expect "ms medians" "$ms" '"us":{"get":{"total":{"p50":20,"p99":200,"p999":200}},"range":{"total":{"p50":1,"p99":2000,"p999":2000}}},"run_ns":3000,"shape":"ms","repeats":3,'
expect "ms seeds in run order" "$ms" '"seeds":[1,2,3],'
expect "ms min" "$ms" '"min":{"get_p50":10.0,"get_p99":100.0,"get_p999":100.0,"range_p99":1000.0,"bpf_ns_per_switch":10.0}'
expect "ms max" "$ms" '"max":{"get_p50":30.0,"get_p99":300.0,"get_p999":300.0,"range_p99":3000.0,"bpf_ns_per_switch":50.0}'
expect "us apart" "$us" '"p99":2,"p999":2}},'
expect "us one run" "$us" '"repeats":1,"seeds":[1],'
if [[ "$out" == *'"seed":'* ]]; then
	echo "FAIL: median_runs.awk kept a run's own seed: $out"
	exit 1
fi
echo "ok: median_runs.awk seeds, min-max, shapes apart"
