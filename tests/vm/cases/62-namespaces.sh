#!/bin/bash
# Namespaces on a real kernel: a VF whose netdev was moved into another network namespace (a
# pod's) is in use, so it is neither removed nor leased without -f; a VMM in a PID namespace of
# its own (a container) keeps its lease against lease gc on the host, and is recovered once dead.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0
HANDOFF=$TOP/examples/vmm-handoff
[ -x "$HANDOFF" ] || fail "examples/vmm-handoff is not built"

"$SRIOVCTL" pf set "$PF1" numvfs 2
pfname=$(dev_ifname "$PF1")
vf0=$(vf_pci "$PF1" 0)
vf1=$(vf_pci "$PF1" 1)

step "the kernel: a netdev moved into another namespace leaves its device's net/ empty, not gone"
ifname=$(dev_ifname "$vf0")
ip netns add pod62
ip link set dev "$ifname" netns pod62
[ -d "$SYS_PCI/$vf0/net" ] || fail "$vf0/net is gone with its netdev in another namespace"
assert_eq "" "$(ls "$SYS_PCI/$vf0/net")" "$vf0/net seen from the host"
assert_eq "$ifname" "$(ip netns exec pod62 ls /sys/class/net | grep -v '^lo$')" \
	"the netdev, seen from its namespace"

step "such a VF is in use: vf show says so, pf set numvfs refuses without -f, PF/any skips it"
json_load "$(sriovctl_json vf show "$vf0")"
assert_eq "its netdev is in another network namespace" "$(jfield in_use)" "vf show in_use"
assert_contains "in use:       its netdev is in another network namespace" \
	"$("$SRIOVCTL" vf show "$vf0")" "vf show text"
expect_exit 1 "$SRIOVCTL" pf set "$PF1" numvfs 0
assert_contains "VF $vf0 ($pfname/0): its netdev is in another network namespace" "$ERR" \
	"pf set refusal"
assert_eq 2 "$(cat "$SYS_PCI/$PF1/sriov_numvfs")" "VFs after the refusal"
assert_eq "$vf1" "$(jget "$(sriovctl_json vf acquire "$pfname/any")" .pci)" "PF/any skips it"
"$SRIOVCTL" vf release "$vf1"
expect_exit 1 "$SRIOVCTL" vf bind "$vf0" vfio-pci
assert_contains "another network namespace" "$ERR" "vf bind refusal"
assert_eq igbvf "$(dev_driver "$vf0")" "driver after the refusal"
# VF 1's release made a netdev meanwhile, which may have taken the name that was free.
ip netns exec pod62 ip link set dev "$ifname" name vf62back
ip netns exec pod62 ip link set dev vf62back netns 1
ip netns del pod62
assert_eq null "$(jget "$(sriovctl_json vf show "$vf0")" .in_use)" "in_use once back"

step "a VMM in its own PID namespace (pid 1 there) keeps its lease against lease gc"
unshare --pid --fork --mount-proc "$HANDOFF" "$vf0" hold >/tmp/hold62.out 2>&1 &
outer=$!
for _ in $(seq 100); do grep -q holding /tmp/hold62.out && break; sleep 0.1; done
grep -q holding /tmp/hold62.out || fail "vmm-handoff did not get to hold: $(cat /tmp/hold62.out)"
json_load "$(sriovctl_json lease list | jq -c '.[0]')"
assert_eq false "$(jfield stale)" "lease of a live holder in a container"
holder=$(jfield owner_pid)
[ "$holder" != 1 ] || fail "owner_pid is the container's pid 1, not the host's"
assert_eq "$HANDOFF" "$(readlink "/proc/$holder/exe")" "owner_pid is vmm-handoff's host pid"
assert_eq 0 "$(jget "$(sriovctl_json lease gc)" .recovered)" "gc recovered"
assert_eq vfio-pci "$(dev_driver "$vf0")" "driver after gc, with its holder alive"

step "dead, with its namespace: the lease is stale and gc puts the VF back"
kill -KILL "$holder"
wait "$outer" 2>/dev/null || true
assert_eq true "$(sriovctl_json lease list | jq -r '.[0].stale')" "lease stale after SIGKILL"
assert_eq 1 "$(jget "$(sriovctl_json lease gc)" .recovered)" "gc recovered"
assert_eq igbvf "$(dev_driver "$vf0")" "driver after gc"
echo "namespaces OK"
