/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The igb host of the bind and lease tests (see igb-host.h). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "igb-host.h"
#include "libsriov-private.h"

/* The kmod seam has no data pointer of its own; one host is set up at a time. */
static struct igb_host *current;

static int fake_kmod(struct sriov_ctx *ctx, const char *name, bool dry_run)
{
        struct igb_host *h = current;
        size_t len = strlen(h->kmod_calls);

        (void)ctx;
        snprintf(h->kmod_calls + len, sizeof(h->kmod_calls) - len, "%s%s%s", len ? " " : "",
                 name, dry_run ? "?" : "");
        for (size_t i = 0; i < sizeof(h->modules) / sizeof(h->modules[0]); i++) {
                if (!h->modules[i] || strcmp(h->modules[i], name) != 0)
                        continue;
                if (h->kmod_err)
                        return h->kmod_err;
                if (!dry_run)
                        fakesys_add_driver(h->fs, name); /* its module_init registers it */
                return 0;
        }
        return -ENOENT;
}

void igb_host_setup(struct igb_host *h)
{
        *h = (struct igb_host){ 0 };
        h->fs = fakesys_new();
        shape_igb(h->fs);
        fakesys_activate(h->fs);
        assert_int_equal(sriov_ctx_new(&h->ctx), 0);
        h->kernel = (struct fake_pci_kernel){ .fs = h->fs, .vf_driver = "igbvf",
                                              .ifname_fmt = "enp1s0v%u", .first_group = 10 };
        fake_pci_kernel_attach(&h->kernel, h->ctx);
        fake_rtnl_igb(&h->rtnl, 2, 2);
        h->ctx->netlink_transact = fake_transact;
        h->ctx->netlink_dump = fake_dump;
        h->ctx->seam_data = &h->rtnl;
        h->modules[0] = "vfio-pci";
        h->ctx->kmod_load = fake_kmod;
        current = h;
}

void igb_host_teardown(struct igb_host *h)
{
        sriov_ctx_unref(h->ctx);
        fakesys_free(h->fs);
        current = NULL;
}
