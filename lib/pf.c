/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Physical functions: lookup, enumeration and the snapshot of their sysfs attributes. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

static void pf_state_free(struct pf_state *st)
{
        free(st->driver);
        st->driver = NULL;
        strv_free(st->ifnames);
        st->ifnames = NULL;
}

static struct sriov_pf *pf_free(struct sriov_pf *pf)
{
        if (pf->dirfd >= 0)
                close(pf->dirfd);
        pf_state_free(&pf->st);
        sriov_pf_forget_link(pf);
        free(pf->vendor_name);
        free(pf->device_name);
        sriov_ctx_unref(pf->ctx);
        free(pf);
        return NULL;
}

/* @p past the digits it starts with; NULL when it starts with none. */
static const char *past_number(const char *p)
{
        if (!isdigit((unsigned char)*p))
                return NULL;
        while (isdigit((unsigned char)*p))
                p++;
        return p;
}

/*
 * Whether a devlink port's name (phys_port_name, as __devlink_port_phys_port_name_get() makes
 * it from the port's flavour) is that of a function's representor: "pf0vf3" (a VF), "pf0sf1"
 * (an SF), "pf0" (a PF, the host's on a SmartNIC), each maybe behind "c1" (an external
 * controller). The uplink's "p0" (or "p0s1", split) is the PF's own netdev.
 */
static bool port_name_is_representor(const char *p)
{
        if (*p == 'c' && !(p = past_number(p + 1)))
                return false;
        if (strncmp(p, "pf", 2) != 0 || !(p = past_number(p + 2)))
                return false;
        if (*p == '\0')
                return true;
        if (strncmp(p, "vf", 2) != 0 && strncmp(p, "sf", 2) != 0)
                return false;
        p = past_number(p + 2);
        return p && *p == '\0';
}


/* Whether the netdev at @dir below @dirfd ("net/eth3", or "." in the netdev's own directory)
 * is a representor by its phys_port_name (in @port); one without (igb: EOPNOTSUPP) is not. */
static bool netdev_is_representor(int dirfd, const char *dir, char port[SRIOV_PORT_NAME_MAX])
{
        char attr[sizeof("net//phys_port_name") + SRIOV_IFNAME_MAX];

        snprintf(attr, sizeof(attr), "%s/phys_port_name", dir);
        return sysfs_read_str(dirfd, attr, port, SRIOV_PORT_NAME_MAX) > 0 &&
               port_name_is_representor(port);
}

/*
 * In switchdev mode the representors of the PF's VFs are netdevs of the PF's device too
 * (netdevsim, mlx5): they are the VFs' (sriov_vf_get_port()), not the PF's, and "the first by
 * name" among them may be a representor, whose rtnetlink link has no VF list to read or set.
 */
static void drop_representors(int dirfd, char **ifnames)
{
        size_t k = 0;

        for (size_t i = 0; ifnames[i]; i++) {
                char dir[sizeof("net/") + SRIOV_IFNAME_MAX], port[SRIOV_PORT_NAME_MAX];

                snprintf(dir, sizeof(dir), "net/%s", ifnames[i]);
                if (netdev_is_representor(dirfd, dir, port))
                        free(ifnames[i]);
                else
                        ifnames[k++] = ifnames[i];
        }
        ifnames[k] = NULL;
}

/* An attribute every SR-IOV capable function has: reading it fails only if the device went. */
static int read_required(struct sriov_pf *pf, int r, const char *attr)
{
        if (r == -ENOENT)
                r = -ENODEV;
        return sriov_fail(pf->ctx, r, "PF %s: read %s", pf->name, attr);
}

/*
 * netdevsim keeps max_vfs in debugfs, not beside sriov_numvfs: read it there when debugfs is
 * mounted and readable, else the total is not known (0), never guessed.
 */
