#!/bin/bash
# The testbed's monitor cases: `sriovctl -j monitor` in the background, its JSON lines
# asserted. Sourced after lib.sh; sets REAL (the binary, not the JSON-logging wrapper, whose
# output a monitor that never ends would hold), DIR and PIDS, and a trap that ends every
# monitor started.
REAL=$TOP/tools/sriovctl/sriovctl
DIR=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$DIR"' EXIT

# mon_start [-t] NAME ARGS...: `sriovctl -v -j monitor ARGS` in the background (-t: its text
# lines, without -j), its lines in $DIR/NAME.out; returns once it watches (its first reading
# taken).
mon_start() {
	local json=-j
	[ "$1" = -t ] && { json=; shift; }
	local name=$1
	shift
	"$REAL" ${MON_VERBOSE:--v} $json monitor "$@" >"$DIR/$name.out" 2>"$DIR/$name.err" &
	PIDS+=($!)
	eval "MON_$name=$!"
	for _ in $(seq 100); do
		grep -q "monitor: watching" "$DIR/$name.err" 2>/dev/null && return 0
		kill -0 "$!" 2>/dev/null || fail "monitor $name exited: $(cat "$DIR/$name.err")"
		sleep 0.1
	done
	fail "monitor $name did not start within 10 s: $(cat "$DIR/$name.err")"
}

# expect_event [-E] NAME TEXT WHAT: a line of monitor NAME contains TEXT within 5 s; with -E,
# TEXT is an extended regular expression, for an event whose details depend on how the
# monitor's readings fell (a VF unbound and bound again may be read once or twice).
expect_event() {
	local how=-F
	[ "$1" = -E ] && { how=-E; shift; }
	for _ in $(seq 50); do
		grep -q "$how" -- "$2" "$DIR/$1.out" && return 0
		sleep 0.1
	done
	fail "$3: no event with $2 within 5 s; the monitor printed: $(tail -n 20 "$DIR/$1.out")
its stderr: $(tail -n 20 "$DIR/$1.err")"
}

# ev TYPE PF: the start of such an event's JSON line.
ev() { printf '"event":"%s","pf":"%s"' "$1" "$2"; }

# mon_validate NAME: end monitor NAME; every line it printed passes schemas/monitor.schema.json.
mon_validate() {
	local pid
	pid=$(eval "echo \$MON_$1")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	split -l 1 -a 5 "$DIR/$1.out" "$DIR/line-$1."
	/usr/bin/python3 "$TOP/tests/schema/validate.py" "$TOP/schemas" monitor "$DIR"/line-"$1".* \
		>"$DIR/valid" 2>&1 || fail "schema: $(tail -n 5 "$DIR/valid")"
}
