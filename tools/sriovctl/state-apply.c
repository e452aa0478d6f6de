/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Carrying a target out, phase by phase across every PF, in the order that keeps each step
 * meaningful: drivers_autoprobe (it decides what new VFs get), num_vfs, switchdev mode
 * (after num_vfs: a driver may go back to legacy when its VFs go, as netdevsim does, and
 * switchdev takes a PF with or without VFs), rate groups created or changed (their parents
 * first), VF settings (one RTM_SETLINK per PF), VF rate leaves (they join groups that exist
 * now), rate groups deleted (nothing is in them now), legacy mode (devlink refuses it while
 * a rate group exists: the VFs leave theirs and the groups go first), driver binds (last: a
 * VF on vfio-pci is in use, and the mode is not changed under it). Each library call writes only what differs,
 * so a host that already is the target sees no write at all.
 *
 * Every step that changed something is recorded (struct done), and on failure exactly those
 * are undone, in reverse (but drivers_autoprobe first: it gives "the default driver" its
 * meaning), without force: a change someone made meanwhile, or a VF a VMM took
 * meanwhile, is left alone (and named, if it stands in the way). The caller holds the host
 * lock for the whole run, so no other libsriov user changes the host in between.
 *
 * A run stops at the next step when asked to (SIGTERM at boot), or at once when that signal
 * interrupts a wait of the library (which then fails with -EINTR and puts back its own call),
 * or when its deadline passes, and is then undone like a failure: a host is never left half
 * applied. The stop signals are held back during the undo, so that a second one cannot cut it
 * short.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "sriovctl.h"
#include "state.h"

/* What the run changed on one PF of the target. */
struct done_pf {
        bool autoprobe;        /* drivers_autoprobe was written */
        bool resized;          /* num_vfs was changed: every VF was recreated */
        bool switchdev;        /* the eswitch mode, a rate group or a VF's leaf was changed */
        uint32_t *cfg;         /* per VF of the target: the settings fields changed */
        bool *driver;          /* per VF of the target: the binding was changed */
};

struct run {
        struct sriov_ctx *ctx;
        const struct host_state *host;
        const struct target *t;
        const struct apply_opts *opts;
        unsigned int flags;
        struct sriov_pf **pfs; /* one object per PF of the target, for every phase */
        struct done_pf *done;  /* NULL when nothing is recorded (dry run) */
        uint64_t deadline;     /* 0: none */
        struct apply_result *res; /* what verify() could not check; NULL: not asked */
        char *err;
};

/* The library's message for the call that failed, before anything else overwrites it. A wait
 * that the stop signal interrupted (-EINTR) says so as a stop between steps does. */
static int failed(struct run *run, int r)
{
        const char *msg = sriov_ctx_get_error(run->ctx);

        if (r == -EINTR && run->opts && run->opts->stop && *run->opts->stop)
                snprintf(run->err, STATE_ERROR_MAX, "interrupted by signal %d: %s",
                         (int)*run->opts->stop, msg);
        else
                snprintf(run->err, STATE_ERROR_MAX, "%s", msg);
        return r;
}

/*
 * Before every library call: stop when asked to or past the deadline, else give the call at
 * most the time that is left (each wait of the library is bounded by the context's timeout).
 */
static int next_step(struct run *run)
{
        unsigned int left;

        if (run->opts && run->opts->stop && *run->opts->stop) {
                snprintf(run->err, STATE_ERROR_MAX, "interrupted by signal %d",
                         (int)*run->opts->stop);
                return -EINTR;
        }
        if (!run->deadline)
                return 0;
        left = sriov_msec_left(run->deadline);
        if (left == 0) {
                snprintf(run->err, STATE_ERROR_MAX, "the apply's deadline (%u s) passed",
                         run->opts->deadline_msec / 1000);
                return -ETIMEDOUT;
        }
        sriov_ctx_set_timeout(run->ctx, left < run->opts->timeout_msec ? left
                                                                         : run->opts->timeout_msec);
        return 0;
}

/* The next step, on VF @i of PF @k: 0 with @ret to unref, or -errno with the run's error. */
static int step_to_vf(struct run *run, size_t k, unsigned int i, struct sriov_vf **ret)
{
        int r = next_step(run);

        if (r < 0)
                return r;
        r = sriov_pf_get_vf(run->pfs[k], i, ret);
        return r < 0 ? failed(run, r) : 0;
}

