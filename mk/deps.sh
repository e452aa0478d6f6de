#!/bin/sh
# Install the Debian packages that building and testing libsriov need, when they are missing.
# Run as root on Debian 12; a machine that has them all is left alone (no apt-get update).
# prometheus is for its promtool, which checks sriovctl metrics' output (check-sysfs) and the
# example alert rules (check-alert-rules); the service it installs is not used by any test.
# meson and ninja-build: Debian 12's own (meson 1.0.1), never backports', so that what builds
# here builds on a plain Debian 12 (meson.build says meson_version).
set -eu

packages="gcc make pkg-config libc6-dev meson ninja-build
libnl-3-dev libnl-route-3-dev libudev-dev libkmod-dev libpci-dev pci.ids libjson-c-dev
libcmocka-dev umockdev libumockdev-dev jq binutils prometheus
systemd man-db pciutils time mandoc groff-base
clang-14 libclang-rt-14-dev abigail-tools
build-essential debhelper dpkg-dev lintian python3-jsonschema
containernetworking-plugins golang-go golang-github-appc-cni-dev"

missing=""
for p in $packages; do
        status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
        case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
        esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
        echo "deps: missing Debian packages:$missing; run as root, or: apt-get install$missing" >&2
        exit 1
fi
echo "deps: installing$missing"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
