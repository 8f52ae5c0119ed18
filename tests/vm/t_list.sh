# `scxkit list` names fifo with a description; --json is one valid array.
. "$(dirname "$0")/lib.sh"
scxkit list >"$T/out" || fail "scxkit list exited $?"
expect_grep "fifo listed" '^fifo  *one global FIFO' "$T/out"
scxkit list --json >"$T/json" || fail "scxkit list --json exited $?"
expect_grep "json names fifo" '"name":"fifo"' "$T/json"
