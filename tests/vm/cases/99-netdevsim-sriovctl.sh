#!/bin/bash
# sriovctl on netdevsim, the kernel's software SR-IOV device: a PF with no PCI function, whose
# VFs exist only in its netdev's VF list. pf list/show name it with its kind and null for what
# it lacks; numvfs is ready when the VF list counts the VFs; every VF attribute is set in one
# call and read back, with iproute2 as the oracle; a refused value leaves nothing applied; a
# resize keeps the settings; at 64, 256, 334, 335 and 1000 VFs vf list counts them all and the
# last VF is shown and set (said unverified where the kernel's list cannot hold it); a 1000-VF
# document applies from zero, applies again without a write (strace), and dump -> apply
# round trips.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF=netdevsim11
DIR=$(mktemp -d)
NUMVFS=/sys/bus/netdevsim/devices/$PF/sriov_numvfs

# ip_vf N: iproute2's line of VF N (it asks with counters: fine at the small counts used here).
ip_vf() {
	ip -d link show dev "$net" | grep -E "^    vf $1 " || fail "ip lists no vf $1 on $net"
}

# writes TRACE: sysfs files opened for writing, and RTM_SETLINK requests, in an strace log.
writes() {
	local n
	n=$(grep -E 'open(at)?\(.*"/sys/.*O_(WRONLY|RDWR)|open(at)?\([0-9]+, "[^/].*O_(WRONLY|RDWR)' "$1" |
		grep -vc '/run/' || true)
	echo "$n sysfs, $(grep -c 'RTM_SETLINK' "$1" || true) rtnetlink"
}

step "$PF with room for 1000 VFs"
net=$(netdevsim_new 11 1000)
echo "netdev $net"

step "pf list and pf show: kind netdevsim, no PCI address or ids, max_vfs as the total"
out=$(sriovctl_json pf list)
pf=$(jq -c ".[] | select(.name == \"$PF\")" <<<"$out")
[ -n "$pf" ] || fail "pf list has no $PF: $out"
json_load "$pf"
assert_eq netdevsim "$(jfield kind)" "kind"
assert_eq null "$(jfield pci)" "pci"
assert_eq null "$(jfield vendor)" "vendor"
assert_eq "$net" "$(jfield ifname)" "ifname"
assert_eq netdevsim "$(jfield driver)" "driver"
assert_eq 1000 "$(jfield total_vfs)" "total_vfs (netdevsim's max_vfs)"
assert_eq 0 "$(jfield num_vfs)" "num_vfs"
expect_exit 0 "$SRIOVCTL" pf show "$net"
echo "$OUT"
assert_contains "kind:               netdevsim" "$OUT" "pf show"
assert_contains "VFs:                0 of 1000" "$OUT" "pf show"

step "pf set numvfs 4: done when the VF list counts them"
expect_exit 0 "$SRIOVCTL" pf set "$PF" numvfs 4
assert_eq 4 "$(cat "$NUMVFS")" "sriov_numvfs"
out=$(sriovctl_json vf list "$PF")
assert_eq "4 null netdevsim11" "$(jget "$out" '"\(length) \(.[3].pci) \(.[3].pf)"')" "vf list"

step "every attribute in one vf set, read back by ip"
expect_exit 0 "$SRIOVCTL" vf set "$net/2" mac 02:00:00:00:02:02 vlan 10 qos 2 proto 802.1ad \
	min_tx_rate 10 max_tx_rate 100 spoofchk on trust on state disable query_rss on
echo "$OUT"
line=$(ip_vf 2)
echo "ip: $line"
for want in "link/ether 02:00:00:00:02:02" "vlan 10, qos 2, vlan protocol 802.1ad" \
	"spoof checking on" "link-state disable" "trust on" "query_rss on" \
	"max_tx_rate 100Mbps" "min_tx_rate 10Mbps"; do
	assert_contains "$want" "$line" "ip: VF 2"
done
out=$(sriovctl_json vf show "$PF/2")
assert_eq "02:00:00:00:02:02 10 2 802.1ad 10 100 true true disable true" \
	"$(jget "$out" '"\(.mac) \(.vlan) \(.qos) \(.vlan_proto) \(.min_tx_rate) \(.max_tx_rate) \(.spoofchk) \(.trust) \(.link_state) \(.query_rss)"')" \
	"vf show of every attribute"
out=$(sriovctl_json vf set "$PF/2" mac 02:00:00:00:02:02 vlan 10 qos 2 proto 802.1ad)
assert_eq false "$(jget "$out" .changed)" "the same settings again: changed"
# Typed as $net/2, named as every message names it (sriov_vf_get_label()).
expect_exit 0 "$SRIOVCTL" -n vf set "$net/2" trust off
assert_eq "$PF/2 ($net/2): trust on -> off" "$OUT" "vf set -n names a netdevsim VF"

step "a refused value (min_tx_rate above max_tx_rate) leaves nothing applied"
before=$(ip_vf 2)
expect_exit 1 "$SRIOVCTL" vf set "$PF/2" mac 02:00:00:00:02:99 vlan 20 min_tx_rate 500
echo "$ERR"
assert_contains "sriovctl: VF $PF/2 ($net/2): " "$ERR" "the refused VF named"
assert_contains "min_tx_rate 500" "$ERR" "the refusal"
assert_contains "above max_tx_rate 100" "$ERR" "the refusal"
assert_eq "$before" "$(ip_vf 2)" "VF 2 after the refusal"

