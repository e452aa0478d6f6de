/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl vfio ...: a VF's VFIO nodes, for VMMs that do not run as root. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sriovctl.h"

static int vfio_chown(struct cli *cli, int argc, char **argv)
{
        struct sriov_iommu_group *g = NULL;
        const char *nodes[2] = { NULL, NULL };
        unsigned int flags = (cli->dry_run ? SRIOV_DRY_RUN : 0) | (cli->force ? SRIOV_FORCE : 0);
        struct sriov_vf *vf;
        uid_t uid;
        gid_t gid;
        int r;

        if (argc != 2)
                return usage_error("vfio chown: expected a VF and USER[:GROUP], as in: sriovctl "
                                   "vfio chown eth0/3 qemu:kvm");
        r = parse_owner("vfio chown", argv[1], &uid, &gid);
        if (r)
                return r;
        r = cli_vf_lookup(cli, argv[0], &vf);
        if (r)
                return r;
        if (sriov_vf_set_vfio_owner(vf, uid, gid, flags) < 0) {
                sriov_vf_unref(vf);
                return cli_fail(cli);
        }
        /* Which nodes those were, for the person or script reading. */
        if (sriov_vf_get_iommu_group(vf) >= 0 && sriov_vf_get_iommu_group_info(vf, &g) == 0)
                nodes[0] = sriov_iommu_group_get_vfio_path(g);
        nodes[nodes[0] != NULL] = sriov_vf_get_vfio_cdev_path(vf);
        if (cli->json) {
                json_print(cli, json_vfio_owner(sriov_vf_get_pci_address(vf), nodes, uid, gid,
                                                cli->dry_run));
        } else {
                for (int i = 0; i < 2 && nodes[i]; i++) {
                        printf("%s VF %s: %s owner", cli->dry_run ? "would set" : "set",
                               sriov_vf_get_label(vf), nodes[i]);
                        if (uid != (uid_t)-1)
                                printf(" uid %u", (unsigned int)uid);
                        if (gid != (gid_t)-1)
                                printf(" gid %u", (unsigned int)gid);
                        printf("\n");
                }
        }
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
        return EXIT_OK;
}

const struct command vfio_commands[] = {
        { "chown", vfio_chown, "chown VF USER[:GROUP]",
          "hand a vfio-pci VF's /dev/vfio nodes to a VMM's user" },
        {},
};
