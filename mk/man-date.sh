#!/bin/sh
# The date in the man pages' footer: the date of the source, never of the build, so that two
# builds of one source write the same pages (reproducible builds). Run from the top of the tree.
#   SOURCE_DATE_EPOCH  when set: dpkg-buildpackage sets it from debian/changelog, and other
#                      build systems likewise (reproducible-builds.org's convention)
#   git                in a git checkout of this tree, the last commit's date
#   debian/changelog   in a tarball without .git, the date of its latest entry
# A tree copied inside another checkout (make deb's build/deb/) is not that checkout's source:
# git's answer counts only when this directory is the top of the work tree.
set -eu
epoch=${SOURCE_DATE_EPOCH:-}
if [ -z "$epoch" ] && top=$(git rev-parse --show-toplevel 2>/dev/null) && [ "$top" -ef . ]; then
        epoch=$(git log -1 --format=%ct 2>/dev/null || true)
fi
if [ -z "$epoch" ]; then
        when=$(sed -n 's/^ -- .*>  //p' debian/changelog | head -n 1)
        epoch=$(date -u -d "$when" +%s)
fi
date -u -d "@$epoch" +%Y-%m-%d