step "netdevsim VFs cannot be bound or leased: said, nothing changed"
expect_exit 1 "$SRIOVCTL" vf bind "$PF/1" vfio-pci
assert_contains "no PCI function" "$ERR" "vf bind"
expect_exit 1 "$SRIOVCTL" vf acquire "$PF/any"
assert_contains "no PCI function" "$ERR" "vf acquire"

step "resize 4 -> 8 keeps VF 2's settings"
expect_exit 0 "$SRIOVCTL" pf set "$PF" numvfs 8
assert_eq 8 "$(cat "$NUMVFS")" "sriov_numvfs"
assert_eq "$before" "$(ip_vf 2)" "VF 2 after the resize"

for n in 64 256 334 335 1000; do
	step "$n VFs: vf list counts all, the last VF shown and set"
	netdevsim_numvfs 11 0
	expect_exit 0 "$SRIOVCTL" pf set "$PF" numvfs "$n"
	last=$((n - 1))
	out=$(sriovctl_json vf list "$PF")
	listed=$(( n * 196 + 4 <= 65535 ? n : ((n * 196 + 4) % 65536) / 196 ))
	assert_eq "$n $listed" "$(jget "$out" '"\(length) \([.[] | select(.spoofchk != null)] | length)"')" \
		"$n VFs: rows, rows with settings"
	expect_exit 0 "$SRIOVCTL" vf show "$PF/$last"
	expect_exit 0 "$SRIOVCTL" vf set "$PF/$last" vlan 42
	if [ "$listed" -gt "$last" ]; then
		assert_eq 42 "$(jget "$(sriovctl_json vf show "$PF/$last")" .vlan)" "VF $last vlan"
	else
		# The kernel's list cannot hold it: set, and said so rather than called verified.
		assert_contains "not read back" "$ERR" "vf set of an unlisted VF"
		assert_contains "settings:     - (" "$("$SRIOVCTL" vf show "$PF/$last")" "vf show of an unlisted VF"
	fi
done

step "apply from zero of a 1000-VF document"
netdevsim_numvfs 11 0
# netdevsim has no permanent MAC to derive VF MACs from ("auto"): each VF's MAC is given.
{
	echo "{\"version\": 1, \"pfs\": [{\"ifname\": \"$net\", \"num_vfs\": 1000, \"vfs\": ["
	sep=' '
	for ((i = 0; i < 1000; i++)); do
		printf ' %s{"vf": %d, "mac": "02:00:00:00:%02x:%02x", "vlan": 7, "spoofchk": true, "trust": false}\n' \
			"$sep" "$i" $((i / 256)) $((i % 256))
		sep=,
	done
	echo ']}]}'
} >"$DIR/big.json"
expect_exit 0 strace -f -qq -s 256 -e trace=openat,open,sendmsg,sendto -o "$DIR/trace-1" \
	"$SRIOVCTL" -j apply "$DIR/big.json"
first=$OUT
echo "first apply: writes $(writes "$DIR/trace-1"); unverified $(jget "$first" '.unverified | length')"
assert_eq 1000 "$(cat "$NUMVFS")" "sriov_numvfs after the apply"
assert_eq true "$(jget "$first" .changed)" "first apply changed"
# Every VF the kernel can list (331 of 1000 without counters) verified; the rest named.
assert_eq 669 "$(jget "$first" '.unverified | length')" "VFs named unverified"
out=$(sriovctl_json vf list "$PF")
assert_eq 331 "$(jget "$out" '[.[] | select(.vlan == 7 and .spoofchk == true)] | length')" \
	"listed VFs with vlan 7, spoofchk on"

step "the same document again: no write for the VFs that can be read"
expect_exit 0 strace -f -qq -s 256 -e trace=openat,open,sendmsg,sendto -o "$DIR/trace-2" \
	"$SRIOVCTL" -j apply "$DIR/big.json"
echo "re-apply: writes $(writes "$DIR/trace-2"); changed $(jget "$OUT" .changed)"
assert_eq "0 sysfs" "$(writes "$DIR/trace-2" | cut -d, -f1)" "sysfs writes of the re-apply"
# What it sends again is for the VFs whose settings cannot be read, and only those.
assert_eq "0 669" "$(jget "$OUT" '"\([.changes[] | select(.vf == null or .vf < 331)] | length) \([.changes[].vf] | unique | length)"')" \
	"re-apply: changes of readable VFs, VFs changed"

step "dump -> apply round trips (at 8 VFs, which the kernel lists whole)"
netdevsim_numvfs 11 0
expect_exit 0 "$SRIOVCTL" pf set "$PF" numvfs 8
expect_exit 0 "$SRIOVCTL" vf set "$PF/3" vlan 33 trust on
dump=$("$SRIOVCTL" dump)
pfdoc=$(jq -c "{version: 1, pfs: [.pfs[] | select(.ifname == \"$net\")]}" <<<"$dump")
[ "$(jget "$pfdoc" '.pfs | length')" = 1 ] || fail "dump has no PF named by ifname $net: $dump"
printf '%s\n' "$pfdoc" >"$DIR/dump.json"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/dump.json"
assert_eq false "$(jget "$OUT" .changed)" "apply of the dump changed"
expect_exit 0 "$SRIOVCTL" vf set "$PF/3" vlan 0 trust off
expect_exit 0 "$SRIOVCTL" apply "$DIR/dump.json"
assert_contains "vlan 33" "$(ip_vf 3)" "ip: VF 3 after the apply"
echo "netdevsim sriovctl OK"
