/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl pf ...: physical functions. */
#include <stdlib.h>

#include "sriovctl.h"

size_t pf_collect_vfs(struct cli *cli, struct sriov_pf *pf, struct sriov_vf ***ret)
{
        unsigned int n = sriov_pf_get_num_vfs(pf);
        struct sriov_vf **vfs = calloc(n ? n : 1, sizeof(*vfs));
        size_t count = 0;

        if (!vfs)
                abort();
        for (unsigned int i = 0; i < n; i++) {
                /* A VF removed since the PF was read is left out, as `ip link` would. */
                if (sriov_pf_get_vf(pf, i, &vfs[count]) == 0)
                        count++;
                else if (cli && cli->verbose)
                        fprintf(stderr, "sriovctl: %s\n", sriov_ctx_get_error(cli->ctx));
        }
        *ret = vfs;
        return count;
}

void vfs_free(struct sriov_vf **vfs, size_t n)
{
        for (size_t i = 0; i < n; i++)
                sriov_vf_unref(vfs[i]);
        free(vfs);
}

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
                struct json_object *a = json_object_new_array();

                for (size_t i = 0; i < sriov_pf_list_get_count(list); i++)
                        json_object_array_add(a, json_pf(sriov_pf_list_get(list, i)));
                json_print(cli, a);
        } else {
                text_pf_list(list);
        }
        sriov_pf_list_unref(list);
        return EXIT_OK;
}

static int pf_show(struct cli *cli, int argc, char **argv)
{
        struct sriov_pf *pf;

        if (argc != 1)
                return usage_error("pf show: expected one PF, as in: sriovctl pf show eth0");
        if (sriov_pf_new_from_name(cli->ctx, argv[0], &pf) < 0)
                return cli_fail(cli);
        if (cli->json) {
                struct json_object *o = json_pf(pf), *a = json_object_new_array();
                struct sriov_vf **vfs;
                size_t n = pf_collect_vfs(cli, pf, &vfs);

                for (size_t i = 0; i < n; i++)
                        json_object_array_add(a, json_vf(vfs[i]));
                vfs_free(vfs, n);
                json_object_object_add(o, "vfs", a);
                json_print(cli, o);
        } else {
                text_pf_show(pf);
        }
        sriov_pf_unref(pf);
        return EXIT_OK;
}

const struct command pf_commands[] = {
        { "list", pf_list, "list" },
        { "show", pf_show, "show PF" },
        {},
};
