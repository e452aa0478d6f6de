#!/bin/bash
# Switchdev on netdevsim, with devlink(8) -j as the oracle: pf show's eswitch_mode; the mode
# round trip; every VF's devlink port and representor as devlink lists them, and none of them
# taken for the PF's netdev; rate nodes and
# leaves set and read back in devlink's units; refusals that name the object, the value and
# the reason and change nothing; a mode change refused part-way (netdevsim has no inline
# mode) put back; port functions "not supported by netdevsim"; igb refuses switchdev cleanly.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
command -v devlink >/dev/null || fail "devlink (iproute2) is not in the guest"

PF=netdevsim12
DL=netdevsim/$PF

# dl_mode: the eswitch mode devlink reports.
dl_mode() {
	devlink -j dev eswitch show "$DL" | jq -r ".dev[\"$DL\"].mode"
}

dl_vf_ports() { devlink_vf_ports "$DL"; }

# dl_rate NAME FIELD: a rate object's field as devlink -j prints it (null when absent).
dl_rate() {
	devlink -j port function rate show | jq -r ".rate[\"$DL/$1\"].$2"
}

step "$PF with 4 VFs, in legacy mode"
net=$(netdevsim_new 12 8)
expect_exit 0 "$SRIOVCTL" pf set "$PF" numvfs 4
assert_eq legacy "$(dl_mode)" "devlink's mode at first"
out=$(sriovctl_json pf show "$PF")
assert_eq "legacy $DL" "$(jget "$out" '"\(.eswitch_mode) \(.devlink)"')" "pf show eswitch_mode"
assert_eq "null null" "$(jget "$out" '"\(.eswitch_inline_mode) \(.eswitch_encap_mode)"')" \
	"inline and encap mode (netdevsim has neither)"
assert_eq "0" "$(jget "$out" '[.vfs[] | select(.representor != null or .devlink_port != null)] | length')" \
	"legacy VFs have no representor or port"
expect_exit 0 "$SRIOVCTL" pf show "$PF"
assert_contains "eswitch mode:       legacy ($DL)" "$OUT" "pf show text"

step "pf set eswitch switchdev: devlink agrees; again changes nothing"
out=$(sriovctl_json pf set "$PF" eswitch switchdev)
assert_eq "true legacy switchdev" "$(jget "$out" '"\(.changed) \(.old_eswitch_mode) \(.eswitch_mode)"')" \
	"pf set -j"
# A netdevsim PF has no PCI address: pf set said its name there once.
assert_eq "null $PF" "$(jget "$out" '"\(.pci) \(.name)"')" "pf set -j pci and name"
assert_eq switchdev "$(dl_mode)" "devlink's mode"
out=$(sriovctl_json pf set "$PF" eswitch switchdev)
assert_eq false "$(jget "$out" .changed)" "the same mode again"

step "every VF's devlink port and representor are devlink's"
want=$(dl_vf_ports)
[ "$(wc -l <<<"$want")" = 4 ] || fail "devlink lists no 4 VF ports: $want"
got=$(sriovctl_json vf list "$PF" | jq -r '.[] | "\(.vf) \(.devlink_port) \(.representor)"')
assert_eq "$want" "$got" "vf list -j against devlink port show"
rep1=$(awk '$1 == 1 { print $3 }' <<<"$want")
port1=$(awk '$1 == 1 { print $2 }' <<<"$want")
expect_exit 0 "$SRIOVCTL" vf show "$PF/1"
assert_contains "devlink port: $port1" "$OUT" "vf show text"
assert_contains "representor:  $rep1" "$OUT" "vf show text"
expect_exit 0 "$SRIOVCTL" vf list "$PF"
assert_contains "REPRESENTOR" "$OUT" "vf list text in switchdev mode"
assert_contains "$rep1" "$OUT" "vf list text"

step "a representor whose name sorts first is not the PF's netdev, nor a PF's name"
# The representors are netdevs of the PF's device too; the kernel's names (eth10 before eth2)
# or an admin's can put one first.
rep3=$(awk '$1 == 3 { print $3 }' <<<"$want")
ip link set dev "$rep3" name a-rep3
out=$(sriovctl_json pf show "$PF")
assert_eq "$net" "$(jget "$out" .ifname)" "pf show's ifname in switchdev mode"
assert_eq "a-rep3 true" "$(jget "$out" '"\(.vfs[3].representor) \(.vfs[0].mac != null)"')" \
	"VF 3's representor under its new name; the VFs' settings read from the PF's link"
