# Checks run_rocksdb.sh's BENCH lines for completeness and sanity (not
# performance): counts add up, percentiles are ordered, service times are
# at least their targets, every scheduler in `scheds` ran alone and beside
# antagonists (with -v alone=1: alone only, the us shape has none), and
# every run names its arrival seed.  Prints "ok: ..." lines, or "FAIL:
# ..." and exits 1.
# Run as: awk -f json_fields.awk -f check_rocksdb.awk -v scheds="cfs fifo"
function bad(what) { print "FAIL: " what; failed = 1 }
/^BENCH \{/ {
	s = $0
	lab = str(s, "label"); ants = num(s, "antagonists")
	name = lab (ants > 0 ? "+antagonists" : "")
	ran[name] = 1
	gen = num(s, "generated"); done = num(s, "completed")
	unf = num(s, "unfinished")
	ng = num(s, "get"); nr = num(s, "range"); na = num(s, "all")
	if (done <= 0) bad(name ": no request completed")
	if (gen != done + unf) bad(name ": generated " gen " != completed " done " + unfinished " unf)
	if (unf != 0) bad(name ": " unf " requests unfinished at low load")
	if (ng + nr != na || na != done) bad(name ": Get " ng " + Range " nr " != All " na " (completed " done ")")
	split("get range all", kinds, " ")
	split("ingress repeatable_handle worker_queue worker_handle total", stages, " ")
	split("min p50 p99 p995 p999 max", ps, " ")
	for (k = 1; k <= 3; k++) {
		if (num(s, kinds[k]) == 0)
			continue
		for (t = 1; t <= 5; t++) {
			prev = -1
			for (p = 1; p <= 6; p++) {
				v = pct(s, kinds[k], stages[t], ps[p])
				if (v < 0 || v < prev)
					bad(name ": " kinds[k] " " stages[t] " " ps[p] " = " v " is below " ps[p - 1] " = " prev)
				prev = v
			}
		}
		if (pct(s, kinds[k], "total", "max") < pct(s, kinds[k], "worker_handle", "max"))
			bad(name ": " kinds[k] " total max below its handle max")
	}
	# A CPU-clock spin cannot end before its target.  Fixed work
	# (--service work) is calibrated on an idle machine and subtracts the
	# RocksDB call by the CPU clock, which runs fast under the emulator
	# (bench/service.h): allow it a fifth less.
	floor_us = num(s, "get_us") * (str(s, "service") == "work" ? 0.8 : 1)
	if (pct(s, "get", "worker_handle", "min") < floor_us)
		bad(name ": a Get was served in less than " floor_us " us (target " num(s, "get_us") ", service " str(s, "service") ")")
	if (lab !~ /^cfs/ && !(num(s, "run_ns") > 0 && num(s, "progs") > 0))
		bad(name ": no BPF time recorded for its programs")
	if (ants > 0 && lab ~ /^cfs/ && num(s, "antagonist_cpu_s") <= 0)
		bad(name ": the antagonists never ran")
	if (num(s, "seed") < 1)
		bad(name ": no arrival seed")
	runs++
}
END {
	n = split(scheds, want, " ")
	for (i = 1; i <= n; i++) {
		if (!(want[i] in ran)) bad(want[i] ": no run")
		if (!alone && !((want[i] "+antagonists") in ran))
			bad(want[i] ": no run with antagonists")
	}
	if (!failed)
		printf "ok: %d runs complete and sane (%s%s)\n", runs, scheds,
			alone ? "" : ", each also with antagonists"
	exit failed
}
