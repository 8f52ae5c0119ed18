# QoS rules: tasks no one patched get levels by comm, uid, nice and
# cgroup subtree, and by descent from `scxkit exec`, as shinjuku sees them
# (`scxkit qos level` reads the verdict BPF cached when shinjuku last
# looked the task up, at its last wake-up or enqueue); moving a process to another cgroup, a reload and a
# thread's own mark change them as documented; bad files are refused
# with their line, before anything is loaded or with the old rules kept.
. "$(dirname "$0")/lib.sh"
user() { /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups "$@"; }
qos_stat() { scxkit stats | sed -n "s/.*\"qos_$1\":\([0-9]*\).*/\1/p"; }

# Busy processes with chosen names: comm is the name a program is run by
# (qos_self, as busybox's sh would not know itself by another name); it
# sleeps often, and each wake-up has shinjuku look at its level.
for n in qr-web qr-batch1 qr-plain; do ln -s "$(command -v qos_self)" "$T/$n"; done
LOOP='while :; do sleep 0.02; done'
PIDS=
spin() { # spin NAME [PREFIX...]: sets SPUN
	local name=$1
	shift
	"$@" "$T/$name" - >/dev/null &
	SPUN=$!
	PIDS="$PIDS $SPUN"
}
stop_all() { kill $PIDS 2>/dev/null; wait $PIDS 2>/dev/null; PIDS=; }
# On a failure too: lib.sh's cleanup waits for every background job.
trap 'stop_all; [ -s "$T/gc.pid" ] && kill $(cat "$T/gc.pid" "$T/c.pid") 2>/dev/null; cleanup_sched' EXIT

# wait_level PID WANT WHAT: until `scxkit qos level PID` prints WANT.
wait_level() {
	local n=100 got
	while [ "$n" -gt 0 ]; do
		got=$(scxkit qos level "$1" 2>&1)
		[ "$got" = "$2" ] && { note "ok: $3: $got"; return 0; }
		sleep 0.1
		n=$((n - 1))
	done
	grep -E '^(Name|State|Uid|Gid)' "/proc/$1/status"
	scxkit qos show
	fail "$3: level of $1 is '$got', want '$2'"
}

CG=/sys/fs/cgroup
mkdir -p "$CG/qr-fast/sub" || fail "no cgroup2 at $CG"

# Refused at start, before sched_ext is touched, with the line number.
printf 'level 1 comm=a\nlevel 2 colour=blue\n' >"$T/bad1"
scxkit run shinjuku --qos-rules "$T/bad1" >"$T/o" 2>&1 && fail "bad rules accepted"
expect_grep "start: unknown matcher refused with its line" \
	"line 2: unknown matcher 'colour=blue'" "$T/o"
expect_eq "nothing was attached" "$(sched_state)" disabled

cat >"$T/rules1" <<EOF
# web first
level 5 comm=qr-web
level 4 comm=qr-batch*
level 3 uid=1000
level 2 nice>=10
level 6 cgroup=$CG/qr-fast
EOF
# Everything else above the spinners (default level 7, higher is more
# urgent): CPU-bound tasks at the top would starve the launcher itself.
start_sched shinjuku --nr-levels 8 --default-level 7 --quiet \
	--qos-rules "$T/rules1"

spin qr-web; web=$SPUN
wait_level "$web" "5 rule 1" "comm exact"
spin qr-batch1; wait_level "$SPUN" "4 rule 2" "comm prefix"
stop_all
# (setpriv itself: a shell function sent to the background is a subshell)
spin qr-plain /usr/bin/setpriv --reuid=1000 --regid=1000 --clear-groups
wait_level "$SPUN" "3 rule 3" "uid"
"$T/qr-plain" - 12 >/dev/null & # nice 12 after its first 50 rounds
PIDS="$PIDS $!"
wait_level "$!" "2 rule 4" "nice, changed while it runs"
stop_all
spin qr-web; web=$SPUN
spin qr-plain; plain=$SPUN
wait_level "$plain" "- none" "no rule matches"
echo "$plain" >"$CG/qr-fast/sub/cgroup.procs"
wait_level "$plain" "6 rule 5" "moved below the cgroup"
echo "$plain" >"$CG/cgroup.procs"
wait_level "$plain" "- none" "moved out again"
scxkit qos show >"$T/show"
cat "$T/show"
expect_grep "show: rules with their counts" '^ *1 *1  level 5 comm=qr-web$' "$T/show"
stop_all

