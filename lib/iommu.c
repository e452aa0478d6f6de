/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * IOMMU groups and what VFIO makes of them: members and their drivers, viability, the group's
 * /dev/vfio node and the VF's cdev, the host's IOMMU mode. Handing the nodes to a VMM is
 * vfio-owner.c's.
 *
 * Everything is read from sysfs, never from /dev: a VFIO group node must not be opened to see
 * whether it exists (older kernels let only one process open it, so a check could steal it
 * from a VMM), and the kernel names every node it makes in /sys/class/vfio and vfio-dev/.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "libsriov-private.h"

#define SYSFS_IOMMU_GROUPS "/sys/kernel/iommu_groups"
#define SYSFS_CLASS_IOMMU "/sys/class/iommu"
#define SYSFS_CLASS_VFIO "/sys/class/vfio"
/* vfio_noiommu_group_alloc() names its groups so. */
#define NOIOMMU_GROUP_NAME "vfio-noiommu"

struct iommu_member {
        char *name;
        char *driver;
        bool bridge;
};

struct sriov_iommu_group {
        int refcount;
        int number;
        char *type;
        bool noiommu;
        struct iommu_member *members;
        size_t n_members;
        bool viable;
        char why[160];
        char vfio_path[48];
};

static bool path_exists(const char *path)
{
        _cleanup_close_ int fd = open(path, O_PATH | O_CLOEXEC);

        return fd >= 0;
}

int sysfs_module_param_bool(const char *module, const char *param)
{
        char path[256], buf[16];

        snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module, param);
        if (sysfs_read_str(AT_FDCWD, path, buf, sizeof(buf)) < 0)
                return -1;
        return buf[0] == 'Y' || buf[0] == 'y' || buf[0] == '1';
}

/*
 * Bridges may sit in a group on any driver (pcieport): vfio has always let them, as they do
 * no DMA of their own. PCI-to-PCI (0x0604), CardBus (0x0607) and semi-transparent (0x0609).
 */
static bool class_is_bridge(unsigned long cls)
{
        unsigned long sub = cls >> 8;

        return sub == 0x0604 || sub == 0x0607 || sub == 0x0609;
}

