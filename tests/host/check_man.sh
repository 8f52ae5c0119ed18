#!/bin/bash
# The man pages in man/ render without a warning and cannot drift from the
# code: scxkit(8)'s option lists (the .TP tags under OPTIONS and POLICIES)
# hold exactly the options the launcher's --help texts print, each built-in
# policy with its summary and, per option, its --help line word for word;
# scxkit(8) names every command; scxkit_qos(3)'s SYNOPSIS declares exactly
# the functions of <scxkit/qos.h>; scxkit-policy(7) names everything
# scxkit.bpf.h lists for policies.  Needs the launcher built (make).
#   tests/host/check_man.sh [MANDIR]   (default man/; a copy, to try it)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
M=${1:-$ROOT/man}
S=$ROOT/build/scxkit
: "${CC:=cc}"
CHECK_NAME=man
. "$ROOT/tests/host/check_lib.sh"
# same NAME WANT GOT: ok when the two lists are equal, else say what differs
same() {
	local missing extra
	if [ "$2" = "$3" ]; then
		ok "$1"
		return
	fi
	missing=$(comm -23 <(echo "$2") <(echo "$3") | paste -sd' ')
	extra=$(comm -13 <(echo "$2") <(echo "$3") | paste -sd' ')
	fail "$1: missing from the page: [${missing}]; not in the code: [${extra}]"
}

[ -x "$S" ] || { fail "no launcher at $S (make)"; finish; }
pages="scxkit.8 scxkit-policy.7 scxkit_qos.3"
for p in $pages; do
	[ -f "$M/$p" ] || fail "$M/$p missing"
done
[ "${#fails[@]}" = 0 ] || finish

# --- rendering -----------------------------------------------------------

if command -v groff >/dev/null; then
	for p in $pages; do
		out=$(groff -man -ww -z -Tutf8 "$M/$p" 2>&1)
		if [ $? = 0 ] && [ -z "$out" ]; then
			ok "groff -man -ww renders $p without a warning"
		else
			fail "groff -man -ww $p: $(echo "$out" | head -3)"
		fi
	done
else
	fail "groff not found (package groff-base; make deps installs it)"
fi
if command -v man >/dev/null; then
	for p in $pages; do
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -E UTF-8 \
			-l "$M/$p" 2>&1 >/dev/null)
		if [ $? = 0 ] && [ -z "$out" ]; then
			ok "man --warnings -l $p: no warning"
		else
			fail "man --warnings -l $p: $(echo "$out" | head -3)"
		fi
	done
else
	fail "man not found (package man-db; make deps installs it)"
fi

# --- scxkit(8) against --help --------------------------------------------

