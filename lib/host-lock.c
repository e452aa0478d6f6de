/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host-wide lock. Every call that changes a PF or a VF, and every lease operation, holds it
 * while it decides and acts, so two processes never plan against a host the other is changing,
 * and a VF found free is still free when it is taken. It is flock() on "<lease dir>/lock": the
 * kernel drops it when its holder dies. A context holds it at most once (a count makes nested
 * calls free), and a caller can hold it across calls (sriov_ctx_lock_host(): sriovctl apply
 * holds it from planning to verifying).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"
#include "lock-file.h"

#define LOCK_NAME "lock"

static int take(struct sriov_ctx *ctx, bool exclusive)
{
        const char *dir = sriov_ctx_get_lease_dir(ctx);
        char why[256];
        int fd;

        if (ctx->host_lock_depth > 0) {
                if (exclusive && !ctx->host_lock_exclusive)
                        return sriov_fail_reason(ctx, -EDEADLK,
                                                 "this context holds it shared, for reading; "
                                                 "take it exclusive to change anything",
                                                 "host lock %s/" LOCK_NAME, dir);
                ctx->host_lock_depth++;
                return 0;
        }
        fd = sriov_lock_file_take(dir, LOCK_NAME, exclusive, ctx->timeout_msec, why, sizeof(why));
        if (fd < 0)
                return sriov_fail_reason(ctx, fd, why, "host lock %s/" LOCK_NAME, dir);
        ctx->host_lock_fd = fd;
        ctx->host_lock_exclusive = exclusive;
        ctx->host_lock_depth = 1;
        return 0;
}

int host_lock(struct sriov_ctx *ctx)
{
        return take(ctx, true);
}

void host_unlock(struct sriov_ctx *ctx)
{
        if (ctx->host_lock_depth == 0 || --ctx->host_lock_depth > 0)
                return;
        sriov_lock_file_release(ctx->host_lock_fd);
        ctx->host_lock_fd = -1;
}

SRIOV_EXPORT int sriov_ctx_lock_host(struct sriov_ctx *ctx, unsigned int flags)
{
        if (!ctx)
                return -EINVAL;
        if (flags & ~SRIOV_LOCK_SHARED)
                return sriov_fail_reason(ctx, -EINVAL, "unknown flags", "host lock: flags 0x%x",
                                         flags);
        return take(ctx, !(flags & SRIOV_LOCK_SHARED));
}

SRIOV_EXPORT int sriov_ctx_unlock_host(struct sriov_ctx *ctx)
{
        if (!ctx || ctx->host_lock_depth == 0)
                return -EINVAL;
        host_unlock(ctx);
        return 0;
}