static int open_pfs(struct run *run)
{
        run->pfs = calloc(run->t->n_pfs + 1, sizeof(*run->pfs));
        if (!run->pfs)
                return -ENOMEM;
        for (size_t k = 0; k < run->t->n_pfs; k++) {
                int r = sriov_pf_new_from_name(run->ctx, run->host->pfs[run->t->pfs[k].host].name,
                                               &run->pfs[k]);

                if (r < 0)
                        return failed(run, r);
        }
        return 0;
}

static void close_pfs(struct run *run)
{
        for (size_t k = 0; run->pfs && k < run->t->n_pfs; k++)
                sriov_pf_unref(run->pfs[k]);
        free(run->pfs);
        run->pfs = NULL;
}

static int done_new(struct run *run)
{
        run->done = calloc(run->t->n_pfs + 1, sizeof(*run->done));
        if (!run->done)
                return -ENOMEM;
        for (size_t k = 0; k < run->t->n_pfs; k++) {
                unsigned int n = run->t->pfs[k].num_vfs;

                run->done[k].cfg = calloc(n + 1, sizeof(*run->done[k].cfg));
                run->done[k].driver = calloc(n + 1, sizeof(*run->done[k].driver));
                if (!run->done[k].cfg || !run->done[k].driver)
                        return -ENOMEM;
        }
        return 0;
}

static void done_free(struct run *run)
{
        for (size_t k = 0; run->done && k < run->t->n_pfs; k++) {
                free(run->done[k].cfg);
                free(run->done[k].driver);
        }
        free(run->done);
        run->done = NULL;
}

/* ---- the phases --------------------------------------------------------------------------- */

static int phase_autoprobe(struct run *run, size_t k)
{
        const struct target_pf *tp = &run->t->pfs[k];
        int r;

        if (tp->drivers_autoprobe < 0)
                return 0;
        r = next_step(run);
        if (r < 0)
                return r;
        /* 1 says it wrote (or would): a success like 0. */
        r = sriov_pf_set_drivers_autoprobe(run->pfs[k], tp->drivers_autoprobe,
                                           run->flags & SRIOV_DRY_RUN);
        if (r < 0)
                return failed(run, r);
        if (r > 0 && run->done)
                run->done[k].autoprobe = true;
        return 0;
}

static int phase_num_vfs(struct run *run, size_t k)
{
        const struct target_pf *tp = &run->t->pfs[k];
        int r;

        /* Same count: not even a call, which would read the VFs' settings and wait for them. */
        if (!tp->set_num_vfs || sriov_pf_get_num_vfs(run->pfs[k]) == tp->num_vfs)
                return 0;
        r = next_step(run);
        if (r < 0)
                return r;
        r = sriov_pf_set_num_vfs(run->pfs[k], tp->num_vfs,
                                 run->flags & (SRIOV_FORCE | SRIOV_DRY_RUN));
        if (r < 0)
                return failed(run, r);
        if (run->done)
                run->done[k].resized = true;
        return 0;
}

static int phase_settings(struct run *run, size_t k)
{
        const struct target_pf *tp = &run->t->pfs[k];
        unsigned int *idx = calloc(tp->num_vfs + 1, sizeof(*idx));
        struct sriov_vf_config *cfgs = calloc(tp->num_vfs + 1, sizeof(*cfgs));
        struct sriov_vf_config *changes = calloc(tp->num_vfs + 1, sizeof(*changes));
        size_t n = 0;
        int r = -ENOMEM;

        if (idx && cfgs && changes) {
                for (unsigned int i = 0; i < tp->num_vfs; i++) {
                        if (!tp->vfs[i].cfg.mask)
                                continue;
                        idx[n] = i;
                        cfgs[n++] = tp->vfs[i].cfg;
                }
                r = n ? next_step(run) : 0;
                if (r == 0 && n) {
                        r = sriov_pf_set_vf_configs(run->pfs[k], idx, cfgs, n,
                                                    run->flags & (SRIOV_DRY_RUN | SRIOV_FORCE),
                                                    changes);
                        if (r < 0)
                                failed(run, r);
                }
                /* All or nothing in the library: on success every change is this run's. */
                for (size_t i = 0; r == 0 && run->done && i < n; i++)
                        run->done[k].cfg[idx[i]] |= changes[i].mask;
        }
        free(idx);
        free(cfgs);
        free(changes);
        return r;
}

