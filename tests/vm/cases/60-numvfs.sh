#!/bin/bash
# sriovctl pf set numvfs on a real kernel: VFs are ready when the command returns (with and
# without udevd), autoprobe off leaves them driverless, a resize keeps the surviving VFs'
# settings, VFs in use are refused unless forced, and bad input changes nothing.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0
PF2=0000:02:00.0

# ready_now PF N: every VF has igbvf and a netdev at once, with no settle or wait of ours.
ready_now() {
	local pf=$1 n=$2 i vf
	assert_eq "$n" "$(cat "$SYS_PCI/$pf/sriov_numvfs")" "$pf sriov_numvfs"
	for ((i = 0; i < n; i++)); do
		vf=$(vf_pci "$pf" "$i")
		assert_eq igbvf "$(dev_driver "$vf")" "$vf driver right after pf set"
		[ -n "$(dev_ifname "$vf")" ] || fail "$vf has no netdev right after pf set"
	done
}

# vf_macs PF: the VFs' MACs as the PF driver reports them, in VF order.
vf_macs() {
	ip -j link show dev "$(dev_ifname "$1")" | jq -r '.[0].vfinfo_list[].address' | paste -sd' '
}

step "7 VFs on each PF without udevd: ready when pf set returns"
"$SRIOVCTL" pf set "$PF1" numvfs 7
ready_now "$PF1" 7
"$SRIOVCTL" pf set "$(dev_ifname "$PF2")" numvfs 7
ready_now "$PF2" 7

step "the same count again changes nothing"
before=$(ls "$SYS_PCI/$PF1/virtfn0/net")
"$SRIOVCTL" pf set "$PF1" numvfs 7
assert_eq "$before" "$(ls "$SYS_PCI/$PF1/virtfn0/net")" "VF 0 netdev after a no-op"

step "resize 7 -> 3 keeps the MACs of VFs 0-2"
pfname=$(dev_ifname "$PF1")
for i in 0 1 2; do
	ip link set dev "$pfname" vf "$i" mac "02:00:00:00:01:0$i"
done
ip link set dev "$pfname" vf 1 vlan 10 qos 2
"$SRIOVCTL" pf set "$PF1" numvfs 3
ready_now "$PF1" 3
assert_eq "02:00:00:00:01:00 02:00:00:00:01:01 02:00:00:00:01:02" "$(vf_macs "$PF1")" \
	"VF MACs after the resize"
assert_eq 10 "$(ip -j link show dev "$pfname" | jq -r '.[0].vfinfo_list[1].vlan_list[0].vlan')" \
	"VF 1 vlan after the resize"

step "with udevd: VF netdevs renamed (enp1s0v<index>) when pf set returns"
"$SRIOVCTL" pf set "$PF1" numvfs 0
start_udevd
"$SRIOVCTL" pf set "$PF1" numvfs 4
for i in 0 1 2 3; do
	# udev names VFs by their PCI path, whatever the PF is called at the moment.
	assert_match "^en[a-z0-9]+v$i\$" "$(dev_ifname "$(vf_pci "$PF1" "$i")")" \
		"VF $i name right after pf set"
done
stop_udevd

step "autoprobe off: VFs without driver, autoprobe stays off"
"$SRIOVCTL" pf set "$PF2" numvfs 0
"$SRIOVCTL" pf set "$PF2" numvfs 3 autoprobe off
assert_eq 0 "$(cat "$SYS_PCI/$PF2/sriov_drivers_autoprobe")" "$PF2 autoprobe"
for i in 0 1 2; do
	assert_eq "" "$(dev_driver "$(vf_pci "$PF2" "$i")")" "$PF2 VF $i driver"
done
assert_eq false "$(jget "$(sriovctl_json pf show "$PF2")" .drivers_autoprobe)" "pf show autoprobe"

