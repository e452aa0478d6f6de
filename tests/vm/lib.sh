# Helpers for testbed cases (tests/vm/cases/*.sh); sourced, never run.
#
# A case starts with
#     . "$TOP/tests/vm/lib.sh"
#     strict_mode
# and runs as root in the guest with TOP, SRIOVCTL and LD_LIBRARY_PATH set.
# The harness calls reset_host before every case, so a case may assume: no
# VFs, autoprobe on, no driver_override, no leases, no netdevsim device, PFs under
# their boot-time names, no udevd.
# This file only defines functions (guest-init sources it too).

SYS_PCI=/sys/bus/pci/devices

# ---- failing and asserting -------------------------------------------------

# Makes the case stop at the first failing command and say which one it was.
strict_mode() {
	set -eEuo pipefail
	trap 'echo "FAIL: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Prints what a case is about to check, so a failure has context in the log.
step() {
	echo "-- $*"
}

# assert_eq EXPECTED ACTUAL WHAT
assert_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}

# assert_match ERE ACTUAL WHAT
assert_match() {
	[[ $2 =~ $1 ]] || fail "$3: '$2' does not match /$1/"
}

# assert_contains NEEDLE HAYSTACK WHAT
assert_contains() {
	[[ $2 == *"$1"* ]] || fail "$3: '$1' not found in: $2"
}

# try CMD...: runs an assertion in a subshell and carries on when it fails;
# end the case with finish_tries, which fails if any try did. For cases
# that check a list of independent contract points and should report all.
TRIES_FAILED=0
try() {
	("$@") || TRIES_FAILED=$((TRIES_FAILED + 1))
}

finish_tries() {
	[ "$TRIES_FAILED" = 0 ] || fail "$TRIES_FAILED check(s) failed"
}

# expect_exit STATUS CMD...: runs CMD, fails unless it exits STATUS; leaves
# its stdout in $OUT and its stderr in $ERR for further checks.
expect_exit() {
	local want=$1 got=0 errf
	shift
	errf=$(mktemp)
	OUT=$("$@" 2>"$errf") || got=$?
	ERR=$(cat "$errf")
	rm -f "$errf"
	[ "$got" = "$want" ] ||
		fail "'$*' exited $got, expected $want; stdout: '$OUT'; stderr: '$ERR'"
}

# ---- sriovctl ---------------------------------------------------------------

require_sriovctl() {
	[ -x "$SRIOVCTL" ] || fail "sriovctl is not built: $SRIOVCTL is missing (run make)"
}

# sriovctl_json ARGS...: runs "sriovctl -j ARGS", fails unless it exits 0 with
# something on stdout, and prints that. (Whoever parses it with jq finds out
# whether it is valid JSON; an extra jq run costs ~0.4 s under TCG.)
sriovctl_json() {
	expect_exit 0 "$SRIOVCTL" -j "$@"
	[ -n "$OUT" ] || fail "'sriovctl -j $*' printed nothing"
	printf '%s\n' "$OUT"
}

# jget JSON FILTER: one value as text (null prints "null").
jget() {
	jq -r "$2" <<<"$1"
}

