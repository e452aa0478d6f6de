/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Carrying a target out, phase by phase across every PF, in the order that keeps each step
 * meaningful: drivers_autoprobe (it decides what new VFs get), num_vfs, VF settings (one
 * RTM_SETLINK per PF), driver binds. Each library call writes only what differs, so a host
 * that already is the target sees no write at all. On failure the snapshot taken before is
 * applied the same way, which puts back exactly what this run changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sriovctl.h"
#include "state.h"

/* The library's message for the call that failed, before anything else overwrites it. */
static int failed(struct sriov_ctx *ctx, int r, char *err)
{
        snprintf(err, STATE_ERROR_MAX, "%s", sriov_ctx_get_error(ctx));
        return r;
}

static int open_pf(struct sriov_ctx *ctx, const struct host_state *host,
                   const struct target_pf *tp, struct sriov_pf **ret, char *err)
{
        int r = sriov_pf_new_from_name(ctx, host->pfs[tp->host].pci, ret);

        return r < 0 ? failed(ctx, r, err) : 0;
}

static int phase_autoprobe(struct sriov_pf *pf, const struct target_pf *tp, unsigned int flags)
{
        int r;

        if (tp->drivers_autoprobe < 0)
                return 0;
        /* 1 says it wrote (or would): a success like 0, not a failure. */
        r = sriov_pf_set_drivers_autoprobe(pf, tp->drivers_autoprobe, flags & SRIOV_DRY_RUN);
        return r < 0 ? r : 0;
}

static int phase_num_vfs(struct sriov_pf *pf, const struct target_pf *tp, unsigned int flags)
{
        /* Same count: not even a call, which would read the VFs' settings and wait for them. */
        if (!tp->set_num_vfs || sriov_pf_get_num_vfs(pf) == tp->num_vfs)
                return 0;
        return sriov_pf_set_num_vfs(pf, tp->num_vfs, flags & (SRIOV_FORCE | SRIOV_DRY_RUN));
}

static int phase_settings(struct sriov_pf *pf, const struct target_pf *tp, unsigned int flags)
{
        unsigned int *idx = calloc(tp->num_vfs + 1, sizeof(*idx));
        struct sriov_vf_config *cfgs = calloc(tp->num_vfs + 1, sizeof(*cfgs));
        size_t n = 0;
        int r = -ENOMEM;

        if (idx && cfgs) {
                for (unsigned int i = 0; i < tp->num_vfs; i++) {
                        if (!tp->vfs[i].cfg.mask)
                                continue;
                        idx[n] = i;
                        cfgs[n++] = tp->vfs[i].cfg;
                }
                r = n ? sriov_pf_set_vf_configs(pf, idx, cfgs, n, flags & SRIOV_DRY_RUN, NULL) : 0;
        }
        free(idx);
        free(cfgs);
        return r;
}

static int bind_one(struct sriov_vf *vf, const char *driver, unsigned int flags)
{
        flags &= SRIOV_FORCE | SRIOV_DRY_RUN;
        if (strcmp(driver, DRIVER_NONE) == 0)
                return sriov_vf_unbind_driver(vf, flags);
        return sriov_vf_bind_driver(vf, strcmp(driver, DRIVER_DEFAULT) == 0 ? NULL : driver, flags);
}

static int phase_drivers(struct sriov_pf *pf, const struct target_pf *tp, unsigned int flags)
{
        for (unsigned int i = 0; i < tp->num_vfs; i++) {
                const char *want = tp->vfs[i].driver;
                struct sriov_vf *vf;
                char have[STATE_NAME_MAX];
                int r;

                if (!want[0])
                        continue;
                r = sriov_pf_get_vf(pf, i, &vf);
                if (r < 0)
                        return r;
                host_vf_driver_word(sriov_vf_get_driver(vf), sriov_vf_get_driver_override(vf),
                                    have, sizeof(have));
                /* bind_one() says 1 when it changed the binding: success, too. */
                r = strcmp(have, want) == 0 ? 0 : bind_one(vf, want, flags);
                sriov_vf_unref(vf);
                if (r < 0)
                        return r;
        }
        return 0;
}

typedef int (*phase_fn)(struct sriov_pf *pf, const struct target_pf *tp, unsigned int flags);

/* Every phase over every PF of @t. With SRIOV_DRY_RUN, phases after a resize are skipped for
 * that PF: the library checks them against VFs that do not exist yet. */
