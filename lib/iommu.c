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
        bool type_read; /* read when asked: a listing never asks */
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

/*
 * A member's driver and class, read relative to the groups' directory (@groups). @vf's own
 * driver is read through its PF's virtfnN link, the shortest walk, and it has no class to
 * read: a VF is never a bridge (VFs have Type 0 headers, SR-IOV 1.1 section 3.1).
 */
static int member_read(int groups, int number, const char *name, const struct sriov_vf *vf,
                       struct iommu_member *m)
{
        char path[96 + SRIOV_PCI_ADDR_MAX], buf[64];
        bool self = vf && strcmp(name, vf->pci) == 0;
        int dirfd = groups, r;

        m->name = strdup(name);
        if (!m->name)
                return -ENOMEM;
        if (self)
                dirfd = vf_path_at(vf, "driver", path, sizeof(path));
        else
                snprintf(path, sizeof(path), "%d/devices/%s/driver", number, name);
        r = sysfs_read_link_name(dirfd, path, buf, sizeof(buf));
        if (r >= 0 && !(m->driver = strdup(buf)))
                return -ENOMEM;
        if (r < 0 && r != -ENOENT)
                return r; /* ENOENT: no driver, or unplugged meanwhile: a name is all */
        if (self)
                return 0;
        snprintf(path, sizeof(path), "%d/devices/%s/class", number, name);
        if (sysfs_read_str(groups, path, buf, sizeof(buf)) >= 0)
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

static bool group_has_vfio_member(const struct sriov_iommu_group *g)
{
        for (size_t i = 0; i < g->n_members; i++)
                if (sriov_driver_is_vfio(g->members[i].driver))
                        return true;
        return false;
}

/*
 * What only vfio makes: a group node (/sys/class/vfio/N) exists while vfio holds a device of
 * the group, and a no-IOMMU group (named "vfio-noiommu") only while vfio-pci has its one
 * device (vfio_noiommu_group_alloc(), freed on unbind). Without a member on a vfio driver
 * there is neither, so nothing is looked up: a listing of a thousand VFs on host drivers
 * reads two links and a directory per VF, not eight files.
 */
static void group_read_vfio(int groups, struct sriov_iommu_group *g)
{
        char path[32], buf[64];

        if (!group_has_vfio_member(g))
                return;
        snprintf(path, sizeof(path), "%d/name", g->number);
        g->noiommu = sysfs_read_str(groups, path, buf, sizeof(buf)) >= 0 &&
                     strcmp(buf, NOIOMMU_GROUP_NAME) == 0;
        group_find_vfio_path(g);
}

/*
 * /sys/kernel/iommu_groups, opened once per context: every group is read relative to it.
 * The directory is the kernel's for as long as it runs, so the descriptor never goes stale.
 */
static int groups_dir(struct sriov_ctx *ctx)
{
        if (ctx->iommu_groups_fd < 0) {
                int fd = open(SYSFS_IOMMU_GROUPS, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

                if (fd < 0)
                        return -errno;
                ctx->iommu_groups_fd = fd;
        }
        return ctx->iommu_groups_fd;
}

/*
 * The group @number, @vf (may be NULL) one of its members. @quiet: the caller has another
 * way, so a failure sets no error (and logs nothing).
 */
static int group_read(struct sriov_ctx *ctx, int number, const struct sriov_vf *vf, bool quiet,
                      struct sriov_iommu_group **ret)
{
        char path[32];
        struct sriov_iommu_group *g;
        char **names = NULL;
        int groups, r;

        if (!ctx || number < 0 || !ret)
                return -EINVAL;
        groups = groups_dir(ctx);
        if (groups < 0)
                return quiet ? groups
                             : sriov_fail(ctx, groups, "IOMMU group %d: open " SYSFS_IOMMU_GROUPS,
                                          number);
        snprintf(path, sizeof(path), "%d/devices", number);
        r = sysfs_list_dir(groups, path, &names);
        if (r < 0)
                return quiet ? r
                             : sriov_fail(ctx, r, "IOMMU group %d: list " SYSFS_IOMMU_GROUPS "/%s",
                                          number, path);
        /* The kernel frees a group with its last device: an empty one does not exist. */
        if (r == 0) {
                strv_free(names);
                return quiet ? -ENOENT
                             : sriov_fail(ctx, -ENOENT,
                                          "IOMMU group %d: open " SYSFS_IOMMU_GROUPS "/%d", number,
                                          number);
        }
        g = calloc(1, sizeof(*g));
        if (!g || !(g->members = calloc((size_t)r + 1, sizeof(*g->members)))) {
                free(g);
                strv_free(names);
                return -ENOMEM;
        }
        g->refcount = 1;
        g->number = number;
        for (char **n = names; *n; n++) {
                r = member_read(groups, number, *n, vf, &g->members[g->n_members++]);
                if (r < 0) {
                        if (!quiet)
                                sriov_fail(ctx, r, "IOMMU group %d: read member %s", number, *n);
                        strv_free(names);
                        return group_free(g), r;
                }
        }
        strv_free(names);
        group_judge(g);
        group_read_vfio(groups, g);
        *ret = g;
        return 0;
}

static bool group_has_member(const struct sriov_iommu_group *g, const char *name)
{
        for (size_t i = 0; i < g->n_members; i++)
                if (strcmp(g->members[i].name, name) == 0)
                        return true;
        return false;
}

SRIOV_EXPORT int sriov_iommu_group_new(struct sriov_ctx *ctx, int number,
                                       struct sriov_iommu_group **ret)
{
        return group_read(ctx, number, NULL, false, ret);
}

/* The IOMMU group @vf's iommu_group link names now, -ENOENT for none, or -errno. */
static int vf_iommu_group_now(struct sriov_vf *vf)
{
        char link[32], buf[32];
        int dirfd, r;

        if (vf->pf->kind != SRIOV_PF_KIND_PCI)
                return vf_need_pci(vf, "read its IOMMU group");
        /* One readlink from the PF's directory, not an open, a readlinkat and a close. */
        dirfd = vf_path_at(vf, "iommu_group", link, sizeof(link));
        r = sysfs_read_iommu_group(dirfd, link, buf, sizeof(buf));
        /* No group, or no VF any more: the second is an error. */
        if (r == -ENOENT && vf_still_there(vf) < 0)
                return -ENODEV;
        return r;
}

SRIOV_EXPORT int sriov_vf_get_iommu_group_info(struct sriov_vf *vf, struct sriov_iommu_group **ret)
{
        struct sriov_ctx *ctx;
        int n;

        if (!vf || !ret)
                return -EINVAL;
        ctx = vf->pf->ctx;
        /*
         * The group @vf was read in, if it had one and still holds it: a group belongs to its
         * device for the device's life, so a listing reads no link again. Only vfio's
         * no-IOMMU mode makes and frees groups (at vfio-pci bind and unbind); a group gone
         * or no longer holding @vf sends us to the link.
         */
        if (vf->iommu_group >= 0 && group_read(ctx, vf->iommu_group, vf, true, ret) == 0) {
                if (group_has_member(*ret, vf->pci))
                        return 0;
                *ret = sriov_iommu_group_unref(*ret);
        }
        n = vf_iommu_group_now(vf);
        if (n == -ENOENT)
                return sriov_fail_reason(ctx, -ENOENT,
                                         "it has none: no IOMMU isolates its DMA, so VFIO cannot "
                                         "take it",
                                         "VF %s: IOMMU group", vf->label);
        if (n < 0)
                return sriov_fail(ctx, n, "VF %s: read iommu_group link", vf->label);
        return group_read(ctx, n, vf, false, ret);
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

SRIOV_EXPORT const char *sriov_iommu_group_get_type(const struct sriov_iommu_group *group)
{
        /* Groups are made by group_read() only, never const themselves: filling in is fine. */
        struct sriov_iommu_group *g = (struct sriov_iommu_group *)group;
        char path[64], buf[64];

        if (!g->type_read) {
                g->type_read = true;
                snprintf(path, sizeof(path), SYSFS_IOMMU_GROUPS "/%d/type", g->number);
                if (sysfs_read_str(AT_FDCWD, path, buf, sizeof(buf)) >= 0)
                        g->type = strdup(buf); /* NULL on ENOMEM, as before 5.11 */
        }
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
        char dir[32];
        char **names = NULL;
        int dirfd;

        if (!vf)
                return NULL;
        vf->vfio_cdev[0] = '\0';
        if (vf->pf->kind != SRIOV_PF_KIND_PCI)
                return NULL; /* no PCI function, no VFIO device */
        /* Only a vfio driver registers a VFIO device: a VF on its host driver has none. */
        if (!sriov_driver_is_vfio(vf->driver))
                return NULL;
        /*
         * vfio puts its device under the PCI device as vfio-dev/vfioX from 6.1 on, but gives it
         * a cdev (and so a "dev" attribute, major:minor) only from 6.6 with
         * CONFIG_VFIO_DEVICE_CDEV [measured: 6.1 has vfio-dev/vfio0 and no dev, no node].
         * Listed from the PF's directory.
         */
        dirfd = vf_path_at(vf, "vfio-dev", dir, sizeof(dir));
        if (sysfs_list_dir(dirfd, dir, &names) > 0 && strncmp(names[0], "vfio", 4) == 0) {
                char attr[128], buf[32];

                snprintf(attr, sizeof(attr), "%s/%s/dev", dir, names[0]);
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
