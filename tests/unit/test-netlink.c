/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtnetlink messages for VF settings, without a socket: what nl-msg.c builds is parsed back
 * with libnl's own parser, and what it parses is built here the way the kernel lays it out.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include "fake-rtnl.h"
#include "libsriov-private.h"

/* ---- requests ---------------------------------------------------------------------------- */

static void getlink_asks_for_one_link_with_vfs_and_without_stats(void **state)
{
        struct nl_msg *msg = NULL;
        struct nlmsghdr *nlh;
        struct nlattr *tb[IFLA_MAX + 1];
        struct ifinfomsg *ifi;

        (void)state;
        assert_int_equal(nlmsg_build_getlink(7, false, &msg), 0);
        nlh = nlmsg_hdr(msg);
        assert_int_equal(nlh->nlmsg_type, RTM_GETLINK);
        assert_true(nlh->nlmsg_flags & NLM_F_REQUEST);
        /* No dump (that would list every link), no ack behind a possibly huge answer. */
        assert_false(nlh->nlmsg_flags & (NLM_F_DUMP | NLM_F_ACK));
        ifi = nlmsg_data(nlh);
        assert_int_equal(ifi->ifi_index, 7);
        assert_int_equal(nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, NULL), 0);
        assert_non_null(tb[IFLA_EXT_MASK]);
        assert_int_equal(nla_get_u32(tb[IFLA_EXT_MASK]),
                         RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
        nlmsg_free(msg);
}

static void getlink_with_stats_drops_skip_stats(void **state)
{
        struct nl_msg *msg = NULL;
        struct nlattr *tb[IFLA_MAX + 1];

        (void)state;
        assert_int_equal(nlmsg_build_getlink(3, true, &msg), 0);
        assert_int_equal(nlmsg_parse(nlmsg_hdr(msg), sizeof(struct ifinfomsg), tb, IFLA_MAX,
                                     NULL),
                         0);
        assert_int_equal(nla_get_u32(tb[IFLA_EXT_MASK]), RTEXT_FILTER_VF);
        nlmsg_free(msg);
}

static void builders_refuse_a_bad_ifindex_and_leave_ret_alone(void **state)
{
        struct nl_msg *msg = (struct nl_msg *)&msg;
        struct vf_set s = { .vf = 0, .cfg = { .mask = SRIOV_VF_CONFIG_TRUST } };

        (void)state;
        assert_int_equal(nlmsg_build_getlink(0, false, &msg), -EINVAL);
        assert_int_equal(nlmsg_build_setlink_vfs(-1, &s, 1, &msg), -EINVAL);
        assert_ptr_equal(msg, (struct nl_msg *)&msg);
}

/* The IFLA_VF_INFO nests of a built SETLINK, checking there is exactly one list. */
static size_t setlink_entries(struct nl_msg *msg, struct nlattr **entries, size_t max)
{
        struct nlmsghdr *nlh = nlmsg_hdr(msg);
        struct nlattr *a, *list = NULL, *e;
        int rem, lists = 0;
        size_t n = 0;

        assert_int_equal(nlh->nlmsg_type, RTM_SETLINK);
        assert_true(nlh->nlmsg_flags & NLM_F_REQUEST);
        assert_true(nlh->nlmsg_flags & NLM_F_ACK);
        nlmsg_for_each_attr(a, nlh, sizeof(struct ifinfomsg), rem) {
                if (nla_type(a) == IFLA_VFINFO_LIST) {
                        list = a;
                        lists++;
                }
        }
        assert_int_equal(lists, 1);
        nla_for_each_nested(e, list, rem) {
                assert_int_equal(nla_type(e), IFLA_VF_INFO);
                assert_true(n < max);
                entries[n++] = e;
        }
        return n;
}

/* Bit 1 << IFLA_VF_* for each attribute in @entry. */
static uint32_t attrs_of(struct nlattr *entry, struct nlattr **tb)
{
        uint32_t bits = 0;

        assert_int_equal(nla_parse_nested(tb, IFLA_VF_MAX, entry, NULL), 0);
        for (int t = 1; t <= IFLA_VF_MAX; t++)
                if (tb[t])
                        bits |= 1u << t;
        return bits;
}