# json_load JSON: loads the members of one JSON object into the associative
# arrays J (strings as they are, anything else as JSON text: null, true, 8)
# and JT (the jq type of each). jq starts slowly under TCG (~0.4 s), so cases
# read an object once and then check J.
declare -gA J=() JT=()
json_load() {
	local k t v
	J=() JT=()
	while IFS=$'\t' read -r k t v; do
		J[$k]=$v
		JT[$k]=$t
	done < <(jq -r 'to_entries[] | [.key, (.value | type),
		(.value | if type == "string" then . else tojson end)] | @tsv' <<<"$1")
	[ ${#J[@]} -gt 0 ] || fail "not a JSON object with members: $1"
}

# jfield KEY: the loaded object's KEY, failing when the key is absent.
jfield() {
	[ -n "${JT[$1]+set}" ] || fail "JSON key '$1' missing"
	printf '%s' "${J[$1]}"
}

# ---- sysfs -------------------------------------------------------------------

# SR-IOV capable PFs by PCI address, sorted.
list_pfs() {
	local d
	for d in "$SYS_PCI"/*; do
		[ -e "$d/sriov_totalvfs" ] && basename "$d"
	done
	return 0
}

# The one netdev of a PCI device, empty when it has none.
dev_ifname() {
	local n
	for n in "$SYS_PCI/$1"/net/*; do
		[ -e "$n" ] && { basename "$n"; return 0; }
	done
	return 0
}

# Driver bound to a PCI device, empty when none.
dev_driver() {
	local l
	l=$(readlink "$SYS_PCI/$1/driver" 2>/dev/null) || return 0
	basename "$l"
}

dev_iommu_group() {
	basename "$(readlink "$SYS_PCI/$1/iommu_group")"
}

# sysfs_hex_id PCI vendor|device: "0x8086" -> "8086"
sysfs_hex_id() {
	local v
	v=$(cat "$SYS_PCI/$1/$2")
	echo "${v#0x}"
}

# vf_pci PF INDEX: PCI address of VF INDEX, from the virtfnN link.
vf_pci() {
	basename "$(readlink "$SYS_PCI/$1/virtfn$2")"
}

count_virtfn() {
	local n=0 l
	for l in "$SYS_PCI/$1"/virtfn*; do
		[ -e "$l" ] && n=$((n + 1))
	done
	echo "$n"
}

# ---- creating VFs ----------------------------------------------------------

# set_numvfs PF N: writes sriov_numvfs directly (0 first when resizing, as the
# kernel demands) and waits until the VFs are ready.
set_numvfs() {
	local pf=$1 n=$2 f cur
	f=$SYS_PCI/$pf/sriov_numvfs
	cur=$(cat "$f")
	if [ "$cur" != "$n" ]; then
		if [ "$cur" != 0 ] && [ "$n" != 0 ]; then
			echo 0 >"$f" || fail "$pf: writing 0 to sriov_numvfs failed"
		fi
		echo "$n" >"$f" || fail "$pf: writing $n to sriov_numvfs failed"
	fi
	wait_vfs_ready "$pf" "$n"
}

# What is still missing before the VFs of PF are usable; empty when ready.
# A VF is ready when its driver is bound (if autoprobe is on and no override
# says otherwise) and, for igbvf, its netdev exists.
vfs_missing() {
	local pf=$1 n=$2 i vf drv autoprobe have
	have=$(count_virtfn "$pf")
	[ "$have" = "$n" ] || { echo "$pf has $have virtfn links, want $n"; return; }
	autoprobe=$(cat "$SYS_PCI/$pf/sriov_drivers_autoprobe")
	for ((i = 0; i < n; i++)); do
		vf=$(vf_pci "$pf" "$i") || { echo "$pf virtfn$i unreadable"; return; }
		drv=$(dev_driver "$vf")
		if [ -z "$drv" ] && [ "$autoprobe" = 1 ]; then
			echo "VF $vf has no driver yet"
			return
		fi
		if [ "$drv" = igbvf ] && [ -z "$(dev_ifname "$vf")" ]; then
			echo "VF $vf has no netdev yet"
			return
		fi
	done
}

# wait_vfs_ready PF [N [TIMEOUT]]: polls (with a deadline) until PF has N
# ready VFs; with udevd running also until udev has handled every event
# (netdevs renamed).
wait_vfs_ready() {
	local pf=$1 n=${2:-} timeout=${3:-30} deadline missing
	[ -n "$n" ] || n=$(cat "$SYS_PCI/$pf/sriov_numvfs")
	deadline=$((SECONDS + timeout))
	while missing=$(vfs_missing "$pf" "$n") && [ -n "$missing" ]; do
		[ "$SECONDS" -lt "$deadline" ] || fail "VFs of $pf not ready after $timeout s: $missing"
		sleep 0.1
	done
	if udevd_running; then
		udevadm settle --timeout="$timeout" || fail "udevadm settle timed out"
	fi
}

# ---- udevd ---------------------------------------------------------------------

udevd_running() {
	pidof systemd-udevd >/dev/null 2>&1
}

# Starts a host-like device manager: udevd plus a coldplug of what already
# exists (which renames the PFs' netdevs as on a real host).
start_udevd() {
	udevd_running && return 0
	/lib/systemd/systemd-udevd --daemon || fail "systemd-udevd --daemon failed"
	udevadm trigger --action=add || fail "udevadm trigger failed"
	udevadm settle --timeout=60 || fail "udevadm settle timed out"
}

# Stops udevd and forgets its database, so later cases see a kernel-only world.
stop_udevd() {
	local i
	if udevd_running; then
		udevadm control --exit 2>/dev/null || true
		for ((i = 0; i < 50; i++)); do
			udevd_running || break
			sleep 0.1
		done
		if udevd_running; then
			# shellcheck disable=SC2046 # one word per pid
			kill -KILL $(pidof systemd-udevd) 2>/dev/null || true
			sleep 0.2
		fi
	fi
	rm -rf /run/udev
}

# ---- state between cases -----------------------------------------------------

# Remembers each PF's boot-time netdev name (kernel name, e.g. eth0).
record_pf_names() {
	local pf
	mkdir -p /run/testbed
	for pf in $(list_pfs); do
		echo "$pf $(dev_ifname "$pf")"
	done >/run/testbed/pf-names
}

restore_pf_names() {
	local pf name cur
	[ -r /run/testbed/pf-names ] || return 0
	while read -r pf name; do
		cur=$(dev_ifname "$pf")
		if [ -z "$name" ] || [ -z "$cur" ] || [ "$cur" = "$name" ]; then
			continue
		fi
		if ! ip link set dev "$cur" down || ! ip link set dev "$cur" name "$name"; then
			echo "cannot rename $cur back to $name" >&2
			return 1
		fi
	done </run/testbed/pf-names
}

# ---- systemd units, without systemd ----------------------------------------------

# reapply_unit_command INSTANCE: CMD is sriov-reapply@.service's ExecStart as make install
# writes it, with the build's sriovctl for @BINDIR@/sriovctl and INSTANCE for %I (systemd's
# unescaped instance: a PCI address or netdevsimN has nothing to unescape). The guest has no
# systemd as PID 1; the line has no quotes, so its words are split as systemd splits them.
reapply_unit_command() {
	local unit=$TOP/systemd/sriov-reapply@.service.in line
	line=$(sed -n 's|^ExecStart=@BINDIR@/sriovctl ||p' "$unit")
	[ -n "$line" ] || fail "$unit has no ExecStart=@BINDIR@/sriovctl ..."
	[[ $line != *[\'\"\\]* ]] || fail "ExecStart has quotes or escapes; split it as systemd does: $line"
	[[ $line == *%I* ]] || fail "ExecStart does not name the PF (%I): $line"
	read -ra CMD <<<"${line//%I/$1}"
	CMD=("$SRIOVCTL" "${CMD[@]}")
}

# ---- netdevsim -----------------------------------------------------------------

# devlink_vf_ports BUS/DEV: "VFNUM PORT NETDEV" per VF port of that devlink instance, as
# devlink lists them, sorted by VF.
devlink_vf_ports() {
	devlink -j port show | jq -r --arg dl "$1/" '.port | to_entries[] |
		select(.key | startswith($dl)) | select(.value.flavour == "pcivf") |
		"\(.value.vfnum) \(.key) \(.value.netdev)"' | sort -n
}

# netdevsim_new ID MAX_VFS: a netdevsim device netdevsimID with one port whose netdev can have
# up to MAX_VFS VFs; prints the netdev's name. The module is the testbed's own build
# (NETDEVSIM_KO); a case that cannot have it fails, it does not skip.
netdevsim_new() {
	local id=$1 max=$2 dev=/sys/bus/netdevsim/devices/netdevsim$1 net
	[ -n "${NETDEVSIM_KO:-}" ] && [ -s "$NETDEVSIM_KO" ] ||
		fail "no netdevsim module (NETDEVSIM_KO='${NETDEVSIM_KO:-}'): testbed prepare builds it"
	if [ ! -d /sys/bus/netdevsim ]; then
		modprobe psample || fail "modprobe psample (netdevsim needs it) failed"
		insmod "$NETDEVSIM_KO" || fail "insmod $NETDEVSIM_KO failed"
	fi
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug ||
		fail "cannot mount debugfs for netdevsim's max_vfs"
	echo "$id 1" >/sys/bus/netdevsim/new_device || fail "netdevsim: new_device $id failed"
	for _ in $(seq 50); do
		net=$(ls "$dev/net" 2>/dev/null | head -n 1)
		[ -n "$net" ] && break
		sleep 0.1
	done
	[ -n "$net" ] || fail "netdevsim$id made no netdev"
	echo "$max" >"/sys/kernel/debug/netdevsim/netdevsim$id/max_vfs" ||
		fail "netdevsim$id: writing max_vfs $max failed"
	echo "$net"
}

# netdevsim_numvfs ID N: sriov_numvfs of netdevsimID, through 0 as the kernel wants.
netdevsim_numvfs() {
	local f=/sys/bus/netdevsim/devices/netdevsim$1/sriov_numvfs
	if [ "$(cat "$f")" != 0 ] && [ "$2" != 0 ]; then
		echo 0 >"$f" || fail "netdevsim$1: sriov_numvfs 0 failed"
	fi
	echo "$2" >"$f" || fail "netdevsim$1: sriov_numvfs $2 failed"
}

# reset_host: no udevd, no VFs, autoprobe on, no driver_override anywhere,
# every device that lost its driver re-probed, PFs under their boot names, and no
# lease journals (a case that failed part-way may leave one; its VF is gone now).
reset_host() {
	local pf d bdf ok=0
	stop_udevd
	# Network namespaces a case made (libsriov-cni's): their VF netdevs go back to the host.
	ip -all netns delete 2>/dev/null || true
	for pf in $(list_pfs); do
		if [ "$(cat "$SYS_PCI/$pf/sriov_numvfs")" != 0 ]; then
			echo 0 >"$SYS_PCI/$pf/sriov_numvfs" || { echo "$pf: cannot remove VFs" >&2; ok=1; }
		fi
		echo 1 >"$SYS_PCI/$pf/sriov_drivers_autoprobe" || ok=1
	done
	for d in "$SYS_PCI"/*; do
		[ -w "$d/driver_override" ] || continue
		[ "$(cat "$d/driver_override")" = "(null)" ] && continue
		bdf=$(basename "$d")
		echo >"$d/driver_override" || ok=1
		if [ ! -e "$d/driver" ]; then
			echo "$bdf" >/sys/bus/pci/drivers_probe 2>/dev/null || true
		fi
	done
	rm -f /run/libsriov/*.lease
	# No netdevsim device outlives its case.
	for d in /sys/bus/netdevsim/devices/netdevsim*; do
		[ -e "$d" ] || continue
		echo "${d##*/netdevsim}" >/sys/bus/netdevsim/del_device || ok=1
	done
	restore_pf_names || ok=1
	return "$ok"
}
