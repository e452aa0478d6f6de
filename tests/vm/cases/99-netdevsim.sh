#!/bin/bash
# netdevsim, the kernel's software SR-IOV device, built by the testbed for this kernel: the
# library's rtnetlink layer (tests/vm/nl-probe) against the real kernel's VF list at 64, 256,
# 334, 335 and 1000 VFs. Without counters an entry is 196 bytes and the list's 16-bit length
# wraps: all VFs listed up to 334, none at 335, 331 at 1000 (docs/kernel.md), each said to be
# cut short past that; and a VLAN for all 1000 VFs, split into requests that fit, applied to
# every VF the kernel can show, with iproute2 (which asks with counters, 296 bytes an entry:
# 114 listed at 1000) as the oracle for those it lists.
. "$TOP/tests/vm/lib.sh"
strict_mode

PROBE=$TOP/tests/vm/nl-probe
[ -x "$PROBE" ] || fail "tests/vm/nl-probe is not built"

step "netdevsim10 with room for 1000 VFs"
net=$(netdevsim_new 10 1000)
ifindex=$(cat "/sys/class/net/$net/ifindex")
echo "netdev $net, ifindex $ifindex"

for n in 64 256 334 335 1000; do
	step "$n VFs: the VF list as the kernel sends it"
	netdevsim_numvfs 10 "$n"
	want=$(( n * 196 + 4 <= 65535 ? n : ((n * 196 + 4) % 65536) / 196 ))
	out=$("$PROBE" get "$ifindex")
	echo "$out"
	assert_eq "$n" "$(awk '{ print $2 }' <<<"$out")" "$n VFs: IFLA_NUM_VF"
	assert_eq "$want" "$(awk '{ print $4 }' <<<"$out")" "$n VFs: entries listed"
	assert_eq "$(( want < n ? 1 : 0 ))" "$(awk '{ print $6 }' <<<"$out")" "$n VFs: cut short"
	assert_eq "$(( want - 1 ))" "$(awk '{ print $8 }' <<<"$out")" "$n VFs: the last one listed"
done

step "VLAN 7 on all 1000 VFs in one call: split into requests that fit, every VF takes it"
assert_eq "set 1000" "$("$PROBE" set "$ifindex" 1000 7)" "set"
out=$("$PROBE" get "$ifindex" 7)
echo "$out"
assert_eq 331 "$(awk '{ print $10 }' <<<"$out")" "VFs listed with VLAN 7"
# iproute2 asks with counters, so it lists fewer; each VF it lists has VLAN 7.
ip_vfs=$(ip -d link show dev "$net" 2>/dev/null | grep -c '^    vf [0-9]' || true)
ip_vlan7=$(ip -d link show dev "$net" 2>/dev/null | grep -c '^    vf [0-9].*vlan 7' || true)
echo "ip lists $ip_vfs VFs, $ip_vlan7 of them with vlan 7"
[ "$ip_vfs" -gt 0 ] || fail "ip -d link show lists no VF"
assert_eq "$ip_vfs" "$ip_vlan7" "VFs ip lists with vlan 7"
# At 334 VFs the list holds them all without counters: every one, the last included, reads
# back (ip, asking with counters, lists fewer; those it lists agree).
netdevsim_numvfs 10 0
netdevsim_numvfs 10 334
assert_eq "set 334" "$("$PROBE" set "$ifindex" 334 9)" "set 334"
out=$("$PROBE" get "$ifindex" 9)
echo "$out"
assert_eq "334 333 334" "$(awk '{ print $4, $8, $10 }' <<<"$out")" "all 334 listed, with VLAN 9"
ip_vfs=$(ip -d link show dev "$net" 2>/dev/null | grep -c '^    vf [0-9]' || true)
ip_vlan9=$(ip -d link show dev "$net" 2>/dev/null | grep -c '^    vf [0-9].*vlan 9' || true)
echo "ip lists $ip_vfs VFs, $ip_vlan9 of them with vlan 9"
[ "$ip_vfs" -gt 0 ] && [ "$ip_vfs" = "$ip_vlan9" ] ||
	fail "ip lists $ip_vfs VFs, $ip_vlan9 with vlan 9"
echo "netdevsim OK"
