#!/bin/bash
# The Debian packages (make deb, build/deb) installed as an admin installs them, with dpkg,
# into the guest (its root is an overlay: the host is untouched): the installed sriovctl
# runs from /usr/bin against the multiarch library (/lib is /usr/lib: usrmerge), its unit and completion are where
# systemd and bash-completion look, examples/list-vfs.c builds with nothing but
# `pkg-config --cflags --libs libsriov` from libsriov-dev, and both print what the in-tree
# builds print; the JSON is valid against the installed schemas. Purging the packages leaves
# none of their files.
. "$TOP/tests/vm/lib.sh"
strict_mode
require_sriovctl

DEBS=$TOP/build/deb
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
PKGS=(libsriov0 libsriov-dev sriovctl libsriov-cni)
DIR=$(mktemp -d)
trap 'dpkg --purge "${PKGS[@]}" >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
files=()
for p in "${PKGS[@]}"; do
	f=("$DEBS/${p}_"*.deb)
	[ -e "${f[0]}" ] || fail "$DEBS has no $p package (make deb)"
	files+=("${f[0]}")
done

step "dpkg -i ${PKGS[*]}"
expect_exit 0 dpkg -i "${files[@]}"
for p in "${PKGS[@]}"; do
	assert_eq "install ok installed" "$(dpkg-query -W -f='${Status}' "$p")" "dpkg status of $p"
done

step "the installed sriovctl runs on the installed library"
assert_eq /usr/bin/sriovctl "$(command -v sriovctl)" "sriovctl on PATH"
assert_match "libsriov\\.so\\.0 => (/usr)?/lib/$MA/libsriov\\.so\\.0" \
	"$(env -u LD_LIBRARY_PATH ldd /usr/bin/sriovctl)" "ldd /usr/bin/sriovctl"
set_numvfs 0000:01:00.0 2
expect_exit 0 env -u LD_LIBRARY_PATH /usr/bin/sriovctl -j vf list
installed=$OUT
expect_exit 0 "$SRIOVCTL" -j vf list
assert_eq "$OUT" "$installed" "sriovctl -j vf list: installed = in-tree"
printf '%s\n' "$installed" >"$DIR/vf-list.json"
expect_exit 0 /usr/bin/python3 "$TOP/tests/schema/validate.py" /usr/share/sriovctl/schemas vf-list \
	"$DIR/vf-list.json"
expect_exit 0 env -u LD_LIBRARY_PATH /usr/bin/sriovctl pf list
assert_contains 0000:01:00.0 "$OUT" "installed sriovctl pf list"

step "unit, completion, man pages and examples where their users look"
for f in /lib/systemd/system/sriov-apply.service /lib/systemd/system/sriov-reapply@.service \
	/lib/udev/rules.d/80-sriov-reapply.rules /usr/share/bash-completion/completions/sriovctl \
	/usr/share/man/man8/sriovctl.8.gz /usr/share/man/man3/libsriov.3.gz \
	/usr/share/doc/sriovctl/examples/ansible/sriov.yml /usr/include/libsriov.h \
	/usr/share/doc/sriovctl/examples/prometheus/sriov-alerts.rules.yml \
	"/usr/lib/$MA/pkgconfig/libsriov.pc" /usr/share/sriovctl/schemas/document.schema.json; do
	[ -e "$f" ] || fail "$f was not installed"
done
assert_contains "ExecStart=/usr/bin/sriovctl" "$(cat /lib/systemd/system/sriov-apply.service)" \
	"the unit runs the installed sriovctl"
assert_contains "ExecStart=/usr/bin/sriovctl" "$(cat /lib/systemd/system/sriov-metrics.service)" \
	"the metrics unit runs the installed sriovctl"
assert_contains "ExecStart=/usr/bin/sriovctl" "$(cat /lib/systemd/system/sriov-reapply@.service)" \
	"the re-apply unit runs the installed sriovctl"
# The apply unit is enabled by the package; the metrics timer is the admin's choice.
[ -L /etc/systemd/system/multi-user.target.wants/sriov-apply.service ] ||
	fail "the package did not enable sriov-apply.service"
[ -e /lib/systemd/system/sriov-metrics.timer ] && [ ! -e /etc/systemd/system/timers.target.wants/sriov-metrics.timer ] ||
	fail "sriov-metrics.timer missing, or enabled by the package"

step "the installed CNI plugin, where Debian's CNI plugins are, answers VERSION"
assert_match "libsriov\\.so\\.0 => (/usr)?/lib/$MA/libsriov\\.so\\.0" \
	"$(env -u LD_LIBRARY_PATH ldd /usr/lib/cni/libsriov-cni)" "ldd /usr/lib/cni/libsriov-cni"
expect_exit 0 env -u LD_LIBRARY_PATH CNI_COMMAND=VERSION /usr/lib/cni/libsriov-cni <<<'{"cniVersion":"1.1.0"}'
assert_contains '"supportedVersions"' "$OUT" "libsriov-cni VERSION"
assert_contains '"1.1.0"' "$OUT" "libsriov-cni VERSION"
[ -e /usr/lib/cni/host-local ] && [ -e /usr/share/man/man8/libsriov-cni.8.gz ] ||
	fail "libsriov-cni's man page, or containernetworking-plugins' host-local, is missing"

step "examples/list-vfs.c built with pkg-config against libsriov-dev"
cp "$TOP/examples/list-vfs.c" "$DIR/"
flags=$(env -u PKG_CONFIG_PATH pkg-config --cflags --libs libsriov) ||
	fail "pkg-config does not know libsriov"
# shellcheck disable=SC2086 # pkg-config prints separate words on purpose
(cd "$DIR" && cc -Wall -Wextra -Werror -o list-vfs list-vfs.c $flags) ||
	fail "list-vfs.c does not build with: $flags"
assert_match "libsriov\\.so\\.0 => (/usr)?/lib/$MA/libsriov\\.so\\.0" \
	"$(env -u LD_LIBRARY_PATH ldd "$DIR/list-vfs")" "ldd list-vfs"
expect_exit 0 env -u LD_LIBRARY_PATH "$DIR/list-vfs"
installed=$OUT
expect_exit 0 "$TOP/examples/list-vfs"
assert_eq "$OUT" "$installed" "list-vfs: installed build = in-tree build"

step "dpkg --purge leaves none of their files"
listed=$(dpkg -L "${PKGS[@]}" | sort -u)
expect_exit 0 dpkg --purge "${PKGS[@]}"
left=0
while read -r f; do
	# Directories (and /lib, a link to one under usrmerge) are shared with other packages.
	[ -d "$f" ] && continue
	[ -e "$f" ] || [ -L "$f" ] || continue
	echo "left behind: $f"
	left=$((left + 1))
done <<<"$listed"
assert_eq 0 "$left" "files of the purged packages still there"
set_numvfs 0000:01:00.0 0
echo "packages OK"
