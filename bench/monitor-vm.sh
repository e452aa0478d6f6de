#!/bin/bash
# Guest side of `make bench-monitor` (bench/README.md): how late `sriovctl monitor` reports a
# VF setting changed from outside, against `ip monitor link` seeing the same change, and what
# each costs while nothing happens.
#   latency: CHANGES (10 x BENCH_REPS) times `ip link set dev PF vf 1 vlan K`, one at a time,
#            $EPOCHREALTIME taken before each (t0). Each monitor stamps its line when it has
#            the change: sriovctl -j's "time" (taken when the library made the event, after it
#            read the PF's VF list again: the kernel's announcement carries none), ip -ts's
#            prefix (when it received the announcement). Latency = that time - t0; median and
#            p99 (nearest rank) in ms. On igb (0000:01:00.0, 4 VFs) and on a netdevsim PF at
#            64 and 1000 VFs (BENCH_MONITOR_COUNTS), where a reading of the PF costs more.
#            Also each monitor's CPU time per change, and on netdevsim that of a third,
#            `sriovctl monitor` of the igb PF, which has nothing to print about these changes.
#   idle:    both monitors watching the igb PF, nothing changing for BENCH_MONITOR_IDLE s (60):
#            their wake-ups (voluntary and involuntary context switches, /proc/PID/task/*/status,
#            before and after), then in a second window of the same length their system calls
#            (strace -c -f -p).
# Both monitors are the programs themselves (SRIOVCTL_REAL, not the testbed's JSON-logging
# wrapper), each reading the other's lines from a pipe: the stamps are in the lines, so when
# this script reads them does not count.
. "$TOP/tests/vm/lib.sh"
. "$TOP/bench/lib-bench.sh"
. "$TOP/bench/watchdog.sh"
strict_mode
require_sriovctl
SRIOVCTL=${SRIOVCTL_REAL:-$SRIOVCTL}

REPS=${BENCH_REPS:-5}
COUNTS_LIST=${BENCH_MONITOR_COUNTS:-64:1000}   # colon-separated (the kernel command line carries it)
IFS=: read -r -a COUNTS <<<"$COUNTS_LIST"
IDLE=${BENCH_MONITOR_IDLE:-60}
WATCHDOG=${BENCH_WATCHDOG:-120}   # seconds without a finished measurement before giving up
PF=0000:01:00.0
NVFS=4
VF=1                              # the VF whose VLAN changes
WAIT=10                           # seconds for one event, or a monitor to start
ID=41                             # netdevsim device
DIR=$(mktemp -d)
RESULTS=$DIR/results              # "GROUP KEY MICROSECONDS" lines
HEARTBEAT=$DIR/heartbeat
SRIOV_PID='' IP_PID='' SRIOV_FD='' IP_FD=''

