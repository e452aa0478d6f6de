/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake host made of sysfs shapes (shapes.h) and a library context over it: the fixture of the
 * sysfs tests that read the host (test-pf, test-vf, test-iommu, test-check).
 */
#ifndef SHAPE_HOST_H
#define SHAPE_HOST_H

#include "fakesys.h"
#include "libsriov.h"

struct shape_host {
        struct fakesys *fs;
        struct sriov_ctx *ctx;
};

typedef void (*shape_fn)(struct fakesys *fs);

/* Build the NULL-terminated @shapes, put the tree under umockdev, open a context. */
void shape_host_setup(struct shape_host *h, const shape_fn *shapes);
void shape_host_teardown(struct shape_host *h);
/* The PF or VF of that name, or the test fails. */
struct sriov_pf *shape_host_pf(struct shape_host *h, const char *name);
struct sriov_vf *shape_host_vf(struct shape_host *h, const char *name);

#endif
