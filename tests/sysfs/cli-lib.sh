# shellcheck shell=bash
# What the sriovctl tests on fake hosts share (test-cli.sh, test-metrics.sh,
# ../metrics/check-alert-rules.sh), sourced with the test's own arguments SRIOVCTL MKHOST: a
# private lease directory and lease journals written into it, the counters of ok/not ok, fake
# hosts made by mkhost and removed at the end, and sriovctl run under umockdev.

# sriovctl's lease directory is /run/libsriov, which lease commands read and write: only a
# private one (tests/without-host-leases.sh --private, as make check-sysfs runs these).
if [ "$(findmnt -n -o SOURCE /run/libsriov 2>/dev/null)" != libsriov-tests-leases ]; then
        exec "$(dirname "$0")/../without-host-leases.sh" --private "$0" "$@"
fi
sriovctl=$1
mkhost=$2
passed=0
failed=0
tmp=$(mktemp -d)
roots=("$tmp")
trap 'rm -rf "${roots[@]}"' EXIT

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "not ok - $1"; shift; printf '    %s\n' "$@"; failed=$((failed + 1)); }

# host SHAPE...: a fake host's root, removed at the end.
host() {
        local root
        root=$("$mkhost" "$@") || { echo "mkhost $* failed" >&2; exit 1; }
        roots+=("$root")
        echo "$root"
}

# run_sriovctl ROOT ARGS...: sriovctl under umockdev; sets out, err, rc.
run_sriovctl() {
        local root=$1
        shift
        out=$(UMOCKDEV_DIR=$root umockdev-wrapper "$sriovctl" "$@" 2>"$tmp/err")
        rc=$?
        err=$(cat "$tmp/err")
}

# write_lease PCI VF HOLDER OWNER_PID OWNER_START [LINE...]: a held lease of a VF of PF
# 0000:01:00.0 in the private lease directory, its journal as the library writes it
# (lib/lease-journal.c); OWNER_START is /proc/PID/stat's 22nd field (-1 0 for no owner
# process), and the LINEs (labels) come last.
# BROKEN_PID and BROKEN_WHAT, when set: a forced change broke the lease (lease list: "broken").
write_lease() {
        local pci=$1 vf=$2 holder=$3 pid=$4 start=$5
        shift 5
        printf '%s\n' "libsriov-lease 4" "state held" "pci $pci" "pf 0000:01:00.0" "vf $vf" \
                "owner_pid $pid" "owner_start $start" "cookie 0123456789abcdef0123456789abcdef" \
                "driver igbvf" "driver_override -" "mask 0" "mac 00:00:00:00:00:00" "vlan 0" \
                "qos 0" "vlan_proto 0x8100" "min_tx_rate 0" "max_tx_rate 0" "spoofchk 0" \
                "trust 0" "link_state 0" "query_rss 0" "busy_pid -1" "busy_start 0" \
                "broken_pid ${BROKEN_PID:--1}" "broken_what ${BROKEN_WHAT:--}" "holder $holder" "kind vfio" "ifname -" "mtu 0" \
                "ifmac 00:00:00:00:00:00" "owner_pidns 0" "busy_pidns 0" "$@" \
                >"/run/libsriov/$pci.lease"
}
