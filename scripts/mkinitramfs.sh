#!/bin/bash
# Writes the test VM's initramfs (newc cpio): busybox, scripts/vm/init, the
# tools in scripts/vm/guest-tools.txt, the project's build/, tests/ and
# bench/, the .bpf.o files the command names, and the command to run.
# Every ELF copied in brings its shared libraries, found with ldd.
#
#   scripts/mkinitramfs.sh OUT.cpio BUILD_DIR CMD INTERACTIVE(0|1)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
out=$1 build=$2 cmd=$3 interactive=${4:-0}

stage=$(mktemp -d /tmp/scxkit-initramfs.XXXXXX)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,etc,proc,sys,dev,tmp,root,scxkit}

cp /bin/busybox "$stage/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done
install -m 755 "$ROOT/scripts/vm/init" "$stage/init"

declare -A copied=()
copy_with_libs() { # copy_with_libs FILE DEST
	local f=$1 dest=$2 lib
	mkdir -p "$(dirname "$stage$dest")"
	cp -L "$f" "$stage$dest"
	file -L "$f" | grep -q 'ELF.*dynamically linked' || return 0
	for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -n "${copied[$lib]:-}" ] && continue
		copied[$lib]=1
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

while read -r tool; do
	case "$tool" in '' | '#'*) continue ;; esac
	if [ -x "$tool" ]; then
		copy_with_libs "$tool" "$tool"
	else
		echo "mkinitramfs: warning: $tool not found, skipped" >&2
	fi
done <"$ROOT/scripts/vm/guest-tools.txt"

# Terminal descriptions for the dashboard and tmux.
for t in l/linux v/vt100 v/vt220 x/xterm x/xterm-256color s/screen \
	s/screen-256color t/tmux t/tmux-256color d/dumb; do
	for dir in /lib/terminfo /usr/share/terminfo; do
		if [ -f "$dir/$t" ]; then
			mkdir -p "$stage/usr/share/terminfo/${t%%/*}"
			cp "$dir/$t" "$stage/usr/share/terminfo/$t"
			break
		fi
	done
done

# tmux refuses to start without a UTF-8 locale; glibc's C.UTF-8 will do.
if [ -d /usr/lib/locale/C.utf8 ]; then
	mkdir -p "$stage/usr/lib/locale"
	cp -a /usr/lib/locale/C.utf8 "$stage/usr/lib/locale/"
fi

# The project: build/ (binaries, BPF objects) and tests/ (scripts).
if [ -d "$build" ]; then
	mkdir -p "$stage/scxkit/build"
	cp -a "$build/." "$stage/scxkit/build/"
	# Only what runs in the guest: not the host's unit tests and
	# fuzzers (ASan builds, 80 MB that the guest would unpack at boot),
	# objects, logs or results.
	rm -rf "$stage/scxkit/build/vm" "$stage/scxkit/build/bench" \
		"$stage/scxkit/build/asan" "$stage/scxkit/build/obj" \
		"$stage/scxkit/build/unit" "$stage/scxkit/build/fuzz"
	rm -f "$stage/scxkit/build/"*.log "$stage/scxkit/build/"*.json \
		"$stage/scxkit/build/"*-results
	while IFS= read -r -d '' f; do
		copy_with_libs "$f" "${f#"$stage"}.tmp" 2>/dev/null || true
		rm -f "$stage${f#"$stage"}.tmp"
	done < <(find "$stage/scxkit/build" -type f -perm -u+x -print0)
fi
# The scripts the guest runs: the tests and the benchmark drivers.
cp -a "$ROOT/tests" "$stage/scxkit/tests"
cp -a "$ROOT/bench" "$stage/scxkit/bench"

# Policy objects CMD names (scxkit run ./mine.bpf.o): each at the path
# CMD gives it in the guest, whose working folder is /scxkit; a relative
# one is found from this script's working folder (make vm: the tree).
for obj in $(grep -oE "[^[:space:]\"'=]+\.bpf\.o" <<<"$cmd" | sort -u); do
	case "$obj" in
	/scxkit/*) host=$ROOT/${obj#/scxkit/} guest=$obj ;; # as the guest names it
	/*) host=$obj guest=$obj ;;
	*) host=$PWD/${obj#./} guest=$(realpath -m "/scxkit/$obj") ;;
	esac
	if [ -f "$host" ]; then
		mkdir -p "$(dirname "$stage$guest")"
		cp -L "$host" "$stage$guest"
	else
		echo "vm: CMD names $obj, but $host is not a file; the VM gets" \
			"build/, tests/, bench/ and the .bpf.o files CMD names" \
			"(relative to $PWD)" >&2
	fi
done

cat >"$stage/etc/passwd" <<'EOT'
root:x:0:0:root:/root:/bin/sh
scxuser:x:1000:1000:unprivileged test user:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOT
cat >"$stage/etc/group" <<'EOT'
root:x:0:
scxuser:x:1000:
nogroup:x:65534:
EOT

if [ -n "$cmd" ]; then
	printf '%s\n' "$cmd" >"$stage/scxkit/cmd"
else
	printf 'exec sh -i\n' >"$stage/scxkit/cmd"
fi

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) >"$out"
