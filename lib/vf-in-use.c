/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whether a VF has a user. Removing a VF that a VMM holds through vfio-pci blocks in the
 * kernel until the VMM lets go, and removing one whose netdev is up cuts traffic: both are
 * refused unless forced, so they are checked from fresh sysfs reads before any change.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

#define IFF_UP_FLAG 0x1 /* IFF_UP, without <net/if.h> */

SRIOV_EXPORT int sriov_vf_is_in_use(struct sriov_vf *vf, const char **why)
{
        char buf[48]; /* driver names are short; a longer override is cut */
        char **net = NULL;
        int r;

        if (!vf)
                return -EINVAL;
        r = sysfs_read_link_name(vf->dirfd, "driver", buf, sizeof(buf));
        if (r >= 0 && sriov_driver_is_passthrough(buf)) {
                snprintf(vf->in_use_why, sizeof(vf->in_use_why), "bound to %s", buf);
                goto in_use;
        }
        /* An override means someone chose this VF's driver on purpose. */
        r = sysfs_read_str(vf->dirfd, "driver_override", buf, sizeof(buf));
        if (r == -EOVERFLOW || (r > 0 && strcmp(buf, "(null)") != 0)) {
                snprintf(vf->in_use_why, sizeof(vf->in_use_why), "driver_override is %s",
                         r > 0 ? buf : "set");
                goto in_use;
        }
        r = sysfs_list_dir(vf->dirfd, "net", &net);
        if (r < 0)
                return sriov_fail(vf->pf->ctx, r, "VF %s: list net/", vf->pci);
        for (char **n = net; *n; n++) {
                char attr[sizeof("net//flags") + SRIOV_IFNAME_MAX];
                unsigned long flags;

                snprintf(attr, sizeof(attr), "net/%s/flags", *n);
                if (sysfs_read_str(vf->dirfd, attr, buf, sizeof(buf)) < 0)
                        continue; /* the netdev went away: not up */
                flags = strtoul(buf, NULL, 16);
                if (flags & IFF_UP_FLAG) {
                        snprintf(vf->in_use_why, sizeof(vf->in_use_why), "its netdev %s is up",
                                 *n);
                        strv_free(net);
                        goto in_use;
                }
        }
        strv_free(net);
        return 0;
in_use:
        if (why)
                *why = vf->in_use_why;
        return 1;
}
