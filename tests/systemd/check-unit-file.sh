#!/bin/sh
# make install writes a sriov-apply.service (and the sriov-metrics pair, and the re-apply
# template with its udev rule) that systemd accepts: systemd-analyze verify
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
word_after() { printf '%s\n' "$2" | sed -n "s/.*$1[ =]\([0-9]*\).*/\1/p"; }
# verify_units UNIT...: systemd-analyze verify accepts the installed UNITs (copied, with
# ExecStart put back to the build's sriovctl) and warns about none of them; a template is
# checked as an instance of its own ("NAME@i.service").
verify_units() {
        dir=$(mktemp -d -p "$tmp")
        names="" copies="" stems=""
        for f in "$@"; do
                f=${f##*/}
                names="$names $f"
                copies="$copies $dir/$f"
                stems="$stems${stems:+\|}${f%%[@.]*}"
        done
        for f in "$@"; do
                sed "s|^ExecStart=/usr/bin/sriovctl |ExecStart=$sriovctl |" "$f" >"$dir/${f##*/}"
        done
        # shellcheck disable=SC2086 # paths under mktemp's directory: no spaces
        if ! MANPATH="$tmp/dest/usr/share/man" systemd-analyze verify $copies >"$tmp/out" 2>&1; then
                fail "systemd-analyze verify failed on$names:"
                cat "$tmp/out"
        elif grep -q "$stems" "$tmp/out"; then
                fail "systemd-analyze verify warns about$names:"
                cat "$tmp/out"
        elif [ -s "$tmp/out" ]; then
                # Units of this machine that ours names (udev, targets) may draw warnings of
                # their own; they are not ours.
                sed "s/^/unit-file: (not about$names) /" "$tmp/out"
        fi
}
# apply_timeouts_cover UNIT SETTLE: UNIT's start and stop timeouts cover every wait of its
# apply (defect: the default 90 s SIGKILLed a slow apply halfway): SETTLE seconds of udevadm
# settle, the host lock and the apply with its undo to start, the step in progress and the
# undo to stop after SIGTERM.
apply_timeouts_cover() {
        name=$(basename "$1")
        exec=$(sed -n 's/^ExecStart=//p' "$1")
        timeout=$(word_after --timeout "$exec")
        deadline=$(word_after --deadline "$exec")
        start=$(sed -n 's/^TimeoutStartSec=\([0-9]*\)$/\1/p' "$1")
        stop=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)$/\1/p' "$1")
        if [ -z "$2" ] || [ -z "$timeout" ] || [ -z "$deadline" ] || [ -z "$start" ] ||
                [ -z "$stop" ]; then
                fail "$name: settle '$2', --timeout '$timeout', --deadline '$deadline'," \
                        "TimeoutStartSec '$start', TimeoutStopSec '$stop': each must be seconds"
                return
        fi
        need=$(($2 + timeout + 2 * deadline))
        [ "$start" -gt "$need" ] ||
                fail "$name: TimeoutStartSec=$start is not above settle $2 + lock $timeout" \
                        "+ apply and undo 2 x $deadline = $need s"
        need=$((timeout + deadline))
        [ "$stop" -gt "$need" ] ||
                fail "$name: TimeoutStopSec=$stop is not above the step $timeout + undo" \
                        "$deadline = $need s"
}
if [ -f "$unit" ]; then
        exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
        case $exec_start in
        "/usr/bin/sriovctl --timeout "*" apply --deadline "*" /etc/sriov/config.json") ;;
        *) fail "ExecStart does not run /usr/bin/sriovctl --timeout S apply --deadline S: $exec_start" ;;
        esac
        apply_timeouts_cover "$unit" \
                "$(word_after --timeout "$(grep '^ExecStartPre=.*udevadm settle' "$unit")")"
        ! grep -n '@[A-Z_]*@' "$unit" || fail "placeholders left in $unit"
        verify_units "$unit"
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
        verify_units "$service" "$timer"
else
        fail "make install did not install sriov-metrics.service and sriov-metrics.timer"
fi
# The re-apply pair: the udev rule names the template unit through SYSTEMD_WANTS and runs
# nothing itself (a RUN that applies waits for the VFs' events, which udevd holds back until
# the RUN ends: a deadlock); the unit applies the document's part for that PF (--pf %I), is
# inactive again after each run (a start of an active unit would be taken as done), and its
# timeouts cover its waits as the boot-time unit's do.
reapply="$tmp/dest/usr/lib/systemd/system/sriov-reapply@.service"
rule="$tmp/dest/usr/lib/udev/rules.d/80-sriov-reapply.rules"
if [ -f "$reapply" ] && [ -f "$rule" ]; then
        rule_text=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$rule" | grep -v '^#')
        case $rule_text in
        *'ACTION=="bind"'*'ENV{SYSTEMD_WANTS}+="sriov-reapply@%k.service"'*) ;;
        *) fail "80-sriov-reapply.rules does not want sriov-reapply@%k.service on a bind: $rule_text" ;;
        esac
        case $rule_text in
        *'TAG+="systemd"'*) ;;
        *) fail "80-sriov-reapply.rules does not tag the device for systemd, which ignores SYSTEMD_WANTS without it" ;;
        esac
        case $rule_text in
        *RUN*) fail "80-sriov-reapply.rules has a RUN: udevd would wait for it, and it for the VFs' events" ;;
        esac
        exec_start=$(sed -n 's/^ExecStart=//p' "$reapply")
        case $exec_start in
        "/usr/bin/sriovctl --timeout "*" apply --deadline "*" --pf %I /etc/sriov/config.json") ;;
        *) fail "sriov-reapply@.service's ExecStart does not run /usr/bin/sriovctl --timeout S apply --deadline S --pf %I: $exec_start" ;;
        esac
        grep -q '^RemainAfterExit=yes' "$reapply" &&
                fail "sriov-reapply@.service stays active: the PF's next bind would not start it again"
        grep -q '^After=.*sriov-apply\.service' "$reapply" ||
                fail "sriov-reapply@.service is not ordered after sriov-apply.service"
        # No settle: the unit says why it needs none.
        apply_timeouts_cover "$reapply" 0
        ! grep -n '@[A-Z_]*@' "$reapply" || fail "placeholders left in $reapply"
        verify_units "$reapply"
else
        fail "make install did not install sriov-reapply@.service and 80-sriov-reapply.rules"
fi
[ -d "$tmp/dest/etc/sriov" ] || fail "make install did not create /etc/sriov/"
[ ! -e "$tmp/dest/etc/sriov/config.json" ] || fail "make install installed /etc/sriov/config.json"

if [ $ok -eq 1 ]; then
        echo "unit-file: systemd-analyze verify accepts the installed sriov-apply.service," \
                "sriov-metrics.service, sriov-metrics.timer and sriov-reapply@.service;" \
                "80-sriov-reapply.rules starts the latter"
        echo "unit-file: 1 passed, 0 failed"
else
        echo "unit-file: 0 passed, 1 failed"
        exit 1
fi
