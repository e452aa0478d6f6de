#!/bin/sh
# debian/libsriov0.symbols from lib/libsriov.sym: every symbol of node LIBSRIOV_X.Y with the
# version that added it, X.Y.0, and the node itself. One source, so the two cannot disagree;
# make check-deb-symbols compares the committed file with this output.
#   mk/deb-symbols.sh lib/libsriov.sym > debian/libsriov0.symbols
set -eu
echo "libsriov.so.0 libsriov0 #MINVER#"
echo "* Build-Depends-Package: libsriov-dev"
sed -e 's|/\*.*\*/||' "$1" | awk '
	/^[A-Z0-9_.]+ *\{/ { node = $1; ver = node; sub(/^LIBSRIOV_/, "", ver)
	                     printf " %s@%s %s.0\n", node, node, ver; next }
	/^ *(global|local):/ || /^ *\}/ || /^ *$/ { next }
	{ sym = $1; sub(/;$/, "", sym); if (sym != "*") printf " %s@%s %s.0\n", sym, node, ver }'
