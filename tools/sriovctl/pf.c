/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl pf ...: physical functions. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sriovctl.h"

static int pf_list(struct cli *cli, int argc, char **argv)
{
        struct sriov_pf_list *list;
        int r;

        (void)argv;
        if (argc > 0)
                return usage_error("pf list: unexpected argument \"%s\"", argv[0]);
        r = sriov_pf_list_new(cli->ctx, &list);
        if (r < 0)
                return cli_fail(cli);
        if (cli->json) {
                json_print(cli, json_pf_list(list));
        } else {
                text_pf_list(list);
        }
        /* A person at a terminal on a host without SR-IOV gets told why the list is empty;
         * a script reading the output gets the same nothing (or []) as ever. */
        if (sriov_pf_list_get_count(list) == 0 && isatty(STDOUT_FILENO))
                fputs("sriovctl: no SR-IOV capable PCI function on this host: no device has "
                      "sriov_totalvfs (is the NIC's driver loaded, and SR-IOV enabled in its "
                      "firmware or BIOS?); sriovctl check says more\n",
                      stderr);
        sriov_pf_list_unref(list);
        return EXIT_OK;
}

static int pf_show(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf **vfs;
        struct sriov_pf *pf;
        size_t n;

        if (argc != 1)
                return usage_error("pf show: expected one PF, as in: sriovctl pf show eth0");
        if (sriov_pf_new_from_name(cli->ctx, argv[0], &pf) < 0)
                return cli_fail(cli);
        n = pf_collect_vfs(cli, pf, &vfs);
        if (cli->json)
                json_print(cli, json_pf_show(pf, vfs, n));
        else
                text_pf_show(pf, vfs, n);
        vfs_free(vfs, n);
        sriov_pf_unref(pf);
        return cli->dropped ? EXIT_FAILED : EXIT_OK;
}

/* What `pf set` was asked for. */
struct pf_set_args {
        bool have_numvfs;
        unsigned int numvfs;
        int autoprobe; /* -1: leave as it is */
};

static int parse_pf_set(int argc, char **argv, struct pf_set_args *a)
{
        *a = (struct pf_set_args){ .autoprobe = -1 };
        for (int i = 0; i < argc; i += 2) {
                if (i + 1 >= argc)
                        return usage_error("pf set: \"%s\" needs a value", argv[i]);
                if (strcmp(argv[i], "numvfs") == 0) {
                        if (parse_uint_arg(argv[i + 1], 65535, &a->numvfs) < 0)
                                return usage_error("pf set: numvfs \"%s\": not a number of VFs",
                                                   argv[i + 1]);
                        a->have_numvfs = true;
                } else if (strcmp(argv[i], "autoprobe") == 0) {
                        a->autoprobe = parse_on_off(argv[i + 1]);
                        if (a->autoprobe < 0)
                                return usage_error("pf set: autoprobe \"%s\": expected on or off",
                                                   argv[i + 1]);
                } else {
                        return usage_error("pf set: unknown keyword \"%s\" (numvfs, autoprobe)",
                                           argv[i]);
                }
        }
        if (!a->have_numvfs && a->autoprobe < 0)
                return usage_error("pf set: nothing to set (numvfs N, autoprobe on|off)");
        return 0;
}

static void print_pf_set(struct cli *cli, struct sriov_pf *pf, unsigned int old_n,
                         int old_autoprobe, const struct pf_set_args *a)
{
        unsigned int new_n = a->have_numvfs ? a->numvfs : old_n;
        int new_autoprobe = a->autoprobe >= 0 ? a->autoprobe : old_autoprobe;
        bool changed = new_n != old_n || new_autoprobe != old_autoprobe;

        if (cli->json) {
                json_print(cli, json_pf_set(sriov_pf_get_name(pf), changed, cli->dry_run,
                                            new_n, old_n, new_autoprobe));
                return;
        }
        if (!cli->dry_run)
                return; /* like ip(8): success is silent */
        if (!changed)
                printf("PF %s: nothing to change\n", sriov_pf_get_name(pf));
        if (new_autoprobe != old_autoprobe)
                printf("would set PF %s drivers_autoprobe %s -> %s\n",
                       sriov_pf_get_name(pf), old_autoprobe ? "on" : "off",
                       new_autoprobe ? "on" : "off");
        if (new_n != old_n)
                printf("would set PF %s sriov_numvfs %u -> %u%s\n", sriov_pf_get_name(pf),
                       old_n, new_n, old_n && new_n ? " (through 0, keeping VF settings)" : "");
}

static int pf_set(struct cli *cli, int argc, char **argv)
{
        struct pf_set_args a;
        struct sriov_pf *pf;
        unsigned int flags = 0, old_n;
        int old_autoprobe, r;

        if (argc < 1)
                return usage_error("pf set: expected a PF, as in: sriovctl pf set eth0 numvfs 4");
        r = parse_pf_set(argc - 1, argv + 1, &a);
        if (r)
                return r;
        if (sriov_pf_new_from_name(cli->ctx, argv[0], &pf) < 0)
                return cli_fail(cli);
        old_n = sriov_pf_get_num_vfs(pf);
        old_autoprobe = sriov_pf_get_drivers_autoprobe(pf);
        if (cli->force)
                flags |= SRIOV_FORCE;
        if (cli->dry_run)
                flags |= SRIOV_DRY_RUN;
        if (a.autoprobe == 1)
                flags |= SRIOV_AUTOPROBE_ON;
        else if (a.autoprobe == 0)
                flags |= SRIOV_AUTOPROBE_OFF;
        r = sriov_pf_set_num_vfs(pf, a.have_numvfs ? a.numvfs : old_n, flags);
        if (r < 0) {
                sriov_pf_unref(pf);
                return cli_fail(cli);
        }
        print_pf_set(cli, pf, old_n, old_autoprobe, &a);
        sriov_pf_unref(pf);
        return EXIT_OK;
}

const struct command pf_commands[] = {
        { "list", pf_list, "list", "list the SR-IOV capable physical functions" },
        { "show", pf_show, "show PF", "show one PF and its VFs" },
        { "set", pf_set, "set PF [numvfs N] [autoprobe on|off]",
          "create, resize or remove VFs; whether new VFs get a host driver" },
        {},
};
