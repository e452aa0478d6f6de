/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Binding a VF to a driver: vfio-pci for a VMM, its host driver, or none.
 *
 * The kernel's way (docs/kernel.md): driver_override names the one driver that may
 * take the device, then the current driver lets go (drivers/<old>/unbind), then
 * drivers_probe binds it; "\n" clears the override for the host driver to come back. The
 * override goes first so that nothing can bind the VF in between, and it stays so that the
 * binding survives a later probe. Neither `bind` alone (silently refused for IDs the driver
 * does not list) nor `new_id` (binds every device with that ID) is used.
 *
 * Taking a VF from its host driver destroys its netdev, so a netdev that is up, or has
 * addresses or routes, is refused unless forced; taking one from vfio-pci while a VMM holds
 * its group or cdev would block in the kernel until the VMM lets go, with no deadline, so that
 * is refused even when forced. A leased VF is its holder's (lease.c). Every check runs before
 * the first write; a failure after it puts the old driver and override back, through the one
 * routine that puts a VF's binding back (also for leases and for every VF of a PF at once).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

#define KNOWN_FLAGS (SRIOV_FORCE | SRIOV_DRY_RUN | SRIOV_LEASES_SAID)
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
        int dirfd;            /* the VF's sysfs directory, for this change */
        bool override_written, unbound, probed; /* what to put back on failure */
        struct vf_waiter waiter;
};

/* The driver bound now, into @buf ("" for none). */
static int read_driver(struct rebind *rb, char *buf, size_t size)
{
        int r = sysfs_read_link_name(rb->dirfd, "driver", buf, size);

        if (r == -ENOENT) {
                buf[0] = '\0';
                return 0;
        }
        if (r < 0)
                return sriov_fail(rb->ctx, r, "VF %s: read driver link", rb->vf->label);
        return 0;
}

static int read_state(struct rebind *rb)
{
        int r = read_driver(rb, rb->old_driver, sizeof(rb->old_driver));

        if (r < 0)
                return r;
        r = sysfs_read_str(rb->dirfd, "driver_override", rb->old_override,
                           sizeof(rb->old_override));
        if (r == -ENOENT)
                return sriov_fail_reason(rb->ctx, -EOPNOTSUPP,
                                         "this kernel has no driver_override (Linux 3.16+)",
                                         "VF %s: %s", rb->vf->label, rb->what);
        if (r < 0)
                return sriov_fail(rb->ctx, r, "VF %s: read driver_override", rb->vf->label);
        if (strcmp(rb->old_override, "(null)") == 0)
                rb->old_override[0] = '\0';
        return 0;
}

static int write_attr(struct rebind *rb, int dirfd, const char *attr, const char *value)
{
        int r = sysfs_write_attr(rb->ctx, dirfd, rb->vf->pci, attr, value);

        if (r < 0)
                return sriov_fail(rb->ctx, r, "VF %s: %s: write %s \"%s\"", rb->vf->label, rb->what,
                                  attr, strcmp(value, "\n") ? value : "\\n");
        return 0;
}

