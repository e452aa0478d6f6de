#!/bin/bash
# sriovctl monitor and devlink: switchdev on netdevsim makes an eswitch-mode event (devlink
# never announces the mode; the VFs' ports it makes are), then each VF's representor and rate
# leaf; a rate node made before the leaf that joins it and deleted after the leaf left; a
# representor renamed; back to legacy. And an igb VF's netdev moved into a pod's namespace and
# back is vf-netns, not vf-netdev. The monitor's JSON lines are the thing asserted, each within
# 5 s, and every line passes schemas/monitor.schema.json.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
command -v devlink >/dev/null || fail "devlink (iproute2) is not in the guest"
. "$TOP/tests/vm/monitor-lib.sh"

NS=netdevsim20
DL=netdevsim/$NS
PF=0000:01:00.0

# line NAME TEXT: the number of monitor NAME's first line with TEXT (-F), for the order.
line() {
	grep -n -F -m1 -- "$2" "$DIR/$1.out" | cut -d: -f1
}

# vf_port_field VF FIELD: VF's devlink port (2) or representor (3), as devlink lists them.
vf_port_field() {
	devlink_vf_ports "$DL" | awk -v vf="$1" -v f="$2" '$1 == vf { print $f }'
}

step "$NS with 4 VFs in legacy mode, and a monitor"
netdevsim_new 20 8 >/dev/null
netdevsim_numvfs 20 4
MON_VERBOSE=-vv mon_start all
mon_start -t text

step "switchdev: eswitch-mode, then each VF's representor and rate leaf"
devlink dev eswitch set "$DL" mode switchdev
mode='"old":"legacy","new":"switchdev"}'
expect_event all "$(ev eswitch-mode "$NS"),\"vf\":null,\"pci\":null,$mode" "eswitch-mode"
for vf in 0 1 2 3; do
	rep=$(vf_port_field "$vf" 3)
	[ -n "$rep" ] || fail "devlink lists no representor for VF $vf"
	expect_event all "$(ev representor "$NS"),\"vf\":$vf,\"pci\":null,\"old\":null,\"new\":\"$rep\"}" \
		"VF $vf's representor made"
	expect_event all "$(ev rate "$NS"),\"vf\":$vf,\"pci\":null,\"node\":null,\"old\":null,\"new\":{" \
		"VF $vf's leaf made"
done
[ "$(line all '"event":"eswitch-mode"')" -lt "$(line all '"event":"representor"')" ] ||
	fail "eswitch-mode came after a representor: $(cat "$DIR/all.out")"

step "a rate node made and VF 1's leaf put in it: the node first"
port1=$(vf_port_field 1 2)
# Stopped, the monitors see both changes in one reading: the order is the diff's, not the
# commands'.
kill -STOP "$MON_all" "$MON_text"
devlink port function rate add "$DL/grp" tx_max 100mbit
devlink port function rate set "$port1" tx_share 10mbit parent grp
kill -CONT "$MON_all" "$MON_text"
node_made="$(ev rate "$NS"),\"vf\":null,\"pci\":null,\"node\":\"grp\",\"old\":null,\"new\":{"
expect_event all "$node_made" "node grp made"
expect_event all '"node":"grp","old":null,"new":{"tx_share":0,"tx_max":12500000,"parent":null}}' \
	"node grp's rates"
leaf_in="\"vf\":1,\"pci\":null,\"node\":null,\"old\":{\"tx_share\":0,\"tx_max\":0,\"parent\":null},"
leaf_in+="\"new\":{\"tx_share\":1250000,\"tx_max\":0,\"parent\":\"grp\"}}"
expect_event all "$leaf_in" "VF 1's leaf in grp, tx_share 10mbit"
[ "$(line all "$node_made")" -lt "$(line all "$leaf_in")" ] ||
	fail "the leaf joined grp before grp was made: $(cat "$DIR/all.out")"
