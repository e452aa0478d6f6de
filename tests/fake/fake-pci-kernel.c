/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The fake kernel's reaction to sysfs writes (see fakekernel.h). */
#include <errno.h>
#include <signal.h>
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

/* The netdev name format and first IOMMU group of @pf's VFs. */
static void pf_params(struct fake_pci_kernel *k, const char *pf, const char **fmt, int *group)
{
        *fmt = k->ifname_fmt;
        *group = k->first_group;
        for (size_t i = 0; i < sizeof(k->per_pf) / sizeof(k->per_pf[0]); i++)
                if (k->per_pf[i].pf && strcmp(k->per_pf[i].pf, pf) == 0) {
                        *fmt = k->per_pf[i].ifname_fmt;
                        *group = k->per_pf[i].first_group;
                }
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
        {
                const char *fmt;
                int group;

                pf_params(k, pf, &fmt, &group);
                fakesys_add_vfs(k->fs, pf, enable, autoprobe ? k->vf_driver : NULL,
                                autoprobe ? fmt : NULL, group);
        }
        return 0;
}

/* ---- binding -------------------------------------------------------------------------- */

/* The drivers the fake knows by device ID, as their pci_device_id tables list them. */
static const struct {
        unsigned int vendor, device;
        const char *driver;
} id_table[] = {
        { 0x8086, 0x10ca, "igbvf" }, /* 82576 VF */
        { 0x8086, 0x154c, "iavf" },  /* X710 VF */
};

static bool is_net_driver(const char *driver)
{
        for (size_t i = 0; i < sizeof(id_table) / sizeof(id_table[0]); i++)
                if (strcmp(id_table[i].driver, driver) == 0)
                        return true;
        return false;
}

static const char *driver_by_id(struct fake_pci_kernel *k, const char *dev)
{
        unsigned int vendor = 0, device = 0;
        char buf[16];

        if (fakesys_read_str(k->fs, dev, "vendor", buf, sizeof(buf)))
                vendor = (unsigned int)strtoul(buf, NULL, 16);
        if (fakesys_read_str(k->fs, dev, "device", buf, sizeof(buf)))
                device = (unsigned int)strtoul(buf, NULL, 16);
        for (size_t i = 0; i < sizeof(id_table) / sizeof(id_table[0]); i++)
                if (id_table[i].vendor == vendor && id_table[i].device == device)
                        return id_table[i].driver;
        return NULL;
}

/* The override, or NULL when unset. */
static const char *override_of(struct fake_pci_kernel *k, const char *dev, char *buf, size_t size)
{
        if (!fakesys_read_str(k->fs, dev, "driver_override", buf, size) ||
            strcmp(buf, "(null)") == 0)
                return NULL;
        return buf;
}

/* pci_match_device(): only the override's driver, which then matches whatever the IDs say. */
static bool driver_matches(struct fake_pci_kernel *k, const char *dev, const char *driver)
{
        char ov[64];
        const char *override = override_of(k, dev, ov, sizeof(ov));
        const char *by_id = driver_by_id(k, dev);

        if (override)
                return strcmp(override, driver) == 0;
        return by_id && strcmp(by_id, driver) == 0;
}

/* really_probe(): bind, and let a network driver register its netdev. */
static int probe(struct fake_pci_kernel *k, const char *dev, const char *driver)
{
        char pf[32], ifname[32];
        int index;

        if (k->probe_refuses && strcmp(k->probe_refuses, driver) == 0)
                return -ENODEV;
        fakesys_bind_driver(k->fs, dev, driver);
        index = fakesys_vf_index(k->fs, dev, pf);
        if (index >= 0) {
                const char *fmt;
                int group;

                pf_params(k, pf, &fmt, &group);
                if (!is_net_driver(driver) || k->no_netdev || !fmt)
                        return 0;
                snprintf(ifname, sizeof(ifname), fmt, (unsigned int)index);
                fakesys_add_netdev(k->fs, dev, ifname);
        }
        return 0;
}

/* pci_device_can_probe(): a VF of a PF that does not autoprobe only with an override. */
static bool can_probe(struct fake_pci_kernel *k, const char *dev)
{
        char pf[32], ov[64];

        if (fakesys_vf_index(k->fs, dev, pf) < 0 || override_of(k, dev, ov, sizeof(ov)))
                return true;
        return fakesys_read_uint(k->fs, pf, "sriov_drivers_autoprobe") == 1;
}

