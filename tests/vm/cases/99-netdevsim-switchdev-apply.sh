#!/bin/bash
# The apply document's switchdev keys on netdevsim, with devlink(8) -j as the oracle: a
# document takes a PF from legacy with no VFs to switchdev with VFs, rate groups and leaves in
# one apply; again, it changes nothing and sends no devlink write (strace is the witness);
# dump applies to no change; back to legacy; a step the kernel refuses part-way (netdevsim
# takes rates only in whole Mbit/s) puts the mode, the groups and the leaves back; igb refuses
# an eswitch mode, naming the driver, before anything changes.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
command -v devlink >/dev/null || fail "devlink (iproute2) is not in the guest"
command -v strace >/dev/null || fail "strace is not in the guest"

ID=14
PF=netdevsim$ID
DL=netdevsim/$PF
DIR=$(mktemp -d)

dl_mode() {
	devlink -j dev eswitch show "$DL" | jq -r ".dev[\"$DL\"].mode"
}

# dl_rates: every rate object of the PF, "NAME TYPE TX_SHARE TX_MAX PARENT", sorted, with
# devlink's absent values as 0 and -: what the document asked, in devlink's words.
dl_rates() {
	devlink -j port function rate show | jq -r --arg dl "$DL/" '.rate | to_entries[] |
		select(.key | startswith($dl)) |
		"\(.key | ltrimstr($dl)) \(.value.type) \(.value.tx_share // 0) \(.value.tx_max // 0) \(.value.parent // "-")"' |
		sort
}

# devlink_writes TRACE: devlink requests that change something (ESWITCH_SET 0x1e, RATE_SET
# 0x4b, RATE_NEW 0x4c, RATE_DEL 0x4d, PORT_SET 0x06), as strace shows the genetlink header.
devlink_writes() {
	grep -cE 'nlmsg_type=devlink, [^]]*\}, "\\x(1e|4b|4c|4d|06)' "$1" || true
}

net=$(netdevsim_new $ID 8)

# switchdev_doc FILE [VF3]: 4 VFs in switchdev mode, two groups (gold in tenant), VFs 0-1 in
# gold at 50mbit, VF 2 in tenant; VF3 is VF 3's entry, if any.
switchdev_doc() {
	cat >"$1" <<EOF
{"version": 1, "pfs": [{"ifname": "$net", "num_vfs": 4, "eswitch_mode": "switchdev",
  "rate_groups": [{"name": "gold", "parent": "tenant", "tx_share": "10mbit"},
                  {"name": "tenant", "tx_max": "100mbit"}],
  "vfs": [{"vf": "0-1", "tx_max": "50mbit", "rate_group": "gold"},
          {"vf": 2, "rate_group": "tenant"}${2:+, $2}]}]}
EOF
}

step "$PF from legacy with no VFs to switchdev, groups and leaves, in one apply"
assert_eq legacy "$(dl_mode)" "devlink's mode at first"
switchdev_doc "$DIR/sw.json"
out=$(sriovctl_json apply "$DIR/sw.json")
echo "$out" | jq -c '.changes[] | [.vf, .field, .to]'
# In the order applied: VFs, the mode, groups parents first, then the leaves that join them.
assert_eq "num_vfs eswitch_mode rate_groups:tenant rate_groups:gold" \
	"$(jget "$out" '[.changes[] | select(.vf == null) | .field + (if .to | type == "object" then ":" + .to.name else "" end)] | join(" ")')" \
	"the PF's changes, in order"
