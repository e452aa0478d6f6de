/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl vf ...: virtual functions. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mac.h"
#include "sriovctl.h"

/* Append the VFs of @pf to @all. */
static void add_vfs_of(struct cli *cli, struct sriov_pf *pf, struct sriov_vf ***all, size_t *n)
{
        struct sriov_vf **vfs, **grown;
        size_t k = pf_collect_vfs(cli, pf, &vfs);

        grown = realloc(*all, (*n + k + 1) * sizeof(**all));
        if (!grown)
                abort();
        for (size_t i = 0; i < k; i++)
                grown[(*n)++] = vfs[i];
        free(vfs);
        *all = grown;
}

static int vf_list(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf **vfs = NULL;
        size_t n = 0;

        if (argc > 1)
                return usage_error("vf list: expected at most one PF, got \"%s\" too", argv[1]);
        if (argc == 1) {
                struct sriov_pf *pf;

                if (sriov_pf_new_from_name(cli->ctx, argv[0], &pf) < 0)
                        return cli_fail(cli);
                add_vfs_of(cli, pf, &vfs, &n);
                sriov_pf_unref(pf);
        } else {
                struct sriov_pf_list *list;

                if (sriov_pf_list_new(cli->ctx, &list) < 0)
                        return cli_fail(cli);
                for (size_t i = 0; i < sriov_pf_list_get_count(list); i++)
                        add_vfs_of(cli, sriov_pf_list_get(list, i), &vfs, &n);
                sriov_pf_list_unref(list);
        }
        if (cli->json) {
                json_print_vf_list(cli, vfs, n);
        } else if (n) {
                text_vf_table(vfs, n, stdout, "");
        }
        vfs_free(vfs, n);
        return cli->dropped ? EXIT_FAILED : EXIT_OK;
}

static int vf_show(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf_stats st;
        const char *name = NULL;
        bool stats = false, have_stats = false;
        struct sriov_vf *vf;

        for (int i = 0; i < argc; i++) {
                if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--stats") == 0)
                        stats = true;
                else if (!name)
                        name = argv[i];
                else
                        return usage_error("vf show: unexpected argument \"%s\"", argv[i]);
        }
        if (!name)
                return usage_error("vf show: expected one VF, as in: sriovctl vf show eth0/3");
        if (sriov_vf_new_from_name(cli->ctx, name, &vf) < 0)
                return cli_fail(cli);
        /* Counters the driver does not give are null, as other unreported values are. */
        if (stats)
                have_stats = sriov_vf_get_stats(vf, &st) == 0;
        if (cli->json) {
                json_print(cli, json_vf_show(vf, stats, have_stats ? &st : NULL));
        } else {
                text_vf_show(vf);
                if (have_stats) {
                        printf("    stats:\n");
                        text_vf_stats(&st);
                } else if (stats) {
                        printf("    stats:        -\n");
                }
        }
        sriov_vf_unref(vf);
        return EXIT_OK;
}

/* ---- vf set ----------------------------------------------------------------------------- */

/* "0000:01:10.2 (enp1s0/1): mac 02:00:00:00:00:01 -> 02:00:00:00:00:02", a line per field. */
static void print_changes(struct sriov_vf *vf, const struct sriov_vf_config *old,
                          const struct sriov_vf_config *change)
{
        /* The VF as the library's messages name it, whatever name was typed. */
        const char *label = sriov_vf_get_label(vf);

        if (!change->mask)
                printf("%s: nothing to change\n", label);
        for (uint32_t bit = 1; bit <= SRIOV_VF_CONFIG_QUERY_RSS; bit <<= 1) {
                char from[32], to[32];

                if (!(change->mask & bit))
                        continue;
                printf("%s: %s %s -> %s\n", label, sriov_vf_field_name(bit),
                       text_vf_field(bit, old, from, sizeof(from)),
                       text_vf_field(bit, change, to, sizeof(to)));
        }
}

static int vf_set(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf_config want, old, change;
        struct sriov_vf *vf;
        int r;

        if (argc < 1)
                return usage_error("vf set: expected a VF and settings, as in: "
                                   "sriovctl vf set eth0/3 trust on");
        r = parse_vf_settings(argc - 1, argv + 1, &want);
        if (r)
                return r;
        if (sriov_vf_new_from_name(cli->ctx, argv[0], &vf) < 0)
                return cli_fail(cli);
        /* Only for saying what changed; the library reads the state again before setting. */
        if (sriov_vf_get_config(vf, &old) < 0)
                old.mask = 0;
        r = sriov_vf_set_config(vf, &want,
                                (cli->dry_run ? SRIOV_DRY_RUN : 0) | (cli->force ? SRIOV_FORCE : 0),
                                &change);
        if (r < 0) {
                sriov_vf_unref(vf);
                return cli_fail(cli);
        }
        if (cli->json)
                json_print(cli, json_vf_set(vf, &change, cli->dry_run));
        else if (cli->dry_run || cli->verbose)
                print_changes(vf, &old, &change);
        sriov_vf_unref(vf);
        return EXIT_OK;
}

const struct command vf_commands[] = {
        { "list", vf_list, "list [PF]", "list the VFs of every PF, or of one" },
        { "show", vf_show, "show [-s] VF", "show one VF (-s: with its traffic counters)" },
        { "set", vf_set,
          "set VF [mac MAC] [vlan ID [qos Q] [proto 802.1Q|802.1ad]] [min_tx_rate MBPS] "
          "[max_tx_rate MBPS] [spoofchk on|off] [trust on|off] [state auto|enable|disable] "
          "[query_rss on|off]",
          "set a VF's settings, all or nothing" },
        { "bind", vf_bind, "bind VF|PF/all DRIVER|default",
          "bind to a driver (vfio-pci), or give back to the host driver" },
        { "unbind", vf_unbind, "unbind VF|PF/all", "leave without a driver" },
        { "acquire", vf_acquire,
          "acquire VF|PF/any [owner PID|none] [vfio-owner USER[:GROUP]] [label KEY=VALUE]... "
          "[SETTING...]",
          "lease a VF to a VMM: on vfio-pci, with settings, put back on release" },
        { "release", vf_release, "release VF", "end a lease: driver and settings put back" },
        { "function", vf_function,
          "function VF [hw_addr MAC] [state active|inactive] [roce enable|disable] "
          "[migratable enable|disable]",
          "set the VF's port function in switchdev mode (devlink port function set)" },
        {},
};
