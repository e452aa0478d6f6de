#!/bin/bash
# sriovctl vf set against igb on a real kernel: what igb takes (mac, vlan+qos, spoofchk, trust)
# is applied and read back the same by ip and by sriovctl; what it refuses fails with one line
# naming the VF, setting, value, driver and reason, and changes nothing; a request refused
# part-way is put back on the kernel; bad input changes nothing; -n and a repeat send nothing;
# vf list shows the settings of every VF of both PFs.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF1=0000:01:00.0
PF2=0000:02:00.0

# link_json PF: the PF's link as `ip -j -d link show` prints it, its vfinfo_list included.
# Compared as text, it shows any change at all, without a jq run.
link_json() {
	ip -j -d link show dev "$(dev_ifname "$1")"
}

# ip_vfs PF: what the PF driver reports to ip, one line per VF, in sriovctl's words:
# "INDEX MAC VLAN QOS SPOOFCHK TRUST LINK_STATE MAX_TX_RATE MIN_TX_RATE"
# (ip prints an empty vlan_list entry for VLAN 0).
ip_vfs() {
	link_json "$1" | jq -r '.[0].vfinfo_list[] | [.vf, .address, (.vlan_list[0].vlan // 0),
		(.vlan_list[0].qos // 0), .spoofchk, .trust, .link_state, .rate.max_tx, .rate.min_tx] |
		map(tostring) | join(" ")'
}

# check_vf PF INDEX 'MAC VLAN QOS SPOOFCHK TRUST': ip and `sriovctl -j vf show` both report
# that, link state auto, no rate limits, 802.1Q, and null for query_rss (igb reports none).
check_vf() {
	local pf=$1 i=$2 want=$3 line
	line=$(grep "^$i " <<<"$(ip_vfs "$pf")") || fail "$pf: ip reports no VF $i"
	assert_eq "$i $want auto 0 0" "$line" "$pf/$i as ip reports it"
	json_load "$(sriovctl_json vf show "$pf/$i")"
	assert_eq "$want" "$(jfield mac) $(jfield vlan) $(jfield qos) $(jfield spoofchk) $(jfield trust)" \
		"$pf/$i as sriovctl reports it (mac vlan qos spoofchk trust)"
	assert_eq "802.1Q auto 0 0 null" \
		"$(jfield vlan_proto) $(jfield link_state) $(jfield max_tx_rate) $(jfield min_tx_rate) $(jfield query_rss)" \
		"$pf/$i as sriovctl reports it (vlan_proto link_state max_tx_rate min_tx_rate query_rss)"
}

# refused PF INDEX 'SETTING VALUE' REASON ARGS...: `vf set PF/INDEX ARGS` exits 1 with one line
# on stderr that names the VF, SETTING VALUE, igb and REASON, and the PF's link (vfinfo_list
# included) is exactly what it was.
refused() {
	local pf=$1 i=$2 what=$3 reason=$4 before
	shift 4
	before=$(link_json "$pf")
	expect_exit 1 "$SRIOVCTL" vf set "$pf/$i" "$@"
	assert_eq "" "$OUT" "stdout of 'vf set $pf/$i $*'"
	assert_eq 1 "$(grep -c '' <<<"$ERR")" "stderr lines of 'vf set $pf/$i $*' ($ERR)"
	assert_contains "sriovctl: VF $(vf_pci "$pf" "$i") ($(dev_ifname "$pf")/$i): set " "$ERR" "the VF named"
	assert_contains "$what" "$ERR" "the setting and value named"
	assert_contains ": refused by igb: $reason" "$ERR" "the driver and reason named"
	assert_eq "$before" "$(link_json "$pf")" "$pf link after 'vf set $pf/$i $*'"
	echo "ok: vf set $pf/$i $* -> 1: $ERR"
}

# unchanged STATUS ARGS...: sriovctl ARGS exits STATUS with one line on stderr naming the
# problem, and neither PF's link changed.
unchanged() {
	local want=$1 before
	shift
	before=$(link_json "$PF1")
	expect_exit "$want" "$SRIOVCTL" "$@"
	assert_eq "" "$OUT" "stdout of 'sriovctl $*'"
	assert_match "^sriovctl: " "$ERR" "stderr of 'sriovctl $*'"
	assert_eq "$before" "$(link_json "$PF1")" "$PF1 link after 'sriovctl $*'"
	echo "ok: sriovctl $* -> $want: $(head -n 1 <<<"$ERR")"
}

step "3 VFs on each PF (sriovctl pf set); VF 0 of $PF1 starts as igb leaves it"
"$SRIOVCTL" pf set "$PF1" numvfs 3
"$SRIOVCTL" pf set "$PF2" numvfs 3
PF1IF=$(dev_ifname "$PF1")
PF2IF=$(dev_ifname "$PF2")
VF0=$(vf_pci "$PF1" 0)
check_vf "$PF1" 0 "00:00:00:00:00:00 0 0 true false"

step "what igb takes: mac, vlan+qos (802.1Q), spoofchk off, trust on; read back"
"$SRIOVCTL" vf set "$PF1/0" mac 02:00:00:00:01:00 vlan 100 qos 3 spoofchk off trust on
check_vf "$PF1" 0 "02:00:00:00:01:00 100 3 false true"

step "and back: vlan 0 (qos to 0 with it), spoofchk on, trust off; the MAC stays"
"$SRIOVCTL" vf set "$PF1/0" vlan 0 spoofchk on trust off
check_vf "$PF1" 0 "02:00:00:00:01:00 0 0 true false"

step "the limits of the range: vlan 4095 qos 7, explicitly 802.1Q, PF named by its netdev"
"$SRIOVCTL" vf set "$PF1IF/0" vlan 4095 qos 7 proto 802.1Q
check_vf "$PF1" 0 "02:00:00:00:01:00 4095 7 true false"

step "what igb refuses: exit 1, VF, setting, value, igb and reason named, nothing changed"
refused "$PF1" 0 "vlan_proto 802.1ad" "Protocol not supported" vlan 5 proto 802.1ad
refused "$PF1" 0 "min_tx_rate 10" "Invalid argument" min_tx_rate 10
refused "$PF1" 0 "link_state enable" "Operation not supported" state enable
refused "$PF1" 0 "link_state disable" "Operation not supported" state disable
refused "$PF1" 0 "query_rss on" "Operation not supported" query_rss on
# igb limits the rate only with the link up; the testbed's NICs have no peer.
if [ "$(cat "/sys/class/net/$PF1IF/operstate")" = up ]; then
	"$SRIOVCTL" vf set "$PF1/0" max_tx_rate 100
	json_load "$(sriovctl_json vf show "$PF1/0")"
	assert_eq 100 "$(jfield max_tx_rate)" "max_tx_rate with the link up"
	"$SRIOVCTL" vf set "$PF1/0" max_tx_rate 0
else
	refused "$PF1" 0 "max_tx_rate 100" "Invalid argument" max_tx_rate 100
fi

step "refused part-way: what the kernel had applied is put back"
# The kernel applies mac before link_state: the MAC really changes, then must come back.
# igb logs every MAC it sets ("setting MAC ... on VF 0"), which shows both on the kernel.
log_from=$(($(dmesg | wc -l) + 1))
refused "$PF1" 0 "link_state enable" "Operation not supported" mac 02:00:00:00:01:99 state enable
assert_contains "; put back VF 0 mac" "$ERR" "rollback reported"
assert_eq "setting MAC 02:00:00:00:01:99 on VF 0
setting MAC 02:00:00:00:01:00 on VF 0" \
	"$(dmesg | tail -n "+$log_from" | grep -o 'setting MAC [0-9a-f:]* on VF 0' || true)" \
	"igb's log of the MAC set and put back"
# mac, vlan and spoofchk go before query_rss (trust, after it, never reaches igb).
refused "$PF1" 0 "query_rss on" "Operation not supported" \
	mac 02:00:00:00:01:98 vlan 7 spoofchk off query_rss on trust on
assert_contains "; put back VF 0 mac vlan spoofchk" "$ERR" "rollback reported"
check_vf "$PF1" 0 "02:00:00:00:01:00 4095 7 true false"

step "bad input: malformed values exit 2, values out of range and unknown VFs exit 1"
unchanged 2 vf set "$PF1/0" mac zz:zz:zz:zz:zz:zz
unchanged 2 vf set "$PF1/0" mac 02:00:00:00:01
unchanged 2 vf set "$PF1/0" spoofchk yes
unchanged 2 vf set "$PF1/0" qos 3
unchanged 1 vf set "$PF1/0" vlan 4096
assert_contains "vlan 4096: out of range 0-4095" "$ERR" "vlan 4096"
unchanged 1 vf set "$PF1/0" vlan 1 qos 8
assert_contains "qos 8: out of range 0-7" "$ERR" "qos 8"
unchanged 1 vf set "$PF1/0" mac 03:00:00:00:00:01
assert_contains "mac 03:00:00:00:00:01: a multicast address" "$ERR" "multicast mac"
unchanged 1 vf set "$PF1/9" trust on
assert_contains "index 9: out of range, the PF has 3 VFs" "$ERR" "VF 9 of 3"

step "-n: prints what would change, changes nothing"
before=$(link_json "$PF1")
expect_exit 0 "$SRIOVCTL" -n vf set "$PF1/0" mac 02:00:00:00:01:01 vlan 4095 qos 7 trust on
assert_eq "$VF0 ($PF1IF/0): mac 02:00:00:00:01:00 -> 02:00:00:00:01:01
$VF0 ($PF1IF/0): trust off -> on" "$OUT" "dry-run text"
expect_exit 0 "$SRIOVCTL" -j -n vf set "$PF1/0" mac 02:00:00:00:01:01 trust on
assert_eq "{\"changed\":true,\"dry_run\":true,\"vfs\":[{\"vf\":0,\"pci\":\"$VF0\",\"set\":{\"mac\":\"02:00:00:00:01:01\",\"trust\":true}}]}" \
	"$OUT" "dry-run JSON"
assert_eq "$before" "$(link_json "$PF1")" "$PF1 link after the dry runs"

step "the same settings twice: the second run has nothing to change"
"$SRIOVCTL" vf set "$PF1/1" mac 02:00:00:00:01:01 vlan 11 qos 1 spoofchk off trust on
before=$(link_json "$PF1")
expect_exit 0 "$SRIOVCTL" -j vf set "$PF1/1" mac 02:00:00:00:01:01 vlan 11 qos 1 spoofchk off trust on
assert_eq "{\"changed\":false,\"dry_run\":false,\"vfs\":[{\"vf\":1,\"pci\":\"$(vf_pci "$PF1" 1)\",\"set\":{}}]}" \
	"$OUT" "second run's JSON"
assert_eq "$before" "$(link_json "$PF1")" "$PF1 link after the second run"
check_vf "$PF1" 1 "02:00:00:00:01:01 11 1 false true"

step "vf show -s: igb has no VF counters (no ndo_get_vf_stats): none shown, not the kernel's zeros"
expect_exit 0 "$SRIOVCTL" vf show -s "$PF1/0"
assert_match $'\n    stats: +-$' "$OUT" "vf show -s text"
assert_eq "true null" \
	"$(jget "$(sriovctl_json vf show -s "$PF1/0")" '"\(has("stats")) \(.stats)"')" \
	"vf show -s JSON: a stats key, null"

step "vf list: the settings of every VF of both PFs"
"$SRIOVCTL" vf set "$PF1/2" mac 02:00:00:00:01:02 vlan 12 qos 2 trust on
for i in 0 1 2; do
	"$SRIOVCTL" vf set "$PF2IF/$i" mac "02:00:00:00:02:0$i" vlan "2$i" qos "$((i + 4))" \
		spoofchk "$([ "$i" = 1 ] && echo off || echo on)" trust "$([ "$i" = 2 ] && echo on || echo off)"
done
want="$PF1 0 02:00:00:00:01:00 4095 7 true false
$PF1 1 02:00:00:00:01:01 11 1 false true
$PF1 2 02:00:00:00:01:02 12 2 true true
$PF2 0 02:00:00:00:02:00 20 4 true false
$PF2 1 02:00:00:00:02:01 21 5 false false
$PF2 2 02:00:00:00:02:02 22 6 true true"
assert_eq "$want" "$(sriovctl_json vf list | jq -r '.[] |
	"\(.pf) \(.vf) \(.mac) \(.vlan) \(.qos) \(.spoofchk) \(.trust)"')" "vf list"
for pf in "$PF1" "$PF2"; do
	assert_eq "$(grep "^$pf " <<<"$want" | sed "s/^$pf //; s/\$/ auto 0 0/")" "$(ip_vfs "$pf")" \
		"$pf VFs as ip reports them"
done
echo "vf set OK"
