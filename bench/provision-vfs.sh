#!/bin/bash
# The shell script a provisioning engineer writes today to give PFs their VFs, the comparison
# for `sriovctl apply` in `make bench` (bench/README.md): creates NUMVFS VFs on each PF through
# sysfs, gives VF i of each PF the MAC PREFIX:0i, the PF's VLAN, spoofchk off and trust on with
# one `ip link set` per VF, then waits until the VFs are ready the way such scripts do:
# `udevadm settle` when udevd runs, else polling until every VF has its netdev.
#
#   provision-vfs.sh NUMVFS PF MAC_PREFIX VLAN [PF MAC_PREFIX VLAN ...]
#   e.g. provision-vfs.sh 7 0000:01:00.0 02:00:00:00:01 101 0000:02:00.0 02:00:00:00:02 102
#
# Assumes what such a script assumes: the PFs have 0 VFs, igbvf-like VFs (one netdev each), at
# most 10 VFs per PF (one MAC digit). The benchmark checks the result, not this script.
# Written without forks where bash can do it (globs instead of ls), so that it is no slower
# than it needs to be.
set -eu

numvfs=$1
shift
pfs=() macs=() vlans=()
while [ $# -ge 3 ]; do
	pfs+=("$1") macs+=("$2") vlans+=("$3")
	shift 3
done

for pf in "${pfs[@]}"; do
	echo "$numvfs" >"/sys/bus/pci/devices/$pf/sriov_numvfs"
done

for p in "${!pfs[@]}"; do
	for d in "/sys/bus/pci/devices/${pfs[p]}"/net/*; do pfdev=${d##*/}; done
	for ((i = 0; i < numvfs; i++)); do
		ip link set dev "$pfdev" vf "$i" mac "${macs[p]}:0$i" vlan "${vlans[p]}" \
			spoofchk off trust on
	done
done

if [ -e /run/udev/control ]; then
	udevadm settle --timeout=60
else
	for pf in "${pfs[@]}"; do
		for ((i = 0; i < numvfs; i++)); do
			n=0
			until netdevs=("/sys/bus/pci/devices/$pf/virtfn$i"/net/*); [ -e "${netdevs[0]}" ]; do
				n=$((n + 1))
				[ "$n" -le 600 ] || { echo "$pf VF $i: no netdev after 60 s" >&2; exit 1; }
				sleep 0.1
			done
		done
	done
fi