expect_exit 1 "$SRIOVCTL" pf show a-rep3
assert_contains "PF a-rep3: look up: it is a representor (phys_port_name pf0vf3)" "$ERR" \
	"a representor named as a PF"
assert_eq 3 "$(jget "$(sriovctl_json vf show a-rep3)" .vf)" "a VF named by its representor"
ip link set dev a-rep3 name "$rep3"

step "rate nodes and leaves, set and read back in devlink's units (bytes per second)"
expect_exit 0 "$SRIOVCTL" rate add "$PF/group1" tx_share 10mbit tx_max 100mbit
assert_eq "1250000 12500000" "$(dl_rate group1 tx_share) $(dl_rate group1 tx_max)" "node group1"
expect_exit 0 "$SRIOVCTL" rate set "$PF/1" parent group1 tx_max 50mbit
leaf=${port1##*/}
assert_eq "group1 6250000" "$(dl_rate "$leaf" parent) $(dl_rate "$leaf" tx_max)" "leaf of VF 1"
out=$(sriovctl_json rate show "$PF")
assert_eq "node 1250000 12500000 null" \
	"$(jget "$out" ".[] | select(.name == \"$PF/group1\") | \"\(.type) \(.tx_share) \(.tx_max) \(.parent)\"")" \
	"rate show -j: the node"
assert_eq "leaf $port1 0 6250000 group1" \
	"$(jget "$out" ".[] | select(.vf == 1) | \"\(.type) \(.devlink_port) \(.tx_share) \(.tx_max) \(.parent)\"")" \
	"rate show -j: VF 1's leaf"
assert_eq 5 "$(jget "$out" length)" "one node and 4 leaves"
expect_exit 0 "$SRIOVCTL" rate show "$PF"
# One name in text and JSON: the PF's own, as pf list -j calls it, not its netdev.
assert_contains "$PF/group1 " "$OUT" "rate show text names the node as JSON does"
assert_contains "$PF/1 " "$OUT" "rate show text names a leaf as JSON does"
[[ $OUT != *"$net/"* ]] || fail "rate show text names an object by the PF's netdev: $OUT"
assert_contains "100Mbit" "$OUT" "rate show text in tc's units"
out=$(sriovctl_json rate set "$PF/1" parent group1 tx_max 50mbit)
assert_eq false "$(jget "$out" .changed)" "the same rate again"

step "a leaf moves from one node to another (6.1's devlink takes a parent only on a leaf without one)"
expect_exit 0 "$SRIOVCTL" rate add "$PF/group2" tx_max 20mbit
expect_exit 0 "$SRIOVCTL" rate set "$PF/1" parent group2
assert_eq "group2 6250000" "$(dl_rate "$leaf" parent) $(dl_rate "$leaf" tx_max)" "leaf of VF 1 in group2"
expect_exit 0 "$SRIOVCTL" rate set "$PF/1" parent group1
assert_eq "group1" "$(dl_rate "$leaf" parent)" "leaf of VF 1 back in group1"
expect_exit 0 "$SRIOVCTL" rate del "$PF/group2"

step "refusals name the object, the value and the reason, and change nothing"
before=$(devlink -j port function rate show)
expect_exit 1 "$SRIOVCTL" rate set "$PF/1" tx_share 200mbit
assert_eq "sriovctl: VF $PF/1 ($net/1): set rate tx_share 200Mbit: above tx_max 50Mbit" "$ERR" \
	"tx_share above tx_max, in tc's units"
expect_exit 1 "$SRIOVCTL" rate add "$PF/g2" tx_share 200mbit tx_max 100mbit
assert_eq "sriovctl: PF $PF: rate node g2: set rate tx_share 200Mbit: above tx_max 100Mbit" "$ERR" \
	"a new node's tx_share above its tx_max, in tc's units"
expect_exit 1 "$SRIOVCTL" rate del "$PF/group1"
assert_eq "sriovctl: PF $PF: rate node group1: delete: VF $PF/1 ($net/1) belongs to it; set its parent first" \
	"$ERR" "a node with members, named by their VFs"
expect_exit 1 "$SRIOVCTL" rate set "$PF/2" parent nosuch
assert_contains "set rate parent nosuch: no such rate node" "$ERR" "an unknown parent"
expect_exit 1 "$SRIOVCTL" rate add "$PF/group1"
assert_contains "rate node group1: add: it exists" "$ERR" "a node twice"
expect_exit 2 "$SRIOVCTL" rate set "$PF/1" tx_max 100
assert_contains "expected a rate with its unit" "$ERR" "a bare number"
expect_exit 2 "$SRIOVCTL" rate add "$PF/7"
assert_contains "a node's name is not only digits" "$ERR" "a numeric node name"
assert_eq "$before" "$(devlink -j port function rate show)" "rates after the refusals"

