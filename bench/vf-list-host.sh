#!/bin/bash
# Host side of `make bench` (bench/README.md): listing 4096 VFs (4 mlx5-shaped PFs x 1024, a
# umockdev tree made by tests/sysfs/mkhost) under systemd's default limit of 1024 open files:
# `sriovctl -j vf list` and `sriovctl vf list` against `lspci -vmm` on the same tree, each
# under umockdev-wrapper.
# Wall time (median of BENCH_REPS runs, default 5, after one warm-up) and peak RSS (GNU time's
# maximum resident set). Prints one table.
#   bench/vf-list-host.sh SRIOVCTL MKHOST
set -euo pipefail
. "$(dirname "$0")/lib-bench.sh"

SRIOVCTL=$1 MKHOST=$2
REPS=${BENCH_REPS:-5}
command -v lspci >/dev/null || { echo "bench: lspci is missing (pciutils)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (time)" >&2; exit 1; }
root=$("$MKHOST" mlx5-4x1024)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$root"' EXIT

# measure NAME CMD...: REPS timed runs; "NAME median_ms rss_kb" on stdout.
measure() {
	local name=$1 t0 t1 r rss
	shift
	local -a times=()
	(ulimit -n 1024; UMOCKDEV_DIR=$root umockdev-wrapper "$@" >/dev/null 2>&1)
	for ((r = 0; r < REPS; r++)); do
		t0=$EPOCHREALTIME
		(ulimit -n 1024; UMOCKDEV_DIR=$root umockdev-wrapper "$@" >"$tmp/out" 2>/dev/null)
		t1=$EPOCHREALTIME
		times+=("$(elapsed_us "$t0" "$t1")")
	done
	(ulimit -n 1024; UMOCKDEV_DIR=$root umockdev-wrapper /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>&1)
	rss=$(tail -n 1 "$tmp/rss")
	printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v rss="$rss" \
		'{ a[NR] = $1 } END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		   printf "%s %.1f %d\n", name, m / 1000, rss }'
}

ours=$(measure sriovctl "$SRIOVCTL" -j vf list)
text=$(measure sriovctl "$SRIOVCTL" vf list)
count=$(UMOCKDEV_DIR=$root umockdev-wrapper "$SRIOVCTL" -j vf list | jq length)
[ "$count" = 4096 ] || { echo "bench: sriovctl listed $count of 4096 VFs" >&2; exit 1; }
theirs=$(measure lspci lspci -vmm)
echo
echo "4096 VFs (4 PFs x 1024, umockdev), ulimit -n 1024: median of $REPS runs, peak RSS"
printf '  %-34s %10s %10s\n' "" "ms" "RSS KiB"
read -r _ ms_o rss_o <<<"$ours"
read -r _ ms_x rss_x <<<"$text"
read -r _ ms_t rss_t <<<"$theirs"
printf '  %-34s %10s %10s\n' "sriovctl -j vf list ($count VFs)" "$ms_o" "$rss_o"
printf '  %-34s %10s %10s\n' "sriovctl vf list" "$ms_x" "$rss_x"
printf '  %-34s %10s %10s\n' "lspci -vmm" "$ms_t" "$rss_t"
awk -v a="$ms_o" -v x="$ms_x" -v b="$ms_t" \
	'BEGIN { printf "  sriovctl / lspci: %.2fx the time (-j), %.2fx (text)\n", a / b, x / b }'