static unsigned int netdevsim_max_vfs(const char *name)
{
        char path[sizeof(DEBUGFS_NETDEVSIM) + SRIOV_PCI_ADDR_MAX + 1];
        _cleanup_close_ int fd = -1;
        unsigned int v;

        snprintf(path, sizeof(path), DEBUGFS_NETDEVSIM "/%s", name);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || sysfs_read_uint(fd, "max_vfs", &v) < 0)
                return 0;
        return v;
}

/* What a netdevsim device has: sriov_numvfs, its driver and netdevs; the rest is not known. */
static int pf_read_netdevsim(struct sriov_pf *pf, struct pf_state *st)
{
        int r;

        r = sysfs_read_uint(pf->dirfd, "sriov_numvfs", &st->num_vfs);
        if (r == -ENOENT)
                return sriov_fail_reason(pf->ctx, -EINVAL,
                                         "no sriov_numvfs (a netdevsim older than Linux 5.17?)",
                                         "PF %s: read sriov_numvfs", pf->name);
        if (r < 0)
                return read_required(pf, r, "sriov_numvfs");
        st->total_vfs = netdevsim_max_vfs(pf->name);
        st->drivers_autoprobe = -1;
        st->numa_node = -1;
        return 0;
}

/* Read the PF's attributes into @st, which the caller frees with pf_state_free() either way. */
static int pf_read(struct sriov_pf *pf, struct pf_state *st)
{
        char driver[64];
        unsigned int v;
        int r;

        if (pf->kind == SRIOV_PF_KIND_NETDEVSIM) {
                r = pf_read_netdevsim(pf, st);
                if (r < 0)
                        return r;
                goto driver_and_netdevs;
        }
        r = sysfs_read_uint(pf->dirfd, "sriov_totalvfs", &st->total_vfs);
        if (r == -ENOENT)
                return sriov_fail_reason(pf->ctx, -EINVAL, "the device has no SR-IOV capability",
                                         "PF %s: read sriov_totalvfs", pf->name);
        if (r < 0)
                return read_required(pf, r, "sriov_totalvfs");
        r = sysfs_read_uint(pf->dirfd, "sriov_numvfs", &st->num_vfs);
        if (r < 0)
                return read_required(pf, r, "sriov_numvfs");
        r = sysfs_read_hex16(pf->dirfd, "vendor", &st->vendor);
        if (r < 0)
                return read_required(pf, r, "vendor");
        r = sysfs_read_hex16(pf->dirfd, "device", &st->device);
        if (r < 0)
                return read_required(pf, r, "device");

        /* Present on every kernel that has sriov_totalvfs; tolerate their absence anyway. */
        if (sysfs_read_uint(pf->dirfd, "sriov_offset", &st->vf_offset) < 0)
                st->vf_offset = 0;
        if (sysfs_read_uint(pf->dirfd, "sriov_stride", &st->vf_stride) < 0)
                st->vf_stride = 0;
        if (sysfs_read_hex16(pf->dirfd, "sriov_vf_device", &st->vf_device) < 0)
                st->vf_device = 0;
        /* sriov_drivers_autoprobe came in Linux 4.12. */
        st->drivers_autoprobe = -1;
        if (sysfs_read_uint(pf->dirfd, "sriov_drivers_autoprobe", &v) == 0)
                st->drivers_autoprobe = v ? 1 : 0;
        /* numa_node is absent without CONFIG_NUMA; the kernel prints -1 for "none". */
        if (sysfs_read_int(pf->dirfd, "numa_node", &st->numa_node) < 0 || st->numa_node < 0)
                st->numa_node = -1;

driver_and_netdevs:
        r = sysfs_read_link_name(pf->dirfd, "driver", driver, sizeof(driver));
        if (r >= 0) {
                st->driver = strdup(driver);
                if (!st->driver)
                        return -ENOMEM;
        } else if (r != -ENOENT) {
                return sriov_fail(pf->ctx, r, "PF %s: read driver link", pf->name);
        }

        r = sysfs_list_dir(pf->dirfd, "net", &st->ifnames);
        if (r < 0)
                return sriov_fail(pf->ctx, r, "PF %s: list net/", pf->name);
        /* Legacy mode has one netdev here; switchdev adds its functions' representors. */
        if (st->ifnames[0] && st->ifnames[1])
                drop_representors(pf->dirfd, st->ifnames);
        return 0;
}

