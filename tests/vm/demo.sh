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

narrate "Create 4 VFs on $pfname"
# LATER: becomes `run "sriovctl pf set $pfname numvfs 4"` (it waits for the
# VFs itself) once sriovctl has `pf set`.
run "echo 4 > /sys/bus/pci/devices/$PF/sriov_numvfs"
run "udevadm settle"
run "sriovctl pf show $pfname"
run "sriovctl vf list"
run "sriovctl vf show $pfname/1"

# LATER: configure and hand over VFs once sriovctl has the commands:
#   run "sriovctl vf set $pfname/0 mac 02:00:00:00:00:01 vlan 100 qos 3 spoofchk on trust off"
#   run "sriovctl vf show $pfname/0"
#   run "sriovctl vf bind $pfname/3 vfio-pci"
#   run "sriovctl vf show $pfname/3"

narrate "The same for scripts: JSON (-j), pretty-printed (-p)"
run "sriovctl -j -p vf show $pfname/1"
run "sriovctl -j pf list | jq -r '.[] | \"\\(.pci) \\(.ifname) \\(.num_vfs)/\\(.total_vfs)\"'"