# The .TP tags of scxkit.8, one a line: SECTION<TAB>SUBSECTION<TAB>OPTIONS
# (the options of the tag, space-separated)<TAB>the paragraph's text.
# roff's \- is a minus, \fX a font change; both go.
tags=$(awk '
	function plain(s) {
		gsub(/\\-/, "-", s); gsub(/\\f[BIRP]/, "", s)
		gsub(/\\&/, "", s); gsub(/\\c/, "", s)
		return s
	}
	function flush() {
		if (tag != "")
			printf "%s\t%s\t%s\t%s\n", sh, ss, tag, text
		tag = ""; text = ""
	}
	/^\.SH / { flush(); sh = plain(substr($0, 5)); gsub(/"/, "", sh)
		   ss = ""; want_summary = 0; next }
	/^\.SS / { flush(); ss = plain(substr($0, 5)); gsub(/"/, "", ss)
		   summary[ss] = ""; want_summary = 1; next }
	/^\.TP/ { flush(); want_summary = 0; in_tag = 1; next }
	in_tag {
		in_tag = 0
		line = plain($0); opts = ""; first = ""
		sub(/^\.[A-Z]+ /, "", line)
		n = split(line, w, /[ "]+/)
		for (i = 1; i <= n; i++) {
			if (w[i] == "") continue
			if (first == "") first = w[i]
			if (w[i] ~ /^--?[A-Za-z][A-Za-z0-9-]*$/)
				opts = opts (opts == "" ? "" : " ") w[i]
		}
		tag = opts == "" ? "=" first : opts
		next
	}
	/^\./ { flush(); want_summary = 0; next }
	{
		if (tag != "")
			text = text (text == "" ? "" : " ") plain($0)
		else if (want_summary && sh == "POLICIES")
			printf "%s\t%s\t=summary\t%s\n", sh, ss, plain($0)
	}
	END { flush() }
' "$M/scxkit.8")
# man_opts SECTION SUBSECTION: the options of its tags, sorted
man_opts() {
	awk -F'\t' -v sh="$1" -v ss="$2" \
		'$1 == sh && $2 == ss && $3 !~ /^=/ { print $3 }' <<<"$tags" |
		tr ' ' '\n' | sort -u
}
# help_opts: the options a --help text on stdin lists (the lines that
# start with one) or shows in its usage line ([--opt ARG])
help_opts() {
	local t
	t=$(cat)
	{
		sed -nE 's/^ +((-[A-Za-z], )?--?[A-Za-z][A-Za-z0-9-]*).*/\1/p' <<<"$t" |
			tr ',' '\n' | tr -d ' '
		grep '^usage:' <<<"$t" | grep -oE '\[--?[A-Za-z][A-Za-z0-9-]*' |
			tr -d '['
	} | sort -u
}

main_help=$("$S" --help 2>&1)
cmds=$(sed -n '/^commands:/,/^$/p' <<<"$main_help" | awk 'NR > 1 && NF { print $1 }' | sort -u)
man_cmds=$(awk -F'\t' '$1 == "COMMANDS" && $3 ~ /^=/ { print substr($3, 2) }' <<<"$tags" | sort -u)
same "scxkit.8 COMMANDS: every command of scxkit --help ($(echo $cmds))" "$cmds" "$man_cmds"
list_opts=$(grep -E '^  list ' <<<"$main_help" | grep -oE '\[--?[A-Za-z][A-Za-z0-9-]*' | tr -d '[' | sort -u)
same "options of list: $(echo $list_opts)" "$list_opts" "$(man_opts OPTIONS 'Options of list')"
for c in stats top check; do
	want=$("$S" "$c" --help 2>&1 | help_opts)
	same "options of $c: $(echo $want)" "$want" "$(man_opts OPTIONS "Options of $c")"
done

policies=$("$S" list | awk '{ print $1 }')
[ -n "$policies" ] || fail "scxkit list printed no policy"
want_list=$("$S" list | sed -E 's/^([^ ]+) +/\1\t/' | sort)
got_list=$(awk -F'\t' '$1 == "POLICIES" && $3 == "=summary" { print $2 "\t" $4 }' <<<"$tags" | sort)
same "POLICIES: every policy of scxkit list, with its summary" "$want_list" "$got_list"
man_run=$(man_opts OPTIONS 'Options of run')
for p in $policies; do
	h=$("$S" run "$p" --help 2>&1)
	want=$(sed -n "/^framework options:/,/^$p options:/p" <<<"$h" | help_opts)
	same "options of run, as scxkit run $p --help lists them" "$want" "$man_run"
	# The policy's own: "  --name N   help (default D, MIN..MAX)".
	want=$(sed -n "/^$p options:/,/^examples:/p" <<<"$h" |
		sed -nE 's/^ +(--?[A-Za-z][A-Za-z0-9-]*) [^ ]+ +(.*)$/\1\t\2/p' | sort)
	got=$(awk -F'\t' -v p="$p" '$1 == "POLICIES" && $2 == p && $3 !~ /^=/ {
		print $3 "\t" $4 }' <<<"$tags" | sort)
	same "POLICIES $p: $(echo "$want" | cut -f1 | paste -sd' '), text, defaults and ranges" \
		"$want" "$got"
done

# --- scxkit_qos(3) against <scxkit/qos.h> ---------------------------------

declared=$("$CC" -E -P -x c -I"$ROOT/include" "$ROOT/include/scxkit/qos.h" |
	grep -o '\bscxkit_qos_[a-z_]*[[:space:]]*(' | tr -d ' \t(' | sort -u)
synopsis=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$M/scxkit_qos.3" |
	grep -o '\bscxkit_qos_[a-z_]*(' | tr -d '(' | sort -u)
[ -n "$declared" ] || fail "no function found in qos.h ($CC -E)"
same "scxkit_qos.3 SYNOPSIS: the $(echo "$declared" | wc -l) functions of qos.h" \
	"$declared" "$synopsis"
named=$(sed -n '/^\.SH NAME/,/^\.SH /p' "$M/scxkit_qos.3" |
	grep -o '\bscxkit_qos_[a-z_]*' | sort -u)
same "scxkit_qos.3 NAME: every function" "$declared" "$named"

# --- scxkit-policy(7) against scxkit.bpf.h --------------------------------

# What the header's top comment lists for policies (abbreviations such as
# "_front" after a full name are left out).
listed=$(sed -n '/What a policy can use/,/Names that start with/p' \
	"$ROOT/include/scxkit/scxkit.bpf.h" |
	grep -oE '(^|[ ,.])(scxkit|SCXKIT|struct scxkit)_[A-Za-z_]+|hooks\.[a-z_]+' |
	sed -E 's/^[ ,.]//; s/^struct //; s/^hooks\.//' | sort -u)
page=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$M/scxkit-policy.7")
unnamed=$(for n in $listed; do grep -qw -- "$n" <<<"$page" || echo "$n"; done)
if [ -z "$unnamed" ]; then
	ok "scxkit-policy.7 names the $(echo "$listed" | wc -l) names scxkit.bpf.h lists"
else
	fail "scxkit-policy.7 does not name: $(echo $unnamed)"
fi
finish
