#!/bin/sh
# No file of sriovctl calls, directly or through others, a file that calls it: main calls the
# command table, the table the commands, the commands their helpers, and never back. From the
# objects' symbol tables: an edge A -> B when A.o uses a symbol B.o defines; tsort finds loops.
#   check-no-cycles.sh OBJECT...
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for o in "$@"; do
        nm --defined-only "$o" | awk -v f="$(basename "$o" .o)" '$2 ~ /^[TDRB]$/ { print $3, f }'
done | sort >"$tmp/defined"
for o in "$@"; do
        nm -u "$o" | awk -v f="$(basename "$o" .o)" '{ print $2, f }'
done | sort >"$tmp/used"
# "user definer" pairs, each file also an edge to itself so that tsort lists it.
join "$tmp/used" "$tmp/defined" | awk '$2 != $3 { print $2, $3 }' | sort -u >"$tmp/edges"
for o in "$@"; do b=$(basename "$o" .o); echo "$b $b"; done >>"$tmp/edges"
if tsort "$tmp/edges" >/dev/null 2>"$tmp/loops"; then
        echo "layout: $(sort -u "$tmp/edges" | awk '$1 != $2' | wc -l) calls between $# files of sriovctl, no loop"
        echo "layout: 1 passed, 0 failed"
else
        echo "layout: sriovctl's files call each other in a loop:"
        sed 's/^/    /' "$tmp/loops"
        echo "layout: 0 passed, 1 failed"
        exit 1
fi
