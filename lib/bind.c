/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Binding a VF to a driver: vfio-pci for a VMM, its host driver, or none.
 *
 * The kernel's way (shared/docs/kernel.md): driver_override names the one driver that may
 * take the device, then the current driver lets go (drivers/<old>/unbind), then
 * drivers_probe binds it; "\n" clears the override for the host driver to come back. The
 * override goes first so that nothing can bind the VF in between, and it stays so that the
 * binding survives a later probe. Neither `bind` alone (silently refused for IDs the driver
 * does not list) nor `new_id` (binds every device with that ID) is used.
 *
 * Taking a VF from its host driver destroys its netdev, so a netdev that is up, or has
 * addresses or routes, is refused unless forced; taking one from vfio-pci while a VMM holds
 * its group would block in the kernel until the VMM lets go, so that is refused too. Every
 * check runs before the first write; a failure after it puts the old driver and override back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

#define KNOWN_FLAGS (SRIOV_FORCE | SRIOV_DRY_RUN)
#define IFF_UP_FLAG 0x1 /* IFF_UP, without <net/if.h> */
#define SYSFS_BUS_PCI "/sys/bus/pci"
/* What sriov_vf_unbind_driver() writes to driver_override: a name no driver has, which the
 * kernel's ABI documentation and driverctl use to keep a device driverless. */
#define OVERRIDE_NONE "none"

struct rebind {
        struct sriov_vf *vf;
        struct sriov_ctx *ctx;
        const char *want;     /* the driver asked for; NULL for the host default or none */
        bool unbind_only;     /* sriov_vf_unbind_driver() */
        char old_driver[64];  /* "" when none is bound */
        char old_override[64]; /* "" when unset */
        const char *new_override; /* NULL to clear */
        char what[128];       /* "bind to vfio-pci (from igbvf)", for messages */
        int busfd;            /* /sys/bus/pci */
        bool override_written, unbound, probed; /* what to put back on failure */
        struct vf_waiter waiter;
};

