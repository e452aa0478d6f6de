#!/bin/bash
# Guest side of `make bench-metrics` (bench/README.md): one scrape of a netdevsim PF at 64, 256
# and 1000 VFs, side by side:
#   metrics:  `sriovctl metrics PF` (Prometheus text);
#   ip:       `ip -s -d -j link show dev PF`, the same rtnetlink data (the VF list, with counters);
#   vf list:  `sriovctl -j vf list PF`.
# Median wall time of BENCH_REPS runs (default 5) after one untimed warm-up, peak RSS (GNU time),
# the VFs each output holds, and how time and RSS grow per VF from the first count to the last.
# netdevsim has no ndo_get_vf_stats: metrics reads its VF list once, without counters (a driver
# with counters costs a second read), and ip's -s asks for counters it fills with zeros.
. "$TOP/tests/vm/lib.sh"
. "$TOP/bench/lib-bench.sh"
. "$TOP/bench/metrics-measure.sh"
. "$TOP/bench/watchdog.sh"
strict_mode
require_sriovctl
# The testbed's SRIOVCTL is tests/vm/sriovctl-json-log, a bash wrapper that keeps every JSON
# output for the schema check: under TCG it adds about 40 ms to each run, and with -j (mktemp,
# cat, mv) about 190 ms. Time the program itself.
SRIOVCTL=${SRIOVCTL_REAL:-$SRIOVCTL}

REPS=${BENCH_REPS:-5}
BATCH=${BENCH_BATCH:-$TOP/bench/vf-config-batch}
COUNTS_LIST=${BENCH_METRICS_COUNTS:-64:256:1000}   # colon-separated (the kernel command line carries it)
IFS=: read -r -a COUNTS <<<"$COUNTS_LIST"
WATCHDOG=${BENCH_WATCHDOG:-120}   # seconds without a finished measurement before giving up
ID=40
DIR=$(mktemp -d)
RESULTS=$DIR/results   # "N KEY VALUE" lines
HEARTBEAT=$DIR/heartbeat
WRAP=()

[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "BENCH_REPS=$REPS: expected a positive number"
[ -x "$BATCH" ] || fail "$BATCH is not built (make bench-metrics builds it)"
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (time)"
: >"$RESULTS"

watchdog_start
trap 'kill "$WATCHDOG_PID" 2>/dev/null || true' EXIT

net=$(netdevsim_new "$ID" 1000)

for n in "${COUNTS[@]}"; do
	step "netdevsim, $n VFs (mac, vlan, spoofchk, trust set on each): one warm-up, then $REPS timed runs"
	netdevsim_numvfs "$ID" 0
	netdevsim_numvfs "$ID" "$n"
	"$BATCH" "$net" 02:00:00:00:00 7 >/dev/null
	measure "$n" metrics "$SRIOVCTL" metrics "$net"
	measure "$n" ip ip -s -d -j link show dev "$net"
	measure "$n" vflist "$SRIOVCTL" -j vf list "$net"
	# What each output holds: VFs, and bytes (ip prints "Truncated VF list" past what fits).
	record "$n" metrics-vfs "$(grep -c '^sriov_vf_info{' "$DIR/metrics.out")"
	record "$n" metrics-unlisted "$(awk '/^sriov_pf_vfs_unlisted[{ ]/ { print $2 }' "$DIR/metrics.out")"
	record "$n" metrics-settings "$(grep '^sriov_vf_info{' "$DIR/metrics.out" | grep -c 'mac="')"
	record "$n" ip-vfs "$(jq '.[0].vfinfo_list | length' "$DIR/ip.out")"
	record "$n" vflist-vfs "$(jq length "$DIR/vflist.out")"
	record "$n" vflist-settings "$(jq '[.[] | select(.mac != null)] | length' "$DIR/vflist.out")"
	for k in metrics ip vflist; do
		record "$n" "$k-bytes" "$(wc -c <"$DIR/$k.out")"
	done
	awk -v n="$n" "$METRICS_AWK"'
		END {
			printf "   %s VFs: metrics %.1f ms, ip -s %.1f ms, vf list %.1f ms\n", n,
				median_ms(n, "metrics"), median_ms(n, "ip"), median_ms(n, "vflist")
		}' "$RESULTS"
done
netdevsim_numvfs "$ID" 0

echo
echo "netdevsim on $(uname -r), QEMU TCG: wall time in ms, median (min) of $REPS runs; peak RSS in"
echo "KiB; x: the other's median / metrics'. VFs: VFs in the output (metrics: sriov_vf_info series,"
echo "with settings/all; ip: vfinfo_list entries; vf list: entries, with settings/all)."
awk -v counts="${COUNTS[*]}" "$METRICS_AWK"'
	function v(g, k) { return S[g SUBSEP k] + 0 }
	function t(g, k) { return sprintf("%.1f (%.1f)", median_ms(g, k), least(g SUBSEP k) / 1000) }
	END {
		nc = split(counts, c, " ")
		printf "  %-5s| %-15s %5s %8s | %-15s %5s %5s %4s | %-15s %5s %5s %8s\n", "VFs",
			"metrics", "RSS", "VFs", "ip -s -d -j", "RSS", "x", "VFs", "vf list -j", "RSS", "x", "VFs"
		for (i = 1; i <= nc; i++) {
			n = c[i]; m = median_ms(n, "metrics")
			printf "  %-5s| %-15s %5d %8s | %-15s %5d %4.1fx %4d | %-15s %5d %4.1fx %8s\n", n,
				t(n, "metrics"), rss(n, "metrics"), v(n, "metrics-settings") "/" v(n, "metrics-vfs"),
				t(n, "ip"), rss(n, "ip"), median_ms(n, "ip") / m, v(n, "ip-vfs"),
				t(n, "vflist"), rss(n, "vflist"), median_ms(n, "vflist") / m,
				v(n, "vflist-settings") "/" v(n, "vflist-vfs")
		}
		first = c[1]; last = c[nc]; d = last - first
		printf "  output bytes at %s VFs: metrics %d, ip %d, vf list %d\n", last,
			v(last, "metrics-bytes"), v(last, "ip-bytes"), v(last, "vflist-bytes")
		printf "  growth %s -> %s VFs (%.1fx the VFs): median time x, time and RSS each VF added\n",
			first, last, last / first
		split("metrics ip vflist", k, " ")
		split("sriovctl metrics|ip -s -d -j|sriovctl -j vf list", name, "|")
		for (j = 1; j <= 3; j++)
			printf "    %-20s %5.1fx  %7.1f us/VF  %6.2f KiB/VF\n", name[j],
				median(last SUBSEP k[j]) / median(first SUBSEP k[j]), per_vf(first, last, k[j], d),
				(rss(last, k[j]) - rss(first, k[j])) / d
		printf "  VFs past what the kernel VF list holds (sriov_pf_vfs_unlisted): %d at %s, %d at %s\n",
			v(first, "metrics-unlisted"), first, v(last, "metrics-unlisted"), last
	}' "$RESULTS"