/* PF @k's eswitch in @mode; the library checks no VF is in use, and writes only a mode that
 * differs. */
static int set_mode(struct run *run, size_t k, int mode, unsigned int flags)
{
        struct sriov_eswitch want = { .mask = SRIOV_ESWITCH_MODE,
                                      .mode = (enum sriov_eswitch_mode)mode };
        int r = next_step(run);

        if (r < 0)
                return r;
        r = sriov_pf_set_eswitch(run->pfs[k], &want, flags & (SRIOV_FORCE | SRIOV_DRY_RUN));
        if (r < 0)
                return failed(run, r);
        if (r > 0 && run->done)
                run->done[k].switchdev = true;
        return 0;
}

static int phase_eswitch_up(struct run *run, size_t k)
{
        if (run->t->pfs[k].eswitch_mode != SRIOV_ESWITCH_MODE_SWITCHDEV)
                return 0;
        return set_mode(run, k, SRIOV_ESWITCH_MODE_SWITCHDEV, run->flags);
}

static int empty_rates(struct run *run, size_t k, unsigned int flags);

/* Legacy once the rate objects are gone: devlink refuses the mode while a node exists. */
static int phase_eswitch_down(struct run *run, size_t k)
{
        struct sriov_eswitch now;
        int r;

        if (run->t->pfs[k].eswitch_mode != SRIOV_ESWITCH_MODE_LEGACY)
                return 0;
        if (!(run->flags & SRIOV_DRY_RUN) && sriov_pf_get_eswitch(run->pfs[k], &now) == 0 &&
            now.mode == SRIOV_ESWITCH_MODE_SWITCHDEV && (r = empty_rates(run, k, 0)) < 0)
                return r;
        return set_mode(run, k, SRIOV_ESWITCH_MODE_LEGACY, run->flags);
}

/* Whether the host has the PF in the mode the target wants: a dry run can check rates only
 * against objects that exist. */
static bool mode_stays(const struct run *run, size_t k)
{
        const struct target_pf *tp = &run->t->pfs[k];

        return tp->eswitch_mode < 0 || tp->eswitch_mode == run->host->pfs[tp->host].eswitch_mode;
}

/*
 * Make PF @k's rate groups @want (parents first): create those it lacks and set those that
 * differ; with @prune, delete those not in @want instead, children first. Against what the
 * kernel has now, so that it serves the apply and its undo alike. Returns 0 or -errno.
 */
static int converge_groups(struct run *run, size_t k, const struct sriov_rate_node *want,
                           size_t n_want, bool prune, unsigned int flags)
{
        struct sriov_rate_node *now = NULL;
        size_t n_now = 0, bad;
        int r = sriov_pf_get_rate_nodes(run->pfs[k], &now, &n_now);

        if (r < 0)
                return failed(run, r);
        if (prune)
                r = rate_groups_sort(now, n_now, &bad);
        for (size_t i = 0; !prune && r >= 0 && i < n_want; i++) {
                r = next_step(run);
                if (r < 0)
                        break;
                if (rate_group_find(now, n_now, want[i].name)) {
                        r = sriov_pf_set_rate_node(run->pfs[k], want[i].name, &want[i].rate,
                                                   flags);
                } else {
                        r = sriov_pf_new_rate_node(run->pfs[k], want[i].name, &want[i].rate,
                                                   flags);
                        r = r == 0 ? 1 : r;
                }
                if (r < 0)
                        failed(run, r);
                else if (r > 0 && run->done)
                        run->done[k].switchdev = true;
        }
        for (size_t i = n_now; prune && r >= 0 && i-- > 0;) {
                if (rate_group_find(want, n_want, now[i].name))
                        continue;
                r = next_step(run);
                if (r == 0 && (r = sriov_pf_del_rate_node(run->pfs[k], now[i].name, flags)) < 0)
                        failed(run, r);
                if (r == 0 && run->done)
                        run->done[k].switchdev = true;
        }
        free(now);
        return r < 0 ? r : 0;
}

static int phase_groups(struct run *run, size_t k, bool prune)
{
        const struct target_pf *tp = &run->t->pfs[k];

        /* Legacy mode's way there empties them (phase_eswitch_down()). */
        if (!tp->manage_groups || tp->eswitch_mode == SRIOV_ESWITCH_MODE_LEGACY)
                return 0;
        /* A dry run has no groups to check yet when the mode is still to change; the plan
         * checked the tree. Creating one checks nothing a dry run could: it is left out. */
        if (run->flags & SRIOV_DRY_RUN) {
                if (!mode_stays(run, k) || !prune)
                        return 0;
        }
        return converge_groups(run, k, tp->groups, tp->n_groups, prune,
                               run->flags & SRIOV_DRY_RUN);
}