/* A name that can be a PCI driver's, and a path component under /sys/bus/pci/drivers. */
static bool driver_name_valid(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n >= 64 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
                return false;
        for (const char *p = s; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
                        return false;
        return true;
}

/* The driver bound now, into @buf ("" for none). */
static int read_driver(struct rebind *rb, char *buf, size_t size)
{
        int r = sysfs_read_link_name(rb->vf->dirfd, "driver", buf, size);

        if (r == -ENOENT) {
                buf[0] = '\0';
                return 0;
        }
        if (r < 0)
                return sriov_fail(rb->ctx, r, "VF %s: read driver link", rb->vf->pci);
        return 0;
}

static int read_state(struct rebind *rb)
{
        int r = read_driver(rb, rb->old_driver, sizeof(rb->old_driver));

        if (r < 0)
                return r;
        r = sysfs_read_str(rb->vf->dirfd, "driver_override", rb->old_override,
                           sizeof(rb->old_override));
        if (r == -ENOENT)
                return sriov_fail_reason(rb->ctx, -EOPNOTSUPP,
                                         "this kernel has no driver_override (Linux 3.16+)",
                                         "VF %s: %s", rb->vf->pci, rb->what);
        if (r < 0)
                return sriov_fail(rb->ctx, r, "VF %s: read driver_override", rb->vf->pci);
        if (strcmp(rb->old_override, "(null)") == 0)
                rb->old_override[0] = '\0';
        return 0;
}

static int write_attr(struct rebind *rb, int dirfd, const char *attr, const char *value)
{
        int r = sysfs_write_attr(rb->ctx, dirfd, rb->vf->pci, attr, value);

        if (r < 0)
                return sriov_fail(rb->ctx, r, "VF %s: %s: write %s \"%s\"", rb->vf->pci, rb->what,
                                  attr, strcmp(value, "\n") ? value : "\\n");
        return 0;
}

static int write_override(struct rebind *rb, const char *value)
{
        /* "\n" clears it: the kernel strips one newline and takes the empty rest as unset. */
        return write_attr(rb, rb->vf->dirfd, "driver_override", value ? value : "\n");
}

static int write_unbind(struct rebind *rb, const char *driver)
{
        char attr[sizeof("drivers//unbind") + 64];

        snprintf(attr, sizeof(attr), "drivers/%s/unbind", driver);
        return write_attr(rb, rb->busfd, attr, rb->vf->pci);
}

static int write_probe(struct rebind *rb)
{
        return write_attr(rb, rb->busfd, "drivers_probe", rb->vf->pci);
}

static bool is_network_function(struct sriov_vf *vf)
{
        char buf[16];
        unsigned long class;

        if (sysfs_read_str(vf->dirfd, "class", buf, sizeof(buf)) < 0)
                return false;
        class = strtoul(buf, NULL, 16);
        return (class >> 16) == 0x02; /* PCI base class 02h: network controller */
}

/* ---- in use by the host, or by a VMM ---------------------------------------------------- */

/* 1 when a netdev of the VF is up or carries addresses or routes, with @why saying which. */
static int host_stack_use(struct rebind *rb, char *why, size_t size)
{
        struct sriov_vf *vf = rb->vf;
        char **net = NULL;
        int r;

        r = sysfs_list_dir(vf->dirfd, "net", &net);
        if (r < 0)
                return sriov_fail(rb->ctx, r, "VF %s: list net/", vf->pci);
        r = 0;
        for (char **n = net; *n && r == 0; n++) {
                char attr[sizeof("net//ifindex") + SRIOV_IFNAME_MAX], buf[32];
                struct if_usage u;
                int ifindex;

                snprintf(attr, sizeof(attr), "net/%s/flags", *n);
                if (sysfs_read_str(vf->dirfd, attr, buf, sizeof(buf)) >= 0 &&
                    (strtoul(buf, NULL, 16) & IFF_UP_FLAG)) {
                        snprintf(why, size, "its netdev %s is up; take it down", *n);
                        r = 1;
                        break;
                }
                snprintf(attr, sizeof(attr), "net/%s/ifindex", *n);
                if (sysfs_read_int(vf->dirfd, attr, &ifindex) < 0 || ifindex <= 0)
                        continue; /* gone meanwhile */
                r = netlink_get_if_usage(rb->ctx, ifindex, &u);
                if (r < 0) {
                        sriov_fail(rb->ctx, r, "VF %s: %s: read addresses and routes of %s",
                                   vf->pci, rb->what, *n);
                        break;
                }
                if (u.addrs || u.routes) {
                        snprintf(why, size, "its netdev %s has %s (%u address%s, %u route%s); "
                                 "remove them",
                                 *n, u.first, u.addrs, u.addrs == 1 ? "" : "es", u.routes,
                                 u.routes == 1 ? "" : "s");
                        r = 1;
                }
        }
        strv_free(net);
        return r;
}

/*
 * 1 when a process holds the VF's VFIO group open. The legacy group node admits one opener
 * at a time, so our own open fails with EBUSY exactly then. Releasing the VF from vfio-pci
 * meanwhile would block in the kernel until that process lets go.
 */
static int vfio_group_use(struct rebind *rb, char *why, size_t size)
{
        static const char *const names[] = { "%d", "noiommu-%d" }; /* vfio's no-IOMMU mode */
        char name[32], path[64];
        int fd;

        if (rb->vf->iommu_group < 0)
                return 0;
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                snprintf(name, sizeof(name), names[i], rb->vf->iommu_group);
                /* No group device, no node to hold (and no need to touch /dev at all). */
                snprintf(path, sizeof(path), "/sys/class/vfio/%s", name);
                if (access(path, F_OK) < 0)
                        continue;
                snprintf(path, sizeof(path), "/dev/vfio/%s", name);
                fd = open(path, O_RDWR | O_CLOEXEC);
                if (fd >= 0) {
                        close(fd);
                        return 0;
                }
                if (errno != EBUSY) {
                        dbg(rb->ctx, "VF %s: open %s: %s; taken as not in use", rb->vf->pci, path,
                            strerror(errno));
                        return 0;
                }
                snprintf(why, size, "its VFIO group %s is open (a VMM holds it), and the "
                         "kernel would wait for it to let go; close it",
                         path);
                return 1;
        }
        return 0;
}

