/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two readings of one PF into events (monitor.h): pure, so that what counts as a change is
 * tested without a kernel. VFs are matched by index, the VF's identity within its PF: a VF
 * removed and made again between two readings at the same index is seen only by what differs
 * (its driver, its netdev), as the kernel gives no generation to tell them apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor.h"

void snap_pf_clear(struct snap_pf *p)
{
        free(p->vfs);
        memset(p, 0, sizeof(*p));
}

static const char *or_null(const char *s)
{
        return s && s[0] ? s : NULL;
}

static void push(struct event_queue *q, enum sriov_event_type type, const char *pf,
                 const struct snap_vf *vf, const char *old, const char *new)
{
        struct sriov_event *e = event_new(type, pf, vf);

        if (e && event_set_values(e, or_null(old), or_null(new)) < 0) {
                sriov_event_unref(e);
                e = NULL;
        }
        event_queue_push(q, e);
}

static void push_counts(struct event_queue *q, enum sriov_event_type type, const char *pf,
                        unsigned int old, unsigned int new)
{
        struct sriov_event *e = event_new(type, pf, NULL);

        if (e) {
                e->old_count = old;
                e->new_count = new;
        }
        event_queue_push(q, e);
}

static const struct snap_vf *find_vf(const struct snap_pf *p, unsigned int index)
{
        /* Readings list VFs in index order, mostly 0..n-1: try the slot first. */
        if (index < p->n_vfs && p->vfs[index].index == index)
                return &p->vfs[index];
        for (size_t i = 0; i < p->n_vfs; i++)
                if (p->vfs[i].index == index)
                        return &p->vfs[i];
        return NULL;
}

static void vf_diff(const char *pf, const struct snap_vf *o, const struct snap_vf *n,
                    struct event_queue *q)
{
        uint32_t changed;

        if (strcmp(o->driver, n->driver) != 0)
                push(q, SRIOV_EVENT_VF_DRIVER, pf, n, o->driver, n->driver);
        if (strcmp(o->ifname, n->ifname) != 0)
                push(q, SRIOV_EVENT_VF_NETDEV, pf, n, o->ifname, n->ifname);
        /* Only fields both readings have: a setting that could not be read has not changed. */
        changed = sriov_vf_config_diff(&o->cfg, &n->cfg);
        if (changed) {
                struct sriov_event *e = event_new(SRIOV_EVENT_VF_CONFIG, pf, n);

                if (e) {
                        e->changed = changed;
                        e->old_cfg = o->cfg;
                        e->new_cfg = n->cfg;
                }
                event_queue_push(q, e);
        }
}

void snap_pf_diff(const struct snap_pf *old, const struct snap_pf *new, struct event_queue *q)
{
        static const struct snap_pf none = { 0 };
        const struct snap_pf *o = old && old->present ? old : &none;
        const struct snap_pf *n = new && new->present ? new : &none;
        const char *pf = n->present ? n->name : o->name;

        if (!o->present && !n->present)
                return;
        if (!o->present)
                push(q, SRIOV_EVENT_PF_ADDED, pf, NULL, NULL, n->driver);
        /* What went away first, so that a consumer never sees a VF of a PF it was told is
         * gone. */
        for (size_t i = 0; i < o->n_vfs; i++)
                if (!find_vf(n, o->vfs[i].index))
                        push(q, SRIOV_EVENT_VF_REMOVED, pf, &o->vfs[i], NULL, NULL);
        if (!n->present) {
                push(q, SRIOV_EVENT_PF_REMOVED, pf, NULL, o->driver, NULL);
                return;
        }
        if (o->present && strcmp(o->driver, n->driver) != 0)
                push(q, SRIOV_EVENT_PF_DRIVER, pf, NULL, o->driver, n->driver);
        if (o->present && o->num_vfs != n->num_vfs)
                push_counts(q, SRIOV_EVENT_NUM_VFS, pf, o->num_vfs, n->num_vfs);
        if (o->present && o->carrier != n->carrier && n->carrier >= 0 && o->carrier >= 0)
                push_counts(q, SRIOV_EVENT_PF_CARRIER, pf, (unsigned int)o->carrier,
                            (unsigned int)n->carrier);
        for (size_t i = 0; i < n->n_vfs; i++) {
                const struct snap_vf *was = find_vf(o, n->vfs[i].index);

                if (was)
                        vf_diff(pf, was, &n->vfs[i], q);
                else
                        push(q, SRIOV_EVENT_VF_ADDED, pf, &n->vfs[i], NULL, NULL);
        }
}
