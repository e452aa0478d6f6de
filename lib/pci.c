/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libpci: vendor and device names from the PCI ID database.
 *
 * libpci's error callback must not return (its default prints and calls exit()), and it gets
 * no pointer back to us. A library may not exit, so every libpci call runs under a guard: the
 * callback records the message and longjmp()s back to the guard. The guard pointer is
 * thread-local, the one piece of mutable state outside a context, because the callback has
 * no other way to find the caller that is waiting.
 *
 * libpci is loaded on first use (dlopen.c): only the name getters need it. Without it (or
 * its database) names are NULL, as for IDs the database does not know.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pci/pci.h>

#include "libsriov-private.h"

struct pci_guard {
        jmp_buf env;
        char msg[256];
};

static __thread struct pci_guard *current_guard;

static typeof(pci_alloc) *sym_pci_alloc;
static typeof(pci_cleanup) *sym_pci_cleanup;
static typeof(pci_lookup_name) *sym_pci_lookup_name;
static typeof(pci_set_name_list_path) *sym_pci_set_name_list_path;

static const struct dl_sym pci_syms[] = {
        DL_SYM(pci_alloc),
        DL_SYM(pci_cleanup),
        DL_SYM(pci_lookup_name),
        DL_SYM(pci_set_name_list_path),
        { NULL, NULL },
};

static struct dl_lib libpci = {
        .soname = "libpci.so.3",
        .syms = pci_syms,
        .lock = PTHREAD_MUTEX_INITIALIZER,
};

static void __attribute__((noreturn)) pci_error_cb(char *msg, ...)
{
        struct pci_guard *g = current_guard;
        va_list args;

        va_start(args, msg);
        vsnprintf(g->msg, sizeof(g->msg), msg, args);
        va_end(args);
        longjmp(g->env, 1);
}

static void pci_quiet_cb(char *msg, ...)
{
        (void)msg;
}

/* Open libpci on first use. Returns the handle, or NULL after recording why. */
static struct pci_access *pci_open(struct sriov_ctx *ctx)
{
        struct pci_guard guard;
        struct pci_access *volatile pacc = NULL;

        if (ctx->pacc || ctx->pacc_failed)
                return ctx->pacc;
        if (dl_load(&libpci) < 0) {
                dbg(ctx, "PCI names: %s", libpci.error);
                ctx->pacc_failed = true;
                return NULL;
        }
        current_guard = &guard;
        if (setjmp(guard.env)) {
                current_guard = NULL;
                dbg(ctx, "libpci: %s", guard.msg);
                ctx->pacc_failed = true;
                if (pacc)
                        sym_pci_cleanup(pacc);
                return NULL;
        }
        pacc = sym_pci_alloc();
        pacc->error = pci_error_cb;
        pacc->warning = pci_quiet_cb;
        pacc->debug = pci_quiet_cb;
        if (ctx->pci_ids_path)
                sym_pci_set_name_list_path(pacc, (char *)ctx->pci_ids_path, 0);
        current_guard = NULL;
        ctx->pacc = pacc;
        return pacc;
}

void sriov_pci_close(struct sriov_ctx *ctx)
{
        struct pci_guard guard;

        if (!ctx->pacc)
                return;
        current_guard = &guard;
        if (setjmp(guard.env) == 0)
                sym_pci_cleanup(ctx->pacc);
        current_guard = NULL;
        ctx->pacc = NULL;
}

/* pci_lookup_name() with the guard; @flags select what is looked up. */
static char *lookup(struct sriov_ctx *ctx, int flags, unsigned int vendor, unsigned int device)
{
        struct pci_access *pacc = pci_open(ctx);
        struct pci_guard guard;
        char buf[256];
        char *volatile name = NULL;

        if (!pacc)
                return NULL;
        current_guard = &guard;
        if (setjmp(guard.env) == 0) {
                /* NO_NUMBERS: NULL for unknown IDs instead of the IDs printed as text. */
                name = sym_pci_lookup_name(pacc, buf, sizeof(buf), flags | PCI_LOOKUP_NO_NUMBERS,
                                       vendor, device);
        } else {
                /* libpci gave up part-way (a malformed ID database): it is not asked again. */
                dbg(ctx, "libpci: %s", guard.msg);
                name = NULL;
                current_guard = NULL;
                sriov_pci_close(ctx);
                ctx->pacc_failed = true;
                return NULL;
        }
        current_guard = NULL;
        return name ? strdup(name) : NULL;
}

char *sriov_pci_vendor_name(struct sriov_ctx *ctx, uint16_t vendor)
{
        return lookup(ctx, PCI_LOOKUP_VENDOR, vendor, 0);
}

char *sriov_pci_device_name(struct sriov_ctx *ctx, uint16_t vendor, uint16_t device)
{
        return lookup(ctx, PCI_LOOKUP_DEVICE, vendor, device);
}
