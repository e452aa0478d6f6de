# shellcheck shell=bash
# The watchdog of a bench script in the guest, sourced after tests/vm/lib.sh: when no
# measurement has finished for WATCHDOG seconds, it prints what every process waits on in the
# kernel and the stacks of blocked tasks, then stops the benchmark, before the testbed's
# deadline leaves nothing to look at. The caller sets WATCHDOG (seconds) and HEARTBEAT (a file
# in its scratch directory), calls watchdog_start once, and heartbeat after each measurement.

heartbeat() {
	: >"$HEARTBEAT"
}

# watchdog MAIN_PID: the loop itself, in the background.
watchdog() {
	local main=$1 age p
	# Not the caller's strict mode: killed at the end while in a $(...), its child's SIGPIPE
	# would print a FAIL line of the caller's ERR trap for a benchmark that passed.
	trap - ERR
	set +eE
	while sleep 5; do
		kill -0 "$main" 2>/dev/null || return 0
		age=$(($(date +%s) - $(stat -c %Y "$HEARTBEAT")))
		[ "$age" -ge "$WATCHDOG" ] || continue
		echo "bench: nothing finished for $age s; state of the guest:"
		ps -eo pid,ppid,stat,wchan:32,etimes,args | awk '$6 !~ /^\[/'   # no kernel threads
		for p in /proc/[0-9]*; do
			[ "$(awk '{ print $3 }' "$p/stat" 2>/dev/null)" = D ] || continue
			echo "blocked: $(cat "$p/comm" 2>/dev/null) (pid ${p#/proc/}):"
			cat "$p/stack" 2>/dev/null || true
		done
		dmesg | tail -n 40
		kill -TERM "$main"
		return 0
	done
}

# watchdog_start: the watchdog of this shell, in the background; its pid in WATCHDOG_PID for
# the caller's EXIT trap.
watchdog_start() {
	heartbeat
	watchdog $$ &
	# shellcheck disable=SC2034 # the caller's EXIT trap ends it
	WATCHDOG_PID=$!
}
