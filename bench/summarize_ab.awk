# Turns make bench-ab's runs (run_rocksdb.sh's BENCH lines for the
# schedulers labelled A and B, taking turns, one arrival seed per pair)
# into a markdown report: each run's Get p50/p99, Range p99 and BPF cost,
# the medians with B's ratio to A, and per BPF program its run time and
# runs per context switch, per run and as medians.
# Variables: a, b (what A and B ran), what (the shape, load and rate).
# Run as: awk -f json_fields.awk -f median.awk -f markdown.awk \
#         -f summarize_ab.awk ab.raw

function ms(us) { return us >= 0 ? sprintf("%.2f", us / 1000) : "-" }
function f2(v) { return v >= 0 ? sprintf("%.2f", v) : "-" }
function f3(v) { return v >= 0 ? sprintf("%.3f", v) : "-" }
function f0(v) { return v >= 0 ? sprintf("%.0f", v) : "-" }
function ratio(x, y) { return x >= 0 && y > 0 ? sprintf("%.2f", x / y) : "-" }

# median(key) - the median of vals[key, 1..nv[key]], or -1 if none.
function median(key,    i, c, t) {
	c = nv[key]
	if (!c)
		return -1
	for (i = 1; i <= c; i++)
		t[i] = vals[key, i]
	return median_of(t, c)
}
function add(key, v) { if (v >= 0) vals[key, ++nv[key]] = v }

/^CAPACITY \{/ { cap = num($0, "measured") }
/^BENCH \{/ {
	s = substr($0, 7)
	n++
	lab[n] = str(s, "label"); seed[n] = num(s, "seed")
	g50[n] = pct(s, "get", "total", "p50")
	g99[n] = pct(s, "get", "total", "p99")
	r99[n] = pct(s, "range", "total", "p99")
	off[n] = num(s, "offered")
	csw[n] = num(s, "ctx_switches")
	bns[n] = -1; bruns[n] = -1
	if (csw[n] > 0 && num(s, "run_ns") >= 0)
		bns[n] = num(s, "run_ns") / csw[n]
	# The total "runs" follows "run_ns" (by_prog's come first).
	if (csw[n] > 0 && match(s, /"run_ns":[0-9.e+]+,"runs":[0-9.e+]+/)) {
		m = substr(s, RSTART, RLENGTH)
		sub(/.*"runs":/, "", m)
		bruns[n] = m / csw[n]
	}
	if (!(lab[n] in seen)) { seen[lab[n]] = 1; labs[++nl] = lab[n] }
	add(lab[n] SUBSEP "g50", g50[n]); add(lab[n] SUBSEP "g99", g99[n])
	add(lab[n] SUBSEP "r99", r99[n]); add(lab[n] SUBSEP "bns", bns[n])
	add(lab[n] SUBSEP "bruns", bruns[n])
	# Each program: {"NAME":{"ns":..,"runs":..},...} in "by_prog".
	i = index(s, "\"by_prog\":{")
	if (i && csw[n] > 0) {
		p = substr(s, i + 11)
		p = substr(p, 1, index(p, "}}"))
		while (match(p, /"[A-Za-z0-9_]+":\{"ns":[0-9]+,"runs":[0-9]+\}/)) {
			e = substr(p, RSTART + 1, RLENGTH - 1)
			p = substr(p, RSTART + RLENGTH)
			name = substr(e, 1, index(e, "\"") - 1)
			pns = num(e, "ns"); pruns = num(e, "runs")
			if (!(name in pseen)) { pseen[name] = 1; progs[++np] = name }
			prow[++npr] = sprintf("| %d | %s | %s | %.0f | %.3f | %s |",
				n, lab[n], name, pns / csw[n], pruns / csw[n],
				pruns > 0 ? sprintf("%.0f", pns / pruns) : "-")
			add(lab[n] SUBSEP "pns" SUBSEP name, pns / csw[n])
			add(lab[n] SUBSEP "pruns" SUBSEP name, pruns / csw[n])
			if (pruns > 0)
				add(lab[n] SUBSEP "pper" SUBSEP name, pns / pruns)
		}
	}
}
END {
	print "# make bench-ab: A against B"
	print ""
	print "- A: `" a "`"
	print "- B: `" b "`"
	printf "- %s; CFS capacity %.0f req/s, offered %.0f req/s; the two take turns, each pair on its own arrival seed.\n", what, cap, off[1]
	section("Runs")
	table_head("run|scheduler|seed|Get p50 ms|Get p99 ms|Range p99 ms|BPF ns/switch|BPF programs/switch")
	for (i = 1; i <= n; i++)
		printf "| %d | %s | %d | %s | %s | %s | %s | %s |\n", i, lab[i],
			seed[i], ms(g50[i]), ms(g99[i]), ms(r99[i]), f0(bns[i]),
			f2(bruns[i])
	section("Medians")
	table_head("scheduler|runs|Get p50 ms|Get p99 ms|Range p99 ms|BPF ns/switch|BPF programs/switch")
	for (l = 1; l <= nl; l++) {
		k = labs[l]
		printf "| %s | %d | %s | %s | %s | %s | %s |\n", k, nv[k SUBSEP "g99"],
			ms(median(k SUBSEP "g50")), ms(median(k SUBSEP "g99")),
			ms(median(k SUBSEP "r99")), f0(median(k SUBSEP "bns")),
			f2(median(k SUBSEP "bruns"))
	}
	if (("A" in seen) && ("B" in seen)) {
		split("g50 g99 r99 bns bruns", fig, " ")
		line = "| B / A | |"
		for (j = 1; j <= 5; j++)
			line = line " " ratio(median("B" SUBSEP fig[j]), median("A" SUBSEP fig[j])) " |"
		print line
	}
	section("BPF programs, medians over the runs",
	    "Each program's run time and runs per context switch of the experiment, and its time per run (the kernel's bpf_stats).")
	cols = "program"
	for (l = 1; l <= nl; l++)
		cols = cols "|" labs[l] " ns/switch|" labs[l] " runs/switch|" labs[l] " ns/run"
	table_head(cols)
	for (q = 1; q <= np; q++) {
		line = "| " progs[q] " |"
		for (l = 1; l <= nl; l++) {
			k = labs[l]
			line = line " " f0(median(k SUBSEP "pns" SUBSEP progs[q])) \
				" | " f3(median(k SUBSEP "pruns" SUBSEP progs[q])) \
				" | " f0(median(k SUBSEP "pper" SUBSEP progs[q])) " |"
		}
		print line
	}
	if (npr) {
		section("BPF programs, per run")
		table_head("run|scheduler|program|ns/switch|runs/switch|ns/run")
		for (i = 1; i <= npr; i++)
			print prow[i]
	}
}
