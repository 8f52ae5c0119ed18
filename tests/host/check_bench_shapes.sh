#!/bin/bash
# bench/shapes.sh, which make bench's host side and its runs in the VM both
# read: a shape's setting comes from RDB_<SHAPE>_<SETTING>, then
# RDB_<SETTING>, then the shape's default; an empty setting counts as
# given; the headline loads get their own repeats, one-seed schedulers
# run the first seed only, and the run count make bench's estimate uses
# follows from all that.
set -uo pipefail
B=$(cd "$(dirname "$0")/../../bench" && pwd)
fail() { echo "FAIL: shapes.sh: $*"; exit 1; }
# shellcheck source=bench/shapes.sh
. "$B/shapes.sh"
unset "${!RDB_@}"

shape_settings us vm || fail "us unknown"
[ "$S_GET_US" = 50 ] && [ "$S_RANGE_US" = 50000 ] ||
	fail "us mix: $S_GET_US/$S_RANGE_US"
[ "$S_LOADS" = "0.5 0.7 0.9" ] || fail "us loads: $S_LOADS"
[ "$S_ANTAGONISTS" = 0 ] || fail "us antagonists: $S_ANTAGONISTS"
shape_settings ms vm
[ "$S_GET_US" = 500 ] && [ "$S_SLO_US" = 50000 ] || fail "ms: $S_GET_US $S_SLO_US"
! shape_settings xs vm || fail "unknown shape accepted"

RDB_LOADS="0.1 0.2" RDB_US_LOADS=0.4 RDB_GET_US=7
shape_settings us vm
[ "$S_LOADS" = 0.4 ] || fail "RDB_US_LOADS did not win: $S_LOADS"
[ "$S_GET_US" = 7 ] && [ "$S_SLO_US" = 700 ] || fail "RDB_GET_US: $S_GET_US $S_SLO_US"
shape_settings ms vm
[ "$S_LOADS" = "0.1 0.2" ] || fail "RDB_LOADS not for ms: $S_LOADS"
unset RDB_LOADS RDB_US_LOADS RDB_GET_US

# 2 loads, one headline (3 repeats), 2 schedulers of which one runs one
# seed, antagonists with 2 repeats: 2+1 + 2+1+1 + 2+1 runs and capacity.
RDB_LOADS="0.5 0.7" RDB_REPEATS=2 RDB_REPEATS_HEADLINE=3 \
	RDB_SCHEDS="a b" RDB_ONE_SEED_SCHEDS=b RDB_ANTAGONISTS=1 RDB_ANT_REPEATS=2
shape_settings ms vm
[ "$(shape_repeats 0.5)" = 2 ] && [ "$(shape_repeats 0.7)" = 3 ] ||
	fail "repeats: $(shape_repeats 0.5) $(shape_repeats 0.7)"
shape_runs_sched a 3 && shape_runs_sched b 1 && ! shape_runs_sched b 2 ||
	fail "one-seed schedulers"
[ "$(shape_nruns)" = 11 ] || fail "runs: $(shape_nruns), want 11"
RDB_ONE_SEED_SCHEDS=
shape_settings ms vm
shape_runs_sched b 2 || fail "an empty RDB_ONE_SEED_SCHEDS did not count"
[ "$(shape_nruns)" = 15 ] || fail "runs: $(shape_nruns), want 15"
unset RDB_ONE_SEED_SCHEDS

[ "$(RDB_SHAPE=us shape_list)" = us ] && [ "$(shape_list)" = "ms us" ] ||
	fail "shape_list"
echo "ok: shapes.sh settings, seeds and run counts"
