#!/bin/bash
# examples/ansible/sriov.yml run by ansible-playbook on the guest itself (local connection)
# against the real sriovctl, with examples/ansible/files/testbed.json (3 VFs on each PF, auto
# MACs, VLANs, one VF on vfio-pci): --check reports the apply as changed and changes nothing;
# the real run makes the host what the document says and --check had predicted; a second run
# changes nothing; a document sriovctl refuses fails the play with sriovctl's message and
# leaves both the host and /etc/sriov/config.json as they were. No systemd runs as init here,
# so the inventory sets sriov_manage_unit=false.
# Each ansible-playbook run takes about 20 s under TCG (about 90 s for the case on an idle
# machine), so the case has more than the default deadline:
# testbed-timeout: 400
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl
command -v ansible-playbook >/dev/null ||
	fail "ansible-playbook is missing (ansible-core; tests/vm/testbed prepare installs it)"

PF1=0000:01:00.0
PF2=0000:02:00.0
PLAYBOOK=$TOP/examples/ansible/sriov.yml
DOC=$TOP/examples/ansible/files/testbed.json
APPLY_TASK="The host is as the document says"
DIR=$(mktemp -d)
# The guest's /etc is a tmpfs overlay: start without a document, leave none behind.
rm -rf /etc/sriov
trap 'rm -rf "$DIR" /etc/sriov' EXIT

# The playbook calls "sriovctl" from PATH, as make install leaves it; modules run by the local
# connection inherit this environment (PATH, LD_LIBRARY_PATH). Ansible keeps its files in DIR
# and reads no ansible.cfg but this empty one.
mkdir -p "$DIR/bin"
ln -s "$SRIOVCTL" "$DIR/bin/sriovctl"
export PATH=$DIR/bin:$PATH
printf '[defaults]\n' >"$DIR/ansible.cfg"
export ANSIBLE_CONFIG=$DIR/ansible.cfg ANSIBLE_HOME=$DIR/home ANSIBLE_LOCAL_TEMP=$DIR/tmp \
	ANSIBLE_REMOTE_TEMP=$DIR/remote-tmp ANSIBLE_PIPELINING=1 ANSIBLE_NOCOLOR=1 \
	ANSIBLE_RETRY_FILES_ENABLED=0
# The host is "testbed", so its document is files/testbed.json. Root already: no sudo.
cat >"$DIR/inventory" <<-EOF
	[sriov_hosts]
	testbed ansible_connection=local ansible_python_interpreter=/usr/bin/python3 ansible_become=false sriov_manage_unit=false
EOF

# play NAME [ARGS...]: runs the playbook with -v (each task's result as one line of JSON after
# its status); its output in DIR/NAME.out, its exit status in RC.
play() {
	local name=$1 start=$SECONDS
	shift
	RC=0
	ansible-playbook -v -i "$DIR/inventory" "$PLAYBOOK" "$@" >"$DIR/$name.out" 2>&1 || RC=$?
	echo "$name: ansible-playbook exited $RC after $((SECONDS - start)) s"
}

