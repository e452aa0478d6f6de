/* SPDX-License-Identifier: MIT */
/*
 * vf-config-batch PF MAC_PREFIX VLAN: give every VF of PF a MAC (MAC_PREFIX:index), a VLAN,
 * spoofchk and trust in ONE RTM_SETLINK through sriov_pf_set_vf_configs(), and print how long
 * that took in microseconds. bench/run-vm.sh sets it against a loop of `ip link set`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsriov.h>

static long long usec_now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
        struct sriov_ctx *ctx = NULL;
        struct sriov_pf *pf = NULL;
        struct sriov_vf_config *cfg;
        unsigned int *idx, n, prefix[5];
        long long start;
        int r = 1;

        if (argc != 4 || sscanf(argv[2], "%x:%x:%x:%x:%x", &prefix[0], &prefix[1], &prefix[2],
                                &prefix[3], &prefix[4]) != 5) {
                fprintf(stderr, "usage: vf-config-batch PF MAC_PREFIX(5 bytes) VLAN\n");
                return 2;
        }
        if (sriov_ctx_new(&ctx) < 0 || sriov_pf_new_from_name(ctx, argv[1], &pf) < 0)
                goto out;
        n = sriov_pf_get_num_vfs(pf);
        cfg = calloc(n ? n : 1, sizeof(*cfg));
        idx = calloc(n ? n : 1, sizeof(*idx));
        for (unsigned int i = 0; i < n; i++) {
                idx[i] = i;
                cfg[i].mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN |
                              SRIOV_VF_CONFIG_SPOOFCHK | SRIOV_VF_CONFIG_TRUST;
                for (int b = 0; b < 5; b++)
                        cfg[i].mac[b] = (uint8_t)prefix[b];
                cfg[i].mac[5] = (uint8_t)i;
                cfg[i].vlan = (uint16_t)atoi(argv[3]);
                cfg[i].spoofchk = true;
                cfg[i].trust = true;
        }
        start = usec_now();
        if (sriov_pf_set_vf_configs(pf, idx, cfg, n, 0, NULL) == 0) {
                printf("%lld\n", usec_now() - start);
                r = 0;
        }
        free(cfg);
        free(idx);
out:
        if (r)
                fprintf(stderr, "vf-config-batch: %s\n", ctx ? sriov_ctx_get_error(ctx) : "no memory");
        sriov_pf_unref(pf);
        sriov_ctx_unref(ctx);
        return r;
}
