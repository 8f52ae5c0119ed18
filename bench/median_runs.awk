# Collapses make bench's repeated runs (RDB_REPEATS) into one line each:
# the runs of one scheduler at one offered load and antagonist count
# become a line whose every number is the median of theirs (the mean of
# the middle two for an even count).  Lines other than "BENCH {...}" pass
# through; BENCH lines come out in the order their first run came in.
# Runs whose JSON differs in shape (other keys) are not merged: the first
# one stands.
# Run as: awk -f json_fields.awk -f median_runs.awk rocksdb.raw

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

function median_line(key, c,    i, j, k, skel, sk, parts, np, out, tmp, m) {
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
		# insertion sort: a handful of repeats
		for (i = 2; i <= c; i++) {
			m = tmp[i]
			for (k = i - 1; k >= 1 && tmp[k] > m; k--)
				tmp[k + 1] = tmp[k]
			tmp[k + 1] = m
		}
		m = c % 2 ? tmp[(c + 1) / 2] : (tmp[c / 2] + tmp[c / 2 + 1]) / 2
		out = out fmt(m) parts[j + 1]
	}
	return out
}

/^BENCH \{/ {
	line = substr($0, 7)
	key = str(line, "label") SUBSEP num(line, "offered") SUBSEP num(line, "antagonists")
	if (!(key in cnt))
		order[++nk] = key
	runs[key, ++cnt[key]] = line
	next
}
{ print }
END {
	for (k = 1; k <= nk; k++)
		print "BENCH " median_line(order[k], cnt[order[k]])
}
