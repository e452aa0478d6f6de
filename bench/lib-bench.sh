# Helpers of the bench scripts, sourced by each: timing without a fork, samples, medians.

# elapsed_us T0 T1: microseconds between two $EPOCHREALTIME readings (always 6 decimals),
# without a fork.
elapsed_us() {
	local a=${1/[.,]/} b=${2/[.,]/}
	echo $((10#$b - 10#$a))
}

# ms MICROSECONDS: "123.4"
ms() {
	printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100))
}

# record GROUP KEY MICROSECONDS [RUN|warmup]: a timed sample, as a line of $RESULTS, unless it
# is the warm-up's.
record() {
	[ "${4:-}" = warmup ] || echo "$1 $2 $3" >>"$RESULTS"
}

# MEDIAN_AWK: awk functions over the samples of $RESULTS, kept as S[GROUP SUBSEP KEY] = " v1 v2
# ..." (the main rule below collects them): median(GROUP SUBSEP KEY) in microseconds,
# median_ms(GROUP, KEY) in milliseconds.
MEDIAN_AWK='
	{ S[$1 SUBSEP $2] = S[$1 SUBSEP $2] " " $3 }
	function median(key,    a, n, i, j, t) {
		n = split(S[key], a, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	function median_ms(group, key) { return median(group SUBSEP key) / 1000 }
'
