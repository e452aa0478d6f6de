#!/bin/bash
# libsriov-cni on igb VFs with real network namespaces, driven as a runtime drives it: ADD with
# host-local IPAM puts the VF in the namespace with its name, MAC, VLAN and address; CHECK
# passes, and fails naming the field after drift; DEL gives everything back (the host exactly
# as before) and again succeeds.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
. "$TOP/tests/vm/cni/lib-cni.sh"

PF1=0000:01:00.0
"$SRIOVCTL" pf set "$PF1" numvfs 2
pf=$(dev_ifname "$PF1")
vf0=$(vf_pci "$PF1" 0)
vf0_name=$(dev_ifname "$vf0")
ip netns add pod1
NS=/run/netns/pod1
CID=4f1c0de5a1b2
CONF=$(jq -nc --arg dev "$vf0" '{cniVersion: "1.0.0", name: "sriov-net", type: "libsriov-cni",
	deviceID: $dev, vlan: 100, mac: "02:00:00:00:c0:01", spoofchk: "on", trust: "off", mtu: 1400,
	ipam: {type: "host-local", subnet: "10.56.0.0/24", gateway: "10.56.0.1",
	       routes: [{dst: "0.0.0.0/0"}], dataDir: "/run/cni-test/ipam"}}')
before=$(host_state)

step "ADD: the VF's netdev is net1 in the namespace, with the MAC, MTU, VLAN and address"
CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=web;K8S_POD_NAME=api-0;K8S_POD_UID=7d9f" \
	cni_ok ADD "$CID" "$NS" net1 "$CONF"
echo "$OUT"
RESULT=$OUT
assert_eq net1 "$(jq -r '.interfaces[0].name' <<<"$RESULT")" "result interface"
assert_eq "$vf0" "$(jq -r '.interfaces[0].pciID' <<<"$RESULT")" "result pciID"
assert_eq "$NS" "$(jq -r '.interfaces[0].sandbox' <<<"$RESULT")" "result sandbox"
assert_eq 02:00:00:00:c0:01 "$(jq -r '.interfaces[0].mac' <<<"$RESULT")" "result mac"
assert_eq 10.56.0.2/24 "$(jq -r '.ips[0].address' <<<"$RESULT")" "result address"
assert_eq 0 "$(jq -r '.ips[0].interface' <<<"$RESULT")" "result ips.interface"
link=$(ip -n pod1 -j link show net1)
assert_eq 02:00:00:00:c0:01 "$(jq -r '.[0].address' <<<"$link")" "MAC in the namespace"
assert_eq 1400 "$(jq -r '.[0].mtu' <<<"$link")" "MTU in the namespace"
assert_contains UP "$(jq -r '.[0].flags | join(",")' <<<"$link")" "net1 is up"
assert_contains "10.56.0.2/24" "$(ip -n pod1 -o addr show dev net1)" "address in the namespace"
assert_contains "default via 10.56.0.1 dev net1" "$(ip -n pod1 route show)" "default route"
vf=$(sriovctl_json vf show "$vf0")
assert_eq 100 "$(jget "$vf" .vlan)" "VLAN on the PF side"
assert_eq 02:00:00:00:c0:01 "$(jget "$vf" .mac)" "MAC on the PF side"
[ -z "$(dev_ifname "$vf0")" ] || fail "$vf0 still has a netdev in the host"
lease=$(sriovctl_json lease list)
assert_eq "libsriov-cni sriov-net $CID/net1" "$(jget "$lease" '.[0].holder')" "lease holder"
assert_eq "$vf0_name" "$(jget "$lease" '.[0].netdev')" "lease keeps the host name"
assert_eq "sriov-net $CID net1 web api-0" "$(jq -r '.[0].labels | [."cni.network",
	."cni.container_id", ."cni.ifname", ."k8s.pod.namespace", ."k8s.pod.name"] | join(" ")' \
	<<<"$lease")" "lease labels: the attachment and its pod, as the runtime says"

step "the VF is its attachment's: sriovctl is refused naming the holder"
expect_exit 1 "$SRIOVCTL" vf set "$vf0" vlan 5
assert_contains "leased to libsriov-cni sriov-net $CID/net1" "$ERR" "vf set on an attached VF"

