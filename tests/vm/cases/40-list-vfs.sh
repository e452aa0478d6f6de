#!/bin/bash
# examples/list-vfs, built in-tree against lib/, runs on a real kernel and
# prints every PF and every VF.
. "$TOP/tests/vm/lib.sh"
strict_mode

prog=$TOP/examples/list-vfs
[ -x "$prog" ] || fail "$prog is not built (run make)"

step "list-vfs uses the in-tree library"
assert_match "libsriov\\.so\\.0 => $TOP/lib/libsriov\\.so\\.0" "$(ldd "$prog")" "ldd $prog"

step "3 VFs on 0000:01:00.0, 2 on 0000:02:00.0"
set_numvfs 0000:01:00.0 3
set_numvfs 0000:02:00.0 2

expect_exit 0 "$prog"
out=$OUT
printf '%s\n' "$out"
assert_eq "" "$ERR" "list-vfs stderr"
for pf in $(list_pfs); do
	line=$(grep -F "$pf" <<<"$out" | head -n 1) || fail "list-vfs does not print PF $pf"
	assert_contains "$(dev_ifname "$pf")" "$line" "PF $pf line: its netdev"
	n=$(cat "$SYS_PCI/$pf/sriov_numvfs")
	for ((i = 0; i < n; i++)); do
		vf=$(vf_pci "$pf" "$i")
		line=$(grep -F "$vf" <<<"$out") || fail "list-vfs does not print VF $vf of $pf"
		assert_contains "$(dev_ifname "$vf")" "$line" "VF $vf line: its netdev"
		assert_contains "$(dev_iommu_group "$vf")" "$line" "VF $vf line: its IOMMU group"
	done
done
assert_eq 7 "$(grep -cE '0000:0[12]:' <<<"$out")" "lines naming a PF or VF (2 PFs + 5 VFs)"
echo "list-vfs OK"