static void setlink_puts_every_vf_in_one_vfinfo_list_in_order(void **state)
{
        struct vf_set sets[3] = {
                { .vf = 4, .cfg = { .mask = SRIOV_VF_CONFIG_TRUST, .trust = true } },
                { .vf = 1, .cfg = { .mask = SRIOV_VF_CONFIG_SPOOFCHK } },
                { .vf = 2, .cfg = { .mask = SRIOV_VF_CONFIG_TRUST } },
        };
        struct nlattr *e[8], *tb[IFLA_VF_MAX + 1];
        struct nl_msg *msg = NULL;
        struct ifla_vf_trust t;

        (void)state;
        assert_int_equal(nlmsg_build_setlink_vfs(9, sets, 3, &msg), 0);
        assert_int_equal(((struct ifinfomsg *)nlmsg_data(nlmsg_hdr(msg)))->ifi_index, 9);
        assert_int_equal(setlink_entries(msg, e, 8), 3);
        assert_int_equal(attrs_of(e[0], tb), 1u << IFLA_VF_TRUST);
        memcpy(&t, nla_data(tb[IFLA_VF_TRUST]), sizeof(t));
        assert_int_equal(t.vf, 4);
        assert_int_equal(t.setting, 1);
        assert_int_equal(attrs_of(e[1], tb), 1u << IFLA_VF_SPOOFCHK);
        assert_int_equal(attrs_of(e[2], tb), 1u << IFLA_VF_TRUST);
        memcpy(&t, nla_data(tb[IFLA_VF_TRUST]), sizeof(t));
        assert_int_equal(t.vf, 2);
        assert_int_equal(t.setting, 0);
        nlmsg_free(msg);
}

static void setlink_sends_only_the_masked_attributes(void **state)
{
        static const struct {
                uint32_t mask, attrs;
        } cases[] = {
                { SRIOV_VF_CONFIG_MAC, 1u << IFLA_VF_MAC },
                { SRIOV_VF_CONFIG_VLAN, 1u << IFLA_VF_VLAN_LIST },
                { SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO,
                  1u << IFLA_VF_VLAN_LIST },
                { SRIOV_VF_CONFIG_MAX_TX_RATE, 1u << IFLA_VF_RATE },
                { SRIOV_VF_CONFIG_SPOOFCHK | SRIOV_VF_CONFIG_TRUST,
                  1u << IFLA_VF_SPOOFCHK | 1u << IFLA_VF_TRUST },
                { SRIOV_VF_CONFIG_LINK_STATE, 1u << IFLA_VF_LINK_STATE },
                { SRIOV_VF_CONFIG_QUERY_RSS, 1u << IFLA_VF_RSS_QUERY_EN },
                { SRIOV_VF_CONFIG_ALL,
                  1u << IFLA_VF_MAC | 1u << IFLA_VF_VLAN_LIST | 1u << IFLA_VF_RATE |
                          1u << IFLA_VF_SPOOFCHK | 1u << IFLA_VF_LINK_STATE |
                          1u << IFLA_VF_RSS_QUERY_EN | 1u << IFLA_VF_TRUST },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct vf_set s = { .vf = 0, .cfg = { .mask = cases[i].mask,
                                                      .vlan_proto = SRIOV_VLAN_PROTO_8021Q } };
                struct nlattr *e[2], *tb[IFLA_VF_MAX + 1];
                struct nl_msg *msg = NULL;

                assert_int_equal(nlmsg_build_setlink_vfs(1, &s, 1, &msg), 0);
                assert_int_equal(setlink_entries(msg, e, 2), 1);
                if (attrs_of(e[0], tb) != cases[i].attrs)
                        fail_msg("mask 0x%x sent attributes 0x%x, expected 0x%x", cases[i].mask,
                                 attrs_of(e[0], tb), cases[i].attrs);
                /* The legacy attributes never: IFLA_VF_VLAN has no protocol. */
                assert_null(tb[IFLA_VF_VLAN]);
                assert_null(tb[IFLA_VF_TX_RATE]);
                nlmsg_free(msg);
        }
}

