#!/bin/bash
# Guest side of `make bench-reapply` (bench/README.md): how long a PF that comes back takes to
# be as /etc/sriov/config.json says again, through the re-apply path (udevd, then
# sriov-reapply@.service's command), against the same apply and an admin's script run by hand.
# On the igb PF 0000:01:00.0 (driver unbound, then bound: t0 is the bind's write) and on a
# netdevsim device (deleted, then made again: t0 is the new_device write), each with NVFS VFs
# of MAC, VLAN, spoofchk off and trust on in the document. Three ways back, BENCH_REPS runs of
# each (after one untimed warm-up), interleaved so that the machine's noise falls on all three:
#   unit:   udevd with udev/80-sriov-reapply.rules handles the bind; when it publishes the event
#           with SYSTEMD_WANTS=sriov-reapply@PF.service and the systemd tag (what systemd reads,
#           seen here with `udevadm monitor --udev`), the unit's ExecStart runs, word for word
#           as systemd/sriov-reapply@.service.in has it. The guest's PID 1 is no systemd: its
#           own start-up of the unit is not in the number.
#   hand:   `udevadm settle` after the bind, then the same command by hand.
#   script: `udevadm settle` after the bind, then what an admin runs without libsriov: `echo N
#           > sriov_numvfs`, one `ip -batch` of `link set dev PF vf K mac .. vlan .. spoofchk
#           off trust on` lines, and for igb `udevadm settle` until the VFs' netdevs are named.
# Each is timed in two parts (bind -> udevd done, then the apply or script) and whole. After
# each run, untimed: `sriovctl dump` must be what it was after the first apply of the
# document, byte for byte, and each apply must have changed something.
# sriovctl is the program itself (SRIOVCTL_REAL), not the testbed's JSON-logging wrapper.
. "$TOP/tests/vm/lib.sh"
. "$TOP/bench/lib-bench.sh"
. "$TOP/bench/watchdog.sh"
strict_mode
require_sriovctl
SRIOVCTL=${SRIOVCTL_REAL:-$SRIOVCTL}

REPS=${BENCH_REPS:-11}
WATCHDOG=${BENCH_WATCHDOG:-120}   # seconds without a finished run before giving up
PF=0000:01:00.0
NSIM_ID=42
NSIM=netdevsim$NSIM_ID
NSIM_SYS=/sys/bus/netdevsim/devices/$NSIM
NVFS=4
WAIT=30                           # seconds for udevd's event, or its monitor to start
DOC=/etc/sriov/config.json
RULE=/etc/udev/rules.d/80-sriov-reapply.rules
DIR=$(mktemp -d)
RESULTS=$DIR/results              # "DEVICE KEY MICROSECONDS" lines
HEARTBEAT=$DIR/heartbeat
MON_FD='' MON_PID=''