static int check_not_in_use(struct rebind *rb, unsigned int flags)
{
        char why[256], reason[300];
        int r;

        if (!rb->old_driver[0])
                return 0;
        if (sriov_driver_is_passthrough(rb->old_driver))
                r = vfio_group_use(rb, why, sizeof(why));
        else
                r = host_stack_use(rb, why, sizeof(why));
        if (r <= 0)
                return r;
        if (flags & SRIOV_FORCE) {
                info(rb->ctx, "VF %s: %s although %s, as forced", rb->vf->pci, rb->what, why);
                return 0;
        }
        snprintf(reason, sizeof(reason), "in use: %s, or force", why);
        return sriov_fail_reason(rb->ctx, -EBUSY, reason, "VF %s: %s", rb->vf->pci, rb->what);
}

/* ---- the driver asked for ----------------------------------------------------------------- */

static bool driver_loaded(struct rebind *rb, const char *driver)
{
        char path[sizeof("drivers/") + 64];

        snprintf(path, sizeof(path), "drivers/%s", driver);
        return faccessat(rb->busfd, path, F_OK, 0) == 0;
}

/* A driver that is not loaded is loaded, as driverctl and modprobe would. */
static int ensure_driver(struct rebind *rb, bool dry_run)
{
        char reason[192];
        int r;

        if (driver_loaded(rb, rb->want))
                return 0;
        r = rb->ctx->kmod_load(rb->ctx, rb->want, dry_run);
        if (r == 0 && (dry_run || driver_loaded(rb, rb->want)))
                return 0;
        if (r == 0)
                snprintf(reason, sizeof(reason),
                         "module %s is loaded but made no PCI driver of that name", rb->want);
        else if (r == -ENOENT)
                snprintf(reason, sizeof(reason),
                         "no driver %s is loaded and no module has that name (modprobe %s)",
                         rb->want, rb->want);
        else
                snprintf(reason, sizeof(reason), "loading module %s failed: %s (modprobe %s)",
                         rb->want, strerror(-r), rb->want);
        return sriov_fail_reason(rb->ctx, -ENOENT, reason, "VF %s: %s", rb->vf->pci, rb->what);
}

static bool pf_autoprobe(struct rebind *rb)
{
        unsigned int v = 1;

        /* Kernels before 4.12 have no such file: they always probe. */
        (void)sysfs_read_uint(rb->vf->pf->dirfd, "sriov_drivers_autoprobe", &v);
        return v != 0;
}

/* With the override cleared and nothing bound: the module udev would load for the VF. */
static void load_host_module(struct rebind *rb)
{
        char alias[256];

        if (sysfs_read_str(rb->vf->dirfd, "modalias", alias, sizeof(alias)) <= 0)
                return;
        if (rb->ctx->kmod_load(rb->ctx, alias, false) < 0)
                dbg(rb->ctx, "VF %s: no module for %s", rb->vf->pci, alias);
}

struct bound_wait {
        struct rebind *rb;
        const char *driver; /* wait for this one; NULL for none */
};

/* The driver is bound, and what it makes for its user (a netdev, a VFIO node) is ready. */
static int check_bound(struct vf_waiter *w, void *data, char *why, size_t size)
{
        struct bound_wait *bw = data;
        struct sriov_vf *vf = bw->rb->vf;
        char drv[64];
        const char *missing;

        if (sysfs_read_link_name(vf->dirfd, "driver", drv, sizeof(drv)) < 0)
                drv[0] = '\0';
        if (strcmp(drv, bw->driver ? bw->driver : "") != 0) {
                if (drv[0])
                        snprintf(why, size, "bound to %s after %u ms", drv, w->ctx->timeout_msec);
                else
                        snprintf(why, size, "no driver bound after %u ms", w->ctx->timeout_msec);
                return 1;
        }
        if (!drv[0])
                return 0;
        if (strcmp(drv, "vfio-pci") == 0)
                missing = vf_wait_vfio_missing(w, vf->dirfd, vf->iommu_group);
        else if (!sriov_driver_is_passthrough(drv) && is_network_function(vf))
                missing = vf_wait_netdev_missing(w, vf->dirfd);
        else
                missing = NULL;
        if (!missing)
                return 0;
        snprintf(why, size, "%s: %s after %u ms", drv, missing, w->ctx->timeout_msec);
        return 1;
}

