#!/bin/bash
# Guest side of `make bench`, second part (bench/README.md): netdevsim, the kernel's software
# SR-IOV device, at 14, 64, 256 and 1000 VFs on one PF. For each count, side by side:
#   config: mac, vlan, spoofchk and trust on every VF: one sriov_pf_set_vf_configs() call
#           (bench/vf-config-batch) against `ip -batch` (one process, one SETLINK per VF)
#           and against one `ip link set` process per VF (timed on 100 VFs at most, and
#           scaled to all: said in the table);
#   apply:  from 0 VFs to all of them with those settings: `sriovctl apply FILE` against the
#           equivalent script (echo N > sriov_numvfs, then ip -batch);
#   again:  the same document applied again.
# Each timed run starts from the same state (netdevsim's VF settings are cleared by writing
# max_vfs again); BENCH_REPS runs (default 3) after one untimed warm-up; medians in ms.
. "$TOP/tests/vm/lib.sh"
. "$TOP/bench/lib-bench.sh"
strict_mode
require_sriovctl

REPS=${BENCH_REPS:-3}
BATCH=${BENCH_BATCH:-$TOP/bench/vf-config-batch}
COUNTS_LIST=${BENCH_NETDEVSIM_COUNTS:-14:64:256:1000}   # colon-separated (the kernel command line carries it)
COUNTS=(${COUNTS_LIST//:/ })
LOOP_MAX=100
ID=20
PF=netdevsim$ID
DIR=$(mktemp -d)
RESULTS=$DIR/results   # "N KEY MICROSECONDS" lines

[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "BENCH_REPS=$REPS: expected a positive number"
[ -x "$BATCH" ] || fail "$BATCH is not built (make bench builds it)"

net=$(netdevsim_new "$ID" 1000)
NUMVFS=/sys/bus/netdevsim/devices/$PF/sriov_numvfs
MAXVFS=/sys/kernel/debug/netdevsim/$PF/max_vfs

# fresh N: N VFs with netdevsim's defaults (it keeps VF settings across sriov_numvfs until
# max_vfs is written again).
fresh() {
	echo 0 >"$NUMVFS"
	echo 1000 >"$MAXVFS"
	[ "$1" = 0 ] || echo "$1" >"$NUMVFS"
}

# mac I: the MAC vf-config-batch gives VF I with prefix 02:00:00:00:00.
mac() {
	printf '02:00:00:00:%02x:%02x' $(($1 >> 8)) $(($1 & 255))
}

# The same settings for ip -batch, the per-VF loop and the document.
write_inputs() {
	local n=$1 i sep=' '
	: >"$DIR/ip-$n.batch"
	{
		echo "{\"version\": 1, \"pfs\": [{\"ifname\": \"$net\", \"num_vfs\": $n, \"vfs\": ["
		for ((i = 0; i < n; i++)); do
			echo "link set dev $net vf $i mac $(mac "$i") vlan 7 spoofchk on trust on" >>"$DIR/ip-$n.batch"
			echo " $sep{\"vf\": $i, \"mac\": \"$(mac "$i")\", \"vlan\": 7, \"spoofchk\": true, \"trust\": true}"
			sep=,
		done
		echo ']}]}'
	} >"$DIR/doc-$n.json"
}

# check N: VF 0 and the last VF ip can list have the settings (ip lists 114 of 1000 with
# counters, every VF up to 221).
check() {
	local n=$1 line
	line=$(ip -d link show dev "$net" | grep -E "^    vf 0 ") || fail "ip lists no vf 0"
	[[ $line == *"link/ether 02:00:00:00:00:00 "*"vlan 7,"*"spoof checking on"*"trust on"* ]] ||
		fail "$n VFs: VF 0 does not have the settings: $line"
}

# bench_count N RUN|warmup
bench_count() {
	local n=$1 run=$2 t0 t1 out usec changed loop=$1 i batch_us ipb_us loop_us apply_us script_us again_us
	[ "$loop" -le "$LOOP_MAX" ] || loop=$LOOP_MAX

	fresh "$n"
	t0=$EPOCHREALTIME
	out=$("$BATCH" "$net" 02:00:00:00:00 7)
	t1=$EPOCHREALTIME
	read -r usec changed <<<"$out"
	[ "$changed" = $((n * 4)) ] || fail "vf-config-batch changed $changed settings, expected $((n * 4))"
	check "$n"
	batch_us=$(elapsed_us "$t0" "$t1")
	record "$n" config-batch "$batch_us" "$run"
	record "$n" config-batch-call "$usec" "$run"

	fresh "$n"
	t0=$EPOCHREALTIME
	ip -batch "$DIR/ip-$n.batch"
	t1=$EPOCHREALTIME
	check "$n"
	ipb_us=$(elapsed_us "$t0" "$t1")
	record "$n" config-ip-batch "$ipb_us" "$run"

	fresh "$n"
	t0=$EPOCHREALTIME
	for ((i = 0; i < loop; i++)); do
		ip link set dev "$net" vf "$i" mac "$(mac "$i")" vlan 7 spoofchk on trust on
	done
	t1=$EPOCHREALTIME
	check "$n"
	loop_us=$(( $(elapsed_us "$t0" "$t1") * n / loop ))
	record "$n" config-ip-loop "$loop_us" "$run"

	fresh 0
	t0=$EPOCHREALTIME
	echo "$n" >"$NUMVFS"
	ip -batch "$DIR/ip-$n.batch"
	t1=$EPOCHREALTIME
	check "$n"
	script_us=$(elapsed_us "$t0" "$t1")
	record "$n" apply-script "$script_us" "$run"

	fresh 0
	t0=$EPOCHREALTIME
	"$SRIOVCTL" apply "$DIR/doc-$n.json" >"$DIR/out"
	t1=$EPOCHREALTIME
	check "$n"
	apply_us=$(elapsed_us "$t0" "$t1")
	record "$n" apply "$apply_us" "$run"

	t0=$EPOCHREALTIME
	"$SRIOVCTL" apply "$DIR/doc-$n.json" >"$DIR/out"
	t1=$EPOCHREALTIME
	again_us=$(elapsed_us "$t0" "$t1")
	record "$n" apply-again "$again_us" "$run"
	echo "   $n VFs, run $run: batch $(ms "$batch_us") (call $(ms "$usec")), ip -batch $(ms "$ipb_us"), ip loop $(ms "$loop_us")$([ "$loop" = "$n" ] || echo " (from $loop)"); apply $(ms "$apply_us"), script $(ms "$script_us"), again $(ms "$again_us") [$(tail -n 1 "$DIR/out")]"
}

for n in "${COUNTS[@]}"; do
	step "netdevsim, $n VFs: one warm-up, then $REPS timed runs"
	write_inputs "$n"
	bench_count "$n" warmup
	for ((r = 1; r <= REPS; r++)); do
		bench_count "$n" "$r"
	done
done
fresh 0

echo
echo "netdevsim on $(uname -r), QEMU TCG: medians of $REPS runs in ms; x: ip's time / libsriov's."
echo "The ip loop is one process per VF, timed on at most $LOOP_MAX VFs and scaled to all."
echo "Past 334 VFs the kernel's VF list cannot hold every VF: apply cannot read the rest back,"
echo "so 'again' sends their settings again (it says which it could not verify)."
awk -v counts="${COUNTS[*]}" "$MEDIAN_AWK"'
	END {
		nc = split(counts, c, " ")
		printf "  %-5s %9s %9s %9s %7s %9s %7s | %9s %9s %7s %9s\n", "VFs", "libsriov", "(call)",
			"ip-batch", "x", "ip loop", "x", "apply", "script", "x", "again"
		for (i = 1; i <= nc; i++) {
			n = c[i]
			b = median_ms(n, "config-batch"); ib = median_ms(n, "config-ip-batch")
			il = median_ms(n, "config-ip-loop"); ap = median_ms(n, "apply")
			sc = median_ms(n, "apply-script")
			printf "  %-5s %9.1f %9.1f %9.1f %6.1fx %9.1f %6.1fx | %9.1f %9.1f %6.1fx %9.1f\n", n, b,
				median_ms(n, "config-batch-call"), ib, ib / b, il, il / b, ap, sc, sc / ap,
				median_ms(n, "apply-again")
		}
		first = c[1]; last = c[nc]
		printf "  growth %s -> %s VFs (%.0fx the VFs): libsriov %.1fx, ip-batch %.1fx, apply %.1fx, again %.1fx\n",
			first, last, last / first,
			median_ms(last, "config-batch") / median_ms(first, "config-batch"),
			median_ms(last, "config-ip-batch") / median_ms(first, "config-ip-batch"),
			median_ms(last, "apply") / median_ms(first, "apply"),
			median_ms(last, "apply-again") / median_ms(first, "apply-again")
	}' "$RESULTS"
