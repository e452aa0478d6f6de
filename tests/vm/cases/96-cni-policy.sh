#!/bin/bash
# libsriov-cni's node policy (/etc/libsriov/cni-policy.json) on igb VFs: a policy lets namespace
# tenant-a use VLANs 100-199 on PF 0000:01:00.0 only. An ADD asking VLAN 200, a VF of the other
# PF, trust on, or coming from another namespace (or none) is refused with code 106 naming the
# rule, and the host is exactly as before (sriovctl dump, netdevs, leases); an allowed ADD works
# and its DEL gives everything back, even once the policy refuses everything. A broken or
# group-writable policy refuses every ADD; without the file the plugin does as before.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
. "$TOP/tests/vm/cni/lib-cni.sh"

PF1=0000:01:00.0
PF2=0000:02:00.0
POLICY=/etc/libsriov/cni-policy.json
# The guest's /etc is the tmpfs overlay's: the file is gone with the guest, and with this case.
trap 'rm -rf /etc/libsriov' EXIT
"$SRIOVCTL" pf set "$PF1" numvfs 2
"$SRIOVCTL" pf set "$PF2" numvfs 2
pf1=$(dev_ifname "$PF1")
pf2=$(dev_ifname "$PF2")
vf0=$(vf_pci "$PF1" 0)
other=$(vf_pci "$PF2" 0)
ip netns add pod1
NS=/run/netns/pod1
CID=5e1ec7ed0001
KUBE_A="IgnoreUnknown=1;K8S_POD_NAMESPACE=tenant-a;K8S_POD_NAME=pod-1;K8S_POD_INFRA_CONTAINER_ID=$CID"
KUBE_B="IgnoreUnknown=1;K8S_POD_NAMESPACE=tenant-b;K8S_POD_NAME=pod-1;K8S_POD_INFRA_CONTAINER_ID=$CID"
CONF=$(jq -nc --arg dev "$vf0" '{cniVersion: "1.1.0", name: "sriov-net", type: "libsriov-cni",
	deviceID: $dev, vlan: 150}')
RULE='$.namespaces["tenant-a"]'
PRE="policy $POLICY: namespace \"tenant-a\", network \"sriov-net\""

mkdir -m 0755 /etc/libsriov
jq -n --arg pf "$pf1" '{version: 1, namespaces: {"tenant-a": {pfs: [$pf], vlans: ["100-199"]}}}' \
	>"$POLICY"
chmod 0644 "$POLICY"
before=$(host_state)

# refused CONFIG CNI_ARGS MESSAGE WHAT: ADD fails with 106 and MESSAGE; the host is unchanged.
refused() {
	CNI_ARGS=$2 cni_fails 106 ADD "$CID" "$NS" net1 "$1"
	assert_eq "$3" "$MSG" "$4"
	assert_eq "$before" "$(host_state)" "host after the refused ADD ($4)"
}

step "VLAN 200 is outside tenant-a's 100-199"
refused "$(jq -c '.vlan = 200' <<<"$CONF")" "$KUBE_A" \
	"$PRE: vlan 200: not allowed by $RULE.vlans (100-199)" "vlan 200"

step "a VF of the other PF, by deviceID or from its pool"
refused "$(jq -c --arg dev "$other" '.deviceID = $dev' <<<"$CONF")" "$KUBE_A" \
	"$PRE: deviceID $other, a VF of PF $PF2 ($pf2): not allowed by $RULE (pfs: $pf1; vfs: none)" \
	"a VF of $PF2"
refused "$(jq -c --arg pf "$pf2" 'del(.deviceID) | .pf = $pf' <<<"$CONF")" "$KUBE_A" \
	"$PRE: pf $PF2 ($pf2) (any free VF of it): not allowed by $RULE (pfs: $pf1)" "the pool of $PF2"

step "trust on, spoofchk off"
refused "$(jq -c '.trust = "on"' <<<"$CONF")" "$KUBE_A" \
	"$PRE: trust on: not allowed by $RULE.allow_trust (not set: false)" "trust on"
refused "$(jq -c '.spoofchk = "off"' <<<"$CONF")" "$KUBE_A" \
	"$PRE: spoofchk off: not allowed by $RULE.allow_spoofchk_off (not set: false)" "spoofchk off"

step "another namespace, and no namespace at all"
refused "$CONF" "$KUBE_B" "policy $POLICY: namespace \"tenant-b\", network \"sriov-net\": no rule \
for this namespace in \$.namespaces, and no \$.default rule" "namespace tenant-b"
refused "$CONF" "" "policy $POLICY: no namespace (CNI_ARGS has no K8S_POD_NAMESPACE), network \
\"sriov-net\": an ADD without the pod's namespace is refused: the policy has no \$.no_namespace \
rule" "no CNI_ARGS"

step "the allowed ADD: VLAN 150 on a VF of $PF1 for tenant-a"
CNI_ARGS=$KUBE_A cni_ok ADD "$CID" "$NS" net1 "$CONF"
RESULT=$OUT
assert_eq "$vf0" "$(jq -r '.interfaces[0].pciID' <<<"$RESULT")" "result pciID"
vf=$(sriovctl_json vf show "$vf0")
assert_eq 150 "$(jget "$vf" .vlan)" "VLAN on the PF side"
ip -n pod1 link show net1 >/dev/null || fail "net1 is not in the namespace"

step "DEL is never refused: it gives back what ADD took under a policy that now refuses all"
echo '{"version": 1}' >"$POLICY"
CNI_ARGS=$KUBE_A cni_fails 106 ADD "$CID-2" "$NS" net2 "$CONF"
assert_eq "$PRE: no rule for this namespace in \$.namespaces, and no \$.default rule" "$MSG" \
	"ADD under a policy with no rules"
CNI_ARGS=$KUBE_A cni_ok DEL "$CID" "$NS" net1 "$(with_prev "$CONF" "$RESULT")"
assert_eq "$before" "$(host_state)" "host after DEL"

step "a broken policy, or one others may write, refuses every ADD naming why"
echo '{"version": 1, "namespaces": {"tenant-a": {"vlans": ["199-100"]}}}' >"$POLICY"
refused "$CONF" "$KUBE_A" "policy $POLICY: $RULE.vlans[0]: \"199-100\": its first number is \
above its last; every ADD is refused until it is fixed" "a broken policy"
jq -n '{version: 1, default: {pfs: ["*"], vlans: ["0-4094"]}}' >"$POLICY"
chmod 0664 "$POLICY"
refused "$CONF" "$KUBE_A" "policy $POLICY: the file writable by its group (mode 0664): every ADD \
is refused until only root may write it" "a group-writable policy"

step "without the file, as before: any namespace, any VLAN"
rm -f "$POLICY"
CNI_ARGS=$KUBE_B cni_ok ADD "$CID" "$NS" net1 "$(jq -c '.vlan = 200' <<<"$CONF")"
RESULT=$OUT
assert_eq 200 "$(jget "$(sriovctl_json vf show "$vf0")" .vlan)" "VLAN without a policy"
cni_ok DEL "$CID" "$NS" net1 "$(with_prev "$CONF" "$RESULT")"
assert_eq "$before" "$(host_state)" "host after DEL without a policy"
echo "PASS"
