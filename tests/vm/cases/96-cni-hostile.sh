#!/bin/bash
# libsriov-cni against a hostile tenant (issue 24, finding 2): an unprivileged user's own user and
# network namespace (unshare -rn) is not where the plugin looks for a VF's netdev, even one
# moved there, and the rtnetlink answers its root forges to the plugin's socket (naming its veth
# as the VF's) are refused; a pod's namespace with its own user namespace (hostUsers: false) is
# still reached through CNI_NETNS, with the same forged answers sent there refused.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
. "$TOP/tests/vm/cni/lib-cni.sh"

PF1=0000:01:00.0
FORGE=$TOP/tests/vm/nl-forge
[ -x "$FORGE" ] || fail "tests/vm/nl-forge is not built"
DIR=$(mktemp -d)
TENANTS=()
trap 'kill -9 "${TENANTS[@]}" 2>/dev/null || true; rm -rf "$DIR"' EXIT
chmod 1777 "$DIR"
cp "$FORGE" "$DIR/nl-forge"
# veth for the tenants: an unprivileged user's namespace cannot load a module.
modprobe veth

"$SRIOVCTL" pf set "$PF1" numvfs 2
vf0=$(vf_pci "$PF1" 0)
vf0_name=$(dev_ifname "$vf0")
CONF=$(jq -nc --arg dev "$vf0" '{cniVersion: "1.1.0", name: "sriov-net", type: "libsriov-cni",
	deviceID: $dev}')
before=$(host_state)

# The tenant, as user nobody in its own user and network namespace: evil0 (the netdev it wants
# the plugin to take for the VF's) and 100 veth pairs before it (a dump of this namespace takes
# long enough for the forger to see the plugin's socket and answer first); once $DIR/NAME.go
# exists, forged answers for 10 s, then it just holds the namespace.
cat >"$DIR/tenant" <<EOF
#!/bin/sh
set -e
for i in \$(seq 100); do echo "link add pad\$i type veth peer name padp\$i"; done | ip -batch -
ip link add evil0 type veth peer name evil1
touch "$DIR/\$1.ready"
while [ ! -e "$DIR/\$1.go" ]; do sleep 0.1; done
"$DIR/nl-forge" "$vf0" evil0 10 >"$DIR/\$1.forge" 2>&1
exec sleep 600
EOF
chmod 755 "$DIR/tenant"
# start_tenant NAME: the tenant's PID in $TENANT once its netdevs are made.
start_tenant() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups unshare -rn "$DIR/tenant" "$1" \
		>"$DIR/$1.out" 2>&1 &
	TENANT=$!
	TENANTS+=("$TENANT")
	disown "$TENANT"
	for _ in $(seq 600); do [ -e "$DIR/$1.ready" ] && break; sleep 0.1; done
	[ -e "$DIR/$1.ready" ] || fail "tenant $1 did not start: $(cat "$DIR/$1.out")"
	[ "$(readlink /proc/self/ns/user)" != "$(readlink "/proc/$TENANT/ns/user")" ] ||
		fail "tenant $1 has no user namespace of its own"
}
# forged NAME: what tenant NAME's forger says once it is done.
forged() {
	for _ in $(seq 300); do [ -s "$DIR/$1.forge" ] && break; sleep 0.1; done
	cat "$DIR/$1.forge"
}
# in_tenant PID CMD...: CMD in the tenant's network namespace (as root of the host).
in_tenant() { nsenter -t "$1" -n "${@:2}"; }

step "a VF's netdev moved into an unprivileged user's namespace is not looked for there"
start_tenant t1
t1=$TENANT
ip netns add pod1
cni_ok ADD pod1 /run/netns/pod1 net1 "$CONF"
ip -n pod1 link set net1 netns "$t1"
touch "$DIR/t1.go"
sleep 1
# Not in CNI_NETNS, nowhere the plugin may look: the VF is given back without its netdev.
cni_ok DEL pod1 /run/netns/pod1 net1 "$CONF"
forged t1
in_tenant "$t1" ip link show net1 >/dev/null || fail "DEL took net1 out of the tenant's namespace"
in_tenant "$t1" ip link show evil0 >/dev/null ||
	fail "DEL took the tenant's evil0 (its forged answers were believed)"
! ip link show "$vf0_name" >/dev/null 2>&1 || fail "a netdev $vf0_name is in the host: $(ip link show "$vf0_name")"
assert_eq 0 "$(sriovctl_json lease list | jq length)" "leases after DEL"
# Put it back by hand, as its admin would.
in_tenant "$t1" ip link set net1 netns 1
ip link set net1 name "$vf0_name"
ip netns delete pod1
assert_eq "$before" "$(host_state)" "host after the VF's netdev came back by hand"

step "a pod with its own user namespace is reached through CNI_NETNS; its forged answers are not believed"
start_tenant t2
t2=$TENANT
NS2=/proc/$t2/ns/net
cni_ok ADD pod2 "$NS2" net1 "$CONF"
in_tenant "$t2" ip link show net1 >/dev/null || fail "ADD did not move net1 into the pod"
touch "$DIR/t2.go"
sleep 1
cni_ok DEL pod2 "$NS2" net1 "$CONF"
forged t2
in_tenant "$t2" ip link show evil0 >/dev/null ||
	fail "DEL took the pod's evil0 (its forged answers were believed)"
! in_tenant "$t2" ip link show net1 >/dev/null 2>&1 || fail "DEL left net1 in the pod"
assert_eq "$before" "$(host_state)" "host after DEL from a pod with its own user namespace"
echo "PASS"
