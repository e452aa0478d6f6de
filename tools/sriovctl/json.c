/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON that scripts read: the keys of sriovctl(8)'s schema, built in this one place.
 * A value the kernel or driver does not report is null, never a made-up default.
 */
#include <stdio.h>
#include <string.h>

#include "sriovctl.h"

/*
 * Every JSON object sriovctl prints is built here or, for apply's documents and plans, in
 * json-state.c; commands only choose which to print (check-layout keeps it so).
 */

struct json_object *json_string_or_null(const char *s)
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

        bool pci = sriov_pf_get_kind(pf) == SRIOV_PF_KIND_PCI;

        json_object_object_add(o, "pci", json_string_or_null(sriov_pf_get_pci_address(pf)));
        json_object_object_add(o, "name", json_object_new_string(sriov_pf_get_name(pf)));
        json_object_object_add(o, "devlink",
                               json_object_new_string(sriov_pf_get_devlink_handle(pf)));
        json_object_object_add(o, "kind",
                               json_object_new_string(sriov_pf_kind_to_string(sriov_pf_get_kind(pf))));
        json_object_object_add(o, "ifname", json_string_or_null(sriov_pf_get_ifname(pf)));
        json_object_object_add(o, "driver", json_string_or_null(sriov_pf_get_driver(pf)));
        json_object_object_add(o, "vendor", pci ? hex16(sriov_pf_get_vendor_id(pf)) : NULL);
        json_object_object_add(o, "device", pci ? hex16(sriov_pf_get_device_id(pf)) : NULL);
        json_object_object_add(o, "vendor_name", json_string_or_null(sriov_pf_get_vendor_name(pf)));
        json_object_object_add(o, "device_name", json_string_or_null(sriov_pf_get_device_name(pf)));
        json_object_object_add(o, "numa_node", int_or_null(sriov_pf_get_numa_node(pf)));
        json_object_object_add(o, "total_vfs",
                               pci || sriov_pf_get_total_vfs(pf)
                                       ? json_object_new_int(sriov_pf_get_total_vfs(pf))
                                       : NULL);
        json_object_object_add(o, "num_vfs", json_object_new_int(sriov_pf_get_num_vfs(pf)));
        json_object_object_add(o, "drivers_autoprobe",
                               autoprobe < 0 ? NULL : json_object_new_boolean(autoprobe));
        json_object_object_add(o, "vf_device", pci ? hex16(sriov_pf_get_vf_device_id(pf)) : NULL);
        json_object_object_add(o, "vf_offset",
                               pci ? json_object_new_int(sriov_pf_get_vf_offset(pf)) : NULL);
        json_object_object_add(o, "vf_stride",
                               pci ? json_object_new_int(sriov_pf_get_vf_stride(pf)) : NULL);
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
        case SRIOV_VF_CONFIG_VLAN_PROTO: return json_string_or_null(vf_vlan_proto_name(c->vlan_proto));
        case SRIOV_VF_CONFIG_MIN_TX_RATE: return json_object_new_int64(c->min_tx_rate);
        case SRIOV_VF_CONFIG_MAX_TX_RATE: return json_object_new_int64(c->max_tx_rate);
        case SRIOV_VF_CONFIG_SPOOFCHK: return json_object_new_boolean(c->spoofchk);
        case SRIOV_VF_CONFIG_TRUST: return json_object_new_boolean(c->trust);
        case SRIOV_VF_CONFIG_LINK_STATE: return json_string_or_null(vf_link_state_name(c->link_state));
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
                                               json_string_or_null(sriov_iommu_group_get_member_driver(g, i)));
                        json_object_object_add(
                                m, "bridge",
                                json_object_new_boolean(sriov_iommu_group_member_is_bridge(g, i)));
                        json_object_array_add(members, m);
                }
                viable = json_object_new_boolean(sriov_iommu_group_is_viable(g, NULL));
                node = json_string_or_null(sriov_iommu_group_get_vfio_path(g));
                sriov_iommu_group_unref(g);
        }
        json_object_object_add(o, "iommu_group_members", members);
        json_object_object_add(o, "iommu_group_viable", viable);
        json_object_object_add(o, "vfio_group", node);
        json_object_object_add(o, "vfio_cdev", json_string_or_null(sriov_vf_get_vfio_cdev_path(vf)));
}

/* What a command that changes the host says: whether it did (or would), and to what. */
static struct json_object *result(bool changed, bool dry_run)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "changed", json_object_new_boolean(changed));
        json_object_object_add(o, "dry_run", json_object_new_boolean(dry_run));
        return o;
}

