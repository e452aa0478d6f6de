/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The host-wide lock of `sriovctl apply`: two applies at once would each plan against a host
 * the other is changing. flock() on a file in the library's run directory: the kernel drops it
 * when the holder dies, so a crashed apply never blocks the next one. Waiting is bounded by
 * the context's timeout, like every other wait.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "host-lock.h"

#define LOCK_NAME "apply.lock"
#define POLL_MSEC 20

static long long now_msec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int host_lock_take(struct sriov_ctx *ctx, bool exclusive, char *err, size_t size)
{
        const char *dir = sriov_ctx_get_lease_dir(ctx);
        long long deadline = now_msec() + sriov_ctx_get_timeout(ctx);
        char path[4096];
        int fd;

        snprintf(path, sizeof(path), "%s/" LOCK_NAME, dir);
        if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
                snprintf(err, size, "%s: cannot create it: %s", dir, strerror(errno));
                return -errno;
        }
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0) {
                int r = -errno;

                snprintf(err, size, "%s: cannot open it: %s", path, strerror(-r));
                return r;
        }
        while (flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0) {
                int r = -errno;

                if (r != -EWOULDBLOCK) {
                        snprintf(err, size, "%s: cannot lock it: %s", path, strerror(-r));
                        close(fd);
                        return r;
                }
                if (now_msec() >= deadline) {
                        snprintf(err, size,
                                 "%s: another sriovctl apply still holds it after %u s "
                                 "(--timeout)",
                                 path, sriov_ctx_get_timeout(ctx) / 1000);
                        close(fd);
                        return -ETIMEDOUT;
                }
                usleep(POLL_MSEC * 1000);
        }
        return fd;
}

void host_lock_release(int fd)
{
        if (fd >= 0)
                close(fd);
}
