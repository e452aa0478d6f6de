/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl vf bind VF DRIVER|default, vf unbind VF; VF may be PF/all. Several VFs go all or
 * nothing: each is checked first (a dry run of the library call), and when VF k fails after
 * that, VFs 0..k-1 are put back on the driver and override they had.
 */
#include <stdlib.h>
#include <string.h>

#include "sriovctl.h"

/* One VF of the command, and what it had before. */
struct target {
        struct sriov_vf *vf;
        char *old_driver, *old_override; /* NULL for none */
        int result;                      /* 1 changed (or would), 0 already so */
};

struct binding {
        const char *driver; /* NULL: the host default */
        bool unbind;
        struct target *t;
        size_t n;
};

static char *dup_or_null(const char *s)
{
        char *d = s ? strdup(s) : NULL;

        if (s && !d)
                abort(); /* a CLI out of memory has nothing better to do */
        return d;
}

/* "PF/all" means every VF of PF; anything else is one VF. */
static int collect(struct cli *cli, const char *name, struct binding *b)
{
        const char *slash = strrchr(name, '/');
        struct sriov_vf **vfs = NULL;
        size_t n = 0;

        if (slash && strcmp(slash + 1, "all") == 0) {
                char *pf_name = strndup(name, (size_t)(slash - name));
                struct sriov_pf *pf = NULL;
                int r;

                if (!pf_name)
                        abort();
                r = sriov_pf_new_from_name(cli->ctx, pf_name, &pf);
                free(pf_name);
                if (r < 0)
                        return cli_fail(cli);
                n = pf_collect_vfs(cli, pf, &vfs);
                sriov_pf_unref(pf);
        } else {
                vfs = calloc(1, sizeof(*vfs));
                if (!vfs)
                        abort();
                if (sriov_vf_new_from_name(cli->ctx, name, &vfs[0]) < 0) {
                        free(vfs);
                        return cli_fail(cli);
                }
                n = 1;
        }
        b->t = calloc(n ? n : 1, sizeof(*b->t));
        if (!b->t)
                abort();
        for (size_t i = 0; i < n; i++) {
                b->t[i].vf = vfs[i];
                b->t[i].old_driver = dup_or_null(sriov_vf_get_driver(vfs[i]));
                b->t[i].old_override = dup_or_null(sriov_vf_get_driver_override(vfs[i]));
        }
        b->n = n;
        free(vfs);
        return EXIT_OK;
}

static void binding_free(struct binding *b)
{
        for (size_t i = 0; i < b->n; i++) {
                sriov_vf_unref(b->t[i].vf);
                free(b->t[i].old_driver);
                free(b->t[i].old_override);
        }
        free(b->t);
}

static int apply(struct binding *b, struct target *t, unsigned int flags)
{
        return b->unbind ? sriov_vf_unbind_driver(t->vf, flags)
                         : sriov_vf_bind_driver(t->vf, b->driver, flags);
}

/* Back to the driver and override @t had, as near as the library's calls allow. */
static int put_back(struct target *t)
{
        const char *now;
        int r;

        if (t->old_override && strcmp(t->old_override, "none") == 0 && !t->old_driver)
                return sriov_vf_unbind_driver(t->vf, SRIOV_FORCE);
        if (t->old_override)
                return sriov_vf_bind_driver(t->vf, t->old_override, SRIOV_FORCE);
        r = sriov_vf_bind_driver(t->vf, NULL, SRIOV_FORCE);
        now = sriov_vf_get_driver(t->vf);
        /* Bound by ID table or new_id before, not by the kernel's own choice. */
        if (r >= 0 && t->old_driver && (!now || strcmp(now, t->old_driver) != 0))
                r = sriov_vf_bind_driver(t->vf, t->old_driver, SRIOV_FORCE);
        return r;
}

/* Undo VFs 0..@k-1 after VF k failed, and say so after the library's message. */
static int roll_back(struct cli *cli, struct binding *b, size_t k)
{
        size_t undone = 0;

        fprintf(stderr, "sriovctl: %s", sriov_ctx_get_error(cli->ctx));
        for (size_t i = 0; i < k; i++) {
                if (b->t[i].result != 1)
                        continue;
                if (put_back(&b->t[i]) < 0) {
                        fprintf(stderr, "; putting back %s failed: %s",
                                sriov_vf_get_pci_address(b->t[i].vf),
                                sriov_ctx_get_error(cli->ctx));
                        continue;
                }
                fprintf(stderr, "%s%s", undone++ ? ", " : "; put back ",
                        sriov_vf_get_pci_address(b->t[i].vf));
        }
        fputc('\n', stderr);
        return EXIT_FAILED;
}

