/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GC and STATUS (CNI 1.1). GC gives back every VF this network holds for an attachment the
 * runtime no longer lists in cni.dev/valid-attachments, with its IPAM address, and finishes
 * this network's leases left half made or half released by a process that died. Nothing but
 * this network's attachments: never a lease of another holder (a VMM's, another network's),
 * so never libsriov's host-wide sriov_lease_gc(). A GC that lists no valid attachments is
 * refused: read as "none is valid" it would take every VF of the network from running pods.
 * STATUS says whether an ADD could work now.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cni.h"

/* "libsriov-cni NETWORK CID/IFNAME" of @network: 1 with the attachment split out, else 0. */
static int split_holder(const char *holder, const char *network, char cid[256], char ifname[64])
{
        char prefix[160];
        const char *rest, *slash;

        snprintf(prefix, sizeof(prefix), "libsriov-cni %s ", network);
        if (!holder || strncmp(holder, prefix, strlen(prefix)) != 0)
                return 0;
        rest = holder + strlen(prefix);
        slash = strrchr(rest, '/');
        if (!slash || (size_t)(slash - rest) >= 256 || strlen(slash + 1) >= 64)
                return 0;
        snprintf(cid, 256, "%.*s", (int)(slash - rest), rest);
        snprintf(ifname, 64, "%s", slash + 1);
        return 1;
}

static bool valid(const struct cni_conf *c, const char *cid, const char *ifname)
{
        for (size_t i = 0; i < c->n_valid; i++)
                if (strcmp(c->valid[i].container_id, cid) == 0 &&
                    strcmp(c->valid[i].ifname, ifname) == 0)
                        return true;
        return false;
}

/* Whether the lease's VF goes back: its attachment is gone, or the lease was left half made
 * or half released by a process that died (sriov_lease_is_stale()). A lease some live
 * process is acquiring or releasing right now is that process's to finish. A lost lease
 * (its VF went away) of an attachment that is gone is ended like any other: the release puts
 * nothing back and touches no device. */
static bool to_give_back(const struct sriov_lease *l, bool listed)
{
        if (sriov_lease_is_stale(l) == 1)
                return true;
        return sriov_lease_get_state(l) == SRIOV_LEASE_HELD && !listed;
}

int cni_gc(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
           struct cni_error *e)
{
        struct sriov_lease **leases = NULL;
        int r;

        if (!c->have_valid)
                return cni_fail(e, CNI_ERR_CONFIG, "config: GC of network %s names no valid "
                                "attachments (cni.dev/valid-attachments): nothing is given back, "
                                "as every attachment of the network would be", c->name);
        r = sriov_lease_list(ctx, &leases);
        if (r < 0)
                return cni_libsriov_error(ctx, r, CNI_ERR_LIBSRIOV, e);
        for (struct sriov_lease **l = leases; *l; l++) {
                char cid[256], ifname[64];
                bool listed;

                if (!split_holder(sriov_lease_get_holder(*l), c->name, cid, ifname))
                        continue;
                listed = valid(c, cid, ifname);
                if (!to_give_back(*l, listed))
                        continue;
                /* As its DEL would: IPAM's address freed (IPAM plugins older than CNI 1.1
                 * know DEL, not GC), the VF given back. On to the next one whatever
                 * happens: the first error is the answer. */
                if (c->ipam_type[0] && !listed) {
                        struct cni_env gone = { .command = "DEL", .container_id = cid,
                                                .ifname = ifname, .path = env->path };

                        ipam_exec(c, &gone, "DEL", NULL, e);
                }
                cni_give_back(ctx, *l, NULL, e);
        }
        sriov_lease_list_free(leases);
        return e->code ? -1 : 0;
}

int cni_status(struct sriov_ctx *ctx, const struct cni_conf *c, struct cni_error *e)
{
        const char *dir = sriov_ctx_get_lease_dir(ctx);
        struct sriov_pf_list *pfs = NULL;
        struct sriov_pf *pf = NULL;
        int r;

        if (access(dir, W_OK) < 0 && errno != ENOENT)
                return cni_fail(e, CNI_ERR_NOT_AVAILABLE, "lease directory %s: %s", dir,
                                strerror(errno));
        if (c->pf[0]) {
                r = sriov_pf_new_from_name(ctx, c->pf, &pf);
                if (r < 0)
                        return cni_fail(e, CNI_ERR_NOT_AVAILABLE, "%s", sriov_ctx_get_error(ctx));
                if (sriov_pf_get_num_vfs(pf) == 0)
                        cni_fail(e, CNI_ERR_NOT_AVAILABLE, "PF %s: it has no VFs (sriovctl pf set "
                                 "%s numvfs N)", c->pf, c->pf);
                sriov_pf_unref(pf);
        } else if (!c->device_id[0]) {
                r = sriov_pf_list_new(ctx, &pfs);
                if (r < 0)
                        return cni_fail(e, CNI_ERR_NOT_AVAILABLE, "%s", sriov_ctx_get_error(ctx));
                if (sriov_pf_list_get_count(pfs) == 0)
                        cni_fail(e, CNI_ERR_NOT_AVAILABLE, "no SR-IOV capable PF on this host");
                sriov_pf_list_unref(pfs);
        }
        if (!e->code && c->vfio) {
                int mode = sriov_ctx_get_iommu_mode(ctx);

                if (mode <= SRIOV_IOMMU_MODE_NONE)
                        cni_fail(e, CNI_ERR_NOT_AVAILABLE, "vfio mode: no IOMMU for VFIO (sriovctl "
                                 "check says what to do)");
        }
        return e->code ? -1 : 0;
}
