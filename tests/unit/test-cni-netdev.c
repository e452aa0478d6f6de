/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni's search for a VF's netdev (tools/cni/netdev.c) against answers of the kernel
 * and of anyone else, pure: libnl's own reading, with the datagrams handed to it by the test
 * instead of a socket. A tenant with CAP_NET_ADMIN in a namespace the plugin lists (its pod's,
 * or the host's for any user) can send datagrams to the plugin's socket there; only those the
 * kernel sent (sender port id 0, which it stamps) may say where the VF's netdev is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "../../tools/cni/cni.h"

#define VF "0000:01:10.0"
#define TENANT_PORT 4242 /* a socket of the tenant's */

/* One datagram: a link (a name, its parent device and bus, NULL for none), or the dump's end. */
struct datagram {
        uint32_t sender;
        const char *ifname, *parent, *bus;
        bool done;
};

static struct {
        const struct datagram *script;
        size_t n, next;
        uint32_t seq, port;
} fake;

/* The request goes nowhere; its sequence number and port are what answers carry. */
static int fake_send(struct nl_sock *sk, struct nl_msg *msg)
{
        (void)sk;
        fake.seq = nlmsg_hdr(msg)->nlmsg_seq;
        fake.port = nlmsg_hdr(msg)->nlmsg_pid;
        return 0;
}

static int fake_recv(struct nl_sock *sk, struct sockaddr_nl *from, unsigned char **buf,
                     struct ucred **creds)
{
        const struct datagram *d;
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
        struct nl_msg *m;
        int len;

        (void)sk;
        (void)creds;
        if (fake.next == fake.n)
                return -NLE_FAILURE; /* read past the end of the script */
        d = &fake.script[fake.next++];
        m = nlmsg_alloc_simple(d->done ? NLMSG_DONE : RTM_NEWLINK, NLM_F_MULTI);
        assert_non_null(m);
        if (d->done) {
                int zero = 0;

                assert_int_equal(nlmsg_append(m, &zero, sizeof(zero), NLMSG_ALIGNTO), 0);
        } else {
                ifi.ifi_index = (int)fake.next + 1;
                assert_int_equal(nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO), 0);
                assert_int_equal(nla_put_string(m, IFLA_IFNAME, d->ifname), 0);
                if (d->parent)
                        assert_int_equal(nla_put_string(m, IFLA_PARENT_DEV_NAME, d->parent), 0);
                if (d->bus)
                        assert_int_equal(nla_put_string(m, IFLA_PARENT_DEV_BUS_NAME, d->bus), 0);
        }
        nlmsg_hdr(m)->nlmsg_seq = fake.seq;
        nlmsg_hdr(m)->nlmsg_pid = fake.port;
        len = (int)nlmsg_hdr(m)->nlmsg_len;
        *buf = malloc((size_t)len);
        assert_non_null(*buf);
        memcpy(*buf, nlmsg_hdr(m), (size_t)len);
        nlmsg_free(m);
        memset(from, 0, sizeof(*from));
        from->nl_family = AF_NETLINK;
        from->nl_pid = d->sender;
        return len;
}

/* netdev_find_by_pci() for VF on a socket answered by @script. */
static int find(const struct datagram *script, size_t n, char name[16])
{
        struct nl_sock *sk = nl_socket_alloc();
        struct netns *ns = NULL;
        struct cni_error e = { 0 };
        struct nl_cb *cb;
        int ifindex = 0, r;

        assert_non_null(sk);
        cb = nl_socket_get_cb(sk);
        nl_cb_overwrite_send(cb, fake_send);
        nl_cb_overwrite_recv(cb, fake_recv);
        nl_cb_put(cb);
        fake.script = script;
        fake.n = n;
        fake.next = 0;
        assert_int_equal(netns_adopt(sk, -1, "/proc/4242/ns/net", &ns, &e), 0);
        name[0] = '\0';
        r = netdev_find_by_pci(ns, VF, &ifindex, name, &e);
        netns_close(ns);
        if (r < 0)
                fail_msg("netdev_find_by_pci: %s", e.msg);
        assert_int_equal(fake.next, n); /* read to the dump's end, no further */
        return r;
}

static void the_kernels_answer_names_the_vf(void **state)
{
        static const struct datagram kernel[] = {
                { 0, "eth0", "0000:01:00.0", "pci", false },
                { 0, "eth5", VF, "pci", false },
                { 0, NULL, NULL, NULL, true },
        };
        char name[16];

        (void)state;
        assert_int_equal(find(kernel, 3, name), 1);
        assert_string_equal(name, "eth5");
}

/* As in the review: the tenant's veth, named the VF's by its own socket. */
static void a_forged_answer_is_dropped(void **state)
{
        static const struct datagram forged[] = {
                { TENANT_PORT, "veth0", VF, "pci", false },
                { 0, "lo", NULL, NULL, false },
                { 0, "veth0", NULL, NULL, false },
                { 0, NULL, NULL, NULL, true },
        };
        char name[16];

        (void)state;
        assert_int_equal(find(forged, 4, name), 0);
}

/* A forged datagram first, the kernel's dump after it: the dump is still read to its end, and
 * what it says is what counts. */
static void the_kernels_answer_after_a_forged_one_counts(void **state)
{
        static const struct datagram both[] = {
                { TENANT_PORT, "veth0", VF, "pci", false },
                { TENANT_PORT, "veth0", VF, "pci", false },
                { 0, "veth0", NULL, NULL, false },
                { 0, "eth5", VF, "pci", false },
                { 0, NULL, NULL, NULL, true },
        };
        char name[16];

        (void)state;
        assert_int_equal(find(both, 5, name), 1);
        assert_string_equal(name, "eth5");
}

/* A parent of the VF's name on another bus (devices are named per bus) is not the VF. */
static void a_parent_of_another_bus_is_not_the_vf(void **state)
{
        static const struct datagram other_bus[] = {
                { 0, "eth9", VF, "netdevsim", false },
                { 0, NULL, NULL, NULL, true },
        };
        char name[16];

        (void)state;
        assert_int_equal(find(other_bus, 2, name), 0);
}

/* The check itself, on one dump reply message: the sender decides, nothing in the message. */
static void the_filter_takes_only_the_kernels_messages(void **state)
{
        struct sockaddr_nl from = { .nl_family = AF_NETLINK };
        struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_MULTI);

        (void)state;
        assert_non_null(m);
        from.nl_pid = TENANT_PORT;
        nlmsg_set_src(m, &from);
        assert_int_equal(netlink_from_kernel_only(m, NULL), NL_SKIP);
        from.nl_pid = 0;
        nlmsg_set_src(m, &from);
        assert_int_equal(netlink_from_kernel_only(m, NULL), NL_OK);
        nlmsg_free(m);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(the_kernels_answer_names_the_vf),
                cmocka_unit_test(a_forged_answer_is_dropped),
                cmocka_unit_test(the_kernels_answer_after_a_forged_one_counts),
                cmocka_unit_test(a_parent_of_another_bus_is_not_the_vf),
                cmocka_unit_test(the_filter_takes_only_the_kernels_messages),
        };

        return cmocka_run_group_tests_name("cni-netdev", tests, NULL, NULL);
}