static void setlink_structs_carry_the_values_and_a_big_endian_vlan_proto(void **state)
{
        struct vf_set s = {
                .vf = 3,
                .cfg = { .mask = SRIOV_VF_CONFIG_ALL,
                         .mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 },
                         .vlan = 100,
                         .qos = 5,
                         .vlan_proto = SRIOV_VLAN_PROTO_8021AD,
                         .min_tx_rate = 10,
                         .max_tx_rate = 900,
                         .spoofchk = false,
                         .trust = true,
                         .query_rss = true,
                         .link_state = SRIOV_LINK_STATE_DISABLE },
        };
        struct nlattr *e[2], *tb[IFLA_VF_MAX + 1], *vl;
        struct nl_msg *msg = NULL;
        struct ifla_vf_mac mac;
        struct ifla_vf_vlan_info vi;
        struct ifla_vf_rate rate;
        struct ifla_vf_spoofchk sp;
        struct ifla_vf_link_state ls;
        struct ifla_vf_rss_query_en rss;
        struct ifla_vf_trust tr;
        const uint8_t *raw = NULL;
        int rem, n = 0;

        (void)state;
        assert_int_equal(nlmsg_build_setlink_vfs(5, &s, 1, &msg), 0);
        assert_int_equal(setlink_entries(msg, e, 2), 1);
        attrs_of(e[0], tb);

        assert_int_equal(nla_len(tb[IFLA_VF_MAC]), sizeof(mac));
        memcpy(&mac, nla_data(tb[IFLA_VF_MAC]), sizeof(mac));
        assert_int_equal(mac.vf, 3);
        assert_memory_equal(mac.mac, s.cfg.mac, 6);

        nla_for_each_nested(vl, tb[IFLA_VF_VLAN_LIST], rem) {
                assert_int_equal(nla_type(vl), IFLA_VF_VLAN_INFO);
                assert_int_equal(nla_len(vl), sizeof(vi));
                memcpy(&vi, nla_data(vl), sizeof(vi));
                raw = (const uint8_t *)nla_data(vl) + offsetof(struct ifla_vf_vlan_info,
                                                                vlan_proto);
                n++;
        }
        assert_int_equal(n, 1);
        assert_int_equal(vi.vf, 3);
        assert_int_equal(vi.vlan, 100);
        assert_int_equal(vi.qos, 5);
        assert_int_equal(raw[0], 0x88); /* network order on the wire */
        assert_int_equal(raw[1], 0xa8);

        memcpy(&rate, nla_data(tb[IFLA_VF_RATE]), sizeof(rate));
        assert_int_equal(rate.vf, 3);
        assert_int_equal(rate.min_tx_rate, 10);
        assert_int_equal(rate.max_tx_rate, 900);
        memcpy(&sp, nla_data(tb[IFLA_VF_SPOOFCHK]), sizeof(sp));
        assert_int_equal(sp.vf, 3);
        assert_int_equal(sp.setting, 0);
        memcpy(&ls, nla_data(tb[IFLA_VF_LINK_STATE]), sizeof(ls));
        assert_int_equal(ls.link_state, IFLA_VF_LINK_STATE_DISABLE);
        memcpy(&rss, nla_data(tb[IFLA_VF_RSS_QUERY_EN]), sizeof(rss));
        assert_int_equal(rss.setting, 1);
        memcpy(&tr, nla_data(tb[IFLA_VF_TRUST]), sizeof(tr));
        assert_int_equal(tr.vf, 3);
        assert_int_equal(tr.setting, 1);
        nlmsg_free(msg);
}

static void setlink_refuses_more_vfs_than_one_list_can_hold(void **state)
{
        size_t max = nlmsg_setlink_vfs_max();
        struct vf_set *sets = calloc(max + 1, sizeof(*sets));
        struct nl_msg *msg = NULL;
        struct nlattr *e[1];

        (void)state;
        assert_true(max >= 256);
        for (size_t i = 0; i <= max; i++)
                sets[i] = (struct vf_set){ .vf = (unsigned int)i,
                                           .cfg = { .mask = SRIOV_VF_CONFIG_ALL } };
        assert_int_equal(nlmsg_build_setlink_vfs(1, sets, max + 1, &msg), -EMSGSIZE);
        assert_null(msg);
        /* The most that fits, every attribute set, still makes one list under 64 KiB. */
        assert_int_equal(nlmsg_build_setlink_vfs(1, sets, max, &msg), 0);
        (void)e;
        {
                struct nlattr *a, *list = NULL;
                int rem, count = 0;

                nlmsg_for_each_attr(a, nlmsg_hdr(msg), sizeof(struct ifinfomsg), rem)
                        if (nla_type(a) == IFLA_VFINFO_LIST)
                                list = a;
                assert_non_null(list);
                nla_for_each_nested(a, list, rem)
                        count++;
                assert_int_equal(count, max);
        }
        nlmsg_free(msg);
        free(sets);
}

/* ---- answers ----------------------------------------------------------------------------- */

static void parse_reads_256_vfs_of_196_bytes_each(void **state)
{
        struct fake_vf *vfs = calloc(256, sizeof(*vfs));
        struct link_vfs l = { 0 };
        struct nl_msg *msg;
        struct nlattr *a, *list = NULL;
        int rem;

        (void)state;
        for (unsigned int i = 0; i < 256; i++) {
                fake_vf_init(&vfs[i], i);
                vfs[i].vlan = i % 4096;
                vfs[i].trust = (int)(i & 1);
        }
        msg = fake_newlink(12, 256, vfs, 256, 0, false);
        assert_non_null(msg);
        /* The fake lays entries out as the kernel does: 196 bytes each without counters. */
        nlmsg_for_each_attr(a, nlmsg_hdr(msg), sizeof(struct ifinfomsg), rem)
                if (nla_type(a) == IFLA_VFINFO_LIST)
                        list = a;
        assert_int_equal(nla_len(list), 256 * 196);

        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_int_equal(l.ifindex, 12);
        assert_string_equal(l.ifname, "enp1s0");
        assert_int_equal(l.num_vf, 256);
        assert_int_equal(l.count, 256);
        assert_false(link_vfs_truncated(&l));
        for (unsigned int i = 0; i < 256; i++) {
                const struct vf_info *vi = link_vfs_find(&l, i);

                assert_non_null(vi);
                assert_int_equal(vi->vf, i);
                assert_int_equal(vi->cfg.mac[5], i & 0xff);
                assert_int_equal(vi->cfg.vlan, i);
                assert_int_equal(vi->cfg.trust, i & 1);
                assert_false(vi->have_stats);
        }
        assert_null(link_vfs_find(&l, 256));
        link_vfs_free(&l);
        nlmsg_free(msg);
        free(vfs);
}

