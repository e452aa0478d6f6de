#!/bin/bash
# sriovctl end to end on fake sysfs trees under umockdev: the JSON of every host shape against
# what the tree holds (tests/sysfs/expected/), text output, exit status and error lines.
# SRIOV_UPDATE_EXPECTED=1 rewrites the expected files from what sriovctl prints, for a change
# of the output that was meant; git diff then shows what changed.
#   test-cli.sh SRIOVCTL MKHOST
set -u
. "$(dirname "$0")/cli-lib.sh"
expected=$(dirname "$0")/expected

# Every JSON sriovctl prints here is kept, with its arguments, and checked against schemas/
# at the end (tests/schema/validate.py): a key the schema does not know fails.
mkdir -p "$tmp/json"
json_seen=0
keep_json() {
        local a
        for a in "$@"; do
                [ "$a" = -j ] || continue
                [ -n "$out" ] || return 0
                json_seen=$((json_seen + 1))
                printf '%s\n' "$out" >"$tmp/json/$json_seen.json"
                printf '%s\n' "$@" >"$tmp/json/$json_seen.cmd"
                return 0
        done
}

# run ROOT ARGS...: sriovctl under umockdev; sets out, err, rc.
run() {
        run_sriovctl "$@"
        shift
        keep_json "$@"
}

# The names come from the machine's pci.ids, which changes between releases: checked apart.
normalize() { jq -S 'walk(if type == "object" then del(.vendor_name, .device_name) else . end)'; }