struct json_object *json_bindings(const struct json_binding *b, size_t n, bool changed,
                                  bool dry_run)
{
        struct json_object *o = result(changed, dry_run), *vfs = json_object_new_array();

        for (size_t i = 0; i < n; i++) {
                struct json_object *v = json_object_new_object();

                json_object_object_add(v, "vf", json_object_new_int((int)b[i].index));
                json_object_object_add(v, "pci", json_object_new_string(b[i].pci));
                json_object_object_add(v, "driver", json_string_or_null(b[i].driver));
                json_object_object_add(v, "old_driver", json_string_or_null(b[i].old_driver));
                json_object_array_add(vfs, v);
        }
        json_object_object_add(o, "vfs", vfs);
        return o;
}

struct json_object *json_vf(struct sriov_vf *vf)
{
        struct json_object *o = json_object_new_object();
        struct sriov_vf_config cfg;

        json_object_object_add(o, "vf", json_object_new_int(sriov_vf_get_index(vf)));
        bool pci = sriov_vf_get_pci_address(vf) != NULL;

        json_object_object_add(o, "pci", json_string_or_null(sriov_vf_get_pci_address(vf)));
        json_object_object_add(o, "pf", json_object_new_string(sriov_pf_get_name(sriov_vf_get_pf(vf))));
        json_object_object_add(o, "vendor", pci ? hex16(sriov_vf_get_vendor_id(vf)) : NULL);
        json_object_object_add(o, "device", pci ? hex16(sriov_vf_get_device_id(vf)) : NULL);
        json_object_object_add(o, "driver", json_string_or_null(sriov_vf_get_driver(vf)));
        json_object_object_add(o, "ifname", json_string_or_null(sriov_vf_get_ifname(vf)));
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
        {
                struct sriov_vf_port port;
                char name[128];
                bool has = cli_vf_port(vf, &port, name, sizeof(name));

                /* Both null in legacy mode, where a VF has no switch port. */
                json_object_object_add(o, "devlink_port", has ? json_object_new_string(name) : NULL);
                json_object_object_add(o, "representor",
                                       has ? json_string_or_null(port.representor[0] ? port.representor
                                                                             : NULL)
                                           : NULL);
        }
        return o;
}

static int print_flags(const struct cli *cli)
{
        return JSON_C_TO_STRING_NOSLASHESCAPE |
               (cli->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
                            : JSON_C_TO_STRING_PLAIN);
}

void json_print(struct cli *cli, struct json_object *obj)
{
        puts(json_object_to_json_string_ext(obj, print_flags(cli)));
        json_object_put(obj);
}

void json_print_vf_list(struct cli *cli, struct sriov_vf **vfs, size_t n)
{
        /* Pretty output is for people, and indents elements as part of the whole array. */
        if (cli->pretty) {
                json_print(cli, json_vf_list(vfs, n));
                return;
        }
        /* Plain, an array is "[" elements joined by "," "]": the same bytes, streamed. */
        fputc('[', stdout);
        for (size_t i = 0; i < n; i++) {
                struct json_object *o = json_vf(vfs[i]);

                if (i)
                        fputc(',', stdout);
                fputs(json_object_to_json_string_ext(o, print_flags(cli)), stdout);
                json_object_put(o);
        }
        puts("]");
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
                json_object_object_add(f, "remedy", json_string_or_null(sriov_check_report_get_remedy(r, i)));
                json_object_array_add(a, f);
        }
        json_object_object_add(o, "findings", a);
        return o;
}

struct json_object *json_pf_list(struct sriov_pf_list *list)
{
        struct json_object *a = json_object_new_array();

        for (size_t i = 0; i < sriov_pf_list_get_count(list); i++)
                json_object_array_add(a, json_pf(sriov_pf_list_get(list, i)));
        return a;
}

struct json_object *json_vf_list(struct sriov_vf **vfs, size_t n)
{
        struct json_object *a = json_object_new_array();

        for (size_t i = 0; i < n; i++)
                json_object_array_add(a, json_vf(vfs[i]));
        return a;
}

/* The eswitch fields of pf show: null where the driver has no devlink eswitch or the field. */
static void json_eswitch(struct json_object *o, struct sriov_pf *pf)
{
        static const struct {
                const char *key;
                uint32_t field;
        } keys[] = {
                { "eswitch_mode", SRIOV_ESWITCH_MODE },
                { "eswitch_inline_mode", SRIOV_ESWITCH_INLINE_MODE },
                { "eswitch_encap_mode", SRIOV_ESWITCH_ENCAP_MODE },
        };
        struct sriov_eswitch e;

        if (!cli_pf_eswitch(pf, &e))
                e.mask = 0;
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
                json_object_object_add(o, keys[i].key,
                                       e.mask & keys[i].field
                                               ? json_string_or_null(cli_eswitch_word(&e, keys[i].field))
                                               : NULL);
}

