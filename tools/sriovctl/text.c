/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text output for people: tables for lists, indented fields for one object. */
#include <stdio.h>

#include "sriovctl.h"

#define FMT_INT(buf, v) (snprintf(buf, sizeof(buf), "%d", (int)(v)), buf)

static const char *int_or_dash(char *buf, size_t size, int v)
{
        if (v < 0)
                return "-";
        snprintf(buf, size, "%d", v);
        return buf;
}

static const char *autoprobe_text(int v)
{
        return v < 0 ? "-" : v ? "on" : "off";
}

void text_pf_list(struct sriov_pf_list *list)
{
        static const char *const headers[] = { "PF", "IFNAME", "DRIVER", "ID", "VFS",
                                               "NUMA", "DEVICE", NULL };
        struct table *t;

        /* Nothing at all for no PFs, as `ip -br link` prints nothing for no links. */
        if (sriov_pf_list_get_count(list) == 0)
                return;
        t = table_new(headers);
        for (size_t i = 0; i < sriov_pf_list_get_count(list); i++) {
                struct sriov_pf *pf = sriov_pf_list_get(list, i);
                char id[16], vfs[32], numa[16];
                const char *name = sriov_pf_get_device_name(pf);

                snprintf(id, sizeof(id), "%04x:%04x", sriov_pf_get_vendor_id(pf),
                         sriov_pf_get_device_id(pf));
                snprintf(vfs, sizeof(vfs), "%u/%u", sriov_pf_get_num_vfs(pf),
                         sriov_pf_get_total_vfs(pf));
                const char *const row[] = {
                        sriov_pf_get_pci_address(pf),
                        sriov_pf_get_ifname(pf),
                        sriov_pf_get_driver(pf),
                        id,
                        vfs,
                        int_or_dash(numa, sizeof(numa), sriov_pf_get_numa_node(pf)),
                        name,
                };
                table_add(t, row);
        }
        table_print(t, stdout, "");
        table_free(t);
}

void text_pf_show(struct sriov_pf *pf)
{
        const char *vendor = sriov_pf_get_vendor_name(pf), *device = sriov_pf_get_device_name(pf);
        char numa[16];
        struct sriov_vf **vfs;
        size_t n;

        printf("%s", sriov_pf_get_pci_address(pf));
        if (vendor || device)
                printf(" %s %s", vendor ? vendor : "", device ? device : "");
        printf(" [%04x:%04x]\n", sriov_pf_get_vendor_id(pf), sriov_pf_get_device_id(pf));
        printf("    ifname:             ");
        if (!sriov_pf_get_ifname(pf))
                printf("-");
        for (const char *const *i = sriov_pf_get_ifnames(pf); *i; i++)
                printf("%s%s", *i, i[1] ? " " : "");
        printf("\n");
        printf("    driver:             %s\n",
               sriov_pf_get_driver(pf) ? sriov_pf_get_driver(pf) : "-");
        printf("    numa node:          %s\n",
               int_or_dash(numa, sizeof(numa), sriov_pf_get_numa_node(pf)));
        printf("    VFs:                %u of %u\n", sriov_pf_get_num_vfs(pf),
               sriov_pf_get_total_vfs(pf));
        printf("    drivers autoprobe:  %s\n",
               autoprobe_text(sriov_pf_get_drivers_autoprobe(pf)));
        printf("    VF device:          %04x:%04x, offset %u, stride %u\n",
               sriov_pf_get_vendor_id(pf), sriov_pf_get_vf_device_id(pf),
               sriov_pf_get_vf_offset(pf), sriov_pf_get_vf_stride(pf));
        n = pf_collect_vfs(NULL, pf, &vfs);
        if (n) {
                printf("\n");
                text_vf_table(vfs, n, stdout, "    ");
        }
        vfs_free(vfs, n);
}

void text_vf_table(struct sriov_vf **vfs, size_t n, FILE *out, const char *indent)
{
        static const char *const headers[] = { "PF", "VF", "PCI", "DRIVER", "IFNAME",
                                               "IOMMU", "NUMA", NULL };
        struct table *t = table_new(headers);

        for (size_t i = 0; i < n; i++) {
                char idx[16], group[16], numa[16];
                struct sriov_pf *pf = sriov_vf_get_pf(vfs[i]);
                const char *const row[] = {
                        sriov_pf_get_ifname(pf) ? sriov_pf_get_ifname(pf)
                                                : sriov_pf_get_pci_address(pf),
                        FMT_INT(idx, sriov_vf_get_index(vfs[i])),
                        sriov_vf_get_pci_address(vfs[i]),
                        sriov_vf_get_driver(vfs[i]),
                        sriov_vf_get_ifname(vfs[i]),
                        int_or_dash(group, sizeof(group), sriov_vf_get_iommu_group(vfs[i])),
                        int_or_dash(numa, sizeof(numa), sriov_vf_get_numa_node(vfs[i])),
                };
                table_add(t, row);
        }
        table_print(t, out, indent);
        table_free(t);
}

void text_vf_show(struct sriov_vf *vf)
{
        struct sriov_pf *pf = sriov_vf_get_pf(vf);
        char buf[16];

        printf("%s VF %u of %s%s%s%s [%04x:%04x]\n", sriov_vf_get_pci_address(vf),
               sriov_vf_get_index(vf), sriov_pf_get_pci_address(pf),
               sriov_pf_get_ifname(pf) ? " (" : "",
               sriov_pf_get_ifname(pf) ? sriov_pf_get_ifname(pf) : "",
               sriov_pf_get_ifname(pf) ? ")" : "", sriov_vf_get_vendor_id(vf),
               sriov_vf_get_device_id(vf));
        printf("    driver:       %s\n", sriov_vf_get_driver(vf) ? sriov_vf_get_driver(vf) : "-");
        printf("    ifname:       %s\n", sriov_vf_get_ifname(vf) ? sriov_vf_get_ifname(vf) : "-");
        printf("    iommu group:  %s\n",
               int_or_dash(buf, sizeof(buf), sriov_vf_get_iommu_group(vf)));
        printf("    numa node:    %s\n",
               int_or_dash(buf, sizeof(buf), sriov_vf_get_numa_node(vf)));
}
