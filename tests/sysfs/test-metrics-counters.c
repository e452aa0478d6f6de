/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl metrics against a fake kernel's VF list (IFLA_VF_STATS with known values): every
 * counter is the value injected, for a driver that has counters; a driver without them gives
 * no counter series although the kernel sends the attribute, but a VF's own netdev's where it
 * has one; a VF past a list cut short has none, and says why; each PF's VF list is read at most
 * twice. Under umockdev, on the igb host.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/sriovctl/sriovctl.h"
#include "igb-host.h"
#include "libsriov-private.h"

static int setup(void **state)
{
        struct igb_host *h = calloc(1, sizeof(*h));

        igb_host_setup(h);
        for (unsigned int i = 0; i < 2; i++)
                h->rtnl.vfs[i].stats = (struct sriov_vf_stats){
                        .rx_packets = 100 + i,  .tx_packets = 200 + i, .rx_bytes = 300000 + i,
                        .tx_bytes = 400000 + i, .broadcast = 5 + i,    .multicast = 6 + i,
                        .rx_dropped = 7 + i,    .tx_dropped = 18446744073709551615ull - i,
                };
        *state = h;
        return 0;
}

static int teardown(void **state)
{
        struct igb_host *h = *state;

        remove_tree(h->lease_dir);
        igb_host_teardown(h);
        free(h);
        return 0;
}

/* The PF's driver as another one would be: what decides whether counters are real. */
static void pf_driver(struct igb_host *h, const char *driver)
{
        fakesys_unbind_driver(h->fs, "0000:01:00.0");
        fakesys_bind_driver(h->fs, "0000:01:00.0", driver);
        fakesys_add_netdev(h->fs, "0000:01:00.0", "enp1s0");
}

/* What promtool check metrics says of @text: nothing, and exit 0 (make deps installs it). */
static void assert_promtool(const char *text)
{
        char dir[] = "/tmp/metrics.XXXXXX", cmd[256], said[2048] = "";
        FILE *f;
        int status;

        assert_non_null(mkdtemp(dir));
        snprintf(cmd, sizeof(cmd), "%s/scrape.prom", dir);
        f = fopen(cmd, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        snprintf(cmd, sizeof(cmd), "promtool check metrics <%s/scrape.prom >%s/said 2>&1", dir, dir);
        status = system(cmd);
        snprintf(cmd, sizeof(cmd), "%s/said", dir);
        f = fopen(cmd, "r");
        if (f) {
                said[fread(said, 1, sizeof(said) - 1, f)] = '\0';
                fclose(f);
        }
        remove_tree(dir);
        if (status != 0 || said[0])
                fail_msg("promtool check metrics: exit %d: %s", status, said);
}

/* One scrape, as sriovctl metrics prints it. */
static char *scrape(struct igb_host *h, int want)
{
        struct cli cli = { .ctx = h->ctx };
        char *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);

        assert_non_null(f);
        assert_int_equal(metrics_print(&cli, 0, NULL, f), want);
        fclose(f);
        assert_promtool(text);
        return text;
}

static void assert_line(const char *text, const char *line)
{
        char want[512];

        snprintf(want, sizeof(want), "\n%s\n", line);
        if (!strstr(text, want)) {
                fprintf(stderr, "%s", text);
                fail_msg("missing line \"%s\"", line);
        }
}

static void every_counter_is_the_value_injected(void **state)
{
        struct igb_host *h = *state;
        char *text;

        pf_driver(h, "i40e");
        h->rtnl.getlinks = 0;
        text = scrape(h, EXIT_OK);
        for (unsigned int i = 0; i < 2; i++) {
                static const struct {
                        const char *name;
                        unsigned long long base;
                } c[] = {
                        { "sriov_vf_receive_packets_total", 100 },
                        { "sriov_vf_transmit_packets_total", 200 },
                        { "sriov_vf_receive_bytes_total", 300000 },
                        { "sriov_vf_transmit_bytes_total", 400000 },
                        { "sriov_vf_receive_broadcast_total", 5 },
                        { "sriov_vf_receive_multicast_total", 6 },
                        { "sriov_vf_receive_drop_total", 7 },
                };
                char line[256];

                for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
                        snprintf(line, sizeof(line), "%s{pf=\"0000:01:00.0\",vf=\"%u\",pci=\"%s\"} %llu",
                                 c[k].name, i, i ? "0000:01:10.2" : "0000:01:10.0", c[k].base + i);
                        assert_line(text, line);
                }
                snprintf(line, sizeof(line),
                         "sriov_vf_counters_info{pf=\"0000:01:00.0\",vf=\"%u\",pci=\"%s\",source=\"vf_list\"} 1",
                         i, i ? "0000:01:10.2" : "0000:01:10.0");
                assert_line(text, line);
        }
        /* The full 64 bits. */
        assert_line(text, "sriov_vf_transmit_drop_total{pf=\"0000:01:00.0\",vf=\"0\",pci=\"0000:01:10.0\"} "
                          "18446744073709551615");
        /* Settings as the fake igb reports them; max_tx_rate in bytes per second. */
        assert_line(text, "sriov_vf_info{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\",driver=\"igbvf\","
                          "ifname=\"enp1s0v1\",mac=\"02:00:00:00:00:01\",vlan=\"0\",qos=\"0\","
                          "vlan_proto=\"802.1Q\",trust=\"off\",spoofchk=\"on\",link_state=\"auto\"} 1");
        assert_line(text, "sriov_vf_max_tx_rate_bytes_per_second{pf=\"0000:01:00.0\",vf=\"1\","
                          "pci=\"0000:01:10.2\"} 0");
        assert_line(text, "sriov_pf_vfs_unlisted{pf=\"0000:01:00.0\"} 0");
        /* One read for the settings, one with counters: whatever the number of VFs. */
        assert_int_equal(h->rtnl.getlinks, 2);
        free(text);
}

