#!/bin/bash
# Guest side of `make bench` (see bench/README.md): run by `tests/vm/testbed run
# bench/run-vm.sh` in the testbed guest, as root, with TOP, SRIOVCTL and LD_LIBRARY_PATH set
# and the host reset (no VFs, no udevd). Times, without and then with systemd-udevd:
#   (a) configuring mac, vlan, spoofchk and trust on all 14 VFs of the two PFs: one
#       sriov_pf_set_vf_configs() per PF (bench/vf-config-batch) against one
#       `ip link set dev PF vf N ...` per VF;
#   (b) 7 VFs on a PF until they are ready: `sriovctl pf set PF numvfs 7` against
#       `echo 7 > sriov_numvfs` (+ `udevadm settle` when udevd runs).
#   (c) both PFs from 0 to 7 VFs with mac, vlan, spoofchk and trust on each VF, until ready:
#       `sriovctl apply FILE` against bench/provision-vfs.sh (sysfs writes, one `ip link set`
#       per VF, settle or polling), checked to leave the same `sriovctl dump`; and the same
#       apply again (no changes).
# Each timed run starts from the same state; BENCH_REPS runs (default 5) after one untimed
# warm-up. Prints a table of median and minimum in ms, and the ratio of the medians.
. "$TOP/tests/vm/lib.sh"
. "$TOP/bench/lib-bench.sh"
. "$TOP/bench/watchdog.sh"
strict_mode
require_sriovctl

REPS=${BENCH_REPS:-5}
BATCH=${BENCH_BATCH:-$TOP/bench/vf-config-batch}
PROVISION=${BENCH_PROVISION:-$TOP/bench/provision-vfs.sh}
PFS=(0000:01:00.0 0000:02:00.0)
NUMVFS_PF=${PFS[0]}
NVFS=7
RESULTS=/tmp/bench-results   # "MODE KEY MICROSECONDS" lines
READY=/tmp/bench-ready       # "MODE KEY READY|NOT-READY" lines

WATCHDOG=${BENCH_WATCHDOG:-120}    # seconds without a finished step before giving up
HEARTBEAT=/tmp/bench-heartbeat

[[ $REPS =~ ^[1-9][0-9]*$ ]] || fail "BENCH_REPS=$REPS: expected a positive number"
[ -x "$BATCH" ] || fail "$BATCH is not built (make bench builds it)"
[ -x "$PROVISION" ] || fail "$PROVISION is missing or not executable"
: >"$RESULTS"
: >"$READY"

# progress RUN TEXT: one line per run, so that a slow or stuck run shows where it is.
progress() {
	heartbeat
	if [ "$1" = warmup ]; then
		echo "   warm-up: $2"
	else
		echo "   run $1/$REPS: $2"
	fi
}

# ---- (a) configuring 14 VFs ---------------------------------------------------------------

# What the VFs of PF number p get: MAC ${MACP[p]}:0<vf>, VLAN ${VLAN[p]}, spoofchk and trust on.
MACP=(02:00:00:00:01 02:00:00:00:02)
VLAN=(101 102)

# Puts every VF back to a state that differs from the target in all four settings (igb's
# default has spoofchk on already, which would spare the library one field per VF).
reset_vf_settings() {
	local p pfif vf
	for p in "${!PFS[@]}"; do
		pfif=$(dev_ifname "${PFS[p]}")
		for ((vf = 0; vf < NVFS; vf++)); do
			ip link set dev "$pfif" vf "$vf" mac 00:00:00:00:00:00 vlan 0 spoofchk off trust off
		done
	done
	check_vf_settings reset
}

