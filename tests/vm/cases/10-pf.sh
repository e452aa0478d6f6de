#!/bin/bash
# sriovctl pf list / pf show agree with sysfs and with iproute2, before and
# after VFs are created by writing sriov_numvfs directly.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0

# check_pf JSON [PF]: a PF object says what sysfs says about PF (by default,
# the PF it names).
check_pf() {
	local pf ifname numa
	json_load "$1"
	pf=${2:-$(jfield pci)}
	assert_eq "$pf" "$(jfield pci)" "$pf: pci"
	ifname=$(dev_ifname "$pf")
	assert_eq "${ifname:-null}" "$(jfield ifname)" "$pf: ifname"
	assert_eq "$(dev_driver "$pf")" "$(jfield driver)" "$pf: driver"
	assert_eq igb "$(jfield driver)" "$pf: driver"
	assert_eq "$(sysfs_hex_id "$pf" vendor)" "$(jfield vendor)" "$pf: vendor"
	assert_eq 8086 "$(jfield vendor)" "$pf: vendor"
	assert_eq "$(sysfs_hex_id "$pf" device)" "$(jfield device)" "$pf: device"
	assert_eq 10c9 "$(jfield device)" "$pf: device"
	assert_eq "$(cat "$SYS_PCI/$pf/sriov_totalvfs")" "$(jfield total_vfs)" "$pf: total_vfs"
	assert_eq 7 "$(jfield total_vfs)" "$pf: total_vfs"
	assert_eq "$(cat "$SYS_PCI/$pf/sriov_numvfs")" "$(jfield num_vfs)" "$pf: num_vfs"
	assert_eq number "${JT[num_vfs]}" "$pf: num_vfs type"
	assert_eq true "$(jfield drivers_autoprobe)" "$pf: drivers_autoprobe"
	# The guest has no NUMA information (sysfs says -1): null is the
	# contract's "not reported"; -1 is what the kernel says. Both are honest.
	numa=$(cat "$SYS_PCI/$pf/numa_node")
	if [ "$numa" = -1 ]; then
		assert_match '^(null|-1)$' "$(jfield numa_node)" "$pf: numa_node"
	else
		assert_eq "$numa" "$(jfield numa_node)" "$pf: numa_node"
	fi
}

# check_pf_list: pf list holds exactly the sysfs PFs, each one right.
check_pf_list() {
	local list pf obj
	list=$(sriovctl_json pf list)
	assert_eq "$(list_pfs | paste -sd' ')" "$(jget "$list" '.[].pci' | sort | paste -sd' ')" "PFs in pf list"
	while read -r obj; do
		check_pf "$obj"
	done < <(jq -c '.[]' <<<"$list")
}

# check_ip PF N: iproute2 (rtnetlink) sees N VFs on the PF's netdev, and it is
# the netdev sriovctl names.
check_ip() {
	local pf=$1 n=$2 ifname ipj
	ifname=$(dev_ifname "$pf")
	ipj=$(ip -d -j link show dev "$ifname" |
		jq -c '.[0] | {parentdev, vfs: [(.vfinfo_list // [])[].vf]}')
	assert_eq "{\"parentdev\":\"$pf\",\"vfs\":[$(seq -s, 0 $((n - 1)))]}" "$ipj" "ip -d link show $ifname"
	json_load "$(sriovctl_json pf show "$pf")"
	assert_eq "$ifname" "$(jfield ifname)" "$pf: ifname as ip shows it"
	assert_eq "$n" "$(jfield num_vfs)" "$pf: num_vfs as ip shows it"
}

# check_pf_show PF: pf show is pf list's object plus the VFs in virtfn order, and the eswitch
# that it asks devlink for: none on igb, which has no devlink eswitch.
check_pf_show() {
	local pf=$1 show listed n vfs
	show=$(sriovctl_json pf show "$pf")
	listed=$(sriovctl_json pf list | jq -cS --arg p "$pf" '.[] | select(.pci == $p)')
	assert_eq "$listed" "$(jq -cS 'del(.vfs, .eswitch_mode, .eswitch_inline_mode, .eswitch_encap_mode)' <<<"$show")" \
		"$pf: pf show vs pf list"
	assert_eq "[null,null,null]" "$(jq -c '[.eswitch_mode, .eswitch_inline_mode, .eswitch_encap_mode]' <<<"$show")" \
		"$pf: igb has no eswitch"
	# Nor a devlink instance: the text names no devlink handle devlink(8) would not know.
	expect_exit 0 "$SRIOVCTL" pf show "$pf"
	assert_eq "    eswitch mode:       -" "$(grep 'eswitch mode:' <<<"$OUT")" "$pf: pf show text's eswitch line"
	n=$(cat "$SYS_PCI/$pf/sriov_numvfs")
	vfs=$(for ((i = 0; i < n; i++)); do echo "$i $(vf_pci "$pf" "$i")"; done)
	assert_eq "$vfs" "$(jget "$show" '.vfs[] | "\(.vf) \(.pci)"')" "$pf: pf show vfs (index, pci)"
}

step "no VFs: pf list and pf show match sysfs"
check_pf_list
for pf in $(list_pfs); do
	check_pf_show "$pf"
	check_ip "$pf" 0
done

step "4 VFs on $PF1 by writing sriov_numvfs"
set_numvfs "$PF1" 4
check_pf_list
check_pf_show "$PF1"
check_ip "$PF1" 4
check_ip 0000:02:00.0 0

step "the PF by short address and by netdev name is the same PF"
# sriovctl's output is deterministic, so the same PF prints the same text.
full=$(sriovctl_json pf show "$PF1")
assert_eq "$full" "$(sriovctl_json pf show 01:00.0)" "pf show 01:00.0"
assert_eq "$full" "$(sriovctl_json pf show "$(dev_ifname "$PF1")")" "pf show by ifname"

step "resized to 2 VFs: sriovctl reads the new state"
set_numvfs "$PF1" 2
check_pf_list
check_pf_show "$PF1"
check_ip "$PF1" 2

step "text output names every PF"
text=$("$SRIOVCTL" pf list)
for pf in $(list_pfs); do
	assert_contains "$pf" "$text" "sriovctl pf list"
done
echo "pf OK"