step "CHECK passes on what ADD made"
CHECKCONF=$(with_prev "$CONF" "$RESULT")
cni_ok CHECK "$CID" "$NS" net1 "$CHECKCONF"
assert_eq "" "$OUT" "CHECK prints nothing when it passes"

step "drift: a VLAN changed with ip link fails CHECK naming vlan"
ip link set "$pf" vf 0 vlan 200
cni_fails 102 CHECK "$CID" "$NS" net1 "$CHECKCONF"
echo "$OUT"
assert_eq "VF $vf0: vlan is 200, the config says 100" "$MSG" "CHECK after a VLAN change"
ip link set "$pf" vf 0 vlan 100

step "drift: an address removed fails CHECK naming it"
ip -n pod1 addr del 10.56.0.2/24 dev net1
cni_fails 102 CHECK "$CID" "$NS" net1 "$CHECKCONF"
assert_eq "interface net1: address 10.56.0.2/24 of prevResult is missing" "$MSG" \
	"CHECK after an address went"
ip -n pod1 addr add 10.56.0.2/24 dev net1
ip -n pod1 route add default via 10.56.0.1 dev net1 2>/dev/null || true
cni_ok CHECK "$CID" "$NS" net1 "$CHECKCONF"

step "DEL gives everything back: the host as before ADD, no lease, the address free"
cni_ok DEL "$CID" "$NS" net1 "$CHECKCONF"
assert_eq "$before" "$(host_state)" "host after DEL"
assert_eq "$vf0_name" "$(dev_ifname "$vf0")" "the VF's netdev is home under its name"
[ -z "$(ip -n pod1 -o link show | grep -v ' lo:')" ] || fail "netdevs left in the namespace"
[ ! -e /run/cni-test/ipam/sriov-net/10.56.0.2 ] || fail "host-local still holds 10.56.0.2"

step "DEL again, and DEL without CNI_NETNS, succeed and change nothing"
cni_ok DEL "$CID" "$NS" net1 "$CHECKCONF"
cni_ok DEL "$CID" "" net1 "$CONF"
assert_eq "$before" "$(host_state)" "host after DEL twice"

step "CHECK of an attachment that is gone fails"
cni_fails 102 CHECK "$CID" "$NS" net1 "$CHECKCONF"
assert_contains "no VF is attached to container $CID as net1" "$MSG" "CHECK after DEL"

step "bad config: refused with the key, the value and why; nothing changes"
cni_fails 7 ADD "$CID" "$NS" net1 "$(jq -c '.vlan = 5000' <<<"$CONF")"
assert_eq "config: vlan 5000: out of range 0-4094" "$MSG" "vlan 5000"
cni_fails 7 ADD "$CID" "$NS" net1 "$(jq -c '.spoofchk = 1' <<<"$CONF")"
assert_eq 'config: spoofchk 1: expected "on" or "off"' "$MSG" "spoofchk 1"
cni_fails 1 ADD "$CID" "$NS" net1 "$(jq -c '.cniVersion = "2.0.0"' <<<"$CONF")"
cni_fails 4 ADD "$CID" "" net1 "$CONF"
assert_eq "CNI_NETNS is not set" "$MSG" "ADD without CNI_NETNS"
assert_eq "$before" "$(host_state)" "host after refused ADDs"

step "a failing step part-way puts everything back: an IPAM plugin that is not there"
cni_fails 104 ADD "$CID" "$NS" net1 "$(jq -c '.ipam.type = "no-such-ipam"' <<<"$CONF")"
assert_contains "ipam no-such-ipam: no such plugin in CNI_PATH" "$MSG" "missing IPAM"
assert_contains "was put back as it was and its lease released" "$(jq -r .details <<<"$OUT")" \
	"details of the failed ADD"
assert_eq "$before" "$(host_state)" "host after a failed ADD"

step "VERSION"
cni_ok VERSION "" "" "" '{"cniVersion": "1.1.0"}'
assert_eq '["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]' "$(jq -c .supportedVersions <<<"$OUT")" \
	"supported versions"
echo "PASS"
