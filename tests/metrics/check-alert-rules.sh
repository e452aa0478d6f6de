#!/bin/bash
# examples/prometheus/sriov-alerts.rules.yml: promtool takes it (check rules), its unit tests
# pass (test rules sriov-alerts.test.yml, series written by hand), and on what sriovctl metrics
# really prints it means the same: a fake host whose PF with VFs lost carrier, whose lease's
# holder died and whose other lease's VF is gone, scraped, each series held for 30 minutes,
# fires those three alerts with sriovctl's own labels, and nothing else.
#   check-alert-rules.sh SRIOVCTL MKHOST
set -u
# shellcheck source=../sysfs/cli-lib.sh
. "$(dirname "$0")/../sysfs/cli-lib.sh"

command -v promtool >/dev/null ||
        { echo "check-alert-rules: promtool missing (Debian package prometheus; make deps)" >&2; exit 1; }
examples=$(cd "$(dirname "$0")/../../examples/prometheus" && pwd)
rules=$examples/sriov-alerts.rules.yml

# promtool_passes NAME ARGS...: passes when promtool ARGS exits 0 (run in examples/prometheus).
promtool_passes() {
        local name=$1 said
        shift
        if said=$(cd "$examples" && promtool "$@" 2>&1); then
                pass "$name"
        else
                fail "$name" "$said"
        fi
}
promtool_passes "promtool check rules sriov-alerts.rules.yml" check rules "$rules"
promtool_passes "promtool test rules sriov-alerts.test.yml" test rules sriov-alerts.test.yml

# igb: 0000:01:00.0 (enp1s0), VFs 0000:01:10.0 and 10.2; dual-port: i40e 0000:03:00.0
# with 2 VFs and 0000:03:00.1 with none. enp1s0 and the empty port have no carrier.
root=$(host igb dual-port)
printf 0 >"$root/sys/class/net/enp1s0/carrier"
printf 1 >"$root/sys/class/net/enp3s0f0np0/carrier"
printf 0 >"$root/sys/class/net/enp3s0f1np1/carrier"
# VF 0's lease is a pod's, without an owner process (as libsriov-cni's): never stale. This
# shell owns VF 3's, which enp1s0 does not have (lost: state="lost"); VF 1's owner is a
# process that has gone.
start=$(cut -d' ' -f22 /proc/$$/stat)
sleep 60 &
dead=$!
dead_start=$(cut -d' ' -f22 /proc/$dead/stat)
kill $dead
wait $dead 2>/dev/null
write_lease 0000:01:10.0 0 "libsriov-cni sriov-a 4f2a9c1e/net1" -1 0 \
        "label k8s.pod.namespace=tenant-a" "label k8s.pod.name=web-0"
write_lease 0000:01:10.2 1 "qemu guest7" $dead "$dead_start"
write_lease 0000:01:10.6 3 "qemu guest9" $$ "$start"
run_sriovctl "$root" metrics
if [ $rc -eq 0 ] && [ -z "$err" ] && grep -q '^sriov_pf_carrier{pf="0000:01:00.0"} 0$' <<<"$out" &&
        [ "$(grep -c '^sriov_lease_info{.*state="stale"' <<<"$out")" = 1 ]; then
        pass "sriovctl metrics on the fake host: enp1s0 without carrier, one stale lease"
else
        fail "sriovctl metrics on the fake host: enp1s0 without carrier, one stale lease" \
                "exit $rc: $err" "$out"
fi

# Each sample of the scrape as an input series of node_exporter's job on one instance, its
# value held for 30 minutes; the alerts firing then, with all their labels.
{
        printf 'rule_files: [%s]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n' "$rules"
        printf '  input_series:\n'
        # NAME{LABELS} VALUE, or NAME VALUE; a label value may hold spaces and quotes, and a
        # quote of YAML's own is doubled.
        awk '/^sriov_/ {
                name = $0; sub(/[{ ].*/, "", name)
                value = $NF
                labels = ""
                if (index($0, "{")) {
                        labels = substr($0, index($0, "{") + 1)
                        sub(/} [^ ]*$/, "", labels)
                        labels = "," labels
                }
                gsub(/\047/, "\047\047", labels)
                printf "  - series: \047%s{job=\"node\",instance=\"fake:9100\"%s}\047\n", name, labels
                printf "    values: \047%sx30\047\n", value
        }' <<<"$out"
        printf '  promql_expr_test:\n  - eval_time: 30m\n'
        printf '    expr: ALERTS{alertstate="firing"}\n    exp_samples:\n'
        l='alertstate="firing",job="node",instance="fake:9100"'
        for alert in \
                "SriovPfNoCarrier\",severity=\"critical\",pf=\"0000:01:00.0\",ifname=\"enp1s0\",driver=\"igb" \
                "SriovLeaseHolderGone\",severity=\"warning\",pci=\"0000:01:10.2\",pf=\"0000:01:00.0\",vf=\"1\",holder=\"qemu guest7\",state=\"stale\",kind=\"vfio\",owner_pid=\"$dead" \
                "SriovLeaseVfLost\",severity=\"critical\",pci=\"0000:01:10.6\",pf=\"0000:01:00.0\",vf=\"3\",holder=\"qemu guest9\",state=\"lost\",kind=\"vfio\",owner_pid=\"$$"; do
                printf '    - labels: %s\n      value: 1\n' "'ALERTS{$l,alertname=\"$alert\"}'"
        done
} >"$tmp/scrape.test.yml"
if said=$(promtool test rules "$tmp/scrape.test.yml" 2>&1); then
        pass "on sriovctl's own scrape: SriovPfNoCarrier, SriovLeaseHolderGone, SriovLeaseVfLost, no more"
else
        fail "on sriovctl's own scrape: SriovPfNoCarrier, SriovLeaseHolderGone, SriovLeaseVfLost, no more" \
                "$said" "--- the test made of the scrape:" "$(cat "$tmp/scrape.test.yml")"
fi

echo "alert rules: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