[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "BENCH_REPS=$REPS: expected a positive number"
[[ $IDLE =~ ^[1-9][0-9]*$ ]] || fail "BENCH_MONITOR_IDLE=$IDLE: expected a positive number"
[ "$IDLE" -lt "$WATCHDOG" ] || fail "BENCH_MONITOR_IDLE=$IDLE: must be under BENCH_WATCHDOG=$WATCHDOG"
CHANGES=$((REPS * 10))
: >"$RESULTS"

watchdog_start
trap 'kill $WATCHDOG_PID $SRIOV_PID $IP_PID 2>/dev/null || true' EXIT

# ---- the two monitors ------------------------------------------------------------------------

# monitors_start PF_NETDEV: `sriovctl -j monitor --type vf-config PF` and `ip -ts monitor link`
# (UTC, as sriovctl's stamps), their lines on SRIOV_FD and IP_FD; returns once both watch.
monitors_start() {
	local pfif=$1
	exec {SRIOV_FD}< <(exec "$SRIOVCTL" -v -j monitor --type vf-config "$pfif" 2>"$DIR/sriov.err")
	SRIOV_PID=$!
	exec {IP_FD}< <(TZ=UTC exec ip -ts monitor link 2>"$DIR/ip.err")
	IP_PID=$!
	for ((i = 0; i < WAIT * 10; i++)); do
		kill -0 "$SRIOV_PID" 2>/dev/null || fail "sriovctl monitor exited: $(cat "$DIR/sriov.err")"
		kill -0 "$IP_PID" 2>/dev/null || fail "ip monitor exited: $(cat "$DIR/ip.err")"
		# sriovctl -v says when it watches; ip has subscribed once it waits in recvmsg (47).
		if grep -q "monitor: watching" "$DIR/sriov.err" &&
			[ "$(cut -d ' ' -f 1 "/proc/$IP_PID/syscall" 2>/dev/null)" = 47 ]; then
			return 0
		fi
		sleep 0.1
	done
	fail "the monitors did not start within $WAIT s: $(cat "$DIR/sriov.err" "$DIR/ip.err")"
}

monitors_stop() {
	kill "$SRIOV_PID" "$IP_PID" 2>/dev/null || true
	exec {SRIOV_FD}<&- {IP_FD}<&-
	SRIOV_PID='' IP_PID=''
}

# next_line FD WHAT: the next line of a monitor in LINE, within WAIT seconds.
next_line() {
	read -r -t "$WAIT" -u "$1" LINE ||
		fail "$2: nothing within $WAIT s (sriovctl: $(cat "$DIR/sriov.err"); ip: $(cat "$DIR/ip.err"))"
}

# ---- latency ---------------------------------------------------------------------------------

# change GROUP PF_NETDEV VLAN [warmup]: one `ip link set dev PF vf VF vlan VLAN`; waits for both
# monitors' lines of it and keeps t0 and their stamps in $DIR/GROUP.*; then half a second for
# anything more they print about it (counted: ip's extra PF lines, sriovctl's extra events).
change() {
	local group=$1 pfif=$2 vlan=$3 t0 t1 extra=0
	t0=$EPOCHREALTIME
	ip link set dev "$pfif" vf "$VF" vlan "$vlan"
	t1=$EPOCHREALTIME
	while next_line "$SRIOV_FD" "sriovctl monitor, vf $VF vlan $vlan"; do
		[[ $LINE == *'"event":"vf-config"'*"\"vf\":$VF,"*"\"vlan\":{\"old\":"*",\"new\":$vlan}"* ]] && break
		echo "sriovctl monitor, unexpected: $LINE" >>"$DIR/$group.extra"
	done
	[[ $LINE =~ \"time\":\"([^\"]+)\" ]] || fail "sriovctl monitor: no time in $LINE"
	local sriov_time=${BASH_REMATCH[1]}
	while next_line "$IP_FD" "ip monitor, $pfif"; do
		[[ $LINE =~ ^\[([0-9T:.-]+)\]\ [0-9]+:\ "$pfif"[:@] ]] && break
	done
	local ip_time=${BASH_REMATCH[1]}
	while read -r -t 0.5 -u "$IP_FD" LINE; do
		[[ $LINE =~ ^\[[0-9T:.-]+\]\ [0-9]+:\ "$pfif"[:@] ]] && extra=$((extra + 1))
	done
	while read -r -t 0 -u "$SRIOV_FD" && read -r -t 1 -u "$SRIOV_FD" LINE; do
		echo "sriovctl monitor, more: $LINE" >>"$DIR/$group.extra"
	done
	[ "${4:-}" = warmup ] && return 0
	echo "$t0 $t1 $extra" >>"$DIR/$group.t0"
	echo "$sriov_time" >>"$DIR/$group.sriov"
	echo "$ip_time" >>"$DIR/$group.ip"
}

# cpu_us PID: the CPU time it has used (user and system), in microseconds.
cpu_us() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000000 / hz }' "/proc/$1/stat"
}

# latency GROUP PF_NETDEV: one untimed change, then CHANGES; their samples into RESULTS, in
# microseconds: setlink (ip link set's own time), ip, sriovctl, gap (sriovctl's stamp - ip's),
# ip-extra (ip's PF lines past the first, for each change), and each monitor's CPU time per
# change: sriovctl-cpu, ip-cpu.
latency() {
	local group=$1 pfif=$2 k s0 i0
	monitors_start "$pfif"
	change "$group" "$pfif" 100 warmup
	s0=$(cpu_us "$SRIOV_PID") i0=$(cpu_us "$IP_PID")
	for ((k = 1; k <= CHANGES; k++)); do
		change "$group" "$pfif" $((100 + k))
	done
	record "$group" sriovctl-cpu $((($(cpu_us "$SRIOV_PID") - s0) / CHANGES))
	record "$group" ip-cpu $((($(cpu_us "$IP_PID") - i0) / CHANGES))
	monitors_stop
	# One date for all stamps: ISO 8601 (sriovctl's ends in Z, ip's is UTC by TZ) to us.
	date -u -f "$DIR/$group.sriov" +%s%6N >"$DIR/$group.sriov.us"
	date -u -f "$DIR/$group.ip" +%s%6N >"$DIR/$group.ip.us"
	paste -d ' ' "$DIR/$group.t0" "$DIR/$group.sriov.us" "$DIR/$group.ip.us" |
		awk -v g="$group" '{
			t0 = $1; t1 = $2; sub(/[.,]/, "", t0); sub(/[.,]/, "", t1)
			printf "%s setlink %d\n%s ip %d\n%s sriovctl %d\n%s gap %d\n%s ip-extra %d\n",
				g, t1 - t0, g, $5 - t0, g, $4 - t0, g, $4 - $5, g, $3
		}' >>"$RESULTS"
	heartbeat
	awk -v g="$group" "$QUANTILE_AWK"'
		END {
			printf "   %s: %d changes, median (p99) ms: ip monitor %.1f (%.1f), sriovctl monitor %.1f (%.1f)\n",
				g, count(g SUBSEP "ip"), median_ms(g, "ip"), q_ms(g, "ip", 0.99),
				median_ms(g, "sriovctl"), q_ms(g, "sriovctl", 0.99)
			# The tail, so that one slow change (the machine, not the monitor) shows as one.
			printf "   the 3 slowest (ms): ip link set %.1f %.1f %.1f, ip monitor %.1f %.1f %.1f, sriovctl %.1f %.1f %.1f\n",
				nth_ms(g, "setlink", 0), nth_ms(g, "setlink", -1), nth_ms(g, "setlink", -2),
				nth_ms(g, "ip", 0), nth_ms(g, "ip", -1), nth_ms(g, "ip", -2),
				nth_ms(g, "sriovctl", 0), nth_ms(g, "sriovctl", -1), nth_ms(g, "sriovctl", -2)
		}' "$RESULTS"
}

