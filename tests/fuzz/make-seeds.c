/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seed corpora for the binary fuzz targets, written by the same fakes the tests answer with:
 *   make-seeds DIR   writes DIR/netlink/ (fuzz-netlink's input: parser byte, ifindex,
 *                    message), DIR/devlink/ (parser byte, message: netdevsim's answers)
 *                    and DIR/lease-journal/ (journals of every state, v1, v4 and v5).
 * Built rather than kept as binary files, so that they follow the fakes and the format.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/rtnetlink.h>
#include <netlink/msg.h>

#include "fake-devlink.h"
#include "fake-rtnl.h"
#include "libsriov-private.h"

static const char *out;
static unsigned int written;

static void save(const char *dir, const char *name, const void *a, size_t alen, const void *b,
                 size_t blen)
{
        char path[512];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", out, dir);
        if (mkdir(path, 0755) < 0 && errno != EEXIST) {
                perror(path);
                exit(1);
        }
        snprintf(path, sizeof(path), "%s/%s/%s", out, dir, name);
        f = fopen(path, "we");
        if (!f || fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen) ||
            fclose(f) != 0) {
                perror(path);
                exit(1);
        }
        written++;
}

static void save_msg(const char *name, uint8_t parser, int32_t ifindex, struct nl_msg *m)
{
        uint8_t head[5] = { parser };
        struct nlmsghdr *nlh;

        if (!m) {
                fprintf(stderr, "make-seeds: %s: out of memory\n", name);
                exit(1);
        }
        memcpy(head + 1, &ifindex, sizeof(ifindex));
        nlh = nlmsg_hdr(m);
        save("netlink", name, head, sizeof(head), nlh, nlh->nlmsg_len);
        nlmsg_free(m);
}

static void save_devlink(const char *name, uint8_t parser, struct nl_msg *m)
{
        struct nlmsghdr *nlh;

        if (!m) {
                fprintf(stderr, "make-seeds: %s: out of memory\n", name);
                exit(1);
        }
        nlh = nlmsg_hdr(m);
        save("devlink", name, &parser, 1, nlh, nlh->nlmsg_len);
        nlmsg_free(m);
}

static void devlink_seeds(void)
{
        static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

        save_devlink("family", 0, fake_devlink_family());
        save_devlink("eswitch", 1, fake_devlink_eswitch());
        save_devlink("port-vf", 2, fake_devlink_vf_port(1, 42, mac));
        save_devlink("rate-leaf", 3, fake_devlink_rate(NULL, 129, 0, 6250000, "group1"));
        save_devlink("rate-node", 3, fake_devlink_rate("group1", 0, 1250000, 12500000, NULL));
}

static void netlink_seeds(void)
{
        struct fake_vf vfs[FAKE_MAX_VFS];
        struct fake_addr a4 = { 7, AF_INET, "192.0.2.1", 24 }, a6 = { 7, AF_INET6, "2001:db8::1", 64 };
        struct fake_route r4 = { 7, AF_INET, "198.51.100.0", 24, RTPROT_BOOT, RT_TABLE_MAIN, false };
        struct fake_route r6 = { 7, AF_INET6, NULL, 0, RTPROT_STATIC, RT_TABLE_MAIN, true };

        for (unsigned int i = 0; i < FAKE_MAX_VFS; i++)
                fake_vf_init(&vfs[i], i);
        save_msg("link-igb-7", 0, 2, fake_newlink(2, 7, vfs, 7, 0, false));
        save_msg("link-stats-8", 0, 2, fake_newlink(2, 8, vfs, 8, 0, true));
        save_msg("link-cut-list", 0, 2, fake_newlink(2, 8, vfs, 3, 5, false));
        save_msg("link-no-vfs", 0, 2, fake_newlink(2, 0, vfs, 0, 0, false));
        save_msg("addr-v4", 1, 7, fake_newaddr(1, &a4));
        save_msg("addr-v6", 1, 7, fake_newaddr(1, &a6));
        save_msg("route-v4", 2, 7, fake_newroute(1, &r4));
        save_msg("route-v6-multipath", 3, 7, fake_newroute(1, &r6));
}

/* What version 1 wrote: no busy_ or broken_ keys. */
static const char v1[] = "libsriov-lease 1\nstate held\npci 0000:01:10.2\npf 0000:01:00.0\nvf 1\n"
                         "owner_pid -1\nowner_start 0\ncookie 0123456789abcdef0123456789abcdef\n"
                         "driver igbvf\ndriver_override -\nmask 0x3f\nmac 02:00:00:00:01:02\n"
                         "vlan 0\nqos 0\nvlan_proto 0x8100\nmin_tx_rate 0\nmax_tx_rate 0\n"
                         "spoofchk 1\ntrust 0\nlink_state 0\nquery_rss 0\n";

static void journal_seeds(void)
{
        struct lease_journal j = {
                .state = LEASE_HELD,
                .pci = "0000:01:10.2",
                .pf = "0000:01:00.0",
                .vf = 1,
                .owner_pid = 4242,
                .owner_start = 123456789,
                .cookie = "0123456789abcdef0123456789abcdef",
                .orig_driver = "igbvf",
                .busy_pid = -1,
                .broken_pid = -1,
                .dev_ino = 31337,
                .orig_config = { .mask = SRIOV_VF_CONFIG_ALL,
                                 .mac = { 0x02, 0, 0, 0, 0x01, 0x02 },
                                 .vlan = 100,
                                 .qos = 3,
                                 .vlan_proto = SRIOV_VLAN_PROTO_8021AD,
                                 .max_tx_rate = 1000,
                                 .spoofchk = true },
        };
        static const enum lease_state states[] = { LEASE_ACQUIRING, LEASE_HELD, LEASE_RELEASING };
        char text[4096], name[32];

        for (size_t s = 0; s < sizeof(states) / sizeof(states[0]); s++) {
                j.state = states[s];
                j.busy_pid = states[s] == LEASE_HELD ? -1 : 99;
                j.busy_start = states[s] == LEASE_HELD ? 0 : 5555;
                snprintf(name, sizeof(name), "state-%zu", s);
                if (lease_journal_format(&j, text, sizeof(text)) < 0)
                        exit(1);
                save("lease-journal", name, text, strlen(text), NULL, 0);
        }
        j.state = LEASE_HELD;
        j.busy_pid = -1;
        j.owner_pid = -1;
        j.broken_pid = 77;
        snprintf(j.broken_what, sizeof(j.broken_what), "vf set vlan 5 (sriovctl)");
        j.orig_driver[0] = '\0';
        if (lease_journal_format(&j, text, sizeof(text)) < 0)
                exit(1);
        save("lease-journal", "broken-no-owner", text, strlen(text), NULL, 0);
        save("lease-journal", "version-1", v1, strlen(v1), NULL, 0);
        /* Version 4: no dev_ino, a label after the last key. */
        {
                char *ino = strstr(text, "dev_ino ");

                if (!ino || strncmp(text, "libsriov-lease 5\n", 17) != 0)
                        exit(1);
                strcpy(ino, "label k8s.pod.name=web-0\n");
                text[15] = '4';
                save("lease-journal", "version-4", text, strlen(text), NULL, 0);
        }
}

int main(int argc, char **argv)
{
        if (argc != 2) {
                fprintf(stderr, "usage: make-seeds DIR\n");
                return 2;
        }
        out = argv[1];
        if (mkdir(out, 0755) < 0 && errno != EEXIST) {
                perror(out);
                return 1;
        }
        netlink_seeds();
        devlink_seeds();
        journal_seeds();
        printf("make-seeds: %u seeds in %s\n", written, out);
        return 0;
}
