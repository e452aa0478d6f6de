#!/bin/sh
# Runs a layout check (check-no-cycles.sh, check-json-one-place.sh) on the objects of static
# archives, as make check-layout runs it on sriovctl's objects: each object out of its archive
# and named after its source (meson's cli.c.o is cli.o), so the check names files as make's does.
#   objects-in.sh CHECK ARCHIVE...
set -eu
check=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for archive in "$@"; do
        archive=$(realpath "$archive")
        for member in $(ar t "$archive"); do
                name=$(basename "$member")
                name=${name%.o}
                name=${name%.c}.o
                if [ -e "$tmp/$name" ]; then
                        echo "layout: $name twice in $*" >&2
                        exit 1
                fi
                (cd "$tmp" && ar p "$archive" "$member" >"$name")
        done
done
exec "$check" "$tmp"/*.o
