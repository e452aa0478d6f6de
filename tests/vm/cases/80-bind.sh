#!/bin/bash
# sriovctl vf bind/unbind on a real kernel: igbvf <-> vfio-pci through driver_override, the
# VFIO node and the netdev going and coming back with the admin MAC kept, PF/all round trips,
# in-use refusals (netdev up, an address, a VMM holding the group), loading vfio-pci with
# libkmod, unbind that lasts, and bad input changing nothing.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF=0000:01:00.0
MAC=02:00:00:00:80:01

override() {
	cat "$SYS_PCI/$1/driver_override"
}

# vf0_mac: VF 0's admin MAC as the PF driver reports it.
vf0_mac() {
	ip -j link show dev "$(dev_ifname "$PF")" | jq -r '.[0].vfinfo_list[0].address'
}

# on_host VF: bound to igbvf with a netdev and no override.
on_host() {
	assert_eq igbvf "$(dev_driver "$1")" "$1 driver"
	[ -n "$(dev_ifname "$1")" ] || fail "$1 has no netdev on igbvf"
	assert_eq "(null)" "$(override "$1")" "$1 driver_override"
}

on_vfio() {
	local group
	assert_eq vfio-pci "$(dev_driver "$1")" "$1 driver"
	assert_eq "" "$(dev_ifname "$1")" "$1 netdev on vfio-pci"
	assert_eq vfio-pci "$(override "$1")" "$1 driver_override"
	group=$(dev_iommu_group "$1")
	[ -c "/dev/vfio/$group" ] || fail "/dev/vfio/$group is missing for $1"
}

step "4 VFs on $PF; VF 0 gets an admin MAC"
"$SRIOVCTL" pf set "$PF" numvfs 4
vf=$(vf_pci "$PF" 0)
# How every message names it: its address, then PF/INDEX by the PF's netdev.
vflabel="$vf ($(dev_ifname "$PF")/0)"
"$SRIOVCTL" vf set "$PF/0" mac "$MAC"
assert_eq "$MAC" "$(vf0_mac)" "VF 0 MAC before"

step "vfio-pci unloaded: bind loads it through libkmod"
if modprobe -r vfio-pci; then
	[ ! -e /sys/bus/pci/drivers/vfio-pci ] || fail "vfio-pci still registered after modprobe -r"
else
	echo "vfio-pci could not be unloaded; the load path is not exercised"
fi
"$SRIOVCTL" vf bind "$PF/0" vfio-pci
on_vfio "$vf"
json_load "$(sriovctl_json vf show "$PF/0")"
assert_eq vfio-pci "$(jfield driver)" "vf show driver"
assert_eq null "$(jfield ifname)" "vf show ifname"

step "the same driver again: nothing to change"
json_load "$(sriovctl_json vf bind "$PF/0" vfio-pci)"
assert_eq false "$(jfield changed)" "changed on a no-op"

step "back to the host default: igbvf, the netdev back, the admin MAC kept"
"$SRIOVCTL" vf bind "$PF/0" default
on_host "$vf"
assert_eq "$MAC" "$(vf0_mac)" "VF 0 MAC after the round trip"

step "PF/all to vfio-pci and back"
out=$(sriovctl_json vf bind "$PF/all" vfio-pci)
assert_eq "true 4 vfio-pci,vfio-pci,vfio-pci,vfio-pci igbvf,igbvf,igbvf,igbvf" \
	"$(jq -r '"\(.changed) \(.vfs | length) \([.vfs[].driver] | join(",")) \([.vfs[].old_driver] | join(","))"' <<<"$out")" \
	"vf bind PF/all -j"
for i in 0 1 2 3; do
	on_vfio "$(vf_pci "$PF" "$i")"
done
"$SRIOVCTL" vf bind "$PF/all" default
for i in 0 1 2 3; do
	on_host "$(vf_pci "$PF" "$i")"
done

step "a netdev that is up: refused, nothing changed; -f goes ahead"
vfif=$(dev_ifname "$vf")
ip link set dev "$vfif" up
expect_exit 1 "$SRIOVCTL" vf bind "$PF/0" vfio-pci
assert_eq "sriovctl: VF $vflabel: bind to vfio-pci (from igbvf): in use: its netdev $vfif is up; take it down, or force" \
	"$ERR" "refusal"
