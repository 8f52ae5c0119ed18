#!/bin/bash
# Installs what scxkit needs on Debian 12 and fetches the sched_ext kernel.
#
# Idempotent: when everything is present it prints nothing and exits 0.
# The kernel for the VM comes from trixie-backports (Debian's 6.12 kernels
# lack CONFIG_SCHED_CLASS_EXT); its version is resolved at run time because
# the archive moves.  Usage: scripts/deps.sh [--check]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${SCXKIT_CACHE:-$ROOT/.cache}
KDIR=$CACHE/kernel
# The second kernel (issue 16: policies built once must load on two
# kernels): the oldest sched_ext kernel trixie-backports ships, the one
# that differs most from the current.  SCXKIT_OLD_KERNEL=VERSION picks
# another; SCXKIT_OLD_KERNEL=none skips it (make test then fails loudly).
OLD_KDIR=$CACHE/kernel-old

PKGS=(make gcc pkg-config clang-19 llvm-19 libelf-dev zlib1g-dev libzstd-dev
      libncurses-dev busybox-static cpio stress-ng rt-tests
      util-linux procps tmux file librocksdb-dev gnuplot-nox
      libclang-rt-19-dev libjansson-dev man-db groff-base systemd
      clang-format redis-tools)
# redis-tools holds the Redis server make bench-apps runs (redis-check-rdb,
# which Debian's redis-server links to) and redis-benchmark; it starts no
# service, unlike the package redis-server, which is not installed.
# promtool, Prometheus' own check of `scxkit stats --openmetrics`
# (tests/host/check_openmetrics.sh), ships only in the package prometheus.
# Installing that would also start a Prometheus server where systemd
# runs, so only promtool (a static binary) is taken from the package,
# into the cache.
PROMTOOL=$CACHE/bin/promtool
# QEMU 10 (bookworm-backports): bookworm's 7.2 livelocked the guest in
# icount (virtual clock) mode, the test bed's default (docs/vm.md).
BACKPORTS_PKGS=(libbpf-dev bpftool qemu-system-x86)

die() { echo "scxkit deps: $*" >&2; exit 1; }
say() { echo "scxkit deps: $*" >&2; }

missing_pkgs() {
	local p
	for p in "${PKGS[@]}" "${BACKPORTS_PKGS[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
	# bookworm's own libbpf 1.1 is too old for sched_ext struct_ops.
	if dpkg --compare-versions \
		"$(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null || echo 0)" \
		lt 1:1.4; then
		echo libbpf-dev
	fi
	if dpkg --compare-versions \
		"$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || echo 0)" \
		lt 1:10; then
		echo qemu-system-x86
	fi
}

kernel_ready() {
	[ -s "$KDIR/vmlinuz" ] && [ -s "$KDIR/config" ] && [ -s "$KDIR/vmlinux.h" ]
}

old_kernel_ready() {
	[ "${SCXKIT_OLD_KERNEL:-}" = none ] ||
		{ [ -s "$OLD_KDIR/vmlinuz" ] && [ -s "$OLD_KDIR/version" ]; }
}

host_has_sched_ext() { [ -d /sys/kernel/sched_ext ]; }

promtool_ready() { [ -x "$PROMTOOL" ]; }

fetch_promtool() {
	local tmp
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	say "fetching promtool (package prometheus, not installed)"
	if (cd "$tmp" && apt-get download -q prometheus >"$tmp/download.log" 2>&1) &&
		dpkg-deb --fsys-tarfile "$tmp"/prometheus_*.deb |
		tar -x -C "$tmp" ./usr/bin/promtool &&
		"$tmp/usr/bin/promtool" --version >/dev/null 2>&1; then
		mkdir -p "$(dirname "$PROMTOOL")"
		cp "$tmp/usr/bin/promtool" "$PROMTOOL"
		rm -rf "$tmp"
		return 0
	fi
	local why
	why=$(tail -n1 "$tmp/download.log" 2>/dev/null)
	rm -rf "$tmp"
	die "cannot fetch promtool from the package prometheus: $why"
}

