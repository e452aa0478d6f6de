/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl vfio ...: a VF's VFIO nodes, for VMMs that do not run as root. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "sriovctl.h"

/* A user or group name, or a number. Returns 0 or -EINVAL. */
static int parse_id(const char *s, bool group, unsigned int *ret)
{
        if (parse_uint_arg(s, 0x7fffffff, ret) == 0)
                return 0;
        if (group) {
                struct group *gr = getgrnam(s);

                if (!gr)
                        return -EINVAL;
                *ret = gr->gr_gid;
        } else {
                struct passwd *pw = getpwnam(s);

                if (!pw)
                        return -EINVAL;
                *ret = pw->pw_uid;
        }
        return 0;
}

/* As chown(1): USER, USER:GROUP, :GROUP, and USER: for the user's login group. */
static int parse_owner(const char *s, uid_t *uid, gid_t *gid)
{
        const char *colon = strchr(s, ':');
        char user[256];
        unsigned int v;

        *uid = (uid_t)-1;
        *gid = (gid_t)-1;
        snprintf(user, sizeof(user), "%.*s", colon ? (int)(colon - s) : (int)strlen(s), s);
        if (user[0]) {
                if (parse_id(user, false, &v) < 0)
                        return usage_error("vfio chown: no user \"%s\"", user);
                *uid = (uid_t)v;
        }
        if (colon && colon[1]) {
                if (parse_id(colon + 1, true, &v) < 0)
                        return usage_error("vfio chown: no group \"%s\"", colon + 1);
                *gid = (gid_t)v;
        } else if (colon && user[0]) {
                struct passwd *pw = getpwuid(*uid);

                if (!pw)
                        return usage_error("vfio chown: user \"%s\" has no login group", user);
                *gid = pw->pw_gid;
        }
        if (*uid == (uid_t)-1 && *gid == (gid_t)-1)
                return usage_error("vfio chown: \"%s\": expected USER[:GROUP] or :GROUP", s);
        return 0;
}

static int vfio_chown(struct cli *cli, int argc, char **argv)
{
        struct sriov_iommu_group *g = NULL;
        const char *nodes[2] = { NULL, NULL };
        unsigned int flags = cli->dry_run ? SRIOV_DRY_RUN : 0;
        struct sriov_vf *vf;
        uid_t uid;
        gid_t gid;
        int r;

        if (argc != 2)
                return usage_error("vfio chown: expected a VF and USER[:GROUP], as in: sriovctl "
                                   "vfio chown eth0/3 qemu:kvm");
        r = parse_owner(argv[1], &uid, &gid);
        if (r)
                return r;
        if (sriov_vf_new_from_name(cli->ctx, argv[0], &vf) < 0)
                return cli_fail(cli);
        if (sriov_vf_set_vfio_owner(vf, uid, gid, flags) < 0) {
                sriov_vf_unref(vf);
                return cli_fail(cli);
        }
        /* Which nodes those were, for the person or script reading. */
        if (sriov_vf_get_iommu_group(vf) >= 0 && sriov_vf_get_iommu_group_info(vf, &g) == 0)
                nodes[0] = sriov_iommu_group_get_vfio_path(g);
        nodes[nodes[0] != NULL] = sriov_vf_get_vfio_cdev_path(vf);
        if (cli->json) {
                struct json_object *o = json_object_new_object(), *a = json_object_new_array();

                json_object_object_add(o, "vf", json_object_new_string(sriov_vf_get_pci_address(vf)));
                for (int i = 0; i < 2 && nodes[i]; i++)
                        json_object_array_add(a, json_object_new_string(nodes[i]));
                json_object_object_add(o, "nodes", a);
                json_object_object_add(o, "uid", uid == (uid_t)-1 ? NULL : json_object_new_int64(uid));
                json_object_object_add(o, "gid", gid == (gid_t)-1 ? NULL : json_object_new_int64(gid));
                json_object_object_add(o, "dry_run", json_object_new_boolean(cli->dry_run));
                json_print(cli, o);
        } else {
                for (int i = 0; i < 2 && nodes[i]; i++) {
                        printf("%s VF %s: %s owner", cli->dry_run ? "would set" : "set",
                               sriov_vf_get_pci_address(vf), nodes[i]);
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
        { "chown", vfio_chown, "chown VF USER[:GROUP]" },
        {},
};
