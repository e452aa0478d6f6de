#!/bin/bash
# run-beside.sh LOG BACKGROUND [LOG BACKGROUND...] -- FOREGROUND...: runs each command line
# BACKGROUND (its output in its LOG) beside FOREGROUND, then prints each LOG whole, in order,
# and exits non-zero if any failed. make check runs the testbed's shards so: QEMU's TCG runs
# each guest on one host thread (tests/tests.mk, check). An interrupt stops them all. Nothing
# is skipped: each side's exit status is said at the end.
set -u
logs=() cmds=() pids=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
        [ $# -ge 2 ] || { echo "usage: run-beside.sh LOG BACKGROUND... -- FOREGROUND..." >&2; exit 2; }
        logs+=("$1") cmds+=("$2")
        shift 2
done
[ "${1:-}" = -- ] && shift
[ $# -gt 0 ] && [ ${#cmds[@]} -gt 0 ] ||
        { echo "usage: run-beside.sh LOG BACKGROUND... -- FOREGROUND..." >&2; exit 2; }

stop_all() {
        for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null; done
        wait
        exit 130
}
for i in "${!cmds[@]}"; do
        mkdir -p "$(dirname "${logs[i]}")"
        echo "check: '${cmds[i]}' runs beside the other tiers; its report follows theirs (live: ${logs[i]})"
        # setsid: its own process group, so that an interrupt stops all of it (QEMU included).
        setsid bash -c "${cmds[i]}" >"${logs[i]}" 2>&1 </dev/null &
        pids+=($!)
done
trap stop_all INT TERM
"$@"
fg_rc=$?
rcs=()
for p in "${pids[@]}"; do
        wait "$p"
        rcs+=($?)
done
trap - INT TERM
ok=$((fg_rc == 0))
for i in "${!cmds[@]}"; do
        echo "---- ${cmds[i]} (from ${logs[i]}) ----"
        cat "${logs[i]}"
done
echo "check: the other tiers exited $fg_rc"
for i in "${!cmds[@]}"; do
        echo "check: '${cmds[i]}' exited ${rcs[i]}"
        [ "${rcs[i]}" = 0 ] || ok=0
done
[ "$ok" = 1 ]
