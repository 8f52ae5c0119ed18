# Shared by the host checks that count their own results (check_install,
# check_man, check_service): sourced after CHECK_NAME is set.
#   ok NAME, fail NAME, expect NAME COMMAND..., finish
passed=0
fails=() oks=()
ok() {
	passed=$((passed + 1))
	oks+=("ok: $1")
}
fail() {
	fails+=("FAIL: $1")
}
expect() { # expect NAME COMMAND...: ok when COMMAND succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}
# Failures first: run_host.sh shows only the first lines.  Exits 0 only
# if nothing failed.
finish() {
	local l
	for l in "${fails[@]}" "${oks[@]}"; do echo "$l"; done
	echo "$CHECK_NAME: $passed passed, ${#fails[@]} failed"
	[ "${#fails[@]}" = 0 ]
	exit
}
