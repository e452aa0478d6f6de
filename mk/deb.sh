#!/bin/sh
# make deb: the Debian packages libsriov0, libsriov-dev, sriovctl and libsriov-cni, built
# from a copy of the tree under build/deb (dpkg-buildpackage cleans its tree first and writes into the parent
# directory: neither touches this checkout), then checked by lintian, which fails on errors.
#   mk/deb.sh VERSION   (make deb passes the Makefile's)
set -eu
version=$1
out=build/deb
src=$out/libsriov-$version
changelog=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$changelog" = "$version" ] ||
	{ echo "deb: debian/changelog is at $changelog, the Makefile at $version" >&2; exit 1; }
mk/deb-symbols.sh lib/libsriov.sym | cmp -s - debian/libsriov0.symbols ||
	{ echo "deb: debian/libsriov0.symbols differs from lib/libsriov.sym (mk/deb-symbols.sh)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$src"
tar --exclude=./build --exclude=./.git -cf - . | tar -C "$src" -xf -
(cd "$src" && dpkg-buildpackage -us -uc -b)
lintian --fail-on error --info "$out"/*.changes
ls "$out"/*.deb
