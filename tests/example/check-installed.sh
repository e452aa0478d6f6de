#!/bin/sh
# Install into a temporary DESTDIR, build examples/list-vfs.c out of tree with nothing but
# `pkg-config --cflags --libs libsriov`, and run it on a fake host.
#   check-installed.sh MKHOST
set -eu
mkhost=$1
top=$(pwd)
tmp=$(mktemp -d)
root=""
trap 'rm -rf "$tmp" ${root:+"$root"}' EXIT

make -s -C "$top" install DESTDIR="$tmp/dest" PREFIX=/usr >/dev/null
# PREFIX=/usr on Debian: the multiarch directory, as Debian's own libraries.
lib=usr/lib
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null) && lib=usr/lib/$ma
export PKG_CONFIG_PATH="$tmp/dest/$lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$tmp/dest"
cp "$top/examples/list-vfs.c" "$tmp/"
cd "$tmp"
# shellcheck disable=SC2046 # pkg-config prints separate words on purpose
cc -Wall -Wextra -Werror -o list-vfs list-vfs.c $(pkg-config --cflags --libs libsriov)

root=$("$top/$mkhost" igb)
out=$(UMOCKDEV_DIR=$root LD_LIBRARY_PATH="$tmp/dest/$lib" umockdev-wrapper ./list-vfs)
linked=$(LD_LIBRARY_PATH="$tmp/dest/$lib" ldd ./list-vfs | awk '/libsriov/ { print $3 }')

ok=1
case "$linked" in "$tmp/dest/$lib/"*) ;; *) ok=0; echo "example: linked $linked, not the installed copy" ;; esac
echo "$out" | grep -q '^pf 0000:01:00.0  enp1s0  driver igb  vfs 2/7$' || ok=0
echo "$out" | grep -q 'vf 1   0000:01:10.2  driver igbvf' || ok=0
for f in usr/include/libsriov.h $lib/libsriov.so $lib/libsriov.so.0 usr/bin/sriovctl \
        usr/share/man/man8/sriovctl.8 usr/share/man/man3/libsriov.3; do
        [ -e "$tmp/dest/$f" ] || { ok=0; echo "example: $f was not installed"; }
done
if [ $ok -eq 1 ]; then
        echo "example: list-vfs built through pkg-config against the installed library and ran"
        echo "example: 1 passed, 0 failed"
else
        printf 'example: list-vfs output:\n%s\n' "$out"
        echo "example: 0 passed, 1 failed"
        exit 1
fi
