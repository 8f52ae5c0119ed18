#!/bin/bash
# `make testbed`: what each way of running the VM adds to wake-up and timer
# latency on this host.  Boots the VM once per mode and runs latprobe
# (tests/progs/latprobe.c) under the default scheduler; prints a table
# (p50 / p99 in microseconds of guest time) and writes build/testbed.json.
#   scripts/testbed_report.sh [MODE...]
# MODE: virtual (the tests' and benchmarks' clock), real (single-threaded
# TCG on the host's clock: the old test bed), kvm (only if the probe boot
# says KVM works here).  Default: virtual real, and kvm when it works.
# env: SAMPLES (default 2000), VM_CPUS (default 2).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/testbed.json
samples=${SAMPLES:-2000}
cpus=${VM_CPUS:-2}

modes=("$@")
if [ ${#modes[@]} = 0 ]; then
	modes=(virtual real)
	"$ROOT/scripts/vm_accel.sh" auto | grep -q '^kvm' && modes+=(kvm)
fi

probes="wake_idle wake_busy timer_idle timer_busy"
json="{\"samples\":$samples,\"modes\":{"
rows=
sep=
for m in "${modes[@]}"; do
	case $m in
	virtual) opts=(--clock virtual) ;;
	real) opts=(--clock real --accel tcg) ;;
	kvm) opts=(--clock real --accel kvm) ;;
	*) echo "testbed: unknown mode '$m' (virtual, real, kvm)" >&2; exit 2 ;;
	esac
	desc=$("$ROOT/scripts/vm.sh" --describe "${opts[@]}" --cpus "$cpus")
	echo "testbed: $m: $desc" >&2
	start=$(date +%s)
	line=$(VM_QUIET=1 "$ROOT/scripts/vm.sh" "${opts[@]}" --cpus "$cpus" \
		-- "latprobe --samples $samples --json" | grep '^{') ||
		{ echo "testbed: latprobe failed in mode $m" >&2; exit 1; }
	secs=$(($(date +%s) - start))
	json="$json$sep\"$m\":{\"machine\":\"$desc\",\"wall_s\":$secs,\"probes\":$line}"
	sep=,
	row="| $m |"
	for p in $probes; do
		row="$row $(echo "$line" | sed -n "s/.*\"$p\":{[^}]*\"p50_us\":\([0-9.]*\),\"p99_us\":\([0-9.]*\).*/\1 \/ \2/p") |"
	done
	rows="$rows$row $secs |"$'\n'
done
echo "$json}}" >"$OUT"
echo "Wake-up and timer latency, µs of guest time, p50 / p99 ($samples samples, $cpus vCPUs, latprobe):"
echo
echo "| mode | wake, idle CPU | wake, busy CPU | 100 µs timer, idle CPU | 100 µs timer, busy CPU | boot + run, wall s |"
echo "|---|---|---|---|---|---|"
printf '%s' "$rows"
echo
echo "testbed: written to $OUT" >&2
