#!/bin/bash
# Leases on a real kernel: acquire hands a VF to vfio-pci with the settings asked for, release
# puts driver and settings back, two racing acquires have one winner, a holder killed with
# SIGKILL leaves a stale lease that gc recovers, and examples/vmm-handoff opens the VF
# through VFIO like a VMM.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0
HANDOFF=$TOP/examples/vmm-handoff
[ -x "$HANDOFF" ] || fail "examples/vmm-handoff is not built"

"$SRIOVCTL" pf set "$PF1" numvfs 3
pfname=$(dev_ifname "$PF1")
vf0=$(vf_pci "$PF1" 0)
"$SRIOVCTL" vf set "$pfname/0" mac 02:00:00:00:aa:00

step "acquire PF/any: the first free VF, on vfio-pci, with the settings asked for"
lease=$(sriovctl_json vf acquire "$pfname/any" label vm=web-1 mac 02:00:00:00:bb:00 vlan 42)
json_load "$lease"
assert_eq "$vf0" "$(jfield pci)" "leased VF"
assert_eq vfio-pci "$(dev_driver "$vf0")" "driver while leased"
assert_eq "/dev/vfio/$(dev_iommu_group "$vf0")" "$(jfield vfio_group)" "vfio group path"
[ -c "$(jfield vfio_group)" ] || fail "$(jfield vfio_group) is not a device node"
assert_eq 02:00:00:00:bb:00 "$(jget "$(sriovctl_json vf show "$vf0")" .mac)" "MAC while leased"
assert_eq "$vf0" "$(sriovctl_json lease list | jq -r '.[0].pci')" "lease list"
assert_eq web-1 "$(sriovctl_json lease list | jq -r '.[0].labels.vm')" "lease list: its label"
expect_exit 1 "$SRIOVCTL" vf acquire "$pfname/any" label VM=x
assert_contains 'acquire: label "VM=x": a key starts with a lower-case letter' "$ERR" "bad label"
[ -e "/run/libsriov/$vf0.lease" ] || fail "no journal for $vf0"

step "a leased VF is not handed out twice"
expect_exit 1 "$SRIOVCTL" vf acquire "$vf0"
assert_contains "VF $vf0 ($pfname/0): acquire: leased with no owner process (cookie " "$ERR" "second acquire"
assert_eq "$(vf_pci "$PF1" 1)" "$(jget "$(sriovctl_json vf acquire "$pfname/any")" .pci)" \
	"PF/any skips the leased VF"
"$SRIOVCTL" vf release "$pfname/1"

step "release: igbvf, netdev and the MAC from before the lease come back"
"$SRIOVCTL" vf release "$vf0"
assert_eq igbvf "$(dev_driver "$vf0")" "driver after release"
[ -n "$(dev_ifname "$vf0")" ] || fail "$vf0 has no netdev after release"
assert_eq 02:00:00:00:aa:00 "$(jget "$(sriovctl_json vf show "$vf0")" .mac)" "MAC after release"
assert_eq 0 "$(jget "$(sriovctl_json vf show "$vf0")" .vlan)" "VLAN after release"
assert_eq "[]" "$(sriovctl_json lease list | jq -c .)" "no lease left"
expect_exit 1 "$SRIOVCTL" vf release "$vf0"
assert_contains "has no lease" "$ERR" "release twice"

step "two processes race for one VF: exactly one wins"
vf2=$(vf_pci "$PF1" 2)
for i in 1 2 3 4; do
	# Losing is expected here: no ERR trap in the racers.
	(trap - ERR; set +e; "$SRIOVCTL" -j vf acquire "$vf2" >/tmp/race.$i.out 2>/tmp/race.$i.err
		echo $? >/tmp/race.$i.rc) &
done
wait
winners=$(cat /tmp/race.[1-4].rc | grep -c '^0$' || true)
assert_eq 1 "$winners" "acquires that won ($(cat /tmp/race.[1-4].err | sort -u | paste -sd'|'))"
"$SRIOVCTL" vf release "$vf2"