# bystander GROUP PF_NETDEV OTHER_PF: the CPU time per change of PF_NETDEV that `sriovctl
# monitor OTHER_PF` spends, a monitor that follows another PF and prints nothing here (it
# must not), recorded as bystander-cpu in microseconds. Alone, without the other monitors:
# 2 x BENCH_REPS changes, each given 0.5 s to be read.
bystander() {
	local group=$1 pfif=$2 other=$3 n=$((REPS * 2)) k pid c0
	"$SRIOVCTL" -v monitor "$other" >"$DIR/bystander.out" 2>"$DIR/bystander.err" &
	pid=$!
	for ((k = 0; k < WAIT * 10; k++)); do
		grep -q "monitor: watching" "$DIR/bystander.err" && break
		sleep 0.1
	done
	grep -q "monitor: watching" "$DIR/bystander.err" ||
		fail "sriovctl monitor $other did not start within $WAIT s: $(cat "$DIR/bystander.err")"
	ip link set dev "$pfif" vf "$VF" vlan 200
	sleep 0.5
	c0=$(cpu_us "$pid")
	for ((k = 1; k <= n; k++)); do
		ip link set dev "$pfif" vf "$VF" vlan $((200 + k))
		sleep 0.5
	done
	record "$group" bystander-cpu $((($(cpu_us "$pid") - c0) / n))
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	[ ! -s "$DIR/bystander.out" ] || fail "sriovctl monitor $other printed: $(head -n 3 "$DIR/bystander.out")"
	heartbeat
}