step "a VF bound to vfio-pci stops a resize, unless forced"
vf=$(vf_pci "$PF2" 1)
echo vfio-pci >"$SYS_PCI/$vf/driver_override"
echo "$vf" >/sys/bus/pci/drivers_probe
assert_eq vfio-pci "$(dev_driver "$vf")" "$vf bound"
expect_exit 1 "$SRIOVCTL" pf set "$PF2" numvfs 0
assert_contains "VF $vf ($(dev_ifname "$PF2")/1): bound to vfio-pci" "$ERR" "refusal names the VF"
assert_eq 3 "$(cat "$SYS_PCI/$PF2/sriov_numvfs")" "numvfs after the refusal"
"$SRIOVCTL" -f pf set "$PF2" numvfs 0
assert_eq 0 "$(cat "$SYS_PCI/$PF2/sriov_numvfs")" "numvfs after -f"

step "a VF whose netdev is up stops a resize"
"$SRIOVCTL" pf set "$PF2" numvfs 2 autoprobe on
vfif=$(dev_ifname "$(vf_pci "$PF2" 0)")
ip link set dev "$vfif" up
expect_exit 1 "$SRIOVCTL" pf set "$PF2" numvfs 1
assert_contains "its netdev $vfif is up" "$ERR" "refusal names the netdev"
assert_eq 2 "$(cat "$SYS_PCI/$PF2/sriov_numvfs")" "numvfs after the refusal"

step "bad input: clear error, exit 1 or 2, nothing changed"
expect_exit 1 "$SRIOVCTL" pf set "$PF1" numvfs 99
assert_eq "sriovctl: PF $PF1: sriov_numvfs 99: out of range, sriov_totalvfs is 7" "$ERR" "numvfs 99"
expect_exit 2 "$SRIOVCTL" pf set "$PF1" numvfs many
expect_exit 2 "$SRIOVCTL" pf set "$PF1" autoprobe maybe
expect_exit 1 "$SRIOVCTL" pf set 0000:09:00.0 numvfs 1
assert_eq 4 "$(cat "$SYS_PCI/$PF1/sriov_numvfs")" "numvfs after bad input"

step "dry run: says what it would do, does nothing"
expect_exit 0 "$SRIOVCTL" -n pf set "$PF1" numvfs 5
assert_contains "would set PF $PF1 sriov_numvfs 4 -> 5" "$OUT" "dry-run text"
assert_eq 4 "$(cat "$SYS_PCI/$PF1/sriov_numvfs")" "numvfs after dry run"
step "VF 0 leased and VF 2's netdev up: the refusal names both; -f warns once for each"
pfname=$(dev_ifname "$PF1")
vf0=$(vf_pci "$PF1" 0)
vf2=$(vf_pci "$PF1" 2)
vf2if=$(dev_ifname "$vf2")
"$SRIOVCTL" vf acquire "$vf0" >/dev/null
ip link set dev "$vf2if" up
expect_exit 1 "$SRIOVCTL" pf set "$pfname" numvfs 3
assert_contains "sriovctl: PF $PF1: sriov_numvfs 3: 2 VFs in use: VF $vf0 ($pfname/0): leased" "$ERR" \
	"the refusal names the lease"
assert_contains "; VF $vf2 ($pfname/2): its netdev $vf2if is up; release them or force" "$ERR" \
	"the refusal names the netdev that is up"
assert_eq 4 "$(cat "$SYS_PCI/$PF1/sriov_numvfs")" "numvfs after the refusal"
expect_exit 0 "$SRIOVCTL" -f pf set "$pfname" numvfs 3
assert_eq 2 "$(grep -c '^sriovctl: warning: ' <<<"$ERR")" "one warning for each VF: '$ERR'"
assert_match "^sriovctl: warning: PF $PF1: sriov_numvfs 3: VF $vf0 \\($pfname/0\\): leased .*; removed as forced\$" \
	"$(grep "$vf0" <<<"$ERR")" "the lease's warning"
assert_eq "sriovctl: warning: PF $PF1: sriov_numvfs 3: VF $vf2 ($pfname/2): its netdev $vf2if is up; removed as forced" \
	"$(grep "$vf2" <<<"$ERR")" "the netdev's warning"
assert_eq 3 "$(cat "$SYS_PCI/$PF1/sriov_numvfs")" "numvfs after -f"
expect_exit 0 "$SRIOVCTL" vf release "$vf0"
echo "numvfs OK"
