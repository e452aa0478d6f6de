/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Enumeration of the host's SR-IOV capable devices: PCI functions, then netdevsim devices. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsriov-private.h"

/* Private to this file: the other files use a list through its getters. */
struct sriov_pf_list {
        int refcount;
        struct sriov_pf **pfs;
        size_t count;
};

static int cmp_pf(const void *a, const void *b)
{
        const struct sriov_pf *x = *(struct sriov_pf *const *)a;
        const struct sriov_pf *y = *(struct sriov_pf *const *)b;
        struct sriov_pci_addr ax, ay;

        if (x->kind != y->kind)
                return x->kind < y->kind ? -1 : 1;
        if (x->kind == SRIOV_PF_KIND_NETDEVSIM) {
                /* netdevsim2 before netdevsim10: by number, as the bus counts them. */
                size_t lx = strlen(x->name), ly = strlen(y->name);

                return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x->name, y->name);
        }

        /* Both parse: they are names the kernel made. Numeric order puts 0000:0a before 10000:00. */
        if (sriov_pci_addr_parse(x->name, &ax) < 0 || sriov_pci_addr_parse(y->name, &ay) < 0)
                return strcmp(x->name, y->name);
        return sriov_pci_addr_cmp(&ax, &ay);
}

static struct sriov_pf_list *list_free(struct sriov_pf_list *list)
{
        for (size_t i = 0; i < list->count; i++)
                sriov_pf_unref(list->pfs[i]);
        free(list->pfs);
        free(list);
        return NULL;
}

static int list_add(struct sriov_pf_list *list, struct sriov_pf *pf)
{
        struct sriov_pf **v = realloc(list->pfs, (list->count + 1) * sizeof(*v));

        if (!v)
                return -ENOMEM;
        list->pfs = v;
        list->pfs[list->count++] = pf;
        return 0;
}

/* Add the PF @name of @kind; one gone between readdir and read (hot unplug, a netdevsim
 * device deleted) is left out. */
static int add_pf(struct sriov_ctx *ctx, struct sriov_pf_list *list, enum sriov_pf_kind kind,
                  const char *name)
{
        struct sriov_pf *pf;
        int r = kind == SRIOV_PF_KIND_PCI ? sriov_pf_new_from_pci(ctx, name, &pf)
                                          : sriov_pf_new_from_netdevsim(ctx, name, &pf);

        if (r == -ENODEV || r == -EINVAL) {
                dbg(ctx, "PF %s: disappeared while listing, skipped", name);
                return 0;
        }
        if (r < 0)
                return r;
        r = list_add(list, pf);
        if (r < 0)
                sriov_pf_unref(pf);
        return r;
}

/*
 * Whether @a is a VF of a PF listed already (pf_vf_index_at()). A VF never has an SR-IOV
 * capability of its own, so it needs no look: on a host of four PFs with 1024 VFs each,
 * that is 4096 lookups fewer.
 */
static bool is_vf_of_listed(const struct sriov_pf_list *list, const struct sriov_pci_addr *a)
{
        unsigned int index;

        for (size_t i = 0; i < list->count; i++)
                if (pf_vf_index_at(list->pfs[i], a, &index) == 0)
                        return true;
        return false;
}

/*
 * Every PCI function with sriov_totalvfs, in address order: a PF comes before its VFs (their
 * routing IDs are above its own), so those are known to be VFs when they come.
 */
static int scan_pci(struct sriov_ctx *ctx, struct sriov_pf_list *list)
{
        _cleanup_close_ int fd = -1;
        char **names = NULL;
        int r;

        fd = open(SYSFS_PCI_DEVICES, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return sriov_fail(ctx, -errno, "PCI bus: open " SYSFS_PCI_DEVICES);
        r = sysfs_list_dir(fd, ".", &names);
        if (r < 0)
                return sriov_fail(ctx, r, "PCI bus: read " SYSFS_PCI_DEVICES);
        r = 0;
        for (char **n = names; *n && r == 0; n++) {
                struct sriov_pci_addr a;
                char attr[SRIOV_PCI_ADDR_MAX + sizeof("/sriov_totalvfs")];

                if (strlen(*n) >= SRIOV_PCI_ADDR_MAX || sriov_pci_addr_parse(*n, &a) < 0 ||
                    is_vf_of_listed(list, &a))
                        continue;
                snprintf(attr, sizeof(attr), "%s/sriov_totalvfs", *n);
                if (faccessat(fd, attr, F_OK, 0) < 0)
                        continue;
                r = add_pf(ctx, list, SRIOV_PF_KIND_PCI, *n);
        }
        strv_free(names);
        return r;
}

/* The netdevsim bus, when its module is loaded; no bus is no devices, not an error. */
static int scan_netdevsim(struct sriov_ctx *ctx, struct sriov_pf_list *list)
{
        struct dirent *de;
        DIR *dir = opendir(SYSFS_NETDEVSIM_DEVICES);
        int r = 0;

        if (!dir)
                return errno == ENOENT ? 0
                                       : sriov_fail(ctx, -errno,
                                                    "netdevsim bus: open " SYSFS_NETDEVSIM_DEVICES);
        while ((errno = 0, de = readdir(dir))) {
                if (!sriov_netdevsim_name_valid(de->d_name))
                        continue;
                r = add_pf(ctx, list, SRIOV_PF_KIND_NETDEVSIM, de->d_name);
                if (r < 0)
                        break;
        }
        if (r == 0 && errno)
                r = sriov_fail(ctx, -errno, "netdevsim bus: read " SYSFS_NETDEVSIM_DEVICES);
        closedir(dir);
        return r;
}

SRIOV_EXPORT int sriov_pf_list_new(struct sriov_ctx *ctx, struct sriov_pf_list **ret)
{
        struct sriov_pf_list *list;
        int r;

        if (!ctx || !ret)
                return -EINVAL;
        list = calloc(1, sizeof(*list));
        if (!list)
                return -ENOMEM;
        list->refcount = 1;
        r = scan_pci(ctx, list);
        if (r == 0)
                r = scan_netdevsim(ctx, list);
        if (r < 0) {
                list_free(list);
                return r;
        }
        if (list->count > 1)
                qsort(list->pfs, list->count, sizeof(*list->pfs), cmp_pf);
        *ret = list;
        return 0;
}

SRIOV_EXPORT struct sriov_pf_list *sriov_pf_list_ref(struct sriov_pf_list *list)
{
        if (list)
                list->refcount++;
        return list;
}

SRIOV_EXPORT struct sriov_pf_list *sriov_pf_list_unref(struct sriov_pf_list *list)
{
        if (!list || --list->refcount > 0)
                return NULL;
        return list_free(list);
}

SRIOV_EXPORT size_t sriov_pf_list_get_count(const struct sriov_pf_list *list)
{
        return list ? list->count : 0;
}

SRIOV_EXPORT struct sriov_pf *sriov_pf_list_get(const struct sriov_pf_list *list, size_t index)
{
        if (!list || index >= list->count)
                return NULL;
        return list->pfs[index];
}
