/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The event source (sriov_monitor_*, libsriov.h "Events"): four sockets behind one epoll
 * file descriptor, and a reading of every PF to compare with.
 *
 * - uevents (libudev: udevd's when it runs, so after its renames; else the kernel's): PCI
 *   devices added, removed, bound and unbound, netdevs added, removed, renamed and moved, and
 *   netdevsim devices. Each names one device: the PF it is, or whose VF it is, is marked dirty.
 * - rtnetlink's link group: a VF setting changed by anyone makes the kernel announce the PF's
 *   link (netdev_state_change(), without its VF list), as do carrier changes: that PF is dirty.
 * - devlink's notification group: a port (and its representor) or a rate object of a PF's
 *   devlink instance made, changed or deleted. The eswitch mode is read again then: devlink
 *   does not announce it, but a change with VFs makes or removes their ports. The devlink
 *   part of a reading is kept until devlink or the PF's own device announces something, so a
 *   VF setting changed through rtnetlink costs no devlink request.
 * - inotify on the lease directory: a lease journal written or removed.
 *
 * Each netlink socket is connected to the kernel, which then refuses anyone else's unicast,
 * and takes the kernel's messages alone (sender port 0): a pod's root, who may send to any
 * socket of the pod's namespace, cannot make a monitor there read PFs again. A multicast flood
 * from such a sender can still overflow the socket: a resync, as for the kernel's own.
 *
 * sriov_monitor_next() drains the sockets without blocking, then reads each dirty PF once and
 * diffs it with the last reading (monitor-diff.c): a burst of a thousand uevents is one
 * reading. An overflowed socket (ENOBUFS) means announcements were lost: everything is read
 * again, and the consumer gets SRIOV_EVENT_RESYNC instead of a diff it could not trust.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/devlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libudev.h>
#include <netlink/msg.h>

#include "libsriov-private.h"
#include "lock-file.h"
#include "monitor.h"

/* Events the consumer has not taken: past this, one RESYNC replaces them (event.c). */
#define QUEUE_MAX 65536
/* Kernel socket buffers: a thousand VFs made at once send a few thousand uevents. */
#define UEVENT_RCVBUF (8 * 1024 * 1024)
#define RTNL_RCVBUF (1024 * 1024)
#define DEVLINK_RCVBUF (1024 * 1024)

struct mon_pf {
        struct snap_pf s;
        bool dirty;
        bool devlink_dirty; /* its devlink part too */
        bool stale; /* announced while not followed: not read since, its reading is old */
};

/* A VF's netdev the kernel said is gone from here (RTM_DELLINK), until the next reading: moved
 * to another namespace (with IFLA_NEW_NETNSID) or destroyed. The announcement comes before
 * sysfs stops showing the netdev here, so a reading in between would still see it, and one a
 * little later could take a netdev being destroyed for one in another namespace. */
struct netdev_moved {
        char device[SRIOV_PCI_ADDR_MAX]; /* its parent: the VF's PCI address */
        char ifname[IF_NAMESIZE];
        bool elsewhere; /* moved, not destroyed */
};
#define MOVED_MAX 4096

struct lease_seen {
        char pci[SRIOV_PCI_ADDR_MAX];
        char pf[SRIOV_PCI_ADDR_MAX];
        unsigned int vf;
        char state[16];
};

struct sriov_monitor {
        int refcount;
        struct sriov_ctx *ctx;
        int epfd;
        struct udev *udev;
        struct udev_monitor *um;
        int rtnl_fd;
        int devlink_fd;
        uint16_t devlink_family;
        int ino_fd;
        struct mon_pf *pfs;
        size_t n_pfs;
        bool rescan;      /* a PF may have appeared: list them again */
        bool reread_all;  /* announcements were lost */
        bool leases_dirty;
        struct lease_seen *leases;
        size_t n_leases;
        struct netdev_moved *moved;
        size_t n_moved;
        char (*filter)[64];
        size_t n_filter;
        uint64_t types;
        struct event_queue q;
};

/* ---- readings ---- */