# check_vf_settings reset|target: every VF of both PFs shows the state, by ip's text output
# (no jq: it takes ~0.4 s under TCG).
check_vf_settings() {
	local p pfif want n
	for p in "${!PFS[@]}"; do
		pfif=$(dev_ifname "${PFS[p]}")
		if [ "$1" = reset ]; then
			want='link/ether 00:00:00:00:00:00 brd [^,]*, spoof checking off, link-state auto, trust off'
		else
			want="link/ether ${MACP[p]}:0[0-6] brd [^,]*, vlan ${VLAN[p]}, spoof checking on, link-state auto, trust on"
		fi
		n=$(ip -d link show dev "$pfif" | grep -c -- "$want") || true
		[ "$n" = "$NVFS" ] ||
			fail "$pfif: $n of $NVFS VFs in the $1 state; ip says: $(ip -d link show dev "$pfif" | grep ' vf ')"
	done
}

# bench_config MODE RUN|warmup
bench_config() {
	local mode=$1 run=$2 warm='' p pf pfif vf t0 t1 usec n call_us batch_us
	[ "$run" != warmup ] || warm=warmup
	local -a ifs=() out=()
	for pf in "${PFS[@]}"; do
		ifs+=("$(dev_ifname "$pf")")
	done

	# libsriov: one process, one sriov_pf_set_vf_configs() (one RTM_SETLINK) per PF.
	reset_vf_settings
	call_us=0
	t0=$EPOCHREALTIME
	for p in "${!PFS[@]}"; do
		out[p]=$("$BATCH" "${PFS[p]}" "${MACP[p]}" "${VLAN[p]}")
	done
	t1=$EPOCHREALTIME
	for p in "${!PFS[@]}"; do
		read -r usec n <<<"${out[p]}"
		[ "$n" = $((NVFS * 4)) ] ||
			fail "vf-config-batch changed $n settings on ${PFS[p]}, expected $((NVFS * 4))"
		call_us=$((call_us + usec))
	done
	check_vf_settings target
	batch_us=$(elapsed_us "$t0" "$t1")
	record "$mode" config-batch "$batch_us" "$warm"
	record "$mode" config-batch-call "$call_us" "$warm"

	# ip: one process, one RTM_SETLINK per VF.
	reset_vf_settings
	t0=$EPOCHREALTIME
	for p in "${!PFS[@]}"; do
		pfif=${ifs[p]}
		for ((vf = 0; vf < NVFS; vf++)); do
			ip link set dev "$pfif" vf "$vf" mac "${MACP[p]}:0$vf" vlan "${VLAN[p]}" \
				spoofchk on trust on
		done
	done
	t1=$EPOCHREALTIME
	check_vf_settings target
	usec=$(elapsed_us "$t0" "$t1")
	record "$mode" config-ip "$usec" "$warm"
	progress "$run" "configure 14 VFs: libsriov $(ms "$batch_us") ms (call $(ms "$call_us")), ip $(ms "$usec") ms"
}

# ---- (b) creating 7 VFs --------------------------------------------------------------------

# What keeps the VFs of PF from being ready, empty when nothing: the driver bound and the
# netdev there (vfs_missing), and with udevd their netdevs renamed (enp1s0v0 ...).
not_ready() {
	local pf=$1 i missing name
	missing=$(vfs_missing "$pf" "$NVFS")
	if [ -z "$missing" ] && udevd_running; then
		for ((i = 0; i < NVFS; i++)); do
			name=$(dev_ifname "$(vf_pci "$pf" "$i")")
			[[ $name =~ ^en.*v$i$ ]] || { missing="VF $i netdev $name not renamed yet"; break; }
		done
	fi
	echo "$missing"
}

remove_vfs() {
	echo 0 >"$SYS_PCI/$1/sriov_numvfs"
	if udevd_running; then
		udevadm settle --timeout=60 || fail "udevadm settle timed out"
	fi
}