expect_json() {
        local name=$1 root=$2 file=$3
        shift 3
        run "$root" -j "$@"
        if [ $rc -eq 0 ] && [ "${SRIOV_UPDATE_EXPECTED:-0}" = 1 ]; then
                # After a change to the output that was meant: rewrite, then review the diff.
                jq . <<<"$out" >"$expected/$file"
        fi
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
run "$igb" pf show enp1s0
# igb has no devlink eswitch, and no devlink instance: no handle to print after the "-".
if [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -qx '    eswitch mode:       -'; then
        pass "pf show: no eswitch, no devlink handle"
else
        fail "pf show: no eswitch, no devlink handle" "exit $rc: $err" "$(grep eswitch <<<"$out")"
fi
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
if [ $rc -eq 0 ] && [ -z "$out" ] && [ -z "$err" ]; then
        pass "pf list text prints nothing when there is no PF"
else
        fail "pf list text prints nothing when there is no PF" "$out" "$err"
fi
# At a terminal (script(1) gives it one), the empty list is explained on stderr; -j stays [].
tty_out=$(UMOCKDEV_DIR=$plain script -qec "umockdev-wrapper $sriovctl pf list" /dev/null 2>&1)
tty_json=$(UMOCKDEV_DIR=$plain script -qec "umockdev-wrapper $sriovctl -j pf list 2>/dev/null" \
        /dev/null 2>&1 | tr -d '\r')
out=$tty_json keep_json -j pf list
if [[ $tty_out == *"no SR-IOV capable PCI function on this host"*"sriovctl check says more"* ]] &&
        [ "$tty_json" = "[]" ]; then
        pass "pf list at a terminal on a host without SR-IOV says why; -j stays []"
else
        fail "pf list at a terminal on a host without SR-IOV says why; -j stays []" \
                "text: $tty_out" "json: $tty_json"
fi

expect_error "unknown PF: exit 1, named" "$igb" 1 "sriovctl: PF eth9: look up: no such" pf show eth9
expect_error "a VF is no PF" "$igb" 1 "PF 0000:01:10.0: look up: it is a virtual function, not a PF" pf show 01:10.0
expect_error "VF index out of range" "$igb" 1 "VF 0000:01:00.0/7: index 7: out of range" vf show enp1s0/7
expect_error "malformed VF name: usage" "$igb" 2 "VF \"enp1s0/x\": parse name: not a VF PCI address" vf show enp1s0/x
expect_error "a PF's netdev is no VF" "$igb" 1 "VF enp1s0: look up: a PF's network interface, not a VF's" vf show enp1s0
run "$igb" -j vf show enp1s0v1
if [ $rc -eq 0 ] && [ "$(jq -r .pci <<<"$out")" = 0000:01:10.2 ]; then
        pass "a VF named by its netdev"
else
        fail "a VF named by its netdev" "rc $rc" "$out" "$err"
fi

# Both VF netdevs up: a dry run of PF/all names both, as the change itself would.
busy=$(host igb)
for v in 0000:01:10.0/net/enp1s0v0 0000:01:10.2/net/enp1s0v1; do
        echo 0x1003 >"$busy/sys/devices/pci0000:00/0000:00:01.0/$v/flags"
done
run "$busy" -n vf unbind enp1s0/all
if [ $rc -eq 1 ] && grep -q "2 VFs in use: VF 0000:01:10.0 (enp1s0/0): .*; VF 0000:01:10.2 (enp1s0/1): " <<<"$err"; then
        pass "a dry run of PF/all names every VF in use"
else
        fail "a dry run of PF/all names every VF in use" "rc $rc" "$err"
fi
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

# IOMMU groups and VFIO (vf show), and the host preflight (check). The hosts add IOMMU units,
# vfio's nodes as sysfs shows them, module parameters and /proc/cmdline (fakeiommu.h).
good=$(host iommu-on igb)
vfio=$(host iommu-on vfio)
off=$(host iommu-off)
noiommu=$(host noiommu)
warned=$(host iommu-on igb zero-vfs)

expect_json "vf show: group members with a bridge, viable, group node and cdev" "$vfio" \
        vfio.vf3.json vf show enp2s0/3
run "$vfio" -j vf show 0000:02:10.2
if [ $rc -eq 0 ] && [ "$(echo "$out" | jq -c '[.iommu_group_viable, .vfio_group, .vfio_cdev,
                [.iommu_group_members[] | "\(.pci) \(.driver)"]]')" = \
        '[false,"/dev/vfio/61","/dev/vfio/devices/vfio1",["0000:02:10.2 vfio-pci","0000:02:10.4 igbvf"]]' ]; then
        pass "vf show -j: a group with a VF on igbvf is not viable"
else
        fail "vf show -j: a group with a VF on igbvf is not viable" "exit $rc: $err" "$out"
fi
run "$off" -j vf show enp7s0/0
if [ $rc -eq 0 ] && [ "$(echo "$out" | jq -c '[.iommu_group, .iommu_group_members,
                .iommu_group_viable, .vfio_group, .vfio_cdev]')" = '[null,null,null,null,null]' ]; then
        pass "vf show -j: no IOMMU group, every VFIO key null"
else
        fail "vf show -j: no IOMMU group, every VFIO key null" "exit $rc: $err" "$out"
fi
run "$vfio" vf show enp2s0/1
if [ $rc -eq 0 ] && [[ "$out" == *"    viable:       no: 0000:02:10.4 is bound to the host driver igbvf"* ]] &&
        [[ "$out" == *"    vfio group:   /dev/vfio/61"* ]] && [[ "$out" == *"    iommu mode:   dma "* ]]; then
        pass "vf show text: viability with its reason, vfio group, iommu mode"
else
        fail "vf show text: viability with its reason, vfio group, iommu mode" "exit $rc: $err" "$out"
fi
run "$noiommu" -j vf show enp8s0/0
if [ $rc -eq 0 ] && [ "$(echo "$out" | jq -r .vfio_group)" = /dev/vfio/noiommu-0 ]; then
        pass "vf show -j: a no-IOMMU group's node"
else
        fail "vf show -j: a no-IOMMU group's node" "exit $rc: $err" "$out"
fi
run "$noiommu" vf show enp8s0/0
if [ $rc -eq 0 ] && [[ "$out" == *"    iommu mode:   no-IOMMU (UNSAFE: "* ]]; then
        pass "vf show text: no-IOMMU mode is called unsafe"
else
        fail "vf show text: no-IOMMU mode is called unsafe" "exit $rc: $err" "$out"
fi

run "$good" check
if [ $rc -eq 0 ] && [ -z "$err" ] && [ "$(echo "$out" | grep -c '^PASS  ')" -eq 5 ] &&
        [ "$(echo "$out" | tail -n 1)" = "check: 5 ok, 0 warnings, 0 problems" ]; then
        pass "check on a ready host: PASS lines, exit 0"
else
        fail "check on a ready host: PASS lines, exit 0" "exit $rc: $err" "$out"
fi
run "$good" -j check
if [ $rc -eq 0 ] && [ "$(echo "$out" | jq -c '[.ok, [.findings[].id], ([.findings[].remedy] | unique)]')" = \
        '[true,["iommu-on","interrupt-remapping","vfio","vfio-pci","pf-sriov"],[null]]' ]; then
        pass "check -j on a ready host: ok true, the findings' ids, no remedies"
else
        fail "check -j on a ready host: ok true, the findings' ids, no remedies" "exit $rc: $err" "$out"
fi
run "$off" check
if [ $rc -eq 1 ] && [ -z "$err" ] &&
        echo "$out" | grep -q '^FAIL  IOMMU: off .*no intel_iommu=on.* — add intel_iommu=on (or amd_iommu=on) to the kernel command line and reboot'; then
        pass "check without IOMMU: FAIL with the remedy, exit 1"
else
        fail "check without IOMMU: FAIL with the remedy, exit 1" "exit $rc: $err" "$out"
fi
run "$vfio" -j check
if [ $rc -eq 1 ] && [ "$(echo "$out" | jq -c '[.ok, (.findings[] | select(.severity == "problem") |
                [.id, .object, (.message | test("group 61 is not viable: 0000:02:10.4")),
                 (.remedy | test("^bind every member of IOMMU group 61 to vfio-pci"))])]')" = \
        '[false,["group-not-viable","0000:02:10.2",true,true]]' ]; then
        pass "check -j: the non-viable group is the one problem, with its remedy; exit 1"
else
        fail "check -j: the non-viable group is the one problem, with its remedy; exit 1" "exit $rc: $err" "$out"
fi
run "$noiommu" -j check
if [ $rc -eq 1 ] && [ "$(echo "$out" | jq -c '[.findings[] | select(.severity == "problem") | .id]')" = \
        '["iommu-off","noiommu-unsafe"]' ] &&
        echo "$out" | jq -e '.findings[] | select(.id == "noiommu-unsafe") | .message | test("UNSAFE")' >/dev/null; then
        pass "check -j in no-IOMMU mode: iommu-off and noiommu-unsafe"
else
        fail "check -j in no-IOMMU mode: iommu-off and noiommu-unsafe" "exit $rc: $err" "$out"
fi
run "$warned" check
if [ $rc -eq 0 ] && echo "$out" | grep -q '^WARN  PF 0000:06:00.0 (mlx5_core): the device allows 0 VFs' &&
        [ "$(echo "$out" | tail -n 1)" = "check: 5 ok, 1 warning, 0 problems" ]; then
        pass "check: warnings alone exit 0"
else
        fail "check: warnings alone exit 0" "exit $rc: $err" "$out"
fi
expect_error "check takes no arguments" "$good" 2 'check: unexpected argument "all"' check all

expect_error "vfio chown: a VF on its host driver has no VFIO node" "$vfio" 1 \
        "sriovctl: VF 0000:02:10.4 (enp2s0/2): set VFIO owner: it is not bound to vfio-pci" vfio chown enp2s0/2 0:0
expect_error "vfio chown: unknown user" "$vfio" 2 'vfio chown: no user "no-such-user-x"' \
        vfio chown enp2s0/0 no-such-user-x:0
expect_error "vfio chown: VF and owner needed" "$vfio" 2 "vfio chown: expected a VF and USER[:GROUP]" \
        vfio chown enp2s0/0

# vf bind / unbind: words and dry runs (the writes themselves are tests/sysfs/test-bind.c's).
expect_error "vf bind: a VF and a driver needed" "$dual" 2 "vf bind: expected a VF and a driver" \
        vf bind 0000:03:02.0
expect_error "vf unbind: one VF" "$dual" 2 "vf unbind: expected one VF" vf unbind
expect_error "vf bind: a malformed driver name" "$dual" 1 \
        'sriovctl: VF 0000:03:02.0 (enp3s0f0np0/0): bind to "../x": not a driver name' vf bind 0000:03:02.0 ../x
expect_error "vf bind PF/all: unknown PF" "$dual" 1 "sriovctl: PF eth9: look up" \
        vf bind eth9/all default
run "$dual" -n vf bind enp3s0f0np0/0 default
if [ $rc -eq 0 ] && [ "$out" = "0000:03:02.0 (enp3s0f0np0/0): nothing to change" ]; then
        pass "vf bind -n default: a driverless VF of a PF without autoprobe is there already"
else
        fail "vf bind -n default: a driverless VF of a PF without autoprobe is there already" \
                "exit $rc: $err" "$out"
fi
run "$dual" -n vf unbind enp3s0f0np0/all
if [ $rc -eq 0 ] && [ "$out" = "would keep 0000:03:02.0 (enp3s0f0np0/0) without a driver (driver_override none)
would keep 0000:03:02.1 (enp3s0f0np0/1) without a driver (driver_override none)" ]; then
        pass "vf unbind -n PF/all: a line per VF"
else
        fail "vf unbind -n PF/all: a line per VF" "exit $rc: $err" "$out"
fi
run "$dual" -n -j vf unbind enp3s0f0np0/all
if [ $rc -eq 0 ] && [ "$(echo "$out" | jq -c .)" = '{"changed":true,"dry_run":true,"vfs":[{"vf":0,"pci":"0000:03:02.0","driver":null,"old_driver":null},{"vf":1,"pci":"0000:03:02.1","driver":null,"old_driver":null}]}' ]; then
        pass "vf unbind -n -j PF/all: the result object"
else
        fail "vf unbind -n -j PF/all: the result object" "exit $rc: $err" "$out"
fi

# dump and apply: what can be decided without writing (the writes are the testbed's, on igb).
# Settings are unknown under umockdev (no rtnetlink for the fake PFs): the dump leaves them out.
expect_json "dump: every SR-IOV PF, num_vfs, autoprobe, VF drivers" "$mixed" mixed.dump.json dump
run "$mixed" dump
echo "$out" >"$tmp/mixed.json"
run "$mixed" apply --dry-run "$tmp/mixed.json"
if [ $rc -eq 0 ] && [ "$out" = "No changes." ]; then
        pass "dump -> apply --dry-run: no changes"
else
        fail "dump -> apply --dry-run: no changes" "exit $rc: $err" "$out"
fi
cat >"$tmp/dual.json" <<EOF
{"version": 1, "pfs": [{"ifname": "enp3s0f1np1", "num_vfs": 4, "drivers_autoprobe": false},
                       {"match": {"vendor": "15b3"}, "num_vfs": 8}]}
EOF
run "$dual" apply -n "$tmp/dual.json"
if [ $rc -eq 0 ] && [ "$out" = "PF 0000:03:00.1 (enp3s0f1np1): drivers_autoprobe on -> off
PF 0000:03:00.1 (enp3s0f1np1): num_vfs 0 -> 4
2 changes planned (dry run, nothing applied)." ]; then
        pass "apply -n: the plan in order; a selector that matches no PF is no error"
else
        fail "apply -n: the plan in order; a selector that matches no PF is no error" "exit $rc: $err" "$out"
fi
# The plan names a VF as every message does (sriov_vf_get_label()); one it creates by PF/INDEX.
cat >"$tmp/dual-vfs.json" <<EOF
{"version": 1, "pfs": [{"ifname": "enp3s0f0np0", "vfs": [{"vf": 1, "driver": "none"}]},
                       {"ifname": "enp3s0f1np1", "num_vfs": 3, "vfs": [{"vf": 2, "driver": "none"}]}]}
EOF
run "$dual" apply -n "$tmp/dual-vfs.json"
if [ $rc -eq 0 ] && [ "$out" = "VF 0000:03:02.1 (enp3s0f0np0/1): driver default -> none
PF 0000:03:00.1 (enp3s0f1np1): num_vfs 0 -> 3
VF enp3s0f1np1/2: driver -> none
3 changes planned (dry run, nothing applied)." ]; then
        pass "apply -n: a VF named as in every message"
else
        fail "apply -n: a VF named as in every message" "exit $rc: $err" "$out"
fi
run "$dual" -j apply --dry-run - <"$tmp/dual.json"
if [ $rc -eq 0 ] && [ "$(echo "$out" | jq -c .)" = '{"changed":true,"dry_run":true,"changes":[{"pf":"0000:03:00.1","ifname":"enp3s0f1np1","vf":null,"field":"drivers_autoprobe","from":true,"to":false},{"pf":"0000:03:00.1","ifname":"enp3s0f1np1","vf":null,"field":"num_vfs","from":0,"to":4}],"unverified":[]}' ]; then
        pass "apply -n -j from stdin: the plan object"
else
        fail "apply -n -j from stdin: the plan object" "exit $rc: $err" "$out"
fi
# apply --pf: the document's part for that PF alone (what sriov-reapply@.service runs when a PF
# comes back), a PF named as documents and commands name PFs.
cat >"$tmp/both.json" <<EOF
{"version": 1, "pfs": [{"ifname": "enp3s0f0np0", "drivers_autoprobe": true},
                       {"pci": "0000:03:00.1", "num_vfs": 4, "drivers_autoprobe": false}]}
EOF
pf_plan() { # NAME EXPECTED-OUTPUT ARGS...: apply -n ARGS both.json prints EXPECTED-OUTPUT, exit 0
        local name=$1 want=$2
        shift 2
        run "$dual" apply -n "$@" "$tmp/both.json"
        if [ $rc -eq 0 ] && [ "$out" = "$want" ]; then
                pass "$name"
        else
                fail "$name" "exit $rc: $err" "$out"
        fi
}
pf1_plan="PF 0000:03:00.1 (enp3s0f1np1): drivers_autoprobe on -> off
PF 0000:03:00.1 (enp3s0f1np1): num_vfs 0 -> 4"
pf0_plan="PF 0000:03:00.0 (enp3s0f0np0): drivers_autoprobe off -> on"
pf_plan "apply -n --pf ADDRESS: that PF's part alone" "$pf1_plan
2 changes planned (dry run, nothing applied)." --pf 0000:03:00.1
pf_plan "apply -n --pf NETDEV: the other PF's part alone" "$pf0_plan
1 change planned (dry run, nothing applied)." --pf enp3s0f0np0
pf_plan "apply -n --pf twice, the short address: both parts" "PF 0000:03:00.0 (enp3s0f0np0): drivers_autoprobe off -> on
PF 0000:03:00.1 (enp3s0f1np1): drivers_autoprobe on -> off
PF 0000:03:00.1 (enp3s0f1np1): num_vfs 0 -> 4
3 changes planned (dry run, nothing applied)." --pf 03:00.1 --pf enp3s0f0np0
echo '{"version": 1, "pfs": [{"pci": "0000:03:00.1", "num_vfs": 4}]}' >"$tmp/one.json"
run "$dual" apply -n --pf 03:00.0 "$tmp/one.json"
if [ $rc -eq 0 ] && [ "$out" = "PF 0000:03:00.0 (enp3s0f0np0): $tmp/one.json does not describe it, nothing to do.
No changes." ]; then
        pass "apply --pf: a PF the document does not describe is nothing to do, exit 0"
else
        fail "apply --pf: a PF the document does not describe is nothing to do, exit 0" "exit $rc: $err" "$out"
fi
# Another PF named that is not there (away, being reset itself) is no error for this one.
echo '{"version": 1, "pfs": [{"ifname": "gone0", "num_vfs": 2}, {"pci": "0000:03:00.1", "num_vfs": 4}]}' \
        >"$tmp/away.json"
run "$dual" -j apply -n --pf enp3s0f1np1 "$tmp/away.json"
if [ $rc -eq 0 ] && [ "$(echo "$out" | jq -c '[.changes[] | "\(.pf) \(.field) \(.to)"]')" = '["0000:03:00.1 num_vfs 4"]' ]; then
        pass "apply -j --pf: another PF of the document that is away is no error"
else
        fail "apply -j --pf: another PF of the document that is away is no error" "exit $rc: $err" "$out"
fi
expect_error "apply --pf: that PF away is an error" "$dual" 1 \
        'apply: --pf "0000:09:00.0": no SR-IOV capable PF has this PCI address or name' \
        apply -n --pf 0000:09:00.0 "$tmp/both.json"
echo '{"version": 1, "pfs": [{"pci": "03:00.1"}, {"pci": "03:00.0", "vfs": [{"vf": 0, "vlna": 3}]}]}' \
        >"$tmp/broken.json"
expect_error "apply --pf: the whole document is checked, not only that PF's part" "$dual" 2 \
        "$tmp/broken.json: \$.pfs[1].vfs[0].vlna: unknown key" apply -n --pf 03:00.1 "$tmp/broken.json"
echo '{"version": 1, "pfs": [{"pci": "03:00.0"}, {"match": {"vendor": "8086"}}]}' >"$tmp/twice.json"
expect_error "apply --pf: a PF the document claims twice is refused, whichever is asked" "$dual" 1 \
        '$.pfs[1]: PF 0000:03:00.0 is already configured by $.pfs[0]' apply -n --pf 03:00.1 "$tmp/twice.json"
expect_error "apply --pf: no PF after it" "$dual" 2 "apply: --pf: a PF is missing" apply "$tmp/both.json" --pf

# drivers_autoprobe is a plain sysfs file under umockdev, so this apply really writes it.
auto=$(host igb)
echo '{"version": 1, "pfs": [{"pci": "0000:01:00.0", "drivers_autoprobe": false}]}' >"$tmp/auto.json"
run "$auto" apply "$tmp/auto.json"
if [ $rc -eq 0 ] && [ "$out" = "PF 0000:01:00.0 (enp1s0): drivers_autoprobe on -> off
1 change applied." ] && [ "$(cat "$auto/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/sriov_drivers_autoprobe")" = 0 ]; then
        pass "apply: drivers_autoprobe off is written and stays written"
else
        fail "apply: drivers_autoprobe off is written and stays written" "exit $rc: $err" "$out" \
                "sriov_drivers_autoprobe: $(cat "$auto/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/sriov_drivers_autoprobe")"
fi
run "$auto" apply "$tmp/auto.json"
if [ $rc -eq 0 ] && [ "$out" = "No changes." ]; then
        pass "apply: drivers_autoprobe already off is no change"
else
        fail "apply: drivers_autoprobe already off is no change" "exit $rc: $err" "$out"
fi
# A dry run goes on past the phase that would write autoprobe, to the drivers it checks.
echo '{"version": 1, "pfs": [{"pci": "0000:01:00.0", "drivers_autoprobe": false,
  "vfs": [{"vf": 0, "driver": "no-such-driver-x"}]}]}' >"$tmp/auto-bad.json"
expect_error "apply -n: checks after a drivers_autoprobe change still run" "$igb" 1 \
        "apply: would fail: VF 0000:01:10.0 (enp1s0/0): bind to no-such-driver-x (from igbvf): no driver no-such-driver-x is loaded" \
        apply -n "$tmp/auto-bad.json"

doc_error() { # NAME STATUS STDERR-TEXT DOCUMENT
        echo "$4" >"$tmp/doc.json"
        expect_error "$1" "$dual" "$2" "$3" apply -n "$tmp/doc.json"
}
doc_error "apply: an unknown key, with its path" 2 \
        "$tmp/doc.json: \$.pfs[0].vfs[0].vlna: unknown key" \
        '{"version": 1, "pfs": [{"pci": "03:00.0", "vfs": [{"vf": 0, "vlna": 3}]}]}'
doc_error "apply: a VF twice" 2 '$.pfs[0].vfs[1].vf: "1-2": VF 1 is already set by $.pfs[0].vfs[0]' \
        '{"version": 1, "pfs": [{"pci": "03:00.0", "vfs": [{"vf": 1}, {"vf": "1-2"}]}]}'
doc_error "apply: not JSON, line and column" 2 "$tmp/doc.json:1:15: not valid JSON" \
        '{"version": 1,, "pfs": []}'
doc_error "apply: num_vfs above sriov_totalvfs" 1 \
        '$.pfs[0].num_vfs: 65: above sriov_totalvfs 64 of PF 0000:03:00.1' \
        '{"version": 1, "pfs": [{"pci": "03:00.1", "num_vfs": 65}]}'
doc_error "apply: a PF that does not exist" 1 \
        '$.pfs[0].pci: "0000:09:00.0": no SR-IOV capable PF has this PCI address' \
        '{"version": 1, "pfs": [{"pci": "0000:09:00.0"}]}'
doc_error "apply: a PF matched twice" 1 '$.pfs[1]: PF 0000:03:00.0 is already configured by $.pfs[0]' \
        '{"version": 1, "pfs": [{"pci": "03:00.0"}, {"match": {"vendor": "8086"}}]}'
doc_error "apply: VF beyond num_vfs" 1 '$.pfs[0].vfs[0].vf: VF 2 does not exist: PF 0000:03:00.0 has 2 VFs' \
        '{"version": 1, "pfs": [{"pci": "03:00.0", "vfs": [{"vf": 2, "driver": "none"}]}]}'
echo '{"version": 1, "pfs": [{"pci": "05:00.0", "num_vfs": 1}]}' >"$tmp/nodrv.json"
expect_error "apply: no driver, no VFs" "$nodrv" 1 'PF 0000:05:00.0 has no driver bound' \
        apply -n "$tmp/nodrv.json"
expect_error "apply: a missing file" "$dual" 1 "sriovctl: $tmp/none.json: cannot open it" apply "$tmp/none.json"
expect_error "apply: no document" "$dual" 2 "apply: a document is missing" apply
expect_error "dump: no arguments" "$dual" 2 "dump: takes no arguments" dump all

# A thousand VFs per PF under systemd's default limit of 1024 open files: every VF is listed
# (the library once kept a descriptor per VF, and sriovctl dropped the rest without a word).
many=$(host mlx5-4x1024)
out=$(ulimit -n 1024; UMOCKDEV_DIR=$many umockdev-wrapper "$sriovctl" -j vf list 2>"$tmp/err")
rc=$?
[ $rc -eq 0 ] && keep_json -j vf list
if [ $rc -eq 0 ] && [ "$(jq length <<<"$out")" = 4096 ] && [ ! -s "$tmp/err" ] &&
        [ "$(jq -r '.[4095] | "\(.pci) \(.iommu_group) \(.driver)"' <<<"$out")" = \
          "0000:94:00.7 5095 mlx5_core" ]; then
        pass "vf list: 4 x 1024 VFs under a 1024 open-file limit, all of them"
else
        fail "vf list: 4 x 1024 VFs under a 1024 open-file limit" \
                "exit $rc, $(jq length <<<"$out" 2>/dev/null) VFs, stderr: $(head -c 300 "$tmp/err")"
fi

# A VF that exists but cannot be read is not dropped in silence: the others are printed, it is
# named on stderr, and the command fails.
broken=$(host igb)
ln -sfn ../../../../kernel/iommu_groups/notanumber \
        "$broken/sys/bus/pci/devices/0000:01:10.2/iommu_group"
run "$broken" -j vf list enp1s0
if [ $rc -eq 1 ] && [ "$(jq -r '.[].pci' <<<"$out" | xargs)" = "0000:01:10.0" ] &&
        [[ $err == *"VF 0000:01:10.2 (enp1s0/1): iommu_group link \"notanumber\": not a group number"* ]]; then
        pass "vf list: an unreadable VF is named on stderr, exit 1, the rest printed"
else
        fail "vf list: an unreadable VF is named on stderr, exit 1, the rest printed" \
                "exit $rc; stdout: $out; stderr: $err"
fi

# --help is made from the command tables: every command of sriovctl(8)'s SYNOPSIS is in it
# (it once left out vf acquire, vf release and lease), with the apply options the man page has.
man=$(dirname "$0")/../../man/sriovctl.8
run "$plain" --help
missing=""
while read -r obj cmd; do
        [[ $cmd =~ ^[a-z]+$ ]] || cmd=""
        grep -q "^  $obj${cmd:+ $cmd}\b" <<<"$out" || missing+=" \"$obj${cmd:+ $cmd}\""
done < <(sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/s/^\.B sriovctl \([a-z]*\) *\([a-z]*\).*/\1 \2/p' "$man")
for opt in --dry-run --force --deadline --pf; do
        grep -q "^  apply .*$opt" <<<"$out" || missing+=" apply $opt"
done
if [ $rc -ne 0 ] || [ -n "$missing" ]; then
        fail "--help covers every command of sriovctl(8)" "exit $rc; missing:$missing"
elif [ "$(awk 'length > 79' <<<"$out")" ]; then
        fail "--help fits 79 columns" "$(awk 'length > 79' <<<"$out")"
else
        pass "--help covers every command of sriovctl(8), in 79 columns"
fi
expect_error "an object without a command lists its commands" "$plain" 2 \
        "sriovctl vf acquire VF|PF/any" vf

# Help per object, in every form ip(8) and devlink(8) users type; all made from the tables.
run "$plain" --help
full_help=$out
run "$plain" help
if [ $rc -eq 0 ] && [ "$out" = "$full_help" ]; then
        pass "help is --help"
else
        fail "help is --help" "exit $rc: $err"
fi
vf_help_lines=$(grep -c '^  vf [a-z]' <<<"$full_help")
for form in "vf help" "vf --help" "vf -h" "help vf"; do
        # shellcheck disable=SC2086 # the form is words
        run "$plain" $form
        if [ $rc -eq 0 ] && [ -z "$err" ] && [[ $out == "Usage: sriovctl [OPTIONS] vf COMMAND"* ]] &&
                [ "$(grep -c '^  vf [a-z]' <<<"$out")" = "$vf_help_lines" ] &&
                ! grep -q '^  \(pf\|vfio\|lease\|rate\) ' <<<"$out"; then
                pass "sriovctl $form: vf's commands, each of them, no other object's"
        else
                fail "sriovctl $form: vf's commands, each of them, no other object's" \
                        "exit $rc: $err" "$out"
        fi
done
for form in "apply --help" "help apply" "check help" "check -h"; do
        # shellcheck disable=SC2086
        run "$plain" $form
        obj=${form%% *}
        [ "$obj" = help ] && obj=${form#help }
        if [ $rc -eq 0 ] && [[ $out == "Usage: sriovctl [OPTIONS] $obj"* ]] &&
                grep -q "^  $obj" <<<"$out"; then
                pass "sriovctl $form: the object's own help"
        else
                fail "sriovctl $form: the object's own help" "exit $rc: $err" "$out"
        fi
done
# The objects of a usage error are the table's: every object --help lists, rate too.
objects=$(sed -n '/^Objects and commands:/,/^$/s/^  \([a-z]\+\).*/\1/p' <<<"$full_help" | uniq)
run "$plain" link show
listed=$(sed -n 's/.*unknown object "link" (\(.*\)).*/\1/p' <<<"$err" | tr -d ' ' | tr , '\n')
if [ $rc -eq 2 ] && [ -n "$objects" ] && [ "$listed" = "$objects" ]; then
        pass "unknown object: the list is every object of --help ($(echo $objects))"
else
        fail "unknown object: the list is every object of --help" "--help: $objects" "$err"
fi

# Unique prefixes: for every command of --help, its shortest unique prefix (and its object's)
# does what the whole word does: same exit status, stdout and stderr (run without arguments,
# most commands refuse with their usage line, which names them in full).
shortest() { # WORD CANDIDATE...: the shortest prefix of WORD no other candidate starts with
        local word=$1 p len c n
        shift
        for ((len = 1; len <= ${#word}; len++)); do
                p=${word:0:len}
                [ "$p" = "$word" ] && break
                n=0
                for c in "$@"; do [[ $c == "$p"* ]] && n=$((n + 1)); done
                [ $n -eq 1 ] && break
        done
        echo "$p"
}
declare -A cmds=()
while read -r obj cmd; do
        [[ $cmd =~ ^[a-z]+$ ]] || cmd=""
        cmds[$obj]+="${cmd:+$cmd }"
done < <(sed -n '/^Objects and commands:/,/^$/s/^  \([a-z]\+\)\( [^ ]\+\)\?.*/\1\2/p' <<<"$full_help" |
        sed 's/  .*//')
checked=0
bad=""
tried=""
for obj in $objects; do
        # shellcheck disable=SC2086
        op=$(shortest "$obj" $objects)
        # monitor waits for events until a signal, or the global --timeout: bounded here.
        bound=""
        [ "$obj" != monitor ] || bound="-t 1"
        for cmd in ${cmds[$obj]:-""}; do
                # shellcheck disable=SC2086
                cp=${cmd:+$(shortest "$cmd" ${cmds[$obj]})}
                # shellcheck disable=SC2086
                run "$igb" $bound $obj $cmd
                whole="$rc|$out|$err"
                # shellcheck disable=SC2086
                run "$igb" $bound $op $cp
                checked=$((checked + 1))
                tried+="${tried:+, }$op${cp:+ $cp}"
                if [ "$rc|$out|$err" != "$whole" ] || [[ $err == *"unknown "* ]] ||
                        [[ $err == *ambiguous* ]]; then
                        bad+=" \"$op $cp\" ($obj $cmd: exit $rc: ${err%%$'\n'*})"
                fi
        done
done
if [ $checked -ge 20 ] && [ -z "$bad" ]; then
        pass "every command of --help ($checked) by its shortest unique prefix: $tried"
else
        fail "every command of --help ($checked) by its shortest unique prefix" "$bad"
fi
expect_error "an ambiguous command: refused, the candidates listed" "$igb" 2 \
        'sriovctl: vf: "s" is ambiguous: show, set' vf s enp1s0/1
expect_error "an ambiguous object: refused, the candidates listed" "$igb" 2 \
        'sriovctl: "v" is ambiguous: vf, vfio' v list
expect_error "an ambiguous keyword: refused, the candidates listed" "$igb" 2 \
        'sriovctl: vf set: "s" is ambiguous: spoofchk, state' vf set enp1s0/1 s on
expect_error "vf acquire: a prefix is unique among its words and the settings" "$igb" 2 \
        'sriovctl: vf acquire: "v" is ambiguous: vfio-owner, vlan, vlan_proto' \
        vf acquire enp1s0/1 v 5
expect_error "a value is not shortened" "$igb" 2 'vf set: trust "of": expected on or off' \
        -n vf set enp1s0/1 trust of
# A keyword by its prefix, and by the document's and JSON's key, goes as far as the whole
# word: under umockdev, to reading the settings (exit 1, the PF's rtnetlink).
for words in "tr on" "st enable" "link_state enable" "link auto" "vlan 5 vlan_proto 802.1ad" \
        "vlan 5 qo 3 pro 802.1ad" "mi 10" "max 10" "query_rss on"; do
        # shellcheck disable=SC2086
        expect_error "vf set $words: taken" "$igb" 1 "sriovctl: PF 0000:01:00.0: " \
                -n vf set enp1s0/1 $words
done
for words in "numvfs 4" "num_vfs 4" "n 4" "num_vfs 4 drivers_autoprobe off" "num 4 auto off"; do
        # shellcheck disable=SC2086
        run "$dual" -n pf set enp3s0f1np1 $words
        if [ $rc -eq 0 ] && [[ "$out" == *"would set PF 0000:03:00.1 sriov_numvfs 0 -> 4" ]]; then
                pass "pf set -n $words: taken as numvfs"
        else
                fail "pf set -n $words: taken as numvfs" "exit $rc: $err" "$out"
        fi
done
expect_error "pf set: eswitch_mode is eswitch" "$dual" 1 "devlink" \
        -n pf set enp3s0f1np1 eswitch_mode switchdev
expect_error "pf set: e is ambiguous" "$dual" 2 \
        'pf set: "e" is ambiguous: eswitch, eswitch_inline_mode, encap-mode' -n pf set enp3s0f1np1 e x

# Counters in a list, as ip -s: vf list -s, sriovctl -s vf list; null where none is reported.
for form in "-s vf list enp1s0" "vf list -s enp1s0" "vf list enp1s0 --stats"; do
        # shellcheck disable=SC2086
        run "$igb" -j $form
        if [ $rc -eq 0 ] && [ "$(jq -c '[.[] | has("stats"), .stats]' <<<"$out")" = \
                '[true,null,true,null]' ]; then
                pass "-j $form: a stats key per VF"
        else
                fail "-j $form: a stats key per VF" "exit $rc: $err" "$out"
        fi
done
run "$igb" -j vf list enp1s0
if [ $rc -eq 0 ] && [ "$(jq -c '[.[] | has("stats")]' <<<"$out")" = '[false,false]' ]; then
        pass "vf list -j without -s: no stats key"
else
        fail "vf list -j without -s: no stats key" "exit $rc: $err" "$out"
fi
run "$igb" -s vf list enp1s0
if [ $rc -eq 0 ] && [ "$(grep -c '^enp1s0 ' <<<"$out")" = 4 ] &&
        grep -Eq '^PF +VF +RX_BYTES +RX_PACKETS +BROADCAST +MULTICAST +RX_DROPPED +TX_BYTES +TX_PACKETS +TX_DROPPED$' <<<"$out" &&
        grep -Eq '^enp1s0 +1 +- +- +- +- +- +- +- +-$' <<<"$out"; then
        pass "vf list -s text: the counters' table after the VFs', - for none"
else
        fail "vf list -s text: the counters' table after the VFs', - for none" "exit $rc: $err" "$out"
fi
run "$igb" -s -j vf show enp1s0/1
if [ $rc -eq 0 ] && [ "$(jq -c 'has("stats")' <<<"$out")" = true ]; then
        pass "sriovctl -s vf show: as vf show -s"
else
        fail "sriovctl -s vf show: as vf show -s" "exit $rc: $err" "$out"
fi
expect_error "vf list: an unknown option" "$igb" 2 'vf list: unknown option "-x"' vf list -x

# Verbose output: the prefix a user greps for (warning:, error:) at every level, the
# library's function only from -vv on.
run "$igb" -v vf list enp1s0
if [ $rc -eq 0 ] && grep -q '^sriovctl: error: PF 0000:01:00.0: ' <<<"$err" &&
        ! grep -Eq '^sriovctl: ([a-z]+: )?[a-z]+_[a-z_]+: ' <<<"$err"; then
        pass "-v: sriovctl: error: and the message, no function name"
else
        fail "-v: sriovctl: error: and the message, no function name" "exit $rc" "$err"
fi
run "$igb" -vv vf list enp1s0
if [ $rc -eq 0 ] && grep -Eq '^sriovctl: error: [a-z]+_[a-z_]+: PF 0000:01:00.0: ' <<<"$err" &&
        grep -Eq '^sriovctl: debug: [a-z]+_[a-z_]+: ' <<<"$err"; then
        pass "-vv: the function after error: and debug:"
else
        fail "-vv: the function after error: and debug:" "exit $rc" "$err"
fi
# A lease broken with force by a process that has exited since, as the journal records it
# (version 2: the keys of lib/lease-journal.c); its release warns.
broken_lease() {
        local dead
        sh -c 'exit 0' &
        dead=$!
        wait $dead
        printf '%s\n' "libsriov-lease 2" "state held" "pci 0000:01:10.2" "pf 0000:01:00.0" "vf 1" \
                "owner_pid -1" "owner_start 0" "cookie 0123456789abcdef0123456789abcdef" \
                "driver igbvf" "driver_override -" "mask 0" "mac 00:00:00:00:00:00" "vlan 0" \
                "qos 0" "vlan_proto 0x8100" "min_tx_rate 0" "max_tx_rate 0" "spoofchk 0" \
                "trust 0" "link_state 0" "query_rss 0" "busy_pid -1" "busy_start 0" \
                "broken_pid $dead" "broken_what set its settings" \
                >/run/libsriov/0000:01:10.2.lease
        echo "$dead"
}
for v in "" -v -vv; do
        dead=$(broken_lease)
        run "$igb" $v vf release enp1s0/1
        fn=""
        [ "$v" = -vv ] && fn="[a-z]+_[a-z_]+: "
        if [ $rc -eq 0 ] && grep -Eq "^sriovctl: warning: ${fn}VF 0000:01:10.2 \(enp1s0/1\): changed under its lease: process $dead \(no longer running\) did \"set its settings\"" <<<"$err"; then
                pass "vf release ${v:-without -v}: warning:${fn:+ the function,} the process no longer running"
        else
                fail "vf release ${v:-without -v}: warning:${fn:+ the function,} the process no longer running" \
                        "exit $rc" "$err"
        fi
done

# lease gc says how many it recovered, none too (sriovctl(8)).
run "$igb" lease gc
if [ $rc -eq 0 ] && [ "$out" = "recovered 0 stale leases" ]; then
        pass "lease gc: recovered 0 stale leases"
else
        fail "lease gc: recovered 0 stale leases" "exit $rc: $err" "$out"
fi

# The testbed's wrapper (tests/vm/sriovctl-json-log) prints what sriovctl prints, byte for byte:
# nothing when it prints nothing, and logs only JSON printed on success.
wrapper=$(dirname "$0")/../vm/sriovctl-json-log
mkdir -p "$tmp/wrapper-log"
wrapped_ok=""
for words in "-j pf show eth9" "-j vf list enp1s0" "-j -n vf set enp1s0/1 trust on" "pf list"; do
        # shellcheck disable=SC2086
        UMOCKDEV_DIR=$igb umockdev-wrapper "$sriovctl" $words >"$tmp/direct" 2>/dev/null
        want=$?
        # shellcheck disable=SC2086
        UMOCKDEV_DIR=$igb SRIOVCTL_REAL=$sriovctl SRIOVCTL_JSON_LOG=$tmp/wrapper-log \
                umockdev-wrapper "$wrapper" $words >"$tmp/wrapped" 2>/dev/null
        got=$?
        if [ $got -ne $want ] || ! cmp -s "$tmp/direct" "$tmp/wrapped"; then
                wrapped_ok+=" \"$words\": exit $got (not $want), $(od -c "$tmp/wrapped" | head -2 | xargs)"
        fi
done
logged=$(find "$tmp/wrapper-log" -name '*.json' | wc -l)
if [ -z "$wrapped_ok" ] && [ "$logged" = 1 ]; then
        pass "sriovctl-json-log: stdout and exit status as sriovctl's; one JSON kept"
else
        fail "sriovctl-json-log: stdout and exit status as sriovctl's; one JSON kept" \
                "$wrapped_ok" "$logged JSON kept"
fi

if schema_out=$("$(dirname "$0")/../schema/validate.py" "$(dirname "$0")/../../schemas" \
        --log "$tmp/json" 2>&1); then
        pass "every -j output ($json_seen) is valid against its schema in schemas/"
else
        fail "every -j output ($json_seen) is valid against its schema in schemas/" "$schema_out"
fi

echo "sysfs/cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
