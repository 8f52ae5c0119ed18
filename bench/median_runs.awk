# Collapses make bench's repeated runs (RDB_REPEATS) into one line each:
# the runs of one scheduler at one offered load, antagonist count and
# workload shape become a line whose every number is the median of theirs
# (the mean of the middle two for an even count).  Lines other than "BENCH {...}" pass
# through; BENCH lines come out in the order their first run came in.
# Runs whose JSON differs in form (other keys) are not merged: the first
# one stands.  The merged line says what was merged: "repeats", "seeds"
# (each run's arrival seed, in run order; the runs' own "seed" goes) and
# the range of the figures the summary reads, "min" and "max": Get p50,
# p99 and p99.9, Range p99 (all Total, us) and BPF ns per context switch.
# Run as: awk -f json_fields.awk -f median.awk -f median_runs.awk rocksdb.raw

# split_nums(s, run) - the numbers standing as JSON values in s (after
# ':', ',' or '[') into val[run, 1..], and the text around them, with a
# \001 for each number, as the return value.
function split_nums(s, run,    sk, n) {
	sk = ""; n = 0
	while (match(s, /[:,[]-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) {
		sk = sk substr(s, 1, RSTART)
		val[run, ++n] = substr(s, RSTART + 1, RLENGTH - 1) + 0
		sk = sk "\001"
		s = substr(s, RSTART + RLENGTH)
	}
	nvals[run] = n
	return sk s
}

# Not %d: mawk clamps it at 2^31 and busybox awk wraps, and BPF times in
# ns pass that.  Fractions keep six decimals, without trailing zeros.
function fmt(x,    t) {
	if (x == int(x))
		return sprintf("%.0f", x)
	t = sprintf("%.6f", x)
	sub(/0+$/, "", t)
	return t
}

function median_line(key, c,    i, j, skel, sk, parts, np, out, tmp) {
	for (i = 1; i <= c; i++) {
		sk = split_nums(runs[key, i], i)
		if (i == 1)
			skel = sk
		else if (sk != skel || nvals[i] != nvals[1])
			return runs[key, 1]
	}
	np = split(skel, parts, "\001")
	out = parts[1]
	for (j = 1; j < np; j++) {
		for (i = 1; i <= c; i++)
			tmp[i] = val[i, j]
		out = out fmt(median_of(tmp, c)) parts[j + 1]
	}
	return out
}

# fig_of(s, kind, p) - a run's Total latency p of kind, or -1 if absent.
function fig_of(s, kind, p,    i) {
	i = index(s, "\"us\":{")
	if (!i || !index(substr(s, i), "\"" kind "\":{"))
		return -1
	return pct(s, kind, "total", p)
}

# spread(key, c) - the merged line's tail: repeats, seeds (of the runs
# that name one), min and max (of the runs that have the figure, else -1).
function spread(key, c,    i, j, line, v, lo, hi, sd, nsd, out, lim) {
	split("get_p50 get_p99 get_p999 range_p99 bpf_ns_per_switch", fig, " ")
	for (j = 1; j <= 5; j++)
		lo[j] = hi[j] = -1
	for (i = 1; i <= c; i++) {
		line = runs[key, i]
		if (num(line, "seed") >= 0)
			sd = sd (nsd++ ? "," : "") fmt(num(line, "seed"))
		v[1] = fig_of(line, "get", "p50")
		v[2] = fig_of(line, "get", "p99")
		v[3] = fig_of(line, "get", "p999")
		v[4] = fig_of(line, "range", "p99")
		v[5] = -1
		if (num(line, "run_ns") >= 0 && num(line, "ctx_switches") > 0)
			v[5] = num(line, "run_ns") / num(line, "ctx_switches")
		for (j = 1; j <= 5; j++) {
			if (v[j] < 0)
				continue
			if (lo[j] < 0 || v[j] < lo[j])
				lo[j] = v[j]
			if (hi[j] < 0 || v[j] > hi[j])
				hi[j] = v[j]
		}
	}
	out = ",\"repeats\":" c ",\"seeds\":[" sd "]"
	for (lim = 0; lim < 2; lim++) {
		out = out ",\"" (lim ? "max" : "min") "\":{"
		for (j = 1; j <= 5; j++)
			out = out (j > 1 ? "," : "") "\"" fig[j] "\":" \
				sprintf("%.1f", lim ? hi[j] : lo[j])
		out = out "}"
	}
	return out
}

# merged(key, c) - the median line with its spread, without "seed".
function merged(key, c,    line) {
	line = median_line(key, c)
	sub(/,"seed":[0-9.]+/, "", line)
	sub(/}$/, spread(key, c) "}", line)
	return line
}

/^BENCH \{/ {
	line = substr($0, 7)
	key = str(line, "shape") SUBSEP str(line, "label") SUBSEP \
	    num(line, "offered") SUBSEP num(line, "antagonists")
	if (!(key in cnt))
		order[++nk] = key
	runs[key, ++cnt[key]] = line
	next
}
{ print }
END {
	for (k = 1; k <= nk; k++)
		print "BENCH " merged(order[k], cnt[order[k]])
}