# The stats and the dashboard say what set a running task's level (the
# level itself may be below the rule's: shinjuku demotes a hog).
# (spin is this file's function: the program is found beside qos_self)
ln -s "$(dirname "$(command -v qos_self)")/spin" "$T/qr-batchhog"
"$T/qr-batchhog" --ms 60000 >/dev/null &
HOG_STATS='"comm":"qr-batchhog","qos":[34],"qos_by":"rule 2"'
PIDS="$PIDS $!"
n=100
while [ "$n" -gt 0 ]; do
	scxkit stats >"$T/stats" 2>&1
	grep -q "$HOG_STATS" "$T/stats" && break
	sleep 0.1
	n=$((n - 1))
done
expect_grep "stats: a running task's level and its rule" "$HOG_STATS" \
	"$T/stats"
n=20
while [ "$n" -gt 0 ]; do
	scxkit top --snapshot -n 1 --width 100 >"$T/snap" 2>&1
	grep -q 'qr-batchhog  *[34]  *rule 2' "$T/snap" && break
	n=$((n - 1))
done
expect_grep "dashboard: SET BY names the rule" 'qr-batchhog  *[34]  *rule 2' \
	"$T/snap"
stop_all

# scxkit exec: the command, its children and grandchildren.
cat >"$T/tree.sh" <<EOF
sh -c 'sh -c "$LOOP" & echo \$! >$T/gc.pid; $LOOP' &
echo \$! >$T/c.pid
wait
EOF
scxkit exec --level 6 -- sh "$T/tree.sh" &
ex=$!
PIDS="$PIDS $ex"
n=50
while [ "$n" -gt 0 ] && ! [ -s "$T/gc.pid" ]; do sleep 0.1; n=$((n - 1)); done
wait_level "$ex" "6 mark" "exec: the command itself"
wait_level "$(cat "$T/c.pid")" "6 exec" "exec: its child"
wait_level "$(cat "$T/gc.pid")" "6 exec" "exec: its grandchild"
kill "$(cat "$T/gc.pid")" "$(cat "$T/c.pid")" 2>/dev/null
stop_all
scxkit exec --level 16 -- true 2>"$T/o" && fail "exec --level 16 accepted"
expect_grep "exec: a level out of range refused" "level 0-15" "$T/o"

# A thread's own mark beats every rule.
printf 'level 1 comm=qos_self\nlevel 1 comm=qr-*\n' >"$T/rules2"
qos_self 4 >"$T/self" &
self=$!
PIDS="$PIDS $self"
spin qr-web; web=$SPUN
wait_level "$self" "4 mark" "a thread's own mark"
scxkit qos rules "$T/rules2" >"$T/o" 2>&1 || { cat "$T/o"; fail "reload"; }
expect_grep "reload" "2 rules in force" "$T/o"
wait_level "$web" "1 rule 2" "a reload applies to a running task"
wait_level "$self" "4 mark" "own mark kept over a rule for its comm"

# Bad reloads: refused with the line, and the rules in force stay.
printf 'level 2 comm=x\nlevel 9 cgroup=%s/no-such\n' "$CG" >"$T/bad2"
i=0
{ while [ "$i" -le 64 ]; do echo "level 1 uid=$i"; i=$((i + 1)); done; } >"$T/bad3"
printf 'level 3 comm=qr-web\nlevel\n' >"$T/bad4"
for f in bad1:"line 2: unknown matcher" bad2:"line 2: cgroup=$CG/no-such: No such file" \
	bad3:"line 65: more than 64 rules" bad4:"line 2: 'level' needs a number"; do
	scxkit qos rules "$T/${f%%:*}" >"$T/o" 2>&1 && fail "${f%%:*} accepted"
	expect_grep "reload of ${f%%:*} refused" "${f#*:}" "$T/o"
done
d0=$(qos_stat denied)
user scxkit qos rules "$T/rules1" >"$T/o" 2>&1 && fail "non-root reload accepted"
expect_grep "non-root reload refused" "needs root" "$T/o"
d1=$(qos_stat denied)
[ "$d1" -gt "$d0" ] || fail "the refused reload was not counted ($d0 -> $d1)"
note "ok: counted as denied ($d0 -> $d1)"
scxkit qos show >"$T/show"
expect_grep "old rules still in force" '^ *2 .*level 1 comm=qr-\*$' "$T/show"
wait_level "$web" "1 rule 2" "old rules still applied"
stop_all

kill -0 "$SCHED_PID" || fail "scheduler died"
stop_sched
expect_eq "exit status" "$SCHED_RC" 0
rmdir "$CG/qr-fast/sub" "$CG/qr-fast"
