/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Waiting for new VFs to become ready, or for a VF's new driver, on events and under a
 * deadline.
 *
 * Writing sriov_numvfs returns before the VFs are usable: their PCI devices appear, a driver
 * probes them, their netdevs register and udev renames them, all asynchronously (seconds to
 * a minute on real NICs). We subscribe to uevents before the write, then after every event
 * look at sysfs again until everything is there or the deadline passes. With systemd-udevd
 * running we listen to udev's events, which come after its rules ran (so after renames);
 * without it, to the kernel's.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <time.h>

#include <libudev.h>

#include "libsriov-private.h"

bool sriov_udevd_running(struct sriov_ctx *ctx)
{
        if (ctx->udevd_running >= 0)
                return ctx->udevd_running;
        /* What libudev and systemd use to tell whether udevd is up. */
        return access("/run/udev/control", F_OK) == 0;
}

int vf_wait_begin(struct sriov_ctx *ctx, struct vf_waiter *w)
{
        memset(w, 0, sizeof(*w));
        w->ctx = ctx;
        w->use_udev = sriov_udevd_running(ctx);
        w->udev = udev_new();
        if (!w->udev)
                return sriov_fail(ctx, -ENOMEM, "udev: create context");
        w->monitor = udev_monitor_new_from_netlink(w->udev, w->use_udev ? "udev" : "kernel");
        if (w->monitor) {
                /* Every VF adds a pci and a net event, and drivers add more: room for bursts. */
                udev_monitor_set_receive_buffer_size(w->monitor, 8 * 1024 * 1024);
                udev_monitor_filter_add_match_subsystem_devtype(w->monitor, "pci", NULL);
                udev_monitor_filter_add_match_subsystem_devtype(w->monitor, "net", NULL);
                /* VFIO nodes, /dev/vfio/N and /dev/vfio/devices/vfioX, come and go with
                 * binds to vfio-pci. */
                udev_monitor_filter_add_match_subsystem_devtype(w->monitor, "vfio", NULL);
                udev_monitor_filter_add_match_subsystem_devtype(w->monitor, "vfio-dev", NULL);
                if (udev_monitor_enable_receiving(w->monitor) < 0) {
                        udev_monitor_unref(w->monitor);
                        w->monitor = NULL;
                }
        }
        if (!w->monitor)
                info(ctx, "no uevent socket (%s); checking sysfs at intervals instead",
                     strerror(errno));
        return 0;
}

void vf_wait_end(struct vf_waiter *w)
{
        udev_monitor_unref(w->monitor);
        udev_unref(w->udev);
        w->monitor = NULL;
        w->udev = NULL;
}

const char *vf_wait_netdev_missing(struct vf_waiter *w, int dirfd)
{
        char **net = NULL;
        const char *why = NULL;

        if (sysfs_list_dir(dirfd, "net", &net) < 0 || !net[0]) {
                why = "no netdev";
        } else if (w->use_udev) {
                struct udev_device *d =
                        udev_device_new_from_subsystem_sysname(w->udev, "net", net[0]);

                /* udevd writes its database entry after its rules ran, renames included. */
                if (!d || !udev_device_get_is_initialized(d))
                        why = "netdev not yet handled by udev";
                udev_device_unref(d);
        }
        strv_free(net);
        return why;
}

/*
 * Whether udevd has handled the device node @subsystem/@sysname: NULL when it has, or when
 * there is no such device or it has no node, else why not. A device without a node and
 * without properties gets no database entry, so it would never count as initialized: vfio's
 * vfio-dev devices are such before Linux 6.6 gave them a cdev.
 */
static const char *udev_unhandled(struct vf_waiter *w, const char *subsystem, const char *sysname,
                                  bool *exists)
{
        struct udev_device *d = udev_device_new_from_subsystem_sysname(w->udev, subsystem, sysname);
        const char *why = NULL;

        *exists = d != NULL;
        if (d && major(udev_device_get_devnum(d)) != 0 && !udev_device_get_is_initialized(d))
                why = "VFIO device node not yet handled by udev";
        udev_device_unref(d);
        return why;
}

const char *vf_wait_vfio_missing(struct vf_waiter *w, int dirfd, int group)
{
        char name[32];
        char **cdevs = NULL;
        const char *why = NULL;
        bool exists = false;

        /* Without udevd, devtmpfs made the nodes before the bind returned. */
        if (!w->use_udev)
                return NULL;
        /* Their rules (owner, mode for an unprivileged VMM) have run once initialized. The
         * group is "N", or "noiommu-N" in vfio's no-IOMMU mode; kernels built without the
         * legacy group interface have none. */
        if (group >= 0) {
                snprintf(name, sizeof(name), "%d", group);
                why = udev_unhandled(w, "vfio", name, &exists);
                if (!exists) {
                        snprintf(name, sizeof(name), "noiommu-%d", group);
                        why = udev_unhandled(w, "vfio", name, &exists);
                }
        }
        /* The cdev of iommufd (Linux 6.6+): vfio-dev/vfioX. */
        if (!why && sysfs_list_dir(dirfd, "vfio-dev", &cdevs) >= 0) {
                for (char **c = cdevs; *c && !why; c++)
                        why = udev_unhandled(w, "vfio-dev", *c, &exists);
        }
        strv_free(cdevs);
        return why;
}