static int wait_bound(struct rebind *rb, const char *driver)
{
        struct bound_wait bw = { .rb = rb, .driver = driver };
        char what[sizeof(rb->what) + SRIOV_PCI_ADDR_MAX + 8];

        snprintf(what, sizeof(what), "VF %s: %s", rb->vf->pci, rb->what);
        return vf_wait_until(&rb->waiter, check_bound, &bw, what);
}

/*
 * drivers_probe probes synchronously, so @now, read right after it, is the kernel's answer:
 * @want bound, or a failure at once rather than at the deadline. Then wait for what @want
 * makes for its user.
 */
static int expect_driver(struct rebind *rb, const char *want, const char *now)
{
        char reason[160];

        if (strcmp(now, want) == 0)
                return wait_bound(rb, want);
        snprintf(reason, sizeof(reason), "%s did not take it (%s; see the kernel log)", want,
                 now[0] ? "another driver did" : "its probe refused the device");
        return sriov_fail_reason(rb->ctx, -EIO, reason, "VF %s: %s", rb->vf->pci, rb->what);
}

/* ---- the change, and putting it back -------------------------------------------------------- */

static bool same_override(const char *now, const char *value)
{
        return strcmp(now, value ? value : "") == 0;
}

static int rebind(struct rebind *rb)
{
        char now[64];
        int r;

        if (!same_override(rb->old_override, rb->new_override)) {
                r = write_override(rb, rb->new_override);
                if (r < 0)
                        return r;
                rb->override_written = true;
        }
        if (rb->old_driver[0]) {
                r = write_unbind(rb, rb->old_driver);
                if (r < 0)
                        return r;
                rb->unbound = true;
        }
        if (rb->unbind_only)
                return wait_bound(rb, NULL);

        r = write_probe(rb);
        if (r < 0)
                return r;
        rb->probed = true;
        /* drivers_probe probes synchronously: whatever is bound now is the kernel's answer. */
        r = read_driver(rb, now, sizeof(now));
        if (r < 0)
                return r;
        if (!rb->want && !now[0] && pf_autoprobe(rb)) {
                /* Nothing took it; udev would have loaded a module on the VF's arrival. */
                load_host_module(rb);
                r = write_probe(rb);
                if (r == 0)
                        r = read_driver(rb, now, sizeof(now));
                if (r < 0)
                        return r;
                if (!now[0])
                        info(rb->ctx, "VF %s: no host driver took it; it stays without one",
                             rb->vf->pci);
        }
        return rb->want ? expect_driver(rb, rb->want, now) : wait_bound(rb, now[0] ? now : NULL);
}

/* Put back the driver and override found at the start. Errors join the first message. */
static void roll_back(struct rebind *rb)
{
        struct sriov_ctx *ctx = rb->ctx;
        char original[sizeof(ctx->error)], now[64] = "";
        int r = 0;

        snprintf(original, sizeof(original), "%s", ctx->error);
        snprintf(rb->what, sizeof(rb->what), "put back %s",
                 rb->old_driver[0] ? rb->old_driver : "no driver");
        if (rb->override_written)
                r = write_override(rb, rb->old_override[0] ? rb->old_override : NULL);
        if (r == 0)
                r = read_driver(rb, now, sizeof(now));
        if (r == 0 && strcmp(now, rb->old_driver) != 0) {
                if (now[0])
                        r = write_unbind(rb, now);
                if (r == 0 && rb->old_driver[0]) {
                        r = write_probe(rb);
                        if (r == 0)
                                r = read_driver(rb, now, sizeof(now));
                        if (r == 0)
                                r = expect_driver(rb, rb->old_driver, now);
                }
        }
        if (r == 0) {
                snprintf(ctx->error, sizeof(ctx->error), "%s", original);
                if (!rb->override_written && !rb->unbound && !rb->probed)
                        return; /* nothing had changed */
                sriov_error_append(ctx, "; put back %s",
                                   rb->old_driver[0] ? rb->old_driver : "no driver");
                if (rb->override_written)
                        sriov_error_append(ctx, " with driver_override %s",
                                           rb->old_override[0] ? rb->old_override : "unset");
        } else {
                char later[sizeof(ctx->error)];

                snprintf(later, sizeof(later), "%s", ctx->error);
                snprintf(ctx->error, sizeof(ctx->error), "%s", original);
                sriov_error_append(ctx, "; putting back %s failed too: %s",
                                   rb->old_driver[0] ? rb->old_driver : "no driver", later);
        }
}

