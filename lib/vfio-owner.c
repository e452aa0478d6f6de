/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Handing a VF's VFIO nodes (its group's /dev/vfio/N and its cdev) to the user a VMM runs as,
 * all or nothing, without following symlinks; a leased VF only by its holder.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "libsriov-private.h"

struct owned_node {
        char path[PATH_MAX];
        struct stat before;
};

static int node_prepare(struct sriov_ctx *ctx, struct sriov_vf *vf, const char *dev_path,
                        struct owned_node *n)
{
        /* dev_path starts with "/dev"; tests put the nodes elsewhere. */
        snprintf(n->path, sizeof(n->path), "%s%s", ctx->dev_dir ? ctx->dev_dir : "/dev",
                 dev_path + strlen("/dev"));
        if (fstatat(AT_FDCWD, n->path, &n->before, AT_SYMLINK_NOFOLLOW) < 0)
                return sriov_fail(ctx, -errno, "VF %s: VFIO node %s", vf->label, dev_path);
        return 0;
}

static int node_chown(struct sriov_ctx *ctx, struct sriov_vf *vf, const char *dev_path,
                      const struct owned_node *n, uid_t uid, gid_t gid)
{
        dbg(ctx, "VF %s: chown %s to %d:%d", vf->label, n->path, (int)uid, (int)gid);
        if (fchownat(AT_FDCWD, n->path, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
                return sriov_fail(ctx, -errno, "VF %s: change the owner of %s to %d:%d", vf->label,
                                  dev_path, (int)uid, (int)gid);
        return 0;
}

SRIOV_EXPORT int sriov_vf_set_vfio_owner(struct sriov_vf *vf, uid_t uid, gid_t gid,
                                         unsigned int flags)
{
        struct sriov_iommu_group *g = NULL;
        const char *paths[2] = { NULL, NULL };
        struct owned_node nodes[2];
        struct sriov_ctx *ctx;
        bool locked = false;
        size_t n = 0;
        int r = 0;

        if (!vf || (flags & ~(SRIOV_DRY_RUN | SRIOV_FORCE)))
                return -EINVAL;
        ctx = vf->pf->ctx;
        /* The group node reaches every vfio-pci member of the group: only for a VF that is
         * on vfio-pci itself, read again (the VF object may predate its binding), and its
         * group and cdev below from what was read now. */
        r = vf_need_pci(vf, "set its VFIO owner");
        if (r == 0)
                r = sriov_vf_reread(vf);
        if (r < 0)
                return r;
        if (!sriov_driver_is_vfio(vf->driver))
                return sriov_fail_reason(ctx, -ENODEV,
                                         "it is not bound to vfio-pci, so it has no VFIO node",
                                         "VF %s: set VFIO owner", vf->label);
        /* A lease first: the VF is its holder's. (Taken again under the lock below.) */
        r = vf_users_guard(&(struct vf_change){ .pf = vf->pf, .vf = vf,
                                                .flags = flags | SRIOV_LEASES_SAID,
                                                .users = VF_USERS_LEASE,
                                                .what = "set its VFIO owner" });
        if (r < 0)
                return r;
        if (vf->iommu_group >= 0) { /* as just read again */
                r = sriov_vf_get_iommu_group_info(vf, &g);
                if (r < 0)
                        return r;
                paths[n] = sriov_iommu_group_get_vfio_path(g);
                n += paths[n] != NULL;
        }
        paths[n] = sriov_vf_get_vfio_cdev_path(vf);
        n += paths[n] != NULL;
        if (n == 0) {
                sriov_iommu_group_unref(g);
                return sriov_fail_reason(ctx, -ENODEV, "vfio has made no node for it",
                                         "VF %s: set VFIO owner", vf->label);
        }
        for (size_t i = 0; i < n && r == 0; i++)
                r = node_prepare(ctx, vf, paths[i], &nodes[i]);
        if (r == 0 && !(flags & SRIOV_DRY_RUN)) {
                r = host_lock(ctx);
                locked = r == 0;
        }
        if (r == 0)
                r = vf_users_guard(&(struct vf_change){ .pf = vf->pf, .vf = vf, .flags = flags,
                                                        .users = VF_USERS_LEASE,
                                                        .what = "set its VFIO owner" });
        if (r == 0 && !(flags & SRIOV_DRY_RUN)) {
                size_t done = 0;

                while (done < n && (r = node_chown(ctx, vf, paths[done], &nodes[done], uid,
                                                   gid)) == 0)
                        done++;
                /* All or nothing: give back what was changed before the failure. */
                while (r < 0 && done-- > 0)
                        if (fchownat(AT_FDCWD, nodes[done].path, nodes[done].before.st_uid,
                                     nodes[done].before.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
                                sriov_error_append(ctx, "; the owner of %s could not be put back",
                                                   paths[done]);
        }
        if (locked)
                host_unlock(ctx);
        sriov_iommu_group_unref(g);
        return r;
}