on_host "$vf"
step "PF/all with one VF up: refused before any VF changes"
expect_exit 1 "$SRIOVCTL" vf bind "$PF/all" vfio-pci
assert_contains "sriovctl: PF $PF: bind every VF to vfio-pci: 1 VF in use: VF $vflabel: " "$ERR" \
	"PF/all names every VF in use"
for i in 0 1 2 3; do
	on_host "$(vf_pci "$PF" "$i")"
done
expect_exit 0 "$SRIOVCTL" -f vf bind "$PF/0" vfio-pci
assert_eq "sriovctl: warning: VF $vflabel: in use: its netdev $vfif is up; bind to vfio-pci (from igbvf) anyway, as forced" \
	"$ERR" "-f says what it broke"
on_vfio "$vf"
"$SRIOVCTL" vf bind "$PF/0" default
on_host "$vf"

step "an IPv4 address on the VF netdev (link down, TEST-NET): refused"
vfif=$(dev_ifname "$vf")
ip link set dev "$vfif" down
ip addr add 192.0.2.1/24 dev "$vfif"
expect_exit 1 "$SRIOVCTL" vf bind "$PF/0" vfio-pci
assert_contains "in use: its netdev $vfif has address 192.0.2.1/24 (1 address, 0 routes)" "$ERR" \
	"address refusal"
expect_exit 1 "$SRIOVCTL" vf unbind "$PF/0"
assert_contains "unbind from igbvf: in use: its netdev $vfif has address 192.0.2.1/24" "$ERR" \
	"unbind refusal"
on_host "$vf"
ip addr flush dev "$vfif"
"$SRIOVCTL" vf bind "$PF/0" vfio-pci
on_vfio "$vf"

step "a VMM holding the VFIO group: refused, since the unbind would block until it lets go"
group=$(dev_iommu_group "$vf")
exec 3<>"/dev/vfio/$group"
expect_exit 1 "$SRIOVCTL" vf bind "$PF/0" default
# The holder is named: this shell ($$) holds the group open on fd 3.
assert_contains "its VFIO node is held open by process $$ (bash)" "$ERR" "group refusal"
assert_contains "not even force goes ahead" "$ERR" "group refusal"
exec 3>&-
on_vfio "$vf"
"$SRIOVCTL" vf bind "$PF/0" default
on_host "$vf"

step "an unknown driver: a clear error, nothing changed"
expect_exit 1 "$SRIOVCTL" vf bind "$PF/0" no_such_driver
assert_eq "sriovctl: VF $vflabel: bind to no_such_driver (from igbvf): no driver no_such_driver is loaded and no module has that name (modprobe no_such_driver)" \
	"$ERR" "unknown driver"
on_host "$vf"

step "unbind: driverless with override none, which a probe does not undo"
"$SRIOVCTL" vf unbind "$PF/0"
assert_eq "" "$(dev_driver "$vf")" "driver after unbind"
assert_eq none "$(override "$vf")" "override after unbind"
echo "$vf" >/sys/bus/pci/drivers_probe
assert_eq "" "$(dev_driver "$vf")" "driver after someone's drivers_probe"
"$SRIOVCTL" vf bind "$PF/0" default
on_host "$vf"
assert_eq "$MAC" "$(vf0_mac)" "VF 0 MAC after unbind and back"

step "with udevd: the renamed netdev is there when bind returns"
start_udevd
"$SRIOVCTL" vf bind "$PF/0" vfio-pci
on_vfio "$vf"
# udevd has handled the group node (its rules ran) by the time bind returns.
group=$(dev_iommu_group "$vf")
devnum=$(cat "/sys/class/vfio/$group/dev")
[ -e "/run/udev/data/c$devnum" ] || fail "udev has no database entry for /dev/vfio/$group yet"
"$SRIOVCTL" vf bind "$PF/0" default
assert_match '^en[a-z0-9]+v0$' "$(dev_ifname "$vf")" "VF 0 name right after bind default"
on_host "$vf"
stop_udevd

step "dry run: says what it would do, does nothing"
expect_exit 0 "$SRIOVCTL" -n vf bind "$PF/0" vfio-pci
assert_contains "would bind $vf ($(dev_ifname "$PF")/0) to vfio-pci (now igbvf)" "$OUT" "dry-run text"
on_host "$vf"
echo "bind OK"