/* igb has no ndo_get_vf_stats: what the kernel sends (zeros there) is not a counter. */
static void a_driver_without_counters_gives_no_counter_series(void **state)
{
        struct igb_host *h = *state;
        char *text;

        h->rtnl.getlinks = 0;
        text = scrape(h, EXIT_OK);
        assert_null(strstr(text, "_total{"));
        assert_line(text, "sriov_vf_counters_info{pf=\"0000:01:00.0\",vf=\"0\",pci=\"0000:01:10.0\","
                          "source=\"none\",reason=\"driver igb reports no VF counters; VF 0000:01:10.0 "
                          "(enp1s0/0): read net/enp1s0v0/statistics/rx_packets: No such file or "
                          "directory\"} 1");
        /* Not even asked for. */
        assert_int_equal(h->rtnl.getlinks, 1);
        free(text);
}

/* Without the PF's counters, a VF's own netdev's as its host driver counts them: no
 * broadcast, which a netdev does not count apart. */
static void a_vf_netdev_gives_its_counters_where_the_pf_gives_none(void **state)
{
        struct igb_host *h = *state;
        static const char *const names[] = { "rx_packets", "tx_packets", "rx_bytes", "tx_bytes",
                                             "multicast",  "rx_dropped", "tx_dropped" };
        char *text, attr[64], value[24];

        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
                snprintf(attr, sizeof(attr), "net/enp1s0v1/statistics/%s", names[k]);
                snprintf(value, sizeof(value), "%zu", 9000 + k);
                fakesys_set_attr(h->fs, "0000:01:10.2", attr, value);
        }
        text = scrape(h, EXIT_OK);
        assert_line(text, "sriov_vf_counters_info{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\","
                          "source=\"vf_netdev\"} 1");
        assert_line(text, "sriov_vf_receive_packets_total{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\"} 9000");
        assert_line(text, "sriov_vf_transmit_bytes_total{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\"} 9003");
        assert_line(text, "sriov_vf_receive_multicast_total{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\"} 9004");
        assert_line(text, "sriov_vf_transmit_drop_total{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\"} 9006");
        assert_null(strstr(text, "broadcast_total{"));
        /* VF 0 has no statistics: none, not the other's, not zeros. */
        assert_null(strstr(text, "_total{pf=\"0000:01:00.0\",vf=\"0\""));
        free(text);
}

/* A list cut short: the VF left out has no counters, says why, and is counted as unlisted. */
static void a_vf_past_a_list_cut_short_has_none_and_says_why(void **state)
{
        struct igb_host *h = *state;
        char *text;

        pf_driver(h, "ixgbe");
        h->rtnl.list_max = 1;
        text = scrape(h, EXIT_OK);
        assert_line(text, "sriov_vf_receive_bytes_total{pf=\"0000:01:00.0\",vf=\"0\",pci=\"0000:01:10.0\"} 300000");
        assert_null(strstr(text, "sriov_vf_receive_bytes_total{pf=\"0000:01:00.0\",vf=\"1\""));
        assert_line(text, "sriov_vf_counters_info{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\","
                          "source=\"none\",reason=\"not in the kernel's VF list with counters, which "
                          "holds 1 of 2 VFs; VF 0000:01:10.2 (enp1s0/1): read "
                          "net/enp1s0v1/statistics/rx_packets: No such file or directory\"} 1");
        assert_line(text, "sriov_pf_vfs_unlisted{pf=\"0000:01:00.0\"} 1");
        /* Its settings unknown: its info has none. */
        assert_line(text, "sriov_vf_info{pf=\"0000:01:00.0\",vf=\"1\",pci=\"0000:01:10.2\",driver=\"igbvf\","
                          "ifname=\"enp1s0v1\"} 1");
        free(text);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(every_counter_is_the_value_injected, setup, teardown),
                cmocka_unit_test_setup_teardown(a_driver_without_counters_gives_no_counter_series,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(a_vf_netdev_gives_its_counters_where_the_pf_gives_none,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(a_vf_past_a_list_cut_short_has_none_and_says_why,
                                                setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
