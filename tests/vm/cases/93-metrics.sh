#!/bin/bash
# sriovctl metrics through the real node_exporter (Debian's prometheus-node-exporter, its
# textfile collector), written by the command sriov-metrics.service runs (the guest has no
# systemd to run the timer): a scrape over loopback has the sriov series, promtool accepts them,
# and they equal what ip -d -j link show, sysfs and sriovctl -j say on igb and netdevsim (VF
# counts, MAC, VLAN, QoS, trust, spoofchk, link state); a leased VF carries its holder and pod;
# counters come from the VF's netdev where the PF driver has none, and are absent where there
# is no netdev; after vf set and a new run the scrape shows the change.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF=0000:01:00.0
NSIM=netdevsim12
DIR=$(mktemp -d)
TEXTDIR=/var/lib/prometheus/node-exporter
for tool in prometheus-node-exporter curl promtool; do
	command -v "$tool" >/dev/null || fail "$tool is missing (testbed prepare installs it)"
done

# The unit's own command, with the build tree's sriovctl for the installed one.
unit=$TOP/systemd/sriov-metrics.service.in
args=$(sed -n 's|^ExecStart=@BINDIR@/sriovctl ||p' "$unit")
[ -n "$args" ] || fail "$unit has no ExecStart=@BINDIR@/sriovctl ..."
textfile=${args##* }
[ "${textfile%/*}" = "$TEXTDIR" ] || fail "the unit writes $textfile, not into $TEXTDIR"
run_unit() {
	# shellcheck disable=SC2086 # the unit's words, as systemd splits them
	"$SRIOVCTL" $args || fail "the unit's command ($args) exited $?"
}

# prom FAMILY TEXT: the family's samples as JSON objects, one a line: labels and "value".
prom() {
	grep -E "^$1[{ ]" <<<"$2" | jq -Rc 'capture("^[^{ ]+(\\{(?<l>.*)\\})? (?<v>[^ ]+)$") |
		(([(.l // "") | scan("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"") | {(.[0]): .[1]}] | add) // {}) +
		{value: .v}'
}

step "node_exporter on loopback, its textfile collector reading $TEXTDIR"
mkdir -p "$TEXTDIR"
rm -f "$TEXTDIR"/*.prom
prometheus-node-exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$TEXTDIR" >"$DIR/node-exporter.log" 2>&1 &
exporter=$!
trap 'kill $exporter 2>/dev/null; rm -rf "$DIR"' EXIT
scrape() { curl -sf --max-time 10 http://127.0.0.1:9100/metrics; }
for _ in $(seq 100); do
	scrape >/dev/null 2>&1 && break
	kill -0 "$exporter" 2>/dev/null || fail "node_exporter exited: $(cat "$DIR/node-exporter.log")"
	sleep 0.1
done
scrape >/dev/null || fail "node_exporter does not answer on 127.0.0.1:9100 after 10 s"

step "3 igb VFs and 4 netdevsim VFs with settings, VF 2 of $PF leased to a pod"
set_numvfs "$PF" 3
pfif=$(dev_ifname "$PF")
"$SRIOVCTL" vf set "$PF/0" mac 02:00:00:00:0a:00 vlan 10 qos 2 trust on
"$SRIOVCTL" vf set "$PF/1" spoofchk off
nsimif=$(netdevsim_new 12 8)
netdevsim_numvfs 12 4
"$SRIOVCTL" vf set "$NSIM/1" mac 02:00:00:00:0b:01 vlan 20 trust on link_state disable
"$SRIOVCTL" vf set "$NSIM/3" spoofchk on
expect_exit 0 "$SRIOVCTL" -j vf acquire "$PF/2" label k8s.pod.namespace=tenant-a label k8s.pod.name=web-0
leased=$(vf_pci "$PF" 2)
holder=$(sriovctl_json lease list | jq -r '.[0].holder')

step "the unit's command writes $textfile; node_exporter serves it"
run_unit
[ "$(stat -c %a "$textfile")" = 644 ] || fail "$textfile is mode $(stat -c %a "$textfile"), not 644"
[ "$(ls -A "$TEXTDIR")" = "${textfile##*/}" ] || fail "left in $TEXTDIR: $(ls -A "$TEXTDIR")"
out=$(scrape) || fail "scrape failed"
assert_contains "node_textfile_scrape_error 0" "$out" "node_exporter read the file"
ours=$(grep -E '^(# (HELP|TYPE) )?sriov_' <<<"$out")
[ -n "$ours" ] || fail "the scrape has no sriov series: $(head -c 500 <<<"$out")"
lint=$(promtool check metrics <<<"$ours" 2>&1) || fail "promtool check metrics: $lint"
[ -z "$lint" ] || fail "promtool check metrics: $lint"
assert_eq 0 "$(prom sriov_scrape_errors "$out" | jq -r .value)" "sriov_scrape_errors"

# vfs_ip NETDEV: each VF as ip -d -j link show reports it, in the scrape's words.
vfs_ip() {
	ip -d -j link show dev "$1" | jq -c '.[0].vfinfo_list[] | {vf: (.vf | tostring), mac: .address,
		vlan: ((.vlan_list[0].vlan // 0) | tostring), qos: ((.vlan_list[0].qos // 0) | tostring),
		spoofchk: (if .spoofchk then "on" else "off" end), trust: (if .trust then "on" else "off" end),
		link_state}'
}
# vfs_scraped PF: the same of the scrape's sriov_vf_info.
vfs_scraped() {
	prom sriov_vf_info "$out" | jq -c --arg pf "$1" 'select(.pf == $pf) |
		{vf, mac, vlan, qos, spoofchk, trust, link_state}' | sort -t'"' -k4,4n
}
check_pf() {
	local pf=$1 net=$2 numvfs=$3 total=$4
	step "$pf: VF counts and every VF's settings equal sysfs and ip -d -j link show $net"
	assert_eq "$numvfs" "$(prom sriov_pf_vfs "$out" | jq -r --arg pf "$pf" 'select(.pf == $pf) | .value')" \
		"sriov_pf_vfs of $pf"
	assert_eq "$total" "$(prom sriov_pf_vfs_max "$out" | jq -r --arg pf "$pf" 'select(.pf == $pf) | .value')" \
		"sriov_pf_vfs_max of $pf"
	assert_eq "$(vfs_ip "$net")" "$(vfs_scraped "$pf")" "the VFs of $pf: ip (first) and the scrape"
}
check_pf "$PF" "$pfif" 3 "$(cat "$SYS_PCI/$PF/sriov_totalvfs")"
check_pf "$NSIM" "$nsimif" 4 8
# And with sriovctl's own JSON of the same VFs: PCI address, driver, netdev.
# (A label left out is "" here, as null is in the JSON.)
norm='select((.pci // "") != "") | {pci, driver: (.driver // ""), ifname: (.ifname // "")}'
want=$(sriovctl_json vf list | jq -c ".[] | $norm" | sort)
got=$(prom sriov_vf_info "$out" | jq -c "$norm" | sort)
assert_eq "$want" "$got" "sriov_vf_info's pci, driver, ifname against sriovctl -j vf list"

step "the leased VF carries its holder and its pod"
lease=$(prom sriov_lease_info "$out")
assert_eq 1 "$(grep -c . <<<"$lease")" "one lease series"
assert_eq "$leased $holder held vfio tenant-a web-0 1" \
	"$(jq -r '"\(.pci) \(.holder) \(.state) \(.kind) \(.k8s_namespace) \(.k8s_pod) \(.value)"' <<<"$lease")" \
	"sriov_lease_info"

step "counters: igbvf's netdev's where igb has none, none for the VF on vfio-pci or on netdevsim"
vf0if=$(dev_ifname "$(vf_pci "$PF" 0)")
info=$(prom sriov_vf_counters_info "$out")
assert_eq "0:vf_netdev 1:vf_netdev 2:none" \
	"$(jq -r --arg pf "$PF" 'select(.pf == $pf) | "\(.vf):\(.source)"' <<<"$info" | sort | paste -sd' ')" \
	"counter sources of $PF's VFs"
assert_eq "none none none none" \
	"$(jq -r --arg pf "$NSIM" 'select(.pf == $pf) | .source' <<<"$info" | paste -sd' ')" \
	"counter sources of $NSIM's VFs"
assert_eq "$(cat "/sys/class/net/$vf0if/statistics/tx_packets")" \
	"$(prom sriov_vf_transmit_packets_total "$out" | jq -r --arg pf "$PF" 'select(.pf == $pf and .vf == "0") | .value')" \
	"VF 0's transmit packets: its netdev's"
[ -z "$(prom sriov_vf_transmit_packets_total "$out" | jq -r --arg pf "$NSIM" 'select(.pf == $pf)')" ] ||
	fail "netdevsim VFs have counter series; netdevsim has no VF counters"

step "after vf set and a new run of the unit's command, the scrape shows the change"
"$SRIOVCTL" vf set "$PF/0" vlan 11 qos 0 trust off
"$SRIOVCTL" vf set "$NSIM/1" link_state enable
run_unit
out=$(scrape) || fail "scrape failed"
check_pf "$PF" "$pfif" 3 "$(cat "$SYS_PCI/$PF/sriov_totalvfs")"
check_pf "$NSIM" "$nsimif" 4 8
assert_eq "11 off" "$(vfs_scraped "$PF" | jq -r 'select(.vf == "0") | "\(.vlan) \(.trust)"')" \
	"$PF/0 after vf set"

"$SRIOVCTL" vf release "$leased" >/dev/null || fail "release of $leased failed"
