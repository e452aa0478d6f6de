/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Loading a kernel module through libkmod, as modprobe does, for drivers that nothing loads on
 * its own: vfio-pci has no device IDs, so udev never loads it for a VF. libkmod's own log
 * goes to stderr unless told otherwise, and a library never prints: it goes to ours.
 * libkmod is loaded on first use (dlopen.c): only binding a driver needs it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libkmod.h>

#include "libsriov-private.h"

static typeof(kmod_new) *sym_kmod_new;
static typeof(kmod_unref) *sym_kmod_unref;
static typeof(kmod_set_log_fn) *sym_kmod_set_log_fn;
static typeof(kmod_set_log_priority) *sym_kmod_set_log_priority;
static typeof(kmod_module_new_from_lookup) *sym_kmod_module_new_from_lookup;
static typeof(kmod_module_get_module) *sym_kmod_module_get_module;
static typeof(kmod_module_probe_insert_module) *sym_kmod_module_probe_insert_module;
static typeof(kmod_module_get_name) *sym_kmod_module_get_name;
static typeof(kmod_module_unref) *sym_kmod_module_unref;
static typeof(kmod_module_unref_list) *sym_kmod_module_unref_list;
static typeof(kmod_list_next) *sym_kmod_list_next;

static const struct dl_sym kmod_syms[] = {
        DL_SYM(kmod_new),
        DL_SYM(kmod_unref),
        DL_SYM(kmod_set_log_fn),
        DL_SYM(kmod_set_log_priority),
        DL_SYM(kmod_module_new_from_lookup),
        DL_SYM(kmod_module_get_module),
        DL_SYM(kmod_module_probe_insert_module),
        DL_SYM(kmod_module_get_name),
        DL_SYM(kmod_module_unref),
        DL_SYM(kmod_module_unref_list),
        DL_SYM(kmod_list_next),
        { NULL, NULL },
};

static struct dl_lib libkmod = {
        .soname = "libkmod.so.2",
        .syms = kmod_syms,
        .lock = PTHREAD_MUTEX_INITIALIZER,
};

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

        r = dl_load(&libkmod);
        if (r < 0)
                return sriov_fail_reason(ctx, r, libkmod.error, "load module %s", name);
        kctx = sym_kmod_new(NULL, NULL);
        if (!kctx)
                return -ENOMEM;
        sym_kmod_set_log_fn(kctx, kmod_log_to_ctx, ctx);
        sym_kmod_set_log_priority(kctx, LOG_DEBUG);
        /* A lookup, not new_from_name(): it knows aliases and reports a module that is not
         * there as an empty list, where new_from_name() makes one up and fails later. */
        r = sym_kmod_module_new_from_lookup(kctx, name, &list);
        if (r < 0)
                goto out;
        if (!list) {
                r = -ENOENT;
                goto out;
        }
        if (dry_run)
                goto out;
        /* kmod_list_foreach(), with the loaded kmod_list_next(). */
        for (l = list; l; l = sym_kmod_list_next(list, l)) {
                struct kmod_module *mod = sym_kmod_module_get_module(l);

                /* Without KMOD_PROBE_FAIL_ON_LOADED: a module already loaded is success. */
                r = sym_kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
                dbg(ctx, "load module %s (for \"%s\"): %s", sym_kmod_module_get_name(mod), name,
                    r < 0 ? strerror(-r) : "ok");
                sym_kmod_module_unref(mod);
                if (r < 0)
                        break;
        }
out:
        sym_kmod_module_unref_list(list);
        sym_kmod_unref(kctx);
        return r < 0 ? r : 0;
}
