#!/bin/bash
# bench/median_runs.awk, which make bench uses to report each point as
# the median of its repeats: medians of odd and even counts, numbers in
# nested objects, keys with digits left alone, one line per point in the
# order of the first runs, other lines passed through, and runs of
# different shapes not mixed.
set -uo pipefail
B=$(cd "$(dirname "$0")/../../bench" && pwd)
out=$(awk -f "$B/json_fields.awk" -f "$B/median_runs.awk" <<'IN'
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
want='CAPACITY {"measured":900}
BENCH {"label":"a","offered":10,"antagonists":0,"us":{"get":{"p99":2.5}},"n":4}
BENCH {"label":"b","offered":10,"antagonists":0,"us":{"get":{"p99":7.5}},"n":1.5,"ns":5000000002}
BENCH {"label":"c","offered":10.0,"antagonists":0,"x":1}'
if [ "$out" = "$want" ]; then
	echo "ok: median_runs.awk"
else
	echo "FAIL: median_runs.awk gave:"
	echo "$out"
	exit 1
fi
