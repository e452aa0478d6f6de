#!/bin/bash
# libsriov-cni when things go wrong, and at the scale of a PF: an ADD killed with SIGKILL
# part-way is recovered by DEL, and by GC after its pod's namespace is gone; GC gives back
# exactly the attachments the runtime no longer lists, of its own network only; seven ADDs at
# once from a PF's pool get seven distinct VFs and an eighth fails cleanly; vfio mode sets a
# vfio-pci VF's PF-side settings and leaves it on vfio-pci; two DELs of one attachment at
# once, or a DEL and a GC, both succeed; GC never touches another holder's lease; DEL of a
# pod from before a reboot frees its address and succeeds; STATUS says whether ADD can work.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
. "$TOP/tests/vm/cni/lib-cni.sh"

PF1=0000:01:00.0
DIR=$(mktemp -d)
trap 'pkill -9 -f "$DIR/slow-ipam" 2>/dev/null || true; rm -rf "$DIR"' EXIT
IPAM='{"type": "host-local", "subnet": "10.57.0.0/24", "dataDir": "/run/cni-test/ipam-recovery"}'
# pool_conf NETWORK [IPAM-TYPE]: a VF of PF1's pool, VLAN 100, host-local (or IPAM-TYPE).
pool_conf() {
	jq -nc --arg net "$1" --arg pf "$PF1" --argjson ipam "$IPAM" --arg t "${2:-host-local}" \
		'{cniVersion: "1.1.0", name: $net, type: "libsriov-cni", pf: $pf, vlan: 100,
		  ipam: ($ipam + {type: $t})}'
}
# gc_conf NETWORK [CONTAINERID/IFNAME...]: GC's config with those attachments valid.
gc_conf() {
	local net=$1 a list='[]'
	shift
	for a in "$@"; do
		list=$(jq -c --arg c "${a%/*}" --arg i "${a#*/}" '. + [{containerID: $c, ifname: $i}]' \
			<<<"$list")
	done
	jq -c --argjson l "$list" '. + {"cni.dev/valid-attachments": $l}' <<<"$(pool_conf "$net")"
}
leases() { sriovctl_json lease list | jq -r '[.[].holder] | sort | join(" ")'; }

"$SRIOVCTL" pf set "$PF1" numvfs 7
before=$(host_state)
dump0=$("$SRIOVCTL" dump)

step "ADD killed with SIGKILL while IPAM runs: the VF is in the pod, the lease held"
# An IPAM plugin that, for ADD, says it started and then takes its time: the moment to kill.
cat >"$DIR/slow-ipam" <<EOF
#!/bin/sh
[ "\$CNI_COMMAND" = ADD ] && { echo \$\$ >"$DIR/ipam.pid"; sleep 60; }
exec $CNI_BIN/host-local
EOF
chmod +x "$DIR/slow-ipam"
ln -s "$CNI_BIN/host-local" "$DIR/host-local"
CONF=$(pool_conf sriov-net slow-ipam)
# killed_add: an ADD of crash1/net1 with the slow IPAM plugin, killed with SIGKILL (and the
# plugin with it) once IPAM has started.
killed_add() {
	local plugin
	rm -f "$DIR/ipam.pid"
	CNI_COMMAND=ADD CNI_CONTAINERID=crash1 CNI_NETNS=/run/netns/crash1 CNI_IFNAME=net1 \
		CNI_PATH=$DIR "$CNI_PLUGIN" <<<"$CONF" >"$DIR/add.out" 2>&1 &
	plugin=$!
	for _ in $(seq 300); do [ -s "$DIR/ipam.pid" ] && break; sleep 0.1; done
	[ -s "$DIR/ipam.pid" ] || fail "the slow IPAM plugin never started: $(cat "$DIR/add.out")"
	kill -9 "$plugin" "$(cat "$DIR/ipam.pid")"
	wait "$plugin" 2>/dev/null || true
}
ip netns add crash1
killed_add
assert_eq "libsriov-cni sriov-net crash1/net1" "$(leases)" "the killed ADD's lease"
ip -n crash1 link show net1 >/dev/null || fail "the killed ADD had not moved net1 into crash1"

