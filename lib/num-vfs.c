/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Creating, resizing and removing VFs through sriov_numvfs.
 *
 * The kernel's rules shape this file (docs/kernel.md): a write is all or nothing, a
 * change between two non-zero counts needs 0 first, 0 destroys every VF with its settings,
 * a driver may enable fewer VFs than asked, and the write returns before the VFs are ready.
 * So: check everything first, keep the settings of the VFs that survive and apply them again
 * (and the eswitch mode and rate tree a driver drops with its last VF: resize-switchdev.c),
 * wait on events for readiness, and on any failure put back the count, the settings and
 * sriov_drivers_autoprobe as they were.
 *
 * sriov_drivers_autoprobe can also be set on its own: the kernel reads it only when it creates
 * VFs, so changing it leaves the VFs that exist alone.
 *
 * Both hold the host-wide lock (host-lock.c). Removing VFs (a resize removes them all) is
 * refused for a leased VF (lease.c) unless forced, and always for a VF a process holds through
 * VFIO: the kernel would wait for that process without end.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

#define KNOWN_FLAGS (SRIOV_FORCE | SRIOV_DRY_RUN | SRIOV_AUTOPROBE_ON | SRIOV_AUTOPROBE_OFF | \
                     SRIOV_NO_WAIT)

struct resize {
        struct sriov_pf *pf;
        unsigned int old_n, new_n;
        unsigned int flags;
        int old_autoprobe, new_autoprobe; /* 0, 1, or -1 when the kernel has no such file */
        bool autoprobe_written;
        /* Settings of every VF that exists before, to re-apply to the survivors on success
         * and to all of them on rollback. */
        unsigned int *saved_idx;
        struct sriov_vf_config *saved;
        unsigned int n_saved;
        struct switchdev_saved switchdev;
        struct vf_waiter waiter;
};

static int write_num_vfs(struct resize *rs, unsigned int n)
{
        struct sriov_pf *pf = rs->pf;
        char v[16];
        int r;

        snprintf(v, sizeof(v), "%u", n);
        r = sysfs_write_attr(pf->ctx, pf->dirfd, pf->name, "sriov_numvfs", v);
        if (r == -ENOMEM && pf->kind == SRIOV_PF_KIND_NETDEVSIM) {
                char reason[160];

                /* What netdevsim answers for more than max_vfs, which only debugfs shows. */
                snprintf(reason, sizeof(reason),
                         "refused by netdevsim: above its max_vfs (" DEBUGFS_NETDEVSIM
                         "/%s/max_vfs)",
                         pf->name);
                return sriov_fail_reason(pf->ctx, r, reason, "PF %s: write sriov_numvfs %u",
                                         pf->name, n);
        }
        if (r < 0)
                return sriov_fail(pf->ctx, r, "PF %s: write sriov_numvfs %u", pf->name, n);
        return 0;
}

static int write_autoprobe(struct sriov_pf *pf, int on)
{
        int r = sysfs_write_attr(pf->ctx, pf->dirfd, pf->name, "sriov_drivers_autoprobe",
                                 on ? "1" : "0");

        if (r < 0)
                return sriov_fail(pf->ctx, r, "PF %s: write sriov_drivers_autoprobe %d", pf->name,
                                  on);
        return 0;
}

static int autoprobe_unsupported(struct sriov_pf *pf)
{
        return sriov_fail_reason(pf->ctx, -EOPNOTSUPP,
                                 "this kernel has no sriov_drivers_autoprobe",
                                 "PF %s: set autoprobe", pf->name);
}

/* Remember the rtnetlink settings of every VF, before the resize destroys them. */
static int save_settings(struct resize *rs)
{
        struct sriov_pf *pf = rs->pf;
        const struct link_vfs *link;
        int r;

        if (rs->old_n == 0 || rs->old_n == rs->new_n)
                return 0;
        if (!pf->st.ifnames[0]) {
                info(pf->ctx, "PF %s has no netdev, so its VFs have no settings to keep", pf->name);
                return 0;
        }
        r = sriov_pf_load_link(pf, &link);
        if (r < 0)
                return r;
        rs->saved_idx = calloc(rs->old_n, sizeof(*rs->saved_idx));
        rs->saved = calloc(rs->old_n, sizeof(*rs->saved));
        if (!rs->saved_idx || !rs->saved)
                return -ENOMEM;
        for (unsigned int i = 0; i < rs->old_n; i++) {
                const struct vf_info *vi = link_vfs_find(link, i);

                if (!vi)
                        return sriov_fail_reason(pf->ctx, -EIO,
                                                 "the kernel did not report its settings "
                                                 "(VF list cut short?), so they cannot be kept",
                                                 "PF %s: VF %u", pf->name, i);
                rs->saved_idx[rs->n_saved] = i;
                rs->saved[rs->n_saved] = vi->cfg;
                rs->n_saved++;
        }
        return 0;
}

