/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `sriovctl apply FILE|-` and `sriovctl dump`: the host's SR-IOV state as a document, and a
 * document made the host's state. state.h says how the work is split.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rate-units.h"
#include "sriovctl.h"
#include "state.h"

#define APPLY_USAGE "apply " APPLY_ARGS

static char *read_document(const char *name, char *err)
{
        FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "re");
        size_t len = 0, size = 4096;
        char *buf = NULL;

        if (!f) {
                snprintf(err, STATE_ERROR_MAX, "%s: cannot open it: %s", name, strerror(errno));
                return NULL;
        }
        for (;;) {
                char *grown = realloc(buf, size + 1);

                if (!grown) {
                        snprintf(err, STATE_ERROR_MAX, "%s: out of memory", name);
                        break;
                }
                buf = grown;
                len += fread(buf + len, 1, size - len, f);
                if (ferror(f)) {
                        snprintf(err, STATE_ERROR_MAX, "%s: cannot read it: %s", name,
                                 strerror(errno));
                        break;
                }
                if (len < size) {
                        buf[len] = '\0';
                        if (f != stdin)
                                fclose(f);
                        if (strlen(buf) != len) {
                                snprintf(err, STATE_ERROR_MAX, "%s: not a JSON text (a NUL byte)",
                                         name);
                                free(buf);
                                return NULL;
                        }
                        return buf;
                }
                if (size >= DOC_MAX_BYTES) {
                        snprintf(err, STATE_ERROR_MAX, "%s: larger than %u MiB", name,
                                 DOC_MAX_BYTES >> 20);
                        break;
                }
                size *= 2;
        }
        if (f != stdin)
                fclose(f);
        free(buf);
        return NULL;
}

/* ---- the plan, as text and as JSON ---- */

static const char *on_off(unsigned int v)
{
        return v ? "on" : "off";
}

/* A rate group as devlink(8) shows one: "tx_share 10Mbit tx_max 100Mbit parent g0". */
static void text_group(const struct sriov_rate *r, char *buf, size_t size)
{
        char share[32], max[32];

        snprintf(buf, size, "tx_share %s tx_max %s%s%s",
                 sriov_rate_format(r->tx_share, share, sizeof(share)),
                 sriov_rate_format(r->tx_max, max, sizeof(max)), r->parent[0] ? " parent " : "",
                 r->parent);
}

static void text_value(const struct change *c, bool to, char *buf, size_t size)
{
        const struct sriov_rate *rate = to ? &c->to_rate.rate : &c->from_rate.rate;

        if (to && !c->to_known) {
                snprintf(buf, size, "deleted");
                return;
        }
        switch (c->field) {
        case CHANGE_ESWITCH_MODE:
                snprintf(buf, size, "%s",
                         sriov_eswitch_value_to_string(SRIOV_ESWITCH_MODE,
                                                       (int)(to ? c->to_n : c->from_n)));
                break;
        case CHANGE_RATE_GROUP: text_group(rate, buf, size); break;
        case CHANGE_VF_RATE:
                if (c->config_bit == SRIOV_RATE_PARENT)
                        snprintf(buf, size, "%s", rate->parent[0] ? rate->parent : "none");
                else
                        sriov_rate_format(c->config_bit == SRIOV_RATE_TX_SHARE ? rate->tx_share
                                                                               : rate->tx_max,
                                          buf, size);
                break;
        case CHANGE_AUTOPROBE: snprintf(buf, size, "%s", on_off(to ? c->to_n : c->from_n)); break;
        case CHANGE_NUM_VFS: snprintf(buf, size, "%u", to ? c->to_n : c->from_n); break;
        case CHANGE_DRIVER: snprintf(buf, size, "%s", to ? c->to_driver : c->from_driver); break;
        case CHANGE_VF_CONFIG: {
                char tmp[32];

                snprintf(buf, size, "%s",
                         text_vf_field(c->config_bit, to ? &c->to_cfg : &c->from_cfg, tmp,
                                       sizeof(tmp)));
                break;
        }
        }
}

