/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Address and route dumps of one netdev, without a socket: the requests nl-msg.c builds, the
 * answers it understands (built by tests/fake/fake-rtnl-dump.c as the kernel lays them out),
 * and netlink_get_if_usage() over a fake kernel that filters by ifindex, or does not.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "fake-rtnl.h"
#include "libsriov-private.h"

#define VF_IFINDEX 7
#define OTHER_IFINDEX 3

struct fixture {
        struct sriov_ctx *ctx;
        struct fake_rtnl k;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        assert_int_equal(sriov_ctx_new(&f->ctx), 0);
        fake_rtnl_full(&f->k, 2, 0);
        f->ctx->netlink_dump = fake_dump;
        f->ctx->seam_data = &f->k;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        sriov_ctx_unref(f->ctx);
        free(f);
        return 0;
}

static void add_addr(struct fixture *f, int ifindex, int family, const char *addr,
                     unsigned int len)
{
        f->k.addrs[f->k.n_addrs++] = (struct fake_addr){ ifindex, family, addr, len };
}

static void add_route(struct fixture *f, struct fake_route r)
{
        f->k.routes[f->k.n_routes++] = r;
}

/* ---- requests ------------------------------------------------------------------------------ */

static void getaddr_dumps_every_family_of_one_link_with_a_strict_header(void **state)
{
        struct nl_msg *msg = NULL;
        struct nlmsghdr *nlh;
        struct ifaddrmsg *ifa;

        (void)state;
        assert_int_equal(nlmsg_build_getaddr_dump(VF_IFINDEX, &msg), 0);
        nlh = nlmsg_hdr(msg);
        assert_int_equal(nlh->nlmsg_type, RTM_GETADDR);
        assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
        /* Strict checking refuses a short header, or prefixlen, flags or scope set. */
        assert_int_equal(nlh->nlmsg_len, NLMSG_LENGTH(sizeof(*ifa)));
        ifa = nlmsg_data(nlh);
        assert_int_equal(ifa->ifa_family, AF_UNSPEC);
        assert_int_equal(ifa->ifa_index, VF_IFINDEX);
        assert_int_equal(ifa->ifa_prefixlen | ifa->ifa_flags | ifa->ifa_scope, 0);
        nlmsg_free(msg);
}

