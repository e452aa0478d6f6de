#!/bin/bash
# sriovctl metrics on fake hosts under umockdev: every output passes `promtool check metrics`
# (Debian's prometheus package), its families are whole, its values are those of
# `sriovctl -j pf list` and `-j vf list` on the same host, a driver without VF counters gives
# no counter series (not zeros), and a holder's bytes cannot break a line.
#   test-metrics.sh SRIOVCTL MKHOST
set -u
. "$(dirname "$0")/cli-lib.sh"

command -v promtool >/dev/null || { echo "test-metrics: promtool missing (Debian package prometheus; make deps)" >&2; exit 1; }

run() { run_sriovctl "$@"; }

# promtool's lint, and what it does not check: a HELP and a TYPE before each family's
# samples, and all samples of one family together (the format requires it).
valid() {
        local name=$1 text=$2 lint bad
        lint=$(promtool check metrics <<<"$text" 2>&1)
        if [ $? -ne 0 ] || [ -n "$lint" ]; then
                fail "$name: promtool check metrics" "$lint"
                return
        fi
        bad=$(awk '
                /^# HELP / { if ($3 in seen) print "family " $3 " twice"; seen[$3] = 1; help = $3; next }
                /^# TYPE / { if ($3 != help) print "TYPE " $3 " without its HELP"; family = $3; next }
                /^#/ { print "stray comment: " $0; next }
                { n = $0; sub(/[{ ].*/, "", n); if (n != family) print "sample of " n " outside its family" }
        ' <<<"$text")
        if [ -n "$bad" ]; then
                fail "$name: families whole, each with HELP and TYPE" "$bad"
        else
                pass "$name: promtool check metrics, families whole"
        fi
}

# The samples of one family, sorted.
family() { grep "^$1[{ ]" <<<"$2" | sort; }

# One Prometheus label from a JSON value, left out when null (as sriovctl metrics does).
jq_labels='def l($k; $v): if $v == null then empty else "\($k)=\"\($v)\"" end;'

mixed=$(host plain igb dual-port no-driver zero-vfs)
run "$mixed" metrics
metrics=$out
if [ $rc -eq 0 ] && [ -z "$err" ]; then
        pass "metrics: exit 0, nothing on stderr"
else
        fail "metrics: exit 0, nothing on stderr" "exit $rc: $err"
fi
valid "metrics (5 PFs)" "$metrics"

# Values against the JSON of the same host.
run "$mixed" -j pf list
pfs=$out
run "$mixed" -j vf list
vfs=$out
want=$(jq -r "$jq_labels"'.[] | "sriov_pf_info{" + ([l("pf"; .pci), l("ifname"; .ifname),
        l("driver"; .driver), l("vendor"; .vendor), l("device"; .device)] | join(",")) + "} 1"' \
        <<<"$pfs" | sort)
got=$(family sriov_pf_info "$metrics")
if [ "$got" = "$want" ] && [ -n "$got" ]; then
        pass "sriov_pf_info: one per PF, its labels those of pf list -j"
else
        fail "sriov_pf_info: one per PF, its labels those of pf list -j" \
                "$(diff <(echo "$want") <(echo "$got"))"
fi
for pair in "sriov_pf_vfs num_vfs" "sriov_pf_vfs_max total_vfs"; do
        name=${pair% *}
        key=${pair#* }
        want=$(jq -r ".[] | \"$name{pf=\\\"\(.pci)\\\"} \(.$key)\"" <<<"$pfs" | sort)
        got=$(family "$name" "$metrics")
        if [ "$got" = "$want" ] && [ -n "$got" ]; then
                pass "$name: pf list's $key"
        else
                fail "$name: pf list's $key" "$(diff <(echo "$want") <(echo "$got"))"
        fi
done
want=$(jq -r "$jq_labels"'.[] | "sriov_vf_info{" + ([l("pf"; .pf), l("vf"; .vf), l("pci"; .pci),
        l("driver"; .driver), l("ifname"; .ifname), l("mac"; .mac), l("vlan"; .vlan),
        l("qos"; .qos), l("vlan_proto"; .vlan_proto),
        l("trust"; if .trust == null then null elif .trust then "on" else "off" end),
        l("spoofchk"; if .spoofchk == null then null elif .spoofchk then "on" else "off" end),
        l("link_state"; .link_state)] | join(",")) + "} 1"' <<<"$vfs" | sort)
got=$(family sriov_vf_info "$metrics")
if [ "$got" = "$want" ] && [ "$(wc -l <<<"$got")" = "$(jq length <<<"$vfs")" ]; then
        pass "sriov_vf_info: one per VF of vf list -j, its labels the same values"
else
        fail "sriov_vf_info: one per VF of vf list -j, its labels the same values" \
                "$(diff <(echo "$want") <(echo "$got"))"
fi

# igb has no ndo_get_vf_stats: the kernel's zeros are not counters. No _total series at all
# here (i40e's VF list cannot be read under umockdev), and each VF says why it has none.
if grep -q '_total[{ ]' <<<"$metrics"; then
        fail "no counter series without counters" "$(grep '_total[{ ]' <<<"$metrics" | head -3)"
else
        pass "no counter series without counters (igb, an unreadable VF list)"
fi
got=$(grep -c '^sriov_vf_counters_info{pf="0000:01:00.0",vf="[01]",pci="[^"]*",source="none",reason="driver igb reports no VF counters; VF [^"]*: read net/enp1s0v[01]/statistics/rx_packets: No such file or directory"} 1$' <<<"$metrics")
n_i40e=$(grep -c '^sriov_vf_counters_info{pf="0000:03:00.0",.*source="none",reason="the PF.s VF list cannot be read: [^"]*"} 1$' <<<"$metrics")
if [ "$got" = 2 ] && [ "$n_i40e" = 2 ]; then
        pass "sriov_vf_counters_info: source=\"none\" and why, for each VF"
else
        fail "sriov_vf_counters_info: source=\"none\" and why, for each VF" \
                "igb $got, i40e $n_i40e" "$(family sriov_vf_counters_info "$metrics")"
fi
# igb's VF with a netdev here: its own counters (broadcast aside, which a netdev lacks),
# the values sysfs holds; the other VF still none.
stats=$mixed/sys/class/net/enp1s0v1/statistics
mkdir -p "$stats"
n=0
for c in rx_packets tx_packets rx_bytes tx_bytes multicast rx_dropped tx_dropped; do
        echo $((1000 + n)) >"$stats/$c"
        n=$((n + 1))
done
run "$mixed" metrics
valid "metrics with a VF netdev's counters" "$out"
vf1='pf="0000:01:00.0",vf="1",pci="0000:01:10.2"'
want="sriov_vf_counters_info{$vf1,source=\"vf_netdev\"} 1
sriov_vf_receive_bytes_total{$vf1} 1002
sriov_vf_receive_drop_total{$vf1} 1005
sriov_vf_receive_multicast_total{$vf1} 1004
sriov_vf_receive_packets_total{$vf1} 1000
sriov_vf_transmit_bytes_total{$vf1} 1003
sriov_vf_transmit_drop_total{$vf1} 1006
sriov_vf_transmit_packets_total{$vf1} 1001"
got=$(grep -F "{$vf1" <<<"$out" | grep -v '^sriov_vf_info' | sort)
if [ $rc -eq 0 ] && [ "$got" = "$want" ] && [ "$(grep -c '_total{' <<<"$out")" = 7 ]; then
        pass "a VF's own netdev: its counters as sysfs has them, no broadcast, no other VF's"
else
        fail "a VF's own netdev: its counters as sysfs has them" "exit $rc: $err" \
                "$(diff <(echo "$want") <(echo "$got"))"
fi
rm -r "$stats"

# Settings unknown (no rtnetlink under umockdev): no rate gauge, and no count of VFs left
# out of a VF list that was not read.
if grep -q '^sriov_vf_m[a-z]*_tx_rate_bytes_per_second\|^sriov_pf_vfs_unlisted{' <<<"$metrics"; then
        fail "what is not known is absent" "$(grep 'tx_rate\|unlisted{' <<<"$metrics" | head -3)"
else
        pass "what is not known is absent: rates, VFs past a VF list not read"
fi

# Carrier as sysfs says it, each scrape; absent where the netdev says none.
printf 1 >"$mixed/sys/class/net/enp1s0/carrier"
printf 0 >"$mixed/sys/class/net/enp3s0f0np0/carrier"
run "$mixed" metrics
got=$(family sriov_pf_carrier "$out" | xargs)
if [ $rc -eq 0 ] && [ "$got" = 'sriov_pf_carrier{pf=0000:01:00.0} 1 sriov_pf_carrier{pf=0000:03:00.0} 0' ] &&
        [ -z "$(family sriov_pf_carrier "$metrics")" ]; then
        pass "sriov_pf_carrier: 1 and 0 as sysfs says, absent where it says none"
else
        fail "sriov_pf_carrier: 1 and 0 as sysfs says, absent where it says none" "exit $rc: $err" "$got"
fi
valid "metrics with carrier" "$out"

# PFs named: their series only, a PF named twice once.
run "$mixed" metrics enp1s0 0000:01:00.0 01:00.0
valid "metrics enp1s0 0000:01:00.0 01:00.0" "$out"
if [ $rc -eq 0 ] && [ "$(grep -c '^sriov_pf_info' <<<"$out")" = 1 ] &&
        [ "$(grep -c '^sriov_vf_info{pf="0000:01:00.0"' <<<"$out")" = 2 ] &&
        ! grep -q 'pf="0000:0[356]' <<<"$out"; then
        pass "metrics PF...: the PFs named, each once"
else
        fail "metrics PF...: the PFs named, each once" "exit $rc: $err" "$out"
fi
run "$mixed" metrics enp9s0
if [ $rc -eq 1 ] && [ -z "$out" ] && [[ $err == sriovctl:*enp9s0* ]]; then
        pass "metrics NOPF: exit 1, nothing printed, the name on stderr"
else
        fail "metrics NOPF: exit 1, nothing printed, the name on stderr" "exit $rc: $err" "$out"
fi
run "$mixed" -j metrics
if [ $rc -eq 2 ] && [ -z "$out" ] && [[ $err == *"metrics: prints Prometheus' text format"* ]]; then
        pass "metrics -j: a usage error"
else
        fail "metrics -j: a usage error" "exit $rc: $err"
fi

# netdevsim PFs have no PCI address (defect: sriovctl metrics crashed on one): named by their
# device name, without PCI IDs, alone or beside a PCI PF.
nsim=$(host netdevsim igb)
for args in "" "netdevsim10 enp1s0"; do
        # shellcheck disable=SC2086
        run "$nsim" metrics $args
        valid "metrics $args (netdevsim and igb)" "$out"
        if [ $rc -eq 0 ] && grep -qx 'sriov_pf_info{pf="netdevsim10",ifname="eni10np1",driver="netdevsim"} 1' <<<"$out" &&
                grep -qx 'sriov_pf_vfs{pf="netdevsim10"} 4' <<<"$out" &&
                [ "$(grep -c '^sriov_vf_info{pf="netdevsim10",vf="[0-3]"}' <<<"$out")" = 4 ] &&
                grep -q '^sriov_vf_info{pf="0000:01:00.0",vf="1",' <<<"$out"; then
                pass "metrics $args: a netdevsim PF by its name, without PCI IDs, its 4 VFs"
        else
                fail "metrics $args: a netdevsim PF by its name, without PCI IDs, its 4 VFs" "exit $rc: $err" \
                        "$(grep -v '^#' <<<"$out" | head -12)"
        fi
done

# -o FILE, for node_exporter's textfile collector: the scrape replaces FILE whole, readable by
# node_exporter's own user, and no temporary file is left beside it (*.prom or other).
textdir=$tmp/textfile
mkdir "$textdir"
run "$mixed" metrics
scrape=$out
run "$mixed" metrics -o "$textdir/sriov.prom"
if [ $rc -eq 0 ] && [ -z "$out" ] && [ -z "$err" ] && [ "$(cat "$textdir/sriov.prom")" = "$scrape" ] &&
        [ "$(stat -c %a "$textdir/sriov.prom")" = 644 ] && [ "$(ls -A "$textdir")" = sriov.prom ]; then
        pass "metrics -o FILE: the scrape in FILE, mode 644, nothing else left"
else
        fail "metrics -o FILE: the scrape in FILE, mode 644, nothing else left" "exit $rc: $err" \
                "$(ls -lA "$textdir")" "$(diff <(echo "$scrape") "$textdir/sriov.prom" | head -5)"
fi
# A scrape that prints nothing (a PF that is not there) leaves the last one as it was.
echo "last scrape" >"$textdir/sriov.prom"
run "$mixed" metrics --output="$textdir/sriov.prom" enp9s0
if [ $rc -eq 1 ] && [[ $err == sriovctl:*enp9s0* ]] && [ "$(cat "$textdir/sriov.prom")" = "last scrape" ] &&
        [ "$(ls -A "$textdir")" = sriov.prom ]; then
        pass "metrics -o FILE NOPF: exit 1, FILE untouched, nothing left"
else
        fail "metrics -o FILE NOPF: exit 1, FILE untouched, nothing left" "exit $rc: $err" "$(ls -lA "$textdir")"
fi
run "$mixed" metrics enp1s0 --output "$tmp/no-such-dir/sriov.prom"
if [ $rc -eq 1 ] && [[ $err == "sriovctl: create a new file for $tmp/no-such-dir/sriov.prom: No such file or directory" ]]; then
        pass "metrics -o in a missing directory: exit 1, the file named"
else
        fail "metrics -o in a missing directory: exit 1, the file named" "exit $rc: $err"
fi
for args in "-o" "-o a -o b" "--output="; do
        # shellcheck disable=SC2086
        run "$mixed" metrics $args
        if [ $rc -eq 2 ] && [ -z "$out" ] && [[ $err == "sriovctl: metrics: "* ]]; then
                pass "metrics $args: a usage error"
        else
                fail "metrics $args: a usage error" "exit $rc: $err"
        fi
done

# Leases: joinable by PCI address, the pod from the CNI plugin's labels, and a holder that
# tries to end its quotes and line (the journal keeps it on one line; a \ and a " it keeps).
lease() {
        local pci=$1 vf=$2 holder=$3
        shift 3
        write_lease "$pci" "$vf" "$holder" -1 0 "$@"
}
lease 0000:01:10.0 0 'cni x"} 1 sriov_fake{a="b\c' "label k8s.pod.namespace=tenant-a" \
        "label k8s.pod.name=web-0"
# Broken by a forced change (pid 4242's numvfs): its state says so, as lease list's does.
BROKEN_PID=4242 BROKEN_WHAT=numvfs lease 0000:01:10.2 1 -
touch -d @1700000000 /run/libsriov/0000:01:10.2.lease
run "$mixed" metrics
valid "metrics with leases" "$out"
got=$(family sriov_lease_info "$out")
want='sriov_lease_info{pci="0000:01:10.0",pf="0000:01:00.0",vf="0",holder="cni x\"} 1 sriov_fake{a=\"b\\c",state="held",kind="vfio",k8s_namespace="tenant-a",k8s_pod="web-0"} 1
sriov_lease_info{pci="0000:01:10.2",pf="0000:01:00.0",vf="1",state="broken",kind="vfio"} 1'
if [ $rc -eq 0 ] && [ "$got" = "$want" ] && ! grep -q '^sriov_fake' <<<"$out"; then
        pass "sriov_lease_info: holder escaped, pod's namespace and name, no holder left out, broken"
else
        fail "sriov_lease_info: holder escaped, pod's namespace and name" "exit $rc: $err" \
                "$(diff <(echo "$want") <(echo "$got"))"
fi
got=$(family sriov_lease_since_timestamp_seconds "$out")
if [ "$(grep -c . <<<"$got")" = 2 ] &&
        grep -qx 'sriov_lease_since_timestamp_seconds{pci="0000:01:10.2"} 1700000000' <<<"$got"; then
        pass "sriov_lease_since_timestamp_seconds: the journal's last write"
else
        fail "sriov_lease_since_timestamp_seconds: the journal's last write" "$got"
fi
# Joinable: every lease's pci is a VF's.
missing=$(for p in $(sed -n 's/^sriov_lease_info{pci="\([^"]*\)".*/\1/p' <<<"$out"); do
        grep -q "^sriov_vf_info{[^}]*pci=\"$p\"" <<<"$out" || echo "$p"; done)
if [ -z "$missing" ]; then
        pass "sriov_lease_info joins sriov_vf_info by pci"
else
        fail "sriov_lease_info joins sriov_vf_info by pci" "$missing"
fi
run "$mixed" metrics 0000:03:00.0
if [ $rc -eq 0 ] && ! grep -q '^sriov_lease_info{' <<<"$out"; then
        pass "metrics PF: only that PF's leases"
else
        fail "metrics PF: only that PF's leases" "exit $rc: $err" "$(family sriov_lease_info "$out")"
fi
rm -f /run/libsriov/*.lease

# 4 x 1024 VFs under systemd's default limit of 1024 open files: every VF, in one scrape.
many=$(host mlx5-4x1024)
out=$(ulimit -n 1024; UMOCKDEV_DIR=$many umockdev-wrapper "$sriovctl" metrics 2>"$tmp/err")
rc=$?
valid "metrics (4 x 1024 VFs)" "$out"
if [ $rc -eq 0 ] && [ "$(grep -c '^sriov_vf_info{' <<<"$out")" = 4096 ] &&
        [ "$(grep -c '^sriov_vf_counters_info{' <<<"$out")" = 4096 ] && [ ! -s "$tmp/err" ]; then
        pass "metrics: 4 x 1024 VFs, each an info and a counters series"
else
        fail "metrics: 4 x 1024 VFs" "exit $rc, $(grep -c '^sriov_vf_info{' <<<"$out") VFs" \
                "$(head -c 300 "$tmp/err")"
fi

echo "metrics: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
