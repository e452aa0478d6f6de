/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl vf bind VF DRIVER|default, vf unbind VF; VF may be PF/all, which the library does
 * all or nothing (sriov_pf_bind_vf_drivers()). Each VF is shown with the driver it had and the
 * one it has after, or with -n the one it would get.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pci-addr.h"
#include "sriovctl.h"

/* One VF of the command, as it was and as it ends up. */
struct bound_vf {
        unsigned int index;
        char pci[SRIOV_PCI_ADDR_MAX];
        char *label; /* sriov_vf_get_label(): "0000:01:10.0 (enp1s0/0)" */
        char *old_driver, *new_driver;  /* NULL for none */
        int would;                      /* with -n: 1 it would change, 0 it is so already */
};

struct binding {
        const char *driver; /* NULL: the host default */
        bool unbind;
        struct bound_vf *vfs;
        size_t n;
};

static char *dup_or_null(const char *s)
{
        char *d = s ? strdup(s) : NULL;

        if (s && !d)
                abort(); /* a CLI out of memory has nothing better to do */
        return d;
}

static void remember(struct bound_vf *b, struct sriov_vf *vf)
{
        const char *pci = sriov_vf_get_pci_address(vf);

        b->index = sriov_vf_get_index(vf);
        snprintf(b->pci, sizeof(b->pci), "%s", pci ? pci : "");
        b->label = dup_or_null(sriov_vf_get_label(vf));
        b->old_driver = dup_or_null(sriov_vf_get_driver(vf));
}

static int change(struct cli *cli, struct binding *b, struct sriov_vf *vf, unsigned int flags)
{
        (void)cli;
        return b->unbind ? sriov_vf_unbind_driver(vf, flags)
                         : sriov_vf_bind_driver(vf, b->driver, flags);
}

/* Every VF of a PF: what each has, what it would get; then the library binds them all. */
static int run_all(struct cli *cli, const char *pf_name, struct binding *b, unsigned int flags)
{
        struct sriov_pf *pf;
        int r;

        if (sriov_pf_new_from_name(cli->ctx, pf_name, &pf) < 0)
                return cli_fail(cli);
        b->n = sriov_pf_get_num_vfs(pf);
        b->vfs = calloc(b->n ? b->n : 1, sizeof(*b->vfs));
        if (!b->vfs)
                abort();
        /* One VF object at a time: a thousand VFs need no thousand open directories. */
        for (size_t i = 0; i < b->n; i++) {
                struct sriov_vf *vf;

                if (sriov_pf_get_vf(pf, (unsigned int)i, &vf) < 0) {
                        sriov_pf_unref(pf);
                        return cli_fail(cli);
                }
                remember(&b->vfs[i], vf);
                if (cli->dry_run)
                        b->vfs[i].would = change(cli, b, vf, flags);
                sriov_vf_unref(vf);
                if (b->vfs[i].would < 0) {
                        /* A VF in use: the refusal names every one, as the change's would. */
                        if (b->vfs[i].would == -EBUSY)
                                (void)(b->unbind ? sriov_pf_unbind_vf_drivers(pf, flags)
                                                 : sriov_pf_bind_vf_drivers(pf, b->driver,
                                                                            flags));
                        sriov_pf_unref(pf);
                        return cli_fail(cli);
                }
        }
        r = b->unbind ? sriov_pf_unbind_vf_drivers(pf, flags)
                      : sriov_pf_bind_vf_drivers(pf, b->driver, flags);
        if (r < 0) {
                sriov_pf_unref(pf);
                return cli_fail(cli);
        }
        for (size_t i = 0; i < b->n && !cli->dry_run; i++) {
                struct sriov_vf *vf;

                if (sriov_pf_get_vf(pf, b->vfs[i].index, &vf) == 0) {
                        b->vfs[i].new_driver = dup_or_null(sriov_vf_get_driver(vf));
                        sriov_vf_unref(vf);
                }
        }
        sriov_pf_unref(pf);
        return EXIT_OK;
}

static int run_one(struct cli *cli, const char *name, struct binding *b, unsigned int flags)
{
        struct sriov_vf *vf;
        int r;

        r = cli_vf_lookup(cli, name, &vf);
        if (r)
                return r;
        b->n = 1;
        b->vfs = calloc(1, sizeof(*b->vfs));
        if (!b->vfs)
                abort();
        remember(&b->vfs[0], vf);
        r = change(cli, b, vf, flags);
        b->vfs[0].would = r;
        b->vfs[0].new_driver = dup_or_null(sriov_vf_get_driver(vf));
        sriov_vf_unref(vf);
        return r < 0 ? cli_fail(cli) : EXIT_OK;
}

static void binding_free(struct binding *b)
{
        for (size_t i = 0; i < b->n; i++) {
                free(b->vfs[i].label);
                free(b->vfs[i].old_driver);
                free(b->vfs[i].new_driver);
        }
        free(b->vfs);
}

static bool changed(const struct cli *cli, const struct bound_vf *v)
{
        if (cli->dry_run)
                return v->would == 1;
        return (v->old_driver == NULL) != (v->new_driver == NULL) ||
               (v->old_driver && strcmp(v->old_driver, v->new_driver) != 0) || v->would == 1;
}

static void print_text(struct cli *cli, struct binding *b)
{
        for (size_t i = 0; i < b->n; i++) {
                const struct bound_vf *v = &b->vfs[i];
                const char *from = v->old_driver ? v->old_driver : "no driver";

                if (!changed(cli, v))
                        printf("%s: nothing to change\n", v->label);
                else if (!cli->dry_run)
                        printf("%s: driver %s -> %s\n", v->label, from,
                               v->new_driver ? v->new_driver : "none");
                else if (b->unbind && v->old_driver)
                        printf("would unbind %s from %s\n", v->label, from);
                else if (b->unbind)
                        printf("would keep %s without a driver (driver_override none)\n",
                               v->label);
                else if (b->driver)
                        printf("would bind %s to %s (now %s)\n", v->label, b->driver, from);
                else
                        printf("would give %s back to its host driver (now %s)\n", v->label,
                               from);
        }
}

static void print_json(struct cli *cli, struct binding *b)
{
        struct json_binding *vfs = calloc(b->n ? b->n : 1, sizeof(*vfs));
        bool any = false;

        if (!vfs)
                abort();
        for (size_t i = 0; i < b->n; i++) {
                const struct bound_vf *v = &b->vfs[i];
                /* With -n: the driver asked for; unknown (null) for the default and unbind. */
                const char *driver = !cli->dry_run || v->would == 0 ? (cli->dry_run ? v->old_driver
                                                                                    : v->new_driver)
                                     : b->unbind ? NULL
                                                 : b->driver;

                any |= changed(cli, v);
                vfs[i] = (struct json_binding){ v->index, v->pci, driver, v->old_driver };
        }
        json_print(cli, json_bindings(vfs, b->n, any, cli->dry_run));
        free(vfs);
}

static int run(struct cli *cli, const char *name, struct binding *b)
{
        unsigned int flags = (cli->force ? SRIOV_FORCE : 0) | (cli->dry_run ? SRIOV_DRY_RUN : 0);
        const char *slash = strrchr(name, '/');
        int r;

        if (slash && strcmp(slash + 1, "all") == 0) {
                char *pf_name = strndup(name, (size_t)(slash - name));

                if (!pf_name)
                        abort();
                r = run_all(cli, pf_name, b, flags);
                free(pf_name);
        } else {
                r = run_one(cli, name, b, flags);
        }
        if (r != EXIT_OK)
                return r;
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
