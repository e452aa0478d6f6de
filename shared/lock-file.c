/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Lock files with deadlines in private directories (lock-file.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "clock.h"
#include "lock-file.h"

#define RETRY_MSEC 20

int sriov_private_dir_check(const char *dir, bool create, char *why, size_t size)
{
        struct stat st;

        if (lstat(dir, &st) < 0) {
                if (errno != ENOENT || !create) {
                        snprintf(why, size, "%s", strerror(errno));
                        return -errno;
                }
                if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
                        snprintf(why, size, "cannot create it: %s", strerror(errno));
                        return -errno;
                }
                if (lstat(dir, &st) < 0) {
                        snprintf(why, size, "%s", strerror(errno));
                        return -errno;
                }
        }
        if (!S_ISDIR(st.st_mode)) {
                snprintf(why, size, "not a directory%s", S_ISLNK(st.st_mode) ? " (a symlink)" : "");
                return -ENOTDIR;
        }
        if (st.st_uid != geteuid()) {
                snprintf(why, size, "owned by uid %u, not %u; another user could stall or forge "
                         "what is kept there", (unsigned int)st.st_uid, (unsigned int)geteuid());
                return -EPERM;
        }
        if (st.st_mode & (S_IWGRP | S_IWOTH)) {
                snprintf(why, size, "writable by %s (mode %04o); make it 0755",
                         st.st_mode & S_IWOTH ? "others" : "its group",
                         (unsigned int)(st.st_mode & 07777));
                return -EPERM;
        }
        return 0;
}

void sriov_lock_file_holders(int fd, char *buf, size_t size)
{
        char line[256];
        struct stat st;
        size_t len = 0;
        FILE *f;

        buf[0] = '\0';
        if (fstat(fd, &st) < 0 || !(f = fopen("/proc/locks", "re")))
                return;
        /* "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" */
        while (fgets(line, sizeof(line), f)) {
                unsigned int maj, min;
                unsigned long long ino;
                char kind[16], mode[16], comm[32] = "?", path[64];
                int pid, n;

                if (sscanf(line, "%*d: %15s %*s %15s %d %x:%x:%llu", kind, mode, &pid, &maj,
                           &min, &ino) != 6 ||
                    strcmp(kind, "FLOCK") != 0 || ino != (unsigned long long)st.st_ino ||
                    makedev(maj, min) != st.st_dev)
                        continue;
                snprintf(path, sizeof(path), "/proc/%d/comm", pid);
                {
                        FILE *c = fopen(path, "re");

                        if (c) {
                                if (fgets(comm, sizeof(comm), c))
                                        comm[strcspn(comm, "\n")] = '\0';
                                fclose(c);
                        }
                }
                n = snprintf(buf + len, size - len, "%sprocess %d (%s)", len ? ", " : "", pid,
                             comm);
                if (n < 0 || (size_t)n >= size - len)
                        break;
                len += (size_t)n;
        }
        fclose(f);
}

int sriov_lock_file_take(const char *dir, const char *name, bool exclusive,
                         unsigned int timeout_msec, char *why, size_t size)
{
        uint64_t deadline = sriov_now_msec() + timeout_msec;
        char path[4096];
        struct stat st;
        int fd, r;

        r = sriov_private_dir_check(dir, true, why, size);
        if (r < 0)
                return r;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
                r = -errno;
                snprintf(why, size, "open %s: %s", name,
                         r == -ELOOP ? "it is a symlink" : strerror(-r));
                return r;
        }
        /* One left by an older version, or made by hand, gets the mode it must have. */
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
            ((st.st_mode & 077) && fchmod(fd, 0600) < 0)) {
                snprintf(why, size, "%s is not a regular file of uid %u with mode 0600", name,
                         (unsigned int)geteuid());
                close(fd);
                return -EPERM;
        }
        while (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0) {
                char holders[192];

                r = -errno;
                if (r != -EWOULDBLOCK) {
                        snprintf(why, size, "lock %s: %s", name, strerror(-r));
                        close(fd);
                        return r;
                }
                if (sriov_now_msec() >= deadline) {
                        sriov_lock_file_holders(fd, holders, sizeof(holders));
                        snprintf(why, size, "still held after %u ms by %s", timeout_msec,
                                 holders[0] ? holders : "another process");
                        close(fd);
                        return -ETIMEDOUT;
                }
                /* A signal (its handler the caller's) ends the wait now, not at the deadline. */
                if (poll(NULL, 0, RETRY_MSEC) < 0 && errno == EINTR) {
                        sriov_lock_file_holders(fd, holders, sizeof(holders));
                        snprintf(why, size, "interrupted by a signal while %s held it",
                                 holders[0] ? holders : "another process");
                        close(fd);
                        return -EINTR;
                }
        }
        return fd;
}

void sriov_lock_file_release(int fd)
{
        if (fd >= 0)
                close(fd); /* closing drops the flock */
}
