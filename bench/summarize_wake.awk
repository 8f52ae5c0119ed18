# make bench-wake's summary: from run_wake.sh's output, the median over
# repeats of each scheduler's wake_rtt percentiles, as a markdown table
# (stdout) and as JSON (the file named by -v json=).  p50 is also given
# as a ratio to CFS's and to bare's.  WAKE-ERROR lines are listed below
# the table.
# Run as: awk -f json_fields.awk -f median.awk -f summarize_wake.awk -v where=W
#         -v repro=CMD -v repeats=R -v json=FILE wake.raw

# median(name, k) - the median of the k-th statistic over name's runs.
function median(name, k,    c, i, v) {
	c = runs[name]
	for (i = 1; i <= c; i++)
		v[i] = val[name, i, k]
	return median_of(v, c)
}

# ratio(x, base) - "1.23x", or "-" without a base.
function ratio(x, base) {
	return base > 0 ? sprintf("%.2fx", x / base) : "-"
}

function jratio(x, base) {
	return base > 0 ? sprintf("%.3f", x / base) : "null"
}

BEGIN {
	nstat = split("p50 p90 p99 max", stat, " ")
}

{ sub(/\r$/, "") }

/^WAKE \{/ {
	line = substr($0, 6)
	name = str(line, "sched")
	if (!(name in runs))
		order[++n] = name
	runs[name]++
	for (k = 1; k <= nstat; k++)
		val[name, runs[name], k] = num(line, stat[k])
	rounds = num(line, "rounds")
	pause = num(line, "pause_us")
	if (match(line, /"cpus":\[[0-9]+,[0-9]+\]/)) {
		cpuj = substr(line, RSTART + 7, RLENGTH - 7)
		cpus = substr(line, RSTART + 8, RLENGTH - 9)
		sub(/,/, " and ", cpus)
	}
	next
}

/^WAKE-ERROR / {
	err[++nerr] = substr($0, 12)
}

END {
	for (i = 1; i <= n; i++)
		for (k = 1; k <= nstat; k++)
			med[order[i], k] = median(order[i], k)
	cfs = ("cfs" in runs) ? med["cfs", 1] : 0
	bare = ("bare" in runs) ? med["bare", 1] : 0

	printf "Cross-CPU wake-up round trip (bench/wake_rtt: two threads " \
	       "pinned to CPUs %s wake each other through a futex, " \
	       "%d rounds with %d us pauses; policies in partial mode), " \
	       "in %s; medians of each scheduler's runs. Reproduce: %s\n\n",
	       cpus, rounds, pause, where, repro
	print "| scheduler | runs | RTT p50 µs | p90 | p99 | p50 vs CFS | p50 vs bare |"
	print "|---|---|---|---|---|---|---|"
	for (i = 1; i <= n; i++) {
		s = order[i]
		printf "| %s | %d | %.1f | %.1f | %.1f | %s | %s |\n", s,
		       runs[s], med[s, 1], med[s, 2], med[s, 3],
		       ratio(med[s, 1], cfs), ratio(med[s, 1], bare)
	}
	print ""
	print "Each round is two wake-ups onto a CPU whose only task " \
	      "waits; a pinned thread's wake-up skips ops.select_cpu, so " \
	      "for a policy it shows the cost of its enqueue and dispatch " \
	      "path."
	# Seen in the emulator only (136-155 us, also 40 and 93 us before
	# 0a832ff), probably as its periodic timer changes when the vCPUs halt.
	if (where ~ /^QEMU/ && ("shinjuku" in runs))
		print "\nIn the emulator shinjuku's row moves between boots " \
		      "(probably as its periodic BPF timer changes when " \
		      "the vCPUs halt): " \
		      "compare its row with the others of this run only."
	if (nerr) {
		print ""
		print "Failed runs:"
		for (i = 1; i <= nerr; i++)
			print "- " err[i]
	}

	# One line of JSON; each scheduler's numbers are the medians.
	j = sprintf("{\"where\":\"%s\",\"rounds\":%d,\"pause_us\":%d," \
		    "\"cpus\":%s,\"repeats\":%d,\"errors\":%d,\"scheds\":[",
		    where, rounds, pause, cpuj, repeats, nerr)
	for (i = 1; i <= n; i++) {
		s = order[i]
		j = j (i > 1 ? "," : "") "{\"sched\":\"" s "\",\"runs\":" \
		    runs[s] ",\"rtt_us\":{"
		for (k = 1; k <= nstat; k++)
			j = j (k > 1 ? "," : "") \
			    sprintf("\"%s\":%.2f", stat[k], med[s, k])
		j = j "},\"p50_vs_cfs\":" jratio(med[s, 1], cfs) \
		    ",\"p50_vs_bare\":" jratio(med[s, 1], bare) "}"
	}
	print j "]}" > json
}
