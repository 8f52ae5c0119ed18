#!/bin/bash
# The tutorial cannot drift from its policy: the ```c blocks of
# docs/tutorial.md, joined in order, must be policies/boost/boost.bpf.c.
#   tests/host/check_tutorial.sh      (exit 0 if they are the same)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
doc=$ROOT/docs/tutorial.md
src=$ROOT/policies/boost/boost.bpf.c
if diff -u "$src" <(awk '/^```c$/ { on = 1; next } /^```$/ { on = 0 } on' "$doc") \
	>/tmp/tutorial.diff; then
	echo "  ok: docs/tutorial.md's code is policies/boost/boost.bpf.c"
else
	echo "  FAIL: docs/tutorial.md's code blocks differ from $src:"
	head -20 /tmp/tutorial.diff | sed 's/^/    /'
	exit 1
fi
