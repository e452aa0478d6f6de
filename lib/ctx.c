/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library context: reference counting, logging and the last error's message. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsriov-private.h"

SRIOV_EXPORT int sriov_ctx_new(struct sriov_ctx **ret)
{
        struct sriov_ctx *ctx;

        if (!ret)
                return -EINVAL;
        ctx = calloc(1, sizeof(*ctx));
        if (!ctx)
                return -ENOMEM;
        ctx->refcount = 1;
        ctx->log_priority = LOG_ERR;
        ctx->timeout_msec = SRIOV_DEFAULT_TIMEOUT_MSEC;
        ctx->sysfs_write = sysfs_write_kernel;
        ctx->netlink_transact = netlink_transact;
        ctx->netlink_dump = netlink_dump;
        ctx->kmod_load = sriov_kmod_load;
        ctx->udevd_running = -1;
        ctx->host_lock_fd = -1;
        ctx->iommu_groups_fd = -1;
        *ret = ctx;
        return 0;
}

SRIOV_EXPORT struct sriov_ctx *sriov_ctx_ref(struct sriov_ctx *ctx)
{
        if (ctx)
                ctx->refcount++;
        return ctx;
}

SRIOV_EXPORT struct sriov_ctx *sriov_ctx_unref(struct sriov_ctx *ctx)
{
        if (!ctx || --ctx->refcount > 0)
                return NULL;
        sriov_pci_close(ctx);
        netlink_close(ctx);
        if (ctx->host_lock_fd >= 0)
                close(ctx->host_lock_fd);
        if (ctx->iommu_groups_fd >= 0)
                close(ctx->iommu_groups_fd);
        free(ctx->lease_dir);
        free(ctx);
        return NULL;
}

SRIOV_EXPORT void sriov_ctx_set_log_fn(struct sriov_ctx *ctx, sriov_log_fn fn, void *data)
{
        if (!ctx)
                return;
        ctx->log_fn = fn;
        ctx->log_data = data;
}

SRIOV_EXPORT void sriov_ctx_set_log_priority(struct sriov_ctx *ctx, int priority)
{
        if (ctx)
                ctx->log_priority = priority;
}

SRIOV_EXPORT int sriov_ctx_get_log_priority(const struct sriov_ctx *ctx)
{
        return ctx ? ctx->log_priority : -EINVAL;
}

SRIOV_EXPORT void sriov_ctx_set_timeout(struct sriov_ctx *ctx, unsigned int msec)
{
        if (ctx)
                ctx->timeout_msec = msec ? msec : SRIOV_DEFAULT_TIMEOUT_MSEC;
}

SRIOV_EXPORT unsigned int sriov_ctx_get_timeout(const struct sriov_ctx *ctx)
{
        return ctx ? ctx->timeout_msec : 0;
}

SRIOV_EXPORT const char *sriov_ctx_get_error(const struct sriov_ctx *ctx)
{
        return ctx ? ctx->error : "";
}

void sriov_error_append(struct sriov_ctx *ctx, const char *format, ...)
{
        size_t len = strlen(ctx->error);
        va_list args;

        va_start(args, format);
        vsnprintf(ctx->error + len, sizeof(ctx->error) - len, format, args);
        va_end(args);
}

void error_frame_save(struct sriov_ctx *ctx, struct error_frame *f)
{
        snprintf(f->msg, sizeof(f->msg), "%s", ctx->error);
}

void error_frame_end(struct sriov_ctx *ctx, const struct error_frame *f, int r,
                     const char *format, ...)
{
        char later[sizeof(ctx->error)];
        va_list args;

        snprintf(later, sizeof(later), "%s", ctx->error);
        snprintf(ctx->error, sizeof(ctx->error), "%s", f->msg);
        if (r < 0) {
                sriov_error_append(ctx, "; putting back failed too: %s", later);
                return;
        }
        if (!format)
                return;
        sriov_error_append(ctx, "; ");
        va_start(args, format);
        {
                size_t len = strlen(ctx->error);

                vsnprintf(ctx->error + len, sizeof(ctx->error) - len, format, args);
        }
        va_end(args);
}

void sriov_log(struct sriov_ctx *ctx, int priority, const char *file, int line, const char *fn,
               const char *format, ...)
{
        va_list args;

        va_start(args, format);
        ctx->log_fn(ctx->log_data, priority, file, line, fn, format, args);
        va_end(args);
}

static int fail_with(struct sriov_ctx *ctx, int err, const char *file, int line, const char *fn,
                     const char *reason, const char *format, va_list args)
{
        int n = vsnprintf(ctx->error, sizeof(ctx->error), format, args);

        if (n >= 0 && (size_t)n < sizeof(ctx->error))
                snprintf(ctx->error + n, sizeof(ctx->error) - n, ": %s", reason);
        if (ctx->log_fn && LOG_ERR <= ctx->log_priority && !ctx->failures_unlogged)
                sriov_log(ctx, LOG_ERR, file, line, fn, "%s", ctx->error);
        return err;
}

int sriov_fail_at(struct sriov_ctx *ctx, int err, const char *file, int line, const char *fn,
                  const char *format, ...)
{
        va_list args;

        va_start(args, format);
        fail_with(ctx, err, file, line, fn, strerror(-err), format, args);
        va_end(args);
        return err;
}

int sriov_fail_again(struct sriov_ctx *ctx, int err, const char *message)
{
        snprintf(ctx->error, sizeof(ctx->error), "%s", message);
        return err;
}

int sriov_fail_reason_at(struct sriov_ctx *ctx, int err, const char *file, int line,
                         const char *fn, const char *reason, const char *format, ...)
{
        va_list args;

        va_start(args, format);
        fail_with(ctx, err, file, line, fn, reason, format, args);
        va_end(args);
        return err;
}