/* Whether the VF is already as asked. */
static bool already_there(struct rebind *rb)
{
        if (rb->unbind_only)
                return !rb->old_driver[0] && strcmp(rb->old_override, OVERRIDE_NONE) == 0;
        if (rb->want)
                return strcmp(rb->old_driver, rb->want) == 0;
        /* The host default: no override, and the driver the kernel chose (or none, when the
         * PF keeps its VFs from drivers). */
        if (rb->old_override[0])
                return false;
        if (rb->old_driver[0])
                return !sriov_driver_is_passthrough(rb->old_driver);
        return !pf_autoprobe(rb);
}

static void describe(struct rebind *rb)
{
        const char *from = rb->old_driver[0] ? rb->old_driver : "no driver";

        if (rb->unbind_only)
                snprintf(rb->what, sizeof(rb->what), "unbind from %s", from);
        else if (rb->want)
                snprintf(rb->what, sizeof(rb->what), "bind to %s (from %s)", rb->want, from);
        else
                snprintf(rb->what, sizeof(rb->what), "give back to the host driver (from %s)",
                         from);
}

static int change_driver(struct sriov_vf *vf, const char *driver, bool unbind_only,
                         unsigned int flags)
{
        struct rebind rb = { .vf = vf, .want = driver, .unbind_only = unbind_only, .busfd = -1 };
        int r, r2;

        if (!vf)
                return -EINVAL;
        rb.ctx = vf->pf->ctx;
        rb.new_override = unbind_only ? OVERRIDE_NONE : driver;
        if (unbind_only)
                snprintf(rb.what, sizeof(rb.what), "unbind");
        else if (driver)
                snprintf(rb.what, sizeof(rb.what), "bind to %.64s", driver);
        else
                snprintf(rb.what, sizeof(rb.what), "give back to the host driver");
        if (flags & ~KNOWN_FLAGS)
                return sriov_fail_reason(rb.ctx, -EINVAL, "unknown flags", "VF %s: %s", vf->pci,
                                         rb.what);
        if (driver && !driver_name_valid(driver))
                return sriov_fail_reason(rb.ctx, -EINVAL,
                                         "not a driver name (letters, digits, - _ .)",
                                         "VF %s: bind to \"%s\"", vf->pci, driver);
        r = read_state(&rb);
        if (r < 0)
                return r;
        describe(&rb);
        if (already_there(&rb)) {
                dbg(rb.ctx, "VF %s: %s: already so", vf->pci, rb.what);
                return 0;
        }
        rb.busfd = open(SYSFS_BUS_PCI, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (rb.busfd < 0)
                return sriov_fail(rb.ctx, -errno, "VF %s: open " SYSFS_BUS_PCI, vf->pci);
        r = driver ? ensure_driver(&rb, flags & SRIOV_DRY_RUN) : 0;
        if (r == 0)
                r = check_not_in_use(&rb, flags);
        if (r < 0 || (flags & SRIOV_DRY_RUN))
                goto out;

        /* Subscribe before the first write, so that no event is missed. */
        r = vf_wait_begin(rb.ctx, &rb.waiter);
        if (r < 0)
                goto out;
        r = rebind(&rb);
        if (r < 0)
                roll_back(&rb);
        vf_wait_end(&rb.waiter);
        /* Read the VF again either way: its getters show what the kernel has now. */
        r2 = sriov_vf_reread(vf);
        if (r == 0 && r2 < 0)
                r = r2;
out:
        close(rb.busfd);
        return r < 0 ? r : 1;
}

SRIOV_EXPORT int sriov_vf_bind_driver(struct sriov_vf *vf, const char *driver,
                                      unsigned int flags)
{
        return change_driver(vf, driver, false, flags);
}

SRIOV_EXPORT int sriov_vf_unbind_driver(struct sriov_vf *vf, unsigned int flags)
{
        return change_driver(vf, NULL, true, flags);
}
