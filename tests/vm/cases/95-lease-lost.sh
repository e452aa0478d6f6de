#!/bin/bash
# Lost leases on a real kernel: a VF leased before its PF's VFs were removed (a forced
# numvfs 0, or the PF's driver unbound) is "lost" in lease list, neither stale nor held; the
# VF made again at its address is a new device (its sysfs directory has another inode number,
# as kernfs never reuses one), which the lease does not hold and gc does not touch; gc ends
# the lease and says so.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0
"$SRIOVCTL" pf set "$PF1" numvfs 3
pfname=$(dev_ifname "$PF1")
vf0=$(vf_pci "$PF1" 0)
# What a release or recovery would put back: the MAC the VF had before its lease.
"$SRIOVCTL" vf set "$vf0" mac 02:00:00:00:aa:00
sleep 1000 &
owner=$!
# The PF's driver is bound again whatever happens: the next case needs it.
trap 'kill "$owner" 2>/dev/null || true; [ -e "$SYS_PCI/$PF1/driver" ] ||
	echo "$PF1" >/sys/bus/pci/drivers/igb/bind || true' EXIT

step "a VF leased to a live process; its PF's VFs removed with -f: the lease is lost"
ino_leased=$(stat -L -c %i "$SYS_PCI/$vf0")
sriovctl_json vf acquire "$vf0" owner "$owner" vlan 42 >/dev/null
expect_exit 0 "$SRIOVCTL" -f pf set "$PF1" numvfs 0
assert_contains "sriovctl: warning:" "$ERR" "numvfs 0 past the lease warns"
[ ! -e "$SYS_PCI/$vf0" ] || fail "$vf0 is still there after numvfs 0"
json_load "$(sriovctl_json lease list | jq -c '.[0]')"
assert_eq "$vf0" "$(jfield pci)" "the lease is listed"
assert_eq lost "$(jfield state)" "lease list -j: state"
assert_eq true "$(jfield lost)" "lease list -j: lost"
assert_eq false "$(jfield stale)" "lease list -j: stale (its owner lives)"
assert_match "^$vf0 +[^ ]+ +0 +$owner +lost " "$("$SRIOVCTL" lease list | tail -n 1)" \
	"lease list text: lost"
assert_contains "state=\"lost\"" "$("$SRIOVCTL" metrics | grep '^sriov_lease_info')" \
	"metrics: sriov_lease_info state"

step "the VFs made again: a new device at $vf0, nobody's, changed without -f"
# No -f: the lost lease holds nothing, so it is in no change's way.
"$SRIOVCTL" pf set "$PF1" numvfs 3
ino_new=$(stat -L -c %i "$SYS_PCI/$vf0")
echo "sysfs inode of $vf0: $ino_leased when leased, $ino_new now"
[ "$ino_new" != "$ino_leased" ] || fail "kernfs gave the new $vf0 the old inode $ino_leased"
"$SRIOVCTL" vf set "$vf0" mac 02:00:00:00:cc:00
assert_eq lost "$(sriovctl_json lease list | jq -r '.[0].state')" "still lost with a new VF there"

step "gc ends the lost lease, says so, and leaves the new VF as it is"
expect_exit 0 "$SRIOVCTL" lease gc
assert_eq "recovered 0 stale leases, ended 1 lost lease" "$OUT" "lease gc prints"
assert_contains "VF $vf0 ($pfname/0): lost: it went away, and the device at $vf0 now is a new one" \
	"$ERR" "lease gc says how it was lost"
assert_contains "is ended with nothing put back, and the device now at $vf0 is left as it is" \
	"$ERR" "lease gc says it touched nothing"
assert_eq igbvf "$(dev_driver "$vf0")" "the new VF's driver"
json_load "$(sriovctl_json vf show "$vf0")"
assert_eq 02:00:00:00:cc:00 "$(jfield mac)" "the new VF's MAC"
assert_eq 0 "$(jfield vlan)" "the new VF's VLAN"
assert_eq "[]" "$(sriovctl_json lease list | jq -c .)" "no lease left"

step "the PF's driver unbound under a lease: lost, and gc ends it"
sriovctl_json vf acquire "$vf0" owner "$owner" >/dev/null
# igb's remove disables SR-IOV: every VF goes with the PF's netdev.
echo "$PF1" >/sys/bus/pci/drivers/igb/unbind
[ ! -e "$SYS_PCI/$vf0" ] || fail "$vf0 is still there after the PF's driver was unbound"
assert_eq lost "$(sriovctl_json lease list | jq -r '.[0].state')" "lease list after the unbind"
json_load "$(sriovctl_json lease gc)"
assert_eq 0 "$(jfield recovered)" "lease gc -j: recovered"
assert_eq 1 "$(jfield lost)" "lease gc -j: lost"
assert_eq true "$(jfield changed)" "lease gc -j: changed"
assert_eq "[]" "$(sriovctl_json lease list | jq -c .)" "no lease left after the unbind"
echo "$PF1" >/sys/bus/pci/drivers/igb/bind
echo "lease-lost OK"
