#!/bin/bash
# A PF that vanishes under sriovctl (issue 26, reliability): its igb driver unbound while its
# VFs are on vfio-pci without a user, and while `sriovctl apply` is making its VFs. Every
# command returns by its deadline, exit 1 with a message that names the vanished device, the
# lease directory keeps no half-written journal, and once the driver is back the same commands
# work again.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

PF=0000:01:00.0
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

# timed MAX CMD...: CMD under a hard bound of MAX seconds; sets OUT, ERR, RC and SECS.
timed() {
	local max=$1 t0
	shift
	t0=$SECONDS
	RC=0
	timeout -k 5 "$max" "$@" >"$DIR/out" 2>"$DIR/err" || RC=$?
	SECS=$((SECONDS - t0))
	OUT=$(cat "$DIR/out")
	ERR=$(cat "$DIR/err")
	[ "$RC" != 124 ] && [ "$RC" != 137 ] || fail "$* did not return within $max s"
}

step "VFs on vfio-pci without a user, then the PF's driver unbound"
set_numvfs "$PF" 2
vf0=$(vf_pci "$PF" 0)
"$SRIOVCTL" vf bind "$PF/all" vfio-pci >/dev/null
echo "$PF" >/sys/bus/pci/drivers/igb/unbind
[ ! -e "$SYS_PCI/$vf0" ] || fail "$vf0 is still there after the PF's driver was unbound"
timed 60 "$SRIOVCTL" vf show "$vf0"
assert_eq 1 "$RC" "vf show of a vanished VF: exit"
assert_contains "$vf0" "$ERR" "vf show names the vanished VF"
timed 60 "$SRIOVCTL" vf bind "$PF/0" default
assert_eq 1 "$RC" "vf bind on a PF without a driver: exit"
assert_contains "$PF" "$ERR" "vf bind names the PF"
timed 60 "$SRIOVCTL" -j vf list
assert_eq 0 "$RC" "vf list without the PF's driver: exit"
echo "$PF" >/sys/bus/pci/drivers/igb/bind

step "the PF's driver unbound while apply makes its VFs"
cat >"$DIR/doc.json" <<EOF
{"version": 1, "pfs": [{"pci": "$PF", "num_vfs": 7,
  "vfs": [{"vf": 0, "mac": "02:00:00:00:0c:00", "vlan": 30}, {"vf": 6, "trust": true}]}]}
EOF
# Each netlink request held back 1 s (strace's fault injection), so that the driver goes while
# the apply still has its settings to send, whatever the machine's speed.
strace -f -o /dev/null -e trace=sendmsg -e inject=sendmsg:delay_enter=1000000 \
	"$TOP/tools/sriovctl/sriovctl" --timeout 20 apply --deadline 60 "$DIR/doc.json" \
	>"$DIR/apply.out" 2>"$DIR/apply.err" &
apply=$!
t0=$SECONDS
# As soon as the VFs begin to appear (the apply is in its num_vfs phase), the driver goes.
for _ in $(seq 200); do
	[ "$(cat "$SYS_PCI/$PF/sriov_numvfs" 2>/dev/null || echo 0)" != 0 ] && break
	kill -0 "$apply" 2>/dev/null || break
	sleep 0.05
done
echo "$PF" >/sys/bus/pci/drivers/igb/unbind
rc=0
wait "$apply" || rc=$?
secs=$((SECONDS - t0))
echo "apply exited $rc after $secs s: $(tail -n 5 "$DIR/apply.err") // $(tail -n 8 "$DIR/apply.out") // numvfs $(cat "$SYS_PCI/$PF/sriov_numvfs") driver $(dev_driver "$PF")"
[ "$secs" -le 90 ] || fail "apply took $secs s, past its deadline (60 s) and the lock's"
assert_eq 1 "$rc" "apply whose PF vanished: exit"
assert_contains "$PF" "$(cat "$DIR/apply.err")" "apply names the PF"
ls /run/libsriov/ 2>/dev/null | grep -q '\.tmp$' && fail "a half-written journal was left: $(ls -a /run/libsriov)"
echo "$PF" >/sys/bus/pci/drivers/igb/bind

step "the driver back: the same apply works"
timed 120 "$SRIOVCTL" --timeout 30 apply --deadline 90 "$DIR/doc.json"
assert_eq 0 "$RC" "apply once the PF is back: exit ($ERR)"
assert_eq 7 "$(cat "$SYS_PCI/$PF/sriov_numvfs")" "sriov_numvfs after the apply"
