/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON that scripts read: the keys of sriovctl(8)'s schema, built in this one place.
 * A value the kernel or driver does not report is null, never a made-up default.
 */
#include <stdio.h>

#include "sriovctl.h"

static struct json_object *str_or_null(const char *s)
{
        return s ? json_object_new_string(s) : NULL;
}

static struct json_object *hex16(uint16_t v)
{
        char buf[8];

        snprintf(buf, sizeof(buf), "%04x", v);
        return json_object_new_string(buf);
}

static struct json_object *int_or_null(int v)
{
        return v >= 0 ? json_object_new_int(v) : NULL;
}

struct json_object *json_pf(struct sriov_pf *pf)
{
        struct json_object *o = json_object_new_object();
        int autoprobe = sriov_pf_get_drivers_autoprobe(pf);

        json_object_object_add(o, "pci", json_object_new_string(sriov_pf_get_pci_address(pf)));
        json_object_object_add(o, "ifname", str_or_null(sriov_pf_get_ifname(pf)));
        json_object_object_add(o, "driver", str_or_null(sriov_pf_get_driver(pf)));
        json_object_object_add(o, "vendor", hex16(sriov_pf_get_vendor_id(pf)));
        json_object_object_add(o, "device", hex16(sriov_pf_get_device_id(pf)));
        json_object_object_add(o, "vendor_name", str_or_null(sriov_pf_get_vendor_name(pf)));
        json_object_object_add(o, "device_name", str_or_null(sriov_pf_get_device_name(pf)));
        json_object_object_add(o, "numa_node", int_or_null(sriov_pf_get_numa_node(pf)));
        json_object_object_add(o, "total_vfs", json_object_new_int(sriov_pf_get_total_vfs(pf)));
        json_object_object_add(o, "num_vfs", json_object_new_int(sriov_pf_get_num_vfs(pf)));
        json_object_object_add(o, "drivers_autoprobe",
                               autoprobe < 0 ? NULL : json_object_new_boolean(autoprobe));
        json_object_object_add(o, "vf_device", hex16(sriov_pf_get_vf_device_id(pf)));
        json_object_object_add(o, "vf_offset", json_object_new_int(sriov_pf_get_vf_offset(pf)));
        json_object_object_add(o, "vf_stride", json_object_new_int(sriov_pf_get_vf_stride(pf)));
        {
                struct json_object *names = json_object_new_array();

                for (const char *const *n = sriov_pf_get_ifnames(pf); *n; n++)
                        json_object_array_add(names, json_object_new_string(*n));
                json_object_object_add(o, "ifnames", names);
        }
        return o;
}

/* The VF schema's keys of the rtnetlink settings are the names of shared/vf-fields.h. */
const char *json_vf_key(uint32_t field)
{
        return sriov_vf_field_name(field);
}

struct json_object *json_vf_field(uint32_t field, const struct sriov_vf_config *c)
{
        char mac[18];

        if (!(c->mask & field))
                return NULL;
        switch (field) {
        case SRIOV_VF_CONFIG_MAC:
                return json_object_new_string(sriov_mac_format(c->mac, mac));
        case SRIOV_VF_CONFIG_VLAN: return json_object_new_int(c->vlan);
        case SRIOV_VF_CONFIG_QOS: return json_object_new_int(c->qos);
        case SRIOV_VF_CONFIG_VLAN_PROTO: return str_or_null(vf_vlan_proto_name(c->vlan_proto));
        case SRIOV_VF_CONFIG_MIN_TX_RATE: return json_object_new_int64(c->min_tx_rate);
        case SRIOV_VF_CONFIG_MAX_TX_RATE: return json_object_new_int64(c->max_tx_rate);
        case SRIOV_VF_CONFIG_SPOOFCHK: return json_object_new_boolean(c->spoofchk);
        case SRIOV_VF_CONFIG_TRUST: return json_object_new_boolean(c->trust);
        case SRIOV_VF_CONFIG_LINK_STATE: return str_or_null(vf_link_state_name(c->link_state));
        case SRIOV_VF_CONFIG_QUERY_RSS: return json_object_new_boolean(c->query_rss);
        default: return NULL;
        }
}

struct json_object *json_vf_stats(const struct sriov_vf_stats *st)
{
        struct json_object *o = json_object_new_object();

        /* The kernel's counters are u64; JSON numbers from json-c are int64, plenty here. */
        json_object_object_add(o, "rx_packets", json_object_new_int64((int64_t)st->rx_packets));
        json_object_object_add(o, "rx_bytes", json_object_new_int64((int64_t)st->rx_bytes));
        json_object_object_add(o, "tx_packets", json_object_new_int64((int64_t)st->tx_packets));
        json_object_object_add(o, "tx_bytes", json_object_new_int64((int64_t)st->tx_bytes));
        json_object_object_add(o, "broadcast", json_object_new_int64((int64_t)st->broadcast));
        json_object_object_add(o, "multicast", json_object_new_int64((int64_t)st->multicast));
        json_object_object_add(o, "rx_dropped", json_object_new_int64((int64_t)st->rx_dropped));
        json_object_object_add(o, "tx_dropped", json_object_new_int64((int64_t)st->tx_dropped));
        return o;
}

