#!/bin/bash
# libsriov-cni, the built binary, run as a runtime runs it, on this host: no SR-IOV hardware
# needed for what is tried here (the environment and config refused before anything is done,
# DEL and GC of attachments that hold no VF, VERSION, the IPAM plugin's run). It runs in a
# mount namespace of its own with a tmpfs over /run, so the host's lease directory
# (/run/libsriov) is never seen nor touched; each run gets a clean environment (env -i).
#   test-plugin.sh PLUGIN LIBDIR
set -u
plugin=$(realpath "$1")
libdir=$(realpath "$2")

if [ -z "${CNI_TEST_PRIVATE:-}" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "check-cni: SKIP: needs root for a mount namespace of its own"
		exit 0
	fi
	exec unshare -m --propagation private env CNI_TEST_PRIVATE=1 "$0" "$@"
fi
mount -t tmpfs -o mode=0755 cni-test-run /run || { echo "check-cni: tmpfs over /run failed"; exit 1; }
mkdir /run/libsriov
mount -t tmpfs -o mode=0755 cni-test-leases /run/libsriov || exit 1

passed=0
failed=0
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
BIN=$DIR/bin
mkdir "$BIN"
export DIR OUT=$DIR/out ERR=$DIR/err

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "not ok - $1"; shift; printf '    %s\n' "$@"; failed=$((failed + 1)); }

# The environment a runtime gives, and no other: KEY=VALUE words.
base_env() { echo PATH=/usr/sbin:/usr/bin:/sbin:/bin LD_LIBRARY_PATH="$libdir"; }

# run CONFIG KEY=VALUE...: the plugin with CONFIG on stdin; sets out, rc, code, msg.
run() {
	local config=$1
	shift
	printf '%s' "$config" >"$DIR/in"
	run_file "$DIR/in" "$@"
}

run_file() {
	local input=$1
	shift
	# shellcheck disable=SC2046
	env -i $(base_env) "$@" "$plugin" <"$input" >"$OUT" 2>"$ERR"
	rc=$?
	read_answer
}

read_answer() {
	out=$(cat "$OUT")
	code=$(jq -r '.code // empty' <<<"$out" 2>/dev/null)
	msg=$(jq -r '.msg // empty' <<<"$out" 2>/dev/null)
}

# expect_error NAME CODE TEXT: the last run failed with CODE and a message containing TEXT.
expect_error() {
	local name=$1 want_code=$2 text=$3

	if [ "$rc" -ne 1 ] || [ "$code" != "$want_code" ]; then
		fail "$name" "exit $rc, code \"$code\", expected exit 1 and code $want_code" "answer: $out" \
			"stderr: $(head -c 600 "$ERR")"
	elif [ -z "$msg" ] || [[ "$msg" != *"$text"* ]]; then
		fail "$name" "message \"$msg\" does not say \"$text\""
	else
		pass "$name"
	fi
}

expect_success() {
	local name=$1

	if [ "$rc" -eq 0 ]; then
		pass "$name"
	else
		fail "$name" "exit $rc: $out" "stderr: $(head -c 600 "$ERR")"
	fi
}

conf() { # conf [EXTRA-JSON-MEMBERS]: a pool config of a PF no host has
	printf '{"cniVersion":"1.1.0","name":"t","type":"libsriov-cni","pf":"eth9"%s}' "${1:+,$1}"
}
ATTACH=(CNI_CONTAINERID=c1 CNI_IFNAME=net1 CNI_PATH="$BIN")
ADD=(CNI_COMMAND=ADD CNI_NETNS=/proc/1/ns/net "${ATTACH[@]}")

