# Turns run_rocksdb.sh's CAPACITY and BENCH lines into build/bench files:
#   csv=FILE    one row per run
#   json=FILE   {"capacity":{...},"runs":[...]} (the runs as printed)
#   dat=FILE    gnuplot data: Get p99 Total vs offered load, per scheduler
# and prints a markdown summary (stdout) with each policy's ratio to CFS,
# throughput at the SLO (slo_us), the antagonist comparison, and the BPF
# time per scheduling event (context switch) of each sched_ext run against
# "bare" (a FIFO without the framework) at the same load: the framework's
# overhead.  Lines merged from repeats (median_runs.awk) give each figure
# as its median with the range over the runs' seeds.
# Variables: shape (its name and what it is), where, scale (text),
# slo_us, csv, json, dat.
# Run as: awk -f json_fields.awk -f markdown.awk -f summarize_rocksdb.awk ...

function slo_goal(sj, cfs) {
	if (cfs > 0)
		return sj >= 2 * cfs ? "met" : "missed"
	return sj > 0 ? "met (CFS never meets the SLO)" : "missed (neither meets it)"
}
function ms(us) { return sprintf("%.2f", us / 1000) }
function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
function nsf(v) { return v >= 0 ? sprintf("%.0f", v) : "-" }
function fmt2(v) { return v >= 0 ? sprintf("%.2f", v) : "-" }
function perreq(v, r) { return v >= 0 && r > 0 ? sprintf("%.2f", v / r) : "-" }
# lim(s, which, key) - from a merged line's "min" or "max" object, or -1.
function lim(s, which, key,    i) {
	i = index(s, "\"" which "\":{")
	if (!i)
		return -1
	s = substr(s, i)
	return num(substr(s, 1, index(s, "}")), key)
}
# spread_ms(i, key, med) - a median in ms with its min-max over repeats.
function spread_ms(i, key, med,    lo, hi) {
	lo = lim(raw[i], "min", key); hi = lim(raw[i], "max", key)
	if (reps[i] < 2 || lo < 0 || hi < 0)
		return ms(med)
	return sprintf("%s (%s-%s)", ms(med), ms(lo), ms(hi))
}
# csvlimit(s, which, key) - lim() for the CSV: empty when absent.
function csvlimit(s, which, key) {
	return lim(s, which, key) < 0 ? "" : lim(s, which, key)
}
# csvseeds(t) - a seed list without the commas CSV would split on.
function csvseeds(t) {
	gsub(/,/, " ", t)
	return t
}
# seedlist(s) - a merged line's seeds, "1,2,3", or its own seed.
function seedlist(s,    m) {
	if (match(s, /"seeds":\[[0-9,]*\]/)) {
		m = substr(s, RSTART + 9, RLENGTH - 10)
		return m
	}
	return num(s, "seed") >= 0 ? num(s, "seed") : "?"
}

