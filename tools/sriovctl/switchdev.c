/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl rate ...: devlink rate objects in devlink(8)'s vocabulary (rate show, add, set, del;
 * tx_share, tx_max, parent, noparent); and vf function, a VF's port function (hw_addr, state,
 * roce, migratable), as `devlink port function set` sets it.
 *
 * A rate object is named as devlink names it, with sriovctl's PF names: PF/NODE for a node
 * ("netdevsim10/group1", "eth0/group1"), and the VF's own name for its leaf ("eth0/3",
 * "0000:01:10.2"). A node's name is therefore never only digits.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rate-units.h"
#include "sriovctl.h"

/* A rate object's name: a node of a PF (@node set), or a VF's leaf (@vf set). */
struct rate_name {
        struct sriov_pf *pf;
        struct sriov_vf *vf;
        char node[SRIOV_RATE_NAME_MAX];
};

static bool all_digits(const char *s)
{
        if (!*s)
                return false;
        for (; *s; s++)
                if (!isdigit((unsigned char)*s))
                        return false;
        return true;
}

static void rate_name_free(struct rate_name *n)
{
        sriov_vf_unref(n->vf);
        sriov_pf_unref(n->pf);
}

/* PF/NODE or a VF's name; @allow_vf false for add and del, which only nodes have. */
static int parse_rate_name(struct cli *cli, const char *cmd, const char *s, bool allow_vf,
                           struct rate_name *ret)
{
        const char *slash = strrchr(s, '/');
        char pf[128];
        int r;

        *ret = (struct rate_name){ 0 };
        if (!slash || all_digits(slash + 1)) {
                if (!allow_vf)
                        return usage_error("rate %s: \"%s\": expected PF/NODE, as in "
                                           "eth0/group1 (a node's name is not only digits)",
                                           cmd, s);
                r = cli_vf_lookup(cli, s, &ret->vf);
                if (r)
                        return r;
                ret->pf = sriov_pf_ref(sriov_vf_get_pf(ret->vf));
                return 0;
        }
        if ((size_t)(slash - s) >= sizeof(pf) || strlen(slash + 1) >= sizeof(ret->node) ||
            slash == s)
                return usage_error("rate %s: \"%s\": expected PF/NODE with a node name of at "
                                   "most %d bytes",
                                   cmd, s, SRIOV_RATE_NAME_MAX - 1);
        memcpy(pf, s, (size_t)(slash - s));
        pf[slash - s] = '\0';
        snprintf(ret->node, sizeof(ret->node), "%s", slash + 1);
        if (sriov_pf_new_from_name(cli->ctx, pf, &ret->pf) < 0)
                return cli_fail(cli);
        return 0;
}

/* tx_share RATE, tx_max RATE, parent NODE, noparent (set only) into @r. */
static int parse_rate_args(const char *cmd, int argc, char **argv, bool allow_noparent,
                           struct sriov_rate *r)
{
        static const char *const words[] = { "tx_share", "tx_max", "parent", "noparent" };
        char context[32];

        snprintf(context, sizeof(context), "rate %s", cmd);
        *r = (struct sriov_rate){ 0 };
        for (int i = 0; i < argc; i++) {
                const char *const *w;
                struct match m;
                bool share;

                match_start(&m, argv[i]);
                for (size_t k = 0; k < (allow_noparent ? 4u : 3u); k++)
                        match_offer(&m, words[k], &words[k]);
                w = match_end(&m, context);
                if (!w)
                        return m.ambiguous ? EXIT_USAGE
                                           : usage_error("rate %s: unknown keyword \"%s\" "
                                                         "(tx_share, tx_max, parent%s)",
                                                         cmd, argv[i],
                                                         allow_noparent ? ", noparent" : "");
                if (w == &words[3]) {
                        r->mask |= SRIOV_RATE_PARENT;
                        r->parent[0] = '\0';
                        continue;
                }
                share = w == &words[0];
                if (i + 1 >= argc)
                        return usage_error("rate %s: \"%s\" needs a value", cmd, *w);
                if (w == &words[2]) {
                        if (!argv[i + 1][0] || strlen(argv[i + 1]) >= sizeof(r->parent))
                                return usage_error("rate %s: parent \"%s\": not a node name",
                                                   cmd, argv[i + 1]);
                        r->mask |= SRIOV_RATE_PARENT;
                        snprintf(r->parent, sizeof(r->parent), "%s", argv[i + 1]);
                } else {
                        uint64_t v;
                        int e = sriov_rate_parse(argv[i + 1], &v);

                        if (e < 0)
                                return usage_error("rate %s: %s \"%s\": %s", cmd, *w,
                                                   argv[i + 1],
                                                   e == -ERANGE
                                                           ? "out of range"
                                                           : "expected a rate with its unit, "
                                                             "as tc(8) writes them: 10mbit, "
                                                             "1gbit, 500kbps");
                        r->mask |= share ? SRIOV_RATE_TX_SHARE : SRIOV_RATE_TX_MAX;
                        if (share)
                                r->tx_share = v;
                        else
                                r->tx_max = v;
                }
                i++;
        }
        return 0;
}