# DEL runs IPAM only for an attachment that holds a lease (what ADD leaves once it got as far
# as IPAM); no VF here, so one is written as libsriov writes it, of a VF no host has: DEL
# finds it, runs IPAM DEL, and finds the VF gone, which ends the lease.
plant_lease() { # plant_lease HOLDER: a held vfio lease of a VF no host has, as ADD leaves one
	cat >/run/libsriov/ffff:ff:1f.7.lease <<EOJ
libsriov-lease 4
state held
pci ffff:ff:1f.7
pf ffff:ff:00.0
vf 0
owner_pid -1
owner_start 0
cookie 0123456789abcdef0123456789abcdef
driver -
driver_override -
mask 0x0
mac 00:00:00:00:00:00
vlan 0
qos 0
vlan_proto 0x8100
min_tx_rate 0
max_tx_rate 0
spoofchk 0
trust 0
link_state 0
query_rss 0
busy_pid -1
busy_start 0
broken_pid -1
broken_what -
holder $1
kind vfio
ifname -
mtu 0
ifmac 00:00:00:00:00:00
owner_pidns 0
busy_pidns 0
EOJ
}
lease_c1() { plant_lease "libsriov-cni t c1/net1"; }

# ---- the IPAM plugin naming the plugin, directly or not: one level, never a chain ----------

# bounded NAME KEY=VALUE... < CONFIG: the plugin in a PID namespace of its own, where a
# watcher counts what runs of it and of the IPAM plugins here; past 6 at once (a chain that
# does not end) or 10 s, everything there is killed. Sets rc, out, code, msg, peak, runaway.
bounded() {
	printf '%s' "$1" >"$DIR/in"
	shift
	# shellcheck disable=SC2016,SC2046
	timeout -s KILL 30 unshare -p --kill-child --mount-proc bash -c '
		names=" libsriov-cni myipam copyipam wrapipam "
		env -i "$@" <"$DIR/in" >"$OUT" 2>"$ERR" &
		plugin=$!
		peak=0 runaway=0
		for _ in $(seq 200); do
			n=0
			for f in /proc/[0-9]*/comm; do
				read -r comm 2>/dev/null <"$f" || continue
				[[ "$names" == *" $comm "* ]] && n=$((n + 1))
			done
			[ $n -gt $peak ] && peak=$n
			if [ $n -gt 6 ]; then
				runaway=1
				kill -9 -1
				break
			fi
			kill -0 $plugin 2>/dev/null || break
			sleep 0.05
		done
		if kill -0 $plugin 2>/dev/null; then runaway=1; kill -9 -1; fi
		wait $plugin
		rc=$?
		echo "$rc $peak $runaway" >"$DIR/bounded"
	' bounded $(base_env) "$@" "$plugin"
	read -r rc peak runaway <"$DIR/bounded" || { rc=255 peak=? runaway=1; }
	read_answer
}

expect_bounded() {
	local name=$1 want_code=$2 text=$3

	if [ "$runaway" != 0 ]; then
		fail "$name" "a chain of plugins: $peak at once, or past 10 s; all killed"
	else
		expect_error "$name" "$want_code" "$text"
	fi
}

ln -s "$plugin" "$BIN/libsriov-cni"
bounded "$(conf '"ipam":{"type":"libsriov-cni"}')" "${ADD[@]}"
expect_bounded "ipam.type naming the plugin is refused" 7 'ipam.type "libsriov-cni": this plugin itself'

ln -s "$plugin" "$BIN/myipam"
lease_c1
bounded "$(conf '"ipam":{"type":"myipam"}')" CNI_COMMAND=DEL "${ATTACH[@]}"
expect_bounded "ipam.type linking to the plugin under another name is refused" 7 \
	"$BIN/myipam is libsriov-cni itself"

cp "$plugin" "$BIN/copyipam"
lease_c1
bounded "$(conf '"ipam":{"type":"copyipam"}')" CNI_COMMAND=DEL "${ATTACH[@]}"
expect_bounded "a copy of the plugin as IPAM refuses: one level, no chain" 104 \
	"leads back to libsriov-cni"
[ "$peak" -le 2 ] && pass "a copy as IPAM: at most 2 processes at once ($peak)" ||
	fail "a copy as IPAM: at most 2 processes at once" "$peak"

# Another plugin in between, which runs the copy as its child: the marker passes through.
printf '#!/bin/sh\n"$(dirname "$0")/copyipam"\n' >"$BIN/wrapipam"
chmod +x "$BIN/wrapipam"
# DEL of an attachment with a lease runs IPAM (ADD would fail at the PF first: eth9 is nowhere).
lease_c1
bounded "$(conf '"ipam":{"type":"wrapipam"}')" CNI_COMMAND=DEL "${ATTACH[@]}"
expect_bounded "the plugin behind another IPAM plugin refuses: no chain" 104 \
	"leads back to libsriov-cni"

