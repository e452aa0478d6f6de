/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * shared/: the helpers the library, sriovctl and the tests all use. MAC addresses and exact
 * numbers (PCI addresses are in test-names.c); pure.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mac.h"
#include "parse-num.h"
#include "libsriov.h"
#include "pci-addr.h"
#include "rate-units.h"
#include "vf-fields.h"

static void macs_are_six_pairs_of_hex_digits(void **state)
{
        static const char *const bad[] = { "",
                                           "02:00:00:00:00",
                                           "02:00:00:00:00:01:02",
                                           "02:00:00:00:00:1",
                                           "02:00:00:00:0:012",
                                           "02-00-00-00-00-01",
                                           "02:00:00:00:00:0g",
                                           "02:00:00:00:00:+1",
                                           " 2:00:00:00:00:01",
                                           "02:00:00:00:00:01 " };
        uint8_t mac[6] = { 9, 9, 9, 9, 9, 9 };
        char text[SRIOV_MAC_TEXT_MAX];

        (void)state;
        assert_int_equal(sriov_mac_parse("02:aB:cd:EF:00:ff", mac), 0);
        assert_memory_equal(mac, ((uint8_t[]){ 0x02, 0xab, 0xcd, 0xef, 0x00, 0xff }), 6);
        assert_string_equal(sriov_mac_format(mac, text), "02:ab:cd:ef:00:ff");
        assert_false(sriov_mac_is_multicast(mac));
        assert_false(sriov_mac_is_zero(mac));
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                if (sriov_mac_parse(bad[i], mac) != -EINVAL)
                        fail_msg("\"%s\" parsed as a MAC", bad[i]);
                /* Untouched on failure. */
                assert_memory_equal(mac, ((uint8_t[]){ 0x02, 0xab, 0xcd, 0xef, 0x00, 0xff }), 6);
        }
        assert_int_equal(sriov_mac_parse("01:00:5e:00:00:01", mac), 0);
        assert_true(sriov_mac_is_multicast(mac));
        assert_int_equal(sriov_mac_parse("00:00:00:00:00:00", mac), 0);
        assert_true(sriov_mac_is_zero(mac));
}

static void numbers_are_exact(void **state)
{
        uint64_t u = 7;
        int64_t i = 7;

        (void)state;
        assert_int_equal(sriov_parse_uint("65535", 65535, &u), 0);
        assert_int_equal(u, 65535);
        assert_int_equal(sriov_parse_uint("65536", 65535, &u), -ERANGE);
        assert_int_equal(sriov_parse_uint("18446744073709551616", UINT64_MAX, &u), -ERANGE);
        assert_int_equal(sriov_parse_uint("18446744073709551615", UINT64_MAX, &u), 0);
        assert_true(u == UINT64_MAX);
        /* What strtoul() takes and a number never is. */
        for (const char *const *s = (const char *const[]){ "", " 1", "+1", "-1", "1 ", "0x10",
                                                            "1e3", NULL };
             *s; s++)
                if (sriov_parse_uint(*s, UINT64_MAX, &u) != -EINVAL)
                        fail_msg("\"%s\" parsed as a number", *s);
        assert_int_equal(sriov_parse_int("-1", -1, 5, &i), 0);
        assert_int_equal(i, -1);
        assert_int_equal(sriov_parse_int("-2", -1, 5, &i), -ERANGE);
        assert_int_equal(sriov_parse_int("6", -1, 5, &i), -ERANGE);
        assert_int_equal(sriov_parse_int("-9223372036854775808", INT64_MIN, INT64_MAX, &i), 0);
        assert_true(i == INT64_MIN);
        assert_int_equal(sriov_parse_int("-9223372036854775809", INT64_MIN, INT64_MAX, &i),
                         -ERANGE);
        assert_int_equal(sriov_parse_int("--1", -5, 5, &i), -EINVAL);
        assert_int_equal(sriov_parse_int("-", -5, 5, &i), -EINVAL);
        assert_int_equal(sriov_parse_hex("0x8086", 0xffff, &u), 0);
        assert_int_equal(u, 0x8086);
        assert_int_equal(sriov_parse_hex("10CA", 0xffff, &u), 0);
        assert_int_equal(u, 0x10ca);
        assert_int_equal(sriov_parse_hex("0x", 0xffff, &u), -EINVAL);
        assert_int_equal(sriov_parse_hex("0x10000", 0xffff, &u), -ERANGE);
}