static unsigned int cli_flags(const struct cli *cli)
{
        return (cli->dry_run ? SRIOV_DRY_RUN : 0) | (cli->force ? SRIOV_FORCE : 0);
}

static int print_change(struct cli *cli, const char *cmd, const char *name, int r)
{
        if (cli->json)
                json_print(cli, json_rate_change(name, r > 0, cli->dry_run));
        else if (cli->dry_run)
                printf(r > 0 ? "would %s %s\n" : "%s %s: nothing to change\n", cmd, name);
        return EXIT_OK;
}

static int rate_add(struct cli *cli, int argc, char **argv)
{
        struct rate_name n;
        struct sriov_rate rate;
        int r;

        if (argc < 1)
                return usage_error("rate add: expected PF/NODE, as in: sriovctl rate add "
                                   "eth0/group1 tx_max 1gbit");
        r = parse_rate_args("add", argc - 1, argv + 1, false, &rate);
        if (r)
                return r;
        r = parse_rate_name(cli, "add", argv[0], false, &n);
        if (r)
                return r;
        r = sriov_pf_new_rate_node(n.pf, n.node, &rate, cli_flags(cli));
        rate_name_free(&n);
        if (r < 0)
                return cli_fail(cli);
        return print_change(cli, "rate add", argv[0], 1);
}

static int rate_set(struct cli *cli, int argc, char **argv)
{
        struct rate_name n;
        struct sriov_rate rate;
        int r;

        if (argc < 2)
                return usage_error("rate set: expected PF/NODE or VF and what to set, as in: "
                                   "sriovctl rate set eth0/3 tx_max 100mbit parent group1");
        r = parse_rate_args("set", argc - 1, argv + 1, true, &rate);
        if (r)
                return r;
        r = parse_rate_name(cli, "set", argv[0], true, &n);
        if (r)
                return r;
        r = n.vf ? sriov_vf_set_rate(n.vf, &rate, cli_flags(cli))
                 : sriov_pf_set_rate_node(n.pf, n.node, &rate, cli_flags(cli));
        rate_name_free(&n);
        if (r < 0)
                return cli_fail(cli);
        return print_change(cli, "rate set", argv[0], r);
}

static int rate_del(struct cli *cli, int argc, char **argv)
{
        struct rate_name n;
        int r;

        if (argc != 1)
                return usage_error("rate del: expected one PF/NODE, as in: sriovctl rate del "
                                   "eth0/group1");
        r = parse_rate_name(cli, "del", argv[0], false, &n);
        if (r)
                return r;
        r = sriov_pf_del_rate_node(n.pf, n.node, cli_flags(cli));
        rate_name_free(&n);
        if (r < 0)
                return cli_fail(cli);
        return print_change(cli, "rate del", argv[0], 1);
}

/* The rate objects of @pf into @out (JSON) or @t (text): its nodes, then its VFs' leaves. */
static int show_pf_rates(struct cli *cli, struct sriov_pf *pf, bool quiet_unsupported,
                         struct json_object *out, struct text_rates *t)
{
        struct sriov_rate_node *nodes = NULL;
        struct sriov_vf **vfs;
        size_t n_nodes = 0, n;
        int r = sriov_pf_get_rate_nodes(pf, &nodes, &n_nodes);

        if (r == -EOPNOTSUPP && quiet_unsupported)
                return 0;
        if (r < 0)
                return cli_fail(cli);
        for (size_t i = 0; i < n_nodes; i++) {
                if (out)
                        json_rates_add(out, pf, nodes[i].name, NULL, NULL, &nodes[i].rate);
                else
                        text_rates_add(t, pf, nodes[i].name, NULL, NULL, &nodes[i].rate);
        }
        free(nodes);
        n = pf_collect_vfs(cli, pf, &vfs);
        for (size_t i = 0; i < n; i++) {
                struct sriov_vf_port port;
                struct sriov_rate rate;
                char pname[128], index[16];

                /* A VF without a leaf (legacy mode) has no rate object to show. */
                if (!cli_vf_port(vfs[i], &port, pname, sizeof(pname)) ||
                    sriov_vf_get_rate(vfs[i], &rate) < 0)
                        continue;
                snprintf(index, sizeof(index), "%u", sriov_vf_get_index(vfs[i]));
                if (out)
                        json_rates_add(out, pf, index, vfs[i], pname, &rate);
                else
                        text_rates_add(t, pf, index, vfs[i], pname, &rate);
        }
        vfs_free(vfs, n);
        return 0;
}