static void parse_says_truncated_when_num_vf_exceeds_the_entries(void **state)
{
        struct fake_vf vfs[6];
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        for (unsigned int i = 0; i < 6; i++)
                fake_vf_init(&vfs[i], i);
        msg = fake_newlink(2, 10, vfs, 6, 0, false);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_int_equal(l.num_vf, 10);
        assert_int_equal(l.count, 6);
        assert_true(link_vfs_truncated(&l));
        assert_non_null(link_vfs_find(&l, 5));
        assert_null(link_vfs_find(&l, 6));
        link_vfs_free(&l);
        nlmsg_free(msg);
}

/* IFLA_NUM_VF is the kernel's word, not a size to allocate: a huge one costs nothing. */
static void parse_does_not_size_memory_by_num_vf(void **state)
{
        struct fake_vf vfs[3];
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        for (unsigned int i = 0; i < 3; i++)
                fake_vf_init(&vfs[i], i);
        msg = fake_newlink(2, 0xffffffffu, vfs, 3, 0, false);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_int_equal(l.num_vf, 0xffffffffu);
        assert_int_equal(l.count, 3);
        assert_true(link_vfs_truncated(&l));
        link_vfs_free(&l);
        nlmsg_free(msg);
}

/* Past ~334 VFs the kernel's 16-bit list length wraps: what it really sends then. */
static void parse_survives_a_wrapped_16_bit_list_length(void **state)
{
        const unsigned int n = 400;
        struct fake_vf *vfs = calloc(n, sizeof(*vfs));
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        for (unsigned int i = 0; i < n; i++)
                fake_vf_init(&vfs[i], i);
        msg = fake_newlink(2, n, vfs, n, 0, false);
        assert_non_null(msg);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_int_equal(l.num_vf, n);
        assert_true(l.count < n);
        assert_int_equal(l.count, (400 * 196 - 65536) / 196);
        assert_true(link_vfs_truncated(&l));
        for (size_t i = 0; i < l.count; i++)
                assert_int_equal(l.vfs[i].vf, i);
        link_vfs_free(&l);
        nlmsg_free(msg);
        free(vfs);
}

/*
 * The counts the testbed measured on netdevsim, and where the 16-bit list length wraps: an
 * entry is 196 bytes without counters, the list's header 4, so 334 VFs fit, 335 wrap to a
 * 128-byte list that holds none, 1000 to one of 331. Whatever the count, the parser takes what
 * is there, says the list was cut short, and never reports a VF it did not get.
 */
static void wrapped_lists_at_the_measured_counts(void **state)
{
        static const unsigned int counts[] = { 64, 256, 334, 335, 1000 };

        (void)state;
        for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
                unsigned int n = counts[c];
                size_t expect = (((size_t)n * 196 + 4) & 0xffff) / 196;
                struct fake_vf *vfs = calloc(n, sizeof(*vfs));
                struct link_vfs l = { 0 };
                struct nl_msg *msg;

                assert_non_null(vfs);
                for (unsigned int i = 0; i < n; i++)
                        fake_vf_init(&vfs[i], i);
                msg = fake_newlink(2, n, vfs, n, 0, false);
                assert_non_null(msg);
                assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
                if (n * 196 + 4 <= 0xffff)
                        expect = n;
                print_message("%u VFs without counters: %zu listed\n", n, l.count);
                assert_int_equal(l.count, expect);
                assert_int_equal(l.num_vf, n);
                assert_int_equal(link_vfs_truncated(&l), l.count < n);
                for (size_t i = 0; i < l.count; i++)
                        assert_int_equal(l.vfs[i].vf, i);
                if (l.count < n)
                        assert_null(link_vfs_find(&l, n - 1));
                link_vfs_free(&l);
                nlmsg_free(msg);
                free(vfs);
        }
}

/* Every VF once, in order, in requests that each fit one IFLA_VFINFO_LIST. */
struct sent_lists {
        unsigned int requests, next_vf;
        size_t largest;
        bool out_of_order;
};

