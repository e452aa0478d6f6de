/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A lock file with a deadline, in a directory only its owner can write. flock() is dropped by
 * the kernel when its holder dies, so a crash never leaves it held; but flock() also works on a
 * descriptor opened read-only, so anyone who can open the file can hold it and stall every
 * other user: the file is 0600 and the directory must be its owner's alone.
 */
#ifndef SHARED_LOCK_FILE_H
#define SHARED_LOCK_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Make sure @dir is a directory (not a symlink) owned by the effective user and writable by
 * nobody else, creating it (mode 0755) when missing and @create is set. Returns 0, or -errno
 * with @why (@size bytes) saying what is wrong: "owned by uid 1000, not 0",
 * "writable by others (mode 0777)".
 */
int sriov_private_dir_check(const char *dir, bool create, char *why, size_t size);

/*
 * Take @dir/@name (created 0600, never through a symlink), shared or exclusive, trying until
 * @timeout_msec have passed. Returns the descriptor, which holds the lock until it is closed,
 * or -errno with @why saying why: -ETIMEDOUT names the holding processes ("held by process
 * 1234 (sriovctl)"), and so does -EINTR, when a signal interrupted the wait. @dir is checked
 * with sriov_private_dir_check() first.
 */
int sriov_lock_file_take(const char *dir, const char *name, bool exclusive,
                         unsigned int timeout_msec, char *why, size_t size);
void sriov_lock_file_release(int fd);

/*
 * The processes that hold a flock() on the file open as @fd, from /proc/locks: "process 1234
 * (sriovctl)", several joined by ", ". Empty when none is found.
 */
void sriov_lock_file_holders(int fd, char *buf, size_t size);

#endif
