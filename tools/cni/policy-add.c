/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What an ADD asks of the node's policy (policy.c): the pod's namespace as the runtime says it
 * (CNI_ARGS), the network's name and the settings as the config says them, and the PF as the
 * host has it (a deviceID's PF, or the pool's, by PCI address and netdev names). Only ADD asks:
 * DEL, CHECK, GC and STATUS give back or look, and DEL must always give back what ADD took.
 */
#include <string.h>

#include "cni.h"

/* The PF an ADD would take a VF of, by its PCI address and netdev names. */
static int find_pf(struct sriov_ctx *ctx, const struct cni_conf *c, struct sriov_pf **pf,
                   struct sriov_vf **vf, struct cni_error *e)
{
        int r;

        if (c->device_id[0]) {
                r = sriov_vf_new_from_name(ctx, c->device_id, vf);
                if (r < 0)
                        return cni_libsriov_error(ctx, r, CNI_ERR_CONFIG, e);
                *pf = sriov_pf_ref(sriov_vf_get_pf(*vf));
                return 0;
        }
        r = sriov_pf_new_from_name(ctx, c->pf, pf);
        if (r < 0)
                return cni_libsriov_error(ctx, r, CNI_ERR_CONFIG, e);
        return 0;
}

int cni_policy_check_add(struct sriov_ctx *ctx, const struct cni_conf *c,
                         const struct cni_env *env, bool vfio, struct cni_error *e)
{
        struct cni_policy_request q = { .network = c->name, .vfio = vfio, .vf = c->vf };
        struct cni_policy *policy = NULL;
        struct sriov_pf *pf = NULL;
        struct sriov_vf *vf = NULL;
        struct cni_args args;
        int r;

        r = cni_policy_load(CNI_POLICY_DIR, CNI_POLICY_FILE, &policy, e);
        if (r <= 0)
                return r;
        r = cni_args_parse(env->args, &args, e);
        if (r == 0)
                r = find_pf(ctx, c, &pf, &vf, e);
        if (r == 0 && !sriov_pf_get_pci_address(pf))
                r = cni_fail(e, CNI_ERR_POLICY, "policy %s/%s: PF %s has no PCI address: only "
                             "PCI devices are in a policy", CNI_POLICY_DIR, CNI_POLICY_FILE,
                             sriov_pf_get_name(pf));
        if (r == 0) {
                q.pod_namespace = args.have_namespace ? args.pod_namespace : NULL;
                q.pf_pci = sriov_pf_get_pci_address(pf);
                q.pf_ifnames = sriov_pf_get_ifnames(pf);
                q.vf_pci = vf ? sriov_vf_get_pci_address(vf) : NULL;
                r = cni_policy_decide(policy, &q, e);
        }
        sriov_vf_unref(vf);
        sriov_pf_unref(pf);
        cni_policy_free(policy);
        return r;
}