static int count_lists(struct sriov_ctx *ctx, struct nl_msg *req, struct nl_msg **reply,
                       char *extack, size_t extack_size)
{
        struct sent_lists *s = ctx->seam_data;
        struct nlattr *a, *e;
        int rem, rem2;

        (void)reply, (void)extack, (void)extack_size;
        s->requests++;
        nlmsg_for_each_attr(a, nlmsg_hdr(req), sizeof(struct ifinfomsg), rem) {
                if (nla_type(a) != IFLA_VFINFO_LIST)
                        continue;
                if ((size_t)nla_len(a) > s->largest)
                        s->largest = (size_t)nla_len(a);
                nla_for_each_nested(e, a, rem2) {
                        struct nlattr *tb[IFLA_VF_MAX + 1];
                        struct ifla_vf_mac mac;

                        assert_int_equal(nla_parse_nested(tb, IFLA_VF_MAX, e, NULL), 0);
                        assert_non_null(tb[IFLA_VF_MAC]);
                        memcpy(&mac, nla_data(tb[IFLA_VF_MAC]), sizeof(mac));
                        if (mac.vf != s->next_vf)
                                s->out_of_order = true;
                        s->next_vf = mac.vf + 1;
                }
        }
        return 0;
}

static void requests_split_so_that_every_list_fits(void **state)
{
        static const unsigned int counts[] = { 64, 256, 334, 335, 1000 };
        size_t max = nlmsg_setlink_vfs_max();

        (void)state;
        for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
                unsigned int n = counts[c];
                struct vf_set *sets = calloc(n, sizeof(*sets));
                struct sent_lists s = { 0 };
                struct sriov_ctx *ctx;

                assert_non_null(sets);
                assert_int_equal(sriov_ctx_new(&ctx), 0);
                ctx->netlink_transact = count_lists;
                ctx->seam_data = &s;
                for (unsigned int i = 0; i < n; i++)
                        sets[i] = (struct vf_set){ .vf = i,
                                                   .cfg = { .mask = SRIOV_VF_CONFIG_ALL } };
                assert_int_equal(netlink_set_link_vfs(ctx, 2, sets, n, NULL, 0), 0);
                print_message("%u VFs, every setting: %u request(s), largest list %zu bytes\n",
                              n, s.requests, s.largest);
                assert_int_equal(s.requests, (n + max - 1) / max);
                assert_int_equal(s.next_vf, n);
                assert_false(s.out_of_order);
                assert_true(s.largest <= 0xffff);
                sriov_ctx_unref(ctx);
                free(sets);
        }
}

