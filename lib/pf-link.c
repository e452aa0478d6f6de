/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A PF's view over rtnetlink: its VF list (settings and counters) and its permanent MAC, from
 * one RTM_GETLINK answer that is read once and kept until a change makes it stale. The
 * getters of VF settings read from it; vf-config.c's transaction reads and keeps it anew.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsriov-private.h"

/* The ifindex to talk to: the one the kept VF list was read from, else sysfs's. */
int sriov_pf_link_ifindex(struct sriov_pf *pf)
{
        return pf->link ? pf->link->ifindex : sriov_pf_get_ifindex(pf);
}

void sriov_pf_forget_link(struct sriov_pf *pf)
{
        /* What devlink showed goes stale with the same changes: VFs made, modes set. */
        pf_devlink_forget(pf);
        pf->link_err = 0;
        free(pf->link_error);
        pf->link_error = NULL;
        if (pf->link) {
                link_vfs_free(pf->link);
                free(pf->link);
                pf->link = NULL;
        }
}

/* Keep @l (moved, not copied) as the PF's VF list, for the getters. */
void sriov_pf_keep_link(struct sriov_pf *pf, struct link_vfs *l)
{
        struct link_vfs *kept = malloc(sizeof(*kept));

        sriov_pf_forget_link(pf);
        if (!kept) {
                link_vfs_free(l); /* read again on next use */
                return;
        }
        *kept = *l;
        *l = (struct link_vfs){ 0 };
        pf->link = kept;
}

int sriov_pf_read_link(struct sriov_pf *pf, int ifindex, bool stats, struct link_vfs *ret)
{
        int r = netlink_get_link_vfs(pf->ctx, ifindex, stats, ret);

        if (r < 0)
                return sriov_fail(pf->ctx, r, "PF %s: read VF settings (RTM_GETLINK ifindex %d)",
                                  pf->name, ifindex);
        /*
         * The ifindex came from sysfs: make sure it still names the PF's netdev before using
         * it (it may have been replaced since, and under a fake sysfs it is someone else's).
         */
        if (pf->st.ifnames[0] && ret->ifname[0] && strcmp(ret->ifname, pf->st.ifnames[0]) != 0) {
                char reason[96];

                snprintf(reason, sizeof(reason), "it belongs to %s now, not %s", ret->ifname,
                         pf->st.ifnames[0]);
                link_vfs_free(ret);
                return sriov_fail_reason(pf->ctx, -ENODEV, reason, "PF %s: ifindex %d",
                                         pf->name, ifindex);
        }
        if (link_vfs_truncated(ret))
                info(pf->ctx, "PF %s: the kernel's VF list was cut short: %zu of %u VFs", pf->name,
                     ret->count, ret->num_vf);
        return 0;
}

int sriov_pf_load_link(struct sriov_pf *pf, const struct link_vfs **ret)
{
        if (pf->link_err)
                return sriov_fail_again(pf->ctx, pf->link_err, pf->link_error);
        if (!pf->link) {
                struct link_vfs l;
                int ifindex, r;

                ifindex = sriov_pf_get_ifindex(pf);
                if (ifindex < 0)
                        return ifindex;
                r = sriov_pf_read_link(pf, ifindex, false, &l);
                if (r < 0) {
                        pf->link_error = strdup(sriov_ctx_get_error(pf->ctx));
                        pf->link_err = pf->link_error ? r : 0;
                        return r;
                }
                sriov_pf_keep_link(pf, &l);
                if (!pf->link)
                        return -ENOMEM;
        }
        *ret = pf->link;
        return 0;
}

SRIOV_EXPORT int sriov_vf_get_config(struct sriov_vf *vf, struct sriov_vf_config *ret)
{
        const struct link_vfs *l;
        const struct vf_info *vi;
        int r;

        if (!vf || !ret)
                return -EINVAL;
        r = sriov_pf_load_link(vf->pf, &l);
        if (r < 0)
                return r;
        vi = link_vfs_find(l, vf->index);
        if (!vi && link_vfs_truncated(l)) {
                char reason[160];

                /* Left out of a list the kernel cut short: say so, never a made-up value. */
                snprintf(reason, sizeof(reason),
                         "not in the kernel's VF list, which holds %zu of the PF's %u VFs (one "
                         "RTM_GETLINK answer cannot hold more)",
                         l->count, l->num_vf);
                return sriov_fail_reason(vf->pf->ctx, -ENODATA, reason, "VF %s: read settings",
                                         vf->label);
        }
        /* Skipped by the driver (its ndo_get_vf_config failed): nothing is known. */
        if (vi)
                *ret = vi->cfg;
        else
                memset(ret, 0, sizeof(*ret));
        return 0;
}

