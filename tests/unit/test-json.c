/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl's JSON: the keys and null rules of sriovctl(8), checked on PF and VF objects built
 * in memory (white box), so no sysfs is involved.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/devlink.h>

#include "libsriov-private.h"
#include "../../tools/sriovctl/sriovctl.h"

static char *strv_one(const char *s)
{
        char **v = calloc(2, sizeof(*v));

        v[0] = s ? strdup(s) : NULL;
        return (char *)v;
}

static struct sriov_pf *fake_pf(struct sriov_ctx *ctx, const char *ifname, const char *driver,
                                int numa, int autoprobe)
{
        struct sriov_pf *pf = calloc(1, sizeof(*pf));

        pf->refcount = 1;
        pf->ctx = sriov_ctx_ref(ctx);
        pf->dirfd = -1;
        strcpy(pf->name, "0000:01:00.0");
        pf->st.vendor = 0x8086;
        pf->st.device = 0x10c9;
        pf->st.vf_device = 0x10ca;
        pf->st.driver = driver ? strdup(driver) : NULL;
        pf->st.ifnames = (char **)strv_one(ifname);
        pf->st.total_vfs = 7;
        pf->st.num_vfs = 2;
        pf->st.vf_offset = 128;
        pf->st.vf_stride = 2;
        pf->st.drivers_autoprobe = autoprobe;
        pf->st.numa_node = numa;
        pf->names_looked_up = true; /* no libpci: the names stay NULL */
        strcpy(pf->devlink_name, "pci/0000:01:00.0");
        /* No devlink behind it (igb has none): nothing asks a kernel. */
        pf->devlink.err = -EOPNOTSUPP;
        return pf;
}

static char *to_string(struct json_object *o)
{
        char *s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                                   JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(o);
        return s;
}

static void pf_json_has_the_documented_keys_and_values(void **state)
{
        struct sriov_ctx *ctx;
        struct sriov_pf *pf;
        char *s;

        (void)state;
        assert_int_equal(sriov_ctx_new(&ctx), 0);
        pf = fake_pf(ctx, "enp1s0", "igb", 0, 1);
        s = to_string(json_pf(pf));
        assert_string_equal(
                s, "{\"pci\":\"0000:01:00.0\",\"name\":\"0000:01:00.0\","
                   "\"devlink\":\"pci/0000:01:00.0\",\"kind\":\"pci\","
                   "\"ifname\":\"enp1s0\",\"driver\":\"igb\","
                   "\"vendor\":\"8086\",\"device\":\"10c9\",\"vendor_name\":null,"
                   "\"device_name\":null,\"numa_node\":0,\"total_vfs\":7,\"num_vfs\":2,"
                   "\"drivers_autoprobe\":true,\"vf_device\":\"10ca\",\"vf_offset\":128,"
                   "\"vf_stride\":2,\"ifnames\":[\"enp1s0\"]}");
        free(s);
        sriov_pf_unref(pf);
        sriov_ctx_unref(ctx);
}

/* A netdevsim PF has no PCI address or ids, and without debugfs no known total: null, not 0. */
static void netdevsim_pf_json_says_null_for_what_it_lacks(void **state)
{
        struct sriov_ctx *ctx;
        struct sriov_pf *pf;
        char *s;

        (void)state;
        assert_int_equal(sriov_ctx_new(&ctx), 0);
        pf = fake_pf(ctx, "eth1", "netdevsim", -1, -1);
        pf->kind = SRIOV_PF_KIND_NETDEVSIM;
        strcpy(pf->name, "netdevsim10");
        strcpy(pf->devlink_name, "netdevsim/netdevsim10");
        pf->st.vendor = pf->st.device = pf->st.vf_device = 0;
        pf->st.total_vfs = pf->st.vf_offset = pf->st.vf_stride = 0;
        s = to_string(json_pf(pf));
        assert_string_equal(
                s, "{\"pci\":null,\"name\":\"netdevsim10\","
                   "\"devlink\":\"netdevsim/netdevsim10\",\"kind\":\"netdevsim\","
                   "\"ifname\":\"eth1\",\"driver\":\"netdevsim\",\"vendor\":null,"
                   "\"device\":null,\"vendor_name\":null,\"device_name\":null,"
                   "\"numa_node\":null,\"total_vfs\":null,\"num_vfs\":2,"
                   "\"drivers_autoprobe\":null,\"vf_device\":null,\"vf_offset\":null,"
                   "\"vf_stride\":null,\"ifnames\":[\"eth1\"]}");
        free(s);
        sriov_pf_unref(pf);
        sriov_ctx_unref(ctx);
}