struct json_object *json_pf_show(struct sriov_pf *pf, struct sriov_vf **vfs, size_t n)
{
        struct json_object *o = json_pf(pf);

        json_eswitch(o, pf);

        json_object_object_add(o, "vfs", json_vf_list(vfs, n));
        return o;
}

struct json_object *json_vf_show(struct sriov_vf *vf, bool stats, const struct sriov_vf_stats *st)
{
        struct json_object *o = json_vf(vf);
        const char *why = NULL;

        /* One VF: who uses it is worth the sysfs and /proc reads a listing would not pay. */
        json_object_object_add(o, "in_use",
                               sriov_vf_is_in_use(vf, &why) == 1 ? json_string_or_null(why) : NULL);
        /* Counters the driver does not give are null, as other unreported values are. */
        if (stats)
                json_object_object_add(o, "stats", st ? json_vf_stats(st) : NULL);
        return o;
}

struct json_object *json_pf_set(struct sriov_pf *pf, bool changed, bool dry_run,
                                unsigned int num_vfs, unsigned int old_num_vfs, int autoprobe,
                                const char *eswitch_mode, const char *old_eswitch_mode)
{
        struct json_object *o = result(changed, dry_run);

        /* A netdevsim PF has no PCI address: null, as in the PF object, and its name. */
        json_object_object_add(o, "pci", json_string_or_null(sriov_pf_get_pci_address(pf)));
        json_object_object_add(o, "name", json_object_new_string(sriov_pf_get_name(pf)));
        json_object_object_add(o, "num_vfs", json_object_new_int((int)num_vfs));
        json_object_object_add(o, "old_num_vfs", json_object_new_int((int)old_num_vfs));
        json_object_object_add(o, "drivers_autoprobe",
                               autoprobe < 0 ? NULL : json_object_new_boolean(autoprobe));
        if (eswitch_mode) {
                json_object_object_add(o, "eswitch_mode", json_object_new_string(eswitch_mode));
                json_object_object_add(o, "old_eswitch_mode", json_string_or_null(old_eswitch_mode));
        }
        return o;
}

/* One rate object of `rate show`: a node (@vf NULL) or a VF's leaf. */
static struct json_object *json_rate(struct sriov_pf *pf, const char *name, struct sriov_vf *vf,
                                     const char *port, const struct sriov_rate *rate)
{
        struct json_object *o = json_object_new_object();
        char full[SRIOV_RATE_NAME_MAX + 64];

        snprintf(full, sizeof(full), "%s/%s", sriov_pf_get_name(pf), name);
        json_object_object_add(o, "name", json_object_new_string(full));
        json_object_object_add(o, "type", json_object_new_string(vf ? "leaf" : "node"));
        json_object_object_add(o, "vf", vf ? json_object_new_int(sriov_vf_get_index(vf)) : NULL);
        json_object_object_add(o, "devlink_port", json_string_or_null(port));
        json_object_object_add(o, "tx_share",
                               rate->mask & SRIOV_RATE_TX_SHARE
                                       ? json_object_new_uint64(rate->tx_share)
                                       : NULL);
        json_object_object_add(o, "tx_max",
                               rate->mask & SRIOV_RATE_TX_MAX ? json_object_new_uint64(rate->tx_max)
                                                              : NULL);
        json_object_object_add(o, "parent", json_string_or_null(rate->parent[0] ? rate->parent : NULL));
        return o;
}

struct json_object *json_rates_new(void)
{
        return json_object_new_array();
}

void json_rates_add(struct json_object *list, struct sriov_pf *pf, const char *name,
                    struct sriov_vf *vf, const char *port, const struct sriov_rate *rate)
{
        json_object_array_add(list, json_rate(pf, name, vf, port, rate));
}

struct json_object *json_vf_set(struct sriov_vf *vf, const struct sriov_vf_config *change,
                                bool dry_run)
{
        struct json_object *o = result(change->mask != 0, dry_run), *vfs = json_object_new_array();
        struct json_object *one = json_object_new_object(), *set = json_object_new_object();

        for (unsigned int b = 0; b < SRIOV_VF_FIELDS; b++)
                if (change->mask & (1u << b))
                        json_object_object_add(set, json_vf_key(1u << b),
                                               json_vf_field(1u << b, change));
        json_object_object_add(one, "vf", json_object_new_int(sriov_vf_get_index(vf)));
        json_object_object_add(one, "pci", json_string_or_null(sriov_vf_get_pci_address(vf)));
        json_object_object_add(one, "set", set);
        json_object_array_add(vfs, one);
        json_object_object_add(o, "vfs", vfs);
        return o;
}

