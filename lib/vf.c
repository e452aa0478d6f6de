/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Virtual functions: found through their PF's virtfnN links, or by address or "PF/INDEX". */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libsriov-private.h"

/* Drop what was read from sysfs; keep identity (PF, index, address). */
static void vf_forget(struct sriov_vf *vf)
{
        free(vf->driver);
        vf->driver = NULL;
        free(vf->driver_override);
        vf->driver_override = NULL;
        vf->override_read = false;
        free(vf->ifname);
        vf->ifname = NULL;
}

static struct sriov_vf *vf_free(struct sriov_vf *vf)
{
        vf_forget(vf);
        sriov_pf_unref(vf->pf);
        free(vf);
        return NULL;
}

/*
 * A VF keeps no file descriptor: a thousand VF objects must not need a thousand of them (a
 * process under systemd's default limit of 1024 would lose VFs). Each use opens the VF's
 * directory and closes it again.
 */
/* The one message for a VF whose directory could not be reached. */
static int vf_gone(struct sriov_vf *vf, int err)
{
        return sriov_fail(vf->pf->ctx, err, "VF %s: open its sysfs directory", vf->label);
}

int sriov_vf_open_dir(struct sriov_vf *vf)
{
        char path[32];
        int fd;

        if (vf->pf->kind != SRIOV_PF_KIND_PCI)
                return vf_need_pci(vf, "open its sysfs directory");
        /* Through the PF's virtfnN link: VF N is always at the same address (offset, stride). */
        fd = openat(vf_path_at(vf, "", path, sizeof(path)), path,
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return vf_gone(vf, errno == ENOENT ? -ENODEV : -errno);
        return fd;
}

int vf_still_there(struct sriov_vf *vf)
{
        char path[32];

        return faccessat(vf_path_at(vf, "", path, sizeof(path)), path, F_OK, 0) == 0
                       ? 0
                       : vf_gone(vf, -ENODEV);
}

int vf_path_at(const struct sriov_vf *vf, const char *attr, char *buf, size_t size)
{
        snprintf(buf, size, *attr ? "virtfn%u/%s" : "virtfn%u", vf->index, attr);
        return vf->pf->dirfd;
}

/* vf_path_at()'s path alone, for a caller that has the directory already. */
static const char *vf_path(const struct sriov_vf *vf, const char *attr, char path[64])
{
        vf_path_at(vf, attr, path, 64);
        return path;
}

int vf_need_pci(struct sriov_vf *vf, const char *what)
{
        if (vf->pf->kind == SRIOV_PF_KIND_PCI)
                return 0;
        return sriov_fail_reason(vf->pf->ctx, -EOPNOTSUPP,
                                 "a netdevsim VF has no PCI function: it exists only in its PF's "
                                 "VF list",
                                 "VF %s: %s", vf->label, what);
}

/*
 * What a VF's directory says, each file by its path from the PF's directory (virtfnN/...):
 * four lookups for a VF, with no directory opened and closed around them. numa_node comes
 * first as it is there for every PCI device on a NUMA kernel, so a VF that went away fails
 * here and not as "no driver"; without CONFIG_NUMA the directory itself is looked for.
 */
static int vf_read(struct sriov_vf *vf)
{
        struct sriov_ctx *ctx = vf->pf->ctx;
        char path[64], buf[64];
        char **net = NULL;
        int dirfd, r;

        vf->iommu_group = -1;
        vf->numa_node = -1;
        if (vf->pf->kind != SRIOV_PF_KIND_PCI)
                return 0; /* nothing of its own in sysfs */
        dirfd = vf_path_at(vf, "numa_node", path, sizeof(path));
        r = sysfs_read_int(dirfd, path, &vf->numa_node);
        if (r < 0 || vf->numa_node < 0)
                vf->numa_node = -1;
        if (r == -ENOENT && vf_still_there(vf) < 0)
                return -ENODEV;
        /*
         * The kernel gives every VF its PF's vendor and the SR-IOV capability's VF device ID
         * (pci_iov_virtfn_add(): virtfn->vendor = dev->vendor, virtfn->device =
         * iov->vf_device), which the PF shows as sriov_vf_device: two reads per VF saved.
         * Before 4.16 there is no sriov_vf_device, and the VF's own files say.
         */
        if (vf->pf->st.vf_device) {
                vf->vendor = vf->pf->st.vendor;
                vf->device = vf->pf->st.vf_device;
        } else {
                r = sysfs_read_hex16(dirfd, vf_path(vf, "vendor", path), &vf->vendor);
                if (r == 0)
                        r = sysfs_read_hex16(dirfd, vf_path(vf, "device", path), &vf->device);
                if (r < 0)
                        return sriov_fail(ctx, r == -ENOENT ? -ENODEV : r,
                                          "VF %s: read vendor/device", vf->label);
        }

        r = sysfs_read_link_name(dirfd, vf_path(vf, "driver", path), buf, sizeof(buf));
        if (r >= 0 && !(vf->driver = strdup(buf)))
                return -ENOMEM;
        if (r < 0 && r != -ENOENT)
                return sriov_fail(ctx, r, "VF %s: read driver link", vf->label);

        r = sysfs_read_iommu_group(dirfd, vf_path(vf, "iommu_group", path), buf, sizeof(buf));
        vf->iommu_group = r >= 0 ? r : -1;
        if (r == -EINVAL)
                return sriov_fail_reason(ctx, -EINVAL, "not a group number",
                                         "VF %s: iommu_group link \"%s\"", vf->label, buf);
        if (r < 0 && r != -ENOENT)
                return sriov_fail(ctx, r, "VF %s: read iommu_group link", vf->label);

        r = sysfs_list_dir(dirfd, vf_path(vf, "net", path), &net);
        if (r < 0)
                return sriov_fail(ctx, r, "VF %s: list net/", vf->label);
        if (net[0] && !(vf->ifname = strdup(net[0])))
                r = -ENOMEM;
        strv_free(net);
        return r < 0 ? r : 0;
}

int sriov_vf_reread(struct sriov_vf *vf)
{
        vf_forget(vf);
        return vf_read(vf);
}

/* One name for the VF in every message: the address a machine uses and the PF/INDEX a person
 * types (ip link's "vf N" of the PF's netdev). @pci is the VF's address, or for netdevsim its
 * "PF/INDEX"; NULL when it could not be read. */
void vf_label_format(const struct sriov_pf *pf, unsigned int index, const char *pci, char *buf,
                     size_t size)
{
        const char *pf_ifname = pf->st.ifnames[0];

        if (!pci)
                snprintf(buf, size, "%s/%u", pf_ifname ? pf_ifname : pf->name, index);
        else if (pf->kind == SRIOV_PF_KIND_PCI)
                snprintf(buf, size, "%s (%s/%u)", pci, pf_ifname ? pf_ifname : pf->name, index);
        else if (pf_ifname)
                snprintf(buf, size, "%s (%s/%u)", pci, pf_ifname, index);
        else
                snprintf(buf, size, "%s", pci);
}

void pf_vf_label(struct sriov_pf *pf, unsigned int index, char *buf, size_t size)
{
        char pci[SRIOV_PCI_ADDR_MAX], link[32];
        bool known = true;

        snprintf(link, sizeof(link), "virtfn%u", index);
        if (pf->kind == SRIOV_PF_KIND_NETDEVSIM)
                known = snprintf(pci, sizeof(pci), "%s/%u", pf->name, index) < (int)sizeof(pci);
        else if (pf_vf_address(pf, index, pci) < 0)
                known = pf->dirfd >= 0 &&
                        sysfs_read_link_name(pf->dirfd, link, pci, sizeof(pci)) >= 0;
        vf_label_format(pf, index, known ? pci : NULL, buf, size);
}

SRIOV_EXPORT int sriov_pf_get_vf(struct sriov_pf *pf, unsigned int index, struct sriov_vf **ret)
{
        struct sriov_vf *vf;
        char link[32];
        int r;

        if (!pf || !ret)
                return -EINVAL;
        if (index >= pf->st.num_vfs) {
                char reason[64];

                snprintf(reason, sizeof(reason), "out of range, the PF has %u VFs (num_vfs)",
                         pf->st.num_vfs);
                return sriov_fail_reason(pf->ctx, -ERANGE, reason, "VF %s/%u: index %u",
                                         pf->name, index, index);
        }
        vf = calloc(1, sizeof(*vf));
        if (!vf)
                return -ENOMEM;
        vf->refcount = 1;
        vf->pf = sriov_pf_ref(pf);
        vf->index = index;

        snprintf(link, sizeof(link), "virtfn%u", index);
        if (pf->kind == SRIOV_PF_KIND_NETDEVSIM)
                /* Its name in messages; sriov_vf_get_pci_address() says NULL. */
                r = snprintf(vf->pci, sizeof(vf->pci), "%s/%u", pf->name, index);
        else if (pf_vf_address(pf, index, vf->pci) == 0)
                r = 0; /* computed, as the kernel does: no readlink per VF */
        else
                r = sysfs_read_link_name(pf->dirfd, link, vf->pci, sizeof(vf->pci));
        if (r < 0) {
                r = r == -ENOENT ? -ENODEV : r;
                sriov_fail(pf->ctx, r, "VF %s/%u: read %s", pf->name, index, link);
                return vf_free(vf), r;
        }
        vf_label_format(pf, index, vf->pci, vf->label, sizeof(vf->label));
        r = vf_read(vf);
        if (r < 0)
                return vf_free(vf), r;
        *ret = vf;
        return 0;
}

static bool virtfn_is(struct sriov_pf *pf, unsigned int i, const char *vf_addr)
{
        char link[32], name[SRIOV_PCI_ADDR_MAX];

        snprintf(link, sizeof(link), "virtfn%u", i);
        return sysfs_read_link_name(pf->dirfd, link, name, sizeof(name)) >= 0 &&
               strcmp(name, vf_addr) == 0;
}

/*
 * Find which virtfnN of @pf points at @vf_addr. The index is computed (pf_vf_index_at()) and
 * its link checked: one readlink, not one per VF (a gc of a thousand leases would otherwise
 * read a million links). The scan stays for a PF whose links say otherwise.
 */
static int vf_index_on_pf(struct sriov_pf *pf, const char *vf_addr, unsigned int *ret)
{
        struct sriov_pci_addr a;
        unsigned int computed;

        if (sriov_pci_addr_parse(vf_addr, &a) == 0 && pf_vf_index_at(pf, &a, &computed) == 0 &&
            virtfn_is(pf, computed, vf_addr)) {
                *ret = computed;
                return 0;
        }
        for (unsigned int i = 0; i < pf->st.num_vfs; i++) {
                if (virtfn_is(pf, i, vf_addr)) {
                        *ret = i;
                        return 0;
                }
        }
        return sriov_fail_reason(pf->ctx, -ENODEV, "no virtfn link of its PF points at it",
                                 "VF %s: look up", vf_addr);
}

static int vf_new_from_pci(struct sriov_ctx *ctx, const char *addr, struct sriov_vf **ret)
{
        char pf_addr[SRIOV_PCI_ADDR_MAX];
        struct sriov_pf *pf = NULL;
        _cleanup_close_ int fd = -1;
        unsigned int index = 0;
        int r;

        fd = sysfs_open_pci_device(addr);
        if (fd < 0)
                return sriov_fail_reason(ctx, fd == -ENOENT ? -ENODEV : fd,
                                         fd == -ENOENT ? "no such PCI device" : strerror(-fd),
                                         "VF %s: look up", addr);
        r = sysfs_read_link_name(fd, "physfn", pf_addr, sizeof(pf_addr));
        if (r == -ENOENT)
                return sriov_fail_reason(ctx, -EINVAL, "not a virtual function (no physfn link)",
                                         "VF %s: look up", addr);
        if (r < 0)
                return sriov_fail(ctx, r, "VF %s: read physfn link", addr);
        r = sriov_pf_new_from_pci(ctx, pf_addr, &pf);
        if (r < 0)
                return r;
        r = vf_index_on_pf(pf, addr, &index);
        if (r == 0)
                r = sriov_pf_get_vf(pf, index, ret);
        sriov_pf_unref(pf);
        return r;
}

/* VF @index of the PF sriov_pf_new_from_name() finds by @pf_name. */
static int vf_of_pf_named(struct sriov_ctx *ctx, const char *pf_name, unsigned int index,
                          struct sriov_vf **ret)
{
        struct sriov_pf *pf = NULL;
        int r = sriov_pf_new_from_name(ctx, pf_name, &pf);

        if (r < 0)
                return r;
        r = sriov_pf_get_vf(pf, index, ret);
        sriov_pf_unref(pf);
        return r;
}

/*
 * A VF by a netdev's name: its own netdev (enp1s0v0), whose device is the VF, or its
 * representor in switchdev mode (eni10npf0vf1), whose device is the PF and whose
 * phys_port_name says which VF. Only netdevs of this network namespace have a name here.
 */
static int vf_new_from_ifname(struct sriov_ctx *ctx, const char *name, struct sriov_vf **ret)
{
        char addr[SRIOV_PCI_ADDR_MAX], port[SRIOV_PORT_NAME_MAX];
        enum sriov_pf_kind kind;
        _cleanup_close_ int fd = -1;
        unsigned int index;
        int r;

        r = netdev_device(ctx, "VF", name, addr, &kind, port);
        if (r < 0)
                return r;
        if (port[0]) {
                char reason[SRIOV_PORT_NAME_MAX + 96];

                snprintf(reason, sizeof(reason),
                         "a representor of another function (phys_port_name %s), not of a VF "
                         "of this host",
                         port);
                if (!port_name_vf_index(port, &index))
                        return sriov_fail_reason(ctx, -EINVAL, reason, "VF %s: look up", name);
                return vf_of_pf_named(ctx, addr, index, ret);
        }
        if (kind == SRIOV_PF_KIND_PCI) {
                fd = sysfs_open_pci_device(addr);
                if (fd >= 0 && faccessat(fd, "physfn", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
                        return vf_new_from_pci(ctx, addr, ret);
        }
        return sriov_fail_reason(ctx, -EINVAL,
                                 "a PF's network interface, not a VF's or a VF representor",
                                 "VF %s: look up", name);
}

SRIOV_EXPORT int sriov_vf_new_from_name(struct sriov_ctx *ctx, const char *name,
                                        struct sriov_vf **ret)
{
        char addr[SRIOV_PCI_ADDR_MAX], pf_name[SRIOV_PCI_ADDR_MAX];
        struct sriov_pci_addr a;
        unsigned int index = 0;

        if (!ctx || !name || !ret)
                return -EINVAL;
        if (sriov_pci_addr_parse(name, &a) == 0) {
                sriov_pci_addr_format(&a, addr);
                return vf_new_from_pci(ctx, addr, ret);
        }
        if (sriov_ifname_valid(name))
                return vf_new_from_ifname(ctx, name, ret);
        if (sriov_vf_name_split(name, pf_name, &index) < 0)
                return sriov_fail_reason(ctx, -EINVAL,
                                         "not a VF PCI address (0000:01:10.0), PF/INDEX (eth0/3) "
                                         "or network interface name (eth0v3)",
                                         "VF \"%s\": parse name", name);
        return vf_of_pf_named(ctx, pf_name, index, ret);
}

SRIOV_EXPORT struct sriov_vf *sriov_vf_ref(struct sriov_vf *vf)
{
        if (vf)
                vf->refcount++;
        return vf;
}

SRIOV_EXPORT struct sriov_vf *sriov_vf_unref(struct sriov_vf *vf)
{
        if (!vf || --vf->refcount > 0)
                return NULL;
        return vf_free(vf);
}

SRIOV_EXPORT struct sriov_pf *sriov_vf_get_pf(const struct sriov_vf *vf)
{
        return vf->pf;
}

SRIOV_EXPORT unsigned int sriov_vf_get_index(const struct sriov_vf *vf)
{
        return vf->index;
}

SRIOV_EXPORT const char *sriov_vf_get_pci_address(const struct sriov_vf *vf)
{
        return vf->pf->kind == SRIOV_PF_KIND_PCI ? vf->pci : NULL;
}

SRIOV_EXPORT const char *sriov_vf_get_label(const struct sriov_vf *vf)
{
        return vf->label;
}

SRIOV_EXPORT uint16_t sriov_vf_get_vendor_id(const struct sriov_vf *vf)
{
        return vf->vendor;
}

SRIOV_EXPORT uint16_t sriov_vf_get_device_id(const struct sriov_vf *vf)
{
        return vf->device;
}

SRIOV_EXPORT const char *sriov_vf_get_driver(const struct sriov_vf *vf)
{
        return vf->driver;
}

/*
 * Read when first asked, not with the rest: a listing never asks, and a thousand VFs would
 * pay a file each. VF objects are never const themselves, so filling in is fine.
 */
SRIOV_EXPORT const char *sriov_vf_get_driver_override(const struct sriov_vf *vf)
{
        struct sriov_vf *v = (struct sriov_vf *)vf;
        char path[64], buf[64];

        if (!v->override_read && v->pf->kind == SRIOV_PF_KIND_PCI) {
                v->override_read = true;
                /* The kernel prints "(null)" when unset; kernels before 3.16 have no file. */
                if (sysfs_read_str(vf_path_at(v, "driver_override", path, sizeof(path)), path, buf,
                                   sizeof(buf)) > 0 &&
                    strcmp(buf, "(null)") != 0)
                        v->driver_override = strdup(buf); /* NULL on ENOMEM: unset, as said */
        }
        return v->driver_override;
}

SRIOV_EXPORT const char *sriov_vf_get_ifname(const struct sriov_vf *vf)
{
        return vf->ifname;
}

/* One counter of a netdev's statistics/ directory: a decimal u64. */
static int read_counter(struct sriov_vf *vf, const char *name, uint64_t *ret)
{
        char path[64 + SRIOV_IFNAME_MAX], attr[sizeof("net//statistics/rx_packets") + SRIOV_IFNAME_MAX],
                buf[32], *end;
        int dirfd, r;

        snprintf(attr, sizeof(attr), "net/%s/statistics/%s", vf->ifname, name);
        dirfd = vf_path_at(vf, attr, path, sizeof(path));
        r = sysfs_read_str(dirfd, path, buf, sizeof(buf));
        if (r < 0)
                return sriov_fail(vf->pf->ctx, r, "VF %s: read %s", vf->label, attr);
        errno = 0;
        *ret = strtoull(buf, &end, 10);
        if (!buf[0] || *end || buf[0] == '-' || errno)
                return sriov_fail_reason(vf->pf->ctx, -EINVAL, "not a counter",
                                         "VF %s: %s \"%s\"", vf->label, attr, buf);
        return 0;
}

SRIOV_EXPORT int sriov_vf_get_netdev_stats(struct sriov_vf *vf, struct sriov_vf_stats *ret)
{
        static const struct {
                const char *name;
                size_t offset;
        } counters[] = {
                { "rx_packets", offsetof(struct sriov_vf_stats, rx_packets) },
                { "tx_packets", offsetof(struct sriov_vf_stats, tx_packets) },
                { "rx_bytes", offsetof(struct sriov_vf_stats, rx_bytes) },
                { "tx_bytes", offsetof(struct sriov_vf_stats, tx_bytes) },
                { "multicast", offsetof(struct sriov_vf_stats, multicast) },
                { "rx_dropped", offsetof(struct sriov_vf_stats, rx_dropped) },
                { "tx_dropped", offsetof(struct sriov_vf_stats, tx_dropped) },
        };
        struct sriov_vf_stats st = { 0 };
        int r;

        if (!vf || !ret)
                return -EINVAL;
        r = vf_need_pci(vf, "read its netdev's counters");
        if (r < 0)
                return r;
        if (!vf->ifname)
                return sriov_fail_reason(vf->pf->ctx, -ENODEV,
                                         vf->driver ? "its driver made no netdev here"
                                                    : "it has no driver, so no netdev",
                                         "VF %s: read its netdev's counters", vf->label);
        for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
                r = read_counter(vf, counters[i].name,
                                 (uint64_t *)((char *)&st + counters[i].offset));
                if (r < 0)
                        return r;
        }
        *ret = st;
        return 0;
}

SRIOV_EXPORT int sriov_vf_get_iommu_group(const struct sriov_vf *vf)
{
        return vf->iommu_group;
}

SRIOV_EXPORT int sriov_vf_get_numa_node(const struct sriov_vf *vf)
{
        return vf->numa_node;
}
