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
        free(p->nodes);
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

/* The SRIOV_RATE_* fields in which two rate objects differ; a mask of 0 is no object, and
 * one made or deleted differs in every field it has. */
static uint32_t rate_diff(const struct sriov_rate *o, const struct sriov_rate *n)
{
        uint32_t d = 0;

        if (!o->mask || !n->mask)
                return o->mask | n->mask;
        if (o->tx_share != n->tx_share || (o->mask ^ n->mask) & SRIOV_RATE_TX_SHARE)
                d |= SRIOV_RATE_TX_SHARE;
        if (o->tx_max != n->tx_max || (o->mask ^ n->mask) & SRIOV_RATE_TX_MAX)
                d |= SRIOV_RATE_TX_MAX;
        if (strcmp(o->parent, n->parent) != 0)
                d |= SRIOV_RATE_PARENT;
        return d;
}

/* A rate object's change: a VF's leaf (@vf), or node @node. */
static void push_rate(struct event_queue *q, const char *pf, const struct snap_vf *vf,
                      const char *node, const struct sriov_rate *o, const struct sriov_rate *n)
{
        static const struct sriov_rate none = { 0 };
        uint32_t changed = rate_diff(o ? o : &none, n ? n : &none);
        struct sriov_event *e;

        if (!changed)
                return;
        e = event_new(SRIOV_EVENT_RATE, pf, vf);
        if (e) {
                e->changed = changed;
                e->old_rate = o ? *o : none;
                e->new_rate = n ? *n : none;
                snprintf(e->rate_node, sizeof(e->rate_node), "%s", node ? node : "");
        }
        event_queue_push(q, e);
}

static const struct sriov_rate_node *find_node(const struct snap_pf *p, const char *name)
{
        for (size_t i = 0; i < p->n_nodes; i++)
                if (strcmp(p->nodes[i].name, name) == 0)
                        return &p->nodes[i];
        return NULL;
}

/* Whether node @x must wait for another node of @p not yet @done: with @parents_first, its
 * parent; else (deletions, children first, as the kernel deletes them) a child of it. */
static bool waits(const struct snap_pf *p, const struct sriov_rate_node *x, const bool *done,
                  bool parents_first)
{
        for (size_t k = 0; k < p->n_nodes; k++) {
                const struct sriov_rate_node *y = &p->nodes[k];

                if (done[k] || y == x)
                        continue;
                if (parents_first ? strcmp(x->rate.parent, y->name) == 0
                                  : strcmp(y->rate.parent, x->name) == 0)
                        return true;
        }
        return false;
}

/* Node @x of the newer reading made or changed since @other (@made), or gone from it. */
static void push_node(struct event_queue *q, const char *pf, const struct snap_pf *other,
                      const struct sriov_rate_node *x, bool made)
{
        const struct sriov_rate_node *was = made ? find_node(other, x->name) : NULL;

        if (made)
                push_rate(q, pf, NULL, x->name, was ? &was->rate : NULL, &x->rate);
        else
                push_rate(q, pf, NULL, x->name, &x->rate, NULL);
}

/*
 * Nodes made or changed (@made true), parents before children: a node made in the same
 * reading as its parent comes after it. Or nodes deleted (@made false), children first, as
 * the kernel deletes them. Otherwise by name; a cycle, which the kernel does not allow, would
 * leave a pass with nothing ready: the rest go by name.
 */
static void nodes_diff(const char *pf, const struct snap_pf *o, const struct snap_pf *n,
                       bool made, struct event_queue *q)
{
        const struct snap_pf *from = made ? n : o, *other = made ? o : n;
        bool *done = calloc(from->n_nodes ? from->n_nodes : 1, sizeof(*done));
        size_t left = from->n_nodes, before;

        if (!done) {
                event_queue_push(q, NULL); /* lost events: a resync */
                return;
        }
        /* Not deleted: nothing to say here, and no child to wait for. */
        for (size_t i = 0; !made && i < from->n_nodes; i++)
                if (find_node(other, from->nodes[i].name)) {
                        done[i] = true;
                        left--;
                }
        do {
                before = left;
                for (size_t i = 0; i < from->n_nodes; i++) {
                        if (done[i] || waits(from, &from->nodes[i], done, made))
                                continue;
                        push_node(q, pf, other, &from->nodes[i], made);
                        done[i] = true;
                        left--;
                }
        } while (left && left < before);
        for (size_t i = 0; i < from->n_nodes; i++)
                if (!done[i])
                        push_node(q, pf, other, &from->nodes[i], made);
        free(done);
}

/* A VF's switch port appearing (@came) or going: its representor and leaf. */
static void vf_port_came_or_went(const char *pf, const struct snap_vf *v, bool came,
                                 struct event_queue *q)
{
        if (v->representor[0])
                push(q, SRIOV_EVENT_REPRESENTOR, pf, v, came ? NULL : v->representor,
                     came ? v->representor : NULL);
        if (v->rate.mask)
                push_rate(q, pf, v, NULL, came ? NULL : &v->rate, came ? &v->rate : NULL);
}

const struct snap_vf *snap_pf_find_vf(const struct snap_pf *p, unsigned int index)
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
        /* Gone from here while the device still has it: moved to a pod's namespace (or
         * back), which is not the netdev going away. */
        if (strcmp(o->ifname, n->ifname) != 0)
                push(q, (!n->ifname[0] && n->netdev_elsewhere) ||
                                        (!o->ifname[0] && o->netdev_elsewhere)
                                ? SRIOV_EVENT_VF_NETNS
                                : SRIOV_EVENT_VF_NETDEV,
                     pf, n, o->ifname, n->ifname);
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
        if (strcmp(o->representor, n->representor) != 0)
                push(q, SRIOV_EVENT_REPRESENTOR, pf, n, o->representor, n->representor);
        push_rate(q, pf, n, NULL, o->rate.mask ? &o->rate : NULL, n->rate.mask ? &n->rate : NULL);
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
                if (!snap_pf_find_vf(n, o->vfs[i].index)) {
                        vf_port_came_or_went(pf, &o->vfs[i], false, q);
                        push(q, SRIOV_EVENT_VF_REMOVED, pf, &o->vfs[i], NULL, NULL);
                }
        if (!n->present) {
                nodes_diff(pf, o, n, false, q);
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
        /* From one mode to another; an eswitch that came or went with the driver is told by
         * PF_DRIVER. */
        if (o->present && o->eswitch != n->eswitch && o->eswitch >= 0 && n->eswitch >= 0)
                push(q, SRIOV_EVENT_ESWITCH_MODE, pf, NULL,
                     sriov_eswitch_value_to_string(SRIOV_ESWITCH_MODE, o->eswitch),
                     sriov_eswitch_value_to_string(SRIOV_ESWITCH_MODE, n->eswitch));
        nodes_diff(pf, o, n, true, q);
        for (size_t i = 0; i < n->n_vfs; i++) {
                const struct snap_vf *was = snap_pf_find_vf(o, n->vfs[i].index);

                if (was) {
                        vf_diff(pf, was, &n->vfs[i], q);
                } else {
                        push(q, SRIOV_EVENT_VF_ADDED, pf, &n->vfs[i], NULL, NULL);
                        vf_port_came_or_went(pf, &n->vfs[i], true, q);
                }
        }
        nodes_diff(pf, o, n, false, q);
}