/* "0000:01:10.0 (enp1s0/0)" */
static void vf_label(struct sriov_vf *vf, char *buf, size_t size)
{
        struct sriov_pf *pf = sriov_vf_get_pf(vf);
        const char *pf_name = sriov_pf_get_ifname(pf) ? sriov_pf_get_ifname(pf)
                                                      : sriov_pf_get_pci_address(pf);

        snprintf(buf, size, "%s (%s/%u)", sriov_vf_get_pci_address(vf), pf_name,
                 sriov_vf_get_index(vf));
}

static void print_text(struct cli *cli, struct binding *b)
{
        for (size_t i = 0; i < b->n; i++) {
                struct target *t = &b->t[i];
                const char *from = t->old_driver ? t->old_driver : "no driver";
                char label[96];

                vf_label(t->vf, label, sizeof(label));
                if (t->result == 0)
                        printf("%s: nothing to change\n", label);
                else if (!cli->dry_run)
                        printf("%s: driver %s -> %s\n", label, from,
                               sriov_vf_get_driver(t->vf) ? sriov_vf_get_driver(t->vf) : "none");
                else if (b->unbind && t->old_driver)
                        printf("would unbind %s from %s\n", label, from);
                else if (b->unbind)
                        printf("would keep %s without a driver (driver_override none)\n", label);
                else if (b->driver)
                        printf("would bind %s to %s (now %s)\n", label, b->driver, from);
                else
                        printf("would give %s back to its host driver (now %s)\n", label, from);
        }
}

static void print_json(struct cli *cli, struct binding *b)
{
        struct json_object *o = json_object_new_object(), *vfs = json_object_new_array();
        bool changed = false;

        for (size_t i = 0; i < b->n; i++) {
                struct target *t = &b->t[i];
                /* With -n: the driver asked for; unknown (null) for the default and unbind. */
                const char *driver = !cli->dry_run || t->result == 0 ? sriov_vf_get_driver(t->vf)
                                     : b->unbind                     ? NULL
                                                                     : b->driver;

                changed |= t->result == 1;
                json_object_array_add(vfs, json_vf_binding(t->vf, driver, t->old_driver));
        }
        json_object_object_add(o, "changed", json_object_new_boolean(changed));
        json_object_object_add(o, "dry_run", json_object_new_boolean(cli->dry_run));
        json_object_object_add(o, "vfs", vfs);
        json_print(cli, o);
}

static int run(struct cli *cli, const char *name, struct binding *b)
{
        unsigned int flags = cli->force ? SRIOV_FORCE : 0;
        int r = collect(cli, name, b);

        if (r != EXIT_OK)
                return r;
        /* Everything is checked before anything changes, so a refusal changes nothing. */
        if (b->n > 1 || cli->dry_run) {
                for (size_t i = 0; i < b->n; i++) {
                        b->t[i].result = apply(b, &b->t[i], flags | SRIOV_DRY_RUN);
                        if (b->t[i].result < 0)
                                return cli_fail(cli);
                }
        }
        if (!cli->dry_run) {
                for (size_t i = 0; i < b->n; i++) {
                        b->t[i].result = apply(b, &b->t[i], flags);
                        if (b->t[i].result < 0)
                                return b->n > 1 ? roll_back(cli, b, i) : cli_fail(cli);
                }
        }
        if (cli->json)
                print_json(cli, b);
        else if (cli->dry_run || cli->verbose)
                print_text(cli, b);
        return EXIT_OK;
}

int vf_bind(struct cli *cli, int argc, char **argv)
{
        struct binding b = { 0 };
        int r;

        if (argc != 2)
                return usage_error("vf bind: expected a VF and a driver, as in: "
                                   "sriovctl vf bind eth0/3 vfio-pci (or default)");
        b.driver = strcmp(argv[1], "default") == 0 ? NULL : argv[1];
        r = run(cli, argv[0], &b);
        binding_free(&b);
        return r;
}

int vf_unbind(struct cli *cli, int argc, char **argv)
{
        struct binding b = { .unbind = true };
        int r;

        if (argc != 1)
                return usage_error("vf unbind: expected one VF, as in: sriovctl vf unbind eth0/3");
        r = run(cli, argv[0], &b);
        binding_free(&b);
        return r;
}