static int phase_groups_set(struct run *run, size_t k)
{
        return phase_groups(run, k, false);
}

static int phase_groups_prune(struct run *run, size_t k)
{
        return phase_groups(run, k, true);
}

/* VF @i's leaf as @want has it; 1 when it changed. */
static int set_leaf(struct run *run, size_t k, unsigned int i, const struct sriov_rate *want,
                    unsigned int flags)
{
        struct sriov_vf *vf;
        int r = step_to_vf(run, k, i, &vf);

        if (r < 0)
                return r;
        r = sriov_vf_set_rate(vf, want, flags);
        sriov_vf_unref(vf);
        return r < 0 ? failed(run, r) : r;
}

/* No VF in a group, and no group: what devlink wants before legacy mode. */
static int empty_rates(struct run *run, size_t k, unsigned int flags)
{
        const struct sriov_rate out = { .mask = SRIOV_RATE_PARENT };
        unsigned int n = sriov_pf_get_num_vfs(run->pfs[k]);

        for (unsigned int i = 0; i < n; i++) {
                struct sriov_rate have;
                struct sriov_vf *vf;
                int r = sriov_pf_get_vf(run->pfs[k], i, &vf);

                if (r < 0)
                        return failed(run, r);
                r = sriov_vf_get_rate(vf, &have);
                sriov_vf_unref(vf);
                if (r == 0 && have.parent[0] && (r = set_leaf(run, k, i, &out, flags)) < 0)
                        return r;
        }
        return converge_groups(run, k, NULL, 0, true, flags);
}

static int phase_vf_rates(struct run *run, size_t k)
{
        const struct target_pf *tp = &run->t->pfs[k];
        const struct host_pf *h = &run->host->pfs[tp->host];
        bool dry = run->flags & SRIOV_DRY_RUN;

        if (dry && !mode_stays(run, k))
                return 0;
        for (unsigned int i = 0; i < tp->num_vfs; i++) {
                struct sriov_rate want = tp->vfs[i].rate;
                int r;

                /* A dry run checks a group to join only when it exists already. */
                if (dry && want.parent[0] && !rate_group_find(h->groups, h->n_groups, want.parent))
                        want.mask &= ~SRIOV_RATE_PARENT;
                if (!want.mask)
                        continue;
                r = set_leaf(run, k, i, &want, run->flags & (SRIOV_FORCE | SRIOV_DRY_RUN));
                if (r < 0)
                        return r;
                if (r > 0 && run->done)
                        run->done[k].switchdev = true;
        }
        return 0;
}

/* @word: "default", "none", or a driver's name (DRIVER_*). */
static int bind_word(struct sriov_vf *vf, const char *word, unsigned int flags)
{
        flags &= SRIOV_FORCE | SRIOV_DRY_RUN;
        if (strcmp(word, DRIVER_NONE) == 0)
                return sriov_vf_unbind_driver(vf, flags);
        return sriov_vf_bind_driver(vf, strcmp(word, DRIVER_DEFAULT) == 0 ? NULL : word, flags);
}

/* Whether @vf is on what @word says already (the driver, and the override that keeps it). */
static bool is_on(struct sriov_vf *vf, const char *word)
{
        char have[STATE_NAME_MAX];
        bool bound;

        host_vf_driver_word(sriov_vf_get_driver(vf), sriov_vf_get_driver_override(vf), have,
                            sizeof(have), &bound);
        return bound && strcmp(have, word) == 0;
}

/* Put VF @i of PF @k on @word, when it is not there already. Returns 1 when it changed, 0,
 * or -errno (the run's error then says why). */
static int bind_vf(struct run *run, size_t k, unsigned int i, const char *word,
                   unsigned int flags)
{
        struct sriov_vf *vf;
        int r = step_to_vf(run, k, i, &vf);

        if (r < 0)
                return r;
        /* 1 says the binding changed: a success, too. */
        r = is_on(vf, word) ? 0 : bind_word(vf, word, flags);
        sriov_vf_unref(vf);
        return r < 0 ? failed(run, r) : r;
}

