/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PF enumeration and lookup on fake sysfs trees (run under umockdev). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakesys.h"
#include "libsriov-private.h"
#include "shape-host.h"

static int setup_host(void **state, const shape_fn *shapes)
{
        struct shape_host *f = calloc(1, sizeof(*f));

        shape_host_setup(f, shapes);
        *state = f;
        return 0;
}

static int setup_mixed(void **state)
{
        static const shape_fn shapes[] = {
                shape_plain_nic, shape_igb, shape_dual_port, shape_no_driver, shape_zero_vfs, NULL,
        };
        return setup_host(state, shapes);
}

static int setup_with_netdevsim(void **state)
{
        static const shape_fn shapes[] = { shape_netdevsim, shape_igb, NULL };
        return setup_host(state, shapes);
}

static int setup_with_switchdev(void **state)
{
        static const shape_fn shapes[] = { shape_igb, shape_mlx5_switchdev, NULL };
        return setup_host(state, shapes);
}

static int setup_empty(void **state)
{
        static const shape_fn shapes[] = { shape_plain_nic, NULL };
        return setup_host(state, shapes);
}

static int teardown(void **state)
{
        struct shape_host *f = *state;

        shape_host_teardown(f);
        free(f);
        return 0;
}

static void list_holds_every_sriov_function_sorted_and_no_plain_nic_or_vf(void **state)
{
        struct shape_host *f = *state;
        static const char *const expected[] = { "0000:01:00.0", "0000:03:00.0", "0000:03:00.1",
                                                "0000:05:00.0", "0000:06:00.0" };
        struct sriov_pf_list *list = NULL;

        assert_int_equal(sriov_pf_list_new(f->ctx, &list), 0);
        assert_int_equal(sriov_pf_list_get_count(list), 5);
        for (size_t i = 0; i < 5; i++)
                assert_string_equal(sriov_pf_get_pci_address(sriov_pf_list_get(list, i)),
                                    expected[i]);
        assert_null(sriov_pf_list_get(list, 5));
        sriov_pf_list_unref(list);
}

static void list_is_empty_on_a_host_without_sriov(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf_list *list = NULL;

        assert_int_equal(sriov_pf_list_new(f->ctx, &list), 0);
        assert_int_equal(sriov_pf_list_get_count(list), 0);
        sriov_pf_list_unref(list);
}

static void list_skips_a_device_unplugged_before_it_was_read(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf_list *list = NULL;

        /* The bus link stays but the device directory is gone, as mid-unplug. */
        fakesys_unplug(f->fs, "0000:05:00.0");
        assert_int_equal(sriov_pf_list_new(f->ctx, &list), 0);
        assert_int_equal(sriov_pf_list_get_count(list), 4);
        for (size_t i = 0; i < 4; i++)
                assert_string_not_equal(sriov_pf_get_pci_address(sriov_pf_list_get(list, i)),
                                        "0000:05:00.0");
        sriov_pf_list_unref(list);
}

static void igb_pf_getters_report_its_sysfs_attributes(void **state)
{
        struct sriov_pf *pf = shape_host_pf(*state, "0000:01:00.0");

        assert_string_equal(sriov_pf_get_pci_address(pf), "0000:01:00.0");
        assert_int_equal(sriov_pf_get_vendor_id(pf), 0x8086);
        assert_int_equal(sriov_pf_get_device_id(pf), 0x10c9);
        assert_string_equal(sriov_pf_get_driver(pf), "igb");
        assert_string_equal(sriov_pf_get_ifname(pf), "enp1s0");
        assert_string_equal(sriov_pf_get_ifnames(pf)[0], "enp1s0");
        assert_null(sriov_pf_get_ifnames(pf)[1]);
        assert_int_equal(sriov_pf_get_total_vfs(pf), 7);
        assert_int_equal(sriov_pf_get_num_vfs(pf), 2);
        assert_int_equal(sriov_pf_get_drivers_autoprobe(pf), 1);
        assert_int_equal(sriov_pf_get_vf_offset(pf), 128);
        assert_int_equal(sriov_pf_get_vf_stride(pf), 2);
        assert_int_equal(sriov_pf_get_vf_device_id(pf), 0x10ca);
        assert_int_equal(sriov_pf_get_numa_node(pf), 0);
        sriov_pf_unref(pf);
}

static void pf_names_come_from_the_pci_id_database(void **state)
{
        struct sriov_pf *pf = shape_host_pf(*state, "0000:01:00.0");

        assert_string_equal(sriov_pf_get_vendor_name(pf), "Intel Corporation");
        assert_non_null(strstr(sriov_pf_get_device_name(pf), "82576"));
        sriov_pf_unref(pf);
}

