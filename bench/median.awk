# The median of a few numbers, for the bench's awk scripts
# (median_runs.awk, summarize_ab.awk, summarize_wake.awk; load it with
# awk -f median.awk -f that): a handful of repeats, so an insertion sort.

# median_of(t, c) - sort t[1..c] in place and return its median, the mean
# of the middle two for an even c.
function median_of(t, c,    i, k, m) {
	for (i = 2; i <= c; i++) {
		m = t[i]
		for (k = i - 1; k >= 1 && t[k] > m; k--)
			t[k + 1] = t[k]
		t[k + 1] = m
	}
	return c % 2 ? t[(c + 1) / 2] : (t[c / 2] + t[c / 2 + 1]) / 2
}
