# Turns bimodal's JSON lines into a CSV, one JSON array and a markdown
# summary with each scheduler's ratio to CFS at the same load.
# Run as: awk -f json_fields.awk -f summarize.awk ...
{
	n++
	line[n] = $0
	lab[n] = str($0, "label"); ld[n] = sprintf("%.2f", num($0, "load"))
	# Rows are grouped by distribution and load: the key is "exp 0.70".
	ds[n] = str($0, "dist"); if (ds[n] == "") ds[n] = "bimodal"
	ld[n] = ds[n] " " ld[n]
	p50[n] = num($0, "short_p50_us"); p99[n] = num($0, "short_p99_us")
	p999[n] = num($0, "short_p999_us"); cnt[n] = num($0, "short_n")
	lp99[n] = num($0, "long_p99_us"); rate[n] = num($0, "rate_per_s")
	if (lab[n] == "cfs") cfs99[ld[n]] = p99[n]
	if (!(ld[n] in seen)) { seen[ld[n]] = 1; loads[++nl] = ld[n] }
}
END {
	print "scheduler,dist,load,rate_per_s,short_n,short_p50_us,short_p99_us,short_p999_us,long_p99_us,short_p99_vs_cfs" > csv
	printf "[" > json
	for (i = 1; i <= n; i++) {
		r = cfs99[ld[i]] > 0 ? p99[i] / cfs99[ld[i]] : 0
		split(ld[i], dl, " ")
		printf "%s,%s,%s,%d,%d,%d,%d,%d,%d,%.3f\n", lab[i], dl[1], dl[2], rate[i], cnt[i], p50[i], p99[i], p999[i], lp99[i], r > csv
		printf "%s%s", (i > 1 ? "," : ""), line[i] > json
	}
	print "]" > json
	print "## bimodal benchmark: short-request latency"
	print ""
	print "Environment: " where ". Requests (dist bimodal): 99.5% x 0.5 ms and 0.5% x 50 ms of"
	print "service; (dist exp): exponential of mean 0.5 ms, short = at most the mean."
	print "Poisson arrivals at the given fraction of the CPUs' capacity, 64 worker"
	print "threads. " service_note " Times are emulated-VM times: compare schedulers within this run"
	print "only. Policy slices are scaled to the emulator (shinjuku/rr: 1000 us"
	print "slice, 250 us timer = ghOSt's 50 us x 20)."
	print ""
	print "| dist load | scheduler | short p50 ms | short p99 ms | short p99.9 ms | p99 vs CFS | long p99 ms |"
	print "|---|---|---|---|---|---|---|"
	for (k = 1; k <= nl; k++)
		for (i = 1; i <= n; i++) {
			if (ld[i] != loads[k]) continue
			r = cfs99[ld[i]] > 0 ? p99[i] / cfs99[ld[i]] : 0
			printf "| %s | %s | %.2f | %.2f | %.2f | %.3f | %.1f |\n", ld[i], lab[i], p50[i] / 1000, p99[i] / 1000, p999[i] / 1000, r, lp99[i] / 1000
		}
}