static void pf_json_says_null_for_what_the_kernel_does_not_report(void **state)
{
        struct sriov_ctx *ctx;
        struct sriov_pf *pf;
        struct json_object *o;

        (void)state;
        assert_int_equal(sriov_ctx_new(&ctx), 0);
        pf = fake_pf(ctx, NULL, NULL, -1, -1);
        o = json_pf(pf);
        for (const char *const *k = (const char *const[]){ "ifname", "driver", "numa_node",
                                                           "drivers_autoprobe", NULL };
             *k; k++) {
                struct json_object *v = NULL;

                assert_true(json_object_object_get_ex(o, *k, &v));
                if (v)
                        fail_msg("%s is %s, not null", *k, json_object_to_json_string(v));
        }
        json_object_put(o);
        sriov_pf_unref(pf);
        sriov_ctx_unref(ctx);
}

static void vf_json_has_every_documented_key_with_netlink_fields_null(void **state)
{
        static const char *const keys[] = { "vf", "pci", "pf", "driver", "ifname",
                                            "iommu_group", "mac", "vlan", "qos", "vlan_proto",
                                            "spoofchk", "trust", "link_state", "min_tx_rate",
                                            "max_tx_rate", "query_rss", "devlink_port",
                                            "representor", "iommu_group_members",
                                            "iommu_group_viable", "vfio_group", "vfio_cdev",
                                            NULL };
        struct sriov_ctx *ctx;
        struct sriov_vf *vf = calloc(1, sizeof(*vf));
        struct json_object *o, *v;

        (void)state;
        assert_int_equal(sriov_ctx_new(&ctx), 0);
        vf->refcount = 1;
        vf->pf = fake_pf(ctx, "enp1s0", "igb", 0, 1);
        vf->index = 1;
        strcpy(vf->pci, "0000:01:10.2");
        vf->driver = strdup("igbvf");
        vf->iommu_group = 11;
        vf->numa_node = -1;
        o = json_vf(vf);
        for (const char *const *k = keys; *k; k++)
                if (!json_object_object_get_ex(o, *k, NULL))
                        fail_msg("key %s missing", *k);
        assert_true(json_object_object_get_ex(o, "vf", &v));
        assert_int_equal(json_object_get_int(v), 1);
        assert_true(json_object_object_get_ex(o, "pf", &v));
        assert_string_equal(json_object_get_string(v), "0000:01:00.0");
        assert_true(json_object_object_get_ex(o, "iommu_group", &v));
        assert_int_equal(json_object_get_int(v), 11);
        assert_true(json_object_object_get_ex(o, "ifname", &v));
        assert_null(v);
        assert_true(json_object_object_get_ex(o, "mac", &v));
        assert_null(v);
        json_object_put(o);
        sriov_vf_unref(vf);
        sriov_ctx_unref(ctx);
}

