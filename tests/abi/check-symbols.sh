#!/bin/sh
# The ABI as the tools of the trade see it:
#   1. the library exports exactly the symbols lib/libsriov.sym lists, each with the version
#      of the node that lists it;
#   2. each is declared in include/libsriov.h and in libsriov(3)'s SYNOPSIS, the same way;
#   3. abidiff against the baseline (abi/libsriov.abi) finds no incompatible change: none to a
#      released node's functions or the types they use. The node being developed (OPEN_NODE)
#      may still change; `make abi-baseline` records a new baseline when a version is released.
#   check-symbols.sh LIBRARY SYMBOL-MAP HEADER MANPAGE BASELINE OPEN_NODE
set -eu
lib=$1 map=$2 header=$3 man=$4 baseline=$5 open_node=$6
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C
passed=0 failed=0
ok() { echo "abi: $1"; passed=$((passed + 1)); }
bad() { echo "abi: $1"; cat "$2"; failed=$((failed + 1)); }

# 1. "symbol node" from the map and from the library's dynamic symbol table.
awk '/^LIBSRIOV_[0-9.]+ *\{/ { node = $1 } /^[ \t]*sriov_[a-z0-9_]*;/ { sub(/;.*/, ""); print $1, node }' \
        "$map" | sort -u >"$tmp/listed"
readelf --dyn-syms -W "$lib" |
        awk '$5 == "GLOBAL" && $7 != "UND" && $8 ~ /^sriov_/ { split($8, v, /@+/); print v[1], v[2] }' |
        sort -u >"$tmp/exported"
if diff -u "$tmp/listed" "$tmp/exported" >"$tmp/diff"; then
        ok "$(wc -l <"$tmp/exported") exported symbols match $map, node by node"
else
        bad "exported symbols or their versions differ from $map (- listed, + exported):" "$tmp/diff"
fi

# 2. Declarations, whitespace aside, in the header and in the SYNOPSIS.
awk -v mode=header -f "$here/declarations.awk" "$header" | sort -u >"$tmp/header"
awk -v mode=man -f "$here/declarations.awk" "$man" | sort -u >"$tmp/man"
: >"$tmp/decl"
while read -r sym _; do
        h=$(awk -F'\t' -v s="$sym" '$1 == s { print $2 }' "$tmp/header")
        m=$(awk -F'\t' -v s="$sym" '$1 == s { print $2 }' "$tmp/man")
        if [ -z "$h" ]; then
                echo "  $sym: not declared in $header" >>"$tmp/decl"
        elif [ -z "$m" ]; then
                echo "  $sym: not in the SYNOPSIS of $man; the header has: $h" >>"$tmp/decl"
        elif [ "$h" != "$m" ]; then
                printf '  %s:\n    header: %s\n    man:    %s\n' "$sym" "$h" "$m" >>"$tmp/decl"
        fi
done <"$tmp/listed"
if [ -s "$tmp/decl" ]; then
        bad "declarations of exported symbols differ:" "$tmp/decl"
else
        ok "every exported symbol is declared alike in $header and the SYNOPSIS of $man"
fi

# 3. abidiff: bit 8 of its status is an incompatible change, bits 1 and 2 its own errors.
printf '[suppress_function]\n  symbol_version = %s\n' "$open_node" >"$tmp/open-node.suppr"
abidw --no-corpus-path --no-show-locs "$lib" >"$tmp/current.abi"
set +e
abidiff --suppressions "$tmp/open-node.suppr" --no-added-syms "$baseline" "$tmp/current.abi" \
        >"$tmp/abidiff" 2>&1
status=$?
set -e
if [ $((status & 11)) -ne 0 ]; then
        bad "abidiff $baseline (exit $status): an incompatible change to a released node:" \
                "$tmp/abidiff"
else
        ok "abidiff: no incompatible change against $baseline (nodes before $open_node)"
fi

echo "abi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