static void copy_str(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

/* A devlink answer that means "none": no devlink instance or operation (igb), no port or leaf
 * (legacy mode). Anything else (a dump cut short by the churn being announced: -EAGAIN; a
 * reset) says nothing about what is there. */
static bool devlink_none(int r)
{
        return r == -EOPNOTSUPP || r == -ENODEV || r == -ENOENT;
}

/* The eswitch mode and rate nodes of @pf; -1 and none without an eswitch. 0, or -errno when
 * devlink could not say. */
static int read_devlink(struct sriov_pf *pf, struct snap_pf *out)
{
        struct sriov_eswitch esw;
        int r;

        out->eswitch = -1;
        r = sriov_pf_get_eswitch(pf, &esw);
        if (r < 0) {
                dbg(pf->ctx, "monitor: PF %s: eswitch: %s", out->name, sriov_ctx_get_error(pf->ctx));
                return devlink_none(r) ? 0 : r;
        }
        if (!(esw.mask & SRIOV_ESWITCH_MODE) || !sriov_eswitch_value_to_string(SRIOV_ESWITCH_MODE,
                                                                                (int)esw.mode))
                return 0;
        out->eswitch = (int)esw.mode;
        /* Legacy mode has no ports, leaves or nodes: nothing more to ask. */
        if (esw.mode != SRIOV_ESWITCH_MODE_SWITCHDEV)
                return 0;
        r = sriov_pf_get_rate_nodes(pf, &out->nodes, &out->n_nodes);
        if (r < 0) {
                out->nodes = NULL;
                out->n_nodes = 0;
                return devlink_none(r) ? 0 : r;
        }
        return 0;
}

/* VF @v's representor and leaf, read (switchdev mode only). 0, or -errno as read_devlink(). */
static int read_vf_devlink(struct sriov_vf *vf, const struct snap_pf *out, struct snap_vf *v)
{
        struct sriov_vf_port port;
        int r;

        if (out->eswitch != SRIOV_ESWITCH_MODE_SWITCHDEV)
                return 0;
        r = sriov_vf_get_port(vf, &port);
        if (r == 0)
                copy_str(v->representor, sizeof(v->representor), port.representor);
        else if (!devlink_none(r))
                return r;
        r = sriov_vf_get_rate(vf, &v->rate);
        if (r < 0) {
                memset(&v->rate, 0, sizeof(v->rate));
                if (!devlink_none(r))
                        return r;
        }
        return 0;
}

/* VF @v's representor and leaf as @prev had them (none when it had no such VF). */
static void keep_vf_devlink(const struct snap_pf *prev, struct snap_vf *v)
{
        const struct snap_vf *was = prev ? snap_pf_find_vf(prev, v->index) : NULL;

        memset(v->representor, 0, sizeof(v->representor));
        memset(&v->rate, 0, sizeof(v->rate));
        if (was) {
                memcpy(v->representor, was->representor, sizeof(v->representor));
                v->rate = was->rate;
        }
}

/* @out's PF-wide devlink part as @prev's: its mode and a copy of its nodes. */
static int keep_pf_devlink(const struct snap_pf *prev, struct snap_pf *out)
{
        free(out->nodes);
        out->nodes = NULL;
        out->n_nodes = 0;
        out->eswitch = prev ? prev->eswitch : -1;
        if (!prev || !prev->n_nodes)
                return 0;
        out->nodes = calloc(prev->n_nodes, sizeof(*out->nodes));
        if (!out->nodes)
                return -ENOMEM;
        memcpy(out->nodes, prev->nodes, prev->n_nodes * sizeof(*out->nodes));
        out->n_nodes = prev->n_nodes;
        return 0;
}

/*
 * @name as it is now; not present when it is no PF (any more). The devlink part is read with
 * @devlink, when there is no previous reading, or when the VF count changed (new VFs' ports),
 * and kept from @prev otherwise. When devlink cannot say (not "none", a failure), the part is
 * kept from @prev too, and *@devlink_failed set: read again at the PF's next announcement,
 * never reported as representors and leaves gone.
 */
static int read_pf(struct sriov_ctx *ctx, const char *name, const struct snap_pf *prev,
                   bool devlink, struct snap_pf *out, bool *devlink_failed)
{
        struct sriov_pf *pf;
        unsigned int n;
        int r, dl = 0;

        memset(out, 0, sizeof(*out));
        out->eswitch = -1;
        copy_str(out->name, sizeof(out->name), name);
        if (prev && !prev->present)
                prev = NULL;
        r = sriov_pf_new_from_name(ctx, name, &pf);
        /* No PF by that name any more (gone, or no longer SR-IOV capable): not present. */
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return 0;
        out->present = true;
        copy_str(out->driver, sizeof(out->driver), sriov_pf_get_driver(pf));
        copy_str(out->ifname, sizeof(out->ifname), sriov_pf_get_ifname(pf));
        out->ifindex = out->ifname[0] ? (int)if_nametoindex(out->ifname) : 0;
        r = out->ifname[0] ? sriov_pf_get_carrier(pf) : -ENODEV;
        /* The netdev down: its VFs have no link either (link_state auto), so carrier 0. */
        out->carrier = r == 1 ? 1 : (r == 0 || r == -ENETDOWN) ? 0 : -1;
        copy_str(out->devlink, sizeof(out->devlink), sriov_pf_get_devlink_handle(pf));
        n = sriov_pf_get_num_vfs(pf);
        out->num_vfs = n;
        devlink = devlink || !prev || prev->num_vfs != n;
        r = 0;
        if (devlink)
                dl = read_devlink(pf, out);
        else
                r = keep_pf_devlink(prev, out);
        out->vfs = r == -ENOMEM ? NULL : calloc(n ? n : 1, sizeof(*out->vfs));
        if (!out->vfs) {
                sriov_pf_unref(pf);
                snap_pf_clear(out);
                return -ENOMEM;
        }
        for (unsigned int i = 0; i < n; i++) {
                struct snap_vf *v = &out->vfs[out->n_vfs];
                struct sriov_vf *vf;

                /* A VF going away while we read: the next announcement says so. */
                if (sriov_pf_get_vf(pf, i, &vf) < 0)
                        continue;
                v->index = i;
                copy_str(v->pci, sizeof(v->pci), sriov_vf_get_pci_address(vf));
                copy_str(v->driver, sizeof(v->driver), sriov_vf_get_driver(vf));
                copy_str(v->ifname, sizeof(v->ifname), sriov_vf_get_ifname(vf));
                /* A driver with a netdev that is not here: in a pod's namespace. */
                v->netdev_elsewhere = !v->ifname[0] && v->driver[0] &&
                                      vf_netdev_elsewhere(vf) == 1;
                if (sriov_vf_get_config(vf, &v->cfg) < 0)
                        v->cfg.mask = 0;
                if (!devlink)
                        keep_vf_devlink(prev, v);
                else if (dl == 0)
                        dl = read_vf_devlink(vf, out, v);
                sriov_vf_unref(vf);
                out->n_vfs++;
        }
        out->truncated = sriov_pf_get_vf_info_truncated(pf) == 1;
        sriov_pf_unref(pf);
        if (dl < 0) {
                dbg(ctx, "monitor: PF %s: devlink part kept from the last reading: %s", name,
                    strerror(-dl));
                *devlink_failed = true;
                for (size_t i = 0; i < out->n_vfs; i++)
                        keep_vf_devlink(prev, &out->vfs[i]);
                if (keep_pf_devlink(prev, out) < 0) {
                        snap_pf_clear(out);
                        return -ENOMEM;
                }
        }
        return 0;
}

/*
 * read_pf(), its failures not logged: what a reading cannot read is unknown, and an event
 * only where both readings know (a VF past the kernel's list wrap, an eswitch igb has not);
 * logged as errors, a 1000-VF PF would say 669 on each change.
 */
static int snap_pf_read(struct sriov_ctx *ctx, const char *name, const struct snap_pf *prev,
                        bool devlink, struct snap_pf *out, bool *devlink_failed)
{
        int r;

        *devlink_failed = false;
        ctx->failures_unlogged++;
        r = read_pf(ctx, name, prev, devlink, out, devlink_failed);
        ctx->failures_unlogged--;
        return r;
}

static struct mon_pf *find_pf(struct sriov_monitor *m, const char *name)
{
        for (size_t i = 0; i < m->n_pfs; i++)
                if (strcmp(m->pfs[i].s.name, name) == 0)
                        return &m->pfs[i];
        return NULL;
}

static struct mon_pf *add_pf(struct sriov_monitor *m, const char *name)
{
        struct mon_pf *p = realloc(m->pfs, (m->n_pfs + 1) * sizeof(*p));

        if (!p)
                return NULL;
        m->pfs = p;
        p = &m->pfs[m->n_pfs++];
        memset(p, 0, sizeof(*p));
        copy_str(p->s.name, sizeof(p->s.name), name);
        return p;
}

static void remove_pf(struct sriov_monitor *m, struct mon_pf *p)
{
        size_t i = (size_t)(p - m->pfs);

        snap_pf_clear(&p->s);
        memmove(&m->pfs[i], &m->pfs[i + 1], (m->n_pfs - i - 1) * sizeof(*p));
        m->n_pfs--;
}

/* Every PF there is now, added (not yet read) and marked dirty where new. */
static int list_pfs(struct sriov_monitor *m)
{
        struct sriov_pf_list *list;
        int r = sriov_pf_list_new(m->ctx, &list);

        if (r < 0)
                return r;
        for (size_t i = 0; i < sriov_pf_list_get_count(list); i++) {
                const char *name = sriov_pf_get_name(sriov_pf_list_get(list, i));
                struct mon_pf *p = find_pf(m, name);

                if (!p && !(p = add_pf(m, name))) {
                        sriov_pf_list_unref(list);
                        return -ENOMEM;
                }
                if (!p->s.present)
                        p->dirty = p->devlink_dirty = true;
        }
        sriov_pf_list_unref(list);
        return 0;
}

/* Whether the consumer follows @name: no PF given to sriov_monitor_add_pf(), or it is one. */
static bool followed(const struct sriov_monitor *m, const char *name)
{
        if (!m->n_filter)
                return true;
        for (size_t i = 0; i < m->n_filter; i++)
                if (strcmp(m->filter[i], name) == 0)
                        return true;
        return false;
}

/* Past the kernel's VF list wrap, the settings of the VFs it leaves out cannot be compared:
 * said once, when a PF's list becomes cut short, rather than inventing (or silently missing)
 * their events. */
static void say_truncated(struct sriov_monitor *m, const struct snap_pf *now)
{
        size_t listed = 0;

        for (size_t i = 0; i < now->n_vfs; i++)
                if (now->vfs[i].cfg.mask)
                        listed++;
        sriov_log_cond(m->ctx, LOG_WARNING,
                       "monitor: PF %s: the kernel's VF list holds %zu of its %u VFs: settings "
                       "of the others are not compared, and make no vf-config events",
                       now->name, listed, now->num_vfs);
}

/* The netdevs announced as gone: gone from @now's VFs, to another namespace or for good, as
 * the announcement said, whatever sysfs showed. */
static void apply_moves(const struct sriov_monitor *m, struct snap_pf *now)
{
        for (size_t i = 0; i < m->n_moved; i++)
                for (size_t k = 0; k < now->n_vfs; k++) {
                        struct snap_vf *v = &now->vfs[k];

                        if (strcmp(v->pci, m->moved[i].device) == 0 &&
                            strcmp(v->ifname, m->moved[i].ifname) == 0) {
                                v->ifname[0] = '\0';
                                v->netdev_elsewhere = m->moved[i].elsewhere;
                        }
                }
}

/* Read the dirty PFs; with @q, what changed becomes events. A PF the consumer does not follow
 * is not read (a VMM following its PF must not pay for the host's other thousand VFs): it is
 * marked stale, and read silently if it is added to the filter later. */
static int read_dirty(struct sriov_monitor *m, struct event_queue *q)
{
        for (size_t i = 0; i < m->n_pfs; i++) {
                struct mon_pf *p = &m->pfs[i];
                bool devlink_failed;
                struct snap_pf now;
                int r;

                if (!p->dirty)
                        continue;
                if (q && !followed(m, p->s.name)) {
                        p->dirty = p->devlink_dirty = false;
                        p->stale = true;
                        continue;
                }
                r = snap_pf_read(m->ctx, p->s.name, &p->s, p->devlink_dirty, &now,
                                 &devlink_failed);
                if (r < 0)
                        return r;
                if (now.truncated && !(p->s.present && p->s.truncated))
                        say_truncated(m, &now);
                apply_moves(m, &now);
                if (q)
                        snap_pf_diff(&p->s, &now, q);
                snap_pf_clear(&p->s);
                p->s = now;
                p->dirty = false;
                /* Asked again at the PF's next announcement, not now: a failure that lasts
                 * must not make the consumer's loop spin. */
                p->devlink_dirty = devlink_failed;
                if (!p->s.present) {
                        remove_pf(m, p);
                        i--;
                }
        }
        m->n_moved = 0;
        return 0;
}

/* ---- leases ---- */

static int read_leases(struct sriov_monitor *m, struct lease_seen **ret, size_t *n)
{
        struct sriov_lease **l;
        struct lease_seen *v;
        size_t count = 0;
        int r;

        *ret = NULL;
        *n = 0;
        if (m->ino_fd < 0)
                return 0;
        /* A journal that cannot be read is said by read_leases_diff(), once, at LOG_INFO. */
        m->ctx->failures_unlogged++;
        r = sriov_lease_list(m->ctx, &l);
        m->ctx->failures_unlogged--;
        if (r < 0)
                return r;
        while (l[count])
                count++;
        v = calloc(count ? count : 1, sizeof(*v));
        if (!v) {
                sriov_lease_list_free(l);
                return -ENOMEM;
        }
        for (size_t i = 0; i < count; i++) {
                copy_str(v[i].pci, sizeof(v[i].pci), sriov_lease_get_pci_address(l[i]));
                copy_str(v[i].pf, sizeof(v[i].pf), sriov_lease_get_pf_pci_address(l[i]));
                v[i].vf = sriov_lease_get_vf_index(l[i]);
                /* The words of `sriovctl lease list`. */
                copy_str(v[i].state, sizeof(v[i].state), sriov_lease_get_state_name(l[i]));
        }
        sriov_lease_list_free(l);
        *ret = v;
        *n = count;
        return 0;
}

static const struct lease_seen *find_lease(const struct lease_seen *v, size_t n, const char *pci)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(v[i].pci, pci) == 0)
                        return &v[i];
        return NULL;
}

