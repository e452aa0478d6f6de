#!/bin/sh
# All the JSON sriovctl prints is built in one print layer, tools/sriovctl/json*.c, as nvme-cli
# routes its output through one: no other object of sriovctl makes a JSON object or array.
# (Reading JSON, as the document parser does, is not building it.)
#   check-json-one-place.sh OBJECT...
set -eu
bad=""
for o in "$@"; do
        case $(basename "$o") in json*.o) continue ;; esac
        syms=$(nm -u "$o" | awk '$2 ~ /^json_object_(new_|object_add|array_add)/ { print $2 }' |
                sort -u | tr '\n' ' ')
        [ -z "$syms" ] || bad="$bad
    $(basename "$o" .o).c: $syms"
done
if [ -n "$bad" ]; then
        echo "layout: JSON built outside tools/sriovctl/json*.c:$bad"
        echo "layout: 0 passed, 1 failed"
        exit 1
fi
echo "layout: JSON is built only in tools/sriovctl/json*.c"
echo "layout: 1 passed, 0 failed"