static void getroute_dumps_one_family_through_one_link(void **state)
{
        struct nl_msg *msg = NULL;
        struct nlattr *tb[RTA_MAX + 1];
        struct rtmsg *rtm;

        (void)state;
        assert_int_equal(nlmsg_build_getroute_dump(AF_INET6, VF_IFINDEX, &msg), 0);
        assert_int_equal(nlmsg_hdr(msg)->nlmsg_type, RTM_GETROUTE);
        assert_int_equal(nlmsg_hdr(msg)->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
        rtm = nlmsg_data(nlmsg_hdr(msg));
        assert_int_equal(rtm->rtm_family, AF_INET6);
        assert_int_equal(rtm->rtm_dst_len | rtm->rtm_src_len | rtm->rtm_tos | rtm->rtm_scope |
                                 rtm->rtm_type | rtm->rtm_flags,
                         0);
        assert_int_equal(nlmsg_parse(nlmsg_hdr(msg), sizeof(*rtm), tb, RTA_MAX, NULL), 0);
        assert_non_null(tb[RTA_OIF]);
        assert_int_equal(nla_get_u32(tb[RTA_OIF]), VF_IFINDEX);
        nlmsg_free(msg);
}

static void dump_builders_refuse_bad_arguments_and_leave_ret_alone(void **state)
{
        struct nl_msg *sentinel = (struct nl_msg *)&sentinel, *msg = sentinel;

        (void)state;
        assert_int_equal(nlmsg_build_getaddr_dump(0, &msg), -EINVAL);
        assert_int_equal(nlmsg_build_getroute_dump(AF_INET, -1, &msg), -EINVAL);
        /* AF_UNSPEC would walk the multicast and MPLS tables too. */
        assert_int_equal(nlmsg_build_getroute_dump(AF_UNSPEC, VF_IFINDEX, &msg), -EINVAL);
        assert_ptr_equal(msg, sentinel);
}

/* ---- answers ------------------------------------------------------------------------------- */

struct seen {
        bool routes;
        int family;
        unsigned int counted;
        char text[FAKE_MAX_ADDRS][80];
};

static int parse_each(const struct nlmsghdr *nlh, void *data)
{
        struct seen *s = data;
        char text[80] = "";
        int r = s->routes ? nlmsg_parse_route_use(nlh, s->family, VF_IFINDEX, text, sizeof(text))
                          : nlmsg_parse_addr_use(nlh, VF_IFINDEX, text, sizeof(text));

        assert_true(r >= 0);
        if (r == 1)
                snprintf(s->text[s->counted++], sizeof(s->text[0]), "%s", text);
        return 0;
}

/* Everything the fake holds, through the parser, as a kernel without strict checking sends. */
static void dump_through_parser(struct fixture *f, struct seen *s)
{
        struct nl_msg *req = NULL;

        if (s->routes)
                assert_int_equal(nlmsg_build_getroute_dump(s->family, VF_IFINDEX, &req), 0);
        else
                assert_int_equal(nlmsg_build_getaddr_dump(VF_IFINDEX, &req), 0);
        assert_int_equal(fake_dump(f->ctx, req, parse_each, s, NULL, 0), 0);
        nlmsg_free(req);
}

static void addresses_of_the_link_count_and_read_as_prefixes(void **state)
{
        struct fixture *f = *state;
        struct seen s = { 0 };

        add_addr(f, VF_IFINDEX, AF_INET, "192.0.2.1", 24);
        add_addr(f, OTHER_IFINDEX, AF_INET, "198.51.100.1", 24);
        add_addr(f, VF_IFINDEX, AF_INET6, "2001:db8::1", 64);
        add_addr(f, VF_IFINDEX, AF_INET6, "fe80::1", 64);
        dump_through_parser(f, &s);
        /* Another link's address is not this one's; the kernel's link-local does not count. */
        assert_int_equal(s.counted, 2);
        assert_string_equal(s.text[0], "address 192.0.2.1/24");
        assert_string_equal(s.text[1], "address 2001:db8::1/64");
}

static void routes_count_unless_the_kernel_made_them(void **state)
{
        struct fixture *f = *state;
        struct seen s = { .routes = true, .family = AF_INET };

        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET, "198.51.100.0", 24, RTPROT_BOOT,
                                          RT_TABLE_MAIN, false });
        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET, NULL, 0, RTPROT_STATIC,
                                          RT_TABLE_MAIN, false });
        /* The prefix route of an address, and the local table: derived by the kernel. */
        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET, "192.0.2.0", 24, RTPROT_KERNEL,
                                          RT_TABLE_MAIN, false });
        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET, "192.0.2.1", 32, RTPROT_BOOT,
                                          RT_TABLE_LOCAL, false });
        add_route(f, (struct fake_route){ OTHER_IFINDEX, AF_INET, "203.0.113.0", 24, RTPROT_BOOT,
                                          RT_TABLE_MAIN, false });
        /* A table above 255 comes in RTA_TABLE only; a multipath route through us counts. */
        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET, "203.0.113.0", 25, RTPROT_BOOT,
                                          1000, true });
        dump_through_parser(f, &s);
        assert_int_equal(s.counted, 3);
        assert_string_equal(s.text[0], "route 198.51.100.0/24");
        assert_string_equal(s.text[1], "route default");
        assert_string_equal(s.text[2], "route 203.0.113.0/25");
}

static void a_route_dump_of_one_family_ignores_the_other(void **state)
{
        struct fixture *f = *state;
        struct seen s = { .routes = true, .family = AF_INET6 };
        struct nl_msg *req = NULL;

        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET, "198.51.100.0", 24, RTPROT_BOOT,
                                          RT_TABLE_MAIN, false });
        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET6, "2001:db8:1::", 48, RTPROT_BOOT,
                                          RT_TABLE_MAIN, false });
        /* A kernel without IPv6 answers an AF_INET6 dump with every family's routes. */
        assert_int_equal(nlmsg_build_getroute_dump(AF_INET6, VF_IFINDEX, &req), 0);
        ((struct rtmsg *)nlmsg_data(nlmsg_hdr(req)))->rtm_family = AF_UNSPEC;
        assert_int_equal(fake_dump(f->ctx, req, parse_each, &s, NULL, 0), 0);
        nlmsg_free(req);
        assert_int_equal(s.counted, 1);
        assert_string_equal(s.text[0], "route 2001:db8:1::/48");
}

static void parsers_refuse_what_is_not_their_message(void **state)
{
        struct nl_msg *m = nlmsg_alloc_simple(RTM_NEWLINK, 0);
        struct ifinfomsg ifi = { 0 };

        (void)state;
        assert_int_equal(nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO), 0);
        assert_int_equal(nlmsg_parse_addr_use(nlmsg_hdr(m), VF_IFINDEX, NULL, 0), -EBADMSG);
        assert_int_equal(nlmsg_parse_route_use(nlmsg_hdr(m), AF_INET, VF_IFINDEX, NULL, 0),
                         -EBADMSG);
        nlmsg_free(m);
        /* A header too short for its struct. */
        m = nlmsg_alloc_simple(RTM_NEWADDR, 0);
        assert_int_equal(nlmsg_parse_addr_use(nlmsg_hdr(m), VF_IFINDEX, NULL, 0), -EBADMSG);
        nlmsg_free(m);
}

