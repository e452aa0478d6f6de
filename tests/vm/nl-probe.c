/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The library's rtnetlink layer against the real kernel, for testbed cases on devices the
 * library does not manage as PFs (netdevsim): what the parser makes of a link's VF list, and
 * a VF setting for every VF sent the library's way (split to fit, in order).
 *   nl-probe get IFINDEX        num_vf N listed M truncated 0|1 last L vlan V
 *                               (L: the last VF listed, V: how many listed have VLAN V=arg)
 *   nl-probe set IFINDEX N VLAN set VLAN on VFs 0..N-1; prints "set N"
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsriov-private.h"
#include "netlink.h"
#include "parse-num.h"

static unsigned int arg(const char *s, uint64_t max)
{
        uint64_t v;

        if (sriov_parse_uint(s, max, &v) < 0) {
                fprintf(stderr, "nl-probe: \"%s\": not a number\n", s);
                exit(2);
        }
        return (unsigned int)v;
}

int main(int argc, char **argv)
{
        struct sriov_ctx *ctx;
        int r;

        if (argc < 3 || (strcmp(argv[1], "get") && strcmp(argv[1], "set"))) {
                fprintf(stderr, "usage: nl-probe get IFINDEX [VLAN] | set IFINDEX N VLAN\n");
                return 2;
        }
        if (sriov_ctx_new(&ctx) < 0)
                return 1;
        if (strcmp(argv[1], "get") == 0) {
                unsigned int vlan = argc > 3 ? arg(argv[3], 4095) : 0, with = 0;
                struct link_vfs l = { 0 };

                r = netlink_get_link_vfs(ctx, (int)arg(argv[2], 0x7fffffff), false, &l);
                if (r == 0) {
                        for (size_t i = 0; i < l.count; i++)
                                with += (l.vfs[i].cfg.mask & SRIOV_VF_CONFIG_VLAN) &&
                                        l.vfs[i].cfg.vlan == vlan;
                        printf("num_vf %u listed %zu truncated %d last %d vlan %u\n", l.num_vf,
                               l.count, link_vfs_truncated(&l) ? 1 : 0,
                               l.count ? (int)l.vfs[l.count - 1].vf : -1, with);
                        link_vfs_free(&l);
                }
        } else {
                unsigned int n = argc > 4 ? arg(argv[3], 65535) : 0;
                struct vf_set *sets = calloc(n ? n : 1, sizeof(*sets));

                if (argc != 5 || !sets) {
                        fprintf(stderr, "usage: nl-probe set IFINDEX N VLAN\n");
                        return 2;
                }
                for (unsigned int i = 0; i < n; i++)
                        sets[i] = (struct vf_set){
                                .vf = i,
                                .cfg = { .mask = SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                                                 SRIOV_VF_CONFIG_VLAN_PROTO,
                                         .vlan = (uint16_t)arg(argv[4], 4095),
                                         .vlan_proto = SRIOV_VLAN_PROTO_8021Q } };
                r = netlink_set_link_vfs(ctx, (int)arg(argv[2], 0x7fffffff), sets, n, NULL, 0);
                if (r == 0)
                        printf("set %u\n", n);
                free(sets);
        }
        if (r < 0)
                fprintf(stderr, "nl-probe: %s\n", strerror(-r));
        sriov_ctx_unref(ctx);
        return r < 0 ? 1 : 0;
}
