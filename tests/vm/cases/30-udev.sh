#!/bin/bash
# With systemd-udevd running, netdevs get predictable names (PF enp1s0 or
# similar, VFs <pf>v<index>) and sriovctl reports the renamed ones; after udevd
# is gone, new VFs keep kernel names again and sriovctl follows.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0

# check_names PF N PATTERN: sysfs and sriovctl agree on every VF's netdev,
# and it matches PATTERN (an ERE in which @ stands for the VF index).
check_names() {
	local pf=$1 n=$2 pattern=$3 i vf ifname j
	for ((i = 0; i < n; i++)); do
		vf=$(vf_pci "$pf" "$i")
		ifname=$(dev_ifname "$vf")
		assert_match "${pattern//@/$i}" "$ifname" "$vf: netdev name"
		j=$(sriovctl_json vf show "$vf")
		json_load "$j"
		assert_eq "$ifname" "$(jfield ifname)" "$vf: sriovctl ifname"
		assert_eq "$j" "$(sriovctl_json vf show "$pf/$i")" "vf show $pf/$i"
	done
	assert_eq "$(for ((i = 0; i < n; i++)); do dev_ifname "$(vf_pci "$pf" "$i")"; done | paste -sd' ')" \
		"$(sriovctl_json vf list "$pf" | jq -r '.[].ifname' | paste -sd' ')" "vf list $pf ifnames"
}

step "udevd renames the PFs"
kname=$(dev_ifname "$PF1")
start_udevd
pfname=$(dev_ifname "$PF1")
assert_match '^en' "$pfname" "$PF1: netdev name under udevd (was $kname)"
assert_eq "$pfname" "$(jget "$(sriovctl_json pf show "$PF1")" .ifname)" "$PF1: sriovctl ifname"
assert_eq "$PF1" "$(jget "$(sriovctl_json pf show "$pfname")" .pci)" "pf show $pfname"
assert_eq "$pfname" "$(sriovctl_json pf list | jq -r --arg p "$PF1" '.[] | select(.pci == $p) | .ifname')" \
	"pf list ifname of $PF1"

step "4 VFs with udevd: VF netdevs renamed ${pfname}v<index>"
set_numvfs "$PF1" 4
check_names "$PF1" 4 "^${pfname}v@\$"
assert_eq "$(dev_ifname "$(vf_pci "$PF1" 2)")" \
	"$(jget "$(sriovctl_json vf show "$pfname/2")" .ifname)" "vf show $pfname/2"

step "udevd stopped, VFs re-created: kernel names, sriovctl follows"
stop_udevd
set_numvfs "$PF1" 0
set_numvfs "$PF1" 3
check_names "$PF1" 3 '^eth[0-9]+$'
assert_eq "$pfname" "$(dev_ifname "$PF1")" "$PF1 keeps its udev name"
echo "udev OK"