[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "BENCH_REPS=$REPS: expected a positive number"
# The guest's root is an overlay on a tmpfs: these files exist in this boot only.
[ ! -e "$DOC" ] || fail "$DOC exists already: this benchmark would replace it"
: >"$RESULTS"

cleanup() {
	kill "$WATCHDOG_PID" $MON_PID 2>/dev/null || true
	rm -f "$DOC" "$RULE"
	rmdir /etc/sriov 2>/dev/null || true
}
watchdog_start
trap cleanup EXIT

# ---- udevd's event, as systemd gets it ---------------------------------------------------------

# EVENT_AWK: reads `udevadm monitor --udev --property`; prints "ready" at its header, and "go"
# at the end of the bind event of DEVPATH whose SYSTEMD_WANTS names UNIT and whose CURRENT_TAGS
# has systemd's tag: what systemd acts on. It goes on reading the events that follow (the VFs'
# while the command runs), as systemd does, until event_stop. Run by mawk (Debian's awk) with -W
# interactive: without it mawk fills its whole input buffer before it reads a line of a pipe.
EVENT_AWK='
	/^UDEV - the event/ { print "ready"; fflush() }
	/^UDEV +\[/ { action = devpath = wants = tags = ""; next }
	/^ACTION=/ { action = substr($0, 8) }
	/^DEVPATH=/ { devpath = substr($0, 9) }
	/^SYSTEMD_WANTS=/ { wants = substr($0, 15) }
	/^CURRENT_TAGS=/ { tags = substr($0, 14) }
	/^$/ && !done && action == "bind" && devpath == dp && index(" " wants " ", " " unit " ") &&
		index(tags, ":systemd:") { print "go"; fflush(); done = 1 }'

# event_watch DEVICE UNIT: a udevadm monitor of the processed events of DEVICE's subsystem,
# filtered for DEVICE's bind asking for UNIT, on MON_FD; returns once it listens.
event_watch() {
	local line i
	exec {MON_FD}< <(
		(echo "$BASHPID" >"$DIR/monitor.pid"
			exec stdbuf -oL udevadm monitor --udev --property --subsystem-match="$(subsystem "$1")" \
				2>"$DIR/monitor.err") |
			mawk -W interactive -v dp="${DEVPATH[$1]}" -v unit="$2" "$EVENT_AWK")
	read -r -t "$WAIT" -u "$MON_FD" line && [ "$line" = ready ] ||
		fail "udevadm monitor did not start within $WAIT s: $(cat "$DIR/monitor.err")"
	MON_PID=$(<"$DIR/monitor.pid")
	# Subscribed once it waits for events (epoll_wait, epoll_pwait, epoll_pwait2).
	for ((i = 0; i < WAIT * 10; i++)); do
		case $(cut -d ' ' -f 1 "/proc/$MON_PID/syscall") in 232 | 281 | 441) return 0 ;; esac
		sleep 0.1
	done
	fail "udevadm monitor ($MON_PID) is not waiting for events after $WAIT s"
}

# event_wait WHAT: until the watched event has come.
event_wait() {
	local line
	read -r -t "$WAIT" -u "$MON_FD" line && [ "$line" = go ] ||
		fail "$1: udevd published no bind event asking for the unit within $WAIT s"
}

event_stop() {
	kill "$MON_PID"
	exec {MON_FD}<&-
	MON_PID=''
}

# ---- the device going and coming back ----------------------------------------------------------

# gone DEVICE: igb's driver unbound, or the netdevsim device deleted; udevd done with it.
# systemd acts on SYSTEMD_WANTS only when a device unit becomes active (systemd.device(5)): the
# PF's unbind event must not carry systemd's tag (CURRENT_TAGS), so that its unit goes inactive
# and the next bind starts the re-apply again. A deleted netdevsim device has no unit left.
gone() {
	if [ "$1" = igb ]; then
		echo "$PF" >/sys/bus/pci/drivers/igb/unbind
		udevadm settle --timeout=30
		udevadm info -q property "/sys${DEVPATH[igb]}" >"$DIR/unbound"
		! grep -q '^CURRENT_TAGS=.*:systemd:' "$DIR/unbound" ||
			fail "$PF: udevd's record of its unbind carries systemd's tag: systemd would keep its unit active"
	else
		echo "$NSIM_ID" >/sys/bus/netdevsim/del_device
		udevadm settle --timeout=30
	fi
}

# back DEVICE: igb's driver bound, or the netdevsim device made again with its VF limit (kept in
# debugfs, not in the device: given again, as a NIC has it). T0 is the bind's or new_device's write.
back() {
	if [ "$1" = igb ]; then
		T0=$EPOCHREALTIME
		echo "$PF" >/sys/bus/pci/drivers/igb/bind
	else
		T0=$EPOCHREALTIME
		echo "$NSIM_ID 1" >/sys/bus/netdevsim/new_device
		echo 8 >"/sys/kernel/debug/netdevsim/$NSIM/max_vfs"
	fi
}

# name DEVICE, subsystem DEVICE: its kernel name (the unit's instance), its bus.
name() { if [ "$1" = igb ]; then echo "$PF"; else echo "$NSIM"; fi; }
subsystem() { if [ "$1" = igb ]; then echo pci; else echo netdevsim; fi; }

# check_state DEVICE WAY [APPLY_OUTPUT]: after a run, the dump is the document's, and an apply
# made changes (the same number each run).
check_state() {
	local dev=$1 way=$2 out=${3:-} last
	"$SRIOVCTL" dump >"$DIR/dump"
	diff -u "$DIR/dump.ref" "$DIR/dump" >"$DIR/dump.diff" ||
		fail "$dev, $way: sriovctl dump is not the document's: $(cat "$DIR/dump.diff")"
	[ -n "$out" ] || return 0
	last=$(tail -n 1 "$out")
	[[ $last =~ ^([0-9]+)\ changes?\ applied\.$ ]] || fail "$dev, $way: the apply said: $(cat "$out")"
	if [ ! -e "$DIR/$dev.changes" ]; then
		echo "${BASH_REMATCH[1]}" >"$DIR/$dev.changes"
	fi
	assert_eq "$(<"$DIR/$dev.changes")" "${BASH_REMATCH[1]}" "$dev, $way: changes applied"
}

# ---- the three ways back -------------------------------------------------------------------------

# way DEVICE WAY RUN: the device gone and back, then the document again, WAY being
#   unit:   when udevd publishes the bind event asking for the unit, the unit's command;
#   hand:   after udevadm settle, the same command;
#   script: after udevadm settle, the admin's script (DIR/DEVICE.script).
# Records WAY-udev (t0 to udevd done), WAY-apply (the command or script) and WAY-total; the
# total in ms in TOTAL[WAY].
declare -A TOTAL
way() {
	local dev=$1 way=$2 run=$3 t1 t2 out=''
	reapply_unit_command "$(name "$dev")"
	gone "$dev"
	if [ "$way" = unit ]; then
		event_watch "$dev" "sriov-reapply@$(name "$dev").service"
		back "$dev"
		event_wait "$dev"
	else
		back "$dev"
		udevadm settle --timeout=30
	fi
	t1=$EPOCHREALTIME
	if [ "$way" = script ]; then
		bash "$DIR/$dev.script" >"$DIR/out" 2>&1 || fail "$dev: the script failed: $(cat "$DIR/out")"
	else
		"${CMD[@]}" >"$DIR/out" 2>&1 || fail "$dev, $way: ${CMD[*]} failed: $(cat "$DIR/out")"
		out=$DIR/out
	fi
	t2=$EPOCHREALTIME
	[ "$way" != unit ] || event_stop
	check_state "$dev" "$way" "$out"
	record "$dev" "$way-udev" "$(elapsed_us "$T0" "$t1")" "$run"
	record "$dev" "$way-apply" "$(elapsed_us "$t1" "$t2")" "$run"
	record "$dev" "$way-total" "$(elapsed_us "$T0" "$t2")" "$run"
	TOTAL[$way]=$(ms "$(elapsed_us "$T0" "$t2")")
}

# ---- the document and the scripts ---------------------------------------------------------------

# vfs_json PREFIX VLAN: the document's VF entries; script_lines SYSFS NETDEV PREFIX VLAN: the
# admin's script for the same.
vfs_json() {
	local i sep=''
	for ((i = 0; i < NVFS; i++)); do
		printf '%s\n   {"vf": %d, "mac": "%s:%02x", "vlan": %d, "spoofchk": false, "trust": true}' \
			"$sep" "$i" "$1" "$i" "$2"
		sep=,
	done
}
script_lines() {
	local i
	echo "echo $NVFS >$1/sriov_numvfs"
	echo "ip -batch - <<EOF"
	for ((i = 0; i < NVFS; i++)); do
		printf 'link set dev %s vf %d mac %s:%02x vlan %d spoofchk off trust on\n' "$2" "$i" "$3" "$i" "$4"
	done
	echo EOF
}

step "udevd with 80-sriov-reapply.rules; a document for $PF and $NSIM, $NVFS VFs each"
mkdir -p /etc/udev/rules.d /etc/sriov
cp "$TOP/udev/80-sriov-reapply.rules" "$RULE"
start_udevd
udevadm control --reload
# The PF's netdev under the name udev gives it, as after every bind below (97-reapply.sh).
echo "$PF" >/sys/bus/pci/drivers/igb/unbind
echo "$PF" >/sys/bus/pci/drivers/igb/bind
netdevsim_new "$NSIM_ID" 8 >/dev/null
udevadm settle --timeout=30
PFNAME=$(dev_ifname "$PF")
NSIMNAME=$(ls "$NSIM_SYS/net")
# Their DEVPATHs, as udevd's events name them (read while they exist).
declare -A DEVPATH
DEVPATH[igb]=$(realpath "$SYS_PCI/$PF")
DEVPATH[nsim]=$(realpath "$NSIM_SYS")
DEVPATH[igb]=${DEVPATH[igb]#/sys} DEVPATH[nsim]=${DEVPATH[nsim]#/sys}
cat >"$DOC" <<EOF
{"version": 1, "pfs": [
 {"pci": "$PF", "num_vfs": $NVFS, "vfs": [$(vfs_json 02:00:00:00:01 101)]},
 {"ifname": "$NSIMNAME", "num_vfs": $NVFS, "vfs": [$(vfs_json 02:00:00:00:42 102)]}]}
EOF
{
	script_lines "$SYS_PCI/$PF" "$PFNAME" 02:00:00:00:01 101
	echo "udevadm settle --timeout=60"
} >"$DIR/igb.script"
script_lines "$NSIM_SYS" "$NSIMNAME" 02:00:00:00:42 102 >"$DIR/nsim.script"
echo "PFs: $PF $PFNAME, $NSIM $NSIMNAME; the admin's script for igb:"
sed 's/^/   /' "$DIR/igb.script"
"$SRIOVCTL" apply "$DOC" >"$DIR/out" || fail "the first apply of $DOC: $(cat "$DIR/out")"
"$SRIOVCTL" dump >"$DIR/dump.ref"
heartbeat

for dev in igb nsim; do
	step "$dev: $NVFS VFs back after $([ "$dev" = igb ] && echo "igb's rebind" || echo "$NSIM made again"):" \
		"one warm-up, then $REPS runs of each way"
	for ((r = 0; r <= REPS; r++)); do
		run=$r label="run $r/$REPS"
		[ "$r" = 0 ] && run=warmup label=warm-up
		for w in unit hand script; do
			way "$dev" "$w" "$run"
		done
		heartbeat
		echo "   $label: bind to the document: unit ${TOTAL[unit]} ms, by hand ${TOTAL[hand]} ms," \
			"script ${TOTAL[script]} ms"
	done
done

echo
echo "A PF back as $DOC says, on $(uname -r), QEMU TCG: ms, median (max) of $REPS runs;"
echo "$NVFS VFs with mac, vlan, spoofchk off, trust on: changes each apply made: igb $(<"$DIR/igb.changes"),"
echo "netdevsim $(<"$DIR/nsim.changes"). bind: from the bind's (new_device's) write to udevd done (re-apply:"
echo "the event published; by hand: udevadm settle returned); then: the command or the script."
awk "$MEDIAN_AWK"'
	function max_ms(g, k,    a, n, i, m) {
		n = split(S[g SUBSEP k], a, " ")
		for (i = 1; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0
		return m / 1000
	}
	function mq(g, k) { return sprintf("%.1f (%.1f)", median_ms(g, k), max_ms(g, k)) }
	END {
		printf "  %-10s %-44s %-16s %-16s %s\n", "PF", "way back", "bind", "then", "bind to the document"
		split("igb nsim", D, " ")
		split("unit hand script", W, " ")
		name["unit"] = "re-apply: udevd event -> the unit'\''s command"
		name["hand"] = "by hand: settle, the same sriovctl apply"
		name["script"] = "by hand: settle, echo N, ip -batch"
		for (d = 1; d <= 2; d++)
			for (w = 1; w <= 3; w++)
				printf "  %-10s %-44s %-16s %-16s %s\n", w == 1 ? (D[d] == "igb" ? "igb" : "netdevsim") : "",
					name[W[w]], mq(D[d], W[w] "-udev"), mq(D[d], W[w] "-apply"), mq(D[d], W[w] "-total")
	}' "$RESULTS"
echo "(the igb script ends in udevadm settle, for its VFs' netdevs; systemd's own start of the unit"
echo "is not in the numbers: the guest has none)"