step "DEL after the killed ADD gives everything back"
CNI_PATH_OVERRIDE=$DIR cni_ok DEL crash1 /run/netns/crash1 net1 "$CONF"
assert_eq "$before" "$(host_state)" "host after DEL of a killed ADD"

step "ADD killed again, then its pod's namespace deleted: GC recovers the VF"
killed_add
ip netns delete crash1
cni_ok GC "" "" "" "$(gc_conf sriov-net)"
assert_eq "" "$(leases)" "leases after GC with no valid attachment"
assert_eq "$before" "$(host_state)" "host after GC of a killed ADD whose pod is gone"

step "GC gives back what the runtime no longer lists, of its own network only"
for p in pa pb pc; do
	ip netns add "$p"
	cni_ok ADD "$p" "/run/netns/$p" net1 "$(pool_conf "$([ $p = pc ] && echo other-net || echo sriov-net)")"
done
assert_eq "libsriov-cni other-net pc/net1 libsriov-cni sriov-net pa/net1 libsriov-cni sriov-net pb/net1" \
	"$(leases)" "three attachments in two networks"
cni_ok GC "" "" "" "$(gc_conf sriov-net pb/net1)"
assert_eq "libsriov-cni other-net pc/net1 libsriov-cni sriov-net pb/net1" "$(leases)" \
	"after GC listing pb: pa given back, pb and the other network's pc kept"
[ -z "$(ip -n pa -o link show | grep -v ' lo:')" ] || fail "GC left a netdev in pa"
ip -n pb link show net1 >/dev/null || fail "GC took net1 out of pb, a valid attachment"
cni_ok GC "" "" "" "$(gc_conf sriov-net)"
assert_eq "libsriov-cni other-net pc/net1" "$(leases)" "after GC with an empty list"
cni_ok DEL pc /run/netns/pc net1 "$(pool_conf other-net)"
assert_eq "$before" "$(host_state)" "host after GC and DEL"