# bench_numvfs MODE RUN|warmup
bench_numvfs() {
	local mode=$1 run=$2 warm='' pf=$NUMVFS_PF t0 t1 missing key what ours_us usec
	[ "$run" != warmup ] || warm=warmup
	# libsriov: returns once every VF has its driver and netdev (and udev's name).
	remove_vfs "$pf"
	t0=$EPOCHREALTIME
	"$SRIOVCTL" pf set "$pf" numvfs "$NVFS"
	t1=$EPOCHREALTIME
	missing=$(not_ready "$pf")
	[ -z "$missing" ] || fail "sriovctl pf set returned before the VFs were ready: $missing"
	ours_us=$(elapsed_us "$t0" "$t1")
	record "$mode" numvfs-sriovctl "$ours_us" "$warm"

	# sysfs: the write, and udevadm settle when udevd runs; without udevd nothing else can
	# be waited on but polling. Whether the VFs were ready at that point is recorded.
	remove_vfs "$pf"
	if udevd_running; then
		key=numvfs-sysfs-settle what="echo 7 > sriov_numvfs; udevadm settle"
		t0=$EPOCHREALTIME
		echo "$NVFS" >"$SYS_PCI/$pf/sriov_numvfs"
		udevadm settle --timeout=60
		t1=$EPOCHREALTIME
	else
		key=numvfs-sysfs what="echo 7 > sriov_numvfs"
		t0=$EPOCHREALTIME
		echo "$NVFS" >"$SYS_PCI/$pf/sriov_numvfs"
		t1=$EPOCHREALTIME
	fi
	missing=$(not_ready "$pf")
	usec=$(elapsed_us "$t0" "$t1")
	record "$mode" "$key" "$usec" "$warm"
	[ -n "$warm" ] || echo "$mode $key $([ -z "$missing" ] && echo ready || echo not-ready)" >>"$READY"
	progress "$run" "7 VFs: sriovctl $(ms "$ours_us") ms, $what $(ms "$usec") ms${missing:+ (not ready then: $missing)}"
	wait_vfs_ready "$pf" "$NVFS" 60
	remove_vfs "$pf"
}

# ---- (c) a whole configuration from zero: sriovctl apply ----------------------------------

