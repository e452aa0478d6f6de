#!/bin/bash
# Host side of `make bench-metrics` (bench/README.md): one scrape of the 4096-VF fake host (4
# mlx5-shaped PFs x 1024, the umockdev tree of tests/sysfs/mkhost mlx5-4x1024, as
# bench/vf-list-host.sh lists it), `sriovctl metrics` against `sriovctl -j vf list`, each under
# umockdev-wrapper and systemd's default limit of 1024 open files. Median wall time of
# BENCH_REPS runs (default 5) after one warm-up, and peak RSS (GNU time).
# The fake host has sysfs only: rtnetlink and devlink reach this machine's kernel, whose answer
# for a fake PF's ifindex names another netdev, so the library refuses it. Both commands read
# sysfs as they would on a real host and make their netlink round trips (per PF, metrics two
# rtnetlink requests and one devlink, vf list one of each), but neither has VF settings or
# counters to print; ip has nothing to list.
#   bench/metrics-host.sh SRIOVCTL MKHOST
set -euo pipefail
# shellcheck source=bench/lib-bench.sh
. "$(dirname "$0")/lib-bench.sh"
# shellcheck source=bench/metrics-measure.sh
. "$(dirname "$0")/metrics-measure.sh"

SRIOVCTL=$1 MKHOST=$2
REPS=${BENCH_REPS:-5}
VFS=4096
fail() {
	echo "bench: $*" >&2
	exit 1
}
heartbeat() { :; }   # short runs on this machine: no watchdog

[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "BENCH_REPS=$REPS: expected a positive number"
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (time)"
command -v umockdev-wrapper >/dev/null || fail "umockdev-wrapper is missing (umockdev)"
root=$("$MKHOST" mlx5-4x1024)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR" "$root"' EXIT
RESULTS=$DIR/results
: >"$RESULTS"
export UMOCKDEV_DIR=$root
ulimit -n 1024
WRAP=(timeout 60 umockdev-wrapper)

measure host metrics "$SRIOVCTL" metrics
measure host vflist "$SRIOVCTL" -j vf list
m=$(grep -c '^sriov_vf_info{' "$DIR/metrics.out") || true
l=$(jq length "$DIR/vflist.out")
[ "$m" = "$VFS" ] || fail "sriovctl metrics has $m sriov_vf_info series, expected $VFS"
[ "$l" = "$VFS" ] || fail "sriovctl -j vf list listed $l VFs, expected $VFS"

echo
echo "$VFS VFs (4 PFs x 1024, umockdev, no netlink data), ulimit -n 1024: wall time in ms, median"
echo "(min) of $REPS runs; peak RSS"
awk -v vfs="$VFS" -v mb="$(wc -c <"$DIR/metrics.out")" -v lb="$(wc -c <"$DIR/vflist.out")" \
	"$METRICS_AWK"'
	function row(name, key, bytes,    m) {
		m = median_ms("host", key)
		printf "  %-22s %16s %8d %10d %8.1f\n", name,
			sprintf("%.1f (%.1f)", m, least("host" SUBSEP key) / 1000), rss("host", key), bytes,
			m * 1000 / vfs
	}
	END {
		printf "  %-22s %16s %8s %10s %8s\n", "", "ms", "RSS KiB", "bytes out", "us/VF"
		row("sriovctl metrics", "metrics", mb)
		row("sriovctl -j vf list", "vflist", lb)
		printf "  metrics / vf list: %.2fx the time (medians), %.2fx the RSS\n",
			median_ms("host", "metrics") / median_ms("host", "vflist"),
			rss("host", "metrics") / rss("host", "vflist")
	}' "$RESULTS"