static int store_override(struct fake_pci_kernel *k, const char *dev, const char *value)
{
        size_t len = strcspn(value, "\n");
        char v[64];

        /* driver_set_override(): one page at most; an empty name (after "\n") clears it. */
        if (strlen(value) >= 4095 || len >= sizeof(v))
                return -EINVAL;
        memcpy(v, value, len);
        v[len] = '\0';
        fakesys_set_attr(k->fs, dev, "driver_override", len ? v : "(null)");
        return 0;
}

/* drivers_probe_store(): success whether or not a driver took the device. */
static int store_drivers_probe(struct fake_pci_kernel *k, const char *value)
{
        char dev[32], ov[64];
        const char *driver;

        snprintf(dev, sizeof(dev), "%.*s", (int)strcspn(value, "\n"), value);
        if (!fakesys_device_exists(k->fs, dev))
                return -ENODEV;
        if (fakesys_has_driver(k->fs, dev) || !can_probe(k, dev))
                return 0;
        driver = override_of(k, dev, ov, sizeof(ov));
        if (!driver)
                driver = driver_by_id(k, dev);
        if (driver && fakesys_driver_loaded(k->fs, driver))
                (void)probe(k, dev, driver); /* a failing probe is only logged */
        return 0;
}

/* drivers/<drv>/unbind and drivers/<drv>/bind (bus.c's unbind_store(), bind_store()). */
static int store_driver_file(struct fake_pci_kernel *k, const char *attr, const char *value)
{
        char driver[64], file[16], dev[32], now[64];

        if (sscanf(attr, "drivers/%63[^/]/%15s", driver, file) != 2)
                return -ENOENT;
        if (!fakesys_driver_loaded(k->fs, driver))
                return -ENOENT; /* no such directory */
        snprintf(dev, sizeof(dev), "%.*s", (int)strcspn(value, "\n"), value);
        if (!fakesys_device_exists(k->fs, dev))
                return -ENODEV;
        fakesys_driver_of(k->fs, dev, now, sizeof(now));
        if (strcmp(file, "unbind") == 0) {
                if (strcmp(now, driver) != 0)
                        return -ENODEV;
                fakesys_unbind_driver(k->fs, dev);
                return 0;
        }
        if (strcmp(file, "bind") == 0) {
                if (!driver_matches(k, dev, driver))
                        return -ENODEV;
                if (now[0])
                        return -EBUSY;
                return probe(k, dev, driver);
        }
        return -EACCES; /* new_id, remove_id: not for us */
}

static int apply_write(struct fake_pci_kernel *k, const char *device, const char *attr,
                       const char *value);

static int fake_write(struct sriov_ctx *ctx, int dirfd, const char *device, const char *attr,
                      const char *value)
{
        struct fake_pci_kernel *k = ctx->sysfs_write_data;
        int r;

        (void)dirfd;
        k->n_writes++;
        if (k->fail_nth && k->n_writes == k->fail_nth) {
                record(k, attr, "(failed)");
                return k->fail_nth_errno ? -k->fail_nth_errno : -EIO;
        }
        r = apply_write(k, device, attr, value);
        if (k->crash_nth && k->n_writes == k->crash_nth)
                raise(k->crash_signal ? k->crash_signal : SIGKILL);
        return r;
}

static int apply_write(struct fake_pci_kernel *k, const char *device, const char *attr,
                       const char *value)
{
        record(k, attr, value);
        if (k->fail_attr && strcmp(attr, k->fail_attr) == 0 &&
            (!k->fail_value || strcmp(value, k->fail_value) == 0) &&
            (!k->fail_times || k->failed < k->fail_times)) {
                k->failed++;
                return -k->fail_errno;
        }
        if (strcmp(attr, "sriov_numvfs") == 0) {
                unsigned int before = fakesys_read_uint(k->fs, device, "sriov_numvfs");
                int r = store_numvfs(k, device, value);
                unsigned int after = fakesys_read_uint(k->fs, device, "sriov_numvfs");

                if (after != before && k->numvfs_changed)
                        k->numvfs_changed(k, device, after);
                return r;
        }
        if (strcmp(attr, "driver_override") == 0)
                return store_override(k, device, value);
        if (strcmp(attr, "drivers_probe") == 0)
                return store_drivers_probe(k, value);
        if (strncmp(attr, "drivers/", 8) == 0)
                return store_driver_file(k, attr, value);
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