static int member_read(int groupfd, const char *name, struct iommu_member *m)
{
        char rel[64 + SRIOV_PCI_ADDR_MAX], buf[64];
        _cleanup_close_ int fd = -1;
        int r;

        snprintf(rel, sizeof(rel), "devices/%s", name);
        m->name = strdup(name);
        if (!m->name)
                return -ENOMEM;
        fd = openat(groupfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno; /* unplugged meanwhile: a name is all */
        r = sysfs_read_link_name(fd, "driver", buf, sizeof(buf));
        if (r >= 0 && !(m->driver = strdup(buf)))
                return -ENOMEM;
        if (r < 0 && r != -ENOENT)
                return r;
        if (sysfs_read_str(fd, "class", buf, sizeof(buf)) >= 0)
                m->bridge = class_is_bridge(strtoul(buf, NULL, 16));
        return 0;
}

static void group_judge(struct sriov_iommu_group *g)
{
        const struct iommu_member *first = NULL;
        size_t bad = 0;

        for (size_t i = 0; i < g->n_members; i++) {
                const struct iommu_member *m = &g->members[i];

                if (m->bridge || sriov_driver_keeps_group_viable(m->driver))
                        continue;
                if (!first)
                        first = m;
                bad++;
        }
        g->viable = bad == 0;
        if (bad == 1)
                snprintf(g->why, sizeof(g->why), "%s is bound to the host driver %s", first->name,
                         first->driver);
        else if (bad > 1)
                snprintf(g->why, sizeof(g->why),
                         "%s is bound to the host driver %s, and %zu more members to host drivers",
                         first->name, first->driver, bad - 1);
}

static void group_find_vfio_path(struct sriov_iommu_group *g)
{
        char path[96];

        /* vfio names the group's class device as its node, devnode "vfio/%s". */
        snprintf(path, sizeof(path), SYSFS_CLASS_VFIO "/%s%d", g->noiommu ? "noiommu-" : "",
                 g->number);
        if (path_exists(path))
                snprintf(g->vfio_path, sizeof(g->vfio_path), "/dev/vfio/%s%d",
                         g->noiommu ? "noiommu-" : "", g->number);
}

static struct sriov_iommu_group *group_free(struct sriov_iommu_group *g)
{
        for (size_t i = 0; i < g->n_members; i++) {
                free(g->members[i].name);
                free(g->members[i].driver);
        }
        free(g->members);
        free(g->type);
        free(g);
        return NULL;
}

SRIOV_EXPORT int sriov_iommu_group_new(struct sriov_ctx *ctx, int number,
                                       struct sriov_iommu_group **ret)
{
        char path[64], buf[64];
        _cleanup_close_ int fd = -1;
        struct sriov_iommu_group *g;
        char **names = NULL;
        int r;

        if (!ctx || number < 0 || !ret)
                return -EINVAL;
        snprintf(path, sizeof(path), SYSFS_IOMMU_GROUPS "/%d", number);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return sriov_fail(ctx, -errno, "IOMMU group %d: open %s", number, path);
        g = calloc(1, sizeof(*g));
        if (!g)
                return -ENOMEM;
        g->refcount = 1;
        g->number = number;
        if (sysfs_read_str(fd, "type", buf, sizeof(buf)) >= 0 && !(g->type = strdup(buf)))
                return group_free(g), -ENOMEM;
        g->noiommu = sysfs_read_str(fd, "name", buf, sizeof(buf)) >= 0 &&
                     strcmp(buf, NOIOMMU_GROUP_NAME) == 0;

        r = sysfs_list_dir(fd, "devices", &names);
        if (r < 0) {
                sriov_fail(ctx, r, "IOMMU group %d: list devices/", number);
                return group_free(g), r;
        }
        g->members = calloc((size_t)r + 1, sizeof(*g->members));
        if (!g->members) {
                strv_free(names);
                return group_free(g), -ENOMEM;
        }
        for (char **n = names; *n; n++) {
                r = member_read(fd, *n, &g->members[g->n_members++]);
                if (r < 0) {
                        sriov_fail(ctx, r, "IOMMU group %d: read member %s", number, *n);
                        strv_free(names);
                        return group_free(g), r;
                }
        }
        strv_free(names);
        group_judge(g);
        group_find_vfio_path(g);
        *ret = g;
        return 0;
}

int vf_iommu_group_now(struct sriov_vf *vf)
{
        _cleanup_close_ int dirfd = sriov_vf_open_dir(vf);
        char buf[32];

        return dirfd < 0 ? dirfd : sysfs_read_iommu_group(dirfd, buf, sizeof(buf));
}

SRIOV_EXPORT int sriov_vf_get_iommu_group_info(struct sriov_vf *vf, struct sriov_iommu_group **ret)
{
        struct sriov_ctx *ctx;
        int n;

        if (!vf || !ret)
                return -EINVAL;
        ctx = vf->pf->ctx;
        n = vf_iommu_group_now(vf);
        if (n == -ENOENT)
                return sriov_fail_reason(ctx, -ENOENT,
                                         "it has none: no IOMMU isolates its DMA, so VFIO cannot "
                                         "take it",
                                         "VF %s: IOMMU group", vf->pci);
        if (n < 0)
                return sriov_fail(ctx, n, "VF %s: read iommu_group link", vf->pci);
        return sriov_iommu_group_new(ctx, n, ret);
}

SRIOV_EXPORT struct sriov_iommu_group *sriov_iommu_group_ref(struct sriov_iommu_group *g)
{
        if (g)
                g->refcount++;
        return g;
}

SRIOV_EXPORT struct sriov_iommu_group *sriov_iommu_group_unref(struct sriov_iommu_group *g)
{
        if (!g || --g->refcount > 0)
                return NULL;
        return group_free(g);
}

SRIOV_EXPORT int sriov_iommu_group_get_number(const struct sriov_iommu_group *g)
{
        return g->number;
}

SRIOV_EXPORT const char *sriov_iommu_group_get_type(const struct sriov_iommu_group *g)
{
        return g->type;
}

SRIOV_EXPORT bool sriov_iommu_group_is_noiommu(const struct sriov_iommu_group *g)
{
        return g->noiommu;
}

SRIOV_EXPORT size_t sriov_iommu_group_get_member_count(const struct sriov_iommu_group *g)
{
        return g->n_members;
}

SRIOV_EXPORT const char *sriov_iommu_group_get_member_pci_address(const struct sriov_iommu_group *g,
                                                                  size_t index)
{
        return index < g->n_members ? g->members[index].name : NULL;
}

SRIOV_EXPORT const char *sriov_iommu_group_get_member_driver(const struct sriov_iommu_group *g,
                                                             size_t index)
{
        return index < g->n_members ? g->members[index].driver : NULL;
}

SRIOV_EXPORT bool sriov_iommu_group_member_is_bridge(const struct sriov_iommu_group *g,
                                                     size_t index)
{
        return index < g->n_members && g->members[index].bridge;
}

SRIOV_EXPORT bool sriov_iommu_group_is_viable(const struct sriov_iommu_group *g, const char **why)
{
        if (!g->viable && why)
                *why = g->why;
        return g->viable;
}

SRIOV_EXPORT const char *sriov_iommu_group_get_vfio_path(const struct sriov_iommu_group *g)
{
        return g->vfio_path[0] ? g->vfio_path : NULL;
}

SRIOV_EXPORT int sriov_vf_iommu_group_is_viable(struct sriov_vf *vf, const char **why)
{
        struct sriov_iommu_group *g = NULL;
        const char *reason = NULL;
        int r;

        if (!vf)
                return -EINVAL;
        r = sriov_vf_get_iommu_group_info(vf, &g);
        if (r == -ENOENT) {
                snprintf(vf->iommu_why, sizeof(vf->iommu_why),
                         "it has no IOMMU group (no IOMMU isolates its DMA)");
                if (why)
                        *why = vf->iommu_why;
                return 0;
        }
        if (r < 0)
                return r;
        r = sriov_iommu_group_is_viable(g, &reason);
        if (!r) {
                snprintf(vf->iommu_why, sizeof(vf->iommu_why), "%s", reason);
                if (why)
                        *why = vf->iommu_why;
        }
        sriov_iommu_group_unref(g);
        return r;
}

SRIOV_EXPORT const char *sriov_vf_get_vfio_cdev_path(struct sriov_vf *vf)
{
        _cleanup_close_ int dirfd = -1;
        char **names = NULL;

        if (!vf)
                return NULL;
        vf->vfio_cdev[0] = '\0';
        if (vf->pf->kind != SRIOV_PF_KIND_PCI)
                return NULL; /* no PCI function, no VFIO device */
        dirfd = sriov_vf_open_dir(vf);
        if (dirfd < 0)
                return NULL;
        /*
         * vfio puts its device under the PCI device as vfio-dev/vfioX from 6.1 on, but gives it
         * a cdev (and so a "dev" attribute, major:minor) only from 6.6 with
         * CONFIG_VFIO_DEVICE_CDEV [measured: 6.1 has vfio-dev/vfio0 and no dev, no node].
         */
        if (sysfs_list_dir(dirfd, "vfio-dev", &names) > 0 &&
            strncmp(names[0], "vfio", 4) == 0) {
                char attr[96], buf[32];

                snprintf(attr, sizeof(attr), "vfio-dev/%s/dev", names[0]);
                if (sysfs_read_str(dirfd, attr, buf, sizeof(buf)) > 0)
                        snprintf(vf->vfio_cdev, sizeof(vf->vfio_cdev), "/dev/vfio/devices/%s",
                                 names[0]);
        }
        strv_free(names);
        return vf->vfio_cdev[0] ? vf->vfio_cdev : NULL;
}

/* ---- the host ---------------------------------------------------------------------------- */

void iommu_host_free(struct iommu_host *h)
{
        strv_free(h->units);
        h->units = NULL;
}

/* What the groups' default domains are; stops early once both kinds are seen. */
static int iommu_host_scan_groups(struct iommu_host *h)
{
        _cleanup_close_ int fd = open(SYSFS_IOMMU_GROUPS, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char **groups = NULL;
        int r;

        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        r = sysfs_list_dir(fd, ".", &groups);
        if (r < 0)
                return r;
        for (char **n = groups; *n && !(h->any_translated && h->any_identity); n++) {
                char rel[300], buf[64];

                snprintf(rel, sizeof(rel), "%s/name", *n);
                if (sysfs_read_str(fd, rel, buf, sizeof(buf)) >= 0 &&
                    strcmp(buf, NOIOMMU_GROUP_NAME) == 0)
                        continue;
                h->groups = true;
                snprintf(rel, sizeof(rel), "%s/type", *n);
                if (sysfs_read_str(fd, rel, buf, sizeof(buf)) < 0)
                        continue; /* before 5.11 the kernel did not show it */
                if (strcmp(buf, "identity") == 0)
                        h->any_identity = true;
                else if (strncmp(buf, "DMA", 3) == 0)
                        h->any_translated = true;
        }
        strv_free(groups);
        return 0;
}

int iommu_host_read(struct sriov_ctx *ctx, struct iommu_host *ret)
{
        struct iommu_host h = { .noiommu_param = -1 };
        int r;

        r = sysfs_list_dir(AT_FDCWD, SYSFS_CLASS_IOMMU, &h.units);
        if (r < 0)
                return sriov_fail(ctx, r, "IOMMU: list " SYSFS_CLASS_IOMMU);
        r = iommu_host_scan_groups(&h);
        if (r < 0) {
                iommu_host_free(&h);
                return sriov_fail(ctx, r, "IOMMU: list " SYSFS_IOMMU_GROUPS);
        }
        h.noiommu_param = sysfs_module_param_bool("vfio", "enable_unsafe_noiommu_mode");
        if (h.units[0] || h.groups)
                /* Passthrough only when nothing translates: a single translated group (an
                 * iommu=pt host where someone switched a group to DMA) makes it DMA. */
                h.mode = h.any_identity && !h.any_translated ? SRIOV_IOMMU_MODE_PASSTHROUGH
                                                             : SRIOV_IOMMU_MODE_DMA;
        else
                h.mode = h.noiommu_param == 1 ? SRIOV_IOMMU_MODE_NOIOMMU : SRIOV_IOMMU_MODE_NONE;
        *ret = h;
        return 0;
}

SRIOV_EXPORT int sriov_ctx_get_iommu_mode(struct sriov_ctx *ctx)
{
        struct iommu_host h;
        int r;

        if (!ctx)
                return -EINVAL;
        r = iommu_host_read(ctx, &h);
        if (r < 0)
                return r;
        iommu_host_free(&h);
        return (int)h.mode;
}

SRIOV_EXPORT int sriov_ctx_has_iommufd(struct sriov_ctx *ctx)
{
        if (!ctx)
                return -EINVAL;
        /* iommufd is the misc device "iommu": /dev/iommu. */
        return path_exists("/sys/class/misc/iommu");
}
