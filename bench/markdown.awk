# Markdown for the bench's reports (summarize_rocksdb.awk and
# summarize_ab.awk load it: awk -f markdown.awk -f that): a section's
# heading, and a table's head whose rule always has as many columns as
# its header row.

# section(title[, intro]) - a "## title" heading between blank lines, and
# the paragraph intro, if given, below it.
function section(title, intro) {
	print ""
	print "## " title
	print ""
	if (intro != "") {
		print intro
		print ""
	}
}

# table_head(cols) - a table's header row and rule; cols names the
# columns, separated by "|".
function table_head(cols,    c, nc, i, head, rule) {
	nc = split(cols, c, "|")
	head = "|"
	rule = "|"
	for (i = 1; i <= nc; i++) {
		head = head " " c[i] " |"
		rule = rule "---|"
	}
	print head
	print rule
}
