/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* VF lookup and attributes on fake sysfs trees (run under umockdev). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fakesys.h"
#include "shape-host.h"
#include "libsriov.h"

static int setup(void **state)
{
        static const shape_fn shapes[] = { shape_igb, shape_dual_port, shape_mlx5_switchdev, NULL };
        struct shape_host *f = calloc(1, sizeof(*f));

        shape_host_setup(f, shapes);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct shape_host *f = *state;

        shape_host_teardown(f);
        free(f);
        return 0;
}

static void vfs_of_a_pf_follow_its_virtfn_links(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf *pf;
        struct sriov_vf *vf0, *vf1;

        assert_int_equal(sriov_pf_new_from_name(f->ctx, "enp1s0", &pf), 0);
        assert_int_equal(sriov_pf_get_vf(pf, 0, &vf0), 0);
        assert_int_equal(sriov_pf_get_vf(pf, 1, &vf1), 0);
        /* 82576: offset 128, stride 2 from 01:00.0 gives 01:10.0 and 01:10.2. */
        assert_string_equal(sriov_vf_get_pci_address(vf0), "0000:01:10.0");
        assert_string_equal(sriov_vf_get_pci_address(vf1), "0000:01:10.2");
        assert_int_equal(sriov_vf_get_index(vf1), 1);
        assert_ptr_equal(sriov_vf_get_pf(vf1), pf);
        assert_string_equal(sriov_vf_get_driver(vf1), "igbvf");
        assert_string_equal(sriov_vf_get_ifname(vf1), "enp1s0v1");
        assert_int_equal(sriov_vf_get_iommu_group(vf0), 10);
        assert_int_equal(sriov_vf_get_iommu_group(vf1), 11);
        assert_int_equal(sriov_vf_get_vendor_id(vf0), 0x8086);
        assert_int_equal(sriov_vf_get_device_id(vf0), 0x10ca);
        assert_int_equal(sriov_vf_get_numa_node(vf0), 0);
        sriov_vf_unref(vf0);
        sriov_vf_unref(vf1);
        sriov_pf_unref(pf);
}

static void vf_keeps_its_pf_alive_after_the_caller_drops_it(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf *pf;
        struct sriov_vf *vf;

        assert_int_equal(sriov_pf_new_from_name(f->ctx, "enp1s0", &pf), 0);
        assert_int_equal(sriov_pf_get_vf(pf, 0, &vf), 0);
        sriov_pf_unref(pf);
        assert_string_equal(sriov_pf_get_pci_address(sriov_vf_get_pf(vf)), "0000:01:00.0");
        sriov_vf_unref(vf);
}

static void vf_is_found_by_address_by_ifname_slash_index_and_by_pci_slash_index(void **state)
{
        struct shape_host *f = *state;
        static const char *const names[] = { "0000:01:10.2", "01:10.2", "enp1s0/1",
                                             "0000:01:00.0/1", "01:00.0/1" };

        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                struct sriov_vf *vf = shape_host_vf(f, names[i]);

                assert_string_equal(sriov_vf_get_pci_address(vf), "0000:01:10.2");
                /* However it was typed, messages name it one way. */
                assert_string_equal(sriov_vf_get_label(vf), "0000:01:10.2 (enp1s0/1)");
                assert_int_equal(sriov_vf_get_index(vf), 1);
                assert_string_equal(sriov_pf_get_pci_address(sriov_vf_get_pf(vf)),
                                    "0000:01:00.0");
                sriov_vf_unref(vf);
        }
}

/* As sriov-cni and ip users think of a VF: by its netdev, or in switchdev mode its
 * representor (phys_port_name pf0vfN on the PF's device). */
static void vf_is_found_by_its_netdev_and_by_its_representor(void **state)
{
        struct sriov_vf *vf = shape_host_vf(*state, "enp1s0v1");

        assert_string_equal(sriov_vf_get_pci_address(vf), "0000:01:10.2");
        assert_int_equal(sriov_vf_get_index(vf), 1);
        sriov_vf_unref(vf);
        vf = shape_host_vf(*state, "eth12");
        assert_string_equal(sriov_pf_get_pci_address(sriov_vf_get_pf(vf)), "0000:07:00.0");
        assert_int_equal(sriov_vf_get_index(vf), 2);
        sriov_vf_unref(vf);
}

static void vf_label_is_its_address_and_pf_slash_index(void **state)
{
        struct sriov_vf *vf = shape_host_vf(*state, "01:10.2");

        assert_string_equal(sriov_vf_get_label(vf), "0000:01:10.2 (enp1s0/1)");
        sriov_vf_unref(vf);
        vf = shape_host_vf(*state, "0000:03:00.0/1");
        assert_string_equal(sriov_vf_get_label(vf), "0000:03:02.1 (enp3s0f0np0/1)");
        sriov_vf_unref(vf);
}

static void vf_without_driver_has_no_driver_and_no_ifname(void **state)
{
        struct sriov_vf *vf = shape_host_vf(*state, "enp3s0f0np0/1");

        /* X710: offset 16, stride 1 from 03:00.0. */
        assert_string_equal(sriov_vf_get_pci_address(vf), "0000:03:02.1");
        assert_null(sriov_vf_get_driver(vf));
        assert_null(sriov_vf_get_ifname(vf));
        assert_int_equal(sriov_vf_get_iommu_group(vf), 31);
        assert_int_equal(sriov_vf_get_numa_node(vf), 1);
        sriov_vf_unref(vf);
}

/* A VF's own netdev's counters, read each time; none without a netdev, and none for a file
 * that holds no counter. */
