#!/bin/bash
# A PF that comes back gets its part of /etc/sriov/config.json again, and no other PF is
# written (strace is the witness): sriov-reapply@.service's command, word for word as the unit
# has it, run as soon as udevd has handled the PF's bind, after an igb PF's driver is unbound
# and bound again, after a PCI remove and rescan of the other igb PF, and after a netdevsim
# device is deleted and made again; each time `sriovctl dump` is what it was before the PF
# went, except what was changed on that PF since the document was applied, which is put back.
# 80-sriov-reapply.rules, run by udevd, names that unit on the PF's bind, on no VF's, and not
# without the document. Not shown here: that systemd starts the unit (the guest's PID 1 is no
# systemd); tests/systemd/check-unit-file.sh verifies the unit and the rule's words.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
command -v strace >/dev/null || fail "strace is not in the guest"

PF1=0000:01:00.0
PF2=0000:02:00.0
NSIM_ID=21
NSIM=netdevsim$NSIM_ID
NSIM_SYS=/sys/bus/netdevsim/devices/$NSIM
DOC=/etc/sriov/config.json
RULE=/etc/udev/rules.d/80-sriov-reapply.rules
DIR=$(mktemp -d)

# The guest's root is an overlay on a tmpfs: these files exist in this boot only.
[ ! -e "$DOC" ] || fail "$DOC exists already: this case would replace it"
cleanup() {
	rm -f "$DOC" "$RULE"
	rmdir /etc/sriov 2>/dev/null || true
	if udevd_running; then udevadm control --reload || true; fi
	rm -rf "$DIR"
}
trap cleanup EXIT

# device_path SYSFS-LINK: the device's own sysfs path, as udevadm names it.
device_path() {
	realpath "$1"
}

# wants SYSFS: the SYSTEMD_WANTS udevd recorded for the device's last event ("" for none).
wants() {
	udevadm info -q property "$(device_path "$1")" 2>/dev/null | sed -n 's/^SYSTEMD_WANTS=//p'
}

# wait_wants SYSFS UNIT: until udevd has handled the device's bind and recorded UNIT in its
# database, as systemd would be told of it; at most 30 s.
wait_wants() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(wants "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	fail "$1: udevd recorded SYSTEMD_WANTS='$(wants "$1")', not $2, 30 s after the bind"
}

# pf_words PF: what names PF or one of its VFs in a write: its PCI address or netdevsim name,
# its VFs' PCI addresses, its netdev (its VFs' netdevs begin with it under udevd), its ifindex.
pf_words() {
	local pf=$1 net l
	echo "$pf"
	for l in "$SYS_PCI/$pf"/virtfn*; do
		[ -e "$l" ] && basename "$(readlink "$l")"
	done
	if [ -d "$SYS_PCI/$pf" ]; then
		net=$(dev_ifname "$pf")
	else
		net=$(ls "$NSIM_SYS/net")
	fi
	echo "$net"
	echo "ifi_index=$(cat "/sys/class/net/$net/ifindex"),"
}

# writes_naming TRACE PF...: how many writes in TRACE name one of the PFs (pf_words): sysfs
# files written (strace -y shows each descriptor's path) and RTM_SETLINK/RTM_NEWLINK requests.
writes_naming() {
	local trace=$1 pf w words=()
	shift
	for pf in "$@"; do
		while read -r w; do words+=(-e "$w"); done < <(pf_words "$pf")
	done
	grep -E '^[0-9]+ +(write\([0-9]+</sys/|sendmsg\(.*RTM_(SETLINK|NEWLINK))' "$trace" |
		grep -cF "${words[@]}" || true
}

# since T0: seconds from T0 (date +%s.%N) until now, to a tenth.
since() {
	awk -v t0="$1" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }'
}

# reapply PF OTHER...: the unit's command for PF under strace; exit 0, at least one write to PF,
# none to the OTHER PFs.
reapply() {
	local pf=$1 trace=$DIR/trace-$1 t0
	shift
	reapply_unit_command "$pf"
	echo "running: ${CMD[*]}"
	t0=$(date +%s.%N)
	expect_exit 0 strace -f -y -qq -s 256 -e trace=openat,write,sendmsg,sendto -o "$trace" "${CMD[@]}"
	echo "$OUT"
	echo "re-apply of $pf: $(since "$t0") s;" \
		"writes to it: $(writes_naming "$trace" "$pf"), to the others: $(writes_naming "$trace" "$@")"
	[ "$(writes_naming "$trace" "$pf")" -gt 0 ] ||
		fail "strace saw no write to $pf: the check of the other PFs below would prove nothing"
	assert_eq 0 "$(writes_naming "$trace" "$@")" "writes of the re-apply of $pf to $*"
}