int sriov_pf_reread(struct sriov_pf *pf)
{
        struct pf_state st = { 0 };
        int r;

        /* The kept VF list belongs to the state being replaced, or to a PF that changed. */
        sriov_pf_forget_link(pf);
        r = pf_read(pf, &st);
        if (r < 0) {
                pf_state_free(&st);
                return r;
        }
        pf_state_free(&pf->st);
        pf->st = st;
        return 0;
}

int sriov_pf_get_ifindex(struct sriov_pf *pf)
{
        char attr[sizeof("net//ifindex") + SRIOV_IFNAME_MAX];
        int ifindex, r;

        if (!pf->st.ifnames[0])
                return sriov_fail_reason(pf->ctx, -ENODEV,
                                         "the PF has no network interface (is its driver bound?)",
                                         "PF %s: find netdev", pf->name);
        snprintf(attr, sizeof(attr), "net/%s/ifindex", pf->st.ifnames[0]);
        r = sysfs_read_int(pf->dirfd, attr, &ifindex);
        if (r < 0)
                return sriov_fail(pf->ctx, r == -ENOENT ? -ENODEV : r, "PF %s: read %s",
                                  pf->name, attr);
        if (ifindex <= 0)
                return sriov_fail_reason(pf->ctx, -EINVAL, "not a positive number",
                                         "PF %s: %s", pf->name, attr);
        return ifindex;
}

SRIOV_EXPORT int sriov_pf_get_carrier(struct sriov_pf *pf)
{
        char attr[sizeof("net//carrier") + SRIOV_IFNAME_MAX], buf[8];
        int r;

        if (!pf)
                return -EINVAL;
        if (!pf->st.ifnames[0])
                return sriov_fail_reason(pf->ctx, -ENODEV,
                                         "the PF has no network interface (is its driver bound?)",
                                         "PF %s: read carrier", pf->name);
        snprintf(attr, sizeof(attr), "net/%s/carrier", pf->st.ifnames[0]);
        r = sysfs_read_str(pf->dirfd, attr, buf, sizeof(buf));
        /* The kernel refuses to read carrier of a netdev that is down (netif_running()). */
        if (r == -EINVAL)
                return sriov_fail_reason(pf->ctx, -ENETDOWN,
                                         "the netdev is down: the kernel tells no carrier",
                                         "PF %s: read %s", pf->name, attr);
        if (r < 0)
                return sriov_fail(pf->ctx, r, "PF %s: read %s",
                                  pf->name, attr);
        if (strcmp(buf, "0") != 0 && strcmp(buf, "1") != 0)
                return sriov_fail_reason(pf->ctx, -EINVAL, "neither 0 nor 1", "PF %s: %s \"%s\"",
                                         pf->name, attr, buf);
        return buf[0] == '1';
}

static int pf_new(struct sriov_ctx *ctx, enum sriov_pf_kind kind, const char *name,
                  struct sriov_pf **ret)
{
        struct sriov_pf *pf;
        int r;