step "two DELs of one attachment at once both succeed, and so do a DEL and a GC"
# at_once COMMAND... (each "CMD CONTAINERID CONFIG"): the plugin runs, all started together;
# each must exit 0.
at_once() {
	local i=0 a
	rm -f "$DIR"/once*.rc
	for a in "$@"; do
		i=$((i + 1))
		read -r cmd cid conf <<<"$a"
		# GC ("-") names no attachment.
		local env=(CNI_COMMAND="$cmd" CNI_PATH="$CNI_BIN")
		[ "$cid" = - ] || env+=(CNI_CONTAINERID="$cid" CNI_NETNS="/run/netns/$cid" CNI_IFNAME=net1)
		# Its exit status is the answer: not the ERR trap's, not set -e's.
		(trap - ERR; set +e; env "${env[@]}" timeout 120 "$CNI_PLUGIN" <<<"$conf" \
			>"$DIR/once$i.out" 2>&1; echo $? >"$DIR/once$i.rc") &
	done
	wait
	for i in $(seq $#); do
		assert_eq 0 "$(cat "$DIR/once$i.rc")" "run $i at once: $(cat "$DIR/once$i.out")"
	done
}
ip netns add pd
for round in 1 2 3; do
	cni_ok ADD pd /run/netns/pd net1 "$(pool_conf sriov-net)"
	at_once "DEL pd $(pool_conf sriov-net)" "DEL pd $(pool_conf sriov-net)"
	assert_eq "$before" "$(host_state)" "host after two DELs at once, round $round"
	cni_ok ADD pd /run/netns/pd net1 "$(pool_conf sriov-net)"
	at_once "DEL pd $(pool_conf sriov-net)" "GC - $(gc_conf sriov-net)"
	assert_eq "$before" "$(host_state)" "host after a DEL and a GC at once, round $round"
done
ip netns delete pd

step "seven ADDs at once from a pool of seven get seven distinct VFs"
for i in 1 2 3 4 5 6 7; do
	ip netns add "c$i"
	(CNI_COMMAND=ADD CNI_CONTAINERID="c$i" CNI_NETNS="/run/netns/c$i" CNI_IFNAME=net1 \
		CNI_PATH=$CNI_BIN timeout 120 "$CNI_PLUGIN" <<<"$(pool_conf sriov-net)" \
		>"$DIR/c$i.out" 2>"$DIR/c$i.err"; echo $? >"$DIR/c$i.rc") &
done
wait
for i in 1 2 3 4 5 6 7; do
	assert_eq 0 "$(cat "$DIR/c$i.rc")" "ADD c$i: $(cat "$DIR/c$i.out" "$DIR/c$i.err")"
done
pcis=$(cat "$DIR"/c?.out | jq -r '.interfaces[0].pciID' | sort -u | wc -l)
addrs=$(cat "$DIR"/c?.out | jq -r '.ips[0].address' | sort -u | wc -l)
assert_eq 7 "$pcis" "distinct VFs of the seven ADDs"
assert_eq 7 "$addrs" "distinct addresses of the seven ADDs"
ip netns add c8
cni_fails 100 ADD c8 /run/netns/c8 net1 "$(pool_conf sriov-net)"
echo "$OUT"
assert_contains "$PF1" "$MSG" "the eighth ADD names the PF"
assert_eq 7 "$(sriovctl_json lease list | jq length)" "leases after the eighth ADD"
for i in 1 2 3 4 5 6 7 8; do
	cni_ok DEL "c$i" "/run/netns/c$i" net1 "$(pool_conf sriov-net)"
done
assert_eq "$before" "$(host_state)" "host after the eight DELs"

step "vfio mode: a VF on vfio-pci gets its PF-side settings and stays on vfio-pci"
vf1=$(vf_pci "$PF1" 1)
expect_exit 0 "$SRIOVCTL" vf bind "$vf1" vfio-pci
vfio_before=$(host_state)
VCONF=$(jq -nc --arg dev "$vf1" '{cniVersion: "1.1.0", name: "sriov-vfio", type: "libsriov-cni",
	deviceID: $dev, vlan: 300, mac: "02:00:00:00:c0:30", spoofchk: "on"}')
ip netns add vm1
cni_ok ADD vm1 /run/netns/vm1 net1 "$VCONF"
echo "$OUT"
VRESULT=$OUT
assert_eq "$vf1" "$(jq -r '.interfaces[0].pciID' <<<"$VRESULT")" "vfio result pciID"
assert_eq null "$(jq -r '.interfaces[0].mac' <<<"$VRESULT")" "vfio result has no netdev MAC"
assert_eq vfio-pci "$(dev_driver "$vf1")" "driver after a vfio ADD"
vf=$(sriovctl_json vf show "$vf1")
assert_eq 300 "$(jget "$vf" .vlan)" "VLAN of the vfio VF"
assert_eq 02:00:00:00:c0:30 "$(jget "$vf" .mac)" "MAC of the vfio VF"
cni_ok CHECK vm1 /run/netns/vm1 net1 "$(with_prev "$VCONF" "$VRESULT")"
ip link set "$(dev_ifname "$PF1")" vf 1 vlan 301
cni_fails 102 CHECK vm1 /run/netns/vm1 net1 "$(with_prev "$VCONF" "$VRESULT")"
assert_eq "VF $vf1: vlan is 301, the config says 300" "$MSG" "CHECK of a vfio VF after drift"
ip link set "$(dev_ifname "$PF1")" vf 1 vlan 300
cni_ok DEL vm1 /run/netns/vm1 net1 "$(with_prev "$VCONF" "$VRESULT")"
assert_eq vfio-pci "$(dev_driver "$vf1")" "driver after the vfio DEL"
assert_eq "$vfio_before" "$(host_state)" "host after the vfio DEL"
expect_exit 0 "$SRIOVCTL" vf bind "$vf1" default

step "vfio mode from the pool: the VF taken is bound to vfio-pci, and DEL gives it back"
PCONF=$(jq -c '.mode = "vfio" | del(.ipam)' <<<"$(pool_conf sriov-vfio)")
cni_ok ADD vm1 /run/netns/vm1 net1 "$PCONF"
taken=$(jq -r '.interfaces[0].pciID' <<<"$OUT")
assert_eq vfio-pci "$(dev_driver "$taken")" "driver of the pool's vfio VF"
cni_ok DEL vm1 /run/netns/vm1 net1 "$PCONF"
assert_eq igbvf "$(dev_driver "$taken")" "driver after the pool's vfio DEL"
# Back on igbvf, the kernel names its netdev anew (ethN): the PF-side state is what must match.
assert_eq "$dump0" "$("$SRIOVCTL" dump)" \
	"sriovctl dump after the pool's vfio DEL"
[ "$(sriovctl_json lease list | jq length)" = 0 ] || fail "a lease is left after the vfio DEL"

step "DEL after a reboot: no lease, no namespace, VFs made anew; IPAM's address freed"
ip netns add boot1
cni_ok ADD boot1 /run/netns/boot1 net1 "$(pool_conf sriov-net)"
addr=$(jq -r '.ips[0].address' <<<"$OUT")
[ -e "/run/cni-test/ipam-recovery/sriov-net/${addr%/*}" ] || fail "host-local holds no $addr"
# What a reboot leaves: /run is a new tmpfs (no lease directory, no pinned namespace), the VFs
# are made anew by whatever makes them at boot, and host-local's dataDir (on disk on a real
# host) still holds the address. The runtime then calls DEL for the pods it had.
ip netns delete boot1
set_numvfs "$PF1" 0
rm -rf /run/libsriov
set_numvfs "$PF1" 7
cni_ok DEL boot1 /run/netns/boot1 net1 "$(pool_conf sriov-net)"
[ ! -e "/run/cni-test/ipam-recovery/sriov-net/${addr%/*}" ] ||
	fail "host-local still holds $addr after DEL"
assert_eq "$dump0" "$("$SRIOVCTL" dump)" "sriovctl dump after DEL of a pod from before a reboot"
assert_eq 0 "$(sriovctl_json lease list | jq length)" "leases after DEL from before a reboot"
cni_ok DEL boot1 /run/netns/boot1 net1 "$(pool_conf sriov-net)"

step "GC leaves a lease of another holder alone, even one whose process died"
sleep 600 &
owner=$!
"$SRIOVCTL" vf acquire "$PF1/any" owner "$owner" >/dev/null
kill "$owner"
wait "$owner" 2>/dev/null || true
assert_eq true "$(sriovctl_json lease list | jq -r '.[0].stale')" "the other holder's lease is stale"
cni_ok GC "" "" "" "$(gc_conf other-net)"
assert_eq 1 "$(sriovctl_json lease list | jq length)" "leases after a CNI GC"
cni_fails 7 GC "" "" "" "$(pool_conf sriov-net)"
assert_contains "names no valid attachments" "$MSG" "GC without cni.dev/valid-attachments"
assert_eq 1 "$(jget "$(sriovctl_json lease gc)" .recovered)" "sriovctl lease gc recovers it"
# Back on igbvf, the kernel names its netdev anew (ethN): the PF-side state is what must match.
assert_eq "$dump0" "$("$SRIOVCTL" dump)" "sriovctl dump after the other holder's lease is recovered"

step "STATUS: ready with VFs and an IOMMU; code 50 naming the PF without VFs"
cni_ok STATUS "" "" "" "$(pool_conf sriov-net)"
assert_eq "" "$OUT" "STATUS prints nothing when ready"
cni_ok STATUS "" "" "" "$PCONF"
"$SRIOVCTL" pf set "$PF1" numvfs 0
cni_fails 50 STATUS "" "" "" "$(pool_conf sriov-net)"
assert_eq "PF $PF1: it has no VFs (sriovctl pf set $PF1 numvfs N)" "$MSG" "STATUS without VFs"
cni_fails 1 STATUS "" "" "" "$(jq -c '.cniVersion = "1.0.0"' <<<"$(pool_conf sriov-net)")"
assert_eq "STATUS: not in CNI 1.0.0 (1.1.0 on)" "$MSG" "STATUS in CNI 1.0.0"
echo "PASS"