static void push_lease(struct event_queue *q, const struct lease_seen *l, const char *old,
                       const char *new)
{
        struct snap_vf vf = { .index = l->vf };
        struct sriov_event *e;

        copy_str(vf.pci, sizeof(vf.pci), l->pci);
        e = event_new(SRIOV_EVENT_LEASE, l->pf, &vf);
        if (e && event_set_values(e, old, new) < 0)
                e = sriov_event_unref(e);
        event_queue_push(q, e);
}

static int read_leases_diff(struct sriov_monitor *m, struct event_queue *q)
{
        struct lease_seen *now;
        size_t n;
        int r = read_leases(m, &now, &n);

        /* A journal that cannot be read (corrupt, being replaced) must not end the monitor:
         * said, and the leases read again at the next change of the directory. */
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                info(m->ctx, "monitor: leases not read: %s", sriov_ctx_get_error(m->ctx));
                m->leases_dirty = false;
                return 0;
        }
        for (size_t i = 0; q && i < m->n_leases; i++)
                if (!find_lease(now, n, m->leases[i].pci))
                        push_lease(q, &m->leases[i], m->leases[i].state, NULL);
        for (size_t i = 0; q && i < n; i++) {
                const struct lease_seen *was = find_lease(m->leases, m->n_leases, now[i].pci);

                if (!was || strcmp(was->state, now[i].state) != 0)
                        push_lease(q, &now[i], was ? was->state : NULL, now[i].state);
        }
        free(m->leases);
        m->leases = now;
        m->n_leases = n;
        m->leases_dirty = false;
        return 0;
}