        pf = calloc(1, sizeof(*pf));
        if (!pf)
                return -ENOMEM;
        pf->refcount = 1;
        pf->ctx = sriov_ctx_ref(ctx);
        pf->kind = kind;
        snprintf(pf->name, sizeof(pf->name), "%s", name);
        snprintf(pf->devlink_name, sizeof(pf->devlink_name), "%s/%s",
                 kind == SRIOV_PF_KIND_NETDEVSIM ? "netdevsim" : "pci", name);
        pf->dirfd = kind == SRIOV_PF_KIND_NETDEVSIM ? sysfs_open_netdevsim_device(name)
                                                    : sysfs_open_pci_device(name);
        if (pf->dirfd < 0) {
                r = pf->dirfd == -ENOENT ? -ENODEV : pf->dirfd;
                sriov_fail_reason(ctx, r,
                                  r != -ENODEV                    ? strerror(-r)
                                  : kind == SRIOV_PF_KIND_PCI     ? "no such PCI device"
                                                                  : "no such netdevsim device",
                                  "PF %s: look up", name);
                pf_free(pf);
                return r;
        }
        r = sriov_pf_reread(pf);
        if (r < 0) {
                pf_free(pf);
                return r;
        }
        *ret = pf;
        return 0;
}

int sriov_pf_new_from_pci(struct sriov_ctx *ctx, const char *addr, struct sriov_pf **ret)
{
        return pf_new(ctx, SRIOV_PF_KIND_PCI, addr, ret);
}

int sriov_pf_new_from_netdevsim(struct sriov_ctx *ctx, const char *name, struct sriov_pf **ret)
{
        return pf_new(ctx, SRIOV_PF_KIND_NETDEVSIM, name, ret);
}

/* "pf0vf3": the representor of VF 3 of this host's PF. Not "c1pf0vf3", an external
 * controller's (another host's) VF, nor an SF's or a PF's. */
bool port_name_vf_index(const char *p, unsigned int *index)
{
        const char *vf;
        uint64_t v;

        if (strncmp(p, "pf", 2) != 0 || !(vf = past_number(p + 2)) || strncmp(vf, "vf", 2) != 0)
                return false;
        if (sriov_parse_uint(vf + 2, 65535, &v) < 0)
                return false;
        *index = (unsigned int)v;
        return true;
}

int netdev_device(struct sriov_ctx *ctx, const char *what, const char *ifname,
                  char addr[SRIOV_PCI_ADDR_MAX], enum sriov_pf_kind *kind,
                  char port[SRIOV_PORT_NAME_MAX])
{
        char path[sizeof(SYSFS_CLASS_NET) + SRIOV_IFNAME_MAX + 1], bus[32];
        struct sriov_pci_addr a;
        _cleanup_close_ int fd = -1;
        int r;

        snprintf(path, sizeof(path), SYSFS_CLASS_NET "/%s", ifname);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT)
                return sriov_fail_reason(ctx, -ENODEV, "no such PCI device or network interface",
                                         "%s %s: look up", what, ifname);
        if (fd < 0)
                return sriov_fail(ctx, -errno, "%s %s: open %s", what, ifname, path);
        if (!netdev_is_representor(fd, ".", port))
                port[0] = '\0';
        r = sysfs_read_link_name(fd, "device", addr, SRIOV_PCI_ADDR_MAX);
        if (r >= 0 && sriov_pci_addr_parse(addr, &a) == 0) {
                *kind = SRIOV_PF_KIND_PCI;
                return 0;
        }
        if (r >= 0 && sriov_netdevsim_name_valid(addr) &&
            sysfs_read_link_name(fd, "device/subsystem", bus, sizeof(bus)) >= 0 &&
            strcmp(bus, "netdevsim") == 0) {
                *kind = SRIOV_PF_KIND_NETDEVSIM;
                return 0;
        }
        if (r >= 0 || r == -ENOENT)
                return sriov_fail_reason(ctx, -EINVAL,
                                         "not a network interface of a PCI or netdevsim device",
                                         "%s %s: look up", what, ifname);
        return sriov_fail(ctx, r, "%s %s: read device link", what, ifname);
}

SRIOV_EXPORT int sriov_pf_new_from_name(struct sriov_ctx *ctx, const char *name,
                                        struct sriov_pf **ret)
{
        enum sriov_pf_kind kind = SRIOV_PF_KIND_PCI;
        char addr[SRIOV_PCI_ADDR_MAX];
        struct sriov_pci_addr a;
        _cleanup_close_ int fd = -1;
        int r;

