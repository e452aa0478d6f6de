/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The lease journal's text form: what is written reads back the same; anything else is refused. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "libsriov-private.h"

static struct lease_journal sample(void)
{
        struct lease_journal j = {
                .state = LEASE_HELD,
                .pci = "0000:01:10.2",
                .pf = "0000:01:00.0",
                .vf = 1,
                .owner_pid = 4242,
                .owner_start = 123456789,
                .owner_pidns = 4026532801u,
                .dev_ino = 0x100004a2bULL, /* a kernfs node of the second wrap */
                .cookie = "0123456789abcdef0123456789abcdef",
                .orig_driver = "igbvf",
                .busy_pid = -1,
                .broken_pid = 77,
                .broken_what = "vf set vlan 5 (sriovctl)",
                .holder = "libsriov-cni 0123abcd/net1",
                .netdev = true,
                .ifname = "enp1s16f2",
                .mtu = 9000,
                .ifmac = { 0x02, 0, 0, 0, 0x09, 0x09 },
                .orig_config = { .mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN |
                                         SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO |
                                         SRIOV_VF_CONFIG_SPOOFCHK | SRIOV_VF_CONFIG_TRUST,
                                 .mac = { 0x02, 0, 0, 0, 0x01, 0x02 },
                                 .vlan = 100,
                                 .qos = 3,
                                 .vlan_proto = SRIOV_VLAN_PROTO_8021Q,
                                 .spoofchk = true },
        };
        return j;
}

static void a_journal_reads_back_as_written(void **state)
{
        struct lease_journal j = sample(), back;
        char text[1024];

        (void)state;
        assert_true(lease_journal_format(&j, text, sizeof(text)) > 0);
        assert_int_equal(lease_journal_parse(text, &back, NULL), 0);
        assert_memory_equal(&j, &back, sizeof(j));
}

static void labels_read_back_in_their_order_and_bad_ones_are_refused(void **state)
{
        struct lease_journal j = sample(), back;
        char text[8192], edited[8300];

        (void)state;
        assert_int_equal(lease_journal_add_label(&j, "k8s.pod.namespace=web"), 0);
        assert_int_equal(lease_journal_add_label(&j, "cni.container_id=0123abcd"), 0);
        assert_int_equal(lease_journal_add_label(&j, "empty="), 0);
        assert_int_equal(lease_journal_add_label(&j, "k8s.pod.namespace=other"), -EINVAL);
        assert_true(lease_journal_format(&j, text, sizeof(text)) > 0);
        assert_non_null(strstr(text, "\nlabel k8s.pod.namespace=web\nlabel cni.container_id="));
        assert_int_equal(lease_journal_parse(text, &back, NULL), 0);
        assert_memory_equal(&j, &back, sizeof(j));
        /* A label is the last thing in a journal; no key comes after one, none repeats. */
        snprintf(edited, sizeof(edited), "%sholder x\n", text);
        assert_int_equal(lease_journal_parse(edited, &back, NULL), -EBADMSG);
        snprintf(edited, sizeof(edited), "%slabel empty=again\n", text);
        assert_int_equal(lease_journal_parse(edited, &back, NULL), -EBADMSG);
        snprintf(edited, sizeof(edited), "%slabel Upper=case\n", text);
        assert_int_equal(lease_journal_parse(edited, &back, NULL), -EBADMSG);
        snprintf(edited, sizeof(edited), "%slabel novalue\n", text);
        assert_int_equal(lease_journal_parse(edited, &back, NULL), -EBADMSG);
        assert_string_equal(lease_label_invalid("a=b\tc"), "a value without control characters");
        assert_string_equal(lease_label_invalid("=v"), "a key of 1 to 63 characters");
        assert_null(lease_label_invalid("0/a.b_c-d=any value at all"));
}

static void no_driver_and_no_owner_round_trip(void **state)
{
        struct lease_journal j = sample(), back;
        char text[1024];

        (void)state;
        memset(j.orig_driver, 0, sizeof(j.orig_driver));
        j.owner_pid = -1;
        j.owner_start = 0;
        j.state = LEASE_ACQUIRING;
        assert_true(lease_journal_format(&j, text, sizeof(text)) > 0);
        assert_non_null(strstr(text, "\ndriver -\n"));
        assert_non_null(strstr(text, "\nstate acquiring\n"));
        assert_int_equal(lease_journal_parse(text, &back, NULL), 0);
        assert_memory_equal(&j, &back, sizeof(j));
}