static void pci_addresses_come_back_in_the_kernels_form(void **state)
{
        char buf[SRIOV_PCI_ADDR_MAX] = "untouched";

        (void)state;
        assert_int_equal(sriov_pci_addr_canonical("1:2.3", buf), 0);
        assert_string_equal(buf, "0000:01:02.3");
        assert_int_equal(sriov_pci_addr_canonical("10000:E1:00.0", buf), 0);
        assert_string_equal(buf, "10000:e1:00.0");
        assert_int_equal(sriov_pci_addr_canonical("ffffffff:ff:1f.7", buf), 0);
        assert_string_equal(buf, "ffffffff:ff:1f.7");
        assert_int_equal(sriov_pci_addr_canonical("100000000:00:00.0", buf), -EINVAL);
        assert_string_equal(buf, "ffffffff:ff:1f.7");
}

/* One table for the library's messages and sriovctl's keys: every field once, by name too. */
static void every_vf_field_has_one_name_and_one_place(void **state)
{
        uint32_t seen = 0;

        (void)state;
        for (unsigned int b = 0; b < SRIOV_VF_FIELDS; b++) {
                const char *name = sriov_vf_field_name(1u << b);

                assert_non_null(name);
                assert_int_equal(sriov_vf_field_by_name(name), 1u << b);
        }
        assert_string_equal(sriov_vf_field_name(SRIOV_VF_CONFIG_VLAN_PROTO), "vlan_proto");
        assert_string_equal(sriov_vf_field_name(SRIOV_VF_CONFIG_QUERY_RSS), "query_rss");
        assert_null(sriov_vf_field_name(0));
        assert_null(sriov_vf_field_name(SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS));
        assert_null(sriov_vf_field_name(SRIOV_VF_CONFIG_ALL + 1));
        assert_int_equal(sriov_vf_field_by_name("driver"), 0);
        for (unsigned int i = 0; i < SRIOV_VF_FIELDS; i++) {
                assert_false(seen & sriov_vf_field_show_order[i]);
                seen |= sriov_vf_field_show_order[i];
        }
        assert_int_equal(seen, SRIOV_VF_CONFIG_ALL);
}

static void rates_are_tc_units_in_bytes_per_second(void **state)
{
        char buf[32];
        uint64_t v;

        (void)state;
        /* What devlink -j printed for `rate add ... tx_share 10mbit tx_max 100mbit`. */
        assert_int_equal(sriov_rate_parse("10mbit", &v), 0);
        assert_int_equal(v, 1250000);
        assert_int_equal(sriov_rate_parse("100Mbit", &v), 0);
        assert_int_equal(v, 12500000);
        assert_int_equal(sriov_rate_parse("1gbit", &v), 0);
        assert_int_equal(v, 125000000);
        assert_int_equal(sriov_rate_parse("500kbps", &v), 0); /* bytes, as tc */
        assert_int_equal(v, 500000);
        assert_int_equal(sriov_rate_parse("1Mibit", &v), 0);
        assert_int_equal(v, 131072);
        assert_int_equal(sriov_rate_parse("1.5gbit", &v), 0);
        assert_int_equal(v, 187500000);
        assert_int_equal(sriov_rate_parse("0bit", &v), 0);
        assert_int_equal(v, 0);
        /* A bare number (bits to tc, bytes to devlink -j), signs, spaces, unknown units. */
        assert_int_equal(sriov_rate_parse("100", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse("-1mbit", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse(" 1mbit", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse("1 mbit", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse("1e3mbit", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse("mbit", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse(".mbit", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse("1furlong", &v), -EINVAL);
        assert_int_equal(sriov_rate_parse("", &v), -EINVAL);
        /* Less than a byte a second, and more than 64 bits hold. */
        assert_int_equal(sriov_rate_parse("1bit", &v), -ERANGE);
        assert_int_equal(sriov_rate_parse("99999999999tbps", &v), -ERANGE);

        /* Printed as devlink prints them (tc's sprint_rate()). */
        assert_string_equal(sriov_rate_format(1250000, buf, sizeof(buf)), "10Mbit");
        assert_string_equal(sriov_rate_format(12500000, buf, sizeof(buf)), "100Mbit");
        assert_string_equal(sriov_rate_format(0, buf, sizeof(buf)), "0bit");
        assert_string_equal(sriov_rate_format(100, buf, sizeof(buf)), "800bit");
        assert_string_equal(sriov_rate_format(125000000, buf, sizeof(buf)), "1Gbit");
        assert_string_equal(sriov_rate_format(187500000, buf, sizeof(buf)), "1500Mbit");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(every_vf_field_has_one_name_and_one_place),
                cmocka_unit_test(macs_are_six_pairs_of_hex_digits),
                cmocka_unit_test(numbers_are_exact),
                cmocka_unit_test(rates_are_tc_units_in_bytes_per_second),
                cmocka_unit_test(pci_addresses_come_back_in_the_kernels_form),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
