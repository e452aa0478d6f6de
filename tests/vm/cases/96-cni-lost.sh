#!/bin/bash
# libsriov-cni when an attachment's VF went away under it (its PF's VFs removed, as a PF reset
# does): the lease is lost, and DEL and GC of the attachment succeed without touching the new
# VF made since at its address: its netdev keeps its name and MTU, the PF side its MAC (the
# netdev is found by PCI address, so before, DEL renamed the new VF's netdev and put the old
# MTU and settings onto it).
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
. "$TOP/tests/vm/cni/lib-cni.sh"

PF1=0000:01:00.0
"$SRIOVCTL" pf set "$PF1" numvfs 2
vf0=$(vf_pci "$PF1" 0)
vf1=$(vf_pci "$PF1" 1)
# conf NETWORK VF [valid attachments, for GC]
conf() {
	jq -nc --arg net "$1" --arg dev "$2" --argjson valid "${3:-null}" \
		'{cniVersion: "1.1.0", name: $net, type: "libsriov-cni", deviceID: $dev, vlan: 100}
		 + (if $valid then {"cni.dev/valid-attachments": $valid} else {} end)'
}
ip netns add pod-a
ip netns add pod-b

step "two attachments, then their VFs removed with -f and made again"
cni_ok ADD ca /run/netns/pod-a net1 "$(conf sriov-net "$vf0")"
RESULT_A=$OUT
cni_ok ADD cb /run/netns/pod-b net1 "$(conf sriov-net "$vf1")"
expect_exit 0 "$SRIOVCTL" -f pf set "$PF1" numvfs 0
"$SRIOVCTL" pf set "$PF1" numvfs 2
assert_eq "lost lost" "$(sriovctl_json lease list | jq -r '[.[].state] | join(" ")')" \
	"the attachments' leases"
# The new VFs are nobody's: their settings and netdevs are their own.
"$SRIOVCTL" vf set "$vf0" mac 02:00:00:00:dd:00
"$SRIOVCTL" vf set "$vf1" mac 02:00:00:00:dd:01
new0=$(dev_ifname "$vf0")
new1=$(dev_ifname "$vf1")
[ -n "$new0" ] && [ -n "$new1" ] || fail "the new VFs have no netdevs: '$new0' '$new1'"
ip link set dev "$new0" mtu 1300
ip link set dev "$new1" mtu 1300

step "DEL of the lost attachment succeeds and leaves the new VF as it is"
cni_ok DEL ca /run/netns/pod-a net1 "$(with_prev "$(conf sriov-net "$vf0")" "$RESULT_A")"
assert_eq "libsriov-cni sriov-net cb/net1" "$(sriovctl_json lease list | jq -r '[.[].holder] | join(" ")')" \
	"leases after DEL"
assert_eq "$new0" "$(dev_ifname "$vf0")" "the new VF's netdev name"
assert_eq 1300 "$(cat "/sys/class/net/$new0/mtu")" "the new VF's netdev MTU"
assert_eq 02:00:00:00:dd:00 "$(jget "$(sriovctl_json vf show "$vf0")" .mac)" "the new VF's MAC"
cni_ok DEL ca /run/netns/pod-a net1 "$(conf sriov-net "$vf0")"

step "GC of the lost attachment succeeds and leaves the new VF as it is"
cni_ok GC "" "" "" "$(conf sriov-net "$vf1" '[{"containerID": "other", "ifname": "net1"}]')"
assert_eq "[]" "$(sriovctl_json lease list | jq -c .)" "leases after GC"
assert_eq "$new1" "$(dev_ifname "$vf1")" "the new VF's netdev name"
assert_eq 1300 "$(cat "/sys/class/net/$new1/mtu")" "the new VF's netdev MTU"
assert_eq 02:00:00:00:dd:01 "$(jget "$(sriovctl_json vf show "$vf1")" .mac)" "the new VF's MAC"
echo "PASS"
