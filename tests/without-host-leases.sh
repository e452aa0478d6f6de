#!/bin/sh
# Runs a command (a test tier) in a mount namespace of its own, where /run is empty and
# /run/libsriov, the library's default lease directory, is a read-only file system: a test that
# forgets to give its context a lease directory of its own fails with EROFS rather than take the
# host's lock or read and change the host's leases. With --private, /run/libsriov is an empty
# writable directory of this run's own instead: for sriovctl, whose lease directory is the
# default one.
set -e
mode=ro
if [ "$1" = --private ]; then
        mode=rw
        shift
fi
if [ $# -eq 0 ]; then
        echo "usage: $0 [--private] COMMAND [ARG...]" >&2
        exit 2
fi
exec unshare --mount --propagation private sh -c '
        mode=$1
        shift
        mount -t tmpfs -o mode=0755 libsriov-tests /run &&
        mkdir /run/libsriov &&
        mount -t tmpfs -o "$mode,mode=0755" libsriov-tests-leases /run/libsriov || {
                echo "without-host-leases: cannot make a private /run/libsriov" >&2
                exit 1
        }
        exec "$@"' without-host-leases "$mode" "$@"
