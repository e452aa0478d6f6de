#!/bin/bash
# sriovctl vf list / vf show agree with sysfs for every VF, without udevd
# (VF netdevs keep their kernel names, ethN).
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0 PF2=0000:02:00.0
VF_KEYS="vf pci pf driver ifname iommu_group mac vlan qos vlan_proto spoofchk trust
	link_state min_tx_rate max_tx_rate query_rss"

# check_vf JSON PF INDEX: a VF object says what sysfs says about VF INDEX of PF.
check_vf() {
	local pf=$2 i=$3 vf ifname k
	json_load "$1"
	vf=$(vf_pci "$pf" "$i")
	for k in $VF_KEYS; do
		[ -n "${JT[$k]+set}" ] || fail "$pf/$i: key $k missing"
	done
	assert_eq "$i" "$(jfield vf)" "$pf/$i: vf"
	assert_eq "$vf" "$(jfield pci)" "$pf/$i: pci (virtfn$i)"
	assert_eq "$pf" "$(jfield pf)" "$pf/$i: pf"
	assert_eq "$(dev_driver "$vf")" "$(jfield driver)" "$pf/$i: driver"
	ifname=$(dev_ifname "$vf")
	assert_eq "${ifname:-null}" "$(jfield ifname)" "$pf/$i: ifname (sysfs net/)"
	assert_eq "$(dev_iommu_group "$vf")" "$(jfield iommu_group)" "$pf/$i: iommu_group"
	assert_eq number "${JT[iommu_group]}" "$pf/$i: iommu_group type"
}

step "4 VFs on $PF1, 2 on $PF2"
set_numvfs "$PF1" 4
set_numvfs "$PF2" 2

step "vf list: every VF of every PF, in order, each right"
all=$(sriovctl_json vf list)
want=$(for pf in "$PF1" "$PF2"; do
	for ((i = 0; i < $(cat "$SYS_PCI/$pf/sriov_numvfs"); i++)); do echo "$pf $i"; done
done)
assert_eq "$want" "$(jget "$all" '.[] | "\(.pf) \(.vf)"')" "vf list (pf, index)"
while read -r pf i obj; do
	check_vf "$obj" "$pf" "$i"
done < <(jq -r '.[] | "\(.pf) \(.vf) \(tojson)"' <<<"$all")
assert_eq 6 "$(jget "$all" '[.[].iommu_group] | unique | length')" "distinct IOMMU groups"

step "vf list PF: only that PF's VFs, by address and by netdev name"
assert_eq "$(grep "^$PF1 " <<<"$want")" "$(sriovctl_json vf list "$PF1" | jq -r '.[] | "\(.pf) \(.vf)"')" \
	"vf list $PF1"
assert_eq "$(grep "^$PF2 " <<<"$want")" \
	"$(sriovctl_json vf list "$(dev_ifname "$PF2")" | jq -r '.[] | "\(.pf) \(.vf)"')" \
	"vf list $(dev_ifname "$PF2")"

step "vf show for each VF: by PCI address, PF/INDEX, short PF/INDEX, ifname/INDEX, its netdev"
for pf in "$PF1" "$PF2"; do
	n=$(cat "$SYS_PCI/$pf/sriov_numvfs")
	pfname=$(dev_ifname "$pf")
	for ((i = 0; i < n; i++)); do
		vf=$(vf_pci "$pf" "$i")
		j=$(sriovctl_json vf show "$vf")
		check_vf "$j" "$pf" "$i"
		assert_eq igbvf "$(jfield driver)" "$vf: driver"
		assert_match '^eth[0-9]+$' "$(jfield ifname)" "$vf: kernel netdev name"
		# sriovctl's output is deterministic: the same VF prints the same text.
		assert_eq "$j" "$(sriovctl_json vf show "$pf/$i")" "vf show $pf/$i"
		assert_eq "$j" "$(sriovctl_json vf show "${pf#0000:}/$i")" "vf show ${pf#0000:}/$i"
		assert_eq "$j" "$(sriovctl_json vf show "$pfname/$i")" "vf show $pfname/$i"
		assert_eq "$j" "$(sriovctl_json vf show "$(jfield ifname)")" "vf show by its netdev"
	done
done

step "a VF moved to vfio-pci (driver_override) shows driver vfio-pci and no netdev"
vf=$(vf_pci "$PF1" 3)
echo vfio-pci >"$SYS_PCI/$vf/driver_override"
echo "$vf" >"$SYS_PCI/$vf/driver/unbind"
echo "$vf" >/sys/bus/pci/drivers_probe
assert_eq vfio-pci "$(dev_driver "$vf")" "$vf: sysfs driver"
j=$(sriovctl_json vf show "$PF1/3")
check_vf "$j" "$PF1" 3
assert_eq vfio-pci "$(jfield driver)" "$vf: driver"
assert_eq null "$(jfield ifname)" "$vf: ifname of a vfio-pci VF"
echo "vf OK"
