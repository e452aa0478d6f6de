#!/bin/bash
# sriovctl's failure contract on a real kernel: a PF or VF that does not exist
# (or is no PF) exits 1 with one line "sriovctl: <object>: <what>: <reason>"
# on stderr and nothing on stdout; bad syntax exits 2. Every point is checked
# (try), so one run reports all deviations.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

# check_failure NEEDLE ARGS...: sriovctl ARGS exits 1, prints nothing on
# stdout and exactly one well-formed line on stderr that names NEEDLE.
check_failure() {
	local needle=$1
	shift
	expect_exit 1 "$SRIOVCTL" "$@"
	assert_eq "" "$OUT" "stdout of 'sriovctl $*'"
	assert_eq 1 "$(grep -c '' <<<"$ERR")" "stderr lines of 'sriovctl $*' ($ERR)"
	# ": " separates the parts (a PCI address has colons but no ": ").
	assert_match '^sriovctl: [^ ].*: [^ ].*: [^ ].*$' "$ERR" "stderr of 'sriovctl $*'"
	assert_contains "$needle" "$ERR" "stderr of 'sriovctl $*'"
	echo "ok: sriovctl $* -> 1: $ERR"
}

# check_usage ARGS...: sriovctl ARGS exits 2 and says something on stderr.
check_usage() {
	expect_exit 2 "$SRIOVCTL" "$@"
	[ -n "$ERR" ] || fail "'sriovctl $*' exited 2 without a word on stderr"
	echo "ok: sriovctl $* -> 2: $(head -n 1 <<<"$ERR")"
}

set_numvfs 0000:01:00.0 2

step "objects that do not exist, or are no PF/VF: exit 1"
try check_failure 0000:09:00.0 pf show 0000:09:00.0
try check_failure 0000:09:00.0 -j pf show 0000:09:00.0
try check_failure 09:00.0 pf show 09:00.0
try check_failure nosuchnet0 pf show nosuchnet0
try check_failure lo pf show lo                         # a netdev without a PCI device
try check_failure 0000:00:01.0 pf show 0000:00:01.0     # a PCI bridge, not SR-IOV capable
try check_failure 0000:01:10.0 pf show 0000:01:10.0     # a VF is not a PF
try check_failure 0000:09:00.0 vf list 0000:09:00.0
try check_failure 0000:01:00.0 vf show 0000:01:00.0/5   # only 2 VFs
try check_failure 0000:02:00.0 vf show 0000:02:00.0/0   # no VFs at all
try check_failure 0000:09:10.0 vf show 0000:09:10.0
try check_failure 0000:01:00.0 vf show 0000:01:00.0     # a PF is not a VF

step "bad syntax: exit 2"
try check_usage
try check_usage pf
try check_usage bogus list
try check_usage pf bogus
try check_usage pf show
try check_usage pf list extra
try check_usage vf show
try check_usage --no-such-option pf list
finish_tries
echo "errors OK"
