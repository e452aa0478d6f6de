#!/bin/bash
# sriovctl monitor on a real kernel, its JSON lines the thing asserted: numvfs 0 -> 4 -> 0;
# `ip link set PF vf 1 vlan 7` from outside (a vf-config event naming vlan, old and new); bind
# to vfio-pci and back; a lease taken and released; the igb PF driver unbound and bound; PCI
# remove and rescan of a PF; a netdevsim device deleted and made again. Each event arrives
# within 5 s. --count, --type and a PF filter end a wait for one event; idle, the monitor makes
# no system call but its wait (strace); a consumer that stops while a 1000-VF PF floods it gets
# a resync; examples/vmm-watch sees its VF go. Every line passes schemas/monitor.schema.json.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

. "$TOP/tests/vm/monitor-lib.sh"

PF=0000:01:00.0
PF2=0000:02:00.0

mon_start all

step "numvfs 0 -> 4: num-vfs, then each VF, its driver and netdev"
set_numvfs "$PF" 4
vf1=$(vf_pci "$PF" 1)
vf2=$(vf_pci "$PF" 2)
expect_event all "$(ev num-vfs "$PF"),\"vf\":null,\"pci\":null,\"old\":0,\"new\":4}" "num-vfs 0 -> 4"
expect_event all "$(ev vf-added "$PF"),\"vf\":3,\"pci\":\"$(vf_pci "$PF" 3)\"}" "vf-added 3"

step "examples/vmm-watch follows VF 0, as a VMM's loop would"
"$TOP/examples/vmm-watch" "$PF/0" 120 >"$DIR/watch.out" 2>&1 &
WATCH=$!
PIDS+=("$WATCH")
for _ in $(seq 100); do
	grep -q "^watching VF" "$DIR/watch.out" && break
	kill -0 "$WATCH" 2>/dev/null || fail "vmm-watch exited: $(cat "$DIR/watch.out")"
	sleep 0.1
done

step "ip link set PF vf 1 vlan 7 from outside: vf-config, vlan 0 -> 7"
pfif=$(dev_ifname "$PF")
# The kernel announces a VF setting only while the PF is up (netdev_state_change()).
ip link set dev "$pfif" up
ip link set dev "$pfif" vf 1 vlan 7
expect_event all "$(ev vf-config "$PF"),\"vf\":1,\"pci\":\"$vf1\",\"changed\":{\"vlan\":{\"old\":0,\"new\":7}}}" \
	"vf-config vlan"

step "vf bind vfio-pci and back: vf-driver and vf-netdev"
ifname2=$(dev_ifname "$vf2")
"$SRIOVCTL" vf bind "$PF/2" vfio-pci >/dev/null
expect_event -E all "$(ev vf-driver "$PF"),\"vf\":2,\"pci\":\"$vf2\",\"old\":(\"igbvf\"|null),\"new\":\"vfio-pci\"" \
	"vf-driver -> vfio-pci"
expect_event all "$(ev vf-netdev "$PF"),\"vf\":2,\"pci\":\"$vf2\",\"old\":\"$ifname2\",\"new\":null}" \
	"vf-netdev gone"
"$SRIOVCTL" vf bind "$PF/2" default >/dev/null
expect_event -E all "$(ev vf-driver "$PF"),\"vf\":2,\"pci\":\"$vf2\",\"old\":(\"vfio-pci\"|null),\"new\":\"igbvf\"" \
	"vf-driver -> igbvf"

step "a lease taken and released"
"$SRIOVCTL" vf acquire "$PF/3" >/dev/null
vf3=$(vf_pci "$PF" 3)
expect_event -E all "$(ev lease "$PF"),\"vf\":3,\"pci\":\"$vf3\",\"old\":(null|\"acquiring\"),\"new\":\"held\"" \
	"lease held"
"$SRIOVCTL" vf release "$vf3" >/dev/null
expect_event -E all "$(ev lease "$PF"),\"vf\":3,\"pci\":\"$vf3\",\"old\":(\"held\"|\"releasing\"),\"new\":null" \
	"lease released"

