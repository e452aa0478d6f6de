#!/bin/bash
# Guest side of `make bench-switchdev` (bench/README.md): switchdev on netdevsim, libsriov
# against devlink(8), at 64, 256 and 1000 VFs on one PF. For each count, side by side:
#   mode:   legacy to switchdev with the VFs there: `sriovctl pf set PF eswitch switchdev`
#           (which checks the VFs are not in use or leased, and reads the mode back) against
#           `devlink dev eswitch set DEV mode switchdev`;
#   list:   every VF with its devlink port and representor: `sriovctl -j vf list PF` against
#           `devlink -j port show` (which has the ports and representors, not the VFs' PCI
#           side or settings);
#   rates:  a rate group with tx_max 1000mbit and every VF's leaf in it with tx_max 100mbit:
#           `sriovctl apply FILE` against `devlink -batch` (one process, one request per
#           object) and against one `devlink port function rate set` process per VF (timed
#           on 100 VFs at most and scaled to all: said in the table);
#   again:  the same document applied again (no change; it reads the host and writes nothing).
# Each timed run starts from the same state (VFs made anew, legacy, or switchdev without rate
# objects); BENCH_REPS runs (default 3) after one untimed warm-up; medians in ms.
. "$TOP/tests/vm/lib.sh"
. "$TOP/bench/lib-bench.sh"
strict_mode
require_sriovctl
command -v devlink >/dev/null || fail "devlink (iproute2) is not in the guest"

