#!/bin/bash
# sriovctl end to end on fake sysfs trees under umockdev: the JSON of every host shape against
# what the tree holds (tests/sysfs/expected/), text output, exit status and error lines.
#   test-cli.sh SRIOVCTL MKHOST
set -u
sriovctl=$1
mkhost=$2
expected=$(dirname "$0")/expected
passed=0
failed=0
tmp=$(mktemp -d)
roots=("$tmp")
trap 'rm -rf "${roots[@]}"' EXIT

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "not ok - $1"; shift; printf '    %s\n' "$@"; failed=$((failed + 1)); }

host() {
        local root
        root=$("$mkhost" "$@") || { echo "mkhost $* failed" >&2; exit 1; }
        roots+=("$root")
        echo "$root"
}

# run ROOT ARGS...: sriovctl under umockdev; sets out, err, rc.
run() {
        local root=$1
        shift
        out=$(UMOCKDEV_DIR=$root umockdev-wrapper "$sriovctl" "$@" 2>"$tmp/err")
        rc=$?
        err=$(cat "$tmp/err")
}

# The names come from the machine's pci.ids, which changes between releases: checked apart.
normalize() { jq -S 'walk(if type == "object" then del(.vendor_name, .device_name) else . end)'; }

expect_json() {
        local name=$1 root=$2 file=$3
        shift 3
        run "$root" -j "$@"
        if [ $rc -ne 0 ]; then
                fail "$name" "exit $rc: $err"
        elif diff -u <(normalize <"$expected/$file") <(echo "$out" | normalize) >"$tmp/diff"; then
                pass "$name"
        else
                fail "$name" "$(cat "$tmp/diff")"
        fi
}

