#!/bin/bash
# A narrated sriovctl session, run in the testbed guest by
# `tests/vm/testbed demo` (make demo): each command is shown as typed at a
# root prompt, then its output. udevd runs, so names are what a host shows.
. "$TOP/tests/vm/lib.sh"
set -euo pipefail

PF=0000:01:00.0

sriovctl() { "$SRIOVCTL" "$@"; }

# run 'COMMAND LINE': shows it like a shell prompt, then runs it.
run() {
	printf '\n# %s\n' "$1"
	eval "$1"
}

narrate() {
	printf '\n### %s\n' "$*"
}

start_udevd >/dev/null 2>&1
pfname=$(dev_ifname "$PF")

narrate "Two Intel 82576 NICs (igb), each able to carry 7 VFs"
run "sriovctl pf list"
run "sriovctl pf show $PF"

narrate "Create 4 VFs on $pfname: the command returns once their drivers and renamed netdevs are there"
run "sriovctl pf set $pfname numvfs 4"
run "sriovctl pf show $pfname"
run "sriovctl vf list"

narrate "Configure VF 0 and VF 1 over rtnetlink; igb takes mac, vlan/qos, spoofchk, trust"
run "sriovctl vf set $pfname/0 mac 02:00:00:00:00:01 vlan 100 qos 3 spoofchk on trust off"
run "sriovctl vf set $pfname/1 mac 02:00:00:00:00:02 trust on"
run "sriovctl vf show $pfname/0"

narrate "What igb refuses is reported, and nothing of the request stays applied"
run "sriovctl vf set $pfname/1 mac 02:00:00:00:00:99 state enable || true"
run "sriovctl -j vf show $pfname/1 | jq -r .mac"

narrate "Resize 4 -> 2: VFs 0 and 1 keep their settings; bad input changes nothing"
run "sriovctl -n pf set $pfname numvfs 2"
run "sriovctl pf set $pfname numvfs 2"
run "sriovctl vf list $pfname"
run "sriovctl pf set $pfname numvfs 99 || true"

narrate "The same for scripts: JSON (-j), pretty-printed (-p)"
run "sriovctl -j -p vf show $pfname/0"
run "sriovctl -j pf list | jq -r '.[] | \"\\(.pci) \\(.ifname) \\(.num_vfs)/\\(.total_vfs)\"'"

narrate "netdevsim, the kernel's software SR-IOV device, beside the igb PFs: every VF setting, no PCI function"
nsim=$(netdevsim_new 10 1000)
run "sriovctl pf list"
run "sriovctl pf set netdevsim10 numvfs 64"
run "sriovctl vf set netdevsim10/5 mac 02:00:00:00:05:05 vlan 10 qos 2 proto 802.1ad min_tx_rate 10 max_tx_rate 100 spoofchk on trust on state disable query_rss on"
run "sriovctl vf show $nsim/5"
run "sriovctl vf bind netdevsim10/5 vfio-pci || true"
run "sriovctl pf set netdevsim10 numvfs 0"

narrate "Passthrough: is this host ready for it?"
run "sriovctl check"

narrate "Hand a VF to a VMM: leased, on vfio-pci, with its own MAC; then give it back"
run "sriovctl vf acquire $pfname/any mac 02:00:00:00:00:42"
run "sriovctl lease list"
run "sriovctl vf show $pfname/0"

narrate "What a VMM does with the library: examples/vmm-handoff acquires, opens through VFIO, releases"
cd "$TOP"
run "examples/vmm-handoff $pfname/any"
run "sriovctl vf release $pfname/0"
run "sriovctl vf list $pfname"

PF2=0000:02:00.0
narrate "Declarative: one document for the host. Dry run first, then apply; again changes nothing"
cat >/tmp/host.json <<EOF
{"version": 1, "pfs": [
  {"ifname": "$pfname", "num_vfs": 4,
   "vfs": [{"vf": "0-2", "mac": "auto", "vlan": 100, "spoofchk": true},
           {"vf": 3, "mac": "auto", "driver": "vfio-pci"}]},
  {"pci": "$PF2", "num_vfs": 3, "vfs": [{"vf": "0-2", "mac": "auto", "trust": true}]}]}
EOF
run "cat /tmp/host.json"
run "sriovctl apply --dry-run /tmp/host.json"
run "sriovctl apply /tmp/host.json"
run "sriovctl -j apply /tmp/host.json"
run "sriovctl vf list"

narrate "A document igb refuses part-way (query_rss): everything already changed is put back"
sed 's/"trust": true/"trust": true, "query_rss": true/; s/"vlan": 100/"vlan": 200/' /tmp/host.json >/tmp/bad.json
run "diff /tmp/host.json /tmp/bad.json || true"
run "sriovctl dump >/tmp/before.json"
run "sriovctl apply /tmp/bad.json || true"
run "sriovctl dump | diff /tmp/before.json - && echo 'the host is as it was'"
