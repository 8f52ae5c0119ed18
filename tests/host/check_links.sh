#!/bin/bash
# Checks that every relative link in the user documentation leads
# somewhere: README.md and docs/*.md by default, or the markdown files
# given.  A link [text](path) must name a file or folder that exists,
# relative to the file it is in; a #anchor (alone or after a .md path)
# must match a heading of that file, slugged as GitHub does.  Links
# inside code (fenced blocks, `spans`) and to URLs (https:, mailto:) are
# not links to the tree and are skipped.  Prints each broken link and
# "links: N checked, M broken"; exits 1 if any is broken.
#
#   tests/host/check_links.sh [FILE.md...]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
if [ $# -eq 0 ]; then
	set -- README.md docs/*.md
fi

# links FILE - "LINE<TAB>TARGET" for each markdown link outside code.
links() {
	awk '
	/^[ \t]*(```|~~~)/ { fence = !fence; next }
	fence { next }
	{
		line = $0
		gsub(/`[^`]*`/, "", line)	# inline code is not a link
		while (match(line, /\]\([^)[:space:]]+\)/)) {
			print FNR "\t" substr(line, RSTART + 2, RLENGTH - 3)
			line = substr(line, RSTART + RLENGTH)
		}
	}' "$1"
}

# anchors FILE - the anchor of each heading outside code, one a line:
# lower case, punctuation dropped, spaces to hyphens, and -1, -2, ... on
# repeats, the way GitHub names them.
anchors() {
	awk '
	/^[ \t]*(```|~~~)/ { fence = !fence; next }
	fence || !/^#+ / { next }
	{
		h = $0
		sub(/^#+ +/, "", h)
		sub(/ +#+ *$/, "", h)
		# [text](target) in a heading contributes its text only.
		while (match(h, /\[[^]]*\]\([^)]*\)/)) {
			t = substr(h, RSTART + 1, RLENGTH)
			sub(/\]\(.*$/, "", t)
			h = substr(h, 1, RSTART - 1) t substr(h, RSTART + RLENGTH)
		}
		h = tolower(h)
		gsub(/[^a-z0-9 _-]/, "", h)
		gsub(/ /, "-", h)
		a = h
		if (h in seen)
			a = h "-" seen[h]
		seen[h]++
		print a
	}' "$1"
}

checked=0 broken=0
bad() { # bad FILE LINE TARGET WHY
	echo "  broken: $1:$2: $3: $4"
	broken=$((broken + 1))
}
for f in "$@"; do
	if [ ! -f "$f" ]; then
		bad "$f" 0 "$f" "no such file to check"
		continue
	fi
	dir=$(dirname "$f")
	while IFS=$'\t' read -r line target; do
		case $target in
		*:*) continue ;; # a URL (https:, mailto:, ...)
		esac
		checked=$((checked + 1))
		path=${target%%#*}
		anchor=
		[ "$path" = "$target" ] || anchor=${target#*#}
		if [ -z "$path" ]; then
			file=$f
		else
			file=$dir/$path
			if [ ! -e "$file" ]; then
				bad "$f" "$line" "$target" "no such file"
				continue
			fi
		fi
		if [ -n "$anchor" ]; then
			case $file in
			*.md) ;;
			*) continue ;; # anchors into other files: not headings
			esac
			if ! anchors "$file" | grep -qxF -- "$anchor"; then
				bad "$f" "$line" "$target" "no heading with that anchor"
			fi
		fi
	done < <(links "$f")
done
echo "links: $checked checked, $broken broken"
[ "$broken" = 0 ]
