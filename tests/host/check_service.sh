#!/bin/bash
# The systemd service (packaging/scxkit.service.in, installed by
# mk/install.mk with packaging/scxkit.default as its settings file):
# installed into a temporary DESTDIR it names the install's folders, not
# the DESTDIR's; its key settings are the ones docs/install.md describes;
# the settings file's POLICY and ARGS, and the other ARGS it suggests, are
# a command line the launcher takes; installing again keeps an edited
# settings file, and so does uninstall (it removes the unit).  systemd-analyze verify must
# print nothing for the unit as installed with a PREFIX that exists here
# (it checks that ExecStart's program and the man page of Documentation=
# are there).  Needs the launcher built (make).
#   tests/host/check_service.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$ROOT/build/scxkit
PREFIX=/opt/scxkit-check
tmp=$(mktemp -d /tmp/scxkit-service.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
D=$tmp/dest
P=$D$PREFIX
UNIT=$P/lib/systemd/system/scxkit.service
CONF=$P/etc/default/scxkit
CHECK_NAME=service
. "$ROOT/tests/host/check_lib.sh"
mk() { # mk LOG TARGET VAR=VALUE...: make TARGET quietly, output in LOG
	local log=$tmp/$1
	shift
	make -C "$ROOT" --no-print-directory "$@" >"$log" 2>&1
}
# setting FILE SECTION KEY: KEY's last value in [SECTION] (the one systemd
# uses, but for Exec* lines, which add up), or nothing
setting() {
	awk -v sec="[$2]" -v key="$3" '
		/^[[:space:]]*[#;]/ { next }
		/^\[/ { in_sec = ($0 == sec); next }
		in_sec && index($0, key "=") == 1 {
			v = substr($0, length(key) + 2)
			found = 1
		}
		END { if (found) print v }' "$1"
}
# a value of an environment file, quotes taken off (as systemd does)
env_value() { # env_value FILE VAR
	sed -n "s/^$2=//p" "$1" | tail -1 | sed 's/^"\(.*\)"$/\1/'
}

[ -x "$S" ] || { fail "no launcher at $S (make)"; finish; }

# --- install into a DESTDIR ----------------------------------------------

if ! mk install.log install DESTDIR="$D" PREFIX="$PREFIX"; then
	fail "make install DESTDIR=$D PREFIX=$PREFIX:
$(tail -3 "$tmp/install.log")"
	finish
fi
ok "make install DESTDIR=... PREFIX=$PREFIX"
expect "the unit in \$PREFIX/lib/systemd/system/" test -f "$UNIT"
expect "the settings in \$PREFIX/etc/default/scxkit, packaging/scxkit.default" \
	cmp -s "$ROOT/packaging/scxkit.default" "$CONF"
[ -f "$UNIT" ] || finish
expect "the unit names PREFIX, not DESTDIR, and no @placeholder@ is left" \
	test -z "$(grep -n -e "$D" -e '@[a-z]*@' "$UNIT")"

# --- the unit's settings --------------------------------------------------

want() { # want SECTION KEY VALUE: the unit sets KEY to exactly VALUE
	local got
	got=$(setting "$UNIT" "$1" "$2")
	if [ "$got" = "$3" ]; then
		ok "[$1] $2=$3"
	else
		fail "[$1] $2=${got:-(not set)}, want $3"
	fi
}
want Unit Documentation "man:scxkit(8)"
want Service ExecStart "$PREFIX/bin/scxkit run \$POLICY \$ARGS --qos-rules=\${QOS_RULES}"
want Service EnvironmentFile "-$PREFIX/etc/default/scxkit"
want Service Restart on-failure
want Service RestartPreventExitStatus 2
want Service KillSignal SIGINT
want Install WantedBy multi-user.target
# The backoff: a fixed delay, and a limit that can be reached within it.
sec=$(setting "$UNIT" Service RestartSec)
interval=$(setting "$UNIT" Unit StartLimitIntervalSec)
burst=$(setting "$UNIT" Unit StartLimitBurst)
backoff() {
	[[ "${sec%s}" =~ ^[0-9]+$ && "$interval" =~ ^[0-9]+$ &&
		"$burst" =~ ^[0-9]+$ ]] && [ "${sec%s}" -gt 0 ] &&
		[ $((${sec%s} * burst)) -lt "$interval" ]
}
expect "backoff: RestartSec=$sec, at most $burst starts in ${interval}s" backoff
stop_post=$(setting "$UNIT" Service ExecStopPost)
expect "ExecStopPost prints /run/scxkit/last-exit.json" \
	test -n "$(grep -F 'cat /run/scxkit/last-exit.json' <<<"$stop_post")"

# --- the settings file ----------------------------------------------------

# --help parses the whole command line first: a policy or option the
# launcher does not know makes it exit 2, as the service would.
takes() { # takes NAME POLICY ARGS: scxkit run POLICY ARGS would start
	local out
	# shellcheck disable=SC2086 # ARGS splits at blanks, as in ExecStart
	if out=$("$S" run $2 $3 --help 2>&1); then
		ok "$1"
	else
		fail "$1: $(echo "$out" | head -1)"
	fi
}
policy=$(env_value "$CONF" POLICY)
args=$(env_value "$CONF" ARGS)
rules=$(env_value "$CONF" QOS_RULES)
takes "the settings: scxkit run $policy $args --qos-rules=$rules" "$policy" \
	"$args --qos-rules=$rules"
while read -r example; do
	takes "the example ARGS=\"$example\"" "$policy" "$example"
done < <(sed -n 's/^#[[:space:]]*ARGS="\(.*\)".*/\1/p' "$CONF")

# --- installing again, uninstall ------------------------------------------

echo "POLICY=fifo" >>"$CONF"
mk install2.log install DESTDIR="$D" PREFIX="$PREFIX"
expect "installing again keeps an edited settings file" \
	test "$(tail -1 "$CONF")" = "POLICY=fifo"
if mk uninstall.log uninstall DESTDIR="$D" PREFIX="$PREFIX"; then
	ok "make uninstall"
else
	fail "make uninstall: $(tail -3 "$tmp/uninstall.log")"
fi
expect "uninstall removed the unit and kept the edited settings" \
	test ! -e "$UNIT" -a "$(tail -1 "$CONF")" = "POLICY=fifo"

# --- the folders of a package ---------------------------------------------

# Debian's packages put units in /lib/systemd/system.
mk package.log install DESTDIR="$tmp/pkg" PREFIX=/usr SYSCONFDIR=/etc \
	SYSTEMDUNITDIR=/lib/systemd/system
pkg_unit=$tmp/pkg/lib/systemd/system/scxkit.service
package() {
	[ -f "$tmp/pkg/etc/default/scxkit" ] && [ -f "$pkg_unit" ] &&
		[ "$(setting "$pkg_unit" Service ExecStart)" = \
			"/usr/bin/scxkit run \$POLICY \$ARGS --qos-rules=\${QOS_RULES}" ] &&
		[ "$(setting "$pkg_unit" Service EnvironmentFile)" = \
			"-/etc/default/scxkit" ]
}
expect "PREFIX=/usr SYSCONFDIR=/etc SYSTEMDUNITDIR=/lib/systemd/system" package

# --- systemd-analyze verify -----------------------------------------------

# verify checks that ExecStart's program exists, on this machine: in a
# DESTDIR it does not, and --root=DESTDIR looks for everything there
# (/bin/sh, sysinit.target).  So this install has a PREFIX that exists,
# and MANPATH finds its man page for Documentation=.
if command -v systemd-analyze >/dev/null; then
	R=$tmp/prefix
	if mk real.log install PREFIX="$R" LDCONFIG=true; then
		out=$(MANPATH=$R/share/man systemd-analyze verify \
			"$R/lib/systemd/system/scxkit.service" 2>&1)
		rc=$?
		if [ "$rc" = 0 ] && [ -z "$out" ]; then
			ok "systemd-analyze verify: no output"
		else
			fail "systemd-analyze verify: exit $rc, printed:
$(echo "$out" | head -3)"
		fi
	else
		fail "make install PREFIX=$R: $(tail -3 "$tmp/real.log")"
	fi
else
	fail "systemd-analyze is missing (make deps installs the package systemd)"
fi
finish
