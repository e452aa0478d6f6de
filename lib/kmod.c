/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Loading a kernel module through libkmod, as modprobe does, for drivers that nothing loads on
 * its own: vfio-pci has no device IDs, so udev never loads it for a VF. libkmod's own log
 * goes to stderr unless told otherwise, and a library never prints: it goes to ours.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libkmod.h>

#include "libsriov-private.h"

/* Everything libkmod says is detail, logged at debug priority: the failure itself is
 * reported once, by the caller, with what to do about it. */
static void kmod_log_to_ctx(void *data, int priority, const char *file, int line, const char *fn,
                            const char *format, va_list args)
{
        struct sriov_ctx *ctx = data;
        char msg[256];

        (void)priority, (void)file, (void)line, (void)fn;
        if (!ctx->log_fn || ctx->log_priority < LOG_DEBUG)
                return;
        vsnprintf(msg, sizeof(msg), format, args);
        msg[strcspn(msg, "\n")] = '\0';
        dbg(ctx, "libkmod: %s", msg);
}

int sriov_kmod_load(struct sriov_ctx *ctx, const char *name, bool dry_run)
{
        struct kmod_ctx *kctx;
        struct kmod_list *list = NULL, *l;
        int r;

        kctx = kmod_new(NULL, NULL);
        if (!kctx)
                return -ENOMEM;
        kmod_set_log_fn(kctx, kmod_log_to_ctx, ctx);
        kmod_set_log_priority(kctx, LOG_DEBUG);
        /* A lookup, not new_from_name(): it knows aliases and reports a module that is not
         * there as an empty list, where new_from_name() makes one up and fails later. */
        r = kmod_module_new_from_lookup(kctx, name, &list);
        if (r < 0)
                goto out;
        if (!list) {
                r = -ENOENT;
                goto out;
        }
        if (dry_run)
                goto out;
        kmod_list_foreach(l, list) {
                struct kmod_module *mod = kmod_module_get_module(l);

                /* Without KMOD_PROBE_FAIL_ON_LOADED: a module already loaded is success. */
                r = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
                dbg(ctx, "load module %s (for \"%s\"): %s", kmod_module_get_name(mod), name,
                    r < 0 ? strerror(-r) : "ok");
                kmod_module_unref(mod);
                if (r < 0)
                        break;
        }
out:
        kmod_module_unref_list(list);
        kmod_unref(kctx);
        return r < 0 ? r : 0;
}