static int run_phases(struct sriov_ctx *ctx, const struct host_state *host,
                      const struct target *t, unsigned int flags, char *err)
{
        static const phase_fn phases[] = { phase_autoprobe, phase_num_vfs, phase_settings,
                                           phase_drivers };
        /* One object per PF for all phases: each call re-reads what it decides on. */
        struct sriov_pf **pfs = calloc(t->n_pfs + 1, sizeof(*pfs));
        int r = pfs ? 0 : -ENOMEM;

        for (size_t k = 0; k < t->n_pfs && r == 0; k++)
                r = open_pf(ctx, host, &t->pfs[k], &pfs[k], err);
        for (size_t p = 0; p < sizeof(phases) / sizeof(phases[0]) && r == 0; p++) {
                for (size_t k = 0; k < t->n_pfs && r == 0; k++) {
                        const struct target_pf *tp = &t->pfs[k];

                        if ((flags & SRIOV_DRY_RUN) && p >= 2 && tp->set_num_vfs &&
                            tp->num_vfs != host->pfs[tp->host].num_vfs)
                                continue;
                        r = phases[p](pfs[k], tp, flags);
                        if (r < 0)
                                failed(ctx, r, err);
                }
        }
        for (size_t k = 0; pfs && k < t->n_pfs; k++)
                sriov_pf_unref(pfs[k]);
        free(pfs);
        if (r == -ENOMEM)
                snprintf(err, STATE_ERROR_MAX, "out of memory");
        return r;
}

/* Read the host again; every field the target manages and the driver reports must match. */
static int verify(struct sriov_ctx *ctx, const struct host_state *before, const struct target *t,
                  char *err)
{
        struct host_state now;
        struct plan p = { 0 };
        int r;

        r = host_state_read(ctx, &now);
        if (r < 0)
                return failed(ctx, r, err);
        /* The target points into the host's PF list: it must still be the same list. */
        for (size_t k = 0; k < before->n_pfs && r == 0; k++)
                if (now.n_pfs != before->n_pfs || strcmp(now.pfs[k].pci, before->pfs[k].pci) != 0) {
                        snprintf(err, STATE_ERROR_MAX,
                                 "PF %s: gone or moved during the apply (a hot-unplug?)",
                                 before->pfs[k].pci);
                        r = -ENODEV;
                }
        if (r == 0 && plan_compute(&now, t, &p) < 0) {
                snprintf(err, STATE_ERROR_MAX, "out of memory");
                r = -ENOMEM;
        }
        for (size_t i = 0; i < p.n && r == 0; i++) {
                const struct change *c = &p.changes[i];
                const struct host_pf *h = &now.pfs[t->pfs[c->pf].host];
                char have[32], want[32];

                /* A field the driver does not report cannot be checked; its set was acked. */
                if (!c->from_known && c->field == CHANGE_VF_CONFIG)
                        continue;
                if (c->vf < 0)
                        snprintf(err, STATE_ERROR_MAX,
                                 "PF %s: %s: the kernel reports %u after the apply, not %u",
                                 h->pci, change_key(c), c->from_n, c->to_n);
                else if (c->field == CHANGE_DRIVER)
                        snprintf(err, STATE_ERROR_MAX,
                                 "VF %s/%d: driver: %s after the apply, not %s", h->pci, c->vf,
                                 c->from_driver, c->to_driver);
                else
                        snprintf(err, STATE_ERROR_MAX,
                                 "VF %s/%d: %s: the driver reports %s after the apply, not %s",
                                 h->pci, c->vf, change_key(c),
                                 text_vf_field(c->config_bit, &c->from_cfg, have, sizeof(have)),
                                 text_vf_field(c->config_bit, &c->to_cfg, want, sizeof(want)));
                r = -EIO;
        }
        plan_free(&p);
        host_state_free(&now);
        return r;
}

int state_apply(struct sriov_ctx *ctx, const struct host_state *host, const struct target *t,
                unsigned int flags, char err[STATE_ERROR_MAX])
{
        struct target before;
        char why[STATE_ERROR_MAX] = "";
        size_t len;
        int r, r2;

        err[0] = '\0';
        r = run_phases(ctx, host, t, flags & SRIOV_FORCE, err);
        if (r == 0)
                r = verify(ctx, host, t, err);
        if (r == 0)
                return 0;

        /* Put the snapshot back. VFs this run created may be bound to vfio-pci by now: they
         * were not in use before it, so removing them again is forced. */
        r2 = target_from_host(host, &before);
        if (r2 == 0) {
                r2 = run_phases(ctx, host, &before, SRIOV_FORCE, why);
                target_free(&before);
        } else {
                snprintf(why, sizeof(why), "out of memory");
        }
        len = strlen(err);
        if (r2 == 0)
                snprintf(err + len, STATE_ERROR_MAX - len,
                         "; everything this apply changed was put back");
        else
                snprintf(err + len, STATE_ERROR_MAX - len,
                         "; putting back what this apply changed failed too: %s", why);
        return r;
}

int state_check(struct sriov_ctx *ctx, const struct host_state *host, const struct target *t,
                unsigned int flags, char err[STATE_ERROR_MAX])
{
        err[0] = '\0';
        return run_phases(ctx, host, t, (flags & SRIOV_FORCE) | SRIOV_DRY_RUN, err);
}
