#!/bin/sh
# make install writes a sriov-apply.service (and the sriov-metrics pair) that systemd accepts: systemd-analyze verify
# finds no error and no warning about it (an unknown key or a bad value is only a warning
# to systemd, and would be lost at boot), its ExecStart names the installed sriovctl, and
# /etc/sriov/ exists with no config.json in it.
#   check-unit-file.sh SRIOVCTL
# verify checks that ExecStart's program exists and that man:sriovctl(8) resolves, so the
# check runs on the installed unit with its BINDIR put back to the build tree's sriovctl
# and MANPATH set to the installed pages: no installed sriovctl is needed.
set -eu
sriovctl=$(realpath "$1")
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s -C "$top" install DESTDIR="$tmp/dest" PREFIX=/usr >/dev/null
unit="$tmp/dest/usr/lib/systemd/system/sriov-apply.service"

ok=1
fail() { ok=0; echo "unit-file: $*"; }
if [ -f "$unit" ]; then
        exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
        case $exec_start in
        "/usr/bin/sriovctl --timeout "*" apply --deadline "*" /etc/sriov/config.json") ;;
        *) fail "ExecStart does not run /usr/bin/sriovctl --timeout S apply --deadline S: $exec_start" ;;
        esac
        # The timeouts cover every wait the unit has (defect: the default 90 s SIGKILLed a
        # slow apply halfway): settle, the host lock and the apply with its undo to start,
        # the step in progress and the undo to stop after SIGTERM.
        word_after() { printf '%s\n' "$2" | sed -n "s/.*$1[ =]\([0-9]*\).*/\1/p"; }
        settle=$(word_after --timeout "$(grep '^ExecStartPre=.*udevadm settle' "$unit")")
        timeout=$(word_after --timeout "$exec_start")
        deadline=$(word_after --deadline "$exec_start")
        start=$(sed -n 's/^TimeoutStartSec=\([0-9]*\)$/\1/p' "$unit")
        stop=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$unit")
        if [ -z "$settle" ] || [ -z "$timeout" ] || [ -z "$deadline" ] || [ -z "$start" ] ||
                [ -z "$stop" ]; then
                fail "settle '$settle', --timeout '$timeout', --deadline '$deadline'," \
                        "TimeoutStartSec '$start', TimeoutStopSec '$stop': each must be seconds"
        else
                need=$((settle + timeout + 2 * deadline))
                [ "$start" -gt "$need" ] ||
                        fail "TimeoutStartSec=$start is not above settle $settle + lock $timeout" \
                                "+ apply and undo 2 x $deadline = $need s"
                need=$((timeout + deadline))
                [ "$stop" -gt "$need" ] ||
                        fail "TimeoutStopSec=$stop is not above the step $timeout + undo" \
                                "$deadline = $need s"
        fi
        ! grep -n '@[A-Z_]*@' "$unit" || fail "placeholders left in $unit"
        mkdir "$tmp/verify"
        sed "s|^ExecStart=/usr/bin/sriovctl |ExecStart=$sriovctl |" "$unit" \
                >"$tmp/verify/sriov-apply.service"
        if ! MANPATH="$tmp/dest/usr/share/man" systemd-analyze verify \
                "$tmp/verify/sriov-apply.service" >"$tmp/out" 2>&1; then
                fail "systemd-analyze verify failed:"
                cat "$tmp/out"
        elif grep -q 'sriov-apply\.service' "$tmp/out"; then
                fail "systemd-analyze verify warns about the unit:"
                cat "$tmp/out"
        elif [ -s "$tmp/out" ]; then
                # Units of this machine that ours names (udev, targets) may draw warnings of
                # their own; they are not this unit's.
                sed 's/^/unit-file: (not about sriov-apply.service) /' "$tmp/out"
        fi
else
        fail "make install did not install usr/lib/systemd/system/sriov-apply.service"
fi

# The metrics pair: the service writes node_exporter's textfile with -o (whole or not at all),
# each wait bounded within the start timeout; the timer starts it; verify accepts both.
service="$tmp/dest/usr/lib/systemd/system/sriov-metrics.service"
timer="$tmp/dest/usr/lib/systemd/system/sriov-metrics.timer"
if [ -f "$service" ] && [ -f "$timer" ]; then
        exec_start=$(sed -n 's/^ExecStart=//p' "$service")
        case $exec_start in
        "/usr/bin/sriovctl --timeout "*" metrics -o /var/lib/prometheus/node-exporter/sriov.prom") ;;
        *) fail "sriov-metrics.service's ExecStart does not write node_exporter's textfile with -o: $exec_start" ;;
        esac
        timeout=$(printf '%s\n' "$exec_start" | sed -n 's/.*--timeout \([0-9]*\).*/\1/p')
        start=$(sed -n 's/^TimeoutStartSec=\([0-9]*\)$/\1/p' "$service")
        [ -n "$timeout" ] && [ -n "$start" ] && [ "$start" -gt "$timeout" ] ||
                fail "sriov-metrics.service: TimeoutStartSec '$start' not above --timeout '$timeout'"
        grep -q '^WantedBy=timers.target$' "$timer" || fail "sriov-metrics.timer: not WantedBy=timers.target"
        ! grep -n '@[A-Z_]*@' "$service" || fail "placeholders left in $service"
        mkdir "$tmp/verify-metrics"
        sed "s|^ExecStart=/usr/bin/sriovctl |ExecStart=$sriovctl |" "$service" \
                >"$tmp/verify-metrics/sriov-metrics.service"
        cp "$timer" "$tmp/verify-metrics/"
        if ! MANPATH="$tmp/dest/usr/share/man" systemd-analyze verify \
                "$tmp/verify-metrics/sriov-metrics.service" "$tmp/verify-metrics/sriov-metrics.timer" \
                >"$tmp/out" 2>&1; then
                fail "systemd-analyze verify failed on the metrics units:"
                cat "$tmp/out"
        elif grep -q 'sriov-metrics\.' "$tmp/out"; then
                fail "systemd-analyze verify warns about the metrics units:"
                cat "$tmp/out"
        fi
else
        fail "make install did not install sriov-metrics.service and sriov-metrics.timer"
fi
[ -d "$tmp/dest/etc/sriov" ] || fail "make install did not create /etc/sriov/"
[ ! -e "$tmp/dest/etc/sriov/config.json" ] || fail "make install installed /etc/sriov/config.json"

if [ $ok -eq 1 ]; then
        echo "unit-file: systemd-analyze verify accepts the installed sriov-apply.service," \
                "sriov-metrics.service and sriov-metrics.timer"
        echo "unit-file: 1 passed, 0 failed"
else
        echo "unit-file: 0 passed, 1 failed"
        exit 1
fi