step "udevd with 80-sriov-reapply.rules, a netdevsim PF, and a document for all three PFs"
mkdir -p /etc/udev/rules.d /etc/sriov
cp "$TOP/udev/80-sriov-reapply.rules" "$RULE"
start_udevd
udevadm control --reload
# The PFs' netdevs under the names udev gives them: an earlier case may have left one under a
# name set with `ip link set name` (a PCI rescan, then reset_host's boot names), which udev
# keeps, while the netdev of a PF bound again is named by udev. Bound once here (the document
# does not exist yet, so the rule is silent), both agree from the start.
for pf in "$PF1" "$PF2"; do
	echo "$pf" >/sys/bus/pci/drivers/igb/unbind
	echo "$pf" >/sys/bus/pci/drivers/igb/bind
done
netdevsim_new "$NSIM_ID" 8 >/dev/null
udevadm settle --timeout=30
PF1NAME=$(dev_ifname "$PF1")
PF2NAME=$(dev_ifname "$PF2")
NSIMNAME=$(ls "$NSIM_SYS/net")
echo "PFs: $PF1 $PF1NAME, $PF2 $PF2NAME, $NSIM $NSIMNAME"
# PF1 by PCI address, PF2 and netdevsim by netdev: a re-apply finds them under the names udev
# gives them back.
cat >"$DOC" <<EOF
{"version": 1, "pfs": [
 {"pci": "$PF1", "num_vfs": 3, "drivers_autoprobe": true, "vfs": [
   {"vf": "0-1", "mac": "auto", "vlan": 10},
   {"vf": 2, "mac": "02:00:00:00:01:02", "vlan": 12, "qos": 3, "spoofchk": false}]},
 {"ifname": "$PF2NAME", "num_vfs": 2, "drivers_autoprobe": true, "vfs": [
   {"vf": 0, "mac": "auto", "vlan": 20},
   {"vf": 1, "mac": "auto", "trust": true}]},
 {"ifname": "$NSIMNAME", "num_vfs": 2, "vfs": [
   {"vf": 0, "mac": "02:00:00:00:21:00", "vlan": 30}]}]}
EOF
expect_exit 0 "$SRIOVCTL" apply "$DOC"
echo "$OUT" | tail -1
expect_exit 0 "$SRIOVCTL" apply --dry-run "$DOC"
assert_eq "No changes." "$OUT" "the document holds after the apply"

step "the rule: the unit for a PF's bind, none for a VF's, none without the document"
# udevadm test runs the rules for a made-up event and prints what they set.
rule_wants() {
	udevadm test --action=bind "$(device_path "$1")" 2>/dev/null | sed -n 's/^SYSTEMD_WANTS=//p'
}
assert_eq "sriov-reapply@$PF2.service" "$(rule_wants "$SYS_PCI/$PF2")" "udevadm test: bind of $PF2"
assert_eq "sriov-reapply@$NSIM.service" "$(rule_wants "$NSIM_SYS")" "udevadm test: bind of $NSIM"
assert_eq "" "$(rule_wants "$SYS_PCI/$(vf_pci "$PF2" 0)")" "udevadm test: bind of a VF"
mv "$DOC" "$DIR/doc.json"
assert_eq "" "$(rule_wants "$SYS_PCI/$PF2")" "udevadm test: bind of $PF2 without $DOC"
mv "$DIR/doc.json" "$DOC"
# The VFs the apply made were bound by udevd's own events: none asked for the unit.
assert_eq "" "$(wants "$SYS_PCI/$(vf_pci "$PF1" 0)")" "udevd's record of a VF's bind"

step "$PF2 ($PF2NAME, named by netdev) unbound and bound again: it alone goes back to the document"
# A change on the other PF since the apply stays; one on this PF that outlives the rebind
# (drivers_autoprobe is the PCI core's) is put back.
ip link set dev "$PF1NAME" vf 1 vlan 77
"$SRIOVCTL" dump >"$DIR/before-1.json"
echo 0 >"$SYS_PCI/$PF2/sriov_drivers_autoprobe"
echo "$PF2" >/sys/bus/pci/drivers/igb/unbind
udevadm settle --timeout=30
assert_eq "" "$(wants "$SYS_PCI/$PF2")" "udevd's record of $PF2's unbind"
t0=$(date +%s.%N)
echo "$PF2" >/sys/bus/pci/drivers/igb/bind
wait_wants "$SYS_PCI/$PF2" "sriov-reapply@$PF2.service"
udevadm info -q property "$(device_path "$SYS_PCI/$PF2")" | grep -q '^CURRENT_TAGS=.*:systemd:' ||
	fail "udevd did not tag $PF2 for systemd on its bind: systemd would ignore SYSTEMD_WANTS"
