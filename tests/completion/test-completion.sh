#!/bin/bash
# The bash completion of sriovctl, driven as bash drives it: COMP_WORDS and COMP_CWORD set,
# _sriovctl called, COMPREPLY checked; PFs and VFs come from a fake host under umockdev.
#   test-completion.sh SRIOVCTL MKHOST COMPLETION
set -u
sriovctl=$(realpath "$1")
mkhost=$2
completion=$3
passed=0
failed=0
root=$("$mkhost" igb dual-port) || { echo "completion: mkhost failed"; exit 1; }
bin=$(mktemp -d)
trap 'rm -rf "$root" "$bin"' EXIT
# The completion runs `sriovctl`: this one, on the fake host.
cat >"$bin/sriovctl" <<EOS
#!/bin/sh
UMOCKDEV_DIR=$root exec umockdev-wrapper "$sriovctl" "\$@"
EOS
chmod +x "$bin/sriovctl"
PATH=$bin:$PATH
if [ -n "${LD_LIBRARY_PATH:-}" ]; then
	LD_LIBRARY_PATH=$(realpath "$LD_LIBRARY_PATH")
	export LD_LIBRARY_PATH
fi
# shellcheck source=../../tools/sriovctl/sriovctl.bash-completion
. "$completion"

# expect NAME WANT WORD...: completing the last WORD gives WANT (sorted, space-separated).
expect() {
	local name=$1 want=$2 got
	shift 2
	COMP_WORDS=(sriovctl "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_sriovctl
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | xargs)
	if [ "$got" = "$want" ]; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name"
		echo "    completing '$*': expected '$want', got '$got'"
		failed=$((failed + 1))
	fi
}

expect "objects" "apply check dump help lease metrics monitor pf rate vf vfio" ""
expect "objects after options" "vf vfio" -j -t 5 v
expect "long options" "--dry-run --force --help --json --pretty --stats --timeout --verbose --version" --
expect "no word for a timeout's seconds" "" -t ""
expect "vf commands" "acquire bind function list release set show unbind" vf ""
expect "lease commands" "gc list" lease ""
expect "PFs from the host, by address and netdev" \
	"0000:01:00.0 0000:03:00.0 0000:03:00.1 enp1s0 enp3s0f0np0 enp3s0f1np1" pf show ""
expect "pf set keywords" "autoprobe encap-mode eswitch inline-mode numvfs" pf set enp1s0 ""
expect "pf set eswitch modes" "legacy switchdev" pf set enp1s0 eswitch ""
expect "rate commands" "add del set show" rate ""
expect "rate set keywords" "noparent parent tx_max tx_share" rate set enp1s0/0 ""
expect "vf function keywords" "hw_addr migratable roce state" vf function enp1s0/0 ""
expect "pf set autoprobe values" "off on" pf set enp1s0 autoprobe ""
expect "VFs as PF/INDEX" "enp1s0/0 enp1s0/1" vf set enp1s0/
expect "VFs by address" "0000:01:10.0 0000:01:10.2" vf show 0000:01:1
expect "vf show -s" "--stats -s" vf show -
expect "vf set keywords" \
	"mac max_tx_rate min_tx_rate proto qos query_rss spoofchk state trust vlan" \
	vf set enp1s0/0 ""
expect "vf set keywords after a value" "qos query_rss" vf set enp1s0/0 vlan 5 q
expect "no word for a MAC" "" vf set enp1s0/0 mac ""
expect "spoofchk values" "off on" vf set enp1s0/0 spoofchk ""
expect "state values" "enable" vf set enp1s0/0 state e
expect "proto values" "802.1Q 802.1ad" vf set enp1s0/0 proto ""
expect "vf bind PF/all" "enp1s0/all" vf bind enp1s0/a
expect "vf bind drivers" "default vfio-pci" vf bind enp1s0/0 ""
expect "vf acquire PF/any" "enp1s0/any" vf acquire enp1s0/a
expect "vf acquire owner" "none" vf acquire enp1s0/any owner ""
expect "vfio-owner users" "root" vf acquire enp1s0/any vfio-owner roo
expect "vfio chown users" "root" vfio chown enp1s0/0 roo
expect "apply options" "--deadline --dry-run" apply --d
expect "apply --pf: PFs from the host" "enp1s0 enp3s0f0np0 enp3s0f1np1" apply --pf enp
expect "nothing after check" "" check ""
expect "metrics: PFs, one after another" "enp1s0 enp3s0f0np0 enp3s0f1np1" metrics enp1s0 enp
expect "metrics options" "--output -o" metrics -
expect "monitor options" "--count --type" monitor --
expect "monitor --type" "vf-added vf-config vf-driver vf-netdev vf-netns vf-removed" monitor --type vf-
expect "monitor --type: devlink's" "representor resync" monitor --type re
expect "monitor --type after a comma" "num-vfs,vf-config" monitor --type num-vfs,vf-c
expect "monitor: PFs" "enp1s0" monitor --type lease enp1
expect "metrics: PFs after -o FILE" "enp1s0" metrics -o x.prom enp1
expect "help: the objects" "vf vfio" help v
expect "vf list -s" "--stats -s" vf list -
# A keyword sriovctl takes once is not offered again once given (label may repeat).
expect "vf set: vlan not again after vlan 10" "" vf set enp1s0/0 vlan 10 vl
expect "vf set: the rest after vlan 10" \
	"mac max_tx_rate min_tx_rate proto qos query_rss spoofchk state trust" vf set enp1s0/0 vlan 10 ""
expect "vf set: state not again after link_state" "" vf set enp1s0/0 link_state enable st
expect "vf set: link_state's values" "auto disable enable" vf set enp1s0/0 link_state ""
expect "pf set: numvfs not again" "autoprobe encap-mode eswitch inline-mode" pf set enp1s0 numvfs 4 ""
expect "pf set: num_vfs is numvfs" "" pf set enp1s0 num_vfs 4 nu
expect "vf function: state not again" "" vf function enp1s0/0 state active st
expect "rate set: tx_max not again" "tx_share" rate set enp1s0/0 tx_max 1gbit tx
expect "vf acquire: owner not again, label again" "label" vf acquire enp1s0/any owner none label a=b l
expect "vf acquire: a setting not again" "" vf acquire enp1s0/any trust on tr
# Files, in a directory of their own: a subshell, whose counts are its own.
if (
	failed=0
	cd "$bin" && touch host.json
	expect "apply takes a file" "host.json" apply ho
	expect "metrics -o takes a file" "host.json" metrics -o ho
	[ "$failed" -eq 0 ]
); then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
fi

echo "completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