/*
 * libpci's error callback must not return (its default prints and exits), so lib/pci.c runs
 * every libpci call under a guard that longjmp()s back. A malformed ID database makes libpci
 * call it: the PF is there, without names, and the test process is still alive to say so.
 */
static void a_malformed_pci_id_database_leaves_names_null_and_the_process_alive(void **state)
{
        struct shape_host *f = *state;
        char path[] = "/tmp/test-pf-ids.XXXXXX";
        int fd = mkstemp(path);
        struct sriov_pf *pf;

        assert_true(fd >= 0);
        assert_int_equal(write(fd, "8086  Intel Corporation\nzz not an ID line\n", 43), 43);
        close(fd);
        f->ctx->pci_ids_path = path;
        pf = shape_host_pf(f, "0000:01:00.0");
        assert_null(sriov_pf_get_vendor_name(pf));
        assert_null(sriov_pf_get_device_name(pf));
        assert_int_equal(sriov_pf_get_vendor_id(pf), 0x8086);
        sriov_pf_unref(pf);
        /* Not asked again: the next PF gets no names either, and nothing else breaks. */
        pf = shape_host_pf(f, "0000:03:00.0");
        assert_null(sriov_pf_get_vendor_name(pf));
        sriov_pf_unref(pf);
        unlink(path);
}

static void pf_is_found_by_short_address_and_by_ifname(void **state)
{
        struct sriov_pf *a = shape_host_pf(*state, "01:00.0");
        struct sriov_pf *b = shape_host_pf(*state, "enp1s0");
        struct sriov_pf *c = shape_host_pf(*state, "enp3s0f1np1");

        assert_string_equal(sriov_pf_get_pci_address(a), "0000:01:00.0");
        assert_string_equal(sriov_pf_get_pci_address(b), "0000:01:00.0");
        assert_string_equal(sriov_pf_get_pci_address(c), "0000:03:00.1");
        sriov_pf_unref(a);
        sriov_pf_unref(b);
        sriov_pf_unref(c);
}

/* netdevsim devices come after the PCI functions, by number; what they lack is NULL or 0. */
static void netdevsim_pfs_are_listed_after_pci_with_nothing_made_up(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf_list *list = NULL;
        struct sriov_pf *pf;

        assert_int_equal(sriov_pf_list_new(f->ctx, &list), 0);
        assert_int_equal(sriov_pf_list_get_count(list), 3);
        assert_string_equal(sriov_pf_get_name(sriov_pf_list_get(list, 0)), "0000:01:00.0");
        assert_int_equal(sriov_pf_get_kind(sriov_pf_list_get(list, 0)), SRIOV_PF_KIND_PCI);
        assert_string_equal(sriov_pf_get_name(sriov_pf_list_get(list, 1)), "netdevsim2");
        pf = sriov_pf_list_get(list, 2);
        assert_string_equal(sriov_pf_get_name(pf), "netdevsim10");
        assert_int_equal(sriov_pf_get_kind(pf), SRIOV_PF_KIND_NETDEVSIM);
        assert_string_equal(sriov_pf_kind_to_string(sriov_pf_get_kind(pf)), "netdevsim");
        assert_null(sriov_pf_get_pci_address(pf));
        assert_int_equal(sriov_pf_get_vendor_id(pf), 0);
        assert_null(sriov_pf_get_vendor_name(pf));
        assert_string_equal(sriov_pf_get_driver(pf), "netdevsim");
        assert_string_equal(sriov_pf_get_ifname(pf), "eni10np1");
        assert_int_equal(sriov_pf_get_num_vfs(pf), 4);
        assert_int_equal(sriov_pf_get_total_vfs(pf), 64); /* max_vfs, from debugfs */
        assert_int_equal(sriov_pf_get_drivers_autoprobe(pf), -1);
        assert_int_equal(sriov_pf_get_numa_node(pf), -1);
        sriov_pf_list_unref(list);
}

/* By its name and by its netdev; its VFs by PF/INDEX, with no PCI function to bind. */
static void netdevsim_pf_and_vfs_are_found_by_name_and_cannot_be_bound(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf *a = shape_host_pf(f, "netdevsim10");
        struct sriov_pf *b = shape_host_pf(f, "eni10np1");
        struct sriov_vf *vf = NULL;

        assert_string_equal(sriov_pf_get_name(b), "netdevsim10");
        assert_int_equal(sriov_pf_get_kind(b), SRIOV_PF_KIND_NETDEVSIM);
        assert_int_equal(sriov_vf_new_from_name(f->ctx, "eni10np1/3", &vf), 0);
        assert_null(sriov_vf_get_pci_address(vf));
        assert_string_equal(sriov_vf_get_label(vf), "netdevsim10/3 (eni10np1/3)");
        assert_null(sriov_vf_get_driver(vf));
        assert_null(sriov_vf_get_ifname(vf));
        assert_int_equal(sriov_vf_get_iommu_group(vf), -1);
        assert_int_equal(sriov_vf_is_in_use(vf, NULL), 0);
        assert_null(sriov_vf_get_vfio_cdev_path(vf));
        assert_int_equal(sriov_vf_bind_driver(vf, "vfio-pci", 0), -EOPNOTSUPP);
        assert_non_null(strstr(sriov_ctx_get_error(f->ctx),
                               "VF netdevsim10/3 (eni10np1/3): bind to vfio-pci: a netdevsim VF "
                               "has no PCI function"));
        assert_int_equal(sriov_pf_get_vf(a, 4, &vf), -ERANGE);
        sriov_vf_unref(vf);
        sriov_pf_unref(a);
        sriov_pf_unref(b);
}