/* ---- what the sockets say ---- */

/* The PF a device named @name (PCI address or netdevsim device) is, or is a VF of. */
static struct mon_pf *pf_of_device(struct sriov_monitor *m, const char *name)
{
        char path[PATH_MAX], target[PATH_MAX];
        struct mon_pf *p = find_pf(m, name);
        ssize_t len;

        if (p)
                return p;
        for (size_t i = 0; i < m->n_pfs; i++)
                for (size_t k = 0; k < m->pfs[i].s.n_vfs; k++)
                        if (strcmp(m->pfs[i].s.vfs[k].pci, name) == 0)
                                return &m->pfs[i];
        /* A VF not seen yet: its physfn link names its PF. */
        snprintf(path, sizeof(path), SYSFS_PCI_DEVICES "/%s/physfn", name);
        len = readlink(path, target, sizeof(target) - 1);
        if (len <= 0)
                return NULL;
        target[len] = '\0';
        return find_pf(m, strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
}

static void handle_uevent(struct sriov_monitor *m, struct udev_device *d)
{
        const char *subsystem = udev_device_get_subsystem(d);
        const char *devpath = udev_device_get_devpath(d);
        const char *action = udev_device_get_action(d);
        char name[128] = "";
        struct mon_pf *p;

        if (!subsystem || !devpath)
                return;
        if (strcmp(subsystem, "net") == 0) {
                /* .../<device>/net/<ifname>: the device the netdev belongs to. */
                const char *net = strstr(devpath, "/net/");
                const char *start = net;

                if (!net)
                        return;
                while (start > devpath && start[-1] != '/')
                        start--;
                snprintf(name, sizeof(name), "%.*s", (int)(net - start), start);
        } else if (strcmp(subsystem, "pci") == 0 || strcmp(subsystem, "netdevsim") == 0) {
                copy_str(name, sizeof(name), udev_device_get_sysname(d));
        } else {
                return;
        }
        p = pf_of_device(m, name);
        if (p) {
                p->dirty = true;
                /* The PF's own device (a driver bound, a representor renamed): its devlink
                 * part may have changed too. A VF's event changes none of it. */
                if (strcmp(p->s.name, name) == 0)
                        p->devlink_dirty = true;
                return;
        }
        /* A PCI or netdevsim device of no PF we know: a PF that came (hotplug, rescan, a
         * driver bound), or nothing of ours; listing the PFs again tells. Not for a netdev
         * (a pod's veth, a bridge): a PF comes with its device's own event first. */
        if (action && strcmp(action, "remove") != 0 && strcmp(subsystem, "net") != 0)
                m->rescan = true;
}

static void drain_uevents(struct sriov_monitor *m)
{
        struct udev_device *d;

        if (!m->um)
                return;
        for (;;) {
                errno = 0;
                d = udev_monitor_receive_device(m->um);
                if (!d) {
                        if (errno == ENOBUFS)
                                m->reread_all = true;
                        /* EAGAIN: drained. Another error: a message we could not take,
                         * which libudev has consumed; the next is tried. */
                        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == 0)
                                return;
                        if (errno == ENOBUFS)
                                continue;
                        return;
                }
                handle_uevent(m, d);
                udev_device_unref(d);
        }
}