static void print_plan_text(const struct host_state *host, const struct target *t,
                            const struct plan *p)
{
        for (size_t i = 0; i < p->n; i++) {
                const struct change *c = &p->changes[i];
                const struct host_pf *h = &host->pfs[t->pfs[c->pf].host];
                char from[128], to[128], key[96], label[HOST_VF_LABEL_MAX];

                text_value(c, false, from, sizeof(from));
                text_value(c, true, to, sizeof(to));
                if (c->field == CHANGE_RATE_GROUP)
                        snprintf(key, sizeof(key), "rate group %s",
                                 c->to_known ? c->to_rate.name : c->from_rate.name);
                else
                        snprintf(key, sizeof(key), "%s", change_key(c));
                if (c->vf < 0)
                        printf("PF %s%s%s%s: ", h->name, h->ifname[0] ? " (" : "", h->ifname,
                               h->ifname[0] ? ")" : "");
                else
                        printf("VF %s: ", host_vf_label(h, (unsigned int)c->vf, label,
                                                        sizeof(label)));
                if (c->from_known)
                        printf("%s %s -> %s\n", key, from, to);
                else
                        printf("%s -> %s\n", key, to);
        }
}

/* "Not verified ...: VF enp1s0/334-999, enp2s0/5": runs of VFs as ranges. */
static void print_unverified(const struct host_state *host, const struct target *t,
                             const struct apply_result *res)
{
        const struct unverified_vf *u = res->unverified;

        if (!res->n_unverified)
                return;
        printf("Not verified, the kernel's VF list leaves them out (past about 330 VFs):");
        for (size_t i = 0, j; i < res->n_unverified; i = j + 1) {
                const struct host_pf *h = &host->pfs[t->pfs[u[i].pf].host];

                for (j = i; j + 1 < res->n_unverified && u[j + 1].pf == u[i].pf &&
                            u[j + 1].vf == u[j].vf + 1;
                     j++)
                        ;
                /* Runs of VFs by the PF/INDEX of their labels (host_vf_label()). */
                printf("%s %s/%u", i ? "," : " VF", h->ifname[0] ? h->ifname : h->name, u[i].vf);
                if (j > i)
                        printf("-%u", u[j].vf);
        }
        printf(".\n");
}

static void print_result(struct cli *cli, const struct host_state *host, const struct target *t,
                         const struct plan *p, const struct apply_result *res)
{
        if (cli->json) {
                json_print(cli, state_plan_json(host, t, p, res, cli->dry_run));
                return;
        }
        print_plan_text(host, t, p);
        if (p->n == 0)
                puts("No changes.");
        else if (cli->dry_run)
                printf("%zu change%s planned (dry run, nothing applied).\n", p->n,
                       p->n == 1 ? "" : "s");
        else
                printf("%zu change%s applied.\n", p->n, p->n == 1 ? "" : "s");
        print_unverified(host, t, res);
}

/* ---- apply ---- */

struct apply_run {
        /* --pf: the PFs to apply the document to, the others left alone; none: every PF. */
        const char **pf_names;
        size_t n_pf_names;
        bool *only; /* over host.pfs: those pf_names name */
        struct state_doc doc;
        struct host_state host;
        struct target target;
        struct plan plan;
        struct apply_opts opts;
        struct apply_result res;
        bool locked;
};

/* The signal that asked the apply to stop (SIGTERM from systemd, ^C), or 0. */
static volatile sig_atomic_t stop_signal;

static void ask_to_stop(int signo)
{
        stop_signal = signo;
}

/*
 * While the host changes, SIGTERM, SIGINT and SIGHUP ask the apply to stop and put back what
 * it changed, rather than end it half way: at its next step, or at once during a wait of the
 * library (for VFs, a driver), which a signal ends with -EINTR (libsriov(3), "Waits and
 * signals"), so a stop takes effect in moments, not at the end of a 30 s timeout. The undo
 * holds them back (@stop_signals), so that a second one does not cut the undo short. Before
 * this (the host lock, the plan) they end sriovctl as usual: nothing has changed yet.
 */
static void catch_stop_signals(bool on, sigset_t *stop_signals)
{
        struct sigaction sa = { .sa_handler = on ? ask_to_stop : SIG_DFL };
        static const int signals[] = { SIGTERM, SIGINT, SIGHUP };

        sigemptyset(&sa.sa_mask);
        sigemptyset(stop_signals);
        for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
                sigaction(signals[i], &sa, NULL);
                sigaddset(stop_signals, signals[i]);
        }
}