REPS=${BENCH_REPS:-3}
COUNTS_LIST=${BENCH_SWITCHDEV_COUNTS:-64:256:1000}   # colon-separated (the kernel command line carries it)
COUNTS=(${COUNTS_LIST//:/ })
LOOP_MAX=100
ID=30
PF=netdevsim$ID
DL=netdevsim/$PF
DIR=$(mktemp -d)
RESULTS=$DIR/results   # "N KEY MICROSECONDS" lines

[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "BENCH_REPS=$REPS: expected a positive number"

net=$(netdevsim_new "$ID" 1000)

# fresh N [switchdev]: N VFs made anew, in legacy mode (netdevsim goes back to legacy, and
# drops its rate objects, when its VFs go), or in switchdev mode without rate objects.
fresh() {
	netdevsim_numvfs "$ID" 0
	netdevsim_numvfs "$ID" "$1"
	[ "${2:-}" != switchdev ] || devlink dev eswitch set "$DL" mode switchdev ||
		fail "devlink: switchdev with $1 VFs failed"
}

# ports N: "VFNUM PORTINDEX" of every VF port, sorted by VF; fails unless there are N.
ports() {
	devlink -j port show | jq -r --arg dl "$DL/" '.port | to_entries[] |
		select(.key | startswith($dl)) | select(.value.flavour == "pcivf") |
		"\(.value.vfnum) \(.key | ltrimstr($dl))"' | sort -n >"$DIR/ports"
	[ "$(wc -l <"$DIR/ports")" = "$1" ] || fail "devlink lists $(wc -l <"$DIR/ports") VF ports, not $1"
}

# The same rate objects for devlink -batch, the per-VF loop and the document.
write_inputs() {
	local n=$1 vf port
	ports "$n"
	echo "port function rate add $DL/g1 tx_max 1000mbit" >"$DIR/rates-$n.batch"
	cp "$DIR/rates-$n.batch" "$DIR/rates-$n.head"
	: >"$DIR/rates-$n.each"
	while read -r vf port; do
		echo "port function rate set $DL/$port tx_max 100mbit parent g1" >>"$DIR/rates-$n.batch"
		[ "$vf" -lt "$LOOP_MAX" ] && echo "$DL/$port" >>"$DIR/rates-$n.each"
	done <"$DIR/ports"
	cat >"$DIR/doc-$n.json" <<-EOF
	{"version": 1, "pfs": [{"ifname": "$net", "num_vfs": $n, "eswitch_mode": "switchdev",
	  "rate_groups": [{"name": "g1", "tx_max": "1000mbit"}],
	  "vfs": [{"vf": "0-$((n - 1))", "tx_max": "100mbit", "rate_group": "g1"}]}]}
	EOF
}

# check_mode, check_rates N: what devlink says after a timed step.
check_mode() {
	[ "$(devlink -j dev eswitch show "$DL" | jq -r ".dev[\"$DL\"].mode")" = switchdev ] ||
		fail "$PF is not in switchdev mode"
}
check_rates() {
	local got
	got=$(devlink -j port function rate show | jq -r --arg dl "$DL/" '[.rate | to_entries[] |
		select(.key | startswith($dl)) | .value | select(.type == "leaf") |
		select(.parent == "g1" and .tx_max == 12500000)] | length')
	[ "$got" = "$1" ] || fail "$got of $1 VF leaves have tx_max 100mbit in g1"
}

# timed CMD...: runs it, its wall time in microseconds in $US.
timed() {
	local t0 t1
	t0=$EPOCHREALTIME
	"$@"
	t1=$EPOCHREALTIME
	US=$(elapsed_us "$t0" "$t1")
}

loop_rates() {
	local p
	devlink $(cat "$DIR/rates-$1.head")
	while read -r p; do
		devlink port function rate set "$p" tx_max 100mbit parent g1
	done <"$DIR/rates-$1.each"
}

# bench_count N RUN|warmup
bench_count() {
	local n=$1 run=$2 loop=$1 mode_dl mode_lib list_dl list_lib rates_dl loop_us apply_us again_us
	[ "$loop" -le "$LOOP_MAX" ] || loop=$LOOP_MAX

	fresh "$n"
	timed devlink dev eswitch set "$DL" mode switchdev
	check_mode
	mode_dl=$US
	record "$n" mode-devlink "$US" "$run"
	fresh "$n"
	timed "$SRIOVCTL" pf set "$PF" eswitch switchdev >/dev/null
	check_mode
	mode_lib=$US
	record "$n" mode-sriovctl "$US" "$run"

	timed "$SRIOVCTL" -j vf list "$PF" >"$DIR/list.json"
	list_lib=$US
	[ "$(jq '[.[] | select(.representor != null)] | length' "$DIR/list.json")" = "$n" ] ||
		fail "sriovctl vf list lists no $n representors"
	record "$n" list-sriovctl "$US" "$run"
	timed devlink -j port show >"$DIR/ports.json"
	list_dl=$US
	[ "$(jq '[.port[] | select(.flavour == "pcivf")] | length' "$DIR/ports.json")" = "$n" ] ||
		fail "devlink port show lists no $n VF ports"
	record "$n" list-devlink "$US" "$run"

	timed devlink -b "$DIR/rates-$n.batch"
	check_rates "$n"
	rates_dl=$US
	record "$n" rates-devlink-batch "$US" "$run"

	fresh "$n" switchdev
	timed loop_rates "$n"
	check_rates "$loop"
	loop_us=$((US * n / loop))
	record "$n" rates-devlink-loop "$loop_us" "$run"

	fresh "$n" switchdev
	timed "$SRIOVCTL" apply "$DIR/doc-$n.json" >"$DIR/out"
	check_rates "$n"
	apply_us=$US
	record "$n" rates-apply "$US" "$run"
	timed "$SRIOVCTL" apply "$DIR/doc-$n.json" >"$DIR/again"
	grep -qx "No changes." "$DIR/again" || fail "apply again changed something: $(cat "$DIR/again")"
	again_us=$US
	record "$n" rates-again "$US" "$run"
	echo "   $n VFs, run $run: mode sriovctl $(ms "$mode_lib"), devlink $(ms "$mode_dl"); list sriovctl $(ms "$list_lib"), devlink $(ms "$list_dl"); rates apply $(ms "$apply_us"), devlink -batch $(ms "$rates_dl"), devlink loop $(ms "$loop_us")$([ "$loop" = "$n" ] || echo " (from $loop)"), again $(ms "$again_us")"
}

for n in "${COUNTS[@]}"; do
	step "netdevsim in switchdev mode, $n VFs: one warm-up, then $REPS timed runs"
	fresh "$n" switchdev
	write_inputs "$n"
	bench_count "$n" warmup
	for ((r = 1; r <= REPS; r++)); do
		bench_count "$n" "$r"
	done
done
fresh 0

echo
echo "switchdev on netdevsim, $(uname -r), QEMU TCG: medians of $REPS runs in ms;"
echo "x: devlink's time / libsriov's (above 1, libsriov is faster). The devlink loop is one"
echo "process per VF, timed on at most $LOOP_MAX VFs and scaled to all."
awk -v counts="${COUNTS[*]}" "$MEDIAN_AWK"'
	function m(n, k) { return median_ms(n, k) }
	END {
		nc = split(counts, c, " ")
		printf "  %-5s | %8s %8s %5s | %8s %8s %5s | %8s %8s %5s %9s %6s %8s\n", "VFs",
			"mode", "devlink", "x", "vf list", "port sh", "x", "apply", "-batch", "x",
			"dl loop", "x", "again"
		for (i = 1; i <= nc; i++) {
			n = c[i]
			printf "  %-5s | %8.1f %8.1f %4.1fx | %8.1f %8.1f %4.1fx | %8.1f %8.1f %4.1fx %9.1f %5.1fx %8.1f\n", n,
				m(n, "mode-sriovctl"), m(n, "mode-devlink"), m(n, "mode-devlink") / m(n, "mode-sriovctl"),
				m(n, "list-sriovctl"), m(n, "list-devlink"), m(n, "list-devlink") / m(n, "list-sriovctl"),
				m(n, "rates-apply"), m(n, "rates-devlink-batch"),
				m(n, "rates-devlink-batch") / m(n, "rates-apply"), m(n, "rates-devlink-loop"),
				m(n, "rates-devlink-loop") / m(n, "rates-apply"), m(n, "rates-again")
		}
		first = c[1]; last = c[nc]
		printf "  growth %s -> %s VFs (%.0fx the VFs): mode %.1fx (devlink %.1fx), vf list %.1fx (port show %.1fx), apply %.1fx (-batch %.1fx), again %.1fx\n",
			first, last, last / first,
			m(last, "mode-sriovctl") / m(first, "mode-sriovctl"),
			m(last, "mode-devlink") / m(first, "mode-devlink"),
			m(last, "list-sriovctl") / m(first, "list-sriovctl"),
			m(last, "list-devlink") / m(first, "list-devlink"),
			m(last, "rates-apply") / m(first, "rates-apply"),
			m(last, "rates-devlink-batch") / m(first, "rates-devlink-batch"),
			m(last, "rates-again") / m(first, "rates-again")
	}' "$RESULTS"
rm -rf "$DIR"
