#!/bin/sh
# Replay each fuzz target's seeds, then fuzz it for SECONDS; fail on any crash, leak, timeout
# or sanitizer report, naming the input that did it.
#   run.sh BINDIR SECONDS NAME...
# Seeds: tests/fuzz/corpus/NAME/ and BINDIR/seeds/NAME/ (make-seeds). What a run finds is kept
# in BINDIR/corpus/NAME/ and replayed by the next run on this machine.
set -eu
bindir=$1
seconds=$2
shift 2

rm -rf "$bindir/seeds"
"$bindir/make-seeds" "$bindir/seeds" >/dev/null

failed=0
targets=$#
for name in "$@"; do
        bin="$bindir/fuzz-$name"
        work="$bindir/corpus/$name"
        log="$bindir/fuzz-$name.log"
        mkdir -p "$work" "$bindir/crashes"
        set --
        for seeds in "tests/fuzz/corpus/$name" "$bindir/seeds/$name"; do
                [ -d "$seeds" ] && set -- "$@" "$seeds"
        done
        if [ $# -eq 0 ]; then
                echo "fuzz/$name: no seed corpus (tests/fuzz/corpus/$name or make-seeds)"
                failed=1
                continue
        fi
        # -timeout: one input taking a second is a hang here; -rss_limit_mb: a document
        # parser that allocates 2 GiB is the defect this looks for.
        if "$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=65536 \
                -print_final_stats=1 -artifact_prefix="$bindir/crashes/$name-" \
                "$work" "$@" >"$log" 2>&1; then
                execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
                last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
                cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
                ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
                units=$(find "$work" -type f | wc -l)
                echo "fuzz/$name: ${execs:-?} inputs in ${seconds} s, edges ${cov:-?}," \
                        "features ${ft:-?}, corpus $units (seeds: $*)"
        else
                failed=1
                echo "fuzz/$name: FAILED; the input is in $bindir/crashes/, the log in $log:"
                grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$log" | head -n 20 |
                        sed 's/^/    /'
        fi
done
if [ $failed -ne 0 ]; then
        echo "fuzz: failed"
        exit 1
fi
echo "fuzz: $targets target(s) passed"
