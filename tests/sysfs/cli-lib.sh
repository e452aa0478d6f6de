# shellcheck shell=bash
# What the sriovctl tests on fake hosts share (test-cli.sh, test-metrics.sh), sourced with the
# test's own arguments SRIOVCTL MKHOST: a private lease directory, the counters of ok/not ok,
# fake hosts made by mkhost and removed at the end, and sriovctl run under umockdev.

# sriovctl's lease directory is /run/libsriov, which lease commands read and write: only a
# private one (tests/without-host-leases.sh --private, as make check-sysfs runs these).
if [ "$(findmnt -n -o SOURCE /run/libsriov 2>/dev/null)" != libsriov-tests-leases ]; then
        exec "$(dirname "$0")/../without-host-leases.sh" --private "$0" "$@"
fi
sriovctl=$1
mkhost=$2
passed=0
failed=0
tmp=$(mktemp -d)
roots=("$tmp")
trap 'rm -rf "${roots[@]}"' EXIT

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "not ok - $1"; shift; printf '    %s\n' "$@"; failed=$((failed + 1)); }

# host SHAPE...: a fake host's root, removed at the end.
host() {
        local root
        root=$("$mkhost" "$@") || { echo "mkhost $* failed" >&2; exit 1; }
        roots+=("$root")
        echo "$root"
}

# run_sriovctl ROOT ARGS...: sriovctl under umockdev; sets out, err, rc.
run_sriovctl() {
        local root=$1
        shift
        out=$(UMOCKDEV_DIR=$root umockdev-wrapper "$sriovctl" "$@" 2>"$tmp/err")
        rc=$?
        err=$(cat "$tmp/err")
}