/* Carrier is read each time; a netdev without the attribute, or a PF without a netdev, has
 * none to tell (never a made-up 0). */
static void carrier_is_read_from_the_pf_netdev_each_time(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf *pf = shape_host_pf(f, "0000:01:00.0");
        struct sriov_pf *nodrv = shape_host_pf(f, "0000:05:00.0");

        assert_int_equal(sriov_pf_get_carrier(pf), -ENOENT);
        assert_string_equal(sriov_ctx_get_error(f->ctx),
                            "PF 0000:01:00.0: read net/enp1s0/carrier: No such file or directory");
        fakesys_set_attr(f->fs, "0000:01:00.0", "net/enp1s0/carrier", "1");
        assert_int_equal(sriov_pf_get_carrier(pf), 1);
        fakesys_set_attr(f->fs, "0000:01:00.0", "net/enp1s0/carrier", "0");
        assert_int_equal(sriov_pf_get_carrier(pf), 0);
        fakesys_set_attr(f->fs, "0000:01:00.0", "net/enp1s0/carrier", "yes");
        assert_int_equal(sriov_pf_get_carrier(pf), -EINVAL);
        assert_int_equal(sriov_pf_get_carrier(nodrv), -ENODEV);
        assert_int_equal(sriov_pf_get_carrier(NULL), -EINVAL);
        sriov_pf_unref(nodrv);
        sriov_pf_unref(pf);
}

static void pf_without_driver_has_no_driver_and_no_ifname(void **state)
{
        struct sriov_pf *pf = shape_host_pf(*state, "0000:05:00.0");

        assert_null(sriov_pf_get_driver(pf));
        assert_null(sriov_pf_get_ifname(pf));
        assert_null(sriov_pf_get_ifnames(pf)[0]);
        assert_int_equal(sriov_pf_get_total_vfs(pf), 7);
        assert_int_equal(sriov_pf_get_numa_node(pf), -1);
        sriov_pf_unref(pf);
}

static void pf_whose_firmware_allows_zero_vfs_is_listed_with_zero(void **state)
{
        struct sriov_pf *pf = shape_host_pf(*state, "enp6s0f0np0");

        assert_int_equal(sriov_pf_get_total_vfs(pf), 0);
        assert_int_equal(sriov_pf_get_num_vfs(pf), 0);
        sriov_pf_unref(pf);
}

static void dual_port_pfs_are_two_objects_with_their_own_vfs(void **state)
{
        struct sriov_pf *p0 = shape_host_pf(*state, "0000:03:00.0");
        struct sriov_pf *p1 = shape_host_pf(*state, "0000:03:00.1");

        assert_int_equal(sriov_pf_get_num_vfs(p0), 2);
        assert_int_equal(sriov_pf_get_num_vfs(p1), 0);
        assert_int_equal(sriov_pf_get_drivers_autoprobe(p0), 0);
        assert_int_equal(sriov_pf_get_vf_offset(p1), 15);
        assert_int_equal(sriov_pf_get_numa_node(p1), 1);
        sriov_pf_unref(p0);
        sriov_pf_unref(p1);
}

static void missing_autoprobe_attribute_reads_as_unknown(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf *pf;

        fakesys_remove_attr(f->fs, "0000:01:00.0", "sriov_drivers_autoprobe");
        pf = shape_host_pf(f, "0000:01:00.0");
        assert_int_equal(sriov_pf_get_drivers_autoprobe(pf), -1);
        sriov_pf_unref(pf);
}

/* Each failing lookup: its errno, a message naming the object, and *ret untouched. */
static void expect_lookup_error(struct shape_host *f, const char *name, int err, const char *object,
                                const char *reason)
{
        struct sriov_pf *sentinel = (struct sriov_pf *)0x1, *pf = sentinel;

        assert_int_equal(sriov_pf_new_from_name(f->ctx, name, &pf), err);
        assert_ptr_equal(pf, sentinel);
        assert_non_null(strstr(sriov_ctx_get_error(f->ctx), object));
        assert_non_null(strstr(sriov_ctx_get_error(f->ctx), reason));
}