/*
 * Every message waiting on netlink socket @fd, each to @one. Only the kernel's (sender port
 * 0): the socket is connected to the kernel, which refuses others' unicast, but whoever may
 * send to the group (CAP_NET_ADMIN over the namespace: a pod's root in the pod's) can still
 * multicast to it. A datagram larger than the buffer is cut (MSG_TRUNC): what it said is not
 * known, so everything is read again.
 */
static void drain_netlink(struct sriov_monitor *m, int fd,
                          void (*one)(struct sriov_monitor *m, const struct nlmsghdr *h))
{
        char buf[32768] __attribute__((aligned(NLMSG_ALIGNTO)));

        for (;;) {
                struct sockaddr_nl from;
                struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
                struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
                                     .msg_iov = &iov, .msg_iovlen = 1 };
                ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
                int remaining;

                if (n < 0) {
                        if (errno == ENOBUFS) {
                                m->reread_all = true;
                                continue;
                        }
                        return;
                }
                if (mh.msg_namelen < sizeof(from) || from.nl_pid != 0)
                        continue;
                if (mh.msg_flags & MSG_TRUNC)
                        m->reread_all = true;
                remaining = (int)n;
                for (struct nlmsghdr *h = (struct nlmsghdr *)buf; nlmsg_ok(h, remaining);
                     h = nlmsg_next(h, &remaining))
                        one(m, h);
        }
}