run "$(conf)" CNI_COMMAND=DEL "${ATTACH[@]}" LIBSRIOV_CNI_PARENT=1234
expect_error "a plugin started under libsriov-cni's IPAM run refuses" 7 \
	"libsriov-cni process 1234"

for t in '.hidden' 'a/b' 'tab	x' 'sp ace' "$(printf 'x%.0s' $(seq 64))"; do
	run "$(conf "\"ipam\":{\"type\":$(jq -Rn --arg t "$t" '$t')}")" "${ADD[@]}"
	expect_error "ipam.type $(jq -Rn --arg t "$t" '$t') is refused" 7 "ipam.type"
done

run "$(conf '"ipam":{"type":""}')" CNI_COMMAND=DEL "${ATTACH[@]}"
expect_success "ipam.type \"\" is no IPAM, as in sriov-cni"

# ---- the IPAM plugin's process: a group of its own, SIGPIPE as default ---------------------

# An IPAM plugin of CNI 1.0: refuses 1.1.0 (code 1), so the plugin asks its VERSION and runs
# it again in 1.0.0: three runs, the later ones after the first has set SIGPIPE aside.
cat >"$BIN/oldipam" <<'EOF'
#!/bin/bash
conf=$(cat)
read -r _ ign < <(grep SigIgn /proc/self/status)
read -r _ _ pgid _ < <(cut -d')' -f2 /proc/$$/stat)
echo "$CNI_COMMAND $$ $pgid $ign" >>"$(dirname "$0")/../ipam-runs"
case "$CNI_COMMAND" in
VERSION) echo '{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0"]}' ;;
*) if [[ "$conf" == *'"cniVersion":"1.1.0"'* ]]; then
	echo '{"cniVersion":"1.0.0","code":1,"msg":"incompatible CNI versions"}'
	exit 1
   fi ;;
esac
EOF
chmod +x "$BIN/oldipam"
: >"$DIR/ipam-runs"
lease_c1
run "$(conf '"ipam":{"type":"oldipam"}')" CNI_COMMAND=DEL "${ATTACH[@]}"
expect_success "DEL with an IPAM plugin of an older version"
runs=$(wc -l <"$DIR/ipam-runs")
[ "$runs" = 3 ] && pass "IPAM ran three times (DEL, VERSION, DEL)" ||
	fail "IPAM ran three times (DEL, VERSION, DEL)" "$(cat "$DIR/ipam-runs")"
