#!/bin/bash
# sriovctl apply and dump on a real kernel: a document of 2 PFs x 7 VFs applied from zero;
# applied again with no write at all (strace is the witness); one field changed; a document
# igb refuses part-way leaves the host exactly as before (dump before == dump after); dump ->
# apply round trips to no change; --dry-run changes nothing; VFs in use are not destroyed
# without --force; two applies at once are serialized; a bad document changes nothing; a VLAN
# without its QoS means QoS 0 and 802.1Q, as vf set does.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0
PF2=0000:02:00.0
DIR=$(mktemp -d)
PF2NAME=$(dev_ifname "$PF2")

# doc FILE VLAN_BASE [EXTRA_PF2_VF_JSON]: both PFs with 7 VFs, auto MACs, VLAN VLAN_BASE+i on
# PF1's VF i, spoofchk off and trust on for PF2's; PF1's VFs 5 and 6 on vfio-pci. PF2 is named
# by its netdev, PF1 by PCI address.
doc() {
	local file=$1 base=$2 extra=${3:-}
	{
		echo '{"version": 1, "pfs": ['
		echo " {\"pci\": \"$PF1\", \"num_vfs\": 7, \"drivers_autoprobe\": true, \"vfs\": ["
		for i in 0 1 2 3 4; do
			echo "  {\"vf\": $i, \"mac\": \"auto\", \"vlan\": $((base + i)), \"spoofchk\": true},"
		done
		echo '  {"vf": "5-6", "mac": "auto", "driver": "vfio-pci"}]},'
		echo " {\"ifname\": \"$PF2NAME\", \"num_vfs\": 7, \"vfs\": ["
		echo "  {\"vf\": \"0-6\", \"mac\": \"auto\", \"spoofchk\": false, \"trust\": true, \"driver\": \"default\"}$extra]}"
		echo ']}'
	} >"$file"
}

# writes TRACE: the writes an strace log shows to sysfs and rtnetlink: sysfs files opened for
# writing, and RTM_SETLINK/RTM_NEWLINK requests (the lock file in /run is no host state).
writes() {
	local n
	n=$(grep -E 'open(at)?\(.*"/sys/.*O_(WRONLY|RDWR)|open(at)?\([0-9]+, "[^/].*O_(WRONLY|RDWR)' "$1" |
		grep -vc '/run/' || true)
	echo "$n sysfs, $(grep -c 'RTM_SETLINK\|RTM_NEWLINK' "$1" || true) rtnetlink"
}

traced_apply() {
	local trace=$1
	shift
	strace -f -qq -s 256 -e trace=openat,open,sendmsg,sendto -o "$trace" "$SRIOVCTL" "$@"
}

changed() {
	jget "$1" '"\(.changed) \(.changes | length)"'
}

step "apply from zero: 2 PFs x 7 VFs"
doc "$DIR/a.json" 100
expect_exit 0 traced_apply "$DIR/trace-1" -j apply "$DIR/a.json"
first=$OUT
echo "first apply: $(changed "$first") changes; writes: $(writes "$DIR/trace-1")"
assert_match '^true [0-9]+$' "$(changed "$first")" "first apply"
[ "$(writes "$DIR/trace-1")" != "0 sysfs, 0 rtnetlink" ] ||
	fail "the trace saw no writes of the first apply: the zero-write check below would prove nothing"