# The text lines, in devlink's words and units.
expect_event text " rate $NS node grp made: tx_max 100Mbit" "text: node made"
expect_event text " rate $NS/1 leaf tx_share 0bit -> 10Mbit, parent - -> grp" "text: leaf changed"
expect_event text " eswitch-mode $NS legacy -> switchdev" "text: eswitch-mode"

step "a representor renamed"
rep2=$(vf_port_field 2 3)
ip link set dev "$rep2" name simrep2
expect_event all "$(ev representor "$NS"),\"vf\":2,\"pci\":null,\"old\":\"$rep2\",\"new\":\"simrep2\"}" \
	"VF 2's representor renamed"

step "VF 1's leaf out of grp, grp deleted: the node last"
kill -STOP "$MON_all" "$MON_text"
devlink port function rate set "$port1" noparent
devlink port function rate del "$DL/grp"
kill -CONT "$MON_all" "$MON_text"
leaf_out="\"vf\":1,\"pci\":null,\"node\":null,\"old\":{\"tx_share\":1250000,\"tx_max\":0,"
leaf_out+="\"parent\":\"grp\"},\"new\":{\"tx_share\":1250000,\"tx_max\":0,\"parent\":null}}"
node_gone='"node":"grp","old":{"tx_share":0,"tx_max":12500000,"parent":null},"new":null}'
expect_event all "$leaf_out" "VF 1's leaf out of grp"
expect_event all "$node_gone" "node grp deleted"
[ "$(line all "$leaf_out")" -lt "$(line all "$node_gone")" ] ||
	fail "grp was deleted before the leaf left it: $(cat "$DIR/all.out")"

step "back to legacy: eswitch-mode, representors and leaves removed"
devlink dev eswitch set "$DL" mode legacy
expect_event all "$(ev eswitch-mode "$NS"),\"vf\":null,\"pci\":null,\"old\":\"switchdev\",\"new\":\"legacy\"}" \
	"eswitch-mode back"
expect_event all "$(ev representor "$NS"),\"vf\":2,\"pci\":null,\"old\":\"simrep2\",\"new\":null}" \
	"VF 2's representor removed"
expect_event all "$(ev rate "$NS"),\"vf\":3,\"pci\":null,\"node\":null,\"old\":{" "VF 3's leaf removed"
grep -F "\"vf\":3,\"pci\":null,\"node\":null,\"old\":{" "$DIR/all.out" | grep -q -F '"new":null}' ||
	fail "VF 3's leaf removal has a new value: $(grep -F '"vf":3' "$DIR/all.out")"
echo 20 >/sys/bus/netdevsim/del_device

step "an igb VF's netdev moved into a pod's namespace and back: vf-netns, not vf-netdev"
set_numvfs "$PF" 1
vf0=$(vf_pci "$PF" 0)
ifname=$(dev_ifname "$vf0")
expect_event all "$(ev vf-added "$PF"),\"vf\":0,\"pci\":\"$vf0\"}" "VF 0 made"
ip netns add pod94
ip link set dev "$ifname" netns pod94
expect_event all "$(ev vf-netns "$PF"),\"vf\":0,\"pci\":\"$vf0\",\"old\":\"$ifname\",\"new\":null}" \
	"VF 0's netdev into the pod"
ip netns exec pod94 ip link set dev "$ifname" netns 1
expect_event all "$(ev vf-netns "$PF"),\"vf\":0,\"pci\":\"$vf0\",\"old\":null,\"new\":\"$ifname\"}" \
	"VF 0's netdev back"
ip netns del pod94
# Its netdev came with it or in a reading after (a vf-netdev event), but none for the moves.
moved=$(line all "$(ev vf-netns "$PF")")
assert_eq "" "$(tail -n "+$moved" "$DIR/all.out" | grep -F "$(ev vf-netdev "$PF"),\"vf\":0," || true)" \
	"vf-netdev events of VF 0 once it moved"
set_numvfs "$PF" 0

expect_event text " vf-netns $PF/0 ($vf0) $ifname -> another network namespace" "text: vf-netns"

step "every line passes schemas/monitor.schema.json"
mon_validate all
