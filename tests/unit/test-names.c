/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parsing of what users type: PCI addresses, interface names, PF/INDEX. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "libsriov-private.h"

static void expect_addr(const char *in, const char *canonical)
{
        struct sriov_pci_addr a;
        char buf[SRIOV_PCI_ADDR_MAX];

        if (sriov_pci_addr_parse(in, &a) != 0)
                fail_msg("\"%s\" did not parse", in);
        sriov_pci_addr_format(&a, buf);
        assert_string_equal(buf, canonical);
}

static void full_and_short_pci_addresses_parse_to_the_kernel_form(void **state)
{
        (void)state;
        expect_addr("0000:01:00.0", "0000:01:00.0");
        expect_addr("01:00.0", "0000:01:00.0");
        expect_addr("1:0.1", "0000:01:00.1");
        expect_addr("0000:AF:1F.7", "0000:af:1f.7");
        expect_addr("10000:e1:00.0", "10000:e1:00.0"); /* VMD domains have five digits */
}

static void malformed_pci_addresses_are_refused(void **state)
{
        static const char *const bad[] = {
                "",           "0000:01:00",  "01:00",       "0000:01:00.8", "0000:01:20.0",
                "0000:100:00.0", "01:00.0 ",  " 01:00.0",    "+1:00.0",      "0000:01:00.0.0",
                "x1:00.0",    "0000::00.0",  "123456789:01:00.0", "eth0",   "0000:01:00.-1",
        };
        struct sriov_pci_addr a = { 9, 9, 9, 9 };

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                if (sriov_pci_addr_parse(bad[i], &a) != -EINVAL)
                        fail_msg("\"%s\" parsed", bad[i]);
        assert_int_equal(a.domain, 9); /* untouched */
        assert_int_equal(sriov_pci_addr_parse(NULL, &a), -EINVAL);
}

static void pci_addresses_sort_numerically(void **state)
{
        struct sriov_pci_addr a, b;

        (void)state;
        assert_int_equal(sriov_pci_addr_parse("0000:0a:00.0", &a), 0);
        assert_int_equal(sriov_pci_addr_parse("10000:00:00.0", &b), 0);
        assert_true(sriov_pci_addr_cmp(&a, &b) < 0);
        assert_true(sriov_pci_addr_cmp(&b, &a) > 0);
        assert_int_equal(sriov_pci_addr_cmp(&a, &a), 0);
}

static void interface_names_follow_the_kernels_rules(void **state)
{
        (void)state;
        assert_true(sriov_ifname_valid("eth0"));
        assert_true(sriov_ifname_valid("enp3s0f0np0"));
        assert_true(sriov_ifname_valid("123456789012345")); /* 15 bytes: IFNAMSIZ - 1 */
        assert_false(sriov_ifname_valid("1234567890123456"));
        assert_false(sriov_ifname_valid(""));
        assert_false(sriov_ifname_valid("."));
        assert_false(sriov_ifname_valid(".."));
        assert_false(sriov_ifname_valid("a/b"));
        assert_false(sriov_ifname_valid("a:b"));
        assert_false(sriov_ifname_valid("a b"));
        assert_false(sriov_ifname_valid(NULL));
        /* The kernel's rule, one for the library and the CNI plugin: UTF-8 passes, its
         * isspace()'s 0xa0 and control characters do not. */
        assert_true(sriov_ifname_valid("eth\xc3\xa9"));
        assert_false(sriov_ifname_valid("a\xa0"));
        assert_false(sriov_ifname_valid("a\x7f"));
}

/* The netdevsim bus names its devices "netdevsim" and the id it was given, in decimal. */
static void netdevsim_device_names_are_the_buses_own(void **state)
{
        (void)state;
        assert_true(sriov_netdevsim_name_valid("netdevsim0"));
        assert_true(sriov_netdevsim_name_valid("netdevsim10"));
        assert_true(sriov_netdevsim_name_valid("netdevsim2147483647"));
        assert_false(sriov_netdevsim_name_valid("netdevsim2147483648"));
        assert_false(sriov_netdevsim_name_valid("netdevsim"));
        assert_false(sriov_netdevsim_name_valid("netdevsim010"));
        assert_false(sriov_netdevsim_name_valid("netdevsim1a"));
        assert_false(sriov_netdevsim_name_valid("netdevsim-1"));
        assert_false(sriov_netdevsim_name_valid("eth0"));
        assert_false(sriov_netdevsim_name_valid(NULL));
}

static void pf_slash_index_splits_at_the_last_slash(void **state)
{
        char pf[SRIOV_PCI_ADDR_MAX];
        unsigned int index = 99;

        (void)state;
        assert_int_equal(sriov_vf_name_split("eth0/3", pf, &index), 0);
        assert_string_equal(pf, "eth0");
        assert_int_equal(index, 3);
        assert_int_equal(sriov_vf_name_split("0000:01:00.0/63", pf, &index), 0);
        assert_string_equal(pf, "0000:01:00.0");
        assert_int_equal(index, 63);
}

static void malformed_pf_slash_index_is_refused(void **state)
{
        static const char *const bad[] = { "eth0", "eth0/", "/3", "eth0/-1", "eth0/3x",
                                           "eth0/ 3", "eth0/65536",
                                           "a-very-long-name-that-is-no-pf-at-all/1" };
        char pf[SRIOV_PCI_ADDR_MAX] = "keep";
        unsigned int index = 99;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                if (sriov_vf_name_split(bad[i], pf, &index) != -EINVAL)
                        fail_msg("\"%s\" split", bad[i]);
        assert_string_equal(pf, "keep");
        assert_int_equal(index, 99);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(full_and_short_pci_addresses_parse_to_the_kernel_form),
                cmocka_unit_test(malformed_pci_addresses_are_refused),
                cmocka_unit_test(pci_addresses_sort_numerically),
                cmocka_unit_test(interface_names_follow_the_kernels_rules),
                cmocka_unit_test(netdevsim_device_names_are_the_buses_own),
                cmocka_unit_test(pf_slash_index_splits_at_the_last_slash),
                cmocka_unit_test(malformed_pf_slash_index_is_refused),
        };

        return cmocka_run_group_tests_name("unit/names", tests, NULL, NULL);
}