# summary NAME: "<apply task's status> <its rc> <sriovctl's dry_run> <number of changes>
# changed=N failed=N" (the last two from the recap); sriovctl's changes go to DIR/NAME.changes.
summary() {
	local out=$DIR/$1.out line status recap
	line=$(awk -v t="TASK [$APPLY_TASK]" 'index($0, t) == 1 { f = 1; next }
		f && /^(ok|changed|fatal|failed|skipping): \[testbed\]/ { print; exit }' "$out")
	[ -n "$line" ] || fail "$1: no result of the apply task in: $(cat "$out")"
	status=${line%%:*}
	recap=$(grep -oE '^testbed +: .*' "$out" | grep -oE '(changed|failed)=[0-9]+' | xargs)
	jq -r '"\(.rc) \(.stdout | fromjson | "\(.dry_run) \(.changes | length)")",
		(.stdout | fromjson | .changes | tojson)' <<<"${line#* => }" >"$DIR/$1.summary" ||
		fail "$1: the apply task's result is not JSON with sriovctl's JSON in stdout: $line"
	sed -n 2p "$DIR/$1.summary" >"$DIR/$1.changes"
	echo "$status $(sed -n 1p "$DIR/$1.summary") $recap"
}

dump_before=$("$SRIOVCTL" dump)

step "--check: the apply task reports changed (sriovctl --dry-run), nothing on the host changes"
play check --check
[ "$RC" = 0 ] || fail "--check failed: $(cat "$DIR/check.out")"
# changed: the apply task, the directory and the copy (which write nothing in check mode).
assert_match '^changed 0 true [1-9][0-9]* changed=3 failed=0$' "$(summary check)" "--check: apply task, recap"
assert_eq "0 0" "$(cat "$SYS_PCI/$PF1/sriov_numvfs") $(cat "$SYS_PCI/$PF2/sriov_numvfs")" \
	"num_vfs after --check"
[ ! -e /etc/sriov ] || fail "--check created /etc/sriov: $(ls -la /etc/sriov)"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after --check"

step "real run: changed, the host as the document says, and as --check predicted"
play apply
[ "$RC" = 0 ] || fail "the real run failed: $(cat "$DIR/apply.out")"
assert_match '^changed 0 false [1-9][0-9]* changed=3 failed=0$' "$(summary apply)" "real run: apply task, recap"
assert_eq "$(cat "$DIR/check.changes")" "$(cat "$DIR/apply.changes")" \
	"changes applied vs changes --check planned"
cmp "$DOC" /etc/sriov/config.json || fail "/etc/sriov/config.json is not files/testbed.json"
assert_eq "644 root" "$(stat -c '%a %U' /etc/sriov/config.json)" "mode and owner of the document"
assert_eq "3 3" "$(cat "$SYS_PCI/$PF1/sriov_numvfs") $(cat "$SYS_PCI/$PF2/sriov_numvfs")" "num_vfs"
vfs=$(sriovctl_json vf list)
assert_eq "\
$PF1 0 100 true igbvf
$PF1 1 100 true igbvf
$PF1 2 101 - vfio-pci
$PF2 0 200 true igbvf
$PF2 1 200 true igbvf
$PF2 2 200 true igbvf" "$(jget "$vfs" '.[] | "\(.pf) \(.vf) \(.vlan) \(if .pf == "'"$PF1"'" then
		(if .vf < 2 then .spoofchk else "-" end) else .trust end) \(.driver)"')" \
	"pf, vf, vlan, spoofchk (PF1) or trust (PF2), driver"
assert_eq vfio-pci "$(dev_driver "$(vf_pci "$PF1" 2)")" "sysfs: driver of PF1 VF 2"
assert_eq 6 "$(jget "$vfs" '[.[].mac | select(test("^.[26ae]:"))] | unique | length')" \
	"distinct locally administered MACs"

step "second real run: nothing changed"
play again
[ "$RC" = 0 ] || fail "the second run failed: $(cat "$DIR/again.out")"
assert_eq "ok 0 false 0 changed=0 failed=0" "$(summary again)" "second run: apply task, recap"

step "a document sriovctl refuses: the play fails with its message, nothing changes"
sed 's/"vlan": 100,/"vlan": 5000,/' "$DOC" >"$DIR/bad.json"
dump_before=$("$SRIOVCTL" dump)
play bad -e "sriov_config=$DIR/bad.json"
grep -E '^(fatal|failed|PLAY RECAP|testbed )' "$DIR/bad.out" | cut -c1-400 || true
[ "$RC" = 2 ] || fail "the play with a bad document exited $RC, expected 2: $(cat "$DIR/bad.out")"
assert_contains '$.pfs[0].vfs[0].vlan: 5000: out of range 0-4095' "$(cat "$DIR/bad.out")" \
	"sriovctl's message in the play's output"
assert_match 'testbed +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=1' \
	"$(grep '^testbed ' "$DIR/bad.out")" "recap of the failed play"
assert_eq "$dump_before" "$("$SRIOVCTL" dump)" "dump after the failed play"
cmp "$DOC" /etc/sriov/config.json || fail "the bad document replaced /etc/sriov/config.json"
