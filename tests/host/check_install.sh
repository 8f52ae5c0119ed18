#!/bin/bash
# make install and make uninstall, into a temporary DESTDIR with a PREFIX
# of its own (mk/install.mk, docs/install.md).  Checks what lands where,
# the shared library's soname and exports, the pkg-config files, an
# application built outside the tree against the installed header and
# library (shared and static), a policy compiled against the installed
# headers, and that uninstall removes exactly what install put there.
# Needs the launcher built (make); builds the libraries itself if need be.
#   CC=... CLANG=... tests/host/check_install.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CC:=cc}" "${CLANG:=clang-19}"
PREFIX=/opt/scxkit-check
tmp=$(mktemp -d /tmp/scxkit-install.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
D=$tmp/dest
P=$D$PREFIX
CHECK_NAME=install
. "$ROOT/tests/host/check_lib.sh"
# grep -q in a pipe would fail it by SIGPIPE (pipefail): grep a string.
has() { # has TEXT PATTERN: PATTERN (a regex) in " TEXT "
	grep -q -- "$2" <<<" $1 "
}
files_in() { # every file and link under $1, relative, sorted
	(cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort)
}
mk() { # mk TARGET: make TARGET into the DESTDIR, quietly
	make -C "$ROOT" --no-print-directory "$1" DESTDIR="$D" \
		PREFIX="$PREFIX" >"$tmp/make-$1.log" 2>&1
}

# Files that are not scxkit's: uninstall must leave them.
others="bin/other include/other.h lib/libother.so.1 lib/pkgconfig/other.pc
	etc/default/other lib/systemd/system/other.service"
for f in $others; do
	mkdir -p "$(dirname "$P/$f")" && echo other >"$P/$f"
done

# --- install -------------------------------------------------------------

if ! mk install; then
	fail "make install DESTDIR=$D PREFIX=$PREFIX:"
	fails+=("$(tail -5 "$tmp/make-install.log")")
	finish
fi
ok "make install DESTDIR=... PREFIX=$PREFIX"
oks+=("installed:" "$(files_in "$D" | sed 's/^/  /')")

expect "nothing outside DESTDIR\$PREFIX" \
	test -z "$(cd "$D" && find . -mindepth 1 -path "./${PREFIX#/}" -prune -o \
		-not -path "./opt" -print)"
launcher() { [ -x "$P/bin/scxkit" ] && cmp -s "$ROOT/build/scxkit" "$P/bin/scxkit"; }
expect "the launcher in bin, executable, the one built" launcher
headers() {
	[ "$(cd "$ROOT/include" && find scxkit -type f -name '*.h' | sort)" = \
		"$(cd "$P/include" && find scxkit -type f | sort)" ] &&
		diff -r "$ROOT/include/scxkit" "$P/include/scxkit" >/dev/null
}
expect "every header of include/scxkit/ in include/scxkit/, the same" headers
expect "the static library" cmp -s "$ROOT/build/libscxkit_qos.a" "$P/lib/libscxkit_qos.a"

# --- the shared library --------------------------------------------------

real=$(cd "$P/lib" && ls libscxkit_qos.so.*.* 2>/dev/null)
major=${real#libscxkit_qos.so.}
major=${major%%.*}
one_real() { [ "$(echo "$real" | wc -w)" = 1 ] && [ -f "$P/lib/$real" ] &&
	[ ! -L "$P/lib/$real" ]; }
expect "one real libscxkit_qos.so.MAJOR.MINOR ($real)" one_real
soname=$(readelf -d "$P/lib/$real" 2>/dev/null |
	sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
expect "soname $soname is libscxkit_qos.so.$major" \
	test "$soname" = "libscxkit_qos.so.$major"
expect "link $soname -> $real" \
	test "$(readlink "$P/lib/libscxkit_qos.so.$major")" = "$real"
expect "link libscxkit_qos.so -> $soname" \
	test "$(readlink "$P/lib/libscxkit_qos.so")" = "$soname"
# The functions <scxkit/qos.h> declares (comments gone), and what the
# library exports (less the version node, an absolute symbol).
declared=$("$CC" -E -P -x c -I"$P/include" "$P/include/scxkit/qos.h" |
	grep -o '\bscxkit_qos_[a-z_]*[[:space:]]*(' | tr -d ' \t(' | sort -u)
exports=$(nm -D --defined-only --format=posix "$P/lib/$real" |
	awk '$2 != "A" { print $1 }')
exported=$(echo "$exports" | sed 's/@.*//' | sort -u)
expect "exports exactly qos.h's $(echo "$declared" | wc -l) functions: $(echo $exported)" \
	test -n "$declared" -a "$declared" = "$exported"
expect "every export is versioned SCXKIT_QOS_*" \
	test -z "$(echo "$exports" | grep -v '@@SCXKIT_QOS_[0-9.]*$')"

# --- pkg-config ----------------------------------------------------------

pc() { PKG_CONFIG_PATH="$P/lib/pkgconfig" pkg-config "$@"; }
pc_prefix() {
	[ "$(pc --variable=libdir scxkit-qos)" = "$PREFIX/lib" ] &&
		[ "$(pc --variable=includedir scxkit-policy)" = "$PREFIX/include" ] &&
		! grep -rq "$D" "$P/lib/pkgconfig"
}
expect "the .pc files carry PREFIX, not DESTDIR" pc_prefix
qos_flags=$(PKG_CONFIG_SYSROOT_DIR=$D pc --cflags --libs scxkit-qos 2>&1)
qos_flags_ok() {
	has "$qos_flags" " -I$P/include " && has "$qos_flags" " -L$P/lib " &&
		has "$qos_flags" " -lscxkit_qos "
}
expect "pkg-config --cflags --libs scxkit-qos (sysroot DESTDIR): $qos_flags" \
	qos_flags_ok
bpf_flags=$(pc --define-prefix --variable=bpf_cflags scxkit-policy 2>&1)
expect "pkg-config --variable=bpf_cflags scxkit-policy (--define-prefix): $bpf_flags" \
	has "$bpf_flags" " -target bpf .* -I$P/include "

# --- an application, built outside the tree ------------------------------

app=$tmp/app
mkdir "$app"
cat >"$app/app.c" <<'EOF'
/* An application of libscxkit_qos, built by tests/host/check_install.sh. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <scxkit/qos.h>

int main(void)
{
	struct scxkit_qos *q = scxkit_qos_open();

	if (!q) {
		printf("scxkit_qos_open: %s%s\n", strerror(errno),
		       errno == ENOENT ? " (ENOENT)" : "");
		return errno == ENOENT ? 3 : 1;
	}
	printf("opened %s: shared %d, direct %d\n", SCXKIT_QOS_SOCKET,
	       scxkit_qos_is_shared(q), scxkit_qos_is_direct(q));
	scxkit_qos_close(q);
	return 0;
}
EOF
cd "$app" || finish
# Without a scheduler (none on a host without sched_ext) open says ENOENT.
want_rc=3
if [ -e /run/scxkit/qos.sock ] || [ -e /sys/fs/bpf/scxkit/qos ]; then
	want_rc=0
fi
run_app() { # run_app NAME BINARY
	local out rc
	out=$(LD_LIBRARY_PATH=$P/lib "./$2" 2>&1)
	rc=$?
	if [ "$rc" = "$want_rc" ] || { [ "$want_rc" = 0 ] && [ "$rc" = 3 ]; }; then
		ok "$1 runs: exit $rc, $out"
	else
		fail "$1 runs: exit $rc (want $want_rc), $out"
	fi
}
if out=$(PKG_CONFIG_SYSROOT_DIR=$D pc --cflags --libs scxkit-qos |
	xargs "$CC" -Wall -Wextra -Werror app.c -o app 2>&1); then
	ok "cc app.c \$(pkg-config --cflags --libs scxkit-qos)"
	needs() { has "$(readelf -d app)" "NEEDED.*\[$soname\]"; }
	expect "the application needs $soname" needs
	finds() { has "$(LD_LIBRARY_PATH=$P/lib ldd ./app)" "$soname => $P/lib/$soname"; }
	expect "the loader finds $soname in DESTDIR" finds
	run_app "the application" app
else
	fail "cc app.c \$(pkg-config --cflags --libs scxkit-qos): $out"
fi
static_libs=$(PKG_CONFIG_SYSROOT_DIR=$D pc --static --libs scxkit-qos |
	sed 's/-lscxkit_qos /-l:libscxkit_qos.a /')
if out=$("$CC" -Wall -Wextra -Werror $(PKG_CONFIG_SYSROOT_DIR=$D pc --cflags scxkit-qos) \
	app.c -o app-static $static_libs 2>&1); then
	ok "cc app.c with libscxkit_qos.a and pkg-config --static --libs"
	no_needs() { ! has "$(readelf -d app-static)" libscxkit_qos; }
	expect "the static application does not need $soname" no_needs
	run_app "the static application" app-static
else
	fail "cc app.c with libscxkit_qos.a: $out"
fi

# --- a policy, built outside the tree ------------------------------------

vmlinux=$ROOT/build/obj/include/vmlinux.h
if command -v "$CLANG" >/dev/null && [ -f "$vmlinux" ]; then
	mkdir -p "$app/vmlinux"
	cp "$vmlinux" "$app/vmlinux/"
	cp "$ROOT/policies/fifo/fifo.bpf.c" "$app/"
	if out=$("$CLANG" $bpf_flags -isystem "$app/vmlinux" -c fifo.bpf.c \
		-o fifo.bpf.o 2>&1); then
		ok "fifo.bpf.c compiles with bpf_cflags and the installed headers"
		sections() {
			local s
			s=$(readelf -S fifo.bpf.o)
			has "$s" '\.scxkit\.policy' && has "$s" '\.struct_ops'
		}
		expect "its object has the scxkit metadata and struct_ops" sections
	else
		fail "fifo.bpf.c with bpf_cflags: $(echo "$out" | head -3)"
	fi
else
	oks+=("skip: policy build (no $CLANG or no $vmlinux)")
fi
cd "$ROOT" || finish

# --- the settings file's folder ------------------------------------------

# PREFIX=/usr has no /usr/etc: its settings go to /etc (the file's own
# header and the service say /etc/default/scxkit); SYSCONFDIR= moves them.
sys_install() { # sys_install DESTDIR VAR=VALUE...: make install into DESTDIR
	local dest=$1
	shift
	make -C "$ROOT" --no-print-directory install DESTDIR="$dest" "$@" \
		>"$tmp/make-sys.log" 2>&1
}
if sys_install "$tmp/usr" PREFIX=/usr; then
	expect "PREFIX=/usr: the settings in /etc/default/scxkit" \
		cmp -s "$ROOT/packaging/scxkit.default" "$tmp/usr/etc/default/scxkit"
	expect "PREFIX=/usr: no /usr/etc" test ! -e "$tmp/usr/usr/etc"
	expect "PREFIX=/usr: the service reads /etc/default/scxkit" \
		grep -qx 'EnvironmentFile=-/etc/default/scxkit' \
		"$tmp/usr/usr/lib/systemd/system/scxkit.service"
else
	fail "make install PREFIX=/usr: $(tail -3 "$tmp/make-sys.log")"
fi
expect "PREFIX=$PREFIX: the settings in $PREFIX/etc/default/scxkit" \
	test -f "$P/etc/default/scxkit"
# uninstall keeps a settings file the admin edited (and says so), and
# removes the folders install made once they are empty.
sys_uninstall() { # sys_uninstall DESTDIR VAR=VALUE...: its output
	local dest=$1
	shift
	make -C "$ROOT" --no-print-directory uninstall DESTDIR="$dest" "$@" 2>&1
}
left_in() { # every file and folder under $1, relative, on one line
	(cd "$1" && find . -mindepth 1 | sed 's|^\./||' | sort | paste -sd' ')
}
if [ -f "$tmp/usr/etc/default/scxkit" ]; then
	echo 'ARGS="--quiet --partial"' >>"$tmp/usr/etc/default/scxkit"
	out=$(sys_uninstall "$tmp/usr" PREFIX=/usr)
	expect "uninstall kept the edited settings file and said so: $(grep -m1 kept <<<"$out")" \
		has "$out" "kept $tmp/usr/etc/default/scxkit"
	expect "uninstall removed the folders install made: left $(left_in "$tmp/usr")" \
		test "$(left_in "$tmp/usr")" = "etc etc/default etc/default/scxkit"
fi
if sys_install "$tmp/fresh" PREFIX=/usr/local; then
	sys_uninstall "$tmp/fresh" PREFIX=/usr/local >"$tmp/make-sys.log"
	expect "install then uninstall into an empty DESTDIR leaves it empty: $(left_in "$tmp/fresh")" \
		test -z "$(left_in "$tmp/fresh")"
else
	fail "make install PREFIX=/usr/local: $(tail -3 "$tmp/make-sys.log")"
fi
if sys_install "$tmp/conf" PREFIX=/usr SYSCONFDIR=/srv/conf; then
	expect "SYSCONFDIR=/srv/conf: the settings in /srv/conf/default/scxkit" \
		test -f "$tmp/conf/srv/conf/default/scxkit" -a ! -e "$tmp/conf/etc"
else
	fail "make install SYSCONFDIR=/srv/conf: $(tail -3 "$tmp/make-sys.log")"
fi

# --- uninstall -----------------------------------------------------------

if mk uninstall; then
	ok "make uninstall DESTDIR=... PREFIX=$PREFIX"
else
	fail "make uninstall: $(tail -3 "$tmp/make-uninstall.log")"
fi
left=$(files_in "$P" | tr '\n' ' ')
expect "uninstall left exactly the other files: $left" \
	test "$left" = "$(echo $others | tr ' ' '\n' | sort | tr '\n' ' ')"
expect "uninstall removed include/scxkit/" test ! -e "$P/include/scxkit"
expect "uninstall kept the folders that are not scxkit's" \
	test -d "$P/bin" -a -d "$P/lib/pkgconfig" -a -d "$P/include" \
	-a -d "$P/etc/default" -a -d "$P/lib/systemd/system"
expect "uninstall again: nothing to do, no error" mk uninstall
# A file of the user's among the headers keeps its folder.
mk install && echo mine >"$P/include/scxkit/mine.h" && mk uninstall
expect "uninstall kept a file of the user's in include/scxkit/" \
	test "$(files_in "$P/include")" = "$(printf 'other.h\nscxkit/mine.h')"
finish
