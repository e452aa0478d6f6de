/* SPDX-License-Identifier: MIT */
/*
 * vf-config-batch PF MAC_PREFIX VLAN: give every VF of PF a MAC (MAC_PREFIX + index), a VLAN,
 * spoofchk and trust in ONE RTM_SETLINK through sriov_pf_set_vf_configs(), and print how long
 * that call took in microseconds and how many settings it changed ("1234 28": 7 VFs x 4).
 * bench/run-vm.sh sets it against a loop of `ip link set`.
 *
 * The call reads the VFs' settings first (RTM_GETLINK), sends only what differs in one request
 * and reads the result back to check it; all of that is in the time printed. A setting a VF
 * already has is not sent: reset the VFs between runs, and check the count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsriov.h>

#define CONFIG_MASK                                                                              \
        (SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_SPOOFCHK |                  \
         SRIOV_VF_CONFIG_TRUST)

static long long usec_now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* "02:00:00:00:01": five bytes, each one or two hex digits, nothing after them. */
static int parse_prefix(const char *s, uint8_t prefix[5])
{
        unsigned int b[5];
        int end = -1;

        if (sscanf(s, "%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3], &b[4], &end) != 5 ||
            end < 0 || s[end] != '\0')
                return -EINVAL;
        for (int i = 0; i < 5; i++)
                prefix[i] = (uint8_t)b[i];
        return 0;
}

static int parse_vlan(const char *s, uint16_t *vlan)
{
        char *end;
        unsigned long v;

        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno || end == s || *end || s[0] == '-' || v > 4095)
                return -EINVAL;
        *vlan = (uint16_t)v;
        return 0;
}

int main(int argc, char **argv)
{
        struct sriov_ctx *ctx = NULL;
        struct sriov_pf *pf = NULL;
        struct sriov_vf_config *cfg = NULL, *changes = NULL;
        unsigned int *idx = NULL, n;
        uint8_t prefix[5];
        uint16_t vlan;
        long long start, usec;
        unsigned int changed = 0;
        int r;

        if (argc != 4 || parse_prefix(argv[2], prefix) < 0 || parse_vlan(argv[3], &vlan) < 0) {
                fprintf(stderr, "usage: vf-config-batch PF MAC_PREFIX(5 bytes, 02:00:00:00:01) "
                                "VLAN(0-4095)\n");
                return 2;
        }
        r = sriov_ctx_new(&ctx);
        if (r < 0) {
                fprintf(stderr, "vf-config-batch: cannot create a library context: %s\n",
                        strerror(-r));
                return 1;
        }
        if (sriov_pf_new_from_name(ctx, argv[1], &pf) < 0)
                goto fail;
        n = sriov_pf_get_num_vfs(pf);
        if (n == 0) {
                fprintf(stderr, "vf-config-batch: PF %s has no VFs\n", argv[1]);
                goto out;
        }
        cfg = calloc(n, sizeof(*cfg));
        changes = calloc(n, sizeof(*changes));
        idx = calloc(n, sizeof(*idx));
        if (!cfg || !changes || !idx) {
                fprintf(stderr, "vf-config-batch: out of memory\n");
                goto out;
        }
        for (unsigned int i = 0; i < n; i++) {
                idx[i] = i;
                cfg[i].mask = CONFIG_MASK;
                /* VF i gets MAC_PREFIX + i: past 255 VFs the index carries into byte 4. */
                memcpy(cfg[i].mac, prefix, sizeof(prefix));
                cfg[i].mac[4] = (uint8_t)(prefix[4] + (i >> 8));
                cfg[i].mac[5] = (uint8_t)i;
                cfg[i].vlan = vlan;
                cfg[i].spoofchk = true;
                cfg[i].trust = true;
        }

        start = usec_now();
        r = sriov_pf_set_vf_configs(pf, idx, cfg, n, 0, changes);
        usec = usec_now() - start;
        if (r < 0)
                goto fail;
        for (unsigned int i = 0; i < n; i++)
                changed += (unsigned int)__builtin_popcount(changes[i].mask & CONFIG_MASK);
        printf("%lld %u\n", usec, changed);
        r = 0;
        goto done;

fail:
        fprintf(stderr, "vf-config-batch: %s\n", sriov_ctx_get_error(ctx));
out:
        r = 1;
done:
        free(idx);
        free(changes);
        free(cfg);
        sriov_pf_unref(pf);
        sriov_ctx_unref(ctx);
        return r;
}