static int say(const char *what, const char *err, int status)
{
        fprintf(stderr, "sriovctl: %s%s\n", what, err);
        return status;
}

/* Whether @name (a --pf word) names @h: by PCI address, the short form too, by netdevsim
 * device, or by netdev, as documents and the other commands name PFs. */
static bool pf_named(const struct host_pf *h, const char *name)
{
        char pci[SRIOV_PCI_ADDR_MAX];

        if (sriov_pci_addr_canonical(name, pci) == 0)
                return h->is_pci && strcmp(pci, h->name) == 0;
        return strcmp(name, h->name) == 0 || (h->ifname[0] && strcmp(name, h->ifname) == 0);
}

/* run->only from run->pf_names; a name no PF of the host has is an error (it is away again,
 * or misspelt): 0, or EXIT_FAILED after saying which. */
static int select_pfs(struct apply_run *run)
{
        run->only = calloc(run->host.n_pfs + 1, sizeof(*run->only));
        if (!run->only)
                return say("apply: ", strerror(ENOMEM), EXIT_FAILED);
        for (size_t i = 0; i < run->n_pf_names; i++) {
                bool found = false;

                for (size_t h = 0; h < run->host.n_pfs; h++) {
                        if (pf_named(&run->host.pfs[h], run->pf_names[i]))
                                found = run->only[h] = true;
                }
                if (!found) {
                        fprintf(stderr, "sriovctl: apply: --pf \"%s\": no SR-IOV capable PF has "
                                "this PCI address or name\n", run->pf_names[i]);
                        return EXIT_FAILED;
                }
        }
        return 0;
}

/* With --pf, the selected PFs the document does not describe, in text: nothing to do there. */
static void print_not_described(const struct apply_run *run, const char *source)
{
        for (size_t h = 0; h < run->host.n_pfs; h++) {
                const struct host_pf *p = &run->host.pfs[h];
                bool described = false;

                if (!run->only[h])
                        continue;
                for (size_t k = 0; k < run->target.n_pfs; k++)
                        described |= run->target.pfs[k].host == h;
                if (!described)
                        printf("PF %s%s%s%s: %s does not describe it, nothing to do.\n", p->name,
                               p->ifname[0] ? " (" : "", p->ifname, p->ifname[0] ? ")" : "",
                               source);
        }
}

static int apply_document(struct cli *cli, const char *name, struct apply_run *run)
{
        const char *source = strcmp(name, "-") == 0 ? "<stdin>" : name;
        char err[STATE_ERROR_MAX] = "";
        char *text;
        int r;

        text = read_document(name, err);
        if (!text)
                return say("", err, EXIT_FAILED);
        r = state_doc_parse(source, text, &run->doc, err);
        free(text);
        if (r < 0)
                return say("", err, EXIT_USAGE);

        /*
         * The host lock from before the host is read until it is verified: the plan is made
         * against the state another change leaves, and no other change (an apply, a vf set, an
         * acquire) comes in between. A dry run only waits for a shared hold, and goes ahead
         * without one (no rights to the lease directory).
         */
        run->locked = sriov_ctx_lock_host(cli->ctx, cli->dry_run ? SRIOV_LOCK_SHARED : 0) == 0;
        if (!run->locked && !cli->dry_run)
                return cli_fail(cli);

        r = host_state_read(cli->ctx, &run->host);
        if (r < 0)
                return cli_fail(cli);
        if (run->n_pf_names) {
                r = select_pfs(run);
                if (r)
                        return r;
        }
        r = target_resolve_only(&run->doc, &run->host, run->only, &run->target, err);
        if (r < 0) {
                fprintf(stderr, "sriovctl: %s: %s\n", source, err);
                return EXIT_FAILED;
        }
        r = plan_compute(&run->host, &run->target, &run->plan);
        if (r < 0)
                return say("apply: ", strerror(-r), EXIT_FAILED);

        if (cli->dry_run) {
                r = state_check(cli->ctx, &run->host, &run->target, cli->force ? SRIOV_FORCE : 0,
                                err);
                if (r < 0)
                        return say("apply: would fail: ", err, EXIT_FAILED);
        } else if (run->plan.n) {
                sigset_t stop_signals;

                run->opts.stop = &stop_signal;
                run->opts.stop_signals = &stop_signals;
                run->opts.timeout_msec = sriov_ctx_get_timeout(cli->ctx);
                catch_stop_signals(true, &stop_signals);
                r = state_apply(cli->ctx, &run->host, &run->target, &run->opts,
                                cli->force ? SRIOV_FORCE : 0, &run->res, err);
                catch_stop_signals(false, &stop_signals);
                if (r < 0)
                        return say("apply: ", err, EXIT_FAILED);
        }
        if (run->only && !cli->json)
                print_not_described(run, source);
        print_result(cli, &run->host, &run->target, &run->plan, &run->res);
        return EXIT_OK;
}