# expect_error NAME ROOT STATUS STDERR-TEXT ARGS...: exit status, one stderr line with the text.
expect_error() {
        local name=$1 root=$2 status=$3 text=$4
        shift 4
        run "$root" "$@"
        if [ $rc -ne "$status" ]; then
                fail "$name" "exit $rc, expected $status; stderr: $err"
        elif [[ "$err" != *"$text"* ]]; then
                fail "$name" "stderr lacks \"$text\": $err"
        elif [ $status -eq 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then
                fail "$name" "expected one line on stderr, got: $err"
        elif [ -n "$out" ]; then
                fail "$name" "printed on stdout: $out"
        else
                pass "$name"
        fi
}

igb=$(host igb)
dual=$(host dual-port)
nodrv=$(host no-driver)
plain=$(host plain)
mixed=$(host plain igb dual-port no-driver zero-vfs)

expect_json "pf list on an igb host" "$igb" igb.pf-list.json pf list
expect_json "pf list on a dual-port NIC" "$dual" dual-port.pf-list.json pf list
expect_json "pf list with a driverless PF" "$nodrv" no-driver.pf-list.json pf list
expect_json "pf list without SR-IOV is []" "$plain" empty.json pf list
expect_json "pf list on a mixed host" "$mixed" mixed.pf-list.json pf list
expect_json "pf show by ifname carries the vfs array" "$igb" igb.pf-show.json pf show enp1s0
expect_json "pf show by short address is the same" "$igb" igb.pf-show.json pf show 01:00.0
expect_json "vf list on a mixed host" "$mixed" mixed.vf-list.json vf list
expect_json "vf list of one PF" "$dual" dual-port.vf-list.json vf list enp3s0f0np0
expect_json "vf list of a PF without VFs is []" "$dual" empty.json vf list 0000:03:00.1
expect_json "vf show by PF/INDEX" "$igb" igb.vf1.json vf show enp1s0/1
expect_json "vf show by VF address" "$igb" igb.vf1.json vf show 0000:01:10.2

run "$igb" -j pf list
if [ "$(echo "$out" | jq -r '.[0].vendor_name')" = "Intel Corporation" ]; then
        pass "vendor_name comes from the PCI ID database"
else
        fail "vendor_name comes from the PCI ID database" "$out"
fi

run "$mixed" pf list
if [ $rc -eq 0 ] && [ "$(echo "$out" | wc -l)" -eq 6 ] &&
        echo "$out" | grep -Eq '^0000:05:00.0 +- +- +8086:10c9 +0/7 +- '; then
        pass "pf list text: a header and one aligned row per PF, - for none"
else
        fail "pf list text: a header and one aligned row per PF, - for none" "$out"
fi
run "$plain" pf list
if [ $rc -eq 0 ] && [ -z "$out" ]; then
        pass "pf list text prints nothing when there is no PF"
else
        fail "pf list text prints nothing when there is no PF" "$out"
fi

expect_error "unknown PF: exit 1, named" "$igb" 1 "sriovctl: PF eth9: look up: no such" pf show eth9
expect_error "a VF is no PF" "$igb" 1 "PF 0000:01:10.0: look up: it is a virtual function, not a PF" pf show 01:10.0
expect_error "VF index out of range" "$igb" 1 "VF 0000:01:00.0/7: index 7: out of range" vf show enp1s0/7
expect_error "malformed VF name" "$igb" 1 "VF \"enp1s0/x\": parse name: not a VF PCI address" vf show enp1s0/x
expect_error "missing object: usage" "$igb" 2 "an object" 
expect_error "unknown object: usage" "$igb" 2 "unknown object \"link\"" link show
expect_error "unknown command: usage" "$igb" 2 "unknown command \"frob\"" pf frob
expect_error "pf show without PF: usage" "$igb" 2 "pf show: expected one PF" pf show
expect_error "unknown option: usage" "$igb" 2 'sriovctl: unknown option "--frob"' --frob pf list

# VF settings: under umockdev the fake PF's ifindex is not its netdev in the real kernel, so
# settings read as unknown (null, "-"), quietly unless -v; nothing is ever sent there.
expect_error "vf set: malformed value is a usage error naming it" "$igb" 2 'vf set: mac "zz"' \
        vf set enp1s0/1 mac zz
expect_error "vf set: qos only after vlan" "$igb" 2 "qos belongs to a vlan" vf set enp1s0/1 qos 3
expect_error "vf set: unknown keyword" "$igb" 2 'unknown keyword "speed"' vf set enp1s0/1 speed 9
expect_error "vf set -n: unreadable settings fail in one line" "$igb" 1 "sriovctl: PF 0000:01:00.0: " \
        -n vf set enp1s0/1 trust on
run "$igb" -j vf show -s enp1s0/1
if [ $rc -eq 0 ] && [ -z "$err" ] &&
        [ "$(echo "$out" | jq -c '[.mac, .trust, .link_state, .stats]')" = "[null,null,null,null]" ]; then
        pass "vf show -s: settings and stats null when unreadable, no error"
else
        fail "vf show -s: settings and stats null when unreadable, no error" "exit $rc: $err" "$out"
fi
run "$igb" -v vf list enp1s0
if [ $rc -eq 0 ] && [ "$(echo "$out" | wc -l)" -eq 3 ] && [[ "$err" == *"PF 0000:01:00.0"* ]] &&
        echo "$out" | grep -Eq '^enp1s0 +1 +0000:01:10.2 .* +- +- +- +- +-$'; then
        pass "vf list -v: settings shown as -, the reason noted on stderr"
else
        fail "vf list -v: settings shown as -, the reason noted on stderr" "exit $rc: $err" "$out"
fi

# pf set: only what can be decided without writing (the writes are test-num-vfs's, with a
# fake kernel): dry runs, and input refused before anything is written.
run "$dual" -n pf set enp3s0f1np1 numvfs 4 autoprobe off
if [ $rc -eq 0 ] && [ "$out" = "would set PF 0000:03:00.1 drivers_autoprobe on -> off
would set PF 0000:03:00.1 sriov_numvfs 0 -> 4" ]; then
        pass "pf set -n: says what it would write, in order"
else
        fail "pf set -n: says what it would write, in order" "exit $rc: $err" "$out"
fi
expect_json "pf set -n -j: the result object" "$dual" pf-set-dry-run.json -n pf set 03:00.1 numvfs 4
expect_error "pf set: numvfs above total_vfs" "$dual" 1 \
        "sriovctl: PF 0000:03:00.1: sriov_numvfs 65: out of range, sriov_totalvfs is 64" \
        pf set enp3s0f1np1 numvfs 65
expect_error "pf set: no driver, no VFs" "$nodrv" 1 "PF 0000:05:00.0: sriov_numvfs 1: no driver" \
        pf set 05:00.0 numvfs 1
expect_error "pf set: numvfs not a number" "$dual" 2 'numvfs "-1": not a number of VFs' \
        pf set enp3s0f1np1 numvfs -1
expect_error "pf set: autoprobe takes on or off" "$dual" 2 'autoprobe "yes": expected on or off' \
        pf set enp3s0f1np1 autoprobe yes
expect_error "pf set: nothing to set" "$dual" 2 "pf set: nothing to set" pf set enp3s0f1np1
expect_error "--timeout needs whole seconds" "$dual" 2 '--timeout "0.5"' --timeout 0.5 pf list

echo "sysfs/cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