static int rate_show(struct cli *cli, int argc, char **argv)
{
        struct json_object *out = cli->json ? json_rates_new() : NULL;
        struct text_rates *t = cli->json ? NULL : text_rates_new();
        int r = 0;

        if (argc > 1)
                return usage_error("rate show: expected at most one PF, got \"%s\" too", argv[1]);
        if (argc == 1) {
                struct sriov_pf *pf;

                if (sriov_pf_new_from_name(cli->ctx, argv[0], &pf) < 0)
                        r = cli_fail(cli);
                else {
                        r = show_pf_rates(cli, pf, false, out, t);
                        sriov_pf_unref(pf);
                }
        } else {
                struct sriov_pf_list *list;

                if (sriov_pf_list_new(cli->ctx, &list) < 0) {
                        r = cli_fail(cli);
                } else {
                        /* Every PF whose driver has rates; the others have nothing to show. */
                        for (size_t i = 0; i < sriov_pf_list_get_count(list) && r == 0; i++)
                                r = show_pf_rates(cli, sriov_pf_list_get(list, i), true, out,
                                                  t);
                        sriov_pf_list_unref(list);
                }
        }
        if (r == 0 && out)
                json_print(cli, out);
        else
                json_object_put(out);
        if (r == 0 && t)
                text_rates_print(t);
        text_rates_free(t);
        if (r == 0 && cli->dropped)
                r = EXIT_FAILED;
        return r;
}

/* ---- vf function: the VF's port function, as `devlink port function set` ---------------- */

static int parse_function_args(int argc, char **argv, struct sriov_vf_port *p)
{
        *p = (struct sriov_vf_port){ 0 };
        if (argc == 0)
                return usage_error("vf function: nothing to set (hw_addr MAC, state "
                                   "active|inactive, roce enable|disable, migratable "
                                   "enable|disable)");
        for (int i = 0; i < argc; i += 2) {
                static const char *const words[] = { "hw_addr", "state", "roce", "migratable" };
                const char *k, *v = i + 1 < argc ? argv[i + 1] : NULL;
                bool on = v && strcmp(v, "enable") == 0, off = v && strcmp(v, "disable") == 0;
                const char *const *w;
                struct match m;

                match_start(&m, argv[i]);
                for (size_t n = 0; n < sizeof(words) / sizeof(words[0]); n++)
                        match_offer(&m, words[n], &words[n]);
                w = match_end(&m, "vf function");
                if (!w)
                        return m.ambiguous ? EXIT_USAGE
                                           : usage_error("vf function: unknown keyword \"%s\" "
                                                         "(hw_addr, state, roce, migratable)",
                                                         argv[i]);
                k = *w;
                if (!v)
                        return usage_error("vf function: \"%s\" needs a value", k);
                if (strcmp(k, "hw_addr") == 0) {
                        if (sriov_mac_parse(v, p->hw_addr) < 0)
                                return usage_error("vf function: hw_addr \"%s\": not a MAC "
                                                   "address",
                                                   v);
                        p->mask |= SRIOV_VF_PORT_HW_ADDR;
                } else if (strcmp(k, "state") == 0) {
                        if (strcmp(v, "active") != 0 && strcmp(v, "inactive") != 0)
                                return usage_error("vf function: state \"%s\": expected active "
                                                   "or inactive",
                                                   v);
                        p->mask |= SRIOV_VF_PORT_STATE;
                        p->state = strcmp(v, "active") == 0 ? SRIOV_PORT_STATE_ACTIVE
                                                            : SRIOV_PORT_STATE_INACTIVE;
                } else {
                        bool roce = strcmp(k, "roce") == 0;

                        if (!on && !off)
                                return usage_error("vf function: %s \"%s\": expected enable or "
                                                   "disable",
                                                   k, v);
                        p->mask |= roce ? SRIOV_VF_PORT_ROCE : SRIOV_VF_PORT_MIGRATABLE;
                        if (roce)
                                p->roce = on;
                        else
                                p->migratable = on;
                }
        }
        return 0;
}

int vf_function(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf_port want;
        struct sriov_vf *vf;
        int r;

        if (argc < 1)
                return usage_error("vf function: expected a VF, as in: sriovctl vf function "
                                   "eth0/3 hw_addr 02:00:00:00:00:03");
        r = parse_function_args(argc - 1, argv + 1, &want);
        if (r)
                return r;
        r = cli_vf_lookup(cli, argv[0], &vf);
        if (r)
                return r;
        r = sriov_vf_set_port_function(vf, &want, cli_flags(cli));
        sriov_vf_unref(vf);
        if (r < 0)
                return cli_fail(cli);
        return print_change(cli, "vf function", argv[0], r);
}

const struct command rate_commands[] = {
        { "show", rate_show, "show [PF]",
          "the devlink rate objects: nodes (PF/NODE) and the VFs' leaves, in switchdev mode" },
        { "add", rate_add, "add PF/NODE [tx_share RATE] [tx_max RATE] [parent NODE]",
          "create a rate node (a group of VFs)" },
        { "set", rate_set,
          "set PF/NODE|VF [tx_share RATE] [tx_max RATE] [parent NODE|noparent]",
          "set a node's or a VF's guaranteed (tx_share) and maximum (tx_max) bandwidth, and "
          "its group; RATE as tc(8) writes it: 100mbit, 1gbit" },
        { "del", rate_del, "del PF/NODE", "delete a rate node that has no members" },
        {},
};