/* The words after "apply" into @run and @name: 0, or EXIT_USAGE after saying why. */
static int parse_apply_args(struct cli *cli, int argc, char **argv, struct apply_run *run,
                            const char **name)
{
        for (int i = 0; i < argc; i++) {
                if (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0) {
                        cli->dry_run = true;
                } else if (strcmp(argv[i], "--force") == 0 || strcmp(argv[i], "-f") == 0) {
                        cli->force = true;
                } else if (strcmp(argv[i], "--deadline") == 0) {
                        unsigned int s;

                        /* Whole seconds, up to a day, as --timeout. */
                        if (i + 1 >= argc || parse_uint_arg(argv[i + 1], 86400, &s) < 0 || s == 0)
                                return usage_error("apply: --deadline \"%s\": expected seconds, "
                                                   "1 to 86400", i + 1 < argc ? argv[i + 1] : "");
                        run->opts.deadline_msec = s * 1000;
                        i++;
                } else if (strcmp(argv[i], "--pf") == 0) {
                        if (i + 1 >= argc || !argv[i + 1][0])
                                return usage_error("apply: --pf: a PF is missing (" APPLY_USAGE
                                                   ")");
                        run->pf_names[run->n_pf_names++] = argv[++i];
                } else if (!*name && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
                        *name = argv[i];
                } else {
                        return usage_error("apply: unexpected \"%s\" (" APPLY_USAGE ")",
                                           argv[i]);
                }
        }
        if (!*name)
                return usage_error("apply: a document is missing (" APPLY_USAGE ")");
        return 0;
}

int apply_run(struct cli *cli, int argc, char **argv)
{
        struct apply_run run = { 0 };
        const char *name = NULL;
        int status;

        /* At most one --pf in every other word. */
        run.pf_names = calloc((size_t)argc / 2 + 1, sizeof(*run.pf_names));
        if (!run.pf_names)
                return say("apply: ", strerror(ENOMEM), EXIT_FAILED);
        status = parse_apply_args(cli, argc, argv, &run, &name);
        if (status == 0)
                status = apply_document(cli, name, &run);
        apply_result_free(&run.res);
        plan_free(&run.plan);
        target_free(&run.target);
        host_state_free(&run.host);
        state_doc_free(&run.doc);
        free(run.only);
        free(run.pf_names);
        if (run.locked)
                sriov_ctx_unlock_host(cli->ctx);
        return status;
}

/* ---- dump ---- */

int dump_run(struct cli *cli, int argc, char **argv)
{
        struct host_state host;
        bool locked;
        int r;

        (void)argv;
        if (argc > 0)
                return usage_error("dump: takes no arguments");
        /* A shared hold: never a half-applied state. Without one (no rights to the lease
         * directory) the dump still goes ahead. */
        locked = sriov_ctx_lock_host(cli->ctx, SRIOV_LOCK_SHARED) == 0;
        r = host_state_read(cli->ctx, &host);
        if (locked)
                sriov_ctx_unlock_host(cli->ctx);
        if (r < 0)
                return cli_fail(cli);
        /* A document is for people to edit, too. */
        cli->pretty = true;
        json_print(cli, state_dump_json(&host));
        host_state_free(&host);
        return EXIT_OK;
}