        if (!ctx || !name || !ret)
                return -EINVAL;
        if (sriov_pci_addr_parse(name, &a) == 0) {
                sriov_pci_addr_format(&a, addr);
        } else if (sriov_netdevsim_name_valid(name) &&
                   (fd = sysfs_open_netdevsim_device(name)) >= 0) {
                return sriov_pf_new_from_netdevsim(ctx, name, ret);
        } else if (sriov_ifname_valid(name)) {
                char port[SRIOV_PORT_NAME_MAX], reason[SRIOV_PORT_NAME_MAX + 96];

                r = netdev_device(ctx, "PF", name, addr, &kind, port);
                if (r < 0)
                        return r;
                snprintf(reason, sizeof(reason),
                         "it is a representor (phys_port_name %s), not a PF's network interface",
                         port);
                if (port[0])
                        return sriov_fail_reason(ctx, -EINVAL, reason, "PF %s: look up", name);
                if (kind == SRIOV_PF_KIND_NETDEVSIM)
                        return sriov_pf_new_from_netdevsim(ctx, addr, ret);
        } else {
                return sriov_fail_reason(ctx, -EINVAL,
                                         "not a PCI address (0000:01:00.0), netdevsim device "
                                         "(netdevsim10) or interface name",
                                         "PF \"%s\": parse name", name);
        }