# fetch_old_kernel - the oldest trixie-backports kernel with sched_ext into
# $OLD_KDIR.  The archive moves: candidates are resolved here, oldest
# first, and the first whose config has CONFIG_SCHED_CLASS_EXT wins.
fetch_old_kernel() {
	local cur cands pkg ver tmp tries=0
	cur=$(cat "$KDIR/version")
	if [ -n "${SCXKIT_OLD_KERNEL:-}" ]; then
		cands=linux-image-$SCXKIT_OLD_KERNEL
	else
		cands=$(apt-cache pkgnames linux-image- |
			grep -E '^linux-image-[0-9][^-]*\+deb13-amd64$' | sort -V)
	fi
	for pkg in $cands; do
		ver=${pkg#linux-image-}
		[ "$ver" = "$cur" ] && break # reached the current kernel
		tries=$((tries + 1))
		[ "$tries" -le 3 ] || break
		tmp=$(mktemp -d)
		chmod 755 "$tmp"
		say "fetching second kernel candidate $ver"
		if (cd "$tmp" && apt-get download -q "$pkg/trixie-backports" \
			>"$tmp/download.log" 2>&1) &&
			dpkg-deb --fsys-tarfile "$tmp"/*.deb |
			tar -x -C "$tmp" --wildcards './boot/*' &&
			grep -q '^CONFIG_SCHED_CLASS_EXT=y' "$tmp/boot/config-$ver" &&
			[ -s "$tmp/boot/vmlinuz-$ver" ]; then
			mkdir -p "$OLD_KDIR"
			cp "$tmp/boot/vmlinuz-$ver" "$OLD_KDIR/vmlinuz"
			cp "$tmp/boot/config-$ver" "$OLD_KDIR/config"
			echo "$ver" >"$OLD_KDIR/version"
			rm -rf "$tmp"
			say "second kernel $ver cached in $OLD_KDIR"
			return 0
		fi
		say "kernel $ver: not usable ($(tail -n1 "$tmp/download.log" 2>/dev/null))"
		rm -rf "$tmp"
	done
	die "no second sched_ext kernel found in trixie-backports (tried: ${cands:-none}); set SCXKIT_OLD_KERNEL=VERSION or =none"
}

need=$(missing_pkgs | sort -u | tr '\n' ' ')
if [ -z "$need" ] && kernel_ready && old_kernel_ready && promtool_ready; then
	exit 0
fi
[ "${1:-}" = --check ] && { say "missing: ${need:-kernel cache or promtool}"; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root to install packages (missing: ${need:-kernel cache}); try: sudo make deps"
command -v apt-get >/dev/null || die "apt-get not found: scxkit's setup supports Debian 12 only"

APT_OPTS=(-y -q -o Dpkg::Use-Pty=0 -o APT::Install-Recommends=false)
export DEBIAN_FRONTEND=noninteractive

# Backports suites, pinned low so nothing is upgraded from them by accident.
SRC=/etc/apt/sources.list.d/scxkit-backports.sources
if [ ! -f "$SRC" ]; then
	say "adding bookworm-backports and trixie-backports (pinned to 100)"
	cat >"$SRC" <<'EOS'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOS
	cat >/etc/apt/preferences.d/scxkit-backports <<'EOS'
Package: *
Pin: release n=bookworm-backports
Pin-Priority: 100

Package: *
Pin: release n=trixie-backports
Pin-Priority: 100
EOS
	rm -f "$CACHE/.apt-updated"
fi

mkdir -p "$CACHE"
if [ ! -f "$CACHE/.apt-updated" ] || [ -n "$need" ]; then
	say "apt-get update"
	apt-get update -q -o Dpkg::Use-Pty=0 >"$CACHE/apt-update.log" 2>&1 ||
		die "apt-get update failed (see $CACHE/apt-update.log)"
	touch "$CACHE/.apt-updated"
fi

if [ -n "$need" ]; then
	say "installing: $need"
	apt-get install "${APT_OPTS[@]}" "${PKGS[@]}" >"$CACHE/apt-install.log" 2>&1 ||
		die "apt-get install failed (see $CACHE/apt-install.log)"
	apt-get install "${APT_OPTS[@]}" -t bookworm-backports \
		"${BACKPORTS_PKGS[@]}" >>"$CACHE/apt-install.log" 2>&1 ||
		die "apt-get install from bookworm-backports failed (see $CACHE/apt-install.log)"
fi

if ! kernel_ready; then
	# linux-image-amd64 (trixie-backports) -> linux-image-<ver> ->
	# linux-binary-<ver> holds vmlinuz; linux-base-<ver> holds the config.
	meta_dep=$(apt-cache show -o APT::Cache::AllVersions=0 \
		linux-image-amd64/trixie-backports 2>/dev/null |
		sed -n 's/^Depends: .*\(linux-image-[0-9][^ ,]*-amd64\).*/\1/p' |
		head -n1)
	[ -n "$meta_dep" ] || die "cannot resolve the trixie-backports kernel (apt-cache show linux-image-amd64/trixie-backports)"
	ver=${meta_dep#linux-image-}
	say "fetching sched_ext kernel $ver"
	tmp=$(mktemp -d)
	chmod 755 "$tmp" # apt-get download drops to _apt when it can
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download -q "linux-binary-$ver/trixie-backports" \
		"linux-base-$ver/trixie-backports" \
		"linux-bpf-dev/trixie-backports" >"$tmp/download.log" 2>&1) ||
		die "apt-get download of the kernel $ver failed: $(tail -n3 "$tmp/download.log")"
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$tmp/x"
	done
	mkdir -p "$KDIR"
	vmlinuz=$(find "$tmp/x" -path "*/$ver/vmlinuz" -o -name "vmlinuz-$ver" | head -n1)
	config=$(find "$tmp/x" -path "*/$ver/config" -o -name "config-$ver" | head -n1)
	vmlinux_h=$(find "$tmp/x" -name vmlinux.h -path '*x86_64*' | head -n1)
	[ -n "$vmlinuz" ] && [ -n "$config" ] && [ -n "$vmlinux_h" ] ||
		die "kernel packages for $ver lack vmlinuz, config or vmlinux.h"
	grep -q '^CONFIG_SCHED_CLASS_EXT=y' "$config" ||
		die "kernel $ver has no CONFIG_SCHED_CLASS_EXT"
	cp "$vmlinuz" "$KDIR/vmlinuz.new" && mv "$KDIR/vmlinuz.new" "$KDIR/vmlinuz"
	cp "$config" "$KDIR/config"
	cp "$vmlinux_h" "$KDIR/vmlinux.h"
	echo "$ver" >"$KDIR/version"
	say "kernel $ver cached in $KDIR"
fi

old_kernel_ready || fetch_old_kernel
promtool_ready || fetch_promtool
