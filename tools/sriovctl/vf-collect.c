/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VFs of a PF as objects, for the commands and outputs that show them all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "sriovctl.h"
#include "vf-name.h"

size_t pf_collect_vfs(struct cli *cli, struct sriov_pf *pf, struct sriov_vf ***ret)
{
        unsigned int n = sriov_pf_get_num_vfs(pf);
        struct sriov_vf **vfs = calloc(n ? n : 1, sizeof(*vfs));
        size_t count = 0;

        if (!vfs)
                abort();
        for (unsigned int i = 0; i < n; i++) {
                int r = sriov_pf_get_vf(pf, i, &vfs[count]);

                if (r == 0) {
                        count++;
                } else if (r != -ENODEV) {
                        /* A row is never dropped without a word: the command then fails. */
                        fprintf(stderr, "sriovctl: %s\n", sriov_ctx_get_error(cli->ctx));
                        cli->dropped++;
                } else if (cli->verbose) {
                        /* Removed since the PF was read: left out, as `ip link` would. */
                        fprintf(stderr, "sriovctl: %s\n", sriov_ctx_get_error(cli->ctx));
                }
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

int cli_vf_lookup(struct cli *cli, const char *name, struct sriov_vf **ret)
{
        if (sriov_vf_new_from_name(cli->ctx, name, ret) == 0)
                return 0;
        /* A name of no VF's form is a usage error, as sriovctl(8) says; a missing VF is not. */
        if (!sriov_vf_name_valid(name))
                return usage_error("%s", sriov_ctx_get_error(cli->ctx));
        return cli_fail(cli);
}
