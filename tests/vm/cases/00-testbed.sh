#!/bin/bash
# The testbed itself: the emulated hardware, drivers and isolation every other
# case relies on. Uses sysfs only (no sriovctl), so it says whether a failure
# elsewhere is the testbed's or libsriov's.
. "$TOP/tests/vm/lib.sh"
strict_mode

step "two igb PFs, 8086:10c9, 7 VFs each, bound to igb"
pfs=$(list_pfs | paste -sd' ')
assert_eq "0000:01:00.0 0000:02:00.0" "$pfs" "SR-IOV PFs"
for pf in $pfs; do
	assert_eq 8086 "$(sysfs_hex_id "$pf" vendor)" "$pf vendor"
	assert_eq 10c9 "$(sysfs_hex_id "$pf" device)" "$pf device"
	assert_eq 7 "$(cat "$SYS_PCI/$pf/sriov_totalvfs")" "$pf sriov_totalvfs"
	assert_eq 0 "$(cat "$SYS_PCI/$pf/sriov_numvfs")" "$pf sriov_numvfs after reset_host"
	assert_eq igb "$(dev_driver "$pf")" "$pf driver"
	assert_match '^eth[0-9]+$' "$(dev_ifname "$pf")" "$pf netdev (kernel name, no udevd)"
done

step "an IOMMU, and no udevd by default"
[ -n "$(ls /sys/class/iommu)" ] || fail "/sys/class/iommu is empty: no emulated VT-d"
udevd_running && fail "systemd-udevd runs although no case started it"

step "no network path out: no default route, PF links down"
assert_eq "" "$(ip route show default)" "default route"
assert_eq "" "$(ip -6 route show default)" "IPv6 default route"

step "VFs: 8086:10ca at offset 0x80 stride 2, igbvf, one IOMMU group each"
set_numvfs 0000:01:00.0 3
assert_eq "0000:01:10.0 0000:01:10.2 0000:01:10.4" \
	"$(for i in 0 1 2; do vf_pci 0000:01:00.0 "$i"; done | paste -sd' ')" "VF addresses"
groups=()
for i in 0 1 2; do
	vf=$(vf_pci 0000:01:00.0 "$i")
	assert_eq 10ca "$(sysfs_hex_id "$vf" device)" "$vf device"
	assert_eq igbvf "$(dev_driver "$vf")" "$vf driver"
	groups+=("$(dev_iommu_group "$vf")")
done
assert_eq 3 "$(printf '%s\n' "${groups[@]}" | sort -u | wc -l)" "distinct IOMMU groups of 3 VFs"

step "a VF bound to vfio-pci through driver_override gets /dev/vfio/N"
vf=$(vf_pci 0000:01:00.0 2)
echo vfio-pci >"$SYS_PCI/$vf/driver_override"
echo "$vf" >"$SYS_PCI/$vf/driver/unbind"
echo "$vf" >/sys/bus/pci/drivers_probe
assert_eq vfio-pci "$(dev_driver "$vf")" "$vf driver after override"
[ -c "/dev/vfio/$(dev_iommu_group "$vf")" ] || fail "/dev/vfio/$(dev_iommu_group "$vf") missing"

step "reset_host puts everything back"
reset_host
assert_eq 0 "$(cat "$SYS_PCI/0000:01:00.0/sriov_numvfs")" "numvfs after reset_host"
assert_eq 0 "$(count_virtfn 0000:01:00.0)" "virtfn links after reset_host"
echo "testbed OK"
