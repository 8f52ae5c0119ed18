# The QoS table's permission model (docs/qos.md, "Who may write"), tried by an
# unprivileged user (uid 1000) against threads that are not its own: a
# root thread, and a thread of its own uid in another process.  Every verb
# the socket knows, sent as a raw line, must be refused with EPERM; the
# pinned map must not open; BPF map ids must not be listed.  The user's
# own thread stays changeable, root may change the user's thread, and the
# refused requests changed nothing.  Shared regions: a root process holds
# a level in its region while the user tries to bind it to the user's
# region, to open the holder's memory (where the region is mapped) and
# floods its own region with garbage; the holder's level is untouched.
. "$(dirname "$0")/lib.sh"
user() { /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups "$@"; }
start_sched shinjuku --partial --quiet
# Targets that live until the test ends, however slow the VM is: a
# single-threaded sleep, whose thread id is its pid.
sleep 300 &
root_tid=$!
/usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups sleep 300 &
user_tid=$!
n=50
while [ "$(stat -c %u /proc/$user_tid 2>/dev/null)" != 1000 ] && [ "$n" -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
note "root thread $root_tid, user thread $user_tid (another process)"
qos_perm --set "$root_tid" 4 >"$T/set" 2>&1 || { cat "$T/set"; fail "root could not set up"; }
qos_perm --hold 6 >"$T/hold" 2>&1 &
holder=$!
n=300
while ! grep -q '^qos_perm: holding' "$T/hold" && [ "$n" -gt 0 ]; do
	sleep 0.1
	n=$((n - 1))
done
hold_tid=$(sed -n 's/^qos_perm: holding pid [0-9]* tid \([0-9]*\).*/\1/p' "$T/hold")
[ -n "$hold_tid" ] || { cat "$T/hold"; fail "the region holder did not start"; }
note "region holder: pid $holder tid $hold_tid"
user qos_perm --foreign "$root_tid" --foreign "$user_tid" --foreign "$hold_tid" \
	--holder "$holder" >"$T/user" 2>&1
urc=$?
cat "$T/user"
# Root reads the holder's level the launcher's way (through the binding):
# had a foreign bind succeeded, it would name the user's region, gone now.
qos_perm --expect "$hold_tid" 6 >"$T/hexp" 2>&1
herc=$?
cat "$T/hexp"
expect_eq "root: the holder's thread is still bound to its own region at 6" "$herc" 0
kill -USR1 "$holder"
wait "$holder"
hrc=$?
cat "$T/hold"
expect_eq "holder: level in its shared region untouched" "$hrc" 0
qos_perm --expect "$root_tid" 4 --root "$user_tid" >"$T/root" 2>&1
rrc=$?
cat "$T/root"
line=$(grep '^qos_perm: uid' "$T/user")
field() { echo "$1" | sed -n "s/.* $2 \([0-9]*\).*/\1/p"; }
figure denied_attempts "$(field "$line" denied_attempts)"
figure denied "$(field "$line" denied)"
rline=$(cat "$T/set" "$T/hold" "$T/hexp" "$T/root" | grep '^qos_perm: uid')
allowed=$(echo "$line
$rline" | awk '{ for (i = 1; i < NF; i++) if ($i == "allowed_attempts") a += $(i + 1); else if ($i == "allowed_ok") o += $(i + 1) } END { print a + 0, o + 0 }')
figure allowed_attempts "${allowed% *}"
figure allowed_ok "${allowed#* }"
expect_eq "unprivileged: every foreign request refused, own thread allowed" "$urc" 0
[ "$(field "$line" denied_attempts)" -ge 24 ] || fail "too few attempts"
expect_eq "root: may change the user's thread; refused requests changed nothing" "$rrc" 0
kill -0 "$SCHED_PID" || fail "scheduler died"
kill $root_tid $user_tid
stop_sched
expect_eq "scheduler exit status" "$SCHED_RC" 0
