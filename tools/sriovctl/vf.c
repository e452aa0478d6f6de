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

/* -s, --stats after the command words of vf list and vf show, as before them (ip -s). */
static int take_stats_option(struct cli *cli, const char *cmd, int *argc, char **argv)
{
        int n = 0;

        for (int i = 0; i < *argc; i++) {
                if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--stats") == 0)
                        cli->stats = true;
                else if (argv[i][0] == '-' && argv[i][1])
                        return usage_error("%s: unknown option \"%s\"", cmd, argv[i]);
                else
                        argv[n++] = argv[i];
        }
        *argc = n;
        return 0;
}

/* Every VF's counters: @st[i] points into @all, or is NULL where the driver reports none. */
struct vf_counters {
        struct sriov_vf_stats *all;
        const struct sriov_vf_stats **st;
};

static void read_counters(struct sriov_vf **vfs, size_t n, struct vf_counters *c)
{
        c->all = calloc(n ? n : 1, sizeof(*c->all));
        c->st = calloc(n ? n : 1, sizeof(*c->st));
        if (!c->all || !c->st)
                abort();
        for (size_t i = 0; i < n; i++)
                c->st[i] = sriov_vf_get_stats(vfs[i], &c->all[i]) == 0 ? &c->all[i] : NULL;
}

/* vf list -s: the counters in a second table, a row per VF, its columns the JSON keys. */
static void text_stats_table(struct sriov_vf **vfs, const struct sriov_vf_stats *const *st,
                             size_t n)
{
        static const char *const headers[] = { "PF",        "VF",         "RX_BYTES",
                                               "RX_PACKETS", "BROADCAST", "MULTICAST",
                                               "RX_DROPPED", "TX_BYTES",  "TX_PACKETS",
                                               "TX_DROPPED", NULL };
        struct table *t = table_new(headers);

        for (size_t i = 0; i < n; i++) {
                struct sriov_pf *pf = sriov_vf_get_pf(vfs[i]);
                const char *const *names = sriov_pf_get_ifnames(pf);
                char cells[9][24];
                const char *row[11] = { names[0] ? names[0] : sriov_pf_get_name(pf), cells[0] };
                const uint64_t v[8] = {
                        st[i] ? st[i]->rx_bytes : 0,   st[i] ? st[i]->rx_packets : 0,
                        st[i] ? st[i]->broadcast : 0,  st[i] ? st[i]->multicast : 0,
                        st[i] ? st[i]->rx_dropped : 0, st[i] ? st[i]->tx_bytes : 0,
                        st[i] ? st[i]->tx_packets : 0, st[i] ? st[i]->tx_dropped : 0,
                };

                snprintf(cells[0], sizeof(cells[0]), "%u", sriov_vf_get_index(vfs[i]));
                for (size_t k = 0; k < 8; k++) {
                        snprintf(cells[k + 1], sizeof(cells[k + 1]), "%llu",
                                 (unsigned long long)v[k]);
                        row[k + 2] = st[i] ? cells[k + 1] : "-";
                }
                table_add(t, row);
        }
        table_print(t, stdout, "");
        table_free(t);
}

static int vf_list(struct cli *cli, int argc, char **argv)
{
        struct vf_counters counters = { 0 };
        struct sriov_vf **vfs = NULL;
        size_t n = 0;
        int r;

        r = take_stats_option(cli, "vf list", &argc, argv);
        if (r)
                return r;
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
        if (cli->stats)
                read_counters(vfs, n, &counters);
        if (cli->json && cli->stats) {
                json_print(cli, json_vf_list_stats(vfs, counters.st, n));
        } else if (cli->json) {
                json_print_vf_list(cli, vfs, n);
        } else if (n) {
                text_vf_table(vfs, n, stdout, "");
                if (cli->stats) {
                        putchar('\n');
                        text_stats_table(vfs, counters.st, n);
                }
        }
        free(counters.st);
        free(counters.all);
        vfs_free(vfs, n);
        return cli->dropped ? EXIT_FAILED : EXIT_OK;
}

static int vf_show(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf_stats st;
        const char *name = NULL;
        bool stats = false, have_stats = false;
        struct sriov_vf *vf;
        int r;

        for (int i = 0; i < argc; i++) {
                if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--stats") == 0)
                        stats = true;
                else if (!name)
                        name = argv[i];
                else
                        return usage_error("vf show: unexpected argument \"%s\"", argv[i]);
        }
        stats |= cli->stats;
        if (!name)
                return usage_error("vf show: expected one VF, as in: sriovctl vf show eth0/3");
        r = cli_vf_lookup(cli, name, &vf);
        if (r)
                return r;
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
        r = cli_vf_lookup(cli, argv[0], &vf);
        if (r)
                return r;
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
        { "list", vf_list, "list [-s] [PF]",
          "list the VFs of every PF, or of one (-s: with their traffic counters)" },
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
