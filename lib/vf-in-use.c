/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whether a VF has a user. Removing a VF that a VMM holds through vfio-pci blocks in the
 * kernel until the VMM lets go, and removing one whose netdev is up, or has addresses or
 * routes, cuts traffic or loses what someone configured: vf-users.c refuses them unless forced,
 * from fresh sysfs and rtnetlink reads before any change.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

#define IFF_UP_FLAG 0x1 /* IFF_UP, without <net/if.h> */

/* The VF's directory, opened into *@dirfd, and the names of its netdevs (strv_free() them). */
static int list_netdevs(struct sriov_vf *vf, int *dirfd, char ***net)
{
        int r;

        *dirfd = sriov_vf_open_dir(vf);
        if (*dirfd < 0)
                return *dirfd;
        r = sysfs_list_dir(*dirfd, "net", net);
        if (r < 0)
                return sriov_fail(vf->pf->ctx, r, "VF %s: list net/", vf->label);
        return 0;
}

int vf_netdev_up(struct sriov_vf *vf, char *name, size_t size)
{
        _cleanup_close_ int dirfd = -1;
        char **net = NULL;
        int r = list_netdevs(vf, &dirfd, &net);

        if (r < 0)
                return r;
        for (char **n = net; *n && r == 0; n++) {
                char attr[sizeof("net//flags") + SRIOV_IFNAME_MAX], buf[32];
                uint64_t flags;

                snprintf(attr, sizeof(attr), "net/%s/flags", *n);
                /* Gone meanwhile: not up. */
                if (sysfs_read_str(dirfd, attr, buf, sizeof(buf)) < 0 ||
                    sriov_parse_hex(buf, UINT32_MAX, &flags) < 0)
                        continue;
                if (flags & IFF_UP_FLAG) {
                        snprintf(name, size, "%s", *n);
                        r = 1;
                }
        }
        strv_free(net);
        return r;
}

/*
 * 1 when the VF's netdev lives in another network namespace (a pod's, moved there by a CNI
 * plugin): sysfs shows a namespace only its own netdevs, but the device's net/ directory, the
 * kernel's "glue" directory for the net class, stays while a netdev of the device exists in
 * any namespace (docs/kernel.md). So net/ there and empty means a netdev we cannot see.
 */
int vf_netdev_elsewhere(struct sriov_vf *vf)
{
        _cleanup_close_ int dirfd = sriov_vf_open_dir(vf);
        _cleanup_close_ int netfd = -1;
        char **net = NULL;
        bool empty;
        int r;

        if (dirfd < 0)
                return dirfd;
        netfd = openat(dirfd, "net", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (netfd < 0)
                return errno == ENOENT ? 0 : sriov_fail(vf->pf->ctx, -errno, "VF %s: open net/",
                                                        vf->label);
        r = sysfs_list_dir(netfd, ".", &net);
        if (r < 0)
                return sriov_fail(vf->pf->ctx, r, "VF %s: list net/", vf->label);
        empty = !net[0];
        strv_free(net);
        return empty ? 1 : 0;
}

/*
 * 1 when a netdev of @vf carries IPv4/IPv6 addresses (IPv6 link-local ones aside) or routes,
 * with @why saying which: someone configured it, even while it is down.
 */
int vf_netdev_addressed(struct sriov_vf *vf, char *why, size_t size)
{
        _cleanup_close_ int dirfd = -1;
        char **net = NULL;
        int r = list_netdevs(vf, &dirfd, &net);

        if (r < 0)
                return r;
        for (char **n = net; *n && r == 0; n++) {
                char attr[sizeof("net//ifindex") + SRIOV_IFNAME_MAX];
                struct if_usage u;
                int ifindex;

                snprintf(attr, sizeof(attr), "net/%s/ifindex", *n);
                if (sysfs_read_int(dirfd, attr, &ifindex) < 0 || ifindex <= 0)
                        continue; /* gone meanwhile */
                r = netlink_get_if_usage(vf->pf->ctx, ifindex, &u);
                if (r < 0) {
                        sriov_fail(vf->pf->ctx, r, "VF %s: read addresses and routes of %s",
                                   vf->label, *n);
                        break;
                }
                if (u.addrs || u.routes) {
                        snprintf(why, size, "its netdev %s has %s (%u address%s, %u route%s)",
                                 *n, u.first, u.addrs, u.addrs == 1 ? "" : "es", u.routes,
                                 u.routes == 1 ? "" : "s");
                        r = 1;
                }
        }
        strv_free(net);
        return r;
}

SRIOV_EXPORT int sriov_vf_is_in_use(struct sriov_vf *vf, const char **why)
{
        char buf[48]; /* driver names are short; a longer override is cut */
        char ifname[SRIOV_IFNAME_MAX], holders[160];
        _cleanup_close_ int dirfd = -1;
        int r;

        if (!vf)
                return -EINVAL;
        if (vf->pf->kind != SRIOV_PF_KIND_PCI)
                return 0; /* no driver, netdev or VFIO node of its own to be in use */
        dirfd = sriov_vf_open_dir(vf);
        if (dirfd < 0)
                return dirfd;
        r = sysfs_read_link_name(dirfd, "driver", buf, sizeof(buf));
        if (r >= 0 && sriov_driver_is_passthrough(buf)) {
                /* Bound there for a user; say who, when one holds it now. */
                if (sriov_driver_is_vfio(buf) && vfio_holders(vf, holders, sizeof(holders)) > 0)
                        snprintf(vf->in_use_why, sizeof(vf->in_use_why),
                                 "bound to %s, held open by %s", buf, holders);
                else
                        snprintf(vf->in_use_why, sizeof(vf->in_use_why), "bound to %s", buf);
                goto in_use;
        }
        /* An override means someone chose this VF's driver on purpose. */
        r = sysfs_read_str(dirfd, "driver_override", buf, sizeof(buf));
        if (r == -EOVERFLOW || (r > 0 && strcmp(buf, "(null)") != 0)) {
                snprintf(vf->in_use_why, sizeof(vf->in_use_why), "driver_override is %s",
                         r > 0 ? buf : "set");
                goto in_use;
        }
        r = vf_netdev_up(vf, ifname, sizeof(ifname));
        if (r < 0)
                return r;
        if (r > 0) {
                snprintf(vf->in_use_why, sizeof(vf->in_use_why), "its netdev %s is up", ifname);
                goto in_use;
        }
        r = vf_netdev_elsewhere(vf);
        if (r <= 0)
                return r;
        snprintf(vf->in_use_why, sizeof(vf->in_use_why),
                 "its netdev is in another network namespace");
in_use:
        if (why)
                *why = vf->in_use_why;
        return 1;
}