/* A PF's link announced (without its VF list): that PF is dirty. */
static void rtnl_one(struct sriov_monitor *m, const struct nlmsghdr *h)
{
        const struct ifinfomsg *ifi = nlmsg_data(h);
        struct nlattr *tb[IFLA_MAX + 1];
        char device[SRIOV_PCI_ADDR_MAX], ifname[IF_NAMESIZE];
        struct mon_pf *p;

        if ((h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK) ||
            h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)) || ifi->ifi_index <= 0)
                return;
        for (size_t i = 0; i < m->n_pfs; i++)
                if (m->pfs[i].s.ifindex == ifi->ifi_index)
                        m->pfs[i].dirty = true;
        /* A VF's netdev (its parent device a VF of ours) that came, went or moved: its own
         * uevents come before sysfs shows the change when it moves between namespaces, this
         * announcement after it when it arrives. */
        if (nlmsg_parse((struct nlmsghdr *)h, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0 ||
            !tb[IFLA_PARENT_DEV_NAME] || !tb[IFLA_IFNAME])
                return;
        nla_strlcpy(device, tb[IFLA_PARENT_DEV_NAME], sizeof(device));
        nla_strlcpy(ifname, tb[IFLA_IFNAME], sizeof(ifname));
        p = pf_of_device(m, device);
        if (!p || strcmp(p->s.name, device) == 0)
                return;
        if (h->nlmsg_type == RTM_DELLINK && m->n_moved < MOVED_MAX) {
                struct netdev_moved *mv = &m->moved[m->n_moved++];

                copy_str(mv->device, sizeof(mv->device), device);
                copy_str(mv->ifname, sizeof(mv->ifname), ifname);
                mv->elsewhere = tb[IFLA_NEW_NETNSID] != NULL;
        }
        for (size_t k = 0; k < p->s.n_vfs; k++)
                if (strcmp(p->s.vfs[k].pci, device) == 0 &&
                    (h->nlmsg_type == RTM_DELLINK || strcmp(p->s.vfs[k].ifname, ifname) != 0))
                        p->dirty = true;
}


/* A port, rate object or instance of a devlink instance announced: its PF, devlink part and
 * all, is dirty. An instance of no PF we know: a PF that comes is announced by its device's
 * uevent. */
static void devlink_one(struct sriov_monitor *m, const struct nlmsghdr *h)
{
        struct devlink_handle dh;
        char handle[sizeof(dh.bus) + sizeof(dh.dev) + 1];

        if (devlink_parse_notification(h, m->devlink_family, &dh) < 0)
                return;
        snprintf(handle, sizeof(handle), "%s/%s", dh.bus, dh.dev);
        for (size_t i = 0; i < m->n_pfs; i++)
                if (strcmp(m->pfs[i].s.devlink, handle) == 0)
                        m->pfs[i].dirty = m->pfs[i].devlink_dirty = true;
}

static void drain_inotify(struct sriov_monitor *m)
{
        char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));

        for (;;) {
                ssize_t n = read(m->ino_fd, buf, sizeof(buf));

                if (n <= 0)
                        return;
                for (char *p = buf; p < buf + n;) {
                        const struct inotify_event *ev = (const struct inotify_event *)p;
                        size_t len = ev->len ? strlen(ev->name) : 0;

                        if ((ev->mask & IN_Q_OVERFLOW) ||
                            (len > 6 && strcmp(ev->name + len - 6, ".lease") == 0))
                                m->leases_dirty = true;
                        p += sizeof(*ev) + ev->len;
                }
        }
}

/* ---- the public object ---- */