step "a resize keeps switchdev, the rate nodes and the leaves of the VFs that stay"
# netdevsim goes back to legacy with its last VF, and its nodes go with the mode.
expect_exit 0 "$SRIOVCTL" pf set "$PF" numvfs 2
assert_eq switchdev "$(dl_mode)" "devlink's mode after numvfs 4 -> 2"
assert_eq "1250000 12500000" "$(dl_rate group1 tx_share) $(dl_rate group1 tx_max)" \
	"node group1 after the resize"
assert_eq "group1 6250000" "$(dl_rate "$leaf" parent) $(dl_rate "$leaf" tx_max)" \
	"leaf of VF 1 after the resize"
expect_exit 0 "$SRIOVCTL" pf set "$PF" numvfs 4
assert_eq "switchdev 4" "$(dl_mode) $(dl_vf_ports | wc -l)" "back to 4 VFs, as switch ports"
assert_eq "group1 null" "$(dl_rate "$leaf" parent) $(dl_rate "$((leaf + 2))" parent)" \
	"VF 1 still in group1; VF 3, new, in none"

step "noparent, then the node goes"
expect_exit 0 "$SRIOVCTL" rate set "$PF/1" noparent tx_max 0bit
assert_eq "null null" "$(dl_rate "$leaf" parent) $(dl_rate "$leaf" tx_max)" "leaf of VF 1"
expect_exit 0 "$SRIOVCTL" rate del "$PF/group1"
assert_eq null "$(dl_rate group1 type)" "group1 after rate del"

step "port functions: not supported by netdevsim, said with the kernel's reason"
expect_exit 1 "$SRIOVCTL" vf function "$PF/1" hw_addr 02:00:00:00:01:01
assert_contains "VF $PF/1 ($net/1): set port function hw_addr 02:00:00:00:01:01: not supported by netdevsim" \
	"$ERR" "vf function hw_addr"
echo "$ERR"

step "switchdev back to legacy: the ports go"
expect_exit 0 "$SRIOVCTL" pf set "$PF" eswitch legacy
assert_eq legacy "$(dl_mode)" "devlink's mode"
assert_eq "" "$(dl_vf_ports)" "VF ports in legacy mode"
out=$(sriovctl_json vf list "$PF")
assert_eq 0 "$(jget "$out" '[.[] | select(.representor != null)] | length')" "representors"

step "a mode change refused part-way is put back: switchdev, then an inline mode netdevsim lacks"
expect_exit 1 "$SRIOVCTL" pf set "$PF" eswitch switchdev inline-mode link
echo "$ERR"
assert_contains "PF $PF: set eswitch inline-mode link: not supported by netdevsim" "$ERR" "message"
assert_contains "put back the eswitch as it was" "$ERR" "message"
assert_eq legacy "$(dl_mode)" "devlink's mode after the refusal"
expect_exit 2 "$SRIOVCTL" pf set "$PF" eswitch bridge
assert_contains 'eswitch "bridge": expected legacy or switchdev' "$ERR" "a bad mode"

step "dry run: says, changes nothing"
expect_exit 0 "$SRIOVCTL" -n pf set "$PF" eswitch switchdev
assert_contains "would set PF $PF eswitch mode switchdev (now legacy)" "$OUT" "dry run"
assert_eq legacy "$(dl_mode)" "devlink's mode after the dry run"

step "igb has no devlink eswitch: null, and switchdev refused naming the driver"
pfs=($(list_pfs))
igb=${pfs[0]}
out=$(sriovctl_json pf show "$igb")
assert_eq "null" "$(jget "$out" .eswitch_mode)" "igb's eswitch_mode"
expect_exit 1 "$SRIOVCTL" pf set "$igb" eswitch switchdev
assert_contains "PF $igb: set eswitch mode switchdev: not supported by igb" "$ERR" "igb"
echo "$ERR"
expect_exit 0 "$SRIOVCTL" pf show "$igb"
assert_eq "    eswitch mode:       -" "$(grep 'eswitch mode:' <<<"$OUT")" \
	"igb pf show text: no devlink handle without a devlink eswitch"

netdevsim_numvfs 12 0
echo "ok"
