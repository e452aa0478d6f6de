/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a resize keeps of switchdev: the eswitch mode and the rate tree.
 *
 * A resize goes through sriov_numvfs 0, and some drivers take switchdev away with the last
 * VF: netdevsim goes back to legacy and destroys its rate nodes (docs/kernel.md). A resize
 * keeps the VFs' settings (num-vfs.c); it keeps these too, as apply would set them: the mode
 * goes back while there are no VFs (so the new ones come as switch ports, and none is in use
 * yet; a driver that wants VFs first gets it once they are there), then the nodes that went,
 * then the leaves of the VFs that are there again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libsriov-private.h"

/* Only a PF in switchdev mode has something to lose; one without devlink eswitch (igb) has
 * nothing, and asking it is no error of the resize. Nor is a kernel or driver without rate
 * objects (before 5.14): then the mode alone is kept. */
int switchdev_save(struct sriov_pf *pf, unsigned int n_vfs, struct switchdev_saved *s)
{
        struct error_frame f;
        int r;

        *s = (struct switchdev_saved){ 0 };
        error_frame_save(pf->ctx, &f);
        r = sriov_pf_get_eswitch(pf, &s->eswitch);
        error_frame_end(pf->ctx, &f, 0, NULL);
        if (r < 0 || !(s->eswitch.mask & SRIOV_ESWITCH_MODE) ||
            s->eswitch.mode != SRIOV_ESWITCH_MODE_SWITCHDEV)
                return 0;
        s->switchdev = true;
        /* The mode alone: inline and encap modes are the driver's to keep. */
        s->eswitch.mask = SRIOV_ESWITCH_MODE;
        error_frame_save(pf->ctx, &f);
        r = sriov_pf_get_rate_nodes(pf, &s->nodes, &s->n_nodes);
        error_frame_end(pf->ctx, &f, 0, NULL);
        if (r == -EOPNOTSUPP || r == -EINVAL) {
                info(pf->ctx, "PF %s: no rate objects to keep across the resize", pf->name);
                return 0;
        }
        if (r < 0)
                return r;
        s->rates = true;
        s->leaves = calloc(n_vfs ? n_vfs : 1, sizeof(*s->leaves));
        if (!s->leaves)
                return -ENOMEM;
        s->n_leaves = n_vfs;
        for (unsigned int i = 0; i < n_vfs; i++) {
                struct sriov_vf *vf;

                if (sriov_pf_get_vf(pf, i, &vf) < 0)
                        continue; /* gone: nothing to keep */
                r = sriov_vf_get_rate(vf, &s->leaves[i]);
                sriov_vf_unref(vf);
                if (r == -ENOENT)
                        s->leaves[i].mask = 0; /* no leaf of its own */
                else if (r < 0)
                        return r;
        }
        return 0;
}

int switchdev_restore_mode(struct sriov_pf *pf, const struct switchdev_saved *s, bool with_vfs,
                           unsigned int flags)
{
        struct sriov_eswitch now;
        struct error_frame f;
        int r;

        if (!s->switchdev)
                return 0;
        r = sriov_pf_get_eswitch(pf, &now);
        if (r < 0)
                return r;
        if ((now.mask & SRIOV_ESWITCH_MODE) && now.mode == SRIOV_ESWITCH_MODE_SWITCHDEV)
                return 0;
        info(pf->ctx, "PF %s: the eswitch went back to legacy with its VFs; setting switchdev "
                      "again",
             pf->name);
        if (with_vfs) {
                /* The VFs are new: their leases, if forced, were said by the resize. */
                r = sriov_pf_set_eswitch(pf, &s->eswitch, flags & SRIOV_FORCE);
                return r < 0 ? r : 0;
        }
        /* Some drivers want the VFs first (docs/kernel.md): then it is done once they are. */
        error_frame_save(pf->ctx, &f);
        r = sriov_pf_set_eswitch(pf, &s->eswitch, 0);
        error_frame_end(pf->ctx, &f, 0, NULL);
        if (r < 0)
                info(pf->ctx, "PF %s: switchdev refused without VFs; trying again with them",
                     pf->name);
        return 0;
}

/* The nodes first without their parents (a parent may be a node made later), then each with
 * all it had. */
static int restore_nodes(struct sriov_pf *pf, const struct switchdev_saved *s)
{
        struct sriov_rate_node *now = NULL;
        size_t n_now = 0;
        int r;

        /* What the kernel has now, not what was read before the resize. */
        pf_devlink_forget_rates(pf);
        r = sriov_pf_get_rate_nodes(pf, &now, &n_now);
        for (size_t i = 0; i < s->n_nodes && r >= 0; i++) {
                struct sriov_rate rate = s->nodes[i].rate;
                bool there = false;

                for (size_t k = 0; k < n_now; k++)
                        there = there || strcmp(now[k].name, s->nodes[i].name) == 0;
                if (there)
                        continue;
                rate.mask &= ~SRIOV_RATE_PARENT;
                r = sriov_pf_new_rate_node(pf, s->nodes[i].name, &rate, 0);
        }
        free(now);
        for (size_t i = 0; i < s->n_nodes && r >= 0; i++)
                r = sriov_pf_set_rate_node(pf, s->nodes[i].name, &s->nodes[i].rate, 0);
        return r < 0 ? r : 0;
}

int switchdev_restore_rates(struct sriov_pf *pf, const struct switchdev_saved *s,
                            unsigned int count, unsigned int flags)
{
        int r;

        if (!s->switchdev)
                return 0;
        r = switchdev_restore_mode(pf, s, true, flags);
        if (r < 0 || !s->rates)
                return r;
        r = restore_nodes(pf, s);
        for (unsigned int i = 0; i < count && i < s->n_leaves && r >= 0; i++) {
                struct sriov_vf *vf;

                if (s->leaves[i].mask == 0)
                        continue;
                r = sriov_pf_get_vf(pf, i, &vf);
                if (r < 0)
                        break;
                /* Their leases, if forced, were broken and said so by the resize itself. */
                r = vf_set_rate(vf, &s->leaves[i],
                                flags & SRIOV_FORCE ? SRIOV_FORCE | SRIOV_LEASES_SAID : 0);
                sriov_vf_unref(vf);
        }
        return r < 0 ? r : 0;
}

void switchdev_saved_free(struct switchdev_saved *s)
{
        free(s->nodes);
        free(s->leaves);
        *s = (struct switchdev_saved){ 0 };
}