assert_eq 0 "$(cat "$SYS_PCI/$PF2/sriov_numvfs")" "$PF2's VFs after the rebind"
assert_eq "$PF2NAME" "$(dev_ifname "$PF2")" "$PF2's netdev when udevd has handled the bind"
reapply "$PF2" "$PF1" "$NSIM"
echo "from the bind to the document back: $(since "$t0") s"
"$SRIOVCTL" dump >"$DIR/after-1.json"
diff -u "$DIR/before-1.json" "$DIR/after-1.json" || fail "dump after the re-apply of $PF2 differs"
assert_eq 1 "$(cat "$SYS_PCI/$PF2/sriov_drivers_autoprobe")" "$PF2's drivers_autoprobe put back"
expect_exit 0 "$SRIOVCTL" apply --dry-run "$DOC"
assert_eq "VF $(vf_pci "$PF1" 1) ($PF1NAME/1): vlan 77 -> 10
1 change planned (dry run, nothing applied)." "$OUT" "the whole document: only the other PF's change is left"

step "the witness sees a write to the other PF: the whole document applied"
strace -f -y -qq -s 256 -e trace=openat,write,sendmsg,sendto -o "$DIR/trace-all" \
	"$SRIOVCTL" apply "$DOC" >/dev/null || fail "the apply of the whole document failed"
[ "$(writes_naming "$DIR/trace-all" "$PF1")" -gt 0 ] ||
	fail "strace saw no write of the whole apply to $PF1, which it changed: the witness is blind"

step "$PF1 (named by PCI address) removed from the PCI bus and found again by a rescan"
ip link set dev "$PF2NAME" vf 0 vlan 78
"$SRIOVCTL" dump >"$DIR/before-2.json"
echo 1 >"$SYS_PCI/$PF1/remove"
udevadm settle --timeout=30
[ ! -e "$SYS_PCI/$PF1" ] || fail "$PF1 is still there after its remove"
t0=$(date +%s.%N)
echo 1 >/sys/bus/pci/rescan
wait_wants "$SYS_PCI/$PF1" "sriov-reapply@$PF1.service"
PF1NAME=$(dev_ifname "$PF1")
reapply "$PF1" "$PF2" "$NSIM"
echo "from the rescan to the document back: $(since "$t0") s"
"$SRIOVCTL" dump >"$DIR/after-2.json"
diff -u "$DIR/before-2.json" "$DIR/after-2.json" || fail "dump after the re-apply of $PF1 differs"

step "$NSIM ($NSIMNAME, named by netdev) deleted and made again"
"$SRIOVCTL" dump >"$DIR/before-3.json"
echo "$NSIM_ID" >/sys/bus/netdevsim/del_device
udevadm settle --timeout=30
t0=$(date +%s.%N)
echo "$NSIM_ID 1" >/sys/bus/netdevsim/new_device
wait_wants "$NSIM_SYS" "sriov-reapply@$NSIM.service"
assert_eq "$NSIMNAME" "$(ls "$NSIM_SYS/net")" "$NSIM's netdev when udevd has handled the bind"
# netdevsim keeps its VF limit in debugfs, not in the device: given again, as a NIC has it.
echo 8 >"/sys/kernel/debug/netdevsim/$NSIM/max_vfs"
reapply "$NSIM" "$PF1" "$PF2"
echo "from the new device to the document back: $(since "$t0") s"
"$SRIOVCTL" dump >"$DIR/after-3.json"
diff -u "$DIR/before-3.json" "$DIR/after-3.json" || fail "dump after the re-apply of $NSIM differs"

step "--pf for a PF the document does not describe: nothing to do, exit 0"
printf '{"version": 1, "pfs": [{"pci": "%s", "num_vfs": 3}]}\n' "$PF1" >"$DIR/pf1-only.json"
expect_exit 0 "$SRIOVCTL" apply --pf "$PF2" "$DIR/pf1-only.json"
assert_eq "PF $PF2 ($PF2NAME): $DIR/pf1-only.json does not describe it, nothing to do.
No changes." "$OUT" "apply --pf $PF2 of a document for $PF1 alone"
echo "re-apply OK"