/* The bytes after a wrapped list parse as top-level attributes: the first count is the real one. */
static void parse_keeps_the_first_num_vf_and_vf_list(void **state)
{
        struct fake_vf v;
        struct nl_msg *msg;
        struct link_vfs l = { 0 };
        struct nlattr *list;

        (void)state;
        fake_vf_init(&v, 0);
        msg = fake_newlink(2, 5, &v, 1, 0, false);
        nla_put_u32(msg, IFLA_NUM_VF, 99);
        list = nla_nest_start(msg, IFLA_VFINFO_LIST);
        nla_nest_end_keep_empty(msg, list);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_int_equal(l.num_vf, 5);
        assert_int_equal(l.count, 1);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

/* After the VF list, as the kernel puts it; the first one counts, as for the rest. */
static void parse_takes_the_first_permanent_address(void **state)
{
        static const uint8_t perm[6] = { 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c };
        static const uint8_t later[6] = { 0x02, 0xff, 0xff, 0xff, 0xff, 0xff };
        struct fake_vf v;
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        fake_vf_init(&v, 0);
        msg = fake_newlink(2, 1, &v, 1, 0, false);
        assert_int_equal(nla_put(msg, IFLA_PERM_ADDRESS, sizeof(perm), perm), 0);
        assert_int_equal(nla_put(msg, IFLA_PERM_ADDRESS, sizeof(later), later), 0);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_true(l.has_perm_addr);
        assert_memory_equal(l.perm_addr, perm, sizeof(perm));
        assert_int_equal(l.count, 1);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

static void parse_without_a_6_byte_permanent_address_has_none(void **state)
{
        static const uint8_t ipoib[20] = { 0x00, 0x00, 0x10, 0x49, 0xfe, 0x80 };
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        /* Kernels before 5.6, and drivers that set none, send no attribute. */
        msg = fake_newlink(2, 0, NULL, 0, 0, false);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_false(l.has_perm_addr);
        link_vfs_free(&l);
        /* An InfiniBand port's 20-byte address is no MAC. */
        assert_int_equal(nla_put(msg, IFLA_PERM_ADDRESS, sizeof(ipoib), ipoib), 0);
        l = (struct link_vfs){ 0 };
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_false(l.has_perm_addr);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

static void parse_leaves_settings_the_driver_did_not_report_out_of_the_mask(void **state)
{
        struct fake_vf vfs[2];
        struct link_vfs l = { 0 };
        struct nl_msg *msg;
        const struct vf_info *vi;

        (void)state;
        fake_vf_init(&vfs[0], 0);
        vfs[0].spoofchk = FAKE_UNREPORTED;
        vfs[0].trust = FAKE_UNREPORTED;
        vfs[0].rss_query = FAKE_UNREPORTED;
        fake_vf_init(&vfs[1], 1);
        vfs[1].spoofchk = 0;
        vfs[1].trust = 1;
        vfs[1].rss_query = 1;
        vfs[1].link_state = IFLA_VF_LINK_STATE_ENABLE;
        msg = fake_newlink(2, 2, vfs, 2, 0, false);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);

        vi = link_vfs_find(&l, 0);
        assert_int_equal(vi->cfg.mask & (SRIOV_VF_CONFIG_SPOOFCHK | SRIOV_VF_CONFIG_TRUST |
                                         SRIOV_VF_CONFIG_QUERY_RSS),
                         0);
        assert_true(vi->cfg.mask & SRIOV_VF_CONFIG_MAC);
        assert_true(vi->cfg.mask & SRIOV_VF_CONFIG_LINK_STATE);

        vi = link_vfs_find(&l, 1);
        assert_int_equal(vi->cfg.mask, SRIOV_VF_CONFIG_ALL);
        assert_false(vi->cfg.spoofchk);
        assert_true(vi->cfg.trust);
        assert_true(vi->cfg.query_rss);
        assert_int_equal(vi->cfg.link_state, SRIOV_LINK_STATE_ENABLE);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

static void parse_reads_every_counter(void **state)
{
        struct fake_vf v;
        struct link_vfs l = { 0 };
        struct nl_msg *msg;
        const struct vf_info *vi;

        (void)state;
        fake_vf_init(&v, 0);
        v.stats = (struct sriov_vf_stats){ .rx_packets = 1, .tx_packets = 2, .rx_bytes = 3,
                                           .tx_bytes = 1ull << 40, .broadcast = 5,
                                           .multicast = 6, .rx_dropped = 7, .tx_dropped = 8 };
        msg = fake_newlink(2, 1, &v, 1, 0, true);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        vi = link_vfs_find(&l, 0);
        assert_true(vi->have_stats);
        assert_memory_equal(&vi->stats, &v.stats, sizeof(v.stats));
        link_vfs_free(&l);
        nlmsg_free(msg);
}

/* An RTM_NEWLINK with one VF entry made of the attributes given. */
static struct nl_msg *one_entry(int (*fill)(struct nl_msg *))
{
        struct ifinfomsg ifi = { .ifi_index = 2 };
        struct nl_msg *m = nlmsg_alloc_size(4096);
        struct nlattr *list, *info;

        nlmsg_put(m, 0, 0, RTM_NEWLINK, 0, 0);
        nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
        nla_put_u32(m, IFLA_NUM_VF, 1);
        list = nla_nest_start(m, IFLA_VFINFO_LIST);
        info = nla_nest_start(m, IFLA_VF_INFO);
        assert_int_equal(fill(m), 0);
        nla_nest_end(m, info);
        nla_nest_end(m, list);
        return m;
}

static int fill_old_kernel(struct nl_msg *m)
{
        struct ifla_vf_mac mac = { .vf = 0, .mac = { 2, 0, 0, 0, 0, 9 } };
        struct ifla_vf_vlan vlan = { .vf = 0, .vlan = 42, .qos = 3 };
        struct ifla_vf_tx_rate tx = { .vf = 0, .rate = 500 };

        return nla_put(m, IFLA_VF_MAC, sizeof(mac), &mac) |
               nla_put(m, IFLA_VF_VLAN, sizeof(vlan), &vlan) |
               nla_put(m, IFLA_VF_TX_RATE, sizeof(tx), &tx);
}

static void parse_without_vlan_list_or_rate_takes_8021q_and_tx_rate(void **state)
{
        struct nl_msg *msg = one_entry(fill_old_kernel);
        struct link_vfs l = { 0 };
        const struct vf_info *vi;

        (void)state;
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        vi = link_vfs_find(&l, 0);
        assert_non_null(vi);
        assert_int_equal(vi->cfg.vlan, 42);
        assert_int_equal(vi->cfg.qos, 3);
        assert_int_equal(vi->cfg.vlan_proto, SRIOV_VLAN_PROTO_8021Q);
        assert_int_equal(vi->cfg.max_tx_rate, 500);
        /* IFLA_VF_TX_RATE has no minimum: unknown, not 0. */
        assert_int_equal(vi->cfg.mask, SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN |
                                               SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO |
                                               SRIOV_VF_CONFIG_MAX_TX_RATE);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

static int fill_both_rates(struct nl_msg *m)
{
        struct ifla_vf_mac mac = { .vf = 0 };
        struct ifla_vf_rate rate = { .vf = 0, .min_tx_rate = 10, .max_tx_rate = 20 };
        struct ifla_vf_tx_rate tx = { .vf = 0, .rate = 99 };

        return nla_put(m, IFLA_VF_MAC, sizeof(mac), &mac) |
               nla_put(m, IFLA_VF_RATE, sizeof(rate), &rate) |
               nla_put(m, IFLA_VF_TX_RATE, sizeof(tx), &tx);
}

static void parse_prefers_vf_rate_over_the_old_tx_rate(void **state)
{
        struct nl_msg *msg = one_entry(fill_both_rates);
        struct link_vfs l = { 0 };

        (void)state;
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_int_equal(l.vfs[0].cfg.min_tx_rate, 10);
        assert_int_equal(l.vfs[0].cfg.max_tx_rate, 20);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

static void parse_takes_the_protocol_from_the_vlan_list(void **state)
{
        struct fake_vf v;
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        fake_vf_init(&v, 0);
        v.vlan = 7;
        v.vlan_proto = 0x88a8;
        msg = fake_newlink(2, 1, &v, 1, 0, false);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_int_equal(l.vfs[0].cfg.vlan_proto, SRIOV_VLAN_PROTO_8021AD);
        assert_int_equal(l.vfs[0].cfg.vlan, 7);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

/* netdevsim reports protocol 0 for a VF never given a VLAN: not a value to show or send. */
static void parse_reports_no_protocol_for_a_zero_one(void **state)
{
        struct fake_vf v;
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        fake_vf_init(&v, 0);
        v.vlan = 0;
        v.vlan_proto = 0;
        msg = fake_newlink(2, 1, &v, 1, 0, false);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_true(l.vfs[0].cfg.mask & SRIOV_VF_CONFIG_VLAN);
        assert_false(l.vfs[0].cfg.mask & SRIOV_VF_CONFIG_VLAN_PROTO);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

static void find_works_when_the_driver_skipped_a_vf(void **state)
{
        struct fake_vf vfs[3];
        struct link_vfs l = { 0 };
        struct nl_msg *msg;

        (void)state;
        for (unsigned int i = 0; i < 3; i++)
                fake_vf_init(&vfs[i], i);
        /* VFs 5, 6, 7 of 8: a driver whose get_vf_config failed for the others. */
        msg = fake_newlink(2, 8, vfs, 3, 5, false);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), 0);
        assert_null(link_vfs_find(&l, 0));
        assert_null(link_vfs_find(&l, 4));
        assert_int_equal(link_vfs_find(&l, 6)->vf, 6);
        assert_int_equal(link_vfs_find(&l, 6)->cfg.mac[5], 1);
        link_vfs_free(&l);
        nlmsg_free(msg);
}

/* Found by tests/fuzz/fuzz-netlink: a VF named twice (a driver's ndo_get_vf_config() fills
 * in the number) came out twice, and find() returned either. The first entry counts. */
static void a_vf_listed_twice_counts_once_as_first_listed(void **state)
{
        struct ifinfomsg ifi = { .ifi_index = 2 };
        struct nl_msg *m = nlmsg_alloc_size(4096);
        struct nlattr *list, *info;
        struct link_vfs l = { 0 };
        static const unsigned int order[] = { 1, 0, 1, 1 };

        (void)state;
        nlmsg_put(m, 0, 0, RTM_NEWLINK, 0, 0);
        nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
        list = nla_nest_start(m, IFLA_VFINFO_LIST);
        for (unsigned int i = 0; i < 4; i++) {
                struct ifla_vf_mac mac = { .vf = order[i], .mac = { 2, 0, 0, 0, 0, (uint8_t)i } };

                info = nla_nest_start(m, IFLA_VF_INFO);
                nla_put(m, IFLA_VF_MAC, sizeof(mac), &mac);
                nla_nest_end(m, info);
        }
        nla_nest_end(m, list);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(m), &l), 0);
        assert_int_equal(l.count, 2);
        assert_int_equal(l.vfs[0].vf, 0);
        assert_int_equal(l.vfs[1].vf, 1);
        assert_int_equal(link_vfs_find(&l, 1)->cfg.mac[5], 0); /* the first entry for VF 1 */
        assert_int_equal(link_vfs_find(&l, 0)->cfg.mac[5], 1);
        link_vfs_free(&l);
        nlmsg_free(m);
}

static void parse_refuses_what_is_not_a_newlink(void **state)
{
        struct nl_msg *msg = NULL;
        struct link_vfs l = { .count = 99 };

        (void)state;
        assert_int_equal(nlmsg_build_getlink(2, false, &msg), 0);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(msg), &l), -EBADMSG);
        assert_int_equal(l.count, 99);
        nlmsg_free(msg);
}

static void parse_refuses_a_vf_attribute_that_is_too_short(void **state)
{
        struct ifinfomsg ifi = { .ifi_index = 2 };
        struct nl_msg *m = nlmsg_alloc_size(4096);
        struct nlattr *list, *info;
        struct link_vfs l = { 0 };
        uint32_t half = 0;

        (void)state;
        nlmsg_put(m, 0, 0, RTM_NEWLINK, 0, 0);
        nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO);
        list = nla_nest_start(m, IFLA_VFINFO_LIST);
        info = nla_nest_start(m, IFLA_VF_INFO);
        nla_put(m, IFLA_VF_MAC, sizeof(half), &half);
        nla_nest_end(m, info);
        nla_nest_end(m, list);
        assert_int_equal(nlmsg_parse_link_vfs(nlmsg_hdr(m), &l), -EBADMSG);
        nlmsg_free(m);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void every_libnl_error_becomes_a_negative_errno(void **state)
{
        static const struct {
                int nle, err;
        } known[] = {
                { NLE_NOMEM, -ENOMEM },         { NLE_INVAL, -EINVAL },
                { NLE_MSG_TRUNC, -EMSGSIZE },   { NLE_MSGSIZE, -EMSGSIZE },
                { NLE_NODEV, -ENODEV },         { NLE_PERM, -EPERM },
                { NLE_NOACCESS, -EACCES },      { NLE_OPNOTSUPP, -EOPNOTSUPP },
                { NLE_BUSY, -EBUSY },           { NLE_AGAIN, -EAGAIN },
                { NLE_EXIST, -EEXIST },         { NLE_RANGE, -ERANGE },
                { NLE_BAD_SOCK, -EBADF },       { NLE_AF_NOSUPPORT, -EAFNOSUPPORT },
                { NLE_DUMP_INTR, -EINTR },      { NLE_ATTRSIZE, -EMSGSIZE },
                { NLE_OBJ_NOTFOUND, -ENOENT },  { NLE_PROTO_MISMATCH, -EPROTONOSUPPORT },
        };

        (void)state;
        assert_int_equal(nl_error_to_errno(0), 0);
        for (int nle = 1; nle <= NLE_MAX; nle++) {
                int a = nl_error_to_errno(-nle), b = nl_error_to_errno(nle);

                if (a >= 0 || a != b)
                        fail_msg("NLE %d (%s) -> %d / %d", nle, nl_geterror(nle), a, b);
        }
        for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
                if (nl_error_to_errno(-known[i].nle) != known[i].err)
                        fail_msg("NLE %d (%s) -> %d, expected %d", known[i].nle,
                                 nl_geterror(known[i].nle), nl_error_to_errno(-known[i].nle),
                                 known[i].err);
        assert_int_equal(nl_error_to_errno(-(NLE_MAX + 10)), -EIO);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(getlink_asks_for_one_link_with_vfs_and_without_stats),
                cmocka_unit_test(getlink_with_stats_drops_skip_stats),
                cmocka_unit_test(builders_refuse_a_bad_ifindex_and_leave_ret_alone),
                cmocka_unit_test(setlink_puts_every_vf_in_one_vfinfo_list_in_order),
                cmocka_unit_test(setlink_sends_only_the_masked_attributes),
                cmocka_unit_test(setlink_structs_carry_the_values_and_a_big_endian_vlan_proto),
                cmocka_unit_test(setlink_refuses_more_vfs_than_one_list_can_hold),
                cmocka_unit_test(parse_reads_256_vfs_of_196_bytes_each),
                cmocka_unit_test(parse_says_truncated_when_num_vf_exceeds_the_entries),
                cmocka_unit_test(parse_does_not_size_memory_by_num_vf),
                cmocka_unit_test(parse_survives_a_wrapped_16_bit_list_length),
                cmocka_unit_test(wrapped_lists_at_the_measured_counts),
                cmocka_unit_test(requests_split_so_that_every_list_fits),
                cmocka_unit_test(parse_keeps_the_first_num_vf_and_vf_list),
                cmocka_unit_test(parse_takes_the_first_permanent_address),
                cmocka_unit_test(parse_without_a_6_byte_permanent_address_has_none),
                cmocka_unit_test(parse_leaves_settings_the_driver_did_not_report_out_of_the_mask),
                cmocka_unit_test(parse_reads_every_counter),
                cmocka_unit_test(parse_without_vlan_list_or_rate_takes_8021q_and_tx_rate),
                cmocka_unit_test(parse_prefers_vf_rate_over_the_old_tx_rate),
                cmocka_unit_test(parse_takes_the_protocol_from_the_vlan_list),
                cmocka_unit_test(parse_reports_no_protocol_for_a_zero_one),
                cmocka_unit_test(find_works_when_the_driver_skipped_a_vf),
                cmocka_unit_test(a_vf_listed_twice_counts_once_as_first_listed),
                cmocka_unit_test(parse_refuses_what_is_not_a_newlink),
                cmocka_unit_test(parse_refuses_a_vf_attribute_that_is_too_short),
                cmocka_unit_test(every_libnl_error_becomes_a_negative_errno),
        };

        return cmocka_run_group_tests_name("unit/netlink", tests, NULL, NULL);
}
