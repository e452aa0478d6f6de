#!/bin/sh
# The library exports exactly the symbols lib/libsriov.sym lists, each in a version node.
#   check-symbols.sh LIBRARY SYMBOL-MAP
set -eu
lib=$1
map=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Defined, global functions and objects of the dynamic symbol table, without version tags.
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ { sub(/@.*/, "", $3); print $3 }' |
        grep -v '^LIBSRIOV_' | sort -u >"$tmp/exported"
sed -n 's/^[[:space:]]*\(sriov_[a-z0-9_]*\);.*/\1/p' "$map" | sort -u >"$tmp/listed"

if diff -u "$tmp/listed" "$tmp/exported" >"$tmp/diff"; then
        echo "abi: $(wc -l <"$tmp/exported") exported symbols match $map"
        echo "abi: 1 passed, 0 failed"
else
        echo "abi: exported symbols differ from $map (- listed only, + exported only):"
        cat "$tmp/diff"
        echo "abi: 0 passed, 1 failed"
        exit 1
fi