static void vf_json_fills_the_settings_the_driver_reports(void **state)
{
        struct sriov_ctx *ctx;
        struct sriov_vf *vf = calloc(1, sizeof(*vf));
        struct vf_info *vi = calloc(1, sizeof(*vi));
        struct json_object *o, *v;
        char *s;

        (void)state;
        assert_int_equal(sriov_ctx_new(&ctx), 0);
        vf->refcount = 1;
        vf->pf = fake_pf(ctx, "enp1s0", "igb", 0, 1);
        vf->index = 1;
        strcpy(vf->pci, "0000:01:10.2");
        vf->iommu_group = 11;
        vf->numa_node = 0;
        /* The PF's VF list as rtnetlink gave it: spoofchk not reported by the driver. */
        vi->vf = 1;
        vi->cfg = (struct sriov_vf_config){
                .mask = SRIOV_VF_CONFIG_ALL & ~SRIOV_VF_CONFIG_SPOOFCHK,
                .mac = { 0x02, 0xab, 0, 0, 0, 0x10 },
                .vlan = 100,
                .qos = 3,
                .vlan_proto = SRIOV_VLAN_PROTO_8021AD,
                .min_tx_rate = 0,
                .max_tx_rate = 1000,
                .trust = false,
                .query_rss = true,
                .link_state = SRIOV_LINK_STATE_DISABLE,
        };
        vf->pf->link = calloc(1, sizeof(*vf->pf->link));
        vf->pf->link->ifindex = 2;
        vf->pf->link->num_vf = 2;
        vf->pf->link->count = 1;
        vf->pf->link->vfs = vi;
        /* In switchdev mode: the port dump as devlink gave it, VF 1 at port 2. */
        vf->pf->devlink.err = 0;
        vf->pf->devlink.ports_read = true;
        vf->pf->devlink.n_ports = 1;
        vf->pf->devlink.ports = calloc(1, sizeof(*vf->pf->devlink.ports));
        vf->pf->devlink.ports[0] = (struct devlink_port){
                .handle = { "pci", "0000:01:00.0" },
                .index = 2, .has_flavour = true, .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
                .has_vfnum = true, .vfnum = 1, .netdev = "enp1s0npf0vf1",
        };
        o = json_vf(vf);
        json_object_object_del(o, "vendor");
        json_object_object_del(o, "device");
        s = to_string(o);
        assert_string_equal(
                s, "{\"vf\":1,\"pci\":\"0000:01:10.2\",\"pf\":\"0000:01:00.0\",\"driver\":null,"
                   "\"ifname\":null,\"iommu_group\":11,"
                   /* No sysfs behind this VF: its group cannot be read, so the VFIO keys are null. */
                   "\"iommu_group_members\":null,\"iommu_group_viable\":null,"
                   "\"vfio_group\":null,\"vfio_cdev\":null,\"numa_node\":0,"
                   "\"mac\":\"02:ab:00:00:00:10\",\"vlan\":100,\"qos\":3,"
                   "\"vlan_proto\":\"802.1ad\",\"spoofchk\":null,\"trust\":false,"
                   "\"link_state\":\"disable\",\"min_tx_rate\":0,\"max_tx_rate\":1000,"
                   "\"query_rss\":true,\"devlink_port\":\"pci/0000:01:00.0/2\","
                   "\"representor\":\"enp1s0npf0vf1\"}");
        free(s);

        /* VF 0 is not in the list (cut short): every setting null, the rest still there. */
        vf->index = 0;
        o = json_vf(vf);
        assert_true(json_object_object_get_ex(o, "mac", &v));
        assert_null(v);
        assert_true(json_object_object_get_ex(o, "iommu_group", &v));
        assert_int_equal(json_object_get_int(v), 11);
        json_object_put(o);
        sriov_vf_unref(vf);
        sriov_ctx_unref(ctx);
}

static void vf_stats_json_has_every_counter(void **state)
{
        struct sriov_vf_stats st = { .rx_packets = 1, .tx_packets = 2, .rx_bytes = 3,
                                     .tx_bytes = 1ull << 40, .broadcast = 5, .multicast = 6,
                                     .rx_dropped = 7, .tx_dropped = 8 };
        char *s;

        (void)state;
        s = to_string(json_vf_stats(&st));
        assert_string_equal(s, "{\"rx_packets\":1,\"rx_bytes\":3,\"tx_packets\":2,"
                               "\"tx_bytes\":1099511627776,\"broadcast\":5,\"multicast\":6,"
                               "\"rx_dropped\":7,\"tx_dropped\":8}");
        free(s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(pf_json_has_the_documented_keys_and_values),
                cmocka_unit_test(netdevsim_pf_json_says_null_for_what_it_lacks),
                cmocka_unit_test(pf_json_says_null_for_what_the_kernel_does_not_report),
                cmocka_unit_test(vf_json_has_every_documented_key_with_netlink_fields_null),
                cmocka_unit_test(vf_json_fills_the_settings_the_driver_reports),
                cmocka_unit_test(vf_stats_json_has_every_counter),
        };

        return cmocka_run_group_tests_name("unit/json", tests, NULL, NULL);
}
