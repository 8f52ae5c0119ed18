# shellcheck shell=bash
# Sourced by scripts/bench.sh, bench/ab.sh and scripts/bench_apps.sh:
# where a benchmark runs (natively on a host with sched_ext, as root, else
# in one QEMU boot) and how they start it there, so that make bench, make
# bench-ab and make bench-apps measure in the same place the same way.
# Needs $ROOT.

# bench_where - set native (1 or 0), scale (native or vm: bench/shapes.sh's
# SCALE), clock (the VM's) and where (the place, for the summary).
# shellcheck disable=SC2034 # the caller reads them
bench_where() {
	if [ -d /sys/kernel/sched_ext ] && [ "$(id -u)" = 0 ]; then
		native=1 scale=native
		where="native ($(nproc) CPUs, kernel $(uname -r))"
		return
	fi
	native=0 scale=vm
	# The virtual clock (docs/vm.md): guest time counts executed
	# instructions, so the host's speed and load do not move the results.
	clock=${VM_CLOCK:-virtual}
	where="QEMU VM ($("$ROOT/scripts/vm.sh" --describe --clock "$clock" \
		--cpus "${VM_CPUS:-2}" --mem "${VM_MEM:-1024}"))"
}

# bench_progress RAW [PATTERN] - keep all of stdin in RAW and put its
# progress lines (those PATTERN matches, by default the RocksDB
# experiment's) on the terminal with the host minutes since the caller set
# SECONDS=0.
bench_progress() {
	tee "$1" | grep --line-buffered -E "${2:-^(rocksdb:|capacity:|BENCH-ERROR)}" |
		while IFS= read -r l; do
			printf '[%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$l" >&2
		done || true
}

# bench_boot VARS TIMEOUT RAW [SCRIPT [ARG [PATTERN]]] - run bench/SCRIPT
# (default run_rocksdb.sh) with ARG (default bench) and the settings VARS
# (NAME='VALUE' words) where bench_where said, the VM for at most TIMEOUT
# seconds, its output kept in RAW, its progress lines (PATTERN:
# bench_progress) shown.
bench_boot() {
	local script=${4:-run_rocksdb.sh} arg=${5:-bench}
	if [ "$native" = 1 ]; then
		eval "env $1 PATH=\"\$ROOT/build:\$ROOT/build/tests:\$PATH\" sh \"\$ROOT/bench/\$script\" \$arg" 2>&1 |
			bench_progress "$3" "${6:-}"
	else
		"$ROOT/scripts/vm.sh" --cpus "${VM_CPUS:-2}" --mem "${VM_MEM:-1024}" --clock "$clock" \
			--timeout "$2" -- "$1 sh /scxkit/bench/$script $arg" | bench_progress "$3" "${6:-}"
	fi
}