static int phase_drivers(struct run *run, size_t k)
{
        const struct target_pf *tp = &run->t->pfs[k];

        for (unsigned int i = 0; i < tp->num_vfs; i++) {
                int r;

                if (!tp->vfs[i].driver[0])
                        continue;
                r = bind_vf(run, k, i, tp->vfs[i].driver, run->flags);
                if (r < 0)
                        return r;
                if (r > 0 && run->done)
                        run->done[k].driver[i] = true;
        }
        return 0;
}

typedef int (*phase_fn)(struct run *run, size_t k);

/* Every phase over every PF of the target. With SRIOV_DRY_RUN, phases after a resize are
 * skipped for that PF: the library would check them against VFs that do not exist yet. */
static int run_phases(struct run *run)
{
        static const phase_fn phases[] = {
                phase_autoprobe,    phase_num_vfs,      phase_eswitch_up, phase_groups_set,
                phase_settings,     phase_vf_rates,     phase_groups_prune,
                phase_eswitch_down, phase_drivers,
        };
        int r = 0;

        for (size_t p = 0; p < sizeof(phases) / sizeof(phases[0]) && r == 0; p++) {
                for (size_t k = 0; k < run->t->n_pfs && r == 0; k++) {
                        const struct target_pf *tp = &run->t->pfs[k];

                        if ((run->flags & SRIOV_DRY_RUN) && p >= 2 && tp->set_num_vfs &&
                            tp->num_vfs != run->host->pfs[tp->host].num_vfs)
                                continue;
                        r = phases[p](run, k);
                }
        }
        return r;
}

/* ---- verifying ------------------------------------------------------------------------------- */

void apply_result_free(struct apply_result *res)
{
        free(res->unverified);
        *res = (struct apply_result){ 0 };
}

/* VF @vf of target PF @k was set but cannot be read back; each VF once (the changes of one VF
 * come together in a plan). */
static int note_unverified(struct run *run, size_t k, unsigned int vf)
{
        struct apply_result *res = run->res;
        struct unverified_vf *grown;

        if (!res)
                return 0;
        if (res->n_unverified && res->unverified[res->n_unverified - 1].pf == k &&
            res->unverified[res->n_unverified - 1].vf == vf)
                return 0;
        grown = reallocarray(res->unverified, res->n_unverified + 1, sizeof(*grown));
        if (!grown) {
                snprintf(run->err, STATE_ERROR_MAX, "out of memory");
                return -ENOMEM;
        }
        grown[res->n_unverified++] = (struct unverified_vf){ k, vf };
        res->unverified = grown;
        return 0;
}

