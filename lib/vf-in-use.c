/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whether a VF has a user. Removing a VF that a VMM holds through vfio-pci blocks in the
 * kernel until the VMM lets go, and removing one whose netdev is up cuts traffic: both are
 * refused unless forced, so they are checked from fresh sysfs reads before any change.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

#define IFF_UP_FLAG 0x1 /* IFF_UP, without <net/if.h> */

int vf_netdev_up(struct sriov_vf *vf, char *name, size_t size)
{
        _cleanup_close_ int dirfd = sriov_vf_open_dir(vf);
        char **net = NULL;
        int r;

        if (dirfd < 0)
                return dirfd;
        r = sysfs_list_dir(dirfd, "net", &net);
        if (r < 0)
                return sriov_fail(vf->pf->ctx, r, "VF %s: list net/", vf->pci);
        r = 0;
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
                                                        vf->pci);
        r = sysfs_list_dir(netfd, ".", &net);
        if (r < 0)
                return sriov_fail(vf->pf->ctx, r, "VF %s: list net/", vf->pci);
        empty = !net[0];
        strv_free(net);
        return empty ? 1 : 0;
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

int pf_check_vfs_unused(struct sriov_pf *pf, unsigned int n, unsigned int flags, const char *what)
{
        char busy[384] = "";
        size_t len = 0;
        unsigned int n_busy = 0;

        if (pf->kind != SRIOV_PF_KIND_PCI)
                return 0; /* its VFs have no driver, netdev or VFIO node to be in use */
        for (unsigned int i = 0; i < n; i++) {
                char holders[192];
                struct sriov_vf *vf;
                const char *why;

                if (sriov_pf_get_vf(pf, i, &vf) < 0)
                        continue; /* already gone: nobody uses it */
                if (vfio_holders(vf, holders, sizeof(holders)) > 0) {
                        char reason[448];

                        snprintf(reason, sizeof(reason),
                                 "VF %s is held open through VFIO by %s; the kernel would wait "
                                 "for it to let go, without end, so not even force goes ahead; "
                                 "stop it first",
                                 vf->pci, holders);
                        sriov_vf_unref(vf);
                        return sriov_fail_reason(pf->ctx, -EBUSY, reason, "PF %s: %s",
                                                 pf->name, what);
                }
                if (sriov_vf_is_in_use(vf, &why) == 1) {
                        n_busy++;
                        if (len < sizeof(busy) - 1)
                                len += (size_t)snprintf(busy + len, sizeof(busy) - len,
                                                        "%s%s (%s)", n_busy > 1 ? ", " : "",
                                                        vf->pci, why);
                }
                sriov_vf_unref(vf);
        }
        if (n_busy == 0)
                return 0;
        if (flags & SRIOV_FORCE) {
                info(pf->ctx, "PF %s: %s with VFs in use, as forced: %s", pf->name, what, busy);
                return 0;
        }
        {
                char reason[512];

                snprintf(reason, sizeof(reason),
                         "%u VF%s in use: %s; release %s or force", n_busy,
                         n_busy > 1 ? "s" : "", busy, n_busy > 1 ? "them" : "it");
                return sriov_fail_reason(pf->ctx, -EBUSY, reason, "PF %s: %s", pf->name, what);
        }
}