# QUANTILE_AWK: lib-bench.sh's MEDIAN_AWK and q_ms(GROUP, KEY, P), the nearest-rank P-quantile
# in ms (of 50 samples, p99 is the largest); nth_ms(GROUP, KEY, R), the R-th smallest (R < 1
# counts from the largest: 0 is the largest, -1 the one before); count(GROUP SUBSEP KEY);
# sum(GROUP SUBSEP KEY).
QUANTILE_AWK="$MEDIAN_AWK"'
	function nth_ms(group, key, r,    a, n, i, j, t) {
		n = split(S[group SUBSEP key], a, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return a[r < 1 ? n + r : r] / 1000
	}
	function q_ms(group, key, p,    r) {
		r = int(p * count(group SUBSEP key) - 1e-9) + 1
		return nth_ms(group, key, r)
	}
	function count(key,    a) { return split(S[key], a, " ") }
	function sum(key,    a, n, i, s) { n = split(S[key], a, " "); for (i = 1; i <= n; i++) s += a[i]; return s }
'

# ---- idle ------------------------------------------------------------------------------------

# switches PID: voluntary and involuntary context switches of all its threads, summed.
switches() {
	cat "/proc/$1"/task/*/status | awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s }'
}

# idle GROUP PF_NETDEV: both monitors watching, nothing changing: IDLE s of context switches,
# then IDLE s under strace -c.
idle() {
	local group=$1 pfif=$2 s0 i0 s1 i1 name pid
	monitors_start "$pfif"
	s0=$(switches "$SRIOV_PID") i0=$(switches "$IP_PID")
	sleep "$IDLE"
	s1=$(switches "$SRIOV_PID") i1=$(switches "$IP_PID")
	record "$group" sriovctl-wakeups $((s1 - s0))
	record "$group" ip-wakeups $((i1 - i0))
	heartbeat
	for name in sriovctl ip; do
		pid=$SRIOV_PID
		[ "$name" = ip ] && pid=$IP_PID
		timeout -s INT "$IDLE" strace -c -f -p "$pid" -o "$DIR/$name.strace" 2>"$DIR/$name.strace.err" &
	done
	wait_strace
	for name in sriovctl ip; do
		grep -q attached "$DIR/$name.strace.err" ||
			fail "strace -p of the $name monitor: $(head -c 400 "$DIR/$name.strace.err")"
		# The "total" line's calls column; strace -c writes nothing when there was no call
		# (the wait it found the process in and left it in does not count).
		record "$group" "$name-syscalls" "$(awk '$NF == "total" { print $(NF - 2) + 0; f = 1 }
			END { if (!f) print 0 }' "$DIR/$name.strace")"
	done
	heartbeat
	monitors_stop
}

# wait_strace: the two strace runs above (each bounded by timeout), not the monitors.
wait_strace() {
	local p
	for p in $(jobs -p); do
		[ "$p" = "$WATCHDOG_PID" ] || wait "$p" || true
	done
}

# ---- the runs --------------------------------------------------------------------------------

step "igb $PF, $NVFS VFs, its netdev up: $CHANGES VLAN changes of VF $VF, one at a time"
set_numvfs "$PF" "$NVFS"
pfif=$(dev_ifname "$PF")
# The kernel announces a VF setting only while the PF is up (netdev_state_change()).
ip link set dev "$pfif" up
latency igb "$pfif"

net=$(netdevsim_new "$ID" 1000)
ip link set dev "$net" up
for n in "${COUNTS[@]}"; do
	step "netdevsim, $n VFs, its netdev up: $CHANGES VLAN changes of VF $VF, one at a time"
	netdevsim_numvfs "$ID" 0
	netdevsim_numvfs "$ID" "$n"
	latency "nsim$n" "$net"
	bystander "nsim$n" "$net" "$PF"
done
netdevsim_numvfs "$ID" 0
echo "$ID" >/sys/bus/netdevsim/del_device

step "idle: both monitors on $PF, nothing changing, $IDLE s counting wake-ups, $IDLE s under strace"
idle idle "$pfif"
set_numvfs "$PF" 0

if compgen -G "$DIR/*.extra" >/dev/null; then
	echo "sriovctl monitor printed more than the one event per change:"
	head -n 5 "$DIR"/*.extra
fi
echo
echo "sriovctl monitor against ip monitor on $(uname -r), QEMU TCG: ms from before \`ip link set"
echo "dev PF vf $VF vlan K\` to each monitor's stamp of it, median (p99, nearest rank) of $CHANGES"
echo "changes; gap: sriovctl's stamp - ip's for the same change (sriovctl reads the PF's VF list"
echo "again after the announcement ip prints); ip link set: that command's own time."
groups="igb"
for n in "${COUNTS[@]}"; do groups="$groups nsim$n"; done
awk -v groups="$groups" -v idle="$IDLE" "$QUANTILE_AWK"'
	function mq(g, k) { return sprintf("%.1f (%.1f)", median_ms(g, k), q_ms(g, k, 0.99)) }
	END {
		printf "  %-22s %-15s %-15s %-15s %-15s %s\n", "PF", "ip link set", "ip monitor",
			"sriovctl", "gap", "ip lines"
		ng = split(groups, G, " ")
		for (i = 1; i <= ng; i++) {
			g = G[i]; name = g == "igb" ? "igb, 4 VFs" : "netdevsim, " substr(g, 5) " VFs"
			printf "  %-22s %-15s %-15s %-15s %-15s %.2f\n", name, mq(g, "setlink"),
				mq(g, "ip"), mq(g, "sriovctl"), mq(g, "gap"),
				1 + sum(g SUBSEP "ip-extra") / count(g SUBSEP "ip-extra")
		}
		printf "  CPU ms per change: %-17s %-12s %-12s %s\n", "", "ip monitor", "sriovctl",
			"sriovctl monitor of the igb PF"
		for (i = 1; i <= ng; i++) {
			g = G[i]; name = g == "igb" ? "igb, 4 VFs" : "netdevsim, " substr(g, 5) " VFs"
			printf "  %-36s %-12.1f %-12.1f %s\n", name, S[g SUBSEP "ip-cpu"] / 1000,
				S[g SUBSEP "sriovctl-cpu"] / 1000,
				(g SUBSEP "bystander-cpu") in S ? sprintf("%.1f", S[g SUBSEP "bystander-cpu"] / 1000) : "-"
		}
		printf "  idle %d s (goal: 0): wake-ups (context switches) sriovctl %d, ip %d;", idle,
			S["idle" SUBSEP "sriovctl-wakeups"], S["idle" SUBSEP "ip-wakeups"]
		printf " system calls (strace -c, next %d s) sriovctl %d, ip %d\n", idle,
			S["idle" SUBSEP "sriovctl-syscalls"], S["idle" SUBSEP "ip-syscalls"]
	}' "$RESULTS"
echo "(ip lines: ip monitor's lines for the PF per change.) strace -c of the idle monitors:"
for name in sriovctl ip; do
	echo "  $name:"
	if [ -s "$DIR/$name.strace" ]; then sed 's/^/    /' "$DIR/$name.strace"; else echo "    (no system call)"; fi
done