static int write_override(struct rebind *rb, const char *value)
{
        /* "\n" clears it: the kernel strips one newline and takes the empty rest as unset. */
        return write_attr(rb, rb->dirfd, "driver_override", value ? value : "\n");
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

static bool is_network_function(int dirfd)
{
        char buf[16];
        unsigned long class;

        if (sysfs_read_str(dirfd, "class", buf, sizeof(buf)) < 0)
                return false;
        class = strtoul(buf, NULL, 16);
        return (class >> 16) == 0x02; /* PCI base class 02h: network controller */
}

/* ---- in use by the host, or by a VMM ---------------------------------------------------- */

/*
 * Taking a VF from vfio-pci (or a variant) while a process holds its VFIO group or cdev open
 * blocks in the kernel until that process lets go, with no deadline: refused even when forced,
 * since forcing it would only hang.
 */
static int check_not_held(struct rebind *rb)
{
        char holders[192], reason[448];
        int r;

        if (!sriov_driver_is_vfio(rb->old_driver))
                return 0;
        r = vfio_holders(rb->vf, holders, sizeof(holders));
        if (r <= 0)
                return r;
        snprintf(reason, sizeof(reason),
                 "its VFIO node is held open by %s; the kernel would wait for %s to let go, "
                 "without end, so not even force goes ahead; stop %s first",
                 holders, r > 1 ? "them" : "it", r > 1 ? "them" : "it");
        return sriov_fail_reason(rb->ctx, -EBUSY, reason, "VF %s: %s", rb->vf->label, rb->what);
}

/* Who uses the VF that this change takes from them: a lease's holder, and the host's network
 * stack while the VF is on a host driver, whose netdev goes with it. */
static int check_users(struct rebind *rb, unsigned int flags)
{
        bool host_driver = rb->old_driver[0] && !sriov_driver_is_passthrough(rb->old_driver);
        struct vf_change c = { .pf = rb->vf->pf, .vf = rb->vf, .flags = flags,
                               .users = host_driver ? VF_USERS_HOST_STACK : VF_USERS_LEASE,
                               .what = rb->what };

        return vf_users_guard(&c);
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
        else if (r == -ENOPKG) /* libkmod itself is missing: the context's error says */
                snprintf(reason, sizeof(reason), "%s (modprobe %s)",
                         sriov_ctx_get_error(rb->ctx), rb->want);
        else
                snprintf(reason, sizeof(reason), "loading module %s failed: %s (modprobe %s)",
                         rb->want, strerror(-r), rb->want);
        return sriov_fail_reason(rb->ctx, -ENOENT, reason, "VF %s: %s", rb->vf->label, rb->what);
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

        if (sysfs_read_str(rb->dirfd, "modalias", alias, sizeof(alias)) <= 0)
                return;
        if (rb->ctx->kmod_load(rb->ctx, alias, false) < 0)
                dbg(rb->ctx, "VF %s: no module for %s", rb->vf->label, alias);
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

        if (sysfs_read_link_name(bw->rb->dirfd, "driver", drv, sizeof(drv)) < 0)
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
                missing = vf_wait_vfio_missing(w, bw->rb->dirfd, vf->iommu_group);
        else if (!sriov_driver_is_passthrough(drv) && is_network_function(bw->rb->dirfd))
                missing = vf_wait_netdev_missing(w, bw->rb->dirfd);
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
        char what[sizeof(rb->what) + VF_LABEL_MAX + 8];

        snprintf(what, sizeof(what), "VF %s: %s", rb->vf->label, rb->what);
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
        return sriov_fail_reason(rb->ctx, -EIO, reason, "VF %s: %s", rb->vf->label, rb->what);
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
                             rb->vf->label);
        }
        return rb->want ? expect_driver(rb, rb->want, now) : wait_bound(rb, now[0] ? now : NULL);
}

static int write_bind(struct rebind *rb, const char *driver)
{
        char attr[sizeof("drivers//bind") + 64];

        snprintf(attr, sizeof(attr), "drivers/%s/bind", driver);
        return write_attr(rb, rb->busfd, attr, rb->vf->pci);
}

/*
 * Put the VF on rb->old_driver with rb->old_override, whatever it has now: the one way this
 * library puts a binding back, after a failed change, a lease, or one VF of many. A driver
 * that took the VF other than by its ID table or an override (new_id, a bind by hand) does not
 * come back through drivers_probe: it is asked through its own bind file.
 */
static int put_back(struct rebind *rb)
{
        char now[64] = "", override[64];
        int r;

        snprintf(rb->what, sizeof(rb->what), "put back %s",
                 rb->old_driver[0] ? rb->old_driver : "no driver");
        r = sysfs_read_str(rb->dirfd, "driver_override", override, sizeof(override));
        if (r >= 0 && strcmp(override, "(null)") == 0)
                override[0] = '\0';
        if (r < 0 || strcmp(override, rb->old_override) != 0) {
                r = write_override(rb, rb->old_override[0] ? rb->old_override : NULL);
                if (r < 0)
                        return r;
        }
        r = read_driver(rb, now, sizeof(now));
        if (r < 0 || strcmp(now, rb->old_driver) == 0)
                return r;
        if (now[0]) {
                r = write_unbind(rb, now);
                if (r < 0)
                        return r;
        }
        if (!rb->old_driver[0])
                return 0;
        r = write_probe(rb);
        if (r == 0)
                r = read_driver(rb, now, sizeof(now));
        if (r == 0 && !now[0] && !rb->old_override[0] && driver_loaded(rb, rb->old_driver)) {
                r = write_bind(rb, rb->old_driver);
                if (r == 0)
                        r = read_driver(rb, now, sizeof(now));
        }
        return r < 0 ? r : expect_driver(rb, rb->old_driver, now);
}