/* Apply the saved settings again to the VFs below @count. */
static int restore_settings(struct resize *rs, unsigned int count)
{
        unsigned int n = 0;
        int r;

        while (n < rs->n_saved && rs->saved_idx[n] < count)
                n++;
        if (n == 0)
                return 0;
        r = sriov_pf_reread(rs->pf);
        if (r < 0)
                return r;
        /* Their leases, if forced, were broken and said so by the resize itself. */
        r = vf_configs_set(rs->pf, rs->saved_idx, rs->saved, n, rs->flags & SRIOV_FORCE ?
                           SRIOV_FORCE | SRIOV_LEASES_SAID : 0, NULL);
        return r < 0 ? r : 0;
}

/* sriov_numvfs 0, then what the driver may have dropped with the last VF put back. */
static int write_zero(struct resize *rs)
{
        int r = write_num_vfs(rs, 0);

        return r < 0 ? r : switchdev_restore_mode(rs->pf, &rs->switchdev, false, rs->flags);
}

/* The VFs' settings, then their rate tree, on the VFs below @count. */
static int restore_all(struct resize *rs, unsigned int count)
{
        int r = restore_settings(rs, count);

        return r < 0 ? r : switchdev_restore_rates(rs->pf, &rs->switchdev, count, rs->flags);
}

static int current_num_vfs(struct resize *rs, unsigned int *ret)
{
        int r = sysfs_read_uint(rs->pf->dirfd, "sriov_numvfs", ret);

        if (r < 0)
                return sriov_fail(rs->pf->ctx, r, "PF %s: read sriov_numvfs", rs->pf->name);
        return 0;
}

/* Put back what this call changed. Errors here are added to the original message. */
static void roll_back(struct resize *rs)
{
        struct error_frame f;
        unsigned int now = 0;
        int r = 0;

        error_frame_save(rs->pf->ctx, &f);
        /* Not cut short by a signal (the one that ended the call, perhaps): bounded all the same. */
        rs->waiter.through_signals = true;
        if (current_num_vfs(rs, &now) == 0 && now != rs->old_n) {
                if (now > 0)
                        r = write_zero(rs);
                if (r == 0 && rs->old_n > 0)
                        r = write_num_vfs(rs, rs->old_n);
                if (r == 0 && rs->old_n > 0 && rs->old_autoprobe == 1)
                        r = vf_wait_ready(&rs->waiter, rs->pf, rs->old_n, true);
                if (r == 0)
                        r = restore_all(rs, rs->old_n);
        }
        if (rs->autoprobe_written) {
                int r2 = write_autoprobe(rs->pf, rs->old_autoprobe);

                r = r ? r : r2;
        }
        error_frame_end(rs->pf->ctx, &f, r, "put back %u VFs as before", rs->old_n);
}

static int check_request(struct resize *rs, unsigned int flags)
{
        struct sriov_pf *pf = rs->pf;

        if (flags & ~KNOWN_FLAGS)
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags", "PF %s: set num_vfs",
                                         pf->name);
        if ((flags & SRIOV_AUTOPROBE_ON) && (flags & SRIOV_AUTOPROBE_OFF))
                return sriov_fail_reason(pf->ctx, -EINVAL, "both on and off asked for",
                                         "PF %s: sriov_drivers_autoprobe", pf->name);
        /* A total of 0 on netdevsim is not known (debugfs not mounted): netdevsim decides. */
        if (rs->new_n > pf->st.total_vfs &&
            !(pf->kind == SRIOV_PF_KIND_NETDEVSIM && pf->st.total_vfs == 0)) {
                char reason[64];

                snprintf(reason, sizeof(reason), "out of range, %s is %u",
                         pf->kind == SRIOV_PF_KIND_PCI ? "sriov_totalvfs" : "max_vfs",
                         pf->st.total_vfs);
                return sriov_fail_reason(pf->ctx, -ERANGE, reason, "PF %s: sriov_numvfs %u",
                                         pf->name, rs->new_n);
        }
        if (rs->new_n > 0 && rs->new_n != rs->old_n && !pf->st.driver)
                return sriov_fail_reason(pf->ctx, -ENOENT,
                                         "no driver is bound to the PF, and only its driver can "
                                         "create VFs",
                                         "PF %s: sriov_numvfs %u", pf->name, rs->new_n);
        if ((flags & (SRIOV_AUTOPROBE_ON | SRIOV_AUTOPROBE_OFF)) && pf->st.drivers_autoprobe < 0)
                return autoprobe_unsupported(pf);
        return 0;
}