step "a lease journal that cannot be read does not end the monitor"
echo "not a lease" >/run/libsriov/0000:01:1f.7.lease
sleep 1
kill -0 "$MON_all" 2>/dev/null || fail "the monitor exited on a corrupt lease journal: $(cat "$DIR/all.err")"
rm -f /run/libsriov/0000:01:1f.7.lease

step "--count, --type and a PF: one num-vfs of $PF2, not of $PF"
mon_start one --count 1 --type num-vfs "$PF2"
set_numvfs "$PF" 0
expect_event all "$(ev num-vfs "$PF"),\"vf\":null,\"pci\":null,\"old\":4,\"new\":0}" "num-vfs 4 -> 0"
expect_event all "$(ev vf-removed "$PF"),\"vf\":0," "vf-removed 0"
rc=0
wait "$WATCH" || rc=$?
assert_eq 3 "$rc" "vmm-watch's exit when its VF went"
assert_contains "VF $(sed -n 's/^watching VF \([^ ]*\) .*/\1/p' "$DIR/watch.out") lost: removed from PF $PF" \
	"$(cat "$DIR/watch.out")" "vmm-watch says its VF is gone"
set_numvfs "$PF2" 1
for _ in $(seq 50); do
	kill -0 "$MON_one" 2>/dev/null || break
	sleep 0.1
done
wait "$MON_one" || fail "monitor --count 1 exited $?: $(cat "$DIR/one.err")"
assert_eq 1 "$(grep -c . "$DIR/one.out")" "monitor --count 1: one line"
assert_contains "$(ev num-vfs "$PF2"),\"vf\":null,\"pci\":null,\"old\":0,\"new\":1}" "$(cat "$DIR/one.out")" \
	"monitor --count 1 --type num-vfs $PF2"
set_numvfs "$PF2" 0

step "idle for 10 s: no system call but the wait"
timeout -s INT 10 strace -p "$MON_all" -o "$DIR/strace" 2>/dev/null || true
grep -qE '^(poll|restart_syscall|ppoll)\(' "$DIR/strace" ||
	fail "strace did not see the monitor wait: $(head -3 "$DIR/strace")"
calls=$(grep -vE '^(poll|restart_syscall|ppoll)\(|^--- |^\+\+\+ |resumed>|^strace: ' "$DIR/strace" | grep -c . || true)
[ "$calls" = 0 ] || fail "the idle monitor made $calls system calls: $(head -5 "$DIR/strace")"

step "the igb driver unbound from $PF and bound again: pf-driver"
set_numvfs "$PF" 2
echo "$PF" >/sys/bus/pci/drivers/igb/unbind
expect_event all "$(ev pf-driver "$PF"),\"vf\":null,\"pci\":null,\"old\":\"igb\",\"new\":null}" "pf-driver igb -> none"
expect_event all "$(ev vf-removed "$PF"),\"vf\":1," "its VFs removed with it"
echo "$PF" >/sys/bus/pci/drivers/igb/bind
expect_event all "$(ev pf-driver "$PF"),\"vf\":null,\"pci\":null,\"old\":null,\"new\":\"igb\"}" "pf-driver none -> igb"

step "PCI remove and rescan of $PF2: pf-removed, pf-added"
echo 1 >"$SYS_PCI/$PF2/remove"
# The driver's unbind comes first and may be read apart: pf-driver igb -> none, then pf-removed.
expect_event -E all "$(ev pf-removed "$PF2"),\"vf\":null,\"pci\":null,\"old\":(\"igb\"|null),\"new\":null" "pf-removed"
echo 1 >/sys/bus/pci/rescan
expect_event -E all "$(ev pf-added "$PF2"),\"vf\":null,\"pci\":null,\"old\":null,\"new\":(\"igb\"|null)" "pf-added"

step "a netdevsim device made and deleted: pf-added, pf-removed"
netdevsim_new 13 1000 >/dev/null
expect_event -E all "$(ev pf-added netdevsim13),\"vf\":null,\"pci\":null,\"old\":null,\"new\":(\"netdevsim\"|null)" \
	"netdevsim pf-added"

