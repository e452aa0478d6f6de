/* SPDX-License-Identifier: MIT */
/*
 * list-vfs: print every SR-IOV physical function of this host and its virtual functions,
 * using nothing but <libsriov.h>.
 *
 *   cc -o list-vfs list-vfs.c $(pkg-config --cflags --libs libsriov)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libsriov.h>

static const char *or_dash(const char *s)
{
        return s ? s : "-";
}

static void print_vfs(struct sriov_pf *pf)
{
        for (unsigned int i = 0; i < sriov_pf_get_num_vfs(pf); i++) {
                struct sriov_vf *vf;

                if (sriov_pf_get_vf(pf, i, &vf) < 0) {
                        /* VFs can go away under us; say so and carry on with the rest. */
                        fprintf(stderr, "list-vfs: %s\n",
                                sriov_ctx_get_error(sriov_pf_get_ctx(pf)));
                        continue;
                }
                printf("  vf %-3u %s  driver %-10s ifname %-16s iommu group %d\n",
                       sriov_vf_get_index(vf), sriov_vf_get_pci_address(vf),
                       or_dash(sriov_vf_get_driver(vf)), or_dash(sriov_vf_get_ifname(vf)),
                       sriov_vf_get_iommu_group(vf));
                sriov_vf_unref(vf);
        }
}

int main(void)
{
        struct sriov_ctx *ctx;
        struct sriov_pf_list *list;
        int r;

        r = sriov_ctx_new(&ctx);
        if (r < 0) {
                fprintf(stderr, "list-vfs: %s\n", strerror(-r));
                return 1;
        }
        r = sriov_pf_list_new(ctx, &list);
        if (r < 0) {
                fprintf(stderr, "list-vfs: %s\n", sriov_ctx_get_error(ctx));
                sriov_ctx_unref(ctx);
                return 1;
        }
        for (size_t i = 0; i < sriov_pf_list_get_count(list); i++) {
                struct sriov_pf *pf = sriov_pf_list_get(list, i);

                printf("pf %s  %s  driver %s  vfs %u/%u\n", sriov_pf_get_pci_address(pf),
                       or_dash(sriov_pf_get_ifname(pf)), or_dash(sriov_pf_get_driver(pf)),
                       sriov_pf_get_num_vfs(pf), sriov_pf_get_total_vfs(pf));
                print_vfs(pf);
        }
        sriov_pf_list_unref(list);
        sriov_ctx_unref(ctx);
        return 0;
}