static void lookup_errors_name_the_pf_and_the_reason(void **state)
{
        struct shape_host *f = *state;

        expect_lookup_error(f, "0000:99:00.0", -ENODEV, "PF 0000:99:00.0", "no such PCI device");
        expect_lookup_error(f, "eth9", -ENODEV, "PF eth9", "no such");
        expect_lookup_error(f, "0000:01:10.0", -EINVAL, "PF 0000:01:10.0", "virtual function");
        expect_lookup_error(f, "eno1", -EINVAL, "PF 0000:00:19.0", "no SR-IOV");
        expect_lookup_error(f, "a/b", -EINVAL, "PF \"a/b\"", "not a PCI address");
        expect_lookup_error(f, "", -EINVAL, "PF \"\"", "not a PCI address");
}

/* Switchdev mode puts the VFs' representors beside the PF's own netdev: they are not the PF's,
 * whatever their names. */
static void a_pf_in_switchdev_mode_is_its_uplink_and_not_a_representor(void **state)
{
        struct shape_host *f = *state;
        struct sriov_pf *pf = shape_host_pf(f, "0000:07:00.0");
        struct sriov_pf *by_name = shape_host_pf(f, "eth9");
        struct sriov_pf_list *list = NULL;

        assert_string_equal(sriov_pf_get_ifname(pf), "eth9");
        assert_string_equal(sriov_pf_get_ifnames(pf)[0], "eth9");
        assert_null(sriov_pf_get_ifnames(pf)[1]);
        assert_string_equal(sriov_pf_get_name(by_name), "0000:07:00.0");
        assert_int_equal(sriov_pf_list_new(f->ctx, &list), 0);
        assert_int_equal(sriov_pf_list_get_count(list), 2);
        assert_string_equal(sriov_pf_get_ifname(sriov_pf_list_get(list, 1)), "eth9");
        /* A PF whose one netdev has no port name (igb) is unchanged. */
        assert_string_equal(sriov_pf_get_ifname(sriov_pf_list_get(list, 0)), "enp1s0");
        sriov_pf_list_unref(list);
        sriov_pf_unref(pf);
        sriov_pf_unref(by_name);
}

static void a_representor_is_refused_as_a_pf_naming_its_port(void **state)
{
        expect_lookup_error(*state, "eth11", -EINVAL, "PF eth11",
                            "it is a representor (phys_port_name pf0vf1), not a PF's network "
                            "interface");
}

static void unref_of_null_is_a_no_op(void **state)
{
        (void)state;
        assert_null(sriov_pf_unref(NULL));
        assert_null(sriov_pf_list_unref(NULL));
        assert_null(sriov_ctx_unref(NULL));
        assert_null(sriov_vf_unref(NULL));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(
                        list_holds_every_sriov_function_sorted_and_no_plain_nic_or_vf, setup_mixed,
                        teardown),
                cmocka_unit_test_setup_teardown(list_is_empty_on_a_host_without_sriov,
                                                setup_empty, teardown),
                cmocka_unit_test_setup_teardown(list_skips_a_device_unplugged_before_it_was_read,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(igb_pf_getters_report_its_sysfs_attributes,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(pf_names_come_from_the_pci_id_database,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(
                        a_malformed_pci_id_database_leaves_names_null_and_the_process_alive,
                        setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(pf_is_found_by_short_address_and_by_ifname,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(netdevsim_pfs_are_listed_after_pci_with_nothing_made_up,
                                                setup_with_netdevsim, teardown),
                cmocka_unit_test_setup_teardown(
                        netdevsim_pf_and_vfs_are_found_by_name_and_cannot_be_bound,
                        setup_with_netdevsim, teardown),
                cmocka_unit_test_setup_teardown(
                        a_pf_in_switchdev_mode_is_its_uplink_and_not_a_representor,
                        setup_with_switchdev, teardown),
                cmocka_unit_test_setup_teardown(a_representor_is_refused_as_a_pf_naming_its_port,
                                                setup_with_switchdev, teardown),
                cmocka_unit_test_setup_teardown(pf_without_driver_has_no_driver_and_no_ifname,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(carrier_is_read_from_the_pf_netdev_each_time,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(
                        pf_whose_firmware_allows_zero_vfs_is_listed_with_zero, setup_mixed,
                        teardown),
                cmocka_unit_test_setup_teardown(dual_port_pfs_are_two_objects_with_their_own_vfs,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(missing_autoprobe_attribute_reads_as_unknown,
                                                setup_mixed, teardown),
                cmocka_unit_test_setup_teardown(lookup_errors_name_the_pf_and_the_reason,
                                                setup_mixed, teardown),
                cmocka_unit_test(unref_of_null_is_a_no_op),
        };

        return cmocka_run_group_tests_name("sysfs/pf", tests, NULL, NULL);
}
