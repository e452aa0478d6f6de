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

struct json_object *json_vf(struct sriov_vf *vf)
{
        struct json_object *o = json_object_new_object();
        static const char *const netlink_keys[] = {
                "mac",      "vlan",  "qos",        "vlan_proto",  "spoofchk",
                "trust",    "link_state", "min_tx_rate", "max_tx_rate", "query_rss",
        };

        json_object_object_add(o, "vf", json_object_new_int(sriov_vf_get_index(vf)));
        json_object_object_add(o, "pci", json_object_new_string(sriov_vf_get_pci_address(vf)));
        json_object_object_add(o, "pf",
                               json_object_new_string(sriov_pf_get_pci_address(sriov_vf_get_pf(vf))));
        json_object_object_add(o, "vendor", hex16(sriov_vf_get_vendor_id(vf)));
        json_object_object_add(o, "device", hex16(sriov_vf_get_device_id(vf)));
        json_object_object_add(o, "driver", str_or_null(sriov_vf_get_driver(vf)));
        json_object_object_add(o, "ifname", str_or_null(sriov_vf_get_ifname(vf)));
        json_object_object_add(o, "iommu_group", int_or_null(sriov_vf_get_iommu_group(vf)));
        json_object_object_add(o, "numa_node", int_or_null(sriov_vf_get_numa_node(vf)));
        /* The rtnetlink state is not read yet: null until the driver's answer is known. */
        for (size_t i = 0; i < sizeof(netlink_keys) / sizeof(netlink_keys[0]); i++)
                json_object_object_add(o, netlink_keys[i], NULL);
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
