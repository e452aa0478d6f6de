#!/bin/bash
# A host booted without intel_iommu=on and without a VT-d device (SRIOV_TESTBED_IOMMU=off):
# sriovctl check must say the IOMMU is off, with the remedy, and exit 1; vf show has no group,
# and vfio-pci cannot take a VF. (Debian's 6.1 lacks CONFIG_VFIO_NOIOMMU, so vfio's unsafe
# no-IOMMU mode is tested on fake trees only: tests/sysfs/test-iommu.c, test-check.c.)
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF=0000:01:00.0

step "no IOMMU: /sys/class/iommu is empty, no IOMMU groups"
[ -z "$(ls /sys/class/iommu)" ] || fail "/sys/class/iommu is not empty: $(ls /sys/class/iommu)"
[ -z "$(ls /sys/kernel/iommu_groups)" ] || fail "IOMMU groups exist without an IOMMU"
[[ " $(cat /proc/cmdline) " != *" intel_iommu=on "* ]] || fail "booted with intel_iommu=on"

step "check: FAIL iommu-off, naming the missing intel_iommu=on and the remedy; exit 1"
expect_exit 1 "$SRIOVCTL" check
assert_contains "FAIL  IOMMU: off (/sys/class/iommu is empty), the kernel command line has no intel_iommu=on" \
	"$OUT" "check text"
assert_contains "— add intel_iommu=on (or amd_iommu=on) to the kernel command line and reboot" "$OUT" \
	"check remedy"
expect_exit 1 "$SRIOVCTL" -j check
json_load "$OUT"
assert_eq false "$(jfield ok)" "check -j ok"
assert_eq "iommu-off:problem vfio:ok vfio-pci:ok pf-sriov:ok pf-sriov:ok" \
	"$(jq -r '[.findings[] | "\(.id):\(.severity)"] | join(" ")' <<<"$OUT")" "check findings"

step "vf show: no group, every VFIO key null, iommu mode none"
set_numvfs "$PF" 2
vf0=$(vf_pci "$PF" 0)
[ ! -e "$SYS_PCI/$vf0/iommu_group" ] || fail "$vf0 has an IOMMU group without IOMMU"
json_load "$(sriovctl_json vf show "$vf0")"
for k in iommu_group iommu_group_members iommu_group_viable vfio_group vfio_cdev; do
	assert_eq null "$(jfield "$k")" "$vf0: $k"
done
assert_contains "    iommu mode:   none (no IOMMU" "$("$SRIOVCTL" vf show "$vf0")" "vf show text"

step "vfio-pci cannot take a VF without IOMMU; vf show and vfio chown agree"
[ ! -e /sys/module/vfio/parameters/enable_unsafe_noiommu_mode ] ||
	fail "this kernel has vfio's no-IOMMU mode: test it here"
echo vfio-pci >"$SYS_PCI/$vf0/driver_override"
echo "$vf0" >"$SYS_PCI/$vf0/driver/unbind"
echo "$vf0" >/sys/bus/pci/drivers_probe 2>/dev/null || true
assert_eq "" "$(dev_driver "$vf0")" "$vf0: vfio-pci refused it (no IOMMU group)"
# Only the container node, /dev/vfio/vfio, may exist.
for n in /dev/vfio/*; do
	[ ! -e "$n" ] || [ "$n" = /dev/vfio/vfio ] || fail "VFIO node $n without IOMMU"
done
json_load "$(sriovctl_json vf show "$vf0")"
assert_eq null "$(jfield driver)" "$vf0: driver"
assert_eq null "$(jfield vfio_group)" "$vf0: vfio_group"
expect_exit 1 "$SRIOVCTL" vfio chown "$vf0" 4242:4343
assert_contains "VF $vf0 ($(dev_ifname "$PF")/0): set VFIO owner: it is not bound to vfio-pci" "$ERR" "vfio chown"
echo "noiommu OK"