/* Why VF @index is not ready yet, or NULL when it is. */
static const char *vf_not_ready(struct vf_waiter *w, struct sriov_pf *pf, unsigned int index,
                                bool want_driver, char vf_addr[SRIOV_PCI_ADDR_MAX])
{
        char link[32], driver[64];
        _cleanup_close_ int fd = -1;

        snprintf(link, sizeof(link), "virtfn%u", index);
        snprintf(vf_addr, SRIOV_PCI_ADDR_MAX, "%s", link); /* until the link names it */
        if (sysfs_read_link_name(pf->dirfd, link, vf_addr, SRIOV_PCI_ADDR_MAX) < 0)
                return "no PCI device";
        fd = openat(pf->dirfd, link, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return "no PCI device";
        if (!want_driver)
                return NULL;
        if (sysfs_read_link_name(fd, "driver", driver, sizeof(driver)) < 0)
                return "no driver bound";
        /* A driver that makes no netdev is ready as soon as it is bound. */
        if (sriov_driver_is_passthrough(driver))
                return NULL;
        return vf_wait_netdev_missing(w, fd);
}

/* Drain what the monitor has queued: each event only means "look again". */
static void drain(struct udev_monitor *m)
{
        struct udev_device *d;

        while ((d = udev_monitor_receive_device(m)))
                udev_device_unref(d);
}

/*
 * A signal that interrupts the wait (one whose handler the application installed without
 * SA_RESTART or with it: poll() is never restarted) ends it with -EINTR, so that the caller
 * acts on it now rather than at the deadline; the library installs no handler of its own, as
 * poll-based libraries leave signals to their caller. A put-back (w->through_signals) waits on
 * until it is done or its deadline passes: cut short, it would leave the host half changed.
 */
int vf_wait_until(struct vf_waiter *w, vf_wait_check_fn check, void *data, const char *what)
{
        uint64_t deadline = sriov_now_msec() + w->ctx->timeout_msec;
        char why[512];

        for (;;) {
                int timeout, r;
                struct pollfd p;

                why[0] = '\0';
                r = check(w, data, why, sizeof(why));
                if (r <= 0)
                        return r;

                timeout = (int)(deadline > sriov_now_msec() ? deadline - sriov_now_msec() : 0);
                if (timeout == 0)
                        return sriov_fail_reason(w->ctx, -ETIMEDOUT, why, "%s", what);
                if (!w->monitor) {
                        /* No events to wait on: look again at short intervals, still bounded. */
                        r = poll(NULL, 0, timeout < 50 ? timeout : 50);
                } else {
                        p = (struct pollfd){ .fd = udev_monitor_get_fd(w->monitor),
                                             .events = POLLIN };
                        r = poll(&p, 1, timeout);
                }
                if (r < 0 && errno == EINTR && !w->through_signals)
                        return sriov_fail_reason(w->ctx, -EINTR, "interrupted by a signal",
                                                 "%s", what);
                if (r < 0 && errno != EINTR)
                        return sriov_fail(w->ctx, -errno, "%s: wait for uevents", what);
                if (r > 0 && w->monitor)
                        drain(w->monitor);
        }
}

struct vfs_ready {
        struct sriov_pf *pf;
        unsigned int n;
        bool want_driver;
};

static int check_vfs_ready(struct vf_waiter *w, void *data, char *why, size_t size)
{
        struct vfs_ready *vr = data;
        char missing[384] = "";
        size_t len = 0;
        unsigned int not_ready = 0;

        for (unsigned int i = 0; i < vr->n; i++) {
                char vf[SRIOV_PCI_ADDR_MAX];
                const char *reason = vf_not_ready(w, vr->pf, i, vr->want_driver, vf);

                if (!reason)
                        continue;
                not_ready++;
                if (len < sizeof(missing) - 1)
                        len += (size_t)snprintf(missing + len, sizeof(missing) - len, "%s%s (%s)",
                                                not_ready > 1 ? ", " : "", vf, reason);
        }
        if (not_ready == 0)
                return 0;
        snprintf(why, size, "%u of %u VFs not ready after %u ms: %s", not_ready, vr->n,
                 w->ctx->timeout_msec, missing);
        return 1;
}

/* A netdevsim PF's VFs are ready when its netdev's VF list counts them (IFLA_NUM_VF). */
static int check_vfs_listed(struct vf_waiter *w, void *data, char *why, size_t size)
{
        struct vfs_ready *vr = data;
        struct link_vfs l = { 0 };
        int ifindex = sriov_pf_get_ifindex(vr->pf), r;

        (void)w;
        if (ifindex < 0)
                return ifindex;
        r = sriov_pf_read_link(vr->pf, ifindex, false, &l);
        if (r < 0)
                return r;
        r = l.num_vf == vr->n ? 0 : 1;
        if (r)
                snprintf(why, size, "the VF list of %s counts %u of %u VFs", l.ifname, l.num_vf,
                         vr->n);
        link_vfs_free(&l);
        return r;
}

int vf_wait_ready(struct vf_waiter *w, struct sriov_pf *pf, unsigned int n, bool want_driver)
{
        struct vfs_ready vr = { .pf = pf, .n = n, .want_driver = want_driver };
        char what[SRIOV_PCI_ADDR_MAX + 32];

        snprintf(what, sizeof(what), "PF %s: wait for VFs", pf->name);
        if (pf->kind == SRIOV_PF_KIND_NETDEVSIM) {
                /* No uevent says a VF list grew: look at short intervals until the deadline. */
                struct vf_waiter polling = *w;

                polling.monitor = NULL;
                return vf_wait_until(&polling, check_vfs_listed, &vr, what);
        }
        return vf_wait_until(w, check_vfs_ready, &vr, what);
}