assert_eq switchdev "$(dl_mode)" "devlink's mode"
ports=($(devlink -j port show | jq -r --arg dl "$DL/" '.port | to_entries[] |
	select(.key | startswith($dl)) | select(.value.flavour == "pcivf") | "\(.value.vfnum):\(.key | ltrimstr($dl))"' | sort -n))
[ "${#ports[@]}" = 4 ] || fail "devlink lists no 4 VF ports: ${ports[*]}"
p() { echo "${ports[$1]#*:}"; }
assert_eq "$(printf '%s\n' "$(p 0) leaf 0 6250000 gold" "$(p 1) leaf 0 6250000 gold" \
	"$(p 2) leaf 0 0 tenant" "$(p 3) leaf 0 0 -" "gold node 1250000 0 tenant" \
	"tenant node 0 12500000 -" | sort)" "$(dl_rates)" "devlink's rate objects"

step "apply again: no change, and not one devlink write"
strace -f -qq -s 256 -e trace=sendmsg,sendto -o "$DIR/trace-again" \
	"$SRIOVCTL" -j apply "$DIR/sw.json" >"$DIR/again.json" || fail "the second apply failed"
assert_eq "false 0" "$(jq -r '"\(.changed) \(.changes | length)"' "$DIR/again.json")" "second apply"
assert_eq 0 "$(devlink_writes "$DIR/trace-again")" "devlink writes of the second apply"
# The witness sees the first one's writes: the check above can fail.
netdevsim_numvfs $ID 0
strace -f -qq -s 256 -e trace=sendmsg,sendto -o "$DIR/trace-first" \
	"$SRIOVCTL" apply "$DIR/sw.json" >/dev/null || fail "applying after a reset failed"
[ "$(devlink_writes "$DIR/trace-first")" -ge 3 ] ||
	fail "strace saw $(devlink_writes "$DIR/trace-first") devlink writes of a first apply"

step "dump has the mode, groups and leaves, and applies to no change"
"$SRIOVCTL" dump >"$DIR/dump.json"
assert_eq switchdev "$(jq -r --arg n "$net" '.pfs[] | select(.ifname == $n) | .eswitch_mode' "$DIR/dump.json")" \
	"dump: eswitch_mode"
assert_eq "tenant:0:12500000:null gold:1250000:0:tenant" \
	"$(jq -r --arg n "$net" '.pfs[] | select(.ifname == $n) | [.rate_groups[] | "\(.name):\(.tx_share):\(.tx_max):\(.parent)"] | join(" ")' "$DIR/dump.json")" \
	"dump: rate_groups, parents first"
assert_eq "6250000:gold 6250000:gold 0:tenant 0:" \
	"$(jq -r --arg n "$net" '.pfs[] | select(.ifname == $n) | [.vfs[] | "\(.tx_max):\(.rate_group)"] | join(" ")' "$DIR/dump.json")" \
	"dump: the leaves"
out=$(sriovctl_json apply "$DIR/dump.json")
assert_eq false "$(jget "$out" .changed)" "applying the dump"

step "back to legacy: the mode goes, and the rate objects with it"
echo "{\"version\": 1, \"pfs\": [{\"ifname\": \"$net\", \"eswitch_mode\": \"legacy\"}]}" >"$DIR/legacy.json"
expect_exit 0 "$SRIOVCTL" apply "$DIR/legacy.json"
assert_contains "PF $PF ($net): eswitch_mode switchdev -> legacy" "$OUT" "the plan as text"
assert_eq legacy "$(dl_mode)" "devlink's mode"
assert_eq "" "$(dl_rates)" "rate objects in legacy mode"
assert_eq 4 "$(cat /sys/bus/netdevsim/devices/$PF/sriov_numvfs)" "num_vfs stays"

step "--dry-run: the plan, nothing applied"
expect_exit 0 "$SRIOVCTL" apply --dry-run "$DIR/sw.json"
assert_contains "PF $PF ($net): rate group gold -> tx_share 10Mbit tx_max 0bit parent tenant" "$OUT" \
	"a group in the plan"
assert_contains "VF $PF/0 ($net/0): tx_max -> 50Mbit" "$OUT" "a leaf in the plan (legacy VFs have none to come from)"
assert_eq legacy "$(dl_mode)" "devlink's mode after the dry run"

step "a step the kernel refuses part-way: the mode, groups and leaves put back"
switchdev_doc "$DIR/bad.json" '{"vf": 3, "tx_max": "1500kbit"}'
dump_before=$("$SRIOVCTL" dump)
expect_exit 1 "$SRIOVCTL" apply "$DIR/bad.json"
echo "refused: $ERR"
assert_contains "VF $PF/3" "$ERR" "the VF named"
assert_contains "tx_max" "$ERR" "the field named"
assert_contains "1Mbps" "$ERR" "netdevsim's reason"
assert_contains "everything this apply changed was put back" "$ERR" "what happened to the rest"
assert_eq legacy "$(dl_mode)" "devlink's mode after the refused apply"
assert_eq "" "$(dl_rates)" "rate objects after the refused apply"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after the refused apply"

step "refused part-way in switchdev mode: groups and leaves as they were"
expect_exit 0 "$SRIOVCTL" apply "$DIR/sw.json"
rates_before=$(dl_rates)
cat >"$DIR/bad2.json" <<EOF
{"version": 1, "pfs": [{"ifname": "$net",
  "rate_groups": [{"name": "tenant", "tx_max": "200mbit"}, {"name": "silver", "tx_max": "20mbit"}],
  "vfs": [{"vf": "0-1", "rate_group": "silver"}, {"vf": 2, "tx_share": "1mbit"},
          {"vf": 3, "tx_max": "1500kbit"}]}]}
EOF
expect_exit 1 "$SRIOVCTL" apply "$DIR/bad2.json"
echo "refused: $ERR"
# VFs 0-1 moved from gold to silver on the way: the refusal is VF 3's, the last step.
assert_contains "VF $PF/3 ($net/3): set rate tx_max 1500Kbit" "$ERR" "the step refused"
assert_contains "everything this apply changed was put back" "$ERR" "what happened to the rest"
assert_eq "$rates_before" "$(dl_rates)" "rate objects after the refused apply"

step "bad switchdev values: exit 1 or 2, the path named, nothing changed"
dump_before=$("$SRIOVCTL" dump)
echo "{\"version\": 1, \"pfs\": [{\"ifname\": \"$net\", \"vfs\": [{\"vf\": 0, \"rate_group\": \"silver\"}]}]}" >"$DIR/nogroup.json"
expect_exit 1 "$SRIOVCTL" apply "$DIR/nogroup.json"
assert_contains "\$.pfs[0].vfs[0].rate_group: \"silver\": PF $PF has no such group" "$ERR" "unknown group"
echo "{\"version\": 1, \"pfs\": [{\"ifname\": \"$net\", \"rate_groups\": [{\"name\": \"tenant\"}]}]}" >"$DIR/orphan.json"
expect_exit 1 "$SRIOVCTL" apply "$DIR/orphan.json"
assert_contains "group \"gold\" is to go, but VF $PF/0 ($net/0) is in it" "$ERR" "a group with a VF in it"
echo "{\"version\": 1, \"pfs\": [{\"ifname\": \"$net\", \"eswitch_mode\": \"bridge\"}]}" >"$DIR/mode.json"
expect_exit 2 "$SRIOVCTL" apply "$DIR/mode.json"
assert_contains "\$.pfs[0].eswitch_mode: \"bridge\": expected \"legacy\" or \"switchdev\"" "$ERR" "a bad mode"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after the bad documents"

step "igb has no devlink eswitch: an eswitch mode is refused, naming the driver"
pfs=($(list_pfs))
igb=${pfs[0]}
echo "{\"version\": 1, \"pfs\": [{\"pci\": \"$igb\", \"eswitch_mode\": \"switchdev\"}]}" >"$DIR/igb.json"
expect_exit 1 "$SRIOVCTL" apply "$DIR/igb.json"
assert_contains "\$.pfs[0].eswitch_mode: \"switchdev\": PF $igb: not supported by igb (no devlink eswitch)" \
	"$ERR" "igb"
echo "$ERR"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after igb's refusal"

expect_exit 0 "$SRIOVCTL" apply "$DIR/legacy.json"
netdevsim_numvfs $ID 0
rm -rf "$DIR"
echo "ok"