/* Read the host again; every field the target manages and the driver reports must match. */
static int verify(struct run *run)
{
        const struct host_state *before = run->host;
        const struct target *t = run->t;
        struct host_state now;
        struct plan p = { 0 };
        char *err = run->err;
        int r;

        r = next_step(run);
        if (r < 0)
                return r;
        r = host_state_read(run->ctx, &now);
        if (r < 0)
                return failed(run, r);
        /* The target points into the host's PF list: it must still be the same list. */
        for (size_t k = 0; k < before->n_pfs && r == 0; k++)
                if (now.n_pfs != before->n_pfs || strcmp(now.pfs[k].name, before->pfs[k].name) != 0) {
                        snprintf(err, STATE_ERROR_MAX,
                                 "PF %s: gone or moved during the apply (a hot-unplug?)",
                                 before->pfs[k].name);
                        r = -ENODEV;
                }
        if (r == 0 && plan_compute(&now, t, &p) < 0) {
                snprintf(err, STATE_ERROR_MAX, "out of memory");
                r = -ENOMEM;
        }
        for (size_t i = 0; i < p.n && r == 0; i++) {
                const struct change *c = &p.changes[i];
                const struct host_pf *h = &now.pfs[t->pfs[c->pf].host];
                char have[32], want[32], vf_label[HOST_VF_LABEL_MAX] = "";

                if (c->vf >= 0)
                        host_vf_label(h, (unsigned int)c->vf, vf_label, sizeof(vf_label));
                /* A field the driver does not report cannot be checked; its set was acked. A VF
                 * the kernel's list leaves out is named, once, as not verified. */
                if (!c->from_known && c->field == CHANGE_VF_CONFIG) {
                        if (c->vf >= 0 && (unsigned int)c->vf < h->num_vfs &&
                            h->vfs[c->vf].unlisted)
                                r = note_unverified(run, c->pf, (unsigned int)c->vf);
                        continue;
                }
                if (c->field == CHANGE_ESWITCH_MODE)
                        snprintf(err, STATE_ERROR_MAX,
                                 "PF %s: eswitch_mode: the kernel reports %s after the apply, "
                                 "not %s", h->name,
                                 c->from_known ? sriov_eswitch_value_to_string(
                                                         SRIOV_ESWITCH_MODE, (int)c->from_n)
                                               : "none",
                                 sriov_eswitch_value_to_string(SRIOV_ESWITCH_MODE, (int)c->to_n));
                else if (c->field == CHANGE_RATE_GROUP)
                        snprintf(err, STATE_ERROR_MAX,
                                 "PF %s: rate group %s: %s after the apply", h->name,
                                 c->to_known ? c->to_rate.name : c->from_rate.name,
                                 !c->from_known ? "missing"
                                 : !c->to_known ? "still there"
                                                : "not as asked");
                else if (c->field == CHANGE_VF_RATE)
                        snprintf(err, STATE_ERROR_MAX,
                                 "VF %s: %s: %s after the apply", vf_label,
                                 change_key(c),
                                 c->from_known ? "not as asked" : "no devlink rate leaf");
                else if (c->vf < 0)
                        snprintf(err, STATE_ERROR_MAX,
                                 "PF %s: %s: the kernel reports %u after the apply, not %u",
                                 h->name, change_key(c), c->from_n, c->to_n);
                else if (c->field == CHANGE_DRIVER)
                        snprintf(err, STATE_ERROR_MAX,
                                 "VF %s: driver: %s after the apply, not %s", vf_label,
                                 c->from_driver, c->to_driver);
                else
                        snprintf(err, STATE_ERROR_MAX,
                                 "VF %s: %s: the driver reports %s after the apply, not %s",
                                 vf_label, change_key(c),
                                 text_vf_field(c->config_bit, &c->from_cfg, have, sizeof(have)),
                                 text_vf_field(c->config_bit, &c->to_cfg, want, sizeof(want)));
                r = -EIO;
        }
        plan_free(&p);
        host_state_free(&now);
        return r;
}

/* ---- undoing what the run did -------------------------------------------------------------------- */

/* The fields of @mask that the snapshot knows, as a config to set; what it does not know
 * cannot be put back and is named in @unknown. */
static struct sriov_vf_config snapshot_fields(const struct host_vf *hv, uint32_t mask,
                                              uint32_t *unknown)
{
        struct sriov_vf_config c = hv->cfg;

        /* The library sends a VLAN or rate field with the rest of its group. */
        if (mask & (SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO))
                mask |= SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO;
        *unknown |= mask & ~hv->cfg.mask;
        c.mask = mask & hv->cfg.mask;
        return c;
}

/* Settings of VFs [@from, @to) of PF @k back as the snapshot had them: the fields this run
 * changed (@all false), or every field it knows (VFs the run recreated). */
static int undo_settings(struct run *run, size_t k, unsigned int from, unsigned int to, bool all)
{
        const struct host_pf *h = &run->host->pfs[run->t->pfs[k].host];
        unsigned int *idx = calloc(to + 1, sizeof(*idx));
        struct sriov_vf_config *cfgs = calloc(to + 1, sizeof(*cfgs));
        uint32_t unknown = 0;
        size_t n = 0;
        int r = -ENOMEM;

        if (idx && cfgs) {
                for (unsigned int i = from; i < to && i < h->num_vfs; i++) {
                        uint32_t mask = all ? h->vfs[i].cfg.mask
                                        : i < run->t->pfs[k].num_vfs ? run->done[k].cfg[i] : 0;

                        if (!mask)
                                continue;
                        cfgs[n] = snapshot_fields(&h->vfs[i], mask, &unknown);
                        if (cfgs[n].mask)
                                idx[n++] = i;
                }
                r = n ? next_step(run) : 0;
                if (r == 0 && n && (r = sriov_pf_set_vf_configs(run->pfs[k], idx, cfgs, n, 0,
                                                               NULL)) < 0)
                        failed(run, r);
                if (r == 0 && unknown) {
                        snprintf(run->err, STATE_ERROR_MAX,
                                 "PF %s: settings the driver did not report before the apply "
                                 "cannot be put back (mask 0x%x)", h->name, unknown);
                        r = -ENODATA;
                }
        }
        free(idx);
        free(cfgs);
        return r;
}