static int watch(struct sriov_monitor *m, int fd)
{
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

        return epoll_ctl(m->epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

static int open_uevents(struct sriov_monitor *m)
{
        static const char *const subsystems[] = { "pci", "net", "netdevsim" };
        bool use_udev = sriov_udevd_running(m->ctx);
        int r;

        m->udev = udev_new();
        if (!m->udev)
                return sriov_fail(m->ctx, -ENOMEM, "monitor: create udev context");
        m->um = udev_monitor_new_from_netlink(m->udev, use_udev ? "udev" : "kernel");
        if (!m->um)
                return sriov_fail(m->ctx, errno ? -errno : -EIO, "monitor: open uevent socket");
        udev_monitor_set_receive_buffer_size(m->um, UEVENT_RCVBUF);
        for (size_t i = 0; i < sizeof(subsystems) / sizeof(subsystems[0]); i++)
                udev_monitor_filter_add_match_subsystem_devtype(m->um, subsystems[i], NULL);
        if (udev_monitor_enable_receiving(m->um) < 0)
                return sriov_fail(m->ctx, errno ? -errno : -EIO, "monitor: receive uevents");
        /* The kernel's and udevd's uevents are multicast; libudev drops anyone else's, but
         * only once they are queued, where a flood would crowd out the real ones. */
        r = netlink_kernel_only(udev_monitor_get_fd(m->um));
        if (r < 0)
                return sriov_fail(m->ctx, r, "monitor: connect uevent socket to the kernel");
        return watch(m, udev_monitor_get_fd(m->um));
}

static int open_rtnl(struct sriov_monitor *m)
{
        struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
        int size = RTNL_RCVBUF, r;

        m->rtnl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
        if (m->rtnl_fd < 0)
                return sriov_fail(m->ctx, -errno, "monitor: open rtnetlink socket");
        /* FORCE passes rmem_max where we may (CAP_NET_ADMIN); else what we are allowed. */
        if (setsockopt(m->rtnl_fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
                (void)setsockopt(m->rtnl_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
        if (bind(m->rtnl_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return sriov_fail(m->ctx, -errno, "monitor: join rtnetlink's link group");
        r = netlink_kernel_only(m->rtnl_fd);
        if (r < 0)
                return sriov_fail(m->ctx, r, "monitor: connect rtnetlink socket to the kernel");
        return watch(m, m->rtnl_fd);
}

/* devlink's "config" group. A kernel without devlink has no switchdev to watch: said, and
 * left out. */
static int open_devlink(struct sriov_monitor *m)
{
        struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
        struct nl_msg *req = NULL, *reply = NULL;
        int size = DEVLINK_RCVBUF;
        char extack[256];
        uint32_t group;
        int r;

        r = devlink_msg_get_family(&req);
        if (r < 0)
                return r;
        r = m->ctx->netlink_transact(m->ctx, req, &reply, extack, sizeof(extack));
        nlmsg_free(req);
        if (r == -ENOENT) {
                info(m->ctx, "monitor: no devlink events: this kernel has no devlink");
                return 0;
        }
        if (r < 0)
                return sriov_fail(m->ctx, r, "monitor: resolve devlink's generic netlink family");
        r = reply ? devlink_parse_family(nlmsg_hdr(reply), &m->devlink_family) : -EBADMSG;
        if (r == 0)
                r = devlink_parse_mcast_group(nlmsg_hdr(reply), DEVLINK_GENL_MCGRP_CONFIG_NAME,
                                              &group);
        nlmsg_free(reply);
        if (r < 0)
                return sriov_fail(m->ctx, r, "monitor: devlink's notification group \"%s\"",
                                  DEVLINK_GENL_MCGRP_CONFIG_NAME);
        m->devlink_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
                               NETLINK_GENERIC);
        if (m->devlink_fd < 0)
                return sriov_fail(m->ctx, -errno, "monitor: open generic netlink socket");
        if (setsockopt(m->devlink_fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
                (void)setsockopt(m->devlink_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
        /* Bound first: the kernel sends notifications from port 0, and skips a socket whose
         * port is the sender's, which an unbound socket's 0 is. */
        if (bind(m->devlink_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return sriov_fail(m->ctx, -errno, "monitor: bind generic netlink socket");
        /* Refused (a security module): the rest of the events still come, as without lease
         * events. */
        if (setsockopt(m->devlink_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
                       sizeof(group)) < 0) {
                info(m->ctx, "monitor: no devlink events: join devlink's group \"%s\": %s",
                     DEVLINK_GENL_MCGRP_CONFIG_NAME, strerror(errno));
                close(m->devlink_fd);
                m->devlink_fd = -1;
                return 0;
        }
        r = netlink_kernel_only(m->devlink_fd);
        if (r < 0)
                return sriov_fail(m->ctx, r, "monitor: connect generic netlink socket to the "
                                             "kernel");
        return watch(m, m->devlink_fd);
}

static int open_leases(struct sriov_monitor *m)
{
        const char *dir = sriov_ctx_get_lease_dir(m->ctx);
        char why[256];

        m->ino_fd = -1;
        /* The directory the lease code makes at its first lock; made here too (as root), so
         * that the first lease is seen. */
        if (sriov_private_dir_check(dir, geteuid() == 0, why, sizeof(why)) < 0) {
                info(m->ctx, "monitor: no lease events: lease directory %s: %s", dir, why);
                return 0;
        }
        m->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (m->ino_fd < 0)
                return sriov_fail(m->ctx, -errno, "monitor: inotify");
        if (inotify_add_watch(m->ino_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
                                                      IN_DELETE | IN_ONLYDIR) < 0) {
                info(m->ctx, "monitor: no lease events: watch %s: %s", dir, strerror(errno));
                close(m->ino_fd);
                m->ino_fd = -1;
                return 0;
        }
        return watch(m, m->ino_fd);
}

/* Everything read again, silently: the first reading, and after lost announcements. */
static int read_all(struct sriov_monitor *m)
{
        int r;

        for (size_t i = 0; i < m->n_pfs; i++)
                m->pfs[i].dirty = m->pfs[i].devlink_dirty = true;
        r = list_pfs(m);
        if (r == 0)
                r = read_dirty(m, NULL);
        if (r == 0)
                r = read_leases_diff(m, NULL);
        m->rescan = m->reread_all = false;
        return r;
}

SRIOV_EXPORT int sriov_monitor_new(struct sriov_ctx *ctx, struct sriov_monitor **ret)
{
        struct sriov_monitor *m;
        int r;

        if (!ctx || !ret)
                return -EINVAL;
        m = calloc(1, sizeof(*m));
        if (!m)
                return -ENOMEM;
        m->refcount = 1;
        m->ctx = sriov_ctx_ref(ctx);
        m->epfd = m->rtnl_fd = m->devlink_fd = m->ino_fd = -1;
        m->types = ~0ull;
        event_queue_init(&m->q, QUEUE_MAX);
        m->moved = calloc(MOVED_MAX, sizeof(*m->moved));
        if (!m->moved) {
                sriov_monitor_unref(m);
                return -ENOMEM;
        }
        m->epfd = epoll_create1(EPOLL_CLOEXEC);
        r = m->epfd < 0 ? sriov_fail(ctx, -errno, "monitor: epoll") : 0;
        /* Sockets first, then the reading: a change in between is announced, not missed. */
        if (r == 0)
                r = open_uevents(m);
        if (r == 0)
                r = open_rtnl(m);
        if (r == 0)
                r = open_devlink(m);
        if (r == 0)
                r = open_leases(m);
        if (r == 0)
                r = read_all(m);
        if (r < 0) {
                sriov_monitor_unref(m);
                return r;
        }
        *ret = m;
        return 0;
}

SRIOV_EXPORT struct sriov_monitor *sriov_monitor_ref(struct sriov_monitor *m)
{
        if (m)
                m->refcount++;
        return m;
}

SRIOV_EXPORT struct sriov_monitor *sriov_monitor_unref(struct sriov_monitor *m)
{
        if (!m || --m->refcount > 0)
                return NULL;
        event_queue_clear(&m->q);
        for (size_t i = 0; i < m->n_pfs; i++)
                snap_pf_clear(&m->pfs[i].s);
        free(m->pfs);
        free(m->leases);
        free(m->moved);
        free(m->filter);
        if (m->um)
                udev_monitor_unref(m->um);
        if (m->udev)
                udev_unref(m->udev);
        if (m->rtnl_fd >= 0)
                close(m->rtnl_fd);
        if (m->devlink_fd >= 0)
                close(m->devlink_fd);
        if (m->ino_fd >= 0)
                close(m->ino_fd);
        if (m->epfd >= 0)
                close(m->epfd);
        sriov_ctx_unref(m->ctx);
        free(m);
        return NULL;
}

SRIOV_EXPORT int sriov_monitor_add_pf(struct sriov_monitor *m, const char *name)
{
        struct mon_pf *p;
        char (*f)[64];
        char pfname[64];
        struct sriov_pf *pf;
        struct sriov_pci_addr a;

        if (!m || !name)
                return -EINVAL;
        if (sriov_pf_new_from_name(m->ctx, name, &pf) == 0) {
                copy_str(pfname, sizeof(pfname), sriov_pf_get_name(pf));
                sriov_pf_unref(pf);
        } else if (sriov_pci_addr_parse(name, &a) == 0) {
                /* Not a PF now, by its address: followed for when it comes back. */
                sriov_pci_addr_format(&a, pfname);
        } else if (sriov_netdevsim_name_valid(name)) {
                copy_str(pfname, sizeof(pfname), name);
        } else {
                return sriov_fail_reason(m->ctx, -ENODEV, "no PF has that name",
                                         "monitor: PF \"%.64s\"", name);
        }
        f = realloc(m->filter, (m->n_filter + 1) * sizeof(*f));
        if (!f)
                return -ENOMEM;
        m->filter = f;
        copy_str(m->filter[m->n_filter++], sizeof(*f), pfname);
        /* Followed from now on: a reading left stale while it was not would diff into events
         * of the past. Read it again, silently. */
        p = find_pf(m, pfname);
        if (p && p->stale) {
                struct snap_pf now;
                bool devlink_failed;
                int r = snap_pf_read(m->ctx, p->s.name, &p->s, true, &now, &devlink_failed);

                if (r < 0)
                        return r;
                if (now.truncated && !(p->s.present && p->s.truncated))
                        say_truncated(m, &now);
                p->devlink_dirty = devlink_failed;
                snap_pf_clear(&p->s);
                p->s = now;
                p->stale = false;
        }
        return 0;
}

SRIOV_EXPORT int sriov_monitor_set_types(struct sriov_monitor *m, uint64_t types)
{
        if (!m || (types & ~((1ull << SRIOV_EVENT_TYPES) - 1)))
                return -EINVAL;
        m->types = types | (1ull << SRIOV_EVENT_RESYNC);
        return 0;
}

SRIOV_EXPORT int sriov_monitor_get_fd(const struct sriov_monitor *m)
{
        return m ? m->epfd : -EINVAL;
}

static bool wanted(const struct sriov_monitor *m, const struct sriov_event *e)
{
        if (e->type == SRIOV_EVENT_RESYNC)
                return true;
        if (!(m->types & (1ull << e->type)))
                return false;
        return followed(m, e->pf);
}

static struct sriov_event *take(struct sriov_monitor *m)
{
        struct sriov_event *e;

        while ((e = event_queue_pop(&m->q)) && !wanted(m, e))
                sriov_event_unref(e);
        return e;
}

SRIOV_EXPORT int sriov_monitor_next(struct sriov_monitor *m, struct sriov_event **ret)
{
        int r = 0;

        if (!m || !ret)
                return -EINVAL;
        *ret = take(m);
        if (*ret)
                return 1;
        drain_uevents(m);
        drain_netlink(m, m->rtnl_fd, rtnl_one);
        if (m->devlink_fd >= 0)
                drain_netlink(m, m->devlink_fd, devlink_one);
        if (m->ino_fd >= 0)
                drain_inotify(m);
        if (m->reread_all) {
                r = read_all(m);
                /* Whatever was queued no longer tells the story: one RESYNC. */
                event_queue_push(&m->q, NULL);
        } else {
                if (m->rescan) {
                        m->rescan = false;
                        r = list_pfs(m);
                }
                if (r == 0)
                        r = read_dirty(m, &m->q);
                if (r == 0 && m->leases_dirty)
                        r = read_leases_diff(m, &m->q);
        }
        if (r < 0)
                return r;
        *ret = take(m);
        return *ret ? 1 : 0;
}