step "a consumer stopped while 1000 VF settings change: resync"
netdevsim_numvfs 13 1000
net=$(ls /sys/bus/netdevsim/devices/netdevsim13/net)
ip link set dev "$net" up   # else the kernel announces no VF setting (netdev_state_change())
kill -STOP "$MON_all"
for i in $(seq 0 999); do echo "link set dev $net vf $i vlan $((i % 4000 + 1))"; done >"$DIR/batch"
ip -batch "$DIR/batch" || fail "ip -batch of 1000 VF VLANs failed"
kill -CONT "$MON_all"
expect_event all '"event":"resync","pf":null' "resync after the flood"

step "after the resync the monitor's picture is the host's: the next change's old value is dump's"
# VF 5 is inside the kernel's VF list (the wrap is about 330 VFs without counters).
want=$("$REAL" dump | jq -c --arg n "$net" '.pfs[] | select(.ifname == $n) | .vfs[] |
	select(.vf == 5) | .vlan')
assert_eq 6 "$want" "dump: VF 5's VLAN after the flood"
ip link set dev "$net" vf 5 vlan 3000
expect_event all "$(ev vf-config netdevsim13),\"vf\":5,\"pci\":null,\"changed\":{\"vlan\":{\"old\":$want,\"new\":3000}}}" \
	"VF 5's VLAN from dump's value"
# Past the list's wrap the other VFs' settings are not compared: said once, not per reading.
assert_eq 1 "$(grep -c "PF netdevsim13: the kernel's VF list holds [0-9]* of its 1000 VFs: settings of the others are not compared" "$DIR/all.err")" \
	"the monitor's warning about the VFs it cannot compare"
echo 13 >/sys/bus/netdevsim/del_device
expect_event all "$(ev pf-removed netdevsim13),\"vf\":null,\"pci\":null," "netdevsim pf-removed"

step "only the kernel writes to the monitor's sockets: a pod's root cannot queue datagrams in them"
# Sending to another netlink socket's port needs CAP_NET_ADMIN over the network namespace: no
# ordinary user has it over the host's, but a pod's (or container's) root has it over its own,
# where a VMM or a CNI plugin uses the library. Forged datagrams in the monitor's sockets would
# each be a re-reading of a PF, and a flood fills the buffer until the kernel's own are lost (a
# resync). The pod: a user and network namespace made by nobody; the monitor, the host's root,
# runs in its network namespace; nl-forge, the pod's root, sends to every rtnetlink socket there.
install -m 755 "$TOP/tests/vm/nl-forge" "$DIR/nl-forge"
chmod 755 "$DIR"
setpriv --reuid=nobody --regid=nogroup --clear-groups unshare -rn sleep 600 &
pod=$!
PIDS+=("$pod")
for _ in $(seq 100); do
	[ "$(readlink /proc/self/ns/net)" != "$(readlink "/proc/$pod/ns/net" 2>/dev/null)" ] && break
	sleep 0.1
done
nsenter -n -t "$pod" "$REAL" -v monitor >"$DIR/ns.out" 2>"$DIR/ns.err" &
ns_mon=$!
PIDS+=("$ns_mon")
for _ in $(seq 100); do grep -q "monitor: watching" "$DIR/ns.err" && break; sleep 0.1; done
grep -q "monitor: watching" "$DIR/ns.err" || fail "monitor in the pod's namespace: $(cat "$DIR/ns.err")"
forged=$(nsenter -U -n -t "$pod" "$DIR/nl-forge" "$PF" lo 2)
[[ $forged =~ ^sockets\ ([0-9]+),\ forged\ answers\ taken\ ([0-9]+)$ ]] ||
	fail "nl-forge said: $forged"
[ "${BASH_REMATCH[1]}" -ge 1 ] || fail "nl-forge found none of the monitor's sockets: $forged"
assert_eq 0 "${BASH_REMATCH[2]}" "forged datagrams the monitor's sockets took ($forged)"
kill "$ns_mon" "$pod"

step "what a reading cannot read (igb's eswitch, VFs past the list's wrap, a corrupt journal) is no error"
assert_eq "" "$(grep 'sriovctl: error:' "$DIR/all.err" || true)" "errors the monitor logged (-v)"

step "every line passes schemas/monitor.schema.json"
mon_validate all