/* Drivers of VFs [@from, @to): @word for each, or the snapshot's with @word NULL. Only the VFs
 * @only marks, unless it is NULL. */
static int undo_drivers(struct run *run, size_t k, unsigned int from, unsigned int to,
                        const bool *only, const char *word)
{
        const struct host_pf *h = &run->host->pfs[run->t->pfs[k].host];

        for (unsigned int i = from; i < to; i++) {
                const char *want = word ? word : i < h->num_vfs ? h->vfs[i].driver : DRIVER_DEFAULT;
                int r;

                if (only && !only[i])
                        continue;
                r = bind_vf(run, k, i, want, 0);
                if (r < 0)
                        return r;
        }
        return 0;
}

/*
 * The eswitch mode, rate groups and leaves of PF @k back as the snapshot had them: the mode
 * first (legacy takes every rate object away), then groups (parents first), every VF's leaf,
 * and the groups this run made deleted. The host lock kept every other libsriov user out, so
 * what differs from the snapshot is this run's.
 */
static int undo_switchdev(struct run *run, size_t k)
{
        const struct host_pf *h = &run->host->pfs[run->t->pfs[k].host];
        int r;

        if (h->eswitch_mode < 0)
                return 0;
        if (h->eswitch_mode == SRIOV_ESWITCH_MODE_LEGACY) {
                struct sriov_eswitch now;

                r = 0;
                if (sriov_pf_get_eswitch(run->pfs[k], &now) == 0 &&
                    now.mode == SRIOV_ESWITCH_MODE_SWITCHDEV)
                        r = empty_rates(run, k, 0);
                return r < 0 ? r : set_mode(run, k, SRIOV_ESWITCH_MODE_LEGACY, 0);
        }
        r = set_mode(run, k, SRIOV_ESWITCH_MODE_SWITCHDEV, 0);
        if (r == 0)
                r = converge_groups(run, k, h->groups, h->n_groups, false, 0);
        for (unsigned int i = 0; r == 0 && i < h->num_vfs; i++) {
                if (h->vfs[i].rate.mask)
                        r = set_leaf(run, k, i, &h->vfs[i].rate, 0);
                r = r < 0 ? r : 0;
        }
        if (r == 0)
                r = converge_groups(run, k, h->groups, h->n_groups, true, 0);
        return r;
}

/* Undo the run on PF @k, last step first. */
static int undo_pf(struct run *run, size_t k)
{
        const struct host_pf *h = &run->host->pfs[run->t->pfs[k].host];
        const struct done_pf *d = &run->done[k];
        unsigned int now = sriov_pf_get_num_vfs(run->pfs[k]);
        unsigned int keep = now < h->num_vfs ? now : h->num_vfs;

        int r = 0;

        /* drivers_autoprobe first: it decides what "the default driver" is for the binds
         * below (none, while it is off) and what VFs a resize back gets. */
        if (d->autoprobe) {
                r = next_step(run);
                if (r == 0 && (r = sriov_pf_set_drivers_autoprobe(run->pfs[k],
                                                                   h->drivers_autoprobe == 1,
                                                                   0)) < 0)
                        failed(run, r);
                r = r < 0 ? r : 0;
        }
        /* Drivers, so that no VF it bound stands in the way of a resize: VFs that the resize
         * back recreates anyway go to the default driver, the rest to their old one. */
        if (r == 0)
                r = undo_drivers(run, k, 0,
                                 now < run->t->pfs[k].num_vfs ? now : run->t->pfs[k].num_vfs,
                                 d->driver, d->resized ? DRIVER_DEFAULT : NULL);
        /* Settings of VFs that stay: a resize back keeps what they have then. */
        if (r == 0)
                r = undo_settings(run, k, 0, keep, false);
        if (r == 0 && d->resized) {
                r = next_step(run);
                if (r == 0 && (r = sriov_pf_set_num_vfs(run->pfs[k], h->num_vfs, 0)) < 0)
                        failed(run, r);
                /* VFs the run's resize had removed come back new: every setting they had. */
                if (r == 0)
                        r = undo_settings(run, k, keep, h->num_vfs, true);
        }
        /* The mode and rates once the VFs are back (a resize may have reset them), and
         * before the drivers: the mode is not changed under a VF on vfio-pci. */
        if (r == 0 && (d->switchdev || d->resized))
                r = undo_switchdev(run, k);
        /* Every VF came back on the default driver: the one it had. */
        if (r == 0 && d->resized)
                r = undo_drivers(run, k, 0, h->num_vfs, NULL, NULL);
        return r;
}

