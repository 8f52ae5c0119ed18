#!/bin/bash
# Host side of t_stats_socket: the OpenMetrics text a running policy
# served in the VM (its "openmetrics| " lines in the VM log) must pass
# Prometheus' own parser and linter, `promtool check metrics` (from the
# package prometheus; make deps keeps it in .cache/bin).  promtool runs
# here, not in the guest: at 48 MB it would slow every boot's initramfs.  A log without
# such lines (t_stats_socket not run) has nothing to check.
#   tests/host/check_openmetrics.sh VM_LOG
set -uo pipefail
log=$1
sample=$(mktemp /tmp/scxkit-openmetrics.XXXXXX)
trap 'rm -f "$sample"' EXIT
# run_all.sh indents a test's output by four spaces.
sed -n 's/^    openmetrics| //p' "$log" >"$sample"
if [ ! -s "$sample" ]; then
	# Nothing to check is fine only if t_stats_socket did not run.
	if grep -q 'PASS t_stats_socket' "$log"; then
		echo "openmetrics: FAIL: t_stats_socket passed but printed no openmetrics| lines"
		exit 1
	fi
	exit 0
fi
# make deps keeps promtool in the cache (scripts/deps.sh says why).
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
promtool=${PROMTOOL:-${SCXKIT_CACHE:-$ROOT/.cache}/bin/promtool}
[ -x "$promtool" ] || promtool=$(command -v promtool)
if [ -z "$promtool" ]; then
	echo "openmetrics: FAIL: promtool not found (make deps fetches it)"
	exit 1
fi
if out=$("$promtool" check metrics <"$sample" 2>&1); then
	echo "openmetrics: ok: promtool check metrics accepts t_stats_socket's" \
		"$(grep -c '^# TYPE' "$sample") metric families," \
		"$(grep -vc '^#' "$sample") samples"
else
	echo "openmetrics: FAIL: promtool check metrics rejects" \
		"t_stats_socket's output:"
	echo "$out" | head -20 | sed 's/^/    /'
	exit 1
fi
