#!/bin/bash
# IOMMU and VFIO facts on a real kernel with VT-d: vf show's group members, viability and
# /dev/vfio path against sysfs and /dev as a VF goes from igbvf to vfio-pci; handing the group
# node to an unprivileged user (who can then open it); sriovctl check passing on this host.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF=0000:01:00.0

# to_vfio VF: bind VF to vfio-pci the way docs/kernel.md says, directly in sysfs (not through
# libsriov's own binding code, which has its own cases).
to_vfio() {
	echo vfio-pci >"$SYS_PCI/$1/driver_override"
	if [ -e "$SYS_PCI/$1/driver" ]; then
		echo "$1" >"$SYS_PCI/$1/driver/unbind"
	fi
	echo "$1" >/sys/bus/pci/drivers_probe
	assert_eq vfio-pci "$(dev_driver "$1")" "$1: driver after driver_override"
}

# group_members_json GROUP: the group's members as sriovctl prints them, from sysfs.
group_members_json() {
	local d m drv cls out=""
	for d in /sys/kernel/iommu_groups/"$1"/devices/*; do
		m=$(basename "$d")
		drv=$(dev_driver "$m")
		cls=$(cat "$d/class")
		[ -z "$drv" ] && drv=null || drv="\"$drv\""
		out+="${out:+,}{\"pci\":\"$m\",\"driver\":$drv,"
		out+="\"bridge\":$([ "${cls:0:6}" = 0x0604 ] && echo true || echo false)}"
	done
	echo "[$out]"
}

step "2 VFs on $PF, both on igbvf"
set_numvfs "$PF" 2
vf0=$(vf_pci "$PF" 0)
vf1=$(vf_pci "$PF" 1)
g0=$(dev_iommu_group "$vf0")

step "vf show: a VF on igbvf is in a group that is not viable, without VFIO nodes"
json_load "$(sriovctl_json vf show "$vf0")"
assert_eq "$g0" "$(jfield iommu_group)" "$vf0: iommu_group"
assert_eq "$(group_members_json "$g0")" "$(jq -c . <<<"$(jfield iommu_group_members)")" \
	"$vf0: members of group $g0 (sysfs)"
assert_eq false "$(jfield iommu_group_viable)" "$vf0: viable on igbvf"
[ ! -e "/dev/vfio/$g0" ] || fail "/dev/vfio/$g0 exists although no member is on vfio-pci"
assert_eq null "$(jfield vfio_group)" "$vf0: vfio_group on igbvf"
assert_eq null "$(jfield vfio_cdev)" "$vf0: vfio_cdev"
out=$("$SRIOVCTL" vf show "$vf0")
assert_contains "    viable:       no: $vf0 is bound to the host driver igbvf" "$out" "vf show text"

step "check passes on this host: IOMMU on (iommu=pt), interrupt remapping, vfio, both PFs"
# QEMU's intel-iommu,intremap=on sets the IR bit (3) of the unit's ecap.
ecap=$(cat /sys/class/iommu/dmar0/intel-iommu/ecap)
[ $((0x$ecap & 8)) = 8 ] || fail "dmar0 ecap $ecap lacks IR"
expect_exit 0 "$SRIOVCTL" -j check
json_load "$OUT"
assert_eq true "$(jfield ok)" "check ok"
assert_eq "iommu-on:ok interrupt-remapping:ok vfio:ok vfio-pci:ok pf-sriov:ok pf-sriov:ok" \
	"$(jq -r '[.findings[] | "\(.id):\(.severity)"] | join(" ")' <<<"$OUT")" "check findings"
assert_contains "passthrough mode (iommu=pt)" "$(jq -r '.findings[0].message' <<<"$OUT")" \
	"IOMMU mode from the groups' type (identity)"
expect_exit 0 "$SRIOVCTL" check
assert_eq "check: 6 ok, 0 warnings, 0 problems" "$(tail -n 1 <<<"$OUT")" "check text summary"

step "a VF moved to vfio-pci: viable, /dev/vfio/N, and check finds its group viable"
to_vfio "$vf0"
[ -c "/dev/vfio/$g0" ] || fail "/dev/vfio/$g0 missing after binding vfio-pci"
json_load "$(sriovctl_json vf show "$PF/0")"
assert_eq vfio-pci "$(jfield driver)" "$vf0: driver"
assert_eq true "$(jfield iommu_group_viable)" "$vf0: viable on vfio-pci"
assert_eq "/dev/vfio/$g0" "$(jfield vfio_group)" "$vf0: vfio_group"
# Debian's 6.1 puts vfio's device at vfio-dev/vfio0 but has no VFIO cdev (6.6+): no device
# number, no /dev/vfio/devices/, and sriovctl says null.
[ -d "$SYS_PCI/$vf0/vfio-dev" ] || fail "$vf0: no vfio-dev/ on vfio-pci"
[ ! -e "$SYS_PCI/$vf0/vfio-dev/vfio0/dev" ] || fail "6.1 has a VFIO cdev?"
[ ! -e /dev/vfio/devices ] || fail "6.1 has /dev/vfio/devices?"
assert_eq null "$(jfield vfio_cdev)" "$vf0: vfio_cdev on 6.1"
assert_eq "$(group_members_json "$g0")" "$(jq -c . <<<"$(jfield iommu_group_members)")" \
	"$vf0: members on vfio-pci"
expect_exit 0 "$SRIOVCTL" -j check
assert_eq "group-viable ok /dev/vfio/$g0" \
	"$(jq -r --arg vf "$vf0" '.findings[] | select(.object == $vf) |
		"\(.id) \(.severity) \(.message | capture("(?<p>/dev/vfio/[0-9]+)").p)"' <<<"$OUT")" \
	"check: $vf0's group"

step "a driverless VF alone in its group is viable, but vfio has no node for it"
echo "$vf1" >"$SYS_PCI/$vf1/driver/unbind"
json_load "$(sriovctl_json vf show "$vf1")"
assert_eq null "$(jfield driver)" "$vf1: driver after unbind"
assert_eq true "$(jfield iommu_group_viable)" "$vf1: viable without driver"
assert_eq null "$(jfield vfio_group)" "$vf1: vfio_group without vfio-pci"

step "vfio chown hands /dev/vfio/$g0 to an unprivileged user, who can then open it"
node=/dev/vfio/$g0
assert_eq 0:0 "$(stat -c %u:%g "$node")" "$node owner as the kernel made it"
opens_as_4242() {
	setpriv --reuid 4242 --regid 4343 --clear-groups bash -c "exec 3<>$node" 2>/dev/null
}
! opens_as_4242 || fail "uid 4242 could open $node before chown"
expect_exit 0 "$SRIOVCTL" -n vfio chown "$vf0" 4242:4343
assert_eq "would set VF $vf0 ($(dev_ifname "$PF")/0): $node owner uid 4242 gid 4343" "$OUT" "vfio chown -n output"
assert_eq 0:0 "$(stat -c %u:%g "$node")" "$node owner after a dry run"
json_load "$(sriovctl_json vfio chown "$PF/0" 4242:4343)"
assert_eq "[\"$node\"]" "$(jfield nodes)" "vfio chown -j: nodes"
assert_eq 4242:4343 "$(stat -c %u:%g "$node")" "$node owner after vfio chown"
opens_as_4242 || fail "uid 4242 cannot open $node after vfio chown"
expect_exit 1 "$SRIOVCTL" vfio chown "$vf1" 4242
assert_contains "VF $vf1 ($(dev_ifname "$PF")/1): set VFIO owner: it is not bound to vfio-pci" "$ERR" "chown of a driverless VF"
echo "vfio OK"