static int undo(struct run *run)
{
        int r = 0;

        for (size_t k = run->t->n_pfs; k-- > 0 && r == 0;)
                r = undo_pf(run, k);
        return r;
}

/* ---- the entry points ------------------------------------------------------------------------ */

static void run_init(struct run *run, struct sriov_ctx *ctx, const struct host_state *host,
                     const struct target *t, const struct apply_opts *opts, unsigned int flags,
                     char *err)
{
        *run = (struct run){ .ctx = ctx, .host = host, .t = t, .opts = opts, .flags = flags,
                             .err = err };
        err[0] = '\0';
        if (opts && opts->deadline_msec)
                run->deadline = sriov_now_msec() + opts->deadline_msec;
}

/*
 * After the run failed with @r (whatever the failure, an allocation's too: the host must not
 * stay half applied), undo what it changed, and only that: without force, with a deadline of
 * its own, and not to be stopped by another signal (held back meanwhile, the stop signals
 * cannot end one of the library's waits; one that comes is delivered after). The run's error
 * gets whether it worked.
 */
static void undo_after(struct run *run, int r, struct apply_opts *undo_opts)
{
        char why[STATE_ERROR_MAX] = "";
        char *err = run->err;
        sigset_t held;
        bool hold;
        size_t len;
        int r2;

        if (r == -ENOMEM && !err[0])
                snprintf(err, STATE_ERROR_MAX, "out of memory");
        hold = undo_opts->stop_signals &&
               sigprocmask(SIG_BLOCK, undo_opts->stop_signals, &held) == 0;
        undo_opts->stop = NULL;
        run->opts = undo_opts;
        run->err = why;
        run->deadline = undo_opts->deadline_msec ? sriov_now_msec() + undo_opts->deadline_msec : 0;
        r2 = undo(run);
        if (hold)
                sigprocmask(SIG_SETMASK, &held, NULL);
        if (r2 == -ENOMEM && !why[0])
                snprintf(why, sizeof(why), "out of memory");
        run->err = err;
        len = strlen(err);
        if (r2 == 0)
                snprintf(err + len, STATE_ERROR_MAX - len,
                         "; everything this apply changed was put back");
        else
                snprintf(err + len, STATE_ERROR_MAX - len,
                         "; putting back what this apply changed failed too: %s", why);
}

int state_apply(struct sriov_ctx *ctx, const struct host_state *host, const struct target *t,
                const struct apply_opts *opts, unsigned int flags, struct apply_result *res,
                char err[STATE_ERROR_MAX])
{
        struct apply_opts undo_opts = opts ? *opts : (struct apply_opts){ 0 };
        struct run run;
        int r;

        run_init(&run, ctx, host, t, opts, flags & SRIOV_FORCE, err);
        run.res = res;
        if (!undo_opts.timeout_msec)
                undo_opts.timeout_msec = sriov_ctx_get_timeout(ctx);
        if (opts && !opts->timeout_msec)
                run.opts = &undo_opts;
        /* Before the first phase nothing has changed: a failure there has nothing to undo. */
        r = done_new(&run);
        if (r == 0)
                r = open_pfs(&run);
        if (r == 0) {
                r = run_phases(&run);
                if (r == 0)
                        r = verify(&run);
                if (r < 0)
                        undo_after(&run, r, &undo_opts);
        }
        if (r == -ENOMEM && !err[0])
                snprintf(err, STATE_ERROR_MAX, "out of memory");

        if (opts && opts->timeout_msec)
                sriov_ctx_set_timeout(ctx, opts->timeout_msec);
        close_pfs(&run);
        done_free(&run);
        return r;
}

int state_check(struct sriov_ctx *ctx, const struct host_state *host, const struct target *t,
                unsigned int flags, char err[STATE_ERROR_MAX])
{
        struct run run;
        int r;

        run_init(&run, ctx, host, t, NULL, (flags & SRIOV_FORCE) | SRIOV_DRY_RUN, err);
        r = open_pfs(&run);
        if (r == 0)
                r = run_phases(&run);
        if (r == -ENOMEM && !err[0])
                snprintf(err, STATE_ERROR_MAX, "out of memory");
        close_pfs(&run);
        return r;
}