struct json_object *json_vfio_owner(const char *vf, const char *const nodes[2], uid_t uid,
                                    gid_t gid, bool dry_run)
{
        struct json_object *o = json_object_new_object(), *a = json_object_new_array();

        json_object_object_add(o, "vf", json_object_new_string(vf));
        for (int i = 0; i < 2 && nodes[i]; i++)
                json_object_array_add(a, json_object_new_string(nodes[i]));
        json_object_object_add(o, "nodes", a);
        json_object_object_add(o, "uid", uid == (uid_t)-1 ? NULL : json_object_new_int64(uid));
        json_object_object_add(o, "gid", gid == (gid_t)-1 ? NULL : json_object_new_int64(gid));
        json_object_object_add(o, "dry_run", json_object_new_boolean(dry_run));
        return o;
}

/* The library's word (sriov_lease_get_state_name()), but for a held lease that a forced change
 * broke: JSON says "held" and the breaker in "broken_by". */
static const char *json_lease_state(struct sriov_lease *l)
{
        const char *word = sriov_lease_get_state_name(l);

        return strcmp(word, "broken") == 0 ? "held" : word;
}

struct json_object *json_lease(struct sriov_lease *l)
{
        struct json_object *o = json_object_new_object();
        int broken = sriov_lease_get_broken_pid(l);

        json_object_object_add(o, "pci", json_object_new_string(sriov_lease_get_pci_address(l)));
        json_object_object_add(o, "pf", json_object_new_string(sriov_lease_get_pf_pci_address(l)));
        json_object_object_add(o, "pf_ifname", json_string_or_null(sriov_lease_get_pf_ifname(l)));
        json_object_object_add(o, "vf", json_object_new_int((int)sriov_lease_get_vf_index(l)));
        json_object_object_add(o, "iommu_group", int_or_null(sriov_lease_get_iommu_group(l)));
        json_object_object_add(o, "vfio_group", json_string_or_null(sriov_lease_get_vfio_group_path(l)));
        json_object_object_add(o, "vfio_cdev", json_string_or_null(sriov_lease_get_vfio_cdev_path(l)));
        json_object_object_add(o, "numa_node", int_or_null(sriov_lease_get_numa_node(l)));
        json_object_object_add(o, "owner_pid", int_or_null(sriov_lease_get_owner_pid(l)));
        json_object_object_add(o, "cookie", json_object_new_string(sriov_lease_get_cookie(l)));
        json_object_object_add(o, "stale", json_object_new_boolean(sriov_lease_is_stale(l)));
        json_object_object_add(o, "lost", json_object_new_boolean(sriov_lease_is_lost(l)));
        json_object_object_add(o, "state", json_object_new_string(json_lease_state(l)));
        json_object_object_add(o, "broken_by", int_or_null(broken));
        json_object_object_add(o, "holder", json_string_or_null(sriov_lease_get_holder(l)));
        json_object_object_add(o, "netdev", json_string_or_null(sriov_lease_get_ifname(l)));
        {
                struct json_object *labels = json_object_new_object();

                for (const char *const *kv = sriov_lease_get_labels(l); *kv; kv++) {
                        const char *eq = strchr(*kv, '=');
                        char key[64];

                        snprintf(key, sizeof(key), "%.*s", (int)(eq - *kv), *kv);
                        json_object_object_add(labels, key, json_object_new_string(eq + 1));
                }
                json_object_object_add(o, "labels", labels);
        }
        return o;
}

struct json_object *json_lease_list(struct sriov_lease *const *leases)
{
        struct json_object *a = json_object_new_array();

        for (; *leases; leases++)
                json_object_array_add(a, json_lease(*leases));
        return a;
}

struct json_object *json_lease_gc(unsigned int recovered, unsigned int lost)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "recovered", json_object_new_int((int)recovered));
        json_object_object_add(o, "lost", json_object_new_int((int)lost));
        json_object_object_add(o, "changed", json_object_new_boolean(recovered + lost > 0));
        return o;
}

struct json_object *json_rate_change(const char *name, bool changed, bool dry_run)
{
        struct json_object *o = result(changed, dry_run);

        json_object_object_add(o, "name", json_object_new_string(name));
        return o;
}
