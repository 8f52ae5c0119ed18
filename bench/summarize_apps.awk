# make bench-apps' summary: from bench/run_apps.sh's output (APPS and
# APPS-ALONE lines), each scheduler's runs of Redis alone and beside the
# batch load merged over repeats (median, and min-max), as a markdown
# table with the goals of issue 29 (stdout), the medians as JSON lines
# (-v json=FILE) and the p99s as gnuplot data for bench/plot_apps.sh
# (-v dat=FILE).  APPS-ERROR lines are listed at the end.
# Run as: awk -f json_fields.awk -f median.awk -f markdown.awk
#         -f summarize_apps.awk -v where=W -v repro=CMD -v setup=TEXT
#         -v json=FILE -v dat=FILE apps.raw

# stat(k, f, what) - over point k's runs, figure f's median ("med"),
# least ("min") or greatest ("max").
function stat(k, f, what,    c, i, v, lo, hi) {
	c = runs[k]
	for (i = 1; i <= c; i++) {
		v[i] = val[k, i, f]
		if (i == 1 || v[i] < lo)
			lo = v[i]
		if (i == 1 || v[i] > hi)
			hi = v[i]
	}
	if (what == "min")
		return lo
	if (what == "max")
		return hi
	return median_of(v, c)
}

# cell(k, f, fmt) - "median (min-max)" of figure f, in the printf format
# fmt; "-" where point k did not run.
function cell(k, f, fmt) {
	if (!(k in runs))
		return "-"
	if (runs[k] == 1)
		return sprintf(fmt, stat(k, f, "med"))
	return sprintf(fmt " (" fmt "-" fmt ")", stat(k, f, "med"),
		stat(k, f, "min"), stat(k, f, "max"))
}

# med(sched, ant, f) - the median of figure f, or -1 without runs.
function med(sched, ant, f,    k) {
	k = sched SUBSEP ant
	return (k in runs) ? stat(k, f, "med") : -1
}

# goal(text, ok, have) - one line of the Goals list.
function goal(text, ok, have) {
	if (!have)
		printf "- goal: %s: not measured\n", text
	else
		printf "- goal: %s: %s\n", text, ok ? "**met**" : "**missed**"
}

# The figures merged over repeats.
BEGIN { nfig = split("get_p50_ms get_p99_ms get_p999_ms get_rps srv_share ant_ops_s ant_kept", fig, " ") }

