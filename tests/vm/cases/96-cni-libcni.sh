#!/bin/bash
# libsriov-cni driven by libcni, the Go library container runtimes are built on
# (tests/cni/driver.go): ADD, CHECK and DEL of a network list in which tuning (from
# containernetworking-plugins) is chained after libsriov-cni, prevResult and the result cache
# handled by libcni as containerd and CRI-O have them handled.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
. "$TOP/tests/vm/cni/lib-cni.sh"

DRIVER=$TOP/tests/cni/cni-driver
[ -x "$DRIVER" ] || fail "tests/cni/cni-driver is not built (make check-vm builds it)"
PF1=0000:01:00.0
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
# The plugin where a runtime looks, beside Debian's (tuning, host-local).
mkdir "$DIR/bin"
ln -s "$CNI_PLUGIN" "$DIR/bin/libsriov-cni"
export CNI_PATH=$DIR/bin:$CNI_BIN CNI_CACHE_DIR=$DIR/cache

"$SRIOVCTL" pf set "$PF1" numvfs 2
pf=$(dev_ifname "$PF1")
vf0=$(vf_pci "$PF1" 0)
jq -n --arg dev "$vf0" '{cniVersion: "1.0.0", name: "sriov-chain", plugins: [
	{type: "libsriov-cni", deviceID: $dev, vlan: 100, spoofchk: "on",
	 ipam: {type: "host-local", subnet: "10.58.0.0/24", gateway: "10.58.0.1",
	        dataDir: "/run/cni-test/ipam-libcni"}},
	{type: "tuning", promisc: true}]}' >"$DIR/chain.conflist"
ip netns add lc1
NS=/run/netns/lc1
before=$(host_state)

step "libcni ADD of the list: libsriov-cni's interface, tuning's promisc on it"
expect_exit 0 "$DRIVER" add "$DIR/chain.conflist" lc1 "$NS" net1
echo "$OUT"
# The list's result is tuning's, re-encoded through Go's CNI 1.0 types: the interface and IPs
# are libsriov-cni's, its pciID (a CNI 1.1 key) is not among them.
assert_eq net1 "$(jq -r '.interfaces[0].name' <<<"$OUT")" "interface through libcni"
assert_eq "$(ip -n lc1 -j link show net1 | jq -r '.[0].address')" \
	"$(jq -r '.interfaces[0].mac' <<<"$OUT")" "MAC through libcni"
assert_eq 10.58.0.2/24 "$(jq -r '.ips[0].address' <<<"$OUT")" "address through libcni"
assert_contains PROMISC "$(ip -n lc1 link show net1)" "tuning's promisc on net1"
assert_eq 100 "$(jget "$(sriovctl_json vf show "$vf0")" .vlan)" "VLAN on the PF side"
ls "$CNI_CACHE_DIR"/results/sriov-chain-lc1-net1 >/dev/null || fail "libcni cached no result"

step "libcni CHECK passes, and fails with code 102 naming the field after drift"
expect_exit 0 "$DRIVER" check "$DIR/chain.conflist" lc1 "$NS" net1
ip link set "$pf" vf 0 vlan 200
expect_exit 1 "$DRIVER" check "$DIR/chain.conflist" lc1 "$NS" net1
echo "$ERR"
assert_contains "code 102: VF $vf0: vlan is 200, the config says 100" "$ERR" "libcni CHECK after drift"
ip link set "$pf" vf 0 vlan 100

step "libcni DEL gives everything back; DEL again succeeds"
expect_exit 0 "$DRIVER" del "$DIR/chain.conflist" lc1 "$NS" net1
assert_eq "$before" "$(host_state)" "host after libcni DEL"
expect_exit 0 "$DRIVER" del "$DIR/chain.conflist" lc1 "$NS" net1
assert_eq "$before" "$(host_state)" "host after a second libcni DEL"
echo "PASS"
