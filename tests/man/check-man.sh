#!/bin/sh
# The man pages as built: mandoc's and groff's warnings, then the text a reader sees
# (check-rendered.py: words run together, stray quotes, leftover markup, tags cut short, the
# footer), which neither linter looks at.
#   check-man.sh VERSION DATE PAGE...
# mandoc's style notes (lines over 80 bytes, ...) are left out: warnings and worse fail.
set -u
version=$1 date=$2
shift 2
failed=0
for page in "$@"; do
        out=$( { mandoc -T lint -W warning "$page"; groff -man -ww -z "$page"; } 2>&1)
        if [ -n "$out" ]; then
                printf '%s\n' "$out" | sed "s|^|man: $page: |"
                failed=$((failed + 1))
        fi
done
echo "man lint (mandoc -T lint -W warning, groff -ww -z): $(($# - failed)) passed, $failed failed"
python3 "$(dirname "$0")/check-rendered.py" "$version" "$date" "$@" || failed=$((failed + 1))

# The check itself: each page in defects/ holds one defect a linter lets through (most of them
# were in our pages once); the check must refuse every one, or it could not fail.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
caught=0 missed=0
for page in "$(dirname "$0")"/defects/*.8; do
        name=$(basename "$page")
        sed -e "s/@DATE@/$date/" -e "s/@VERSION@/$version/" "$page" >"$tmp/$name"
        if python3 "$(dirname "$0")/check-rendered.py" "$version" "$date" "$tmp/$name" \
                >/dev/null 2>&1; then
                echo "man: the check let defects/$name through"
                missed=$((missed + 1))
        else
                caught=$((caught + 1))
        fi
done
echo "man check's own defects: $caught caught, $missed missed"
[ "$missed" -eq 0 ] && [ "$caught" -gt 0 ] || failed=$((failed + 1))
[ "$failed" -eq 0 ]
