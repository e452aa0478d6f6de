/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The event source's parts (sriov_monitor_*, sriov_event_*), private to them and to their
 * tests: a snapshot of what the host looked like, the diff of two snapshots of one PF into
 * events (pure: monitor-diff.c), and the queue of events not yet taken (event.c).
 *
 * The kernel says that something changed, rarely what: an RTM_NEWLINK for a PF carries no VF
 * list, a uevent names one device. So the monitor marks the PFs an event touches as dirty,
 * reads them again once the sockets are drained, and compares with what it saw before.
 */
#ifndef LIBSRIOV_MONITOR_H
#define LIBSRIOV_MONITOR_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libsriov.h"
#include "pci-addr.h"

/* A VF as one reading saw it. */
struct snap_vf {
        unsigned int index;
        char pci[SRIOV_PCI_ADDR_MAX]; /* "" for a netdevsim VF */
        char driver[64];              /* "" without one */
        char ifname[IF_NAMESIZE];     /* "" without a netdev here */
        bool netdev_elsewhere;        /* its netdev is in another network namespace */
        struct sriov_vf_config cfg;   /* cfg.mask 0: its settings could not be read */
        char representor[IF_NAMESIZE]; /* "" without one (legacy mode, no devlink) */
        struct sriov_rate rate;       /* its rate leaf; mask 0: none */
};

/* A PF as one reading saw it; @present false when it is gone (or was never seen). */
struct snap_pf {
        bool present;
        char name[64];   /* sriov_pf_get_name(): PCI address or netdevsim device */
        char driver[64]; /* "" without one */
        char ifname[IF_NAMESIZE];
        int ifindex;     /* 0 without a netdev */
        int carrier;     /* 1, 0, or -1 when not known (no netdev, or it is down) */
        unsigned int num_vfs;
        bool truncated;  /* the kernel's VF list was cut short: some settings unknown */
        struct snap_vf *vfs;
        size_t n_vfs;
        /* devlink's part, read again only when devlink or the PF's own device announces a
         * change, or the VF count changed (an rtnetlink announcement of a VF setting changes
         * none of it); kept from the last reading when devlink cannot say. */
        char devlink[128]; /* sriov_pf_get_devlink_handle() */
        int eswitch;       /* SRIOV_ESWITCH_MODE_*, or -1: no eswitch (no devlink) */
        struct sriov_rate_node *nodes; /* sorted by name */
        size_t n_nodes;
};

void snap_pf_clear(struct snap_pf *p);
/* @p's VF of @index, or NULL. */
const struct snap_vf *snap_pf_find_vf(const struct snap_pf *p, unsigned int index);

/* ---- event.c: events and their queue ---- */
struct sriov_event {
        int refcount;
        enum sriov_event_type type;
        int64_t usec; /* CLOCK_REALTIME */
        char pf[64];
        int vf; /* -1 for none */
        char pci[SRIOV_PCI_ADDR_MAX];
        /* driver, netdev, lease state: old and new; NULL for none. */
        char *old_value, *new_value;
        unsigned int old_count, new_count; /* VF count, carrier */
        uint32_t changed;                  /* VF settings, or rate fields */
        struct sriov_vf_config old_cfg, new_cfg;
        char rate_node[SRIOV_RATE_NAME_MAX]; /* "" for a VF's leaf */
        struct sriov_rate old_rate, new_rate;
};

/* A new event of @type about PF @pf (NULL for none) and VF @vf (NULL for none); NULL when out
 * of memory. */
struct sriov_event *event_new(enum sriov_event_type type, const char *pf, const struct snap_vf *vf);
/* @old and @new copied (NULL stays NULL); 0 or -ENOMEM. */
int event_set_values(struct sriov_event *e, const char *old, const char *new);

/* Events not yet taken: a ring bounded by @max; past it the queue holds one RESYNC instead,
 * since the consumer has lost events either way and must read the host again. */
struct event_queue {
        struct sriov_event **ev;
        size_t head, count, size, max;
        bool overflowed;
};

void event_queue_init(struct event_queue *q, size_t max);
/* Takes @e (NULL, from a failed allocation, counts as an overflow: a lost event). */
void event_queue_push(struct event_queue *q, struct sriov_event *e);
/* The oldest event, or NULL. */
struct sriov_event *event_queue_pop(struct event_queue *q);
void event_queue_clear(struct event_queue *q);

/* ---- monitor-diff.c: two readings of one PF into events, pure ---- */
/*
 * Pushes onto @q what changed from @old to @new (either may be not present): PF added or
 * removed, its driver, carrier, VF count and eswitch mode; rate nodes; each VF added or
 * removed, its driver, its netdev (renamed, or moved to another namespace), its settings where
 * both readings have them, its representor and rate leaf. A PF that is gone has lost its VFs:
 * their VF_REMOVED come before its PF_REMOVED, and a new PF's PF_ADDED before its VF_ADDED;
 * a node is made before leaves join it and deleted after they left.
 */
void snap_pf_diff(const struct snap_pf *old, const struct snap_pf *new, struct event_queue *q);

#endif