/^CAPACITY / {
	sub(/^CAPACITY /, "")
	capline = $0
	cap = num($0, "measured"); ideal = num($0, "ideal")
	# Loads are fractions of load_base (the work capacity); lines of
	# older runs have none and used the measured capacity.
	base = num($0, "load_base") > 0 ? num($0, "load_base") : cap
	next
}
/^BENCH / {
	sub(/^BENCH /, "")
	n++
	raw[n] = $0
	lab[n] = str($0, "label"); ant[n] = num($0, "antagonists")
	off[n] = num($0, "offered"); ach[n] = num($0, "achieved")
	frac[n] = base > 0 ? sprintf("%.2f", off[n] / base) : "?"
	reps[n] = num($0, "repeats") > 0 ? num($0, "repeats") : 1
	seeds[n] = seedlist($0)
	# Each point's seeds: the most any scheduler ran there (the others
	# ran the first of them).
	pt = ant[n] ? "with antagonists" : "load " frac[n]
	if (!(pt in ptreps)) {
		pts[++npt] = pt
		ptreps[pt] = 0
	}
	if (reps[n] > ptreps[pt]) {
		ptreps[pt] = reps[n]
		ptseeds[pt] = seeds[n]
	}
	# The ideal reference (ideal_runs.awk): the same arrivals through
	# a zero-overhead form of the scheduler, the floor and the
	# utilization the offered work needed.  -1 when absent.
	ipol[n] = str($0, "policy")
	ig50[n] = num($0, "ideal_get_p50"); ig99[n] = num($0, "ideal_get_p99")
	ir99[n] = num($0, "ideal_range_p99"); fl99[n] = num($0, "floor_get_p99")
	iutil[n] = num($0, "util")
	g50[n] = pct($0, "get", "total", "p50")
	g99[n] = pct($0, "get", "total", "p99")
	g999[n] = pct($0, "get", "total", "p999")
	r99[n] = pct($0, "range", "total", "p99")
	a99[n] = pct($0, "all", "total", "p99")
	gen[n] = num($0, "generated"); done[n] = num($0, "completed")
	unf[n] = num($0, "unfinished"); acpu[n] = num($0, "antagonist_cpu_s")
	# BPF time per scheduling event: the programs' run time over the
	# whole run by the experiment's context switches over the same.
	csw[n] = num($0, "ctx_switches")
	bpfns[n] = num($0, "run_ns") >= 0 && csw[n] > 0 ? num($0, "run_ns") / csw[n] : -1
	# And how many program runs that took: in the emulator each run has
	# a fixed cost, so a policy's callback count weighs as much as what
	# its callbacks do.  (The total "runs" follows "run_ns"; by_prog's
	# come first.)
	bpfrun[n] = -1
	if (match($0, /"run_ns":[0-9.e+]+,"runs":[0-9.e+]+/)) {
		m = substr($0, RSTART, RLENGTH)
		sub(/.*"runs":/, "", m)
		bpfrun[n] = m + 0
	}
	# Where capacity goes: events per request over the whole run
	# (warm-up included), and the work-conservation counters (scxkit
	# policies only): tasks queued while a CPU they could use sat idle,
	# the idle CPUs woken for them, and how long they still waited.
	nreq[n] = num($0, "requests_run")
	mig[n] = num($0, "migrations")
	wcq[n] = num($0, "wc_queued_idle"); wck[n] = num($0, "wc_kicks")
	wcw[n] = num($0, "wc_wait_ns")
	runs_s[n] = off[n] > 0 && nreq[n] > 0 ? nreq[n] / off[n] : -1
	if (!(lab[n] in known)) { known[lab[n]] = 1; scheds[++ns] = lab[n] }
	if (ant[n] == 0) {
		key = frac[n] SUBSEP lab[n]
		base99[key] = g99[n]
		base50[key] = g50[n]
		basebpf[key] = bpfns[n]
		baser99[key] = r99[n]
		baseig99[key] = ig99[n]; baseir99[key] = ir99[n]
		basefl99[key] = fl99[n]
		baseruns[key] = bpfrun[n] >= 0 && csw[n] > 0 ? bpfrun[n] / csw[n] : -1
		if (!(frac[n] in fseen)) { fseen[frac[n]] = 1; fracs[++nf] = frac[n] }
	} else {
		antfrac = frac[n]
		with99[lab[n]] = g99[n]; withcpu[lab[n]] = acpu[n]
		nants = ant[n]
	}
}
END {
	print "label,antagonists,load,offered,achieved,generated,completed,unfinished,get_p50_us,get_p99_us,get_p999_us,range_p99_us,all_p99_us,antagonist_cpu_s,ctx_switches,bpf_ns_per_switch,shape,repeats,seeds,get_p50_min_us,get_p50_max_us,get_p99_min_us,get_p99_max_us,range_p99_min_us,range_p99_max_us,bpf_ns_per_switch_min,bpf_ns_per_switch_max" > csv
	printf "{\"capacity\":%s,\"runs\":[", capline > json
	for (i = 1; i <= n; i++) {
		printf "%s,%d,%s,%.1f,%.1f,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,%d,%s,%s,%d,%s",
			lab[i], ant[i], frac[i], off[i], ach[i], gen[i], done[i],
			unf[i], g50[i], g99[i], g999[i], r99[i], a99[i], acpu[i],
			csw[i], nsf(bpfns[i]), str(raw[i], "shape"), reps[i],
			csvseeds(seeds[i]) > csv
		split("get_p50 get_p99 range_p99 bpf_ns_per_switch", csvlim, " ")
		for (j = 1; j <= 4; j++)
			printf ",%s,%s", csvlimit(raw[i], "min", csvlim[j]),
				csvlimit(raw[i], "max", csvlim[j]) > csv
		printf "\n" > csv
		printf "%s%s", (i > 1 ? ",\n" : "\n"), raw[i] > json
	}
	print "]}" > json

	print "# RocksDB latency experiment (ghOSt-style)" (shape != "" ? ", shape " shape : "")
	print ""
	print "Where: " where ". " scale
	if (base == cap)
		printf "Capacity measured under CFS (offered 1.5x ideal): %.0f req/s (ideal %.0f). Loads are fractions of it.\n", cap, ideal
	else
		printf "Loads are fractions of the work capacity, %.0f req/s: the mean service time's worth of one CPU (in the VM the vCPUs share one CPU's speed), so load 0.7 is a utilization of 0.7. CFS offered 1.5x that completed %.0f req/s (it counts requests finished after the run, Gets first).\n", base, cap
	print ""
	seedtxt = ""
	for (i = 1; i <= npt; i++)
		seedtxt = seedtxt (i > 1 ? "; " : "") pts[i] ": " ptseeds[pts[i]]
	for (i = 1; i <= n; i++) {
		pt = ant[i] ? "with antagonists" : "load " frac[i]
		if (reps[i] < ptreps[pt] && !(lab[i] in fewer)) {
			fewer[lab[i]] = 1
			fewtxt = fewtxt (fewtxt != "" ? ", " : "") lab[i]
		}
	}
	printf "Arrival seeds, the same for every scheduler (repeat r of a point runs seed r of its list): %s.%s\n",
		seedtxt, fewtxt != "" ? " The first seed only, at some points: " fewtxt " (RDB_ONE_SEED_SCHEDS)." : ""
	# The rows of the tables below: the runs without antagonists, by
	# offered load (in the order the loads came), then in run order.
	for (f = 1; f <= nf; f++)
		for (i = 1; i <= n; i++)
			if (ant[i] == 0 && frac[i] == fracs[f])
				row[++nrow] = i
	section("Get latency, Total (generated -> finished), by offered load",
	    "Medians over the seeds, in brackets the lowest and highest run.")
	table_head("load|scheduler|offered/s|achieved/s|Get p50 ms|Get p99 ms|Get p99.9 ms|Range p99 ms|Get p99 vs CFS|vs fifo|unfinished|BPF ns/switch|BPF vs bare")
	for (r = 1; r <= nrow; r++) {
		i = row[r]
		printf "| %s | %s | %.0f | %.0f | %s | %s | %s | %s | %s | %s | %d | %s | %s |\n",
			frac[i], lab[i], off[i], ach[i],
			spread_ms(i, "get_p50", g50[i]),
			spread_ms(i, "get_p99", g99[i]), ms(g999[i]),
			spread_ms(i, "range_p99", r99[i]),
			ratio(g99[i], base99[frac[i] SUBSEP "cfs"]),
			ratio(g99[i], base99[frac[i] SUBSEP "fifo"]), unf[i],
			nsf(bpfns[i]),
			(bpfns[i] >= 0 ? ratio(bpfns[i], basebpf[frac[i] SUBSEP "bare"]) : "-")
		dat_rows[lab[i]] = dat_rows[lab[i]] sprintf("%.0f %.3f\n", off[i], g99[i] / 1000)
	}
	have_ideal = 0
	for (i = 1; i <= n; i++)
		if (ig99[i] >= 0)
			have_ideal = 1
	if (have_ideal) {
		section("Against the ideal",
		    "Each run's arrivals replayed through a zero-overhead form of its scheduler (bench/README.md, The ideal reference): CFS and the fair-share policies as processor sharing, bare and fifo as one FIFO with 20 ms slices, rr and shinjuku with the slice and timer they ran with. The floor: Gets strictly before Ranges. util: the CPU share the arrivals of the measured window needed (a seed's sequence may be lighter or heavier than its load). Medians over the seeds.")
		table_head("load|scheduler|util|Get p99 ms|ideal|its ideal ms|x ideal|floor ms|x floor|Range p99 ms|ideal Range p99 ms|x ideal")
		for (r = 1; r <= nrow; r++) {
			i = row[r]
			if (ig99[i] < 0)
				continue
			printf "| %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
				frac[i], lab[i], iutil[i], ms(g99[i]), ipol[i],
				ms(ig99[i]), ratio(g99[i], ig99[i]), ms(fl99[i]),
				ratio(g99[i], fl99[i]), ms(r99[i]), ms(ir99[i]),
				ratio(r99[i], ir99[i])
			if (lab[i] == "cfs" || lab[i] == "shinjuku" || lab[i] == "fifo")
				dat_rows[lab[i] " ideal"] = dat_rows[lab[i] " ideal"] \
					sprintf("%.0f %.3f\n", off[i], ig99[i] / 1000)
		}
	}
	section("Scheduling events per request, work conservation",
	    "Over each whole run. wc: tasks queued while a CPU they may use sat idle, idle CPUs woken for them (scxkit run --idle-kick), and the CPU time they still waited, per second of run.")
	table_head("load|scheduler|switches/req|migrations/req|BPF programs/switch|wc queued idle|wc kicks|wc wait ms/s")
	for (r = 1; r <= nrow; r++) {
		i = row[r]
		printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", frac[i],
			lab[i], perreq(csw[i], nreq[i]), perreq(mig[i], nreq[i]),
			perreq(bpfrun[i], csw[i]),
			nsf(wcq[i]), nsf(wck[i]),
			(wcw[i] >= 0 && runs_s[i] > 0 ? sprintf("%.3f", wcw[i] / 1e6 / runs_s[i]) : "-")
		# The goal is the flagship's (userland's agent, for
		# one, decides where tasks run: a woken CPU cannot).
		if (lab[i] != "shinjuku" || wcw[i] < 0 || runs_s[i] <= 0)
			continue
		wcruns++
		if (wcw[i] / 1e6 / runs_s[i] >= wcmax) {
			wcmax = wcw[i] / 1e6 / runs_s[i]; wcmaxrun = "at load " frac[i]
		}
	}
	print ""
	printf "## Throughput at the SLO (Get p99 Total <= %.1f ms)\n\n", slo_us / 1000
	table_head("scheduler|highest load meeting the SLO|req/s|vs CFS")
	for (s = 1; s <= ns; s++) {
		best[scheds[s]] = 0; bestf[scheds[s]] = "none"
		for (i = 1; i <= n; i++)
			if (lab[i] == scheds[s] && ant[i] == 0 && g99[i] <= slo_us &&
			    off[i] > best[scheds[s]]) {
				best[scheds[s]] = off[i]; bestf[scheds[s]] = frac[i]
			}
	}
	for (s = 1; s <= ns; s++)
		printf "| %s | %s | %.0f | %s |\n", scheds[s], bestf[scheds[s]],
			best[scheds[s]], ratio(best[scheds[s]], best["cfs"])
	if (nants) {
		print ""
		printf "## QoS isolation: %d CPU-hog antagonists at the lowest QoS, load %s\n\n", nants, antfrac
		table_head("scheduler|Get p99 ms alone|with antagonists|ratio|antagonists' CPU s")
		for (s = 1; s <= ns; s++) {
			l = scheds[s]
			if (!(l in with99))
				continue
			alone = base99[antfrac SUBSEP l]
			printf "| %s | %s | %s | %s | %.2f |\n", l, ms(alone),
				ms(with99[l]), ratio(with99[l], alone), withcpu[l]
		}
	}
	# The issue's goals, read off the tables above.
	g = "0.70"
	section("Goals")
	if ((g SUBSEP "shinjuku") in base99) {
		sj = base99[g SUBSEP "shinjuku"]
		printf "- Get p99 at load 0.70: shinjuku %s ms = %s x CFS (%s ms), %s x fifo (%s ms); goal <= 0.10 x both: %s\n",
			ms(sj), ratio(sj, base99[g SUBSEP "cfs"]), ms(base99[g SUBSEP "cfs"]),
			ratio(sj, base99[g SUBSEP "fifo"]), ms(base99[g SUBSEP "fifo"]),
			(sj * 10 <= base99[g SUBSEP "cfs"] && sj * 10 <= base99[g SUBSEP "fifo"]) ? "met" : "missed"
	}
	# With the application's hint (a worker serving a Range says so):
	# shinjuku-hint against CFS given the same hint (nice 19) and not.
	if ((g SUBSEP "shinjuku-hint") in base99 && (g SUBSEP "cfs-nice") in base99) {
		sj = base99[g SUBSEP "shinjuku-hint"]
		printf "- Get p99 at load 0.70 with the Range hint: shinjuku-hint %s ms = %s x CFS given the same hint (cfs-nice, %s ms), %s x CFS; goal <= 0.10 x CFS: %s\n",
			ms(sj), ratio(sj, base99[g SUBSEP "cfs-nice"]),
			ms(base99[g SUBSEP "cfs-nice"]), ratio(sj, base99[g SUBSEP "cfs"]),
			sj * 10 <= base99[g SUBSEP "cfs"] ? "met" : "missed"
	}
	# The median at light load: the flagship must not add latency there.
	lo = fracs[1]
	if ((lo SUBSEP "shinjuku") in base50 && (lo SUBSEP "fifo") in base50)
		printf "- Get p50 at load %s: shinjuku %s ms, fifo %s ms; goal no worse than fifo: %s\n",
			lo, ms(base50[lo SUBSEP "shinjuku"]), ms(base50[lo SUBSEP "fifo"]),
			base50[lo SUBSEP "shinjuku"] <= base50[lo SUBSEP "fifo"] ? "met" : "missed"
	if ("shinjuku" in best)
		printf "- Throughput at the SLO: shinjuku %.0f req/s, CFS %.0f req/s (%s x); goal >= 2 x: %s\n",
			best["shinjuku"], best["cfs"], ratio(best["shinjuku"], best["cfs"]),
			slo_goal(best["shinjuku"], best["cfs"])
	if ("shinjuku" in with99) {
		alone = base99[antfrac SUBSEP "shinjuku"]
		printf "- With antagonists: shinjuku Get p99 %s x its run alone; goal <= 1.5 x: %s\n",
			ratio(with99["shinjuku"], alone),
			with99["shinjuku"] <= 1.5 * alone ? "met" : "missed"
	}
	# Framework overhead: scxkit fifo against bare at each load, both
	# with workers waiting on a futex (fifo-futex), so the same events.
	for (f = 1; f <= nf; f++) {
		k = fracs[f]
		fb = basebpf[k SUBSEP "fifo-futex"]; bb = basebpf[k SUBSEP "bare"]
		if (fb > 0 && bb > 0)
			printf "- Framework overhead at load %s: fifo (futex waits) %s ns of BPF per context switch, bare %s ns: %s x; goal <= 1.3 x: %s (programs run per switch: %s against %s)\n",
				k, nsf(fb), nsf(bb), ratio(fb, bb), (fb <= 1.3 * bb ? "met" : "missed"),
				fmt2(baseruns[k SUBSEP "fifo-futex"]), fmt2(baseruns[k SUBSEP "bare"])
	}
	# The QoS table's marks: fifo waiting in the shared table against
	# fifo waiting on a plain futex (and the table of syscalls before).
	for (f = 1; f <= nf; f++) {
		k = fracs[f]
		tb = base99[k SUBSEP "fifo"]; fx = base99[k SUBSEP "fifo-futex"]
		if (!(tb > 0 && fx > 0))
			continue
		sc = ""
		if ((k SUBSEP "fifo-syscall") in base99)
			sc = sprintf(", with a bpf() call per mark %s ms = %s x",
				ms(base99[k SUBSEP "fifo-syscall"]),
				ratio(base99[k SUBSEP "fifo-syscall"], fx))
		printf "- QoS marks at load %s: fifo in the shared table Get p99 %s ms = %s x fifo on a plain futex (%s ms)%s; goal <= 1.2 x: %s\n",
			k, ms(tb), ratio(tb, fx), ms(fx), sc,
			(tb <= 1.2 * fx ? "met" : "missed")
	}
	# A run whose scheduler did not exit cleanly (an ejection among
	# them) has sched_exit_ok 0 (with repeats: the median's, so a point
	# counts when most of its runs failed; make bench fails on any).
	for (i = 1; i <= n; i++) {
		if (num(raw[i], "sched_exit_ok") < 0)
			continue
		extruns++
		if (num(raw[i], "sched_exit_ok") < 1)
			ejected++
	}
	if (extruns)
		printf "- Ejections: %d of %d sched_ext points had a scheduler exit with an error (make bench also fails on any run that does); goal 0: %s\n",
			ejected, extruns, ejected ? "missed" : "met"
	if (wcruns)
		printf "- Work conservation: shinjuku's CPUs sat idle while a queued task waited for at most %.3f ms per second (%s, of %d runs); goal about 0 (<= 1 ms/s): %s\n",
			wcmax, wcmaxrun, wcruns,
			(wcmax <= 1 ? "met" : "missed")
	goals_vs_ideal()
	for (s = 1; s <= ns; s++) {
		if (scheds[s] in dat_rows)
			printf "\"%s\"\n%s\n\n", scheds[s], dat_rows[scheds[s]] > dat
		if ((scheds[s] " ideal") in dat_rows)
			printf "\"%s ideal\"\n%s\n\n", scheds[s],
				dat_rows[scheds[s] " ideal"] > dat
	}
}