step "a leased VF is its holder's: every command that would change it is refused, naming the lease"
sriovctl_json vf acquire "$vf0" vlan 42 >/dev/null
doc=$(mktemp)
printf '{"version":1,"pfs":[{"pci":"%s","vfs":[{"vf":0,"vlan":5}]}]}\n' "$PF1" >"$doc"
for cmd in "vf set $vf0 vlan 5" "vf bind $vf0 default" "vf unbind $vf0" "vfio chown $vf0 nobody" \
	"pf set $PF1 numvfs 2" "pf set $PF1 numvfs 0" "apply $doc"; do
	# shellcheck disable=SC2086 # the command is words
	expect_exit 1 "$SRIOVCTL" $cmd
	assert_contains "VF $vf0" "$ERR" "sriovctl $cmd"
	assert_contains "leased with no owner process" "$ERR" "sriovctl $cmd"
	assert_contains "sriovctl vf release $vf0" "$ERR" "sriovctl $cmd names the way out"
done
assert_eq vfio-pci "$(dev_driver "$vf0")" "driver after the refusals"
assert_eq 42 "$(jget "$(sriovctl_json vf show "$vf0")" .vlan)" "VLAN after the refusals"
assert_eq 3 "$(cat /sys/bus/pci/devices/$PF1/sriov_numvfs)" "VFs after the refusals"
assert_eq "$(stat -c %u:%g /dev/vfio/"$(dev_iommu_group "$vf0")")" 0:0 "VFIO node owner"

step "-f goes ahead with a warning; lease list and the release say the lease was broken"
expect_exit 0 "$SRIOVCTL" -f vf set "$vf0" vlan 5
assert_contains "sriovctl: warning: VF $vf0 ($pfname/0): leased" "$ERR" "forced vf set warns"
assert_contains "as forced" "$ERR" "forced vf set warns"
assert_eq 5 "$(jget "$(sriovctl_json vf show "$vf0")" .vlan)" "VLAN after the forced set"
assert_match '^[0-9]+$' "$(sriovctl_json lease list | jq -r '.[0].broken_by')" "lease list broken_by"
assert_match "^$vf0 +[^ ]+ +0 +none +broken " "$("$SRIOVCTL" lease list | tail -n 1)" \
	"lease list text: broken"
expect_exit 0 "$SRIOVCTL" vf release "$vf0"
assert_contains "changed under its lease" "$ERR" "release of a broken lease"
assert_eq 0 "$(jget "$(sriovctl_json vf show "$vf0")" .vlan)" "VLAN from before the lease"
assert_eq igbvf "$(dev_driver "$vf0")" "driver after the release"
rm -f "$doc"

step "vmm-handoff: acquire, open through VFIO, print regions and IRQs, release"
out=$("$HANDOFF" "$pfname/any")
echo "$out"
assert_contains "group /dev/vfio/" "$out" "group opened"
assert_contains "viable" "$out" "viability"
assert_match "region 0 BAR0 +size 0x" "$out" "BAR0 reported"
assert_contains "MSI-X" "$out" "MSI-X reported"
assert_contains "released VF $vf0" "$out" "released"
assert_eq igbvf "$(dev_driver "$vf0")" "driver after vmm-handoff"

step "a holder killed with SIGKILL leaves a stale lease; gc puts the VF back"
"$HANDOFF" "$vf0" hold >/tmp/hold.out 2>&1 &
holder=$!
for _ in $(seq 100); do grep -q holding /tmp/hold.out && break; sleep 0.1; done
grep -q holding /tmp/hold.out || fail "vmm-handoff did not get to hold: $(cat /tmp/hold.out)"
kill -KILL "$holder"
wait "$holder" 2>/dev/null || true
assert_eq true "$(sriovctl_json lease list | jq -r '.[0].stale')" "lease stale after SIGKILL"
assert_eq vfio-pci "$(dev_driver "$vf0")" "driver before gc"
assert_eq 1 "$(jget "$(sriovctl_json lease gc)" .recovered)" "gc recovered"
assert_eq igbvf "$(dev_driver "$vf0")" "driver after gc"
assert_eq 02:00:00:00:aa:00 "$(jget "$(sriovctl_json vf show "$vf0")" .mac)" "MAC after gc"

step "a stale lease is also recovered by the next acquire of its VF"
"$HANDOFF" "$vf0" hold >/tmp/hold.out 2>&1 &
holder=$!
for _ in $(seq 100); do grep -q holding /tmp/hold.out && break; sleep 0.1; done
kill -KILL "$holder"
wait "$holder" 2>/dev/null || true
assert_eq "$vf0" "$(jget "$(sriovctl_json vf acquire "$vf0")" .pci)" "acquire over a stale lease"
"$SRIOVCTL" vf release "$vf0"
assert_eq igbvf "$(dev_driver "$vf0")" "driver at the end"
echo "lease OK"