static int resize(struct resize *rs, unsigned int flags)
{
        struct sriov_pf *pf = rs->pf;
        unsigned int got;
        int r;

        if (rs->new_autoprobe != rs->old_autoprobe) {
                r = write_autoprobe(pf, rs->new_autoprobe);
                if (r < 0)
                        return r;
                rs->autoprobe_written = true;
        }
        if (rs->new_n != rs->old_n) {
                if (rs->old_n > 0) {
                        r = write_zero(rs);
                        if (r < 0)
                                return r;
                }
                if (rs->new_n > 0) {
                        r = write_num_vfs(rs, rs->new_n);
                        if (r < 0)
                                return r;
                }
        }
        r = current_num_vfs(rs, &got);
        if (r < 0)
                return r;
        if (got != rs->new_n) {
                char reason[96];

                snprintf(reason, sizeof(reason), "the driver enabled %u of %u VFs", got,
                         rs->new_n);
                return sriov_fail_reason(pf->ctx, -EIO, reason, "PF %s: sriov_numvfs %u",
                                         pf->name, rs->new_n);
        }
        if (!(flags & SRIOV_NO_WAIT)) {
                r = vf_wait_ready(&rs->waiter, pf, rs->new_n, rs->new_autoprobe == 1);
                if (r < 0)
                        return r;
        }
        return restore_all(rs, rs->new_n);
}

SRIOV_EXPORT int sriov_pf_set_num_vfs(struct sriov_pf *pf, unsigned int num_vfs,
                                      unsigned int flags)
{
        struct resize rs = { .pf = pf, .new_n = num_vfs, .flags = flags };
        int r;

        if (!pf)
                return -EINVAL;
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(pf->ctx);
                if (r < 0)
                        return r;
        }
        /* Decide on what the kernel shows now, not on what this object saw earlier. */
        r = sriov_pf_reread(pf);
        if (r < 0)
                goto out;
        rs.old_n = pf->st.num_vfs;
        rs.old_autoprobe = pf->st.drivers_autoprobe;
        rs.new_autoprobe = flags & SRIOV_AUTOPROBE_ON    ? 1
                           : flags & SRIOV_AUTOPROBE_OFF ? 0
                                                         : rs.old_autoprobe;
        r = check_request(&rs, flags);
        if (r == 0 && rs.new_n != rs.old_n && rs.old_n > 0) {
                char what[32], broke[64];
                /* The kernel goes through 0: every VF goes, the ones that come back too. */
                struct vf_change c = { .pf = pf, .n = rs.old_n, .flags = flags,
                                       .users = VF_USERS_REMOVE, .what = what,
                                       .forced = "removed as forced", .broke = broke };

                snprintf(what, sizeof(what), "sriov_numvfs %u", rs.new_n);
                snprintf(broke, sizeof(broke), "remove it (sriov_numvfs %u -> %u)", rs.old_n,
                         rs.new_n);
                r = vf_users_guard(&c);
        }
        if (r == 0)
                r = save_settings(&rs);
        if (r == 0 && rs.new_n != rs.old_n && rs.old_n > 0)
                r = switchdev_save(pf, rs.old_n, &rs.switchdev);
        if (r < 0 || (flags & SRIOV_DRY_RUN))
                goto out;

        r = vf_wait_begin(pf->ctx, &rs.waiter);
        if (r < 0)
                goto out;
        r = resize(&rs, flags);
        if (r < 0)
                roll_back(&rs);
        vf_wait_end(&rs.waiter);
        {
                int r2 = sriov_pf_reread(pf);

                r = r < 0 ? r : r2;
        }
out:
        free(rs.saved_idx);
        free(rs.saved);
        switchdev_saved_free(&rs.switchdev);
        if (!(flags & SRIOV_DRY_RUN))
                host_unlock(pf->ctx);
        return r;
}

SRIOV_EXPORT int sriov_pf_set_drivers_autoprobe(struct sriov_pf *pf, bool on, unsigned int flags)
{
        int r;

        if (!pf)
                return -EINVAL;
        if (flags & ~SRIOV_DRY_RUN)
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags",
                                         "PF %s: set sriov_drivers_autoprobe: flags 0x%x",
                                         pf->name, flags);
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(pf->ctx);
                if (r < 0)
                        return r;
        }
        /* As for sriov_numvfs: decide on what the kernel shows now. */
        r = sriov_pf_reread(pf);
        if (r == 0 && pf->st.drivers_autoprobe < 0)
                r = autoprobe_unsupported(pf);
        else if (r == 0 && pf->st.drivers_autoprobe != (on ? 1 : 0)) {
                r = 1;
                if (!(flags & SRIOV_DRY_RUN))
                        r = write_autoprobe(pf, on);
                if (r == 0)
                        r = sriov_pf_reread(pf);
                if (r == 0)
                        r = 1;
        }
        if (!(flags & SRIOV_DRY_RUN))
                host_unlock(pf->ctx);
        return r;
}