while read -r cmd pid pgid ign; do
	if (((16#$ign >> 12) & 1)); then
		fail "IPAM $cmd runs with SIGPIPE at its default" "SigIgn $ign"
	else
		pass "IPAM $cmd runs with SIGPIPE at its default"
	fi
	[ "$pid" = "$pgid" ] && pass "IPAM $cmd leads a process group of its own" ||
		fail "IPAM $cmd leads a process group of its own" "pid $pid, group $pgid"
done <"$DIR/ipam-runs"

# An IPAM plugin that starts a helper and then floods its stdout: given up on, it is killed
# with what it started (its process group), nothing left running.
cat >"$BIN/floodipam" <<'EOF'
#!/bin/bash
sleep 300 </dev/null >/dev/null 2>&1 &
echo $! >"$(dirname "$0")/../helper-pid"
head -c 400000 /dev/zero | tr '\0' x
sleep 300
EOF
chmod +x "$BIN/floodipam"
lease_c1
run "$(conf '"ipam":{"type":"floodipam"}')" CNI_COMMAND=DEL "${ATTACH[@]}"
expect_error "IPAM flooding its output is given up on" 104 "more than 262144 bytes of output"
helper=$(cat "$DIR/helper-pid")
sleep 0.2
state=$(cut -d')' -f2 "/proc/$helper/stat" 2>/dev/null | awk '{print $1}')
if [ -z "$state" ] || [ "$state" = Z ]; then
	pass "what that IPAM plugin started is killed with it"
else
	fail "what that IPAM plugin started is killed with it" "process $helper is $state"
	kill -9 "$helper" 2>/dev/null
fi

# ---- DEL gives back what ADD took, whatever the config says by now ----------------------------

# Without a lease ADD left nothing, or the host rebooted (the lease was in /run, IPAM's address
# is on disk): DEL asks IPAM to free the address and succeeds whatever IPAM says, even with a
# config ADD would refuse now (sriov-cni's DEL without a cached config succeeds too).
: >"$DIR/ipam-runs"
run "$(conf '"ipam":{"type":"oldipam"},"vlan":5000,"mac":"x","link_state":"up"')" \
	CNI_COMMAND=DEL "${ATTACH[@]}"
expect_success "DEL without a lease, of a config ADD would refuse, succeeds"
grep -q '^DEL ' "$DIR/ipam-runs" && pass "DEL without a lease asks IPAM to free the address" ||
	fail "DEL without a lease asks IPAM to free the address" "$(cat "$DIR/ipam-runs")"
run '{"name":"t","type":"libsriov-cni","ipam":{"type":"dhcp"}}' CNI_COMMAND=DEL \
	CNI_CONTAINERID=c1 CNI_IFNAME=net1 CNI_PATH="$DIR/nothing"
expect_success "DEL without a lease, no cniVersion, IPAM not in CNI_PATH, succeeds"
# With a lease: given back, and an ipam section that cannot be run is said.
lease_c1
run "$(conf '"ipam":{"type":"a/b"},"vlan":5000')" CNI_COMMAND=DEL "${ATTACH[@]}"
expect_error "DEL with a lease and an ipam.type that cannot be run says so" 7 \
	'ipam.type "a/b": a plugin name, not a path: IPAM DEL not run; the VF is given back'
[ -z "$(ls /run/libsriov/*.lease 2>/dev/null)" ] && pass "... and the lease is ended" ||
	fail "... and the lease is ended" "$(ls /run/libsriov)"
for bad in '{"cniVersion":"1.0.0"}' '{"cniVersion":"9.9.9","name":"t"}' '{"name":"t"' \
	'{"cniVersion":"1.0.0","name":"-t"}'; do
	run "$bad" CNI_COMMAND=DEL "${ATTACH[@]}"
	[ "$rc" = 1 ] && pass "DEL refuses what the CNI library refuses: $bad" ||
		fail "DEL refuses what the CNI library refuses: $bad" "exit $rc: $out"
done

# ---- CNI 0.1.0 and 0.2.0 (a config without cniVersion is 0.1.0, as the CNI library says) ---

run '{"name":"t","type":"libsriov-cni","pf":"eth9"}' "${ADD[@]}"
expect_error "ADD without cniVersion is taken as 0.1.0 (refused at the pf)" 7 'config: pf "eth9"'
[ "$(jq -r .cniVersion <<<"$out")" = 0.1.0 ] && pass "... and answered in 0.1.0" ||
	fail "... and answered in 0.1.0" "$out"
run '{"cniVersion":"0.2.0","name":"t","type":"libsriov-cni","pf":"eth9","prevResult":{"cniVersion":"0.2.0","ip4":{"ip":"192.0.2.2/24"}}}' \
	CNI_COMMAND=CHECK CNI_NETNS=/proc/1/ns/net "${ATTACH[@]}"
expect_error "CHECK in 0.2.0 is refused: CHECK is 0.4.0 on" 1 "CHECK: not in CNI 0.2.0"
run '{"cniVersion":"0.2.0"}' CNI_COMMAND=VERSION
[ "$(jq -c '.supportedVersions[0:2]' <<<"$out")" = '["0.1.0","0.2.0"]' ] &&
	pass "VERSION lists 0.1.0 and 0.2.0" || fail "VERSION lists 0.1.0 and 0.2.0" "$out"

# ---- GC: only with the attachments that are valid --------------------------------------------

leases_before=$(ls -A /run/libsriov)
run "$(conf)" CNI_COMMAND=GC CNI_PATH="$BIN"
expect_error "GC naming no valid attachments is refused" 7 "names no valid attachments"
[ "$(ls -A /run/libsriov)" = "$leases_before" ] && pass "a refused GC changes nothing" ||
	fail "a refused GC changes nothing" "$(ls -A /run/libsriov)"
run "$(conf '"cni.dev/valid-attachments":[]')" CNI_COMMAND=GC CNI_PATH="$BIN"
expect_success "GC with cni.dev/valid-attachments"
run "$(conf '"cni.dev/attachments":[{"containerID":"c1","ifname":"net1"}]')" CNI_COMMAND=GC \
	CNI_PATH="$BIN"
expect_success "GC with cni.dev/attachments, the spelling of some runtimes"
run "$(conf '"cni.dev/attachments":{}')" CNI_COMMAND=GC CNI_PATH="$BIN"
expect_error "GC with cni.dev/attachments not a list" 7 "cni.dev/attachments: expected an array"

# ---- error answers: a code by where the error came from, and a message ----------------------

run "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID="$(printf 'a\tb')" CNI_IFNAME=net1 \
	CNI_NETNS=/proc/1/ns/net
expect_error "a tab in CNI_CONTAINERID is named" 4 'CNI_CONTAINERID "a'
for id in bad/id -lead .dot 'sp ace' 'é'; do
	for cmd in ADD DEL CHECK; do
		run "$(conf)" CNI_COMMAND=$cmd CNI_CONTAINERID="$id" CNI_IFNAME=net1 \
			CNI_NETNS=/proc/1/ns/net
		expect_error "$cmd: CNI_CONTAINERID \"$id\" is refused" 4 "CNI_CONTAINERID \"$id\""
	done
done
for ifn in . .. a/b a:b 'a b' "$(printf 'a\tb')" 0123456789abcdef; do
	run "$(conf)" CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_IFNAME="$ifn"
	expect_error "CNI_IFNAME \"$ifn\" is refused" 4 "CNI_IFNAME"
done
run "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_IFNAME=net1 CNI_NETNS=relative/ns
expect_error "a relative CNI_NETNS is refused" 4 "CNI_NETNS \"relative/ns\""
run "$(conf)" CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_IFNAME=net1 CNI_ARGS='IgnoreUnknown=1;oops'
expect_error "a CNI_ARGS pair without '=' is refused" 4 'CNI_ARGS: pair 2 "oops": not KEY=VALUE'
run "$(conf)" CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_IFNAME=net1 \
	CNI_ARGS='IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=p-1'
expect_success "Kubernetes' CNI_ARGS are taken"
run "$(conf)" CNI_COMMAND=DEL CNI_CONTAINERID=0123abcdef.x_y-z CNI_IFNAME=net1
expect_success "DEL of an attachment that holds nothing"

run '{"cniVersion":"1.1.0","name":"t","type":"libsriov-cni","pf":"0000:00:00.0"}' \
	CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_IFNAME=net1 CNI_NETNS=/proc/1/ns/net
expect_error "a pf that is no SR-IOV PF here is the config's error" 7 'config: pf "0000:00:00.0"'
run "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c1 CNI_IFNAME=net1 CNI_NETNS=/proc/1/ns/net
expect_error "a pf that does not exist is the config's error" 7 'config: pf "eth9"'

head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$DIR/big"
run_file "$DIR/big" CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_IFNAME=net1
expect_error "stdin over 1 MiB is said so" 5 "stdin: more than 1 MiB"
head -c $((1024 * 1024)) /dev/zero | tr '\0' ' ' >"$DIR/big"
run_file "$DIR/big" CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_IFNAME=net1
expect_error "stdin of 1 MiB exactly is read (and is no JSON object)" 6 "config: not a JSON object"

run '{"cniVersion":"1.0.0","name":"t","plugins":[{"type":"libsriov-cni","pf":"eth9"}]}' \
	"${ADD[@]}"
expect_error "a network configuration list is refused" 7 '"plugins": a network configuration list'
for name in -net .net _net '' 'a b' 'n/et'; do
	run "{\"cniVersion\":\"1.0.0\",\"name\":\"$name\",\"type\":\"libsriov-cni\",\"pf\":\"eth9\"}" \
		CNI_COMMAND=DEL CNI_CONTAINERID=c1 CNI_IFNAME=net1
	expect_error "network name \"$name\" is refused" 7 "config: name \"$name\": not a network name"
done

run '{"cniVersion":"1.1.0"}' CNI_COMMAND=VERSION
expect_success "VERSION"

echo "check-cni: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