        /* Tell "this is a VF" apart from "no SR-IOV": both lack sriov_totalvfs. */
        fd = sysfs_open_pci_device(addr);
        if (fd >= 0 && faccessat(fd, "physfn", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
                return sriov_fail_reason(ctx, -EINVAL, "it is a virtual function, not a PF",
                                         "PF %s: look up", addr);
        return sriov_pf_new_from_pci(ctx, addr, ret);
}

SRIOV_EXPORT struct sriov_pf *sriov_pf_ref(struct sriov_pf *pf)
{
        if (pf)
                pf->refcount++;
        return pf;
}

SRIOV_EXPORT struct sriov_pf *sriov_pf_unref(struct sriov_pf *pf)
{
        if (!pf || --pf->refcount > 0)
                return NULL;
        return pf_free(pf);
}

SRIOV_EXPORT struct sriov_ctx *sriov_pf_get_ctx(const struct sriov_pf *pf)
{
        return pf->ctx;
}

SRIOV_EXPORT const char *sriov_pf_get_pci_address(const struct sriov_pf *pf)
{
        return pf->kind == SRIOV_PF_KIND_PCI ? pf->name : NULL;
}

SRIOV_EXPORT const char *sriov_pf_get_name(const struct sriov_pf *pf)
{
        return pf->name;
}

SRIOV_EXPORT enum sriov_pf_kind sriov_pf_get_kind(const struct sriov_pf *pf)
{
        return pf->kind;
}

SRIOV_EXPORT const char *sriov_pf_kind_to_string(enum sriov_pf_kind kind)
{
        switch (kind) {
        case SRIOV_PF_KIND_PCI: return "pci";
        case SRIOV_PF_KIND_NETDEVSIM: return "netdevsim";
        }
        return NULL;
}

SRIOV_EXPORT uint16_t sriov_pf_get_vendor_id(const struct sriov_pf *pf)
{
        return pf->st.vendor;
}

SRIOV_EXPORT uint16_t sriov_pf_get_device_id(const struct sriov_pf *pf)
{
        return pf->st.device;
}

static void pf_lookup_names(struct sriov_pf *pf)
{
        if (pf->names_looked_up)
                return;
        pf->names_looked_up = true;
        if (pf->kind != SRIOV_PF_KIND_PCI)
                return; /* no PCI ids to look up */
        pf->vendor_name = sriov_pci_vendor_name(pf->ctx, pf->st.vendor);
        pf->device_name = sriov_pci_device_name(pf->ctx, pf->st.vendor, pf->st.device);
}

SRIOV_EXPORT const char *sriov_pf_get_vendor_name(struct sriov_pf *pf)
{
        pf_lookup_names(pf);
        return pf->vendor_name;
}

SRIOV_EXPORT const char *sriov_pf_get_device_name(struct sriov_pf *pf)
{
        pf_lookup_names(pf);
        return pf->device_name;
}

SRIOV_EXPORT const char *sriov_pf_get_driver(const struct sriov_pf *pf)
{
        return pf->st.driver;
}

SRIOV_EXPORT const char *sriov_pf_get_ifname(const struct sriov_pf *pf)
{
        return pf->st.ifnames[0];
}

SRIOV_EXPORT const char *const *sriov_pf_get_ifnames(const struct sriov_pf *pf)
{
        return (const char *const *)pf->st.ifnames;
}

SRIOV_EXPORT unsigned int sriov_pf_get_total_vfs(const struct sriov_pf *pf)
{
        return pf->st.total_vfs;
}

SRIOV_EXPORT unsigned int sriov_pf_get_num_vfs(const struct sriov_pf *pf)
{
        return pf->st.num_vfs;
}

SRIOV_EXPORT int sriov_pf_get_drivers_autoprobe(const struct sriov_pf *pf)
{
        return pf->st.drivers_autoprobe;
}

SRIOV_EXPORT unsigned int sriov_pf_get_vf_offset(const struct sriov_pf *pf)
{
        return pf->st.vf_offset;
}

SRIOV_EXPORT unsigned int sriov_pf_get_vf_stride(const struct sriov_pf *pf)
{
        return pf->st.vf_stride;
}

static unsigned int routing_id(const struct sriov_pci_addr *a)
{
        return a->bus << 8 | a->dev << 3 | a->fn;
}

/* @pf's address and its first VF's routing ID, or -ENODATA. */
static int pf_first_vf(const struct sriov_pf *pf, struct sriov_pci_addr *addr, unsigned long *rid)
{
        if (pf->kind != SRIOV_PF_KIND_PCI || !pf->st.vf_offset ||
            sriov_pci_addr_parse(pf->name, addr) < 0)
                return -ENODATA;
        *rid = (unsigned long)routing_id(addr) + pf->st.vf_offset;
        return 0;
}

int pf_vf_address(const struct sriov_pf *pf, unsigned int index, char buf[SRIOV_PCI_ADDR_MAX])
{
        struct sriov_pci_addr a;
        unsigned long rid;

        if (pf_first_vf(pf, &a, &rid) < 0)
                return -ENODATA;
        rid += (unsigned long)index * pf->st.vf_stride;
        if (rid > 0xffff)
                return -ENODATA;
        a.bus = (unsigned int)(rid >> 8);
        a.dev = (unsigned int)(rid >> 3) & 0x1f;
        a.fn = (unsigned int)rid & 0x7;
        sriov_pci_addr_format(&a, buf);
        return 0;
}

int pf_vf_index_at(const struct sriov_pf *pf, const struct sriov_pci_addr *a, unsigned int *ret)
{
        struct sriov_pci_addr p;
        unsigned long first, rid = routing_id(a), i;

        if (pf_first_vf(pf, &p, &first) < 0)
                return -ENODATA;
        if (p.domain != a->domain || rid < first)
                return -ENOENT;
        if (!pf->st.vf_stride) /* one VF at most */
                i = rid == first ? 0 : ULONG_MAX;
        else if ((rid - first) % pf->st.vf_stride == 0)
                i = (rid - first) / pf->st.vf_stride;
        else
                return -ENOENT;
        if (i >= pf->st.num_vfs)
                return -ENOENT;
        *ret = (unsigned int)i;
        return 0;
}

SRIOV_EXPORT uint16_t sriov_pf_get_vf_device_id(const struct sriov_pf *pf)
{
        return pf->st.vf_device;
}

SRIOV_EXPORT int sriov_pf_get_numa_node(const struct sriov_pf *pf)
{
        return pf->st.numa_node;
}
