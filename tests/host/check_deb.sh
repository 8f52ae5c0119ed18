#!/bin/bash
# make test-deb: builds the Debian packages from debian/ (dpkg-buildpackage,
# then lintian), installs them in a throwaway Debian 12 root made with
# debootstrap, uses them there as an operator and an author would (scxkit
# list, scxkit new, the policy built against libscxkit-dev, an application
# against libscxkit_qos), purges them and checks nothing of scxkit is
# left.  Never installs anything on the host.
#
# Needs root (debootstrap, chroot), the network (Debian's archive) and, on
# the host, debhelper, lintian and debootstrap (apt-get install them).  The
# prepared root (bookworm minbase with bookworm-backports, clang-19,
# libbpf-dev, make) is kept as a tarball in $CACHE/deb-root/, so only the
# first run waits for debootstrap.
#   CACHE=.cache VMLINUX_H=/path/to/vmlinux.h tests/host/check_deb.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${CACHE:=$ROOT/.cache}"
CACHE=$(mkdir -p "$CACHE" && cd "$CACHE" && pwd)
# The header the policies are compiled against: the package build's and
# the generated policy's (debian/README.source).
: "${VMLINUX_H:=$CACHE/kernel/vmlinux.h}"
MIRROR=${DEB_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
# What the root has before the packages go in: what building a policy
# and an application needs, and libbpf 1.4.6, as scripts/deps.sh installs
# on the host.  Change the list and the name changes with it, so a stale
# tarball is never used.
BASE_PKGS="ca-certificates make gcc libc6-dev binutils pkgconf clang-19"
BPO_PKGS="libbpf-dev bpftool"
BASE_TAR=$CACHE/deb-root/$SUITE-$(echo "$BASE_PKGS/$BPO_PKGS" | md5sum |
	cut -c1-8).tar
CHECK_NAME=deb
. "$ROOT/tests/host/check_lib.sh"

die() {
	echo "check_deb: $*" >&2
	exit 1
}
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
for t in dpkg-buildpackage dh lintian debootstrap unshare; do
	command -v "$t" >/dev/null ||
		die "$t not found: apt-get install debhelper lintian debootstrap"
done
[ -r "$VMLINUX_H" ] ||
	die "no vmlinux.h at $VMLINUX_H: run make deps, or set VMLINUX_H="

tmp=$(mktemp -d /tmp/scxkit-deb.XXXXXX) || exit 1
# Nothing is mounted under $tmp from here: the chroot's /proc lives in a
# mount namespace of its own and goes with it.
trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS
step() { echo "check_deb: $* ($((SECONDS - t0)) s)"; }

# --- build ---------------------------------------------------------------

# From the files git knows (committed or not), without build/ or .cache/:
# what a clean clone would build.
step "building the packages"
mkdir -p "$tmp/src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf -) | tar -xf - -C "$tmp/src" ||
	die "cannot copy the source tree"
if (cd "$tmp/src" && VMLINUX_H=$VMLINUX_H dpkg-buildpackage -us -uc -b \
	-j"$(nproc)") >"$tmp/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b"
else
	tail -n 20 "$tmp/build.log" >&2
	fail "dpkg-buildpackage -us -uc -b (log above)"
	finish
fi
debs=()
for p in scxkit libscxkit-qos0 libscxkit-dev; do
	debs+=("$(ls "$tmp"/${p}_*.deb)")
done
[ "${#debs[@]}" = 3 ] && ok "three packages built" || fail "packages built: ${debs[*]}"

# lintian exits non-zero on an error; warnings are printed, and
# debian/README.source argues the ones kept.
step "lintian"
lintian -I -E --pedantic "$tmp"/scxkit_*.changes >"$tmp/lintian.log" 2>&1
lrc=$?
sed 's/^/  lintian: /' "$tmp/lintian.log"
expect "lintian: no error" [ $lrc = 0 ]
expect "lintian: no warning" bash -c "! grep -q '^W: ' '$tmp/lintian.log'"

# --- the throwaway root --------------------------------------------------

if [ ! -f "$BASE_TAR" ]; then
	step "making $BASE_TAR (debootstrap $SUITE, once)"
	b=$tmp/base
	debootstrap --variant=minbase "$SUITE" "$b" "$MIRROR" \
		>"$tmp/debootstrap.log" 2>&1 ||
		die "debootstrap failed: $(tail -n3 "$tmp/debootstrap.log")"
	echo "deb $MIRROR $SUITE-backports main" \
		>"$b/etc/apt/sources.list.d/backports.list"
	unshare --mount --pid --fork --mount-proc="$b/proc" chroot "$b" \
		/bin/sh -ec "export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		apt-get install -y -q --no-install-recommends $BASE_PKGS
		apt-get install -y -q --no-install-recommends \
			-t $SUITE-backports $BPO_PKGS
		apt-get clean" >"$tmp/base.log" 2>&1 ||
		die "preparing the root failed: $(tail -n5 "$tmp/base.log")"
	mkdir -p "${BASE_TAR%/*}"
	tar -C "$b" -cf "$BASE_TAR.new" . && mv "$BASE_TAR.new" "$BASE_TAR" ||
		die "cannot write $BASE_TAR"
	rm -rf "$b"
fi
step "unpacking the root"
r=$tmp/root
mkdir "$r" && tar -C "$r" -xf "$BASE_TAR" || die "cannot unpack $BASE_TAR"
mkdir -p "$r/tmp/check"
cp "${debs[@]}" "$r/tmp/check/"
cp "$VMLINUX_H" "$r/tmp/check/vmlinux.h"

# Every path in the root but the ones apt and dpkg keep for themselves
# (their state, caches and logs) and the test's folder.
paths() {
	(cd "$r" && find . -xdev \( -path ./proc -o -path ./tmp -o \
		-path ./var/cache -o -path ./var/log -o -path ./var/lib/apt -o \
		-path ./var/lib/dpkg \) -prune -o -print | sort)
}
paths >"$tmp/before"

# --- inside --------------------------------------------------------------

cat >"$r/tmp/check/inside.sh" <<'EOF'
#!/bin/bash
# Run in the throwaway root: prints ok:/FAIL: lines.
set -u
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
cd /tmp/check
t() { # t NAME COMMAND...
	local n=$1
	shift
	if "$@" >>/tmp/check/inside.log 2>&1; then echo "ok: $n"; else echo "FAIL: $n"; fi
}
t "apt-get install the three packages" apt-get install -y -q \
	./scxkit_*.deb ./libscxkit-qos0_*.deb ./libscxkit-dev_*.deb
t "/etc/default/scxkit is a conffile" \
	sh -c "dpkg-query -W -f='\${Conffiles}' scxkit | grep -q '/etc/default/scxkit '"
t "scxkit.service installed" test -f /lib/systemd/system/scxkit.service
t "scxkit.service not enabled on install" \
	sh -c '! ls /etc/systemd/system/*.wants/scxkit.service 2>/dev/null'
t "scxkit list names fifo and shinjuku" \
	sh -c 'scxkit list >list.out && grep -qw fifo list.out && grep -qw shinjuku list.out'
t "scxkit --version" sh -c 'scxkit --version | grep -q "^scxkit 0"'
t "man scxkit(8) in place" test -f /usr/share/man/man8/scxkit.8.gz
t "scxkit new mysched" scxkit new mysched
t "mysched builds against libscxkit-dev" \
	make -C mysched VMLINUX_H=/tmp/check/vmlinux.h
t "mysched.bpf.o is a BPF object" \
	sh -c 'readelf -h mysched/mysched.bpf.o | grep -q "Linux BPF"'
cat >app.c <<'EOC'
#include <errno.h>
#include <stdio.h>
#include <scxkit/qos.h>

int main(void)
{
	struct scxkit_qos *q = scxkit_qos_open();

	/* No scheduler runs here: ENOENT is the answer that works. */
	if (!q)
		return errno == ENOENT ? 3 : 1;
	scxkit_qos_close(q);
	return 0;
}
EOC
t "application built with pkg-config scxkit-qos" \
	sh -c 'cc app.c $(pkg-config --cflags --libs scxkit-qos) -o app'
t "application linked to libscxkit_qos.so.0" \
	sh -c 'readelf -d app | grep -q "NEEDED.*libscxkit_qos.so.0"'
t "application runs (ENOENT: no scheduler)" sh -c './app; [ $? = 3 ]'
t "apt-get purge and autoremove" sh -c 'apt-get purge -y -q scxkit \
	libscxkit-qos0 libscxkit-dev && apt-get autoremove --purge -y -q'
t "no scxkit package left" \
	sh -c "! dpkg-query -W -f='\${db:Status-Abbrev}\n' scxkit \
		libscxkit-qos0 libscxkit-dev 2>/dev/null | grep -qv '^un'"
t "/etc/default/scxkit gone with purge" test ! -e /etc/default/scxkit
EOF
step "installing, using and purging in the root"
unshare --mount --pid --fork --mount-proc="$r/proc" \
	chroot "$r" /bin/bash /tmp/check/inside.sh >"$tmp/inside.out" 2>&1
while read -r line; do
	case $line in
	"ok: "*) ok "${line#ok: }" ;;
	"FAIL: "*) fail "${line#FAIL: }" ;;
	*) fail "inside: $line" ;;
	esac
done <"$tmp/inside.out"
if grep -q '^FAIL' "$tmp/inside.out"; then
	tail -n 30 "$r/tmp/check/inside.log" >&2
fi

# After purge and autoremove the root is as before: a file or folder
# added or gone is something the packages left or took.
paths >"$tmp/after"
if diff "$tmp/before" "$tmp/after" >"$tmp/paths.diff"; then
	ok "the purge leaves the root as it was"
else
	sed 's/^/  /' "$tmp/paths.diff" >&2
	fail "the purge leaves the root as it was (diff above)"
fi
left=$(cd "$r" && find . -xdev -path ./tmp -prune -o -path ./proc -prune \
	-o -iname '*scxkit*' -print)
expect "no file named scxkit left (${left//$'\n'/ })" [ -z "$left" ]
step "done"
finish
