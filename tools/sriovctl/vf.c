/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl vf ...: virtual functions. */
#include <stdlib.h>

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
                struct json_object *a = json_object_new_array();

                for (size_t i = 0; i < n; i++)
                        json_object_array_add(a, json_vf(vfs[i]));
                json_print(cli, a);
        } else if (n) {
                text_vf_table(vfs, n, stdout, "");
        }
        vfs_free(vfs, n);
        return EXIT_OK;
}

static int vf_show(struct cli *cli, int argc, char **argv)
{
        struct sriov_vf *vf;

        if (argc != 1)
                return usage_error("vf show: expected one VF, as in: sriovctl vf show eth0/3");
        if (sriov_vf_new_from_name(cli->ctx, argv[0], &vf) < 0)
                return cli_fail(cli);
        if (cli->json)
                json_print(cli, json_vf(vf));
        else
                text_vf_show(vf);
        sriov_vf_unref(vf);
        return EXIT_OK;
}

const struct command vf_commands[] = {
        { "list", vf_list, "list [PF]" },
        { "show", vf_show, "show VF" },
        {},
};
