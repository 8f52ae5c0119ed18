# Field readers for the flat JSON lines the benchmark programs print,
# shared by summarize.awk, summarize_rocksdb.awk and check_rocksdb.awk
# (awk -f this -f that).  Enough for their output; not a JSON parser.

# num(s, key) - the number after the first "key": in s, or -1.
function num(s, key,    m) {
	if (match(s, "\"" key "\":-?[0-9.e+]+")) {
		m = substr(s, RSTART, RLENGTH)
		sub(/^"[^"]*":/, "", m)
		return m + 0
	}
	return -1
}

# str(s, key) - the string after the first "key": in s, or "".
function str(s, key,    m) {
	if (match(s, "\"" key "\":\"[^\"]*\"")) {
		m = substr(s, RSTART, RLENGTH)
		sub(/^"[^"]*":"/, "", m)
		sub(/"$/, "", m)
		return m
	}
	return ""
}

# pct(s, kind, stage, p) - a latency (us) from a rocksdb_bench run's "us"
# object: kind get|range|all, stage ingress|...|total, p min|p50|...|max.
function pct(s, kind, stage, p,    i) {
	i = index(s, "\"us\":{")
	s = substr(s, i)
	i = index(s, "\"" kind "\":{")
	s = substr(s, i)
	i = index(s, "\"" stage "\":{")
	s = substr(s, i)
	s = substr(s, 1, index(s, "}"))
	return num(s, p)
}