/* ---- netlink_get_if_usage() ------------------------------------------------------------------ */

static void usage_counts_only_the_link_asked_for_with_or_without_strict_checking(void **state)
{
        struct fixture *f = *state;
        struct if_usage u;

        add_addr(f, OTHER_IFINDEX, AF_INET, "198.51.100.1", 24);
        add_addr(f, VF_IFINDEX, AF_INET, "192.0.2.1", 24);
        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET6, "2001:db8:1::", 48, RTPROT_BOOT,
                                          RT_TABLE_MAIN, false });
        for (int strict = 0; strict <= 1; strict++) {
                f->k.strict = strict;
                f->k.dumps = 0;
                assert_int_equal(netlink_get_if_usage(f->ctx, VF_IFINDEX, &u), 0);
                assert_int_equal(u.addrs, 1);
                assert_int_equal(u.routes, 1);
                assert_string_equal(u.first, "address 192.0.2.1/24");
                /* Addresses of both families in one dump, routes per family. */
                assert_int_equal(f->k.dumps, 3);
        }
}

static void an_idle_link_has_no_usage(void **state)
{
        struct fixture *f = *state;
        struct if_usage u;

        add_addr(f, VF_IFINDEX, AF_INET6, "fe80::2", 64);
        assert_int_equal(netlink_get_if_usage(f->ctx, VF_IFINDEX, &u), 0);
        assert_int_equal(u.addrs + u.routes, 0);
        assert_string_equal(u.first, "");
}

static void an_interrupted_dump_is_asked_again_then_taken(void **state)
{
        struct fixture *f = *state;
        struct if_usage u;

        add_addr(f, VF_IFINDEX, AF_INET, "192.0.2.1", 24);
        f->k.dump_intr = true;
        assert_int_equal(netlink_get_if_usage(f->ctx, VF_IFINDEX, &u), 0);
        assert_int_equal(f->k.dumps, 9); /* three tries of each of the three dumps */
        assert_int_equal(u.addrs, 1);     /* not counted again on each try */
}

static void a_refused_dump_fails_and_leaves_ret_alone(void **state)
{
        struct fixture *f = *state;
        struct if_usage u = { .addrs = 42 };

        f->k.dump_err = -EPERM;
        assert_int_equal(netlink_get_if_usage(f->ctx, VF_IFINDEX, &u), -EPERM);
        assert_int_equal(u.addrs, 42);
        assert_int_equal(netlink_get_if_usage(f->ctx, 0, &u), -EINVAL);
}

static void a_kernel_without_ipv6_routes_is_no_error(void **state)
{
        struct fixture *f = *state;
        struct if_usage u;

        add_route(f, (struct fake_route){ VF_IFINDEX, AF_INET, "198.51.100.0", 24, RTPROT_BOOT,
                                          RT_TABLE_MAIN, false });
        f->k.route6_err = -EAFNOSUPPORT;
        assert_int_equal(netlink_get_if_usage(f->ctx, VF_IFINDEX, &u), 0);
        assert_int_equal(u.routes, 1);
        /* Any other refusal of it is an error. */
        f->k.route6_err = -ENOBUFS;
        assert_int_equal(netlink_get_if_usage(f->ctx, VF_IFINDEX, &u), -ENOBUFS);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        const struct CMUnitTest tests[] = {
                T(getaddr_dumps_every_family_of_one_link_with_a_strict_header),
                T(getroute_dumps_one_family_through_one_link),
                T(dump_builders_refuse_bad_arguments_and_leave_ret_alone),
                T(addresses_of_the_link_count_and_read_as_prefixes),
                T(routes_count_unless_the_kernel_made_them),
                T(a_route_dump_of_one_family_ignores_the_other),
                T(parsers_refuse_what_is_not_their_message),
                T(usage_counts_only_the_link_asked_for_with_or_without_strict_checking),
                T(an_idle_link_has_no_usage),
                T(an_interrupted_dump_is_asked_again_then_taken),
                T(a_refused_dump_fails_and_leaves_ret_alone),
                T(a_kernel_without_ipv6_routes_is_no_error),
        };

        return cmocka_run_group_tests_name("unit/nl-dump", tests, NULL, NULL);
}