assert_eq "7 7" "$(cat "$SYS_PCI/$PF1/sriov_numvfs") $(cat "$SYS_PCI/$PF2/sriov_numvfs")" "num_vfs"
assert_eq vfio-pci "$(dev_driver "$(vf_pci "$PF1" 5)")" "PF1 VF 5 driver"
assert_eq vfio-pci "$(dev_driver "$(vf_pci "$PF1" 6)")" "PF1 VF 6 driver"
assert_eq igbvf "$(dev_driver "$(vf_pci "$PF2" 3)")" "PF2 VF 3 driver"
vfs=$(sriovctl_json vf list)
macs=$(jget "$vfs" '[.[].mac] | map(select(test("^.[26ae]:"))) | unique | length')
assert_eq 14 "$macs" "distinct locally administered unicast MACs"
assert_eq "100 101 104" "$(jget "$vfs" "[.[] | select(.pf == \"$PF1\") | .vlan] | .[0,1,4]" | xargs)" \
	"PF1 VLANs"
assert_eq "false true" "$(jget "$vfs" "[.[] | select(.pf == \"$PF2\")][6] | \"\(.spoofchk) \(.trust)\"")" \
	"PF2 VF 6 spoofchk trust"

step "apply again: no change, and not one write"
expect_exit 0 traced_apply "$DIR/trace-2" -j apply "$DIR/a.json"
assert_eq "false 0" "$(changed "$OUT")" "second apply"
assert_eq "0 sysfs, 0 rtnetlink" "$(writes "$DIR/trace-2")" "writes of the second apply"
expect_exit 0 "$SRIOVCTL" apply "$DIR/a.json"
assert_eq "No changes." "$OUT" "text of a third apply"

step "the auto MACs are stable: the same after the VFs are destroyed and applied again"
before_macs=$(jget "$vfs" '[.[].mac] | join(" ")')
"$SRIOVCTL" -f pf set "$PF1" numvfs 0
"$SRIOVCTL" apply "$DIR/a.json" >/dev/null
assert_eq "$before_macs" "$(jget "$(sriovctl_json vf list)" '[.[].mac] | join(" ")')" "MACs after re-creation"

step "change one field: exactly one change"
doc "$DIR/b.json" 100
sed -i 's/"vlan": 102/"vlan": 99/' "$DIR/b.json"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/b.json"
assert_eq "true 1" "$(changed "$OUT")" "apply with one field changed"
assert_eq "$PF1 2 vlan 102 99" "$(jget "$OUT" '.changes[0] | "\(.pf) \(.vf) \(.field) \(.from) \(.to)"')" \
	"the change"
assert_eq 99 "$(jget "$(sriovctl_json vf show "$PF1/2")" .vlan)" "VLAN of PF1 VF 2"

step "--dry-run: the plan, nothing applied"
dump_before=$("$SRIOVCTL" dump)
expect_exit 0 "$SRIOVCTL" apply --dry-run "$DIR/a.json"
assert_eq "VF $(vf_pci "$PF1" 2) ($(dev_ifname "$PF1")/2): vlan 99 -> 102
1 change planned (dry run, nothing applied)." "$OUT" "dry run"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after the dry run"

step "a document igb refuses part-way: everything put back, dump before == dump after"
# PF1's VLANs change (phase 3, applied), PF2 shrinks to 4 (phase 2, applied), then PF2's VF 1
# asks for query_rss, which igb does not implement: the kernel refuses in phase 3.
doc "$DIR/bad.json" 300 ', {"vf": 3, "query_rss": true}'
sed -i "s/\"ifname\": \"$PF2NAME\", \"num_vfs\": 7/\"ifname\": \"$PF2NAME\", \"num_vfs\": 4/" "$DIR/bad.json"
sed -i 's/"vf": "0-6", "mac": "auto", "spoofchk"/"vf": "0-2", "mac": "auto", "spoofchk"/' "$DIR/bad.json"
links_before=$(ip -d link show)
dump_before=$("$SRIOVCTL" dump)
expect_exit 1 "$SRIOVCTL" apply "$DIR/bad.json"
echo "refused: $ERR"
assert_contains "query_rss" "$ERR" "the refused field named"
assert_contains "everything this apply changed was put back" "$ERR" "what happened to the rest"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after the refused apply"
assert_eq 7 "$(cat "$SYS_PCI/$PF2/sriov_numvfs")" "PF2 num_vfs after the refused apply"
assert_eq vfio-pci "$(dev_driver "$(vf_pci "$PF1" 5)")" "PF1 VF 5 driver after the refused apply"
# Netdev names and ifindexes come back new with recreated VFs; the PFs' own lines must match.
assert_eq "$(grep -A1 "$PF2NAME:" <<<"$links_before" | tail -1)" \
	"$(ip -d link show | grep -A1 "$PF2NAME:" | tail -1)" "PF2 link"

step "dump -> apply round trip: no change; a change made behind its back is put back"
"$SRIOVCTL" dump >"$DIR/dump.json"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/dump.json"
assert_eq "false 0" "$(changed "$OUT")" "applying the dump"
ip link set dev "$PF2NAME" vf 4 vlan 77
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/dump.json"
assert_eq "true 1" "$(changed "$OUT")" "applying the dump after ip changed a VLAN"
assert_eq 0 "$(jget "$(sriovctl_json vf show "$PF2NAME/4")" .vlan)" "PF2 VF 4 VLAN"

step "VFs in use are not destroyed without --force"
echo "{\"version\": 1, \"pfs\": [{\"pci\": \"$PF1\", \"num_vfs\": 0}]}" >"$DIR/zero.json"
expect_exit 1 "$SRIOVCTL" apply "$DIR/zero.json"
assert_contains "in use" "$ERR" "refusal to remove vfio-pci VFs"
assert_eq 7 "$(cat "$SYS_PCI/$PF1/sriov_numvfs")" "PF1 num_vfs after the refusal"
expect_exit 1 "$SRIOVCTL" apply --dry-run "$DIR/zero.json"
assert_contains "in use" "$ERR" "the dry run says so too"
expect_exit 0 "$SRIOVCTL" -f apply "$DIR/zero.json"
assert_eq 0 "$(cat "$SYS_PCI/$PF1/sriov_numvfs")" "PF1 num_vfs after --force"

step "two applies at once: one does the work, the other finds nothing to do"
"$SRIOVCTL" pf set "$PF2" numvfs 0
"$SRIOVCTL" -j apply "$DIR/a.json" >"$DIR/c1.out" 2>&1 &
p1=$!
"$SRIOVCTL" -j apply "$DIR/a.json" >"$DIR/c2.out" 2>&1 &
p2=$!
s1=0 s2=0
wait "$p1" || s1=$?
wait "$p2" || s2=$?
assert_eq "0 0" "$s1 $s2" "exit status of both ($(cat "$DIR/c1.out" "$DIR/c2.out"))"
assert_eq "false true" "$( (jq -r .changed "$DIR/c1.out"; jq -r .changed "$DIR/c2.out") | sort | xargs)" \
	"changed of the two"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/a.json"
assert_eq "false 0" "$(changed "$OUT")" "a third apply after both"

step "drivers_autoprobe through apply, both ways: applied, reported, kept by what new VFs get"
# A write of sriov_drivers_autoprobe is a change like any other (it once was undone and
# reported as applied).
printf '{"version": 1, "pfs": [{"pci": "%s", "drivers_autoprobe": %s%s}]}\n' \
	"$PF2" false '' >"$DIR/ap-off.json"
printf '{"version": 1, "pfs": [{"pci": "%s", "drivers_autoprobe": %s%s}]}\n' \
	"$PF2" false ', "num_vfs": 2' >"$DIR/ap-off-2.json"
printf '{"version": 1, "pfs": [{"pci": "%s", "drivers_autoprobe": %s%s}]}\n' \
	"$PF2" true '' >"$DIR/ap-on.json"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/ap-off.json"
assert_eq "true 1" "$(changed "$OUT")" "autoprobe off"
assert_eq "drivers_autoprobe true false" \
	"$(jget "$OUT" '.changes[0] | "\(.field) \(.from) \(.to)"')" "the change"
assert_eq 0 "$(cat "$SYS_PCI/$PF2/sriov_drivers_autoprobe")" "sriov_drivers_autoprobe after off"
assert_eq igbvf "$(dev_driver "$(vf_pci "$PF2" 0)")" "a VF that existed keeps its driver"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/ap-off.json"
assert_eq "false 0" "$(changed "$OUT")" "autoprobe off again"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/ap-off-2.json"
assert_eq "" "$(dev_driver "$(vf_pci "$PF2" 0)")" "a VF created with autoprobe off has no driver"
assert_eq 0 "$(cat "$SYS_PCI/$PF2/sriov_drivers_autoprobe")" "sriov_drivers_autoprobe after the resize"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/ap-on.json"
assert_eq "true 1" "$(changed "$OUT")" "autoprobe on"
assert_eq 1 "$(cat "$SYS_PCI/$PF2/sriov_drivers_autoprobe")" "sriov_drivers_autoprobe after on"
assert_eq true "$(jget "$(sriovctl_json pf show "$PF2")" .drivers_autoprobe)" "pf show"

step "a bad document: exit 2, the path named, nothing changed"
dump_before=$("$SRIOVCTL" dump)
sed 's/"vlan": 100/"vlan": 5000/' "$DIR/a.json" >"$DIR/range.json"
expect_exit 2 "$SRIOVCTL" apply "$DIR/range.json"
assert_eq "sriovctl: $DIR/range.json: \$.pfs[0].vfs[0].vlan: 5000: out of range 0-4095" "$ERR" "message"
echo "{\"version\": 1, \"pfs\": [{\"pci\": \"0000:09:00.0\", \"num_vfs\": 1}]}" >"$DIR/nopf.json"
expect_exit 1 "$SRIOVCTL" apply "$DIR/nopf.json"
assert_contains "no SR-IOV capable PF has this PCI address" "$ERR" "unknown PF"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after the bad documents"

step "a VLAN without its QoS means QoS 0 and 802.1Q, as vf set does (ip is the oracle)"
# vf_vlans PF: "VF:VLAN/QOS/PROTO ..." for VFs 0-2 as `ip -d -j link show` has them (ip leaves
# out a zero VLAN or QoS and an 802.1Q protocol).
vf_vlans() {
	ip -d -j link show dev "$(dev_ifname "$1")" | jq -r '[.[0].vfinfo_list[:3][] |
		"\(.vf):\(.vlan_list[0].vlan // 0)/\(.vlan_list[0].qos // 0)/\(.vlan_list[0].protocol // "802.1Q")"] | join(" ")'
}
"$SRIOVCTL" vf set "$PF1/0" vlan 100 qos 3
assert_eq "0:100/3/802.1Q 1:101/0/802.1Q 2:102/0/802.1Q" "$(vf_vlans "$PF1")" "ip before"
echo "{\"version\": 1, \"pfs\": [{\"pci\": \"$PF1\", \"vfs\": [{\"vf\": \"0-2\", \"vlan\": 100}]}]}" \
	>"$DIR/vlan.json"
expect_exit 0 "$SRIOVCTL" apply --dry-run "$DIR/vlan.json"
pf1if=$(dev_ifname "$PF1")
assert_eq "VF $(vf_pci "$PF1" 0) ($pf1if/0): qos 3 -> 0
VF $(vf_pci "$PF1" 1) ($pf1if/1): vlan 101 -> 100
VF $(vf_pci "$PF1" 2) ($pf1if/2): vlan 102 -> 100
3 changes planned (dry run, nothing applied)." "$OUT" "the plan"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/vlan.json"
assert_eq "true 3" "$(changed "$OUT")" "the apply"
assert_eq "0:100/0/802.1Q 1:100/0/802.1Q 2:100/0/802.1Q" "$(vf_vlans "$PF1")" "ip after"
expect_exit 0 "$SRIOVCTL" -j apply "$DIR/vlan.json"
assert_eq "false 0" "$(changed "$OUT")" "applied again"
# dump writes qos and vlan_proto only when they are not 0 and 802.1Q.
"$SRIOVCTL" vf set "$PF1/1" vlan 100 qos 5
assert_eq '{"vf":0,"vlan":100,"qos":null,"vlan_proto":null} {"vf":1,"vlan":100,"qos":5,"vlan_proto":null}' \
	"$("$SRIOVCTL" dump | jq -c --arg pf "$PF1" '.pfs[] | select(.pci == $pf) | .vfs[:2][] |
		{vf, vlan, qos, vlan_proto}' | paste -sd' ')" "dump"
rm -rf "$DIR"
