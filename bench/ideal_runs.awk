# Adds the ideal reference to each BENCH line of run_rocksdb.sh: the same
# arrivals (the run's rate, seed, mix, workers, CPUs) replayed through
# build/tests/ideal's zero-overhead schedulers (bench/README.md, "The
# ideal reference").  Each run gets
#   "ideal":{"policy":P,"ideal_get_p50":..,"ideal_get_p99":..,
#            "ideal_range_p99":..,"floor_get_p99":..,"ps_get_p99":..,
#            "util":..}
# (us): P is the idealized form of the run's scheduler, the floor is Gets
# strictly first, ps the fluid fair share, util the CPU share the
# offered work needed.  Runs beside antagonists get none: the model has
# no CPU hogs.  Other lines pass through.
# Variables: ideal (the program), slice_us, timer_us (the shape's tuned
# options), discard (warm-up s), speed (shared in the VM, parallel
# natively).
# Run as: awk -f json_fields.awk -f ideal_runs.awk LINES

# The idealized scheduler for a run's label, and its options.
function model(label, line,    s, t) {
	if (label ~ /^(bare|fifo)/)	# one FIFO, 20 ms slices
		return "rr --rr-slice-us 20000"
	if (label == "rr")
		return "rr --rr-slice-us " slice_us " --rr-timer-us " timer_us
	if (label ~ /^shinjuku/) {
		s = num(line, "slice_in_force_us")
		t = num(line, "timer_in_force_us")
		if (s <= 0) {
			s = slice_us
			t = timer_us
		}
		return "shinjuku --slice-us " s " --timer-us " t \
			(label == "shinjuku-hint" ? " --range-qos 0" : "")
	}
	# CFS and the fair-share policies: processor sharing.
	return "ps"
}

/^CAPACITY / {
	cpus = num($0, "cpus")
	print
	next
}
/^BENCH / {
	line = $0
	sub(/^BENCH /, "", line)
	if (num(line, "antagonists") > 0 || cpus <= 0) {
		print
		next
	}
	m = model(str(line, "label"), line)
	pol = m
	sub(/ .*/, "", pol)
	opts = m
	sub(/^[a-z]+/, "", opts)
	cmd = sprintf("%s --json --policy %s,prio,ps --throughput %s --seed %d --duration %s --discard %s --get-us %s --range-us %s --range-ratio %s --workers %d --cpus %d --speed %s%s",
		ideal, pol, num(line, "offered"), num(line, "seed"),
		num(line, "duration_s"), discard, num(line, "get_us"),
		num(line, "range_us"), num(line, "range_ratio"),
		num(line, "workers"), cpus, speed, opts)
	delete g99
	while ((cmd | getline out) > 0) {
		p = str(out, "policy")
		g50[p] = pct(out, "get", "total", "p50")
		g99[p] = pct(out, "get", "total", "p99")
		r99[p] = pct(out, "range", "total", "p99")
		util[p] = num(out, "util")
	}
	close(cmd)
	if (!(pol in g99) || !("prio" in g99) || !("ps" in g99)) {
		print "bench: ideal reference failed: " cmd > "/dev/stderr"
		print
		next
	}
	add = sprintf(",\"ideal\":{\"policy\":\"%s\",\"ideal_get_p50\":%.1f,\"ideal_get_p99\":%.1f,\"ideal_range_p99\":%.1f,\"floor_get_p99\":%.1f,\"ps_get_p99\":%.1f,\"util\":%.4f}",
		pol, g50[pol], g99[pol], r99[pol], g99["prio"], g99["ps"],
		util["ps"])
	sub(/}$/, add "}", line)
	print "BENCH " line
	next
}
{ print }
