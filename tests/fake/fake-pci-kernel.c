/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The fake kernel's reaction to sysfs writes (see fakekernel.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake-pci-kernel.h"
#include "libsriov-private.h"

static void record(struct fake_pci_kernel *k, const char *attr, const char *value)
{
        size_t len = strlen(k->writes);

        snprintf(k->writes + len, sizeof(k->writes) - len, "%s%s=%s", len ? " " : "", attr,
                 value);
}

static int parse_uint(const char *s, unsigned int *ret)
{
        char *end;
        unsigned long v;

        if (!*s)
                return -EINVAL;
        v = strtoul(s, &end, 10);
        if (*end == '\n')
                end++;
        if (*end || v > 65535)
                return -EINVAL;
        *ret = (unsigned int)v;
        return 0;
}

static int store_numvfs(struct fake_pci_kernel *k, const char *pf, const char *value)
{
        unsigned int n, cur, total, enable;
        bool autoprobe;
        int r = parse_uint(value, &n);

        if (r < 0)
                return r;
        total = fakesys_read_uint(k->fs, pf, "sriov_totalvfs");
        cur = fakesys_read_uint(k->fs, pf, "sriov_numvfs");
        if (n > total)
                return -ERANGE;
        if (n == cur)
                return 0;
        if (!fakesys_has_driver(k->fs, pf))
                return -ENOENT;
        if (n == 0) {
                fakesys_remove_vfs(k->fs, pf);
                return 0;
        }
        if (cur > 0)
                return -EBUSY;
        enable = k->enable_at_most && k->enable_at_most < n ? k->enable_at_most : n;
        autoprobe = fakesys_read_uint(k->fs, pf, "sriov_drivers_autoprobe") == 1 && !k->no_probe;
        fakesys_add_vfs(k->fs, pf, enable, autoprobe ? k->vf_driver : NULL,
                        autoprobe ? k->ifname_fmt : NULL, k->first_group);
        return 0;
}

static int fake_write(struct sriov_ctx *ctx, int dirfd, const char *device, const char *attr,
                      const char *value)
{
        struct fake_pci_kernel *k = ctx->sysfs_write_data;

        (void)dirfd;
        record(k, attr, value);
        if (k->fail_attr && strcmp(attr, k->fail_attr) == 0 &&
            (!k->fail_value || strcmp(value, k->fail_value) == 0))
                return -k->fail_errno;
        if (strcmp(attr, "sriov_numvfs") == 0) {
                unsigned int before = fakesys_read_uint(k->fs, device, "sriov_numvfs");
                int r = store_numvfs(k, device, value);
                unsigned int after = fakesys_read_uint(k->fs, device, "sriov_numvfs");

                if (after != before && k->numvfs_changed)
                        k->numvfs_changed(k, after);
                return r;
        }
        if (strcmp(attr, "sriov_drivers_autoprobe") == 0) {
                if (strcmp(value, "0") && strcmp(value, "1"))
                        return -EINVAL;
                fakesys_set_attr(k->fs, device, attr, value);
                return 0;
        }
        fakesys_set_attr(k->fs, device, attr, value);
        return 0;
}

void fake_pci_kernel_attach(struct fake_pci_kernel *k, struct sriov_ctx *ctx)
{
        ctx->sysfs_write_data = k;
        ctx->sysfs_write = fake_write;
        ctx->udevd_running = 0; /* the fake creates everything at once; no udev database */
}
