#!/bin/bash
# Host side of `make bench`, start-up (bench/README.md): what a short sriovctl command costs
# against `ip link show dev lo`, the lightest ip command. `pf list` on this host as it is (no
# SR-IOV: the command is start-up and one PCI scan); `vf show` of one VF on a umockdev tree
# (tests/sysfs/mkhost igb), against ip under the same umockdev-wrapper so that both pay the
# preload. Median and minimum wall time of BENCH_STARTUP_RUNS runs (default 50), in ms.
#   bench/startup-host.sh SRIOVCTL MKHOST
set -euo pipefail

SRIOVCTL=$1 MKHOST=$2
RUNS=${BENCH_STARTUP_RUNS:-50}
command -v ip >/dev/null || { echo "bench: ip is missing (iproute2)" >&2; exit 1; }
root=$("$MKHOST" igb)
trap 'rm -rf "$root"' EXIT

# measure CMD...: "median_ms min_ms" of RUNS runs after one warm-up.
measure() {
	local t0 t1 r
	local -a times=()
	"$@" >/dev/null 2>&1 || true
	for ((r = 0; r < RUNS; r++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		times+=($((10#${t1/[.,]/} - 10#${t0/[.,]/})))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END {
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%.2f %.2f\n", m / 1000, a[1] / 1000 }'
}

um() { UMOCKDEV_DIR=$root umockdev-wrapper "$@"; }

"$SRIOVCTL" pf list >/dev/null 2>&1 || { echo "bench: sriovctl pf list fails" >&2; exit 1; }
um "$SRIOVCTL" vf show enp1s0/0 >/dev/null ||
	{ echo "bench: sriovctl vf show enp1s0/0 fails on the fake host" >&2; exit 1; }
read -r pl_m pl_min < <(measure "$SRIOVCTL" pf list)
read -r ip_m ip_min < <(measure ip link show dev lo)
read -r vs_m vs_min < <(measure um "$SRIOVCTL" vf show enp1s0/0)
read -r uip_m uip_min < <(measure um ip link show dev lo)
echo
echo "start-up: median and minimum of $RUNS runs, ms"
printf '  %-46s %8s %8s\n' "" median min
printf '  %-46s %8s %8s\n' "sriovctl pf list (this host)" "$pl_m" "$pl_min"
printf '  %-46s %8s %8s\n' "ip link show dev lo" "$ip_m" "$ip_min"
printf '  %-46s %8s %8s\n' "sriovctl vf show enp1s0/0 (umockdev, igb)" "$vs_m" "$vs_min"
printf '  %-46s %8s %8s\n' "ip link show dev lo (umockdev)" "$uip_m" "$uip_min"
awk -v a="$pl_m" -v b="$ip_m" -v c="$vs_m" -v d="$uip_m" 'BEGIN {
	printf "  sriovctl / ip: pf list %.2fx, vf show %.2fx (goal: no slower, 1.00x)\n", a / b, c / d }'