/* The PF's VF list with counters, one RTM_GETLINK: for one VF or all of them; not asked of a
 * driver whose counters would be the kernel's zeros. */
static int read_counters(struct sriov_pf *pf, const char *object, struct link_vfs *l)
{
        const char *driver = sriov_pf_get_driver(pf);
        int ifindex;

        if (!sriov_driver_reports_vf_stats(driver)) {
                char reason[160];

                snprintf(reason, sizeof(reason),
                         "driver %s reports no VF counters (it has no ndo_get_vf_stats: the "
                         "kernel's are zeros)",
                         driver ? driver : "(none)");
                return sriov_fail_reason(pf->ctx, -EOPNOTSUPP, reason, "%s: read counters",
                                         object);
        }
        ifindex = sriov_pf_link_ifindex(pf);

        return ifindex < 0 ? ifindex : sriov_pf_read_link(pf, ifindex, true, l);
}

SRIOV_EXPORT int sriov_vf_get_stats(struct sriov_vf *vf, struct sriov_vf_stats *ret)
{
        struct sriov_pf *pf;
        struct link_vfs l;
        const struct vf_info *vi;
        char object[VF_LABEL_MAX + 4];
        int r;

        if (!vf || !ret)
                return -EINVAL;
        pf = vf->pf;
        snprintf(object, sizeof(object), "VF %s", vf->label);
        r = read_counters(pf, object, &l);
        if (r < 0)
                return r;
        vi = link_vfs_find(&l, vf->index);
        if (!vi && link_vfs_truncated(&l)) {
                char reason[96];

                snprintf(reason, sizeof(reason),
                         "the kernel's VF list with counters was cut short at %zu of %u VFs",
                         l.count, l.num_vf);
                r = sriov_fail_reason(pf->ctx, -EMSGSIZE, reason, "VF %s: read counters",
                                      vf->label);
        } else if (!vi || !vi->have_stats) {
                r = sriov_fail_reason(pf->ctx, -EOPNOTSUPP,
                                      "the kernel reports no counters for it",
                                      "VF %s: read counters", vf->label);
        } else {
                *ret = vi->stats;
        }
        link_vfs_free(&l);
        return r;
}

SRIOV_EXPORT int sriov_pf_get_vf_stats(struct sriov_pf *pf, struct sriov_vf_stats *ret, bool *have,
                                       unsigned int n)
{
        struct link_vfs l;
        char object[96];
        int r;

        if (!pf || (n && (!ret || !have)))
                return -EINVAL;
        snprintf(object, sizeof(object), "PF %s", pf->name);
        r = read_counters(pf, object, &l);
        if (r < 0)
                return r;
        /* One pass over the sorted answer: linear in VFs, whatever the listing's size. */
        for (unsigned int i = 0; i < n; i++)
                have[i] = false;
        for (size_t k = 0; k < l.count; k++) {
                const struct vf_info *vi = &l.vfs[k];

                if (vi->vf < n && vi->have_stats) {
                        ret[vi->vf] = vi->stats;
                        have[vi->vf] = true;
                }
        }
        r = l.count > INT_MAX ? INT_MAX : (int)l.count;
        link_vfs_free(&l);
        return r;
}

SRIOV_EXPORT int sriov_pf_get_vf_info_truncated(struct sriov_pf *pf)
{
        const struct link_vfs *l;
        int r;

        if (!pf)
                return -EINVAL;
        r = sriov_pf_load_link(pf, &l);
        if (r < 0)
                return r;
        return link_vfs_truncated(l) ? 1 : 0;
}

SRIOV_EXPORT int sriov_pf_get_permanent_mac(struct sriov_pf *pf, uint8_t mac[6])
{
        const struct link_vfs *l;
        int r;

        if (!pf || !mac)
                return -EINVAL;
        r = sriov_pf_load_link(pf, &l);
        if (r < 0)
                return r;
        if (!l->has_perm_addr)
                return sriov_fail_reason(pf->ctx, -ENODATA,
                                         "the driver reports none (the kernel sends one from "
                                         "Linux 5.6, when the driver set it)",
                                         "PF %s: read permanent MAC of %s (IFLA_PERM_ADDRESS)",
                                         pf->name, l->ifname[0] ? l->ifname : "its netdev");
        memcpy(mac, l->perm_addr, sizeof(l->perm_addr));
        return 0;
}