# The document: both PFs with 7 VFs, VF i of PF p with MAC ${MACP[p]}:0i, VLAN ${VLAN[p]},
# spoofchk off (igb's default is on, so it is a change too) and trust on. bench/provision-vfs.sh
# gets the same values as arguments.
APPLY_DOC=/tmp/bench-apply.json
APPLY_CHANGES=$((${#PFS[@]} * (1 + NVFS * 4)))   # num_vfs per PF, 4 settings per VF
PROVISION_ARGS=("$NVFS")
write_apply_doc() {
	local p vf sep
	{
		echo '{"version": 1, "pfs": ['
		for p in "${!PFS[@]}"; do
			echo " {\"pci\": \"${PFS[p]}\", \"num_vfs\": $NVFS, \"vfs\": ["
			for ((vf = 0; vf < NVFS; vf++)); do
				sep=,
				[ "$vf" != $((NVFS - 1)) ] || sep=
				echo "  {\"vf\": $vf, \"mac\": \"${MACP[p]}:0$vf\", \"vlan\": ${VLAN[p]}," \
					"\"spoofchk\": false, \"trust\": true}$sep"
			done
			sep=,
			[ "$p" != $((${#PFS[@]} - 1)) ] || sep=
			echo " ]}$sep"
			PROVISION_ARGS+=("${PFS[p]}" "${MACP[p]}" "${VLAN[p]}")
		done
		echo ']}'
	} >"$APPLY_DOC"
}

# all_not_ready: the first thing that keeps a VF of either PF from being ready, empty when none.
all_not_ready() {
	local pf missing
	for pf in "${PFS[@]}"; do
		missing=$(not_ready "$pf")
		[ -z "$missing" ] || { echo "$missing"; return; }
	done
}

remove_all_vfs() {
	local pf
	for pf in "${PFS[@]}"; do
		remove_vfs "$pf"
	done
}

# bench_apply MODE RUN|warmup
bench_apply() {
	local mode=$1 run=$2 warm='' pf t0 t1 missing script_missing script_us apply_us again_us last
	local dump_script=/tmp/bench-dump-script.json dump_apply=/tmp/bench-dump-apply.json
	local outf=/tmp/bench-apply.out
	[ "$run" != warmup ] || warm=warmup

	# The script: sysfs writes, one ip per VF, then settle or polling. Whether the VFs were
	# ready when it returned is recorded; then (untimed) they are waited for, so that the
	# state compared below is the final one.
	remove_all_vfs
	t0=$EPOCHREALTIME
	"$PROVISION" "${PROVISION_ARGS[@]}"
	t1=$EPOCHREALTIME
	script_missing=$(all_not_ready)
	script_us=$(elapsed_us "$t0" "$t1")
	record "$mode" apply-script "$script_us" "$warm"
	[ -n "$warm" ] ||
		echo "$mode apply-script $([ -z "$script_missing" ] && echo ready || echo not-ready)" >>"$READY"
	for pf in "${PFS[@]}"; do
		wait_vfs_ready "$pf" "$NVFS" 60
	done
	"$SRIOVCTL" dump >"$dump_script"

	# sriovctl apply from zero: plan, lock, num_vfs (waits until the VFs are ready), one
	# SETLINK per PF, read-back verification.
	remove_all_vfs
	t0=$EPOCHREALTIME
	"$SRIOVCTL" apply "$APPLY_DOC" >"$outf"
	t1=$EPOCHREALTIME
	apply_us=$(elapsed_us "$t0" "$t1")
	missing=$(all_not_ready)
	[ -z "$missing" ] || fail "sriovctl apply returned before the VFs were ready: $missing"
	last=$(tail -n 1 "$outf")
	[ "$last" = "$APPLY_CHANGES changes applied." ] ||
		fail "sriovctl apply from zero: expected '$APPLY_CHANGES changes applied.', got: $(cat "$outf")"
	"$SRIOVCTL" dump >"$dump_apply"
	# A benchmark of two different results is worthless: both must leave the same host.
	cmp -s "$dump_script" "$dump_apply" ||
		fail "the script and sriovctl apply left different states; dump after the script vs after apply:
$(diff -u "$dump_script" "$dump_apply")"
	record "$mode" apply "$apply_us" "$warm"
	[ -n "$warm" ] || echo "$mode apply-same-state ready" >>"$READY"

	# The same document again: reads, plans, finds nothing to do, writes nothing.
	t0=$EPOCHREALTIME
	"$SRIOVCTL" apply "$APPLY_DOC" >"$outf"
	t1=$EPOCHREALTIME
	again_us=$(elapsed_us "$t0" "$t1")
	[ "$(cat "$outf")" = "No changes." ] || fail "sriovctl apply again: expected 'No changes.', got: $(cat "$outf")"
	record "$mode" apply-again "$again_us" "$warm"
	progress "$run" "2 PFs x 7 VFs from zero: apply $(ms "$apply_us") ms, script $(ms "$script_us") ms${script_missing:+ (not ready then: $script_missing)}, same end state; again $(ms "$again_us") ms"
}

# ---- a round: one udev mode ------------------------------------------------------------------

run_mode() {
	local mode=$1 r pf
	step "$mode: 7 VFs on each PF, one warm-up, then $REPS timed runs"
	for pf in "${PFS[@]}"; do
		"$SRIOVCTL" pf set "$pf" numvfs "$NVFS"
	done
	bench_config "$mode" warmup
	for ((r = 1; r <= REPS; r++)); do
		bench_config "$mode" "$r"
	done
	for pf in "${PFS[@]}"; do
		remove_vfs "$pf"
	done
	bench_numvfs "$mode" warmup
	for ((r = 1; r <= REPS; r++)); do
		bench_numvfs "$mode" "$r"
	done
	bench_apply "$mode" warmup
	for ((r = 1; r <= REPS; r++)); do
		bench_apply "$mode" "$r"
	done
	remove_all_vfs
}

# ---- the table ---------------------------------------------------------------------------------

report() {
	echo
	echo "libsriov benchmark on $(uname -r), $(nproc) vCPUs, QEMU TCG (emulated, no KVM): absolute"
	echo "times are many times those of real hardware; compare the rows with each other."
	echo "$REPS timed runs of each after one warm-up; times in ms."
	awk -v reps="$REPS" -v readyfile="$READY" -v changes="$APPLY_CHANGES" '
		function sortnum(a, n,    i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		}
		function median(key,    a, n, i) {
			n = split(S[key], a, " ")
			sortnum(a, n)
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		function minimum(key,    a, n, i, m) {
			n = split(S[key], a, " ")
			m = a[1]
			for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]
			return m
		}
		function row(mode, key, label, note) {
			if (!((mode, key) in N)) return
			printf "  %-58s %9.1f %9.1f%s\n", label, median(mode SUBSEP key) / 1000,
				minimum(mode SUBSEP key) / 1000, note
		}
		function ratio(mode, base, ours, label) {
			if (!((mode, base) in N) || !((mode, ours) in N)) return
			printf "  %-58s %8.1fx\n", label,
				median(mode SUBSEP base) / median(mode SUBSEP ours)
		}
		function readiness(mode, key,    n) {
			n = R[mode, key] + 0
			return sprintf("  VFs ready when it returned: %d of %d", n, reps)
		}
		FILENAME == readyfile { if ($3 == "ready") R[$1, $2]++; next }
		{ S[$1, $2] = S[$1, $2] " " $3; N[$1, $2]++ }
		END {
			split("no-udevd udevd", modes, " ")
			for (m = 1; m <= 2; m++) {
				mode = modes[m]
				printf "\n%s\n", (mode == "udevd" ? "== with systemd-udevd (like a host) ==" \
					: "== without udevd (kernel events only) ==")
				printf "  %-58s %9s %9s\n", "configure mac+vlan+spoofchk+trust on 14 VFs (2 PFs)", "median", "min"
				row(mode, "config-batch", "libsriov: vf-config-batch, 1 process + 1 SETLINK per PF")
				row(mode, "config-batch-call", "  of that, inside sriov_pf_set_vf_configs() (both PFs)")
				row(mode, "config-ip", "ip link set dev PF vf N ..., 1 process + 1 SETLINK per VF")
				ratio(mode, "config-ip", "config-batch", "ratio ip loop / libsriov (medians)")
				printf "  %-58s %9s %9s\n", "7 VFs on one PF until ready (driver, netdev" \
					(mode == "udevd" ? ", udev name)" : ")"), "median", "min"
				row(mode, "numvfs-sriovctl", "libsriov: sriovctl pf set PF numvfs 7")
				if (mode == "udevd") {
					row(mode, "numvfs-sysfs-settle", "sysfs: echo 7 > sriov_numvfs; udevadm settle",
						"")
					print readiness(mode, "numvfs-sysfs-settle")
					ratio(mode, "numvfs-sysfs-settle", "numvfs-sriovctl",
						"ratio echo+settle / libsriov (medians)")
				} else {
					row(mode, "numvfs-sysfs", "sysfs: echo 7 > sriov_numvfs (no settle without udevd)")
					print readiness(mode, "numvfs-sysfs")
					ratio(mode, "numvfs-sysfs", "numvfs-sriovctl", "ratio echo / libsriov (medians)")
				}
				printf "  %-58s %9s %9s\n", "2 PFs x 7 VFs from 0, mac+vlan+spoofchk+trust, until ready",
					"median", "min"
				row(mode, "apply", "libsriov: sriovctl apply FILE (" changes " changes)")
				row(mode, "apply-script", "script: echo 7 > sriov_numvfs, 14 x ip link set vf, " \
					(mode == "udevd" ? "settle" : "poll"))
				print readiness(mode, "apply-script")
				printf "  same end state (sriovctl dump) after both: %d of %d\n", R[mode, "apply-same-state"],
					reps
				ratio(mode, "apply-script", "apply", "ratio script / sriovctl apply (medians)")
				row(mode, "apply-again", "sriovctl apply FILE again: No changes.")
			}
			printf "\nratio > 1: libsriov is faster; the runs one by one are above the table.\n"
		}' "$READY" "$RESULTS"
}

write_apply_doc
watchdog_start
run_mode no-udevd
start_udevd
run_mode udevd
stop_udevd
kill "$WATCHDOG_PID" 2>/dev/null || true
report