# A run (the caller strips the console's carriage returns).
/^APPS \{/ {
	line = substr($0, 6)
	s = str(line, "sched")
	k = s SUBSEP num(line, "ant")
	if (!(s in seen)) {
		seen[s] = 1
		order[++n] = s
	}
	c = ++runs[k]
	for (i = 1; i <= nfig; i++)
		val[k, c, fig[i]] = num(line, fig[i])
	if (num(line, "sched_exit_ok") == 0)
		ejected[s] = 1
	inforce[s] = num(line, "slice_in_force_us") >= 0 ? \
		sprintf("slice %d us, timer %d us", num(line, "slice_in_force_us"),
			num(line, "timer_in_force_us")) : ""
	clients = num(line, "clients")
	requests = num(line, "requests")
	ballast = num(line, "ballast") > 0 ? 1 : ballast
	next
}

/^APPS-ALONE \{/ {
	alone[++nalone] = num(substr($0, 12), "ops_per_cpu_s")
	next
}

/^APPS-ERROR / { err[++nerr] = substr($0, 12) }

END {
	print "# make bench-apps: Redis beside a batch load"
	print ""
	print "Where: " where ". " setup
	print ""
	print "Reproduce: `" repro "`"
	section("GET latency and throughput, and the batch load's share",
		"Median over the repeats (min-max). \"alone\": the server without the batch load" \
		(ballast ? " (with the ballast on a vCPU of its own)" : "") \
		"; \"batch\": beside it. p99 vs alone: the batch run's p99 over the alone run's, same scheduler. " \
		"Batch CPU kept: the batch load's CPU time over the CPU time the server left free on the CPUs they share.")
	table_head("scheduler|load|GET p50 ms|GET p99 ms|GET p99.9 ms|GET/s|p99 vs alone|server CPU share|batch ops/s|batch CPU kept")
	for (i = 1; i <= n; i++) {
		s = order[i]
		for (a = 0; a <= 1; a++) {
			k = s SUBSEP a
			if (!(k in runs))
				continue
			vs = "-"
			if (a == 1 && med(s, 0, "get_p99_ms") > 0)
				vs = sprintf("%.2fx", med(s, 1, "get_p99_ms") / med(s, 0, "get_p99_ms"))
			printf "| %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", s,
				ejected[s] ? " (ejected)" : "", a ? "batch" : "alone",
				cell(k, "get_p50_ms", "%.2f"), cell(k, "get_p99_ms", "%.2f"),
				cell(k, "get_p999_ms", "%.1f"), cell(k, "get_rps", "%.0f"), vs,
				cell(k, "srv_share", "%.2f"),
				a ? cell(k, "ant_ops_s", "%.1f") : "-",
				a ? cell(k, "ant_kept", "%.3f") : "-"
			if (json != "") {
				printf "{\"sched\":\"%s\",\"ant\":%d,\"repeats\":%d", s, a, runs[k] >json
				for (f = 1; f <= nfig; f++)
					printf ",\"%s\":%s,\"%s_min\":%s,\"%s_max\":%s", fig[f],
						stat(k, fig[f], "med"), fig[f], stat(k, fig[f], "min"),
						fig[f], stat(k, fig[f], "max") >json
				printf "}\n" >json
			}
		}
		if (dat != "" && (s SUBSEP 0) in runs && (s SUBSEP 1) in runs)
			printf "%s %s %s %s %s %s %s\n", s,
				stat(s SUBSEP 0, "get_p99_ms", "med"), stat(s SUBSEP 0, "get_p99_ms", "min"),
				stat(s SUBSEP 0, "get_p99_ms", "max"), stat(s SUBSEP 1, "get_p99_ms", "med"),
				stat(s SUBSEP 1, "get_p99_ms", "min"), stat(s SUBSEP 1, "get_p99_ms", "max") >dat
	}
	for (i = 1; i <= n; i++)
		if (inforce[order[i]] != "")
			printf "\n%s ran with %s (chosen by the policy).\n", order[i], inforce[order[i]]

	section("Goals (issue 29)")
	# (a) isolation: shinjuku with rules beside the batch load against
	# its own run alone, and against CFS with the batch load at nice 19.
	sr1 = med("shinjuku-rules", 1, "get_p99_ms")
	sr0 = med("shinjuku-rules", 0, "get_p99_ms")
	cn1 = med("cfs-nice19", 1, "get_p99_ms")
	srr = med("shinjuku-rules", 1, "get_rps")
	cnr = med("cfs-nice19", 1, "get_rps")
	have = sr1 > 0 && sr0 > 0
	goal(sprintf("(a) with the batch load, shinjuku with rules keeps GET p99 within 1.1x of the server alone (%.2f / %.2f ms = %.2fx)",
		sr1, sr0, have ? sr1 / sr0 : 0), have && sr1 <= 1.1 * sr0, have)
	have = sr1 > 0 && cn1 > 0
	goal(sprintf("(a) ... and no worse than CFS with the batch load at nice 19 (%.2f vs %.2f ms = %.2fx)",
		sr1, cn1, have ? sr1 / cn1 : 0), have && sr1 <= cn1, have)
	have = srr > 0 && cnr > 0
	goal(sprintf("(a) ... at equal or better throughput (%.0f vs %.0f GET/s = %.2fx)",
		srr, cnr, have ? srr / cnr : 0), have && srr >= cnr, have)
	# (b) shinjuku's defaults cost a server that asked for nothing little.
	sj = med("shinjuku", 0, "get_rps")
	cf = med("cfs", 0, "get_rps")
	have = sj > 0 && cf > 0
	goal(sprintf("(b) shinjuku with default options, no batch load, serves at least 95%% of CFS's throughput (%.0f / %.0f GET/s = %.1f%%)",
		sj, cf, have ? 100 * sj / cf : 0), have && sj >= 0.95 * cf, have)
	# (c) the batch load is not starved: it keeps what the server left.
	kept = med("shinjuku-rules", 1, "ant_kept")
	goal(sprintf("(c) with rules, the batch load keeps at least 90%% of the CPU the server leaves free (%.1f%%)",
		100 * kept), kept >= 0.9, kept >= 0)
	# The brief's estimate by bogo ops: the batch load's ops/s over
	# what it did alone per CPU-second times the CPU-seconds left free.
	# Under the emulator a CPU-second is worth fewer instructions the
	# more vCPUs are busy (the client's, here), so this reads low.
	if (nalone > 0 && kept >= 0) {
		for (i = 1; i <= nalone; i++)
			t[i] = alone[i]
		opc = median_of(t, nalone)
		share = med("shinjuku-rules", 1, "srv_share")
		ops = med("shinjuku-rules", 1, "ant_ops_s")
		free = nsrv_of() * (1 - share)
		printf "- (c) by bogo ops: %.1f ops/s against %.1f ops per CPU-second alone x %.2f CPUs left free = %.1f%% (in the VM a CPU-second beside the busy client does fewer instructions than alone)\n",
			ops, opc, free, (free > 0 && opc > 0 ? 100 * ops / (opc * free) : 0)
	}
	for (i = 1; i <= n; i++)
		if (ejected[order[i]])
			printf "- %s was ejected in a run (see apps.raw)\n", order[i]
	if (nerr) {
		section("Failed runs")
		for (i = 1; i <= nerr; i++)
			print "- " err[i]
	}
}

# nsrv_of() - the CPUs the server and the batch load share (from the
# last APPS line read; every run has the same).
function nsrv_of() {
	return num(line, "srv_cpus")
}
