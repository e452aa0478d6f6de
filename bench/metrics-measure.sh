# shellcheck shell=bash
# The measurement both halves of the metrics benchmark make (bench/metrics-vm.sh in the guest,
# bench/metrics-host.sh on the fake host), sourced after lib-bench.sh. The caller sets DIR (a
# scratch directory), RESULTS (lib-bench.sh's samples), REPS, WRAP (an array: what runs each
# command, e.g. umockdev-wrapper; empty for none) and has fail() and heartbeat().

# measure GROUP KEY CMD...: one untimed warm-up (which must succeed; its output stays in
# $DIR/KEY.out), REPS timed runs (wall time, as lib-bench.sh records it), then one more run
# under GNU time for the peak RSS, recorded as KEY-rss in KiB. RSS is taken in a run of its
# own so the timed runs do not pay for time(1)'s fork.
measure() {
	local group=$1 key=$2 r t0 t1 rc=0
	shift 2
	"${WRAP[@]}" "$@" >"$DIR/$key.out" 2>"$DIR/$key.err" || rc=$?
	[ "$rc" = 0 ] || fail "$key: $* exited with $rc: $(head -c 400 "$DIR/$key.err")"
	for ((r = 0; r < REPS; r++)); do
		t0=$EPOCHREALTIME
		"${WRAP[@]}" "$@" >/dev/null 2>&1
		t1=$EPOCHREALTIME
		record "$group" "$key" "$(elapsed_us "$t0" "$t1")"
	done
	"${WRAP[@]}" /usr/bin/time -f %M -o "$DIR/rss" "$@" >/dev/null 2>&1 ||
		fail "$key: $* failed under /usr/bin/time"
	record "$group" "$key-rss" "$(tail -n 1 "$DIR/rss")"
	heartbeat
}

# METRICS_AWK: awk functions over $RESULTS on top of lib-bench.sh's MEDIAN_AWK. least(G SUBSEP
# K): the smallest sample; rss(G, K): the KiB of K's RSS run; per_vf(G1, G2, K, VFS):
# microseconds each VF added to K's median between groups G1 and G2, which have VFS VFs more.
# shellcheck disable=SC2034 # used by the scripts that source this file
METRICS_AWK="$MEDIAN_AWK"'
	function least(key,    a, n, i, m) {
		n = split(S[key], a, " "); m = a[1] + 0
		for (i = 2; i <= n; i++)
			if (a[i] + 0 < m) m = a[i] + 0
		return m
	}
	function rss(group, key) { return S[group SUBSEP key "-rss"] + 0 }
	function per_vf(g1, g2, key, vfs) {
		return (median(g2 SUBSEP key) - median(g1 SUBSEP key)) / vfs
	}
'
