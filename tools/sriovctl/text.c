/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text output for people: tables for lists, indented fields for one object. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rate-units.h"
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

/* "8086:10c9"; "-" for a PF without PCI ids (netdevsim). */
static void text_pf_id(struct sriov_pf *pf, char *buf, size_t size)
{
        if (sriov_pf_get_kind(pf) != SRIOV_PF_KIND_PCI)
                snprintf(buf, size, "-");
        else
                snprintf(buf, size, "%04x:%04x", sriov_pf_get_vendor_id(pf),
                         sriov_pf_get_device_id(pf));
}

/* "7/7" (@sep "/") or "7 of 7"; "?" for a total not known (netdevsim without debugfs). */
static void text_pf_vfs(struct sriov_pf *pf, const char *sep, char *buf, size_t size)
{
        if (sriov_pf_get_kind(pf) != SRIOV_PF_KIND_PCI && sriov_pf_get_total_vfs(pf) == 0)
                snprintf(buf, size, "%u%s?", sriov_pf_get_num_vfs(pf), sep);
        else
                snprintf(buf, size, "%u%s%u", sriov_pf_get_num_vfs(pf), sep,
                         sriov_pf_get_total_vfs(pf));
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

                text_pf_id(pf, id, sizeof(id));
                text_pf_vfs(pf, "/", vfs, sizeof(vfs));
                const char *const row[] = {
                        sriov_pf_get_name(pf),
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

/* "switchdev (pci/0000:06:00.0)", "switchdev, inline-mode link, encap-mode basic (...)"; "-"
 * without a devlink eswitch, and no handle: a driver without one (igb) may have no devlink
 * instance at all, and devlink(8) would not know the handle. */
static void text_pf_eswitch(struct sriov_pf *pf)
{
        struct sriov_eswitch e;

        printf("    eswitch mode:       ");
        if (!cli_pf_eswitch(pf, &e) || !(e.mask & SRIOV_ESWITCH_MODE)) {
                printf("-\n");
                return;
        }
        printf("%s", cli_eswitch_word(&e, SRIOV_ESWITCH_MODE));
        if (e.mask & SRIOV_ESWITCH_INLINE_MODE)
                printf(", inline-mode %s", cli_eswitch_word(&e, SRIOV_ESWITCH_INLINE_MODE));
        if (e.mask & SRIOV_ESWITCH_ENCAP_MODE)
                printf(", encap-mode %s", cli_eswitch_word(&e, SRIOV_ESWITCH_ENCAP_MODE));
        printf(" (%s)\n", sriov_pf_get_devlink_handle(pf));
}

void text_pf_show(struct sriov_pf *pf, struct sriov_vf **vfs, size_t n)
{
        const char *vendor = sriov_pf_get_vendor_name(pf), *device = sriov_pf_get_device_name(pf);
        char numa[16];

        char id[16], count[32];

        text_pf_id(pf, id, sizeof(id));
        text_pf_vfs(pf, " of ", count, sizeof(count));
        printf("%s", sriov_pf_get_name(pf));
        if (vendor || device)
                printf(" %s %s", vendor ? vendor : "", device ? device : "");
        if (sriov_pf_get_kind(pf) == SRIOV_PF_KIND_PCI)
                printf(" [%s]\n", id);
        else
                printf(" (%s)\n", sriov_pf_kind_to_string(sriov_pf_get_kind(pf)));
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
        printf("    kind:               %s\n", sriov_pf_kind_to_string(sriov_pf_get_kind(pf)));
        printf("    VFs:                %s\n", count);
        printf("    drivers autoprobe:  %s\n",
               autoprobe_text(sriov_pf_get_drivers_autoprobe(pf)));
        text_pf_eswitch(pf);
        if (sriov_pf_get_kind(pf) == SRIOV_PF_KIND_PCI)
                printf("    VF device:          %04x:%04x, offset %u, stride %u\n",
                       sriov_pf_get_vendor_id(pf), sriov_pf_get_vf_device_id(pf),
                       sriov_pf_get_vf_offset(pf), sriov_pf_get_vf_stride(pf));
        else
                printf("    VF device:          - (VFs only in the PF's VF list)\n");
        if (n) {
                printf("\n");
                text_vf_table(vfs, n, stdout, "    ");
        }
}

const char *text_vf_field(uint32_t field, const struct sriov_vf_config *c, char *buf,
                          size_t size)
{
        const char *word = NULL;
        char mac[18];

        if (!(c->mask & field))
                return "-";
        switch (field) {
        case SRIOV_VF_CONFIG_MAC: word = sriov_mac_format(c->mac, mac); break;
        case SRIOV_VF_CONFIG_VLAN: snprintf(buf, size, "%u", c->vlan); return buf;
        case SRIOV_VF_CONFIG_QOS: snprintf(buf, size, "%u", c->qos); return buf;
        case SRIOV_VF_CONFIG_VLAN_PROTO:
                word = vf_vlan_proto_name(c->vlan_proto);
                if (!word) {
                        snprintf(buf, size, "0x%04x", c->vlan_proto);
                        return buf;
                }
                break;
        case SRIOV_VF_CONFIG_MIN_TX_RATE: snprintf(buf, size, "%u", c->min_tx_rate); return buf;
        case SRIOV_VF_CONFIG_MAX_TX_RATE: snprintf(buf, size, "%u", c->max_tx_rate); return buf;
        case SRIOV_VF_CONFIG_SPOOFCHK: word = c->spoofchk ? "on" : "off"; break;
        case SRIOV_VF_CONFIG_TRUST: word = c->trust ? "on" : "off"; break;
        case SRIOV_VF_CONFIG_QUERY_RSS: word = c->query_rss ? "on" : "off"; break;
        case SRIOV_VF_CONFIG_LINK_STATE: word = vf_link_state_name(c->link_state); break;
        default: break;
        }
        snprintf(buf, size, "%s", word ? word : "?");
        return buf;
}

/* "100", "100 qos 3", "100 802.1ad": the VF's VLAN in one table cell. */
static const char *vlan_cell(const struct sriov_vf_config *c, char *buf, size_t size)
{
        int n;

        if (!(c->mask & SRIOV_VF_CONFIG_VLAN))
                return "-";
        n = snprintf(buf, size, "%u", c->vlan);
        if (n > 0 && (size_t)n < size && (c->mask & SRIOV_VF_CONFIG_QOS) && c->qos)
                n += snprintf(buf + n, size - (size_t)n, " qos %u", c->qos);
        if (n > 0 && (size_t)n < size && (c->mask & SRIOV_VF_CONFIG_VLAN_PROTO) &&
            c->vlan_proto != SRIOV_VLAN_PROTO_8021Q) {
                char proto[16];

                snprintf(buf + n, size - (size_t)n, " %s",
                         text_vf_field(SRIOV_VF_CONFIG_VLAN_PROTO, c, proto, sizeof(proto)));
        }
        return buf;
}

/* The VF's settings, or none known: reading them failing is no reason to fail a listing. */
static void vf_config_or_none(struct sriov_vf *vf, struct sriov_vf_config *c)
{
        if (sriov_vf_get_config(vf, c) < 0)
                c->mask = 0;
}

void text_vf_table(struct sriov_vf **vfs, size_t n, FILE *out, const char *indent)
{
        static const char *const headers[] = { "PF",       "VF",    "PCI",  "DRIVER",
                                               "IFNAME",   "IOMMU", "NUMA", "MAC",
                                               "VLAN",     "SPOOFCHK", "TRUST", "LINK",
                                               "REPRESENTOR", NULL };
        struct sriov_vf_port *ports = calloc(n ? n : 1, sizeof(*ports));
        bool *has_port = calloc(n ? n : 1, sizeof(*has_port)), switchdev = false;
        struct table *t;

        if (!ports || !has_port)
                abort();
        /* The representor column only where a VF has a switch port: legacy tables stay. */
        for (size_t i = 0; i < n; i++) {
                char name[128];

                has_port[i] = cli_vf_port(vfs[i], &ports[i], name, sizeof(name));
                switchdev |= has_port[i];
        }
        {
                const char *cut[sizeof(headers) / sizeof(headers[0])];

                memcpy(cut, headers, sizeof(headers));
                if (!switchdev)
                        cut[12] = NULL;
                t = table_new(cut);
        }
        for (size_t i = 0; i < n; i++) {
                char idx[16], group[16], numa[16], mac[24], vlan[48], spoof[8], trust[8],
                        link[16];
                struct sriov_pf *pf = sriov_vf_get_pf(vfs[i]);
                struct sriov_vf_config c;

                vf_config_or_none(vfs[i], &c);
                const char *const row[] = {
                        sriov_pf_get_ifname(pf) ? sriov_pf_get_ifname(pf)
                                                : sriov_pf_get_name(pf),
                        FMT_INT(idx, sriov_vf_get_index(vfs[i])),
                        sriov_vf_get_pci_address(vfs[i]),
                        sriov_vf_get_driver(vfs[i]),
                        sriov_vf_get_ifname(vfs[i]),
                        int_or_dash(group, sizeof(group), sriov_vf_get_iommu_group(vfs[i])),
                        int_or_dash(numa, sizeof(numa), sriov_vf_get_numa_node(vfs[i])),
                        text_vf_field(SRIOV_VF_CONFIG_MAC, &c, mac, sizeof(mac)),
                        vlan_cell(&c, vlan, sizeof(vlan)),
                        text_vf_field(SRIOV_VF_CONFIG_SPOOFCHK, &c, spoof, sizeof(spoof)),
                        text_vf_field(SRIOV_VF_CONFIG_TRUST, &c, trust, sizeof(trust)),
                        text_vf_field(SRIOV_VF_CONFIG_LINK_STATE, &c, link, sizeof(link)),
                        has_port[i] ? ports[i].representor : NULL,
                };
                table_add(t, row);
        }
        table_print(t, out, indent);
        table_free(t);
        free(ports);
        free(has_port);
}

static const char *iommu_mode_text(int mode)
{
        switch (mode) {
        case SRIOV_IOMMU_MODE_NONE: return "none (no IOMMU: VFIO cannot take devices)";
        case SRIOV_IOMMU_MODE_DMA: return "dma (DMA is translated)";
        case SRIOV_IOMMU_MODE_PASSTHROUGH:
                return "passthrough (iommu=pt: host DMA untranslated, VFIO devices isolated)";
        case SRIOV_IOMMU_MODE_NOIOMMU:
                return "no-IOMMU (UNSAFE: a device given to user space can DMA anywhere in host "
                       "memory)";
        default: return "-";
        }
}

/* The VF's IOMMU group and VFIO nodes, as a VMM needs them; "-" for what there is not. */
static void text_vf_vfio(struct sriov_vf *vf)
{
        struct sriov_ctx *ctx = sriov_pf_get_ctx(sriov_vf_get_pf(vf));
        const char *cdev = sriov_vf_get_vfio_cdev_path(vf), *why = NULL;
        struct sriov_iommu_group *g = NULL;

        if (sriov_vf_get_iommu_group(vf) >= 0 && sriov_vf_get_iommu_group_info(vf, &g) == 0) {
                printf("    members:      ");
                for (size_t i = 0; i < sriov_iommu_group_get_member_count(g); i++) {
                        const char *drv = sriov_iommu_group_get_member_driver(g, i);

                        printf("%s%s %s%s", i ? ", " : "",
                               sriov_iommu_group_get_member_pci_address(g, i),
                               drv ? drv : "(no driver)",
                               sriov_iommu_group_member_is_bridge(g, i) ? " (bridge)" : "");
                }
                printf("\n");
                if (sriov_iommu_group_is_viable(g, &why))
                        printf("    viable:       yes\n");
                else
                        printf("    viable:       no: %s\n", why);
                printf("    vfio group:   %s\n", sriov_iommu_group_get_vfio_path(g)
                                                         ? sriov_iommu_group_get_vfio_path(g)
                                                         : "-");
                sriov_iommu_group_unref(g);
        } else {
                printf("    members:      -\n");
                printf("    viable:       no: the VF has no IOMMU group\n");
                printf("    vfio group:   -\n");
        }
        printf("    vfio cdev:    %s%s\n", cdev ? cdev : "-",
               cdev && sriov_ctx_has_iommufd(ctx) == 1 ? " (with /dev/iommu)" : "");
        printf("    iommu mode:   %s\n", iommu_mode_text(sriov_ctx_get_iommu_mode(ctx)));
}

void text_vf_show(struct sriov_vf *vf)
{
        static const struct {
                uint32_t field;
                const char *label;
        } settings[] = {
                { SRIOV_VF_CONFIG_MAC, "mac" },
                { SRIOV_VF_CONFIG_VLAN, "vlan" },
                { SRIOV_VF_CONFIG_QOS, "qos" },
                { SRIOV_VF_CONFIG_VLAN_PROTO, "vlan proto" },
                { SRIOV_VF_CONFIG_MIN_TX_RATE, "min tx rate" },
                { SRIOV_VF_CONFIG_MAX_TX_RATE, "max tx rate" },
                { SRIOV_VF_CONFIG_SPOOFCHK, "spoofchk" },
                { SRIOV_VF_CONFIG_TRUST, "trust" },
                { SRIOV_VF_CONFIG_LINK_STATE, "link state" },
                { SRIOV_VF_CONFIG_QUERY_RSS, "query rss" },
        };
        struct sriov_pf *pf = sriov_vf_get_pf(vf);
        struct sriov_vf_config c;
        char buf[32];
        int r;

        if (sriov_vf_get_pci_address(vf))
                printf("%s ", sriov_vf_get_pci_address(vf));
        printf("VF %u of %s%s%s%s", sriov_vf_get_index(vf), sriov_pf_get_name(pf),
               sriov_pf_get_ifname(pf) ? " (" : "",
               sriov_pf_get_ifname(pf) ? sriov_pf_get_ifname(pf) : "",
               sriov_pf_get_ifname(pf) ? ")" : "");
        if (sriov_vf_get_pci_address(vf))
                printf(" [%04x:%04x]\n", sriov_vf_get_vendor_id(vf), sriov_vf_get_device_id(vf));
        else
                printf(" (%s: no PCI function)\n",
                       sriov_pf_kind_to_string(sriov_pf_get_kind(pf)));
        printf("    driver:       %s\n", sriov_vf_get_driver(vf) ? sriov_vf_get_driver(vf) : "-");
        printf("    ifname:       %s\n", sriov_vf_get_ifname(vf) ? sriov_vf_get_ifname(vf) : "-");
        printf("    iommu group:  %s\n",
               int_or_dash(buf, sizeof(buf), sriov_vf_get_iommu_group(vf)));
        printf("    numa node:    %s\n",
               int_or_dash(buf, sizeof(buf), sriov_vf_get_numa_node(vf)));
        text_vf_vfio(vf);
        {
                const char *why = NULL;

                printf("    in use:       %s\n",
                       sriov_vf_is_in_use(vf, &why) == 1 && why ? why : "-");
        }
        {
                struct sriov_vf_port port;
                char name[128];

                /* Only in switchdev mode, where the VF is a port of the PF's switch. */
                if (cli_vf_port(vf, &port, name, sizeof(name))) {
                        printf("    devlink port: %s\n", name);
                        printf("    representor:  %s\n",
                               port.representor[0] ? port.representor : "-");
                }
        }
        /* A VF the kernel's list leaves out has no settings to show: say why, once. */
        r = sriov_vf_get_config(vf, &c);
        if (r < 0)
                c.mask = 0;
        if (r == -ENODATA) {
                const char *why = strstr(sriov_ctx_get_error(sriov_pf_get_ctx(pf)),
                                         "not in the kernel");

                printf("    settings:     - (%s)\n", why ? why : "not read");
        }
        for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
                char label[24];

                snprintf(label, sizeof(label), "%s:", settings[i].label);
                printf("    %-14s%s\n", label,
                       text_vf_field(settings[i].field, &c, buf, sizeof(buf)));
        }
}

void text_vf_stats(const struct sriov_vf_stats *st)
{
        printf("    RX: bytes %llu  packets %llu  broadcast %llu  multicast %llu  dropped %llu\n",
               (unsigned long long)st->rx_bytes, (unsigned long long)st->rx_packets,
               (unsigned long long)st->broadcast, (unsigned long long)st->multicast,
               (unsigned long long)st->rx_dropped);
        printf("    TX: bytes %llu  packets %llu  dropped %llu\n",
               (unsigned long long)st->tx_bytes, (unsigned long long)st->tx_packets,
               (unsigned long long)st->tx_dropped);
}

void text_check_report(const struct sriov_check_report *r)
{
        static const char *const words[] = { "PASS", "WARN", "FAIL" };
        unsigned int count[3] = { 0, 0, 0 };

        for (size_t i = 0; i < sriov_check_report_get_count(r); i++) {
                enum sriov_check_severity sev = sriov_check_report_get_severity(r, i);
                const char *remedy = sriov_check_report_get_remedy(r, i);

                count[sev]++;
                printf("%s  %s%s%s\n", words[sev], sriov_check_report_get_message(r, i),
                       remedy ? " \u2014 " : "", remedy ? remedy : "");
        }
        printf("check: %u ok, %u warning%s, %u problem%s\n", count[0], count[1],
               count[1] == 1 ? "" : "s", count[2], count[2] == 1 ? "" : "s");
}

/* rate show's table: one row per rate object, as devlink(8) lists them. */
struct text_rates {
        struct table *t;
        size_t rows;
};

struct text_rates *text_rates_new(void)
{
        static const char *const headers[] = { "NAME", "TYPE",   "TX_SHARE",
                                               "TX_MAX", "PARENT", "DEVLINK PORT", NULL };
        struct text_rates *t = calloc(1, sizeof(*t));

        if (!t)
                abort();
        t->t = table_new(headers);
        return t;
}

void text_rates_add(struct text_rates *t, struct sriov_pf *pf, const char *name,
                    struct sriov_vf *vf, const char *port, const struct sriov_rate *rate)
{
        char full[SRIOV_RATE_NAME_MAX + 64], share[32], max[32];

        /* PF/NODE by the PF's own name (sriov_pf_get_name(), as pf list -j and rate show -j
         * call it), not its netdev: the name is the same in text and JSON, and stays when
         * the netdev is renamed or gone (a PF without a driver, netdevsim in a netns). */
        snprintf(full, sizeof(full), "%s/%s", sriov_pf_get_name(pf), name);
        const char *const row[] = {
                full,
                vf ? "leaf" : "node",
                rate->mask & SRIOV_RATE_TX_SHARE ? sriov_rate_format(rate->tx_share, share,
                                                                     sizeof(share))
                                                 : NULL,
                rate->mask & SRIOV_RATE_TX_MAX ? sriov_rate_format(rate->tx_max, max, sizeof(max))
                                               : NULL,
                rate->parent,
                port,
        };
        table_add(t->t, row);
        t->rows++;
}

void text_rates_print(struct text_rates *t)
{
        /* Nothing at all for none, as devlink prints nothing. */
        if (t->rows)
                table_print(t->t, stdout, "");
}

void text_rates_free(struct text_rates *t)
{
        if (!t)
                return;
        table_free(t->t);
        free(t);
}