/*
 * What a VMM needs of the VF's IOMMU group and VFIO nodes: read when printed, null where the
 * VF has no group (no IOMMU) or vfio has no node. A VF without a group is not looked up, so
 * that -v does not log an error for the normal case of a host without IOMMU.
 */
static void json_vf_vfio(struct json_object *o, struct sriov_vf *vf)
{
        struct json_object *members = NULL, *viable = NULL, *node = NULL;
        struct sriov_iommu_group *g = NULL;

        if (sriov_vf_get_iommu_group(vf) >= 0 && sriov_vf_get_iommu_group_info(vf, &g) == 0) {
                members = json_object_new_array();
                for (size_t i = 0; i < sriov_iommu_group_get_member_count(g); i++) {
                        struct json_object *m = json_object_new_object();

                        json_object_object_add(
                                m, "pci",
                                json_object_new_string(sriov_iommu_group_get_member_pci_address(g, i)));
                        json_object_object_add(m, "driver",
                                               str_or_null(sriov_iommu_group_get_member_driver(g, i)));
                        json_object_object_add(
                                m, "bridge",
                                json_object_new_boolean(sriov_iommu_group_member_is_bridge(g, i)));
                        json_object_array_add(members, m);
                }
                viable = json_object_new_boolean(sriov_iommu_group_is_viable(g, NULL));
                node = str_or_null(sriov_iommu_group_get_vfio_path(g));
                sriov_iommu_group_unref(g);
        }
        json_object_object_add(o, "iommu_group_members", members);
        json_object_object_add(o, "iommu_group_viable", viable);
        json_object_object_add(o, "vfio_group", node);
        json_object_object_add(o, "vfio_cdev", str_or_null(sriov_vf_get_vfio_cdev_path(vf)));
}

struct json_object *json_vf_binding(unsigned int index, const char *pci, const char *driver,
                                    const char *old_driver)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "vf", json_object_new_int((int)index));
        json_object_object_add(o, "pci", json_object_new_string(pci));
        json_object_object_add(o, "driver", str_or_null(driver));
        json_object_object_add(o, "old_driver", str_or_null(old_driver));
        return o;
}

struct json_object *json_vf(struct sriov_vf *vf)
{
        struct json_object *o = json_object_new_object();
        struct sriov_vf_config cfg;

        json_object_object_add(o, "vf", json_object_new_int(sriov_vf_get_index(vf)));
        json_object_object_add(o, "pci", json_object_new_string(sriov_vf_get_pci_address(vf)));
        json_object_object_add(o, "pf",
                               json_object_new_string(sriov_pf_get_pci_address(sriov_vf_get_pf(vf))));
        json_object_object_add(o, "vendor", hex16(sriov_vf_get_vendor_id(vf)));
        json_object_object_add(o, "device", hex16(sriov_vf_get_device_id(vf)));
        json_object_object_add(o, "driver", str_or_null(sriov_vf_get_driver(vf)));
        json_object_object_add(o, "ifname", str_or_null(sriov_vf_get_ifname(vf)));
        json_object_object_add(o, "iommu_group", int_or_null(sriov_vf_get_iommu_group(vf)));
        json_vf_vfio(o, vf);
        json_object_object_add(o, "numa_node", int_or_null(sriov_vf_get_numa_node(vf)));
        /*
         * Not being able to read the settings (no PF netdev, no rtnetlink) does not fail a
         * listing: the keys are null, and the library's log says why with -v.
         */
        if (sriov_vf_get_config(vf, &cfg) < 0)
                cfg.mask = 0;
        for (size_t i = 0; i < SRIOV_VF_FIELDS; i++)
                json_object_object_add(o, json_vf_key(sriov_vf_field_show_order[i]),
                                       json_vf_field(sriov_vf_field_show_order[i], &cfg));
        return o;
}

void json_print(struct cli *cli, struct json_object *obj)
{
        int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

        flags |= cli->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
                             : JSON_C_TO_STRING_PLAIN;
        puts(json_object_to_json_string_ext(obj, flags));
        json_object_put(obj);
}

static const char *const severity_names[] = { "ok", "warning", "problem" };

struct json_object *json_check_report(const struct sriov_check_report *r)
{
        struct json_object *o = json_object_new_object(), *a = json_object_new_array();

        json_object_object_add(o, "ok", json_object_new_boolean(sriov_check_report_get_worst(r) <
                                                                SRIOV_CHECK_PROBLEM));
        for (size_t i = 0; i < sriov_check_report_get_count(r); i++) {
                struct json_object *f = json_object_new_object();

                json_object_object_add(f, "id",
                                       json_object_new_string(sriov_check_report_get_id(r, i)));
                json_object_object_add(
                        f, "severity",
                        json_object_new_string(severity_names[sriov_check_report_get_severity(r, i)]));
                json_object_object_add(f, "object",
                                       json_object_new_string(sriov_check_report_get_object(r, i)));
                json_object_object_add(f, "message",
                                       json_object_new_string(sriov_check_report_get_message(r, i)));
                json_object_object_add(f, "remedy", str_or_null(sriov_check_report_get_remedy(r, i)));
                json_object_array_add(a, f);
        }
        json_object_object_add(o, "findings", a);
        return o;
}