# The performance goals read against the ideal reference and the
# defaults (the flagship within reach of its ideal).
function goals_vs_ideal(    f, k, sj, id, fl, cf, d50, c50, fb, sb) {
	for (f = 1; f <= nf; f++) {
		k = fracs[f]
		sj = base99[k SUBSEP "shinjuku"]; id = baseig99[k SUBSEP "shinjuku"]
		if (!(sj > 0 && id > 0))
			continue
		printf "- Against its ideal at load %s: shinjuku Get p99 %s ms = %s x its ideal (%s ms); floor %s ms; goal <= %s x: %s\n",
			k, ms(sj), ratio(sj, id), ms(id), ms(basefl99[k SUBSEP "shinjuku"]),
			ideal_goal, (sj <= ideal_goal * id ? "met" : "missed")
		sj = baser99[k SUBSEP "shinjuku"]; id = baseir99[k SUBSEP "shinjuku"]
		if (sj > 0 && id > 0)
			printf "- Ranges at load %s: shinjuku Range p99 %s ms = %s x its ideal (%s ms); goal <= 2 x: %s\n",
				k, ms(sj), ratio(sj, id), ms(id),
				(sj <= 2 * id ? "met" : "missed")
	}
	k = "0.70"
	sj = base99[k SUBSEP "shinjuku"]; cf = base99[k SUBSEP "cfs"]
	fl = basefl99[k SUBSEP "shinjuku"]
	if (sj > 0 && cf > 0)
		printf "- Get p99 at load 0.70 against CFS: shinjuku %s ms = %s x CFS (%s ms); the floor is %s x CFS%s; goal <= %s x: %s\n",
			ms(sj), ratio(sj, cf), ms(cf), ratio(fl, cf),
			(fl > cf * cfs_goal ? " (above the goal: no scheduler can meet it on these arrivals)" : ""),
			cfs_goal, (sj <= cfs_goal * cf ? "met" : "missed")
	# What a user gets with no options.
	d50 = base50[k SUBSEP "shinjuku-default"]; c50 = base50[k SUBSEP "cfs"]
	if (d50 > 0 && c50 > 0)
		printf "- shinjuku with default options at load 0.70: Get p50 %s ms = %s x CFS, p99 %s ms = %s x CFS; goal p50 <= 1.2 x, p99 <= 1 x: %s\n",
			ms(d50), ratio(d50, c50), ms(base99[k SUBSEP "shinjuku-default"]),
			ratio(base99[k SUBSEP "shinjuku-default"], cf),
			(d50 <= 1.2 * c50 && base99[k SUBSEP "shinjuku-default"] <= cf ? "met" : "missed")
	# The flagship's own cost per switch against the template's.
	for (f = 1; f <= nf; f++) {
		k = fracs[f]
		fb = basebpf[k SUBSEP "fifo"]; sb = basebpf[k SUBSEP "shinjuku"]
		if (fb > 0 && sb > 0)
			printf "- shinjuku's cost at load %s: %s ns of BPF per context switch, fifo %s ns: %s x; goal <= 1.5 x: %s\n",
				k, nsf(sb), nsf(fb), ratio(sb, fb), (sb <= 1.5 * fb ? "met" : "missed")
	}
}