/* Replace the line starting with @key in a good journal by @line (or drop it when NULL). */
static void expect_refused(const char *key, const char *line, int expect_line)
{
        struct lease_journal j = sample(), back = { .vf = 77 };
        char text[1024], edited[1100] = "", *p, *save = NULL;
        int bad = 0;

        assert_true(lease_journal_format(&j, text, sizeof(text)) > 0);
        for (p = strtok_r(text, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
                if (strncmp(p, key, strlen(key)) == 0 && p[strlen(key)] == ' ') {
                        if (line)
                                strcat(strcat(edited, line), "\n");
                        continue;
                }
                strcat(strcat(edited, p), "\n");
        }
        if (lease_journal_parse(edited, &back, &bad) != -EBADMSG)
                fail_msg("journal with %s -> \"%s\" was accepted", key, line ? line : "(none)");
        assert_int_equal(back.vf, 77); /* untouched */
        if (expect_line)
                assert_int_equal(bad, expect_line);
}

static void damaged_journals_are_refused_with_the_line(void **state)
{
        (void)state;
        expect_refused("state", "state maybe", 2);
        expect_refused("vf", "vf -1", 5);
        expect_refused("vlan", "vlan 4096", 13);
        expect_refused("qos", "qos 8", 14);
        expect_refused("mac", "mac 02:00:00:00:01", 12);
        expect_refused("cookie", "cookie 0123", 8);
        expect_refused("owner_pid", "owner_pid 12x", 6);
        expect_refused("mask", "mask 0x10000", 11);
        expect_refused("pci", "pci a b", 3);
        expect_refused("trust", NULL, 0);                 /* cut short: a key missing */
        expect_refused("spoofchk", "spoofchk 1\nspoofchk 0", 0); /* repeated */
        expect_refused("query_rss", "colour blue", 0);    /* unknown key */
        expect_refused("busy_pid", "busy_pid -2", 22);
        expect_refused("broken_what", "broken_what a\tb", 25);
        expect_refused("broken_pid", NULL, 0);
        /* Found by tests/fuzz/fuzz-lease-journal: "pf -" read as "", which no journal can
         * say; gc builds sysfs paths from these, so each is what the library writes. */
        expect_refused("pf", "pf -", 4);
        expect_refused("pci", "pci 000010.2", 3);
        expect_refused("pci", "pci ../../../../dev/sda", 3);
        expect_refused("pci", "pci 01:10.2", 3); /* not as the library writes it */
        expect_refused("driver", "driver ../../../../module/igbvf", 9);
        expect_refused("driver_override", "driver_override vfio-pci/../x", 10);
        expect_refused("driver", "driver .", 9);
        /* Version 3: the holder is one printable line; the netdev's name one the kernel takes. */
        expect_refused("holder", "holder a\tb", 26);
        expect_refused("kind", "kind container", 27);
        expect_refused("ifname", "ifname ../eth0", 28);
        expect_refused("ifname", "ifname a-name-far-too-long", 28);
        expect_refused("mtu", "mtu -1", 29);
        expect_refused("ifmac", "ifmac 02:00", 30);
        expect_refused("ifmac", NULL, 0);
        expect_refused("owner_pidns", "owner_pidns pid:[4026532801]", 31);
        expect_refused("owner_pidns", "owner_pidns 4294967296", 31);
        expect_refused("busy_pidns", NULL, 0);
        /* Version 5: the VF's sysfs directory's inode, a number. */
        expect_refused("dev_ino", "dev_ino -1", 33);
        expect_refused("dev_ino", "dev_ino 9223372036854775808", 33);
        expect_refused("dev_ino", "dev_ino 12ab", 33);
        expect_refused("dev_ino", NULL, 0);
}

/* The sample as an older libsriov wrote it: its @magic, and the keys before @first_new. */
static void older_journal(const char *magic, const char *first_new, char *text, size_t size)
{
        struct lease_journal j = sample();
        char *p;

        assert_true(lease_journal_format(&j, text, size) > 0);
        p = strstr(text, first_new);
        assert_non_null(p);
        *p = '\0';
        memcpy(text, magic, strlen(magic));
}

/* A journal of libsriov 0.4 (version 2: no holder, no netdev) reads as a vfio lease. */
static void a_version_2_journal_reads_as_a_vfio_lease(void **state)
{
        struct lease_journal back;
        char text[1024];

        (void)state;
        older_journal("libsriov-lease 2", "holder ", text, sizeof(text));
        assert_int_equal(lease_journal_parse(text, &back, NULL), 0);
        assert_string_equal(back.holder, "");
        assert_false(back.netdev);
        assert_string_equal(back.ifname, "");
        assert_int_equal(back.broken_pid, 77);
        strcat(text, "kind netdev\n");
        assert_int_equal(lease_journal_parse(text, &back, NULL), -EBADMSG);
}

/* @v2 (a version 2 journal) as version 1 would have said it, in @state: parsed. */
static int version_1_of(const char *v2, const char *state, struct lease_journal *ret, int *bad)
{
        const char *from = strstr(v2, "pci "), *to = strstr(v2, "busy_pid ");
        char text[1024];

        assert_non_null(from);
        assert_non_null(to);
        snprintf(text, sizeof(text), "libsriov-lease 1\nstate %s\n%.*s", state, (int)(to - from),
                 from);
        return lease_journal_parse(text, ret, bad);
}

/*
 * A journal of libsriov 0.4 in the middle of a release (version 2, state "releasing"), as it
 * wrote it, word for word: after an upgrade the new library must read it, so that recovery
 * finishes the release and puts the VF back (the state came with version 2; a version 1
 * journal never said it). Literal text, not the formatter's: the formatter follows the code,
 * the files in /run do not.
 */
static void a_version_2_journal_in_the_middle_of_a_release_reads_as_releasing(void **state)
{
        static const char v2[] = "libsriov-lease 2\n"
                                 "state releasing\n"
                                 "pci 0000:01:10.2\n"
                                 "pf 0000:01:00.0\n"
                                 "vf 1\n"
                                 "owner_pid 4242\n"
                                 "owner_start 123456789\n"
                                 "cookie 0123456789abcdef0123456789abcdef\n"
                                 "driver igbvf\n"
                                 "driver_override -\n"
                                 "mask 0xc3\n"
                                 "mac 02:00:00:00:01:02\n"
                                 "vlan 100\n"
                                 "qos 0\n"
                                 "vlan_proto 0x8100\n"
                                 "min_tx_rate 0\n"
                                 "max_tx_rate 0\n"
                                 "spoofchk 1\n"
                                 "trust 0\n"
                                 "link_state 0\n"
                                 "query_rss 0\n"
                                 "busy_pid 3100\n"
                                 "busy_start 987654\n"
                                 "broken_pid -1\n"
                                 "broken_what -\n";
        const struct sriov_vf_config *c;
        struct lease_journal back;
        int bad = 0;

        (void)state;
        assert_int_equal(lease_journal_parse(v2, &back, &bad), 0);
        assert_int_equal(back.state, LEASE_RELEASING);
        assert_string_equal(back.pci, "0000:01:10.2");
        assert_string_equal(back.pf, "0000:01:00.0");
        assert_int_equal(back.vf, 1);
        assert_int_equal(back.owner_pid, 4242);
        assert_int_equal(back.owner_start, 123456789);
        assert_string_equal(back.cookie, "0123456789abcdef0123456789abcdef");
        assert_string_equal(back.orig_driver, "igbvf");
        assert_string_equal(back.orig_override, "");
        /* The release in progress: whose it is, so recovery knows when its process died. */
        assert_int_equal(back.busy_pid, 3100);
        assert_int_equal(back.busy_start, 987654);
        assert_int_equal(back.busy_pidns, 0);
        assert_int_equal(back.broken_pid, -1);
        assert_string_equal(back.broken_what, "");
        /* What the release puts back. */
        c = &back.orig_config;
        assert_int_equal(c->mask, SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN |
                                          SRIOV_VF_CONFIG_SPOOFCHK | SRIOV_VF_CONFIG_TRUST);
        assert_memory_equal(c->mac, ((uint8_t[]){ 0x02, 0, 0, 0, 0x01, 0x02 }), 6);
        assert_int_equal(c->vlan, 100);
        assert_int_equal(c->vlan_proto, SRIOV_VLAN_PROTO_8021Q);
        assert_true(c->spoofchk);
        assert_false(c->trust);
        /* Version 3 and later keys: none, a vfio lease without a holder. */
        assert_string_equal(back.holder, "");
        assert_false(back.netdev);
        assert_int_equal(back.dev_ino, 0);

        /* The same as version 1 wrote it: "held" reads, "releasing", which came later, not. */
        assert_int_equal(version_1_of(v2, "held", &back, &bad), 0);
        assert_int_equal(back.state, LEASE_HELD);
        assert_int_equal(back.busy_pid, -1);
        assert_int_equal(version_1_of(v2, "releasing", &back, &bad), -EBADMSG);
        assert_int_equal(bad, 2);
}

/* A journal of libsriov 0.6 (version 3: no PID namespaces) reads with none: its pids are
 * judged in the reader's /proc, as they were when it was written. */
static void a_version_3_journal_reads_without_pid_namespaces(void **state)
{
        struct lease_journal back;
        char text[1024];

        (void)state;
        older_journal("libsriov-lease 3", "owner_pidns ", text, sizeof(text));
        assert_int_equal(lease_journal_parse(text, &back, NULL), 0);
        assert_int_equal(back.owner_pid, 4242);
        assert_int_equal(back.owner_pidns, 0);
        assert_int_equal(back.busy_pidns, 0);
        assert_string_equal(back.holder, sample().holder);
        strcat(text, "owner_pidns 4026532801\n");
        assert_int_equal(lease_journal_parse(text, &back, NULL), -EBADMSG);
}

/* A journal of version 4 (no dev_ino) reads with none: which device it leased is not known,
 * so its VF is lost only once no VF of its PF is at its address; its labels still read. */
static void a_version_4_journal_reads_without_the_device_identity(void **state)
{
        struct lease_journal back;
        char text[1024];

        (void)state;
        older_journal("libsriov-lease 4", "dev_ino ", text, sizeof(text));
        strcat(text, "label a=b\n");
        assert_int_equal(lease_journal_parse(text, &back, NULL), 0);
        assert_int_equal(back.dev_ino, 0);
        assert_int_equal(back.owner_pidns, sample().owner_pidns);
        assert_int_equal(back.n_labels, 1);
        older_journal("libsriov-lease 4", "dev_ino ", text, sizeof(text));
        strcat(text, "dev_ino 5\n");
        assert_int_equal(lease_journal_parse(text, &back, NULL), -EBADMSG);
}

/* A journal an older libsriov left (version 1: no acquirer, no breaker) still reads. */
static void a_version_1_journal_reads_without_the_new_keys(void **state)
{
        struct lease_journal back;
        char text[1024];

        (void)state;
        older_journal("libsriov-lease 1", "busy_pid", text, sizeof(text));
        assert_int_equal(lease_journal_parse(text, &back, NULL), 0);
        assert_int_equal(back.busy_pid, -1);
        assert_int_equal(back.broken_pid, -1);
        assert_string_equal(back.broken_what, "");
        assert_string_equal(back.cookie, sample().cookie);
        /* A version 1 journal has no version 2 key. */
        strcat(text, "broken_pid 5\n");
        assert_int_equal(lease_journal_parse(text, &back, NULL), -EBADMSG);
}

static void a_journal_of_another_format_is_refused(void **state)
{
        struct lease_journal back;
        int bad = 0;

        (void)state;
        assert_int_equal(lease_journal_parse("libsriov-lease 6\nstate held\n", &back, &bad),
                         -EBADMSG);
        assert_int_equal(bad, 1);
        assert_int_equal(lease_journal_parse("", &back, &bad), -EBADMSG);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(a_journal_reads_back_as_written),
                cmocka_unit_test(labels_read_back_in_their_order_and_bad_ones_are_refused),
                cmocka_unit_test(no_driver_and_no_owner_round_trip),
                cmocka_unit_test(damaged_journals_are_refused_with_the_line),
                cmocka_unit_test(a_journal_of_another_format_is_refused),
                cmocka_unit_test(a_version_4_journal_reads_without_the_device_identity),
                cmocka_unit_test(a_version_1_journal_reads_without_the_new_keys),
                cmocka_unit_test(a_version_2_journal_reads_as_a_vfio_lease),
                cmocka_unit_test(a_version_2_journal_in_the_middle_of_a_release_reads_as_releasing),
                cmocka_unit_test(a_version_3_journal_reads_without_pid_namespaces),
        };

        return cmocka_run_group_tests_name("unit/lease-journal", tests, NULL, NULL);
}