/* Put back the driver and override found at the start. Errors join the first message. */
static void roll_back(struct rebind *rb)
{
        struct error_frame f;
        int r;

        error_frame_save(rb->ctx, &f);
        rb->waiter.through_signals = true; /* a put-back: not cut short by a signal */
        r = put_back(rb);
        if (r == 0 && !rb->override_written && !rb->unbound && !rb->probed) {
                error_frame_end(rb->ctx, &f, 0, NULL); /* nothing had changed */
                return;
        }
        if (r < 0 || !rb->override_written)
                error_frame_end(rb->ctx, &f, r, "put back %s",
                                rb->old_driver[0] ? rb->old_driver : "no driver");
        else
                error_frame_end(rb->ctx, &f, r, "put back %s with driver_override %s",
                                rb->old_driver[0] ? rb->old_driver : "no driver",
                                rb->old_override[0] ? rb->old_override : "unset");
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

/* What can be checked and refused before anything is written. */
static int check_change(struct rebind *rb, unsigned int flags)
{
        struct sriov_vf *vf = rb->vf;
        int r;

        rb->busfd = open(SYSFS_BUS_PCI, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (rb->busfd < 0)
                return sriov_fail(rb->ctx, -errno, "VF %s: open " SYSFS_BUS_PCI, vf->label);
        /* A VMM holding it first: not even force goes past it, nor breaks a lease for it. */
        r = sriov_driver_is_passthrough(rb->old_driver) ? check_not_held(rb) : 0;
        if (r == 0)
                r = check_users(rb, flags);
        if (r == 0 && rb->want)
                r = ensure_driver(rb, flags & SRIOV_DRY_RUN);
        return r;
}

/* Write the change and wait for it, putting the binding back when a step fails. */
static int carry_out(struct rebind *rb, int (*step)(struct rebind *rb))
{
        int r, r2;

        /* Subscribe before the first write, so that no event is missed. */
        r = vf_wait_begin(rb->ctx, &rb->waiter);
        if (r < 0)
                return r;
        /* A put-back (vf_binding_restore()) is not cut short by a signal. */
        rb->waiter.through_signals = step == put_back;
        r = step(rb);
        if (r < 0 && step == rebind)
                roll_back(rb);
        vf_wait_end(&rb->waiter);
        /* Read the VF again either way: its getters show what the kernel has now. */
        r2 = sriov_vf_reread(rb->vf);
        return r < 0 ? r : r2;
}

static int change_driver(struct sriov_vf *vf, const char *driver, bool unbind_only,
                         unsigned int flags)
{
        struct rebind rb = { .vf = vf, .want = driver, .unbind_only = unbind_only, .busfd = -1,
                             .dirfd = -1 };
        bool locked = false;
        int r;

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
                return sriov_fail_reason(rb.ctx, -EINVAL, "unknown flags", "VF %s: %s", vf->label,
                                         rb.what);
        r = vf_need_pci(vf, rb.what);
        if (r < 0)
                return r;
        if (driver && !sriov_driver_name_valid(driver))
                return sriov_fail_reason(rb.ctx, -EINVAL,
                                         "not a driver name (letters, digits, - _ .)",
                                         "VF %s: bind to \"%s\"", vf->label, driver);
        /* Decide on what the kernel shows once no other change can come in between. */
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(rb.ctx);
                if (r < 0)
                        return r;
                locked = true;
        }
        rb.dirfd = sriov_vf_open_dir(vf);
        r = rb.dirfd < 0 ? rb.dirfd : read_state(&rb);
        if (r < 0)
                goto out;
        describe(&rb);
        if (already_there(&rb)) {
                dbg(rb.ctx, "VF %s: %s: already so", vf->label, rb.what);
                goto out;
        }
        r = check_change(&rb, flags);
        if (r == 0 && !(flags & SRIOV_DRY_RUN))
                r = carry_out(&rb, rebind);
        if (r == 0)
                r = 1;
out:
        if (rb.busfd >= 0)
                close(rb.busfd);
        if (rb.dirfd >= 0)
                close(rb.dirfd);
        if (locked)
                host_unlock(rb.ctx);
        return r;
}

SRIOV_EXPORT int sriov_vf_bind_driver(struct sriov_vf *vf, const char *driver,
                                      unsigned int flags)
{
        return change_driver(vf, driver, false, flags & SRIOV_LEASES_SAID ? ~0u : flags);
}

SRIOV_EXPORT int sriov_vf_unbind_driver(struct sriov_vf *vf, unsigned int flags)
{
        return change_driver(vf, NULL, true, flags & SRIOV_LEASES_SAID ? ~0u : flags);
}

/* ---- a binding put back, and every VF of a PF at once --------------------------------------- */

int vf_binding_restore(struct sriov_vf *vf, const struct vf_binding *b, unsigned int flags)
{
        struct rebind rb = { .vf = vf, .ctx = vf->pf->ctx, .busfd = -1, .dirfd = -1 };
        int r;

        r = host_lock(rb.ctx);
        if (r < 0)
                return r;
        /* What it has now decides the checks; put_back() then takes rb's old_* as its goal. */
        rb.dirfd = sriov_vf_open_dir(vf);
        r = rb.dirfd < 0 ? rb.dirfd : read_state(&rb);
        if (r < 0)
                goto out;
        if (strcmp(rb.old_driver, b->driver) == 0 && strcmp(rb.old_override, b->override) == 0)
                goto out;
        snprintf(rb.what, sizeof(rb.what), "put back %s", b->driver[0] ? b->driver : "no driver");
        r = check_change(&rb, flags | SRIOV_FORCE);
        if (r == 0) {
                snprintf(rb.old_driver, sizeof(rb.old_driver), "%s", b->driver);
                snprintf(rb.old_override, sizeof(rb.old_override), "%s", b->override);
                r = carry_out(&rb, put_back);
        }
        if (r == 0)
                r = 1;
out:
        if (rb.busfd >= 0)
                close(rb.busfd);
        if (rb.dirfd >= 0)
                close(rb.dirfd);
        host_unlock(rb.ctx);
        return r;
}

static void binding_of(struct sriov_vf *vf, struct vf_binding *b)
{
        snprintf(b->driver, sizeof(b->driver), "%s", vf->driver ? vf->driver : "");
        snprintf(b->override, sizeof(b->override), "%s",
                 sriov_vf_get_driver_override(vf) ? sriov_vf_get_driver_override(vf) : "");
}

/* The VFs a change of them all found in use, each as its own refusal said it. */
struct busy_vfs {
        char text[400];
        size_t len;
        unsigned int n, said;
};

static void busy_add(struct busy_vfs *b, const char *refusal)
{
        size_t need = strlen(refusal) + (b->said ? 2 : 0);

        b->n++;
        /* The first is named whatever its length (cut, if it must be); the rest while they
         * fit, then counted in "and N more". */
        if (b->said && b->len + need >= sizeof(b->text))
                return;
        snprintf(b->text + b->len, sizeof(b->text) - b->len, "%s%s", b->said ? "; " : "",
                 refusal);
        b->len = strlen(b->text);
        b->said++;
}

static int busy_fail(struct sriov_pf *pf, const struct busy_vfs *b, const char *driver,
                     bool unbind_only)
{
        char reason[sizeof(b->text) + 96], what[96];

        snprintf(reason, sizeof(reason), "%u VF%s in use: %s", b->n, b->n > 1 ? "s" : "",
                 b->text);
        if (b->n > b->said)
                snprintf(reason + strlen(reason), sizeof(reason) - strlen(reason),
                         "; and %u more", b->n - b->said);
        if (unbind_only)
                snprintf(what, sizeof(what), "unbind every VF");
        else
                snprintf(what, sizeof(what), "bind every VF to %s",
                         driver ? driver : "its default driver");
        return sriov_fail_reason(pf->ctx, -EBUSY, reason, "PF %s: %s", pf->name, what);
}

/* Every VF of @pf on @driver (or none, with @unbind_only), all or nothing. */
static int change_all(struct sriov_pf *pf, const char *driver, bool unbind_only,
                      unsigned int flags)
{
        unsigned int n = pf->st.num_vfs, changed = 0, i = 0;
        struct busy_vfs busy = { 0 };
        struct vf_binding *before = NULL;
        bool *did = NULL;
        int r = 0;

        if (flags & ~(SRIOV_FORCE | SRIOV_DRY_RUN))
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags",
                                         "PF %s: bind every VF", pf->name);
        before = calloc(n ? n : 1, sizeof(*before));
        did = calloc(n ? n : 1, sizeof(*did));
        if (!before || !did) {
                r = -ENOMEM;
                goto out;
        }
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(pf->ctx);
                if (r < 0)
                        goto out;
        }
        /* Every VF is checked first, so that a refusal changes nothing and names every VF in
         * use; one VF object at a time, so that a thousand VFs hold no thousand directories
         * open. Forced, the warnings are said once, by the change itself (or here, in a dry
         * run, which makes no change). */
        for (i = 0; i < n && r >= 0; i++) {
                struct sriov_vf *vf;

                r = sriov_pf_get_vf(pf, i, &vf);
                if (r < 0)
                        break;
                binding_of(vf, &before[i]);
                r = change_driver(vf, driver, unbind_only,
                                  flags | SRIOV_DRY_RUN |
                                          (flags & SRIOV_FORCE && !(flags & SRIOV_DRY_RUN)
                                                   ? SRIOV_LEASES_SAID
                                                   : 0));
                did[i] = r == 1;
                sriov_vf_unref(vf);
                if (r == -EBUSY) {
                        busy_add(&busy, sriov_ctx_get_error(pf->ctx));
                        r = 0;
                }
        }
        if (r >= 0 && busy.n > 0)
                r = busy_fail(pf, &busy, driver, unbind_only);
        for (i = 0; i < n && r >= 0 && !(flags & SRIOV_DRY_RUN); i++) {
                struct sriov_vf *vf;

                if (!did[i])
                        continue;
                r = sriov_pf_get_vf(pf, i, &vf);
                if (r == 0) {
                        r = change_driver(vf, driver, unbind_only, flags);
                        sriov_vf_unref(vf);
                }
                if (r >= 0)
                        changed++;
        }
        if (r < 0 && changed) {
                /* VF i - 1 failed and put itself back: the ones before it follow. */
                struct error_frame f;
                char list[512] = "";
                size_t len = 0;
                int r2 = 0;

                error_frame_save(pf->ctx, &f);
                for (unsigned int k = 0; k + 1 < i && r2 >= 0; k++) {
                        struct sriov_vf *vf;

                        if (!did[k])
                                continue;
                        r2 = sriov_pf_get_vf(pf, k, &vf);
                        if (r2 == 0) {
                                r2 = vf_binding_restore(vf, &before[k], flags & SRIOV_FORCE);
                                if (r2 >= 0 && len < sizeof(list))
                                        len += (size_t)snprintf(list + len, sizeof(list) - len,
                                                                "%s%s", len ? ", " : "", vf->label);
                                sriov_vf_unref(vf);
                        }
                }
                error_frame_end(pf->ctx, &f, r2, "put back %s", list);
        }
        if (!(flags & SRIOV_DRY_RUN))
                host_unlock(pf->ctx);
        if (r >= 0 && (flags & SRIOV_DRY_RUN))
                for (i = 0; i < n; i++)
                        changed += did[i];
out:
        free(before);
        free(did);
        return r < 0 ? r : (int)changed;
}

SRIOV_EXPORT int sriov_pf_bind_vf_drivers(struct sriov_pf *pf, const char *driver,
                                          unsigned int flags)
{
        if (!pf)
                return -EINVAL;
        return change_all(pf, driver, false, flags);
}

SRIOV_EXPORT int sriov_pf_unbind_vf_drivers(struct sriov_pf *pf, unsigned int flags)
{
        if (!pf)
                return -EINVAL;
        return change_all(pf, NULL, true, flags);
}