static void vf_netdev_counters_come_from_its_statistics(void **state)
{
        struct shape_host *f = *state;
        static const char *const names[] = { "rx_packets", "tx_packets", "rx_bytes", "tx_bytes",
                                             "multicast",  "rx_dropped", "tx_dropped" };
        struct sriov_vf *vf = shape_host_vf(f, "enp1s0/1");
        struct sriov_vf *nodrv = shape_host_vf(f, "enp3s0f0np0/1");
        struct sriov_vf_stats st;
        char attr[64], value[24];

        assert_int_equal(sriov_vf_get_netdev_stats(vf, &st), -ENOENT);
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
                snprintf(attr, sizeof(attr), "net/enp1s0v1/statistics/%s", names[k]);
                snprintf(value, sizeof(value), "%zu", 10 + k);
                fakesys_set_attr(f->fs, "0000:01:10.2", attr, value);
        }
        fakesys_set_attr(f->fs, "0000:01:10.2", "net/enp1s0v1/statistics/tx_dropped",
                         "18446744073709551615");
        memset(&st, 0xff, sizeof(st));
        assert_int_equal(sriov_vf_get_netdev_stats(vf, &st), 0);
        assert_int_equal(st.rx_packets, 10);
        assert_int_equal(st.tx_packets, 11);
        assert_int_equal(st.rx_bytes, 12);
        assert_int_equal(st.tx_bytes, 13);
        assert_int_equal(st.multicast, 14);
        assert_int_equal(st.rx_dropped, 15);
        assert_true(st.tx_dropped == UINT64_MAX);
        assert_int_equal(st.broadcast, 0);
        fakesys_set_attr(f->fs, "0000:01:10.2", "net/enp1s0v1/statistics/rx_bytes", "-1");
        assert_int_equal(sriov_vf_get_netdev_stats(vf, &st), -EINVAL);
        assert_string_equal(sriov_ctx_get_error(f->ctx),
                            "VF 0000:01:10.2 (enp1s0/1): net/enp1s0v1/statistics/rx_bytes \"-1\": "
                            "not a counter");
        assert_int_equal(sriov_vf_get_netdev_stats(nodrv, &st), -ENODEV);
        assert_string_equal(sriov_ctx_get_error(f->ctx),
                            "VF 0000:03:02.1 (enp3s0f0np0/1): read its netdev's counters: it has no "
                            "driver, so no netdev");
        sriov_vf_unref(nodrv);
        sriov_vf_unref(vf);
}

static void expect_vf_error(struct shape_host *f, const char *name, int err, const char *text)
{
        struct sriov_vf *sentinel = (struct sriov_vf *)0x1, *vf = sentinel;

        assert_int_equal(sriov_vf_new_from_name(f->ctx, name, &vf), err);
        assert_ptr_equal(vf, sentinel);
        if (!strstr(sriov_ctx_get_error(f->ctx), text))
                fail_msg("error \"%s\" lacks \"%s\"", sriov_ctx_get_error(f->ctx), text);
}

static void vf_lookup_errors_name_the_vf_and_the_reason(void **state)
{
        struct shape_host *f = *state;

        expect_vf_error(f, "enp1s0/2", -ERANGE, "VF 0000:01:00.0/2: index 2: out of range, the PF has 2 VFs");
        expect_vf_error(f, "enp3s0f1np1/0", -ERANGE, "the PF has 0 VFs");
        expect_vf_error(f, "0000:01:00.0", -EINVAL, "VF 0000:01:00.0: look up: not a virtual function");
        expect_vf_error(f, "0000:01:11.0", -ENODEV, "VF 0000:01:11.0: look up: no such PCI device");
        expect_vf_error(f, "enp1s0/x", -EINVAL, "not a VF PCI address");
        expect_vf_error(f, "eth99/0", -ENODEV, "PF eth99");
        expect_vf_error(f, "enp1s0/99999999", -EINVAL, "not a VF PCI address");
        expect_vf_error(f, "enp1s0", -EINVAL,
                        "VF enp1s0: look up: a PF's network interface, not a VF's");
        expect_vf_error(f, "eth9", -EINVAL, "VF eth9: look up: a PF's network interface");
        expect_vf_error(f, "eth0v9", -ENODEV, "VF eth0v9: look up: no such");
}

static void vf_removed_since_the_pf_was_read_is_reported_gone(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf *pf;
        struct sriov_vf *vf = NULL;

        assert_int_equal(sriov_pf_new_from_name(f->ctx, "enp1s0", &pf), 0);
        fakesys_unplug(f->fs, "0000:01:10.2");
        assert_int_equal(sriov_pf_get_vf(pf, 1, &vf), -ENODEV);
        assert_null(vf);
        assert_non_null(strstr(sriov_ctx_get_error(f->ctx), "0000:01:10.2"));
        sriov_pf_unref(pf);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(vfs_of_a_pf_follow_its_virtfn_links, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(vf_keeps_its_pf_alive_after_the_caller_drops_it,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(
                        vf_is_found_by_address_by_ifname_slash_index_and_by_pci_slash_index, setup,
                        teardown),
                cmocka_unit_test_setup_teardown(vf_is_found_by_its_netdev_and_by_its_representor,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(vf_label_is_its_address_and_pf_slash_index, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(vf_without_driver_has_no_driver_and_no_ifname,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(vf_lookup_errors_name_the_vf_and_the_reason,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(vf_removed_since_the_pf_was_read_is_reported_gone,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(vf_netdev_counters_come_from_its_statistics, setup,
                                                teardown),
        };

        return cmocka_run_group_tests_name("sysfs/vf", tests, NULL, NULL);
}
