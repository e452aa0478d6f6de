# Helpers for the libsriov-cni cases: run the plugin as a runtime does (environment, config
# on stdin, one JSON answer on stdout). Sourced after tests/vm/lib.sh.

CNI_PLUGIN=$TOP/tools/cni/libsriov-cni
[ -x "$CNI_PLUGIN" ] || fail "tools/cni/libsriov-cni is not built"
# host-local and static come from Debian's containernetworking-plugins.
CNI_BIN=/usr/lib/cni
[ -x "$CNI_BIN/host-local" ] || fail "$CNI_BIN/host-local is missing (containernetworking-plugins)"

# cni COMMAND CONTAINERID NETNS IFNAME CONFIG: the answer in $OUT, the exit status in $RC.
cni() {
	local errf
	errf=$(mktemp)
	RC=0
	OUT=$(CNI_COMMAND=$1 CNI_CONTAINERID=$2 CNI_NETNS=$3 CNI_IFNAME=$4 \
		CNI_PATH=${CNI_PATH_OVERRIDE:-$CNI_BIN} "$CNI_PLUGIN" <<<"$5" 2>"$errf") || RC=$?
	ERR=$(cat "$errf")
	rm -f "$errf"
}

# cni_ok ...: cni, and fail unless it exits 0.
cni_ok() {
	cni "$@"
	[ "$RC" = 0 ] || fail "libsriov-cni $1 $2 exited $RC: $OUT $ERR"
}

# cni_fails CODE ...: cni, and fail unless it exits 1 with error CODE; the message in $MSG.
cni_fails() {
	local code=$1
	shift
	cni "$@"
	[ "$RC" = 1 ] || fail "libsriov-cni $1 $2 exited $RC, expected 1: $OUT"
	assert_eq "$code" "$(jq -r .code <<<"$OUT")" "error code of $1: $OUT"
	MSG=$(jq -r .msg <<<"$OUT")
}

# with_prev CONFIG RESULT: the config as CHECK and DEL get it, with prevResult.
with_prev() {
	jq -c --argjson r "$2" '. + {prevResult: $r}' <<<"$1"
}

# host_state: what must be the same before ADD and after DEL: sriovctl's dump, the host's
# netdevs (name, MAC, MTU) and the leases.
host_state() {
	"$SRIOVCTL" dump
	ip -j link show | jq -c '[.[] | {ifname, address, mtu, vfinfo_list}] | sort_by(.ifname)'
	ls /run/libsriov/ 2>/dev/null | grep lease || true
}
