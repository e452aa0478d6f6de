/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A fake host of sysfs shapes and a context over it (shape-host.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "shape-host.h"

void shape_host_setup(struct shape_host *h, const shape_fn *shapes)
{
        h->fs = fakesys_new();
        for (; *shapes; shapes++)
                (*shapes)(h->fs);
        fakesys_activate(h->fs);
        assert_int_equal(sriov_ctx_new(&h->ctx), 0);
        assert_int_equal(sriov_ctx_set_lease_dir(h->ctx, fakesys_lease_dir(h->fs)), 0);
}

void shape_host_teardown(struct shape_host *h)
{
        sriov_ctx_unref(h->ctx);
        fakesys_free(h->fs);
        *h = (struct shape_host){ 0 };
}

struct sriov_pf *shape_host_pf(struct shape_host *h, const char *name)
{
        struct sriov_pf *pf = NULL;

        assert_int_equal(sriov_pf_new_from_name(h->ctx, name, &pf), 0);
        assert_non_null(pf);
        return pf;
}

struct sriov_vf *shape_host_vf(struct shape_host *h, const char *name)
{
        struct sriov_vf *vf = NULL;

        assert_int_equal(sriov_vf_new_from_name(h->ctx, name, &vf), 0);
        assert_non_null(vf);
        return vf;
}
