#!/bin/bash
# run-beside.sh LOG BACKGROUND -- FOREGROUND...: runs the command line BACKGROUND (with its
# output in LOG) beside FOREGROUND, then prints LOG whole and exits non-zero if either failed.
# make check runs the testbed so: QEMU's TCG runs the guest on one host thread, which leaves
# the second core of a 2-core machine to the other tiers (tests/tests.mk, check).
# An interrupt stops both. Nothing is skipped: each side's exit status is said at the end.
set -u
log=$1 background=$2
shift 2
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] || { echo "usage: run-beside.sh LOG BACKGROUND -- FOREGROUND..." >&2; exit 2; }

mkdir -p "$(dirname "$log")"
echo "check: '$background' runs beside the other tiers; its report follows theirs (live: $log)"
# setsid: its own process group, so that an interrupt can stop all of it (QEMU included).
setsid bash -c "$background" >"$log" 2>&1 </dev/null &
bg=$!
trap 'kill -TERM -- -$bg 2>/dev/null; wait $bg; exit 130' INT TERM
"$@"
fg_rc=$?
wait $bg
bg_rc=$?
trap - INT TERM
echo "---- $background (from $log) ----"
cat "$log"
echo "check: the other tiers exited $fg_rc; '$background' exited $bg_rc"
[ $fg_rc -eq 0 ] && [ $bg_rc -eq 0 ]
