/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's side of RTM_GETADDR and RTM_GETROUTE dumps, for ctx->netlink_dump (see
 * fake-rtnl.h). Messages are built with libnl independently of lib/nl-msg.c, the way the
 * kernel's fill functions lay them out; without strict checking every link's are sent, as
 * kernels before 4.20 do, and the library must filter them itself.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "fake-rtnl.h"

static int put_addr(struct nl_msg *m, int type, int family, const char *text)
{
        uint8_t a[16];

        if (inet_pton(family, text, a) != 1)
                return -1;
        return nla_put(m, type, family == AF_INET ? 4 : 16, a);
}

struct nl_msg *fake_newaddr(uint32_t seq, const struct fake_addr *a)
{
        struct ifaddrmsg ifa = { .ifa_family = (uint8_t)a->family,
                                 .ifa_prefixlen = (uint8_t)a->prefixlen,
                                 .ifa_index = (uint32_t)a->ifindex };
        struct nl_msg *m = nlmsg_alloc();

        if (!m)
                return NULL;
        if (!nlmsg_put(m, 0, seq, RTM_NEWADDR, 0, NLM_F_MULTI) ||
            nlmsg_append(m, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0 ||
            put_addr(m, IFA_ADDRESS, a->family, a->addr) < 0 ||
            /* IPv4 sends the local address too; IPv6 only for a peer. */
            (a->family == AF_INET && (put_addr(m, IFA_LOCAL, a->family, a->addr) < 0 ||
                                      nla_put_string(m, IFA_LABEL, "vf0") < 0)) ||
            nla_put_u32(m, IFA_FLAGS, 0x80 /* IFA_F_PERMANENT */) < 0) {
                nlmsg_free(m);
                return NULL;
        }
        return m;
}

struct nl_msg *fake_newroute(uint32_t seq, const struct fake_route *r)
{
        struct rtmsg rtm = { .rtm_family = (uint8_t)r->family,
                             .rtm_dst_len = (uint8_t)r->dst_len,
                             .rtm_table = r->table < 256 ? (uint8_t)r->table : RT_TABLE_COMPAT,
                             .rtm_protocol = r->protocol,
                             .rtm_scope = RT_SCOPE_UNIVERSE,
                             .rtm_type = r->table == RT_TABLE_LOCAL ? RTN_LOCAL : RTN_UNICAST };
        struct nl_msg *m = nlmsg_alloc();

        if (!m)
                return NULL;
        if (!nlmsg_put(m, 0, seq, RTM_NEWROUTE, 0, NLM_F_MULTI) ||
            nlmsg_append(m, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
            nla_put_u32(m, RTA_TABLE, r->table) < 0 ||
            (r->dst && put_addr(m, RTA_DST, r->family, r->dst) < 0))
                goto fail;
        if (r->multipath) {
                /* Two hops: one through ifindex 1, the second through the route's link. */
                struct nlattr *mp = nla_nest_start(m, RTA_MULTIPATH);
                struct rtnexthop nh = { .rtnh_len = sizeof(nh) };

                if (!mp)
                        goto fail;
                nh.rtnh_ifindex = 1;
                if (nlmsg_append(m, &nh, sizeof(nh), RTNH_ALIGNTO) < 0)
                        goto fail;
                nh.rtnh_ifindex = r->ifindex;
                if (nlmsg_append(m, &nh, sizeof(nh), RTNH_ALIGNTO) < 0)
                        goto fail;
                nla_nest_end(m, mp);
        } else if (nla_put_u32(m, RTA_OIF, (uint32_t)r->ifindex) < 0) {
                goto fail;
        }
        return m;
fail:
        nlmsg_free(m);
        return NULL;
}

int fake_dump(struct sriov_ctx *ctx, struct nl_msg *req, netlink_msg_fn fn, void *data,
              char *extack, size_t extack_size)
{
        struct fake_rtnl *k = ctx->seam_data;
        struct nlmsghdr *nlh = nlmsg_hdr(req);
        int fn_r = 0;

        if (extack && extack_size)
                extack[0] = '\0';
        if (!(nlh->nlmsg_flags & NLM_F_DUMP))
                return -EINVAL;
        k->dumps++;
        if (k->dump_err)
                return k->dump_err;
        if (nlh->nlmsg_type == RTM_GETADDR) {
                const struct ifaddrmsg *ifa = nlmsg_data(nlh);

                if (!nlmsg_valid_hdr(nlh, sizeof(*ifa)))
                        return -EINVAL;
                for (size_t i = 0; i < k->n_addrs; i++) {
                        const struct fake_addr *a = &k->addrs[i];
                        struct nl_msg *m;

                        if ((ifa->ifa_family && ifa->ifa_family != a->family) ||
                            (k->strict && ifa->ifa_index && (int)ifa->ifa_index != a->ifindex))
                                continue;
                        m = fake_newaddr(nlh->nlmsg_seq, a);
                        if (!m)
                                return -ENOMEM;
                        if (fn_r == 0)
                                fn_r = fn(nlmsg_hdr(m), data);
                        nlmsg_free(m);
                }
        } else if (nlh->nlmsg_type == RTM_GETROUTE) {
                const struct rtmsg *rtm = nlmsg_data(nlh);
                struct nlattr *oif;
                int want = 0;

                if (!nlmsg_valid_hdr(nlh, sizeof(*rtm)))
                        return -EINVAL;
                if (rtm->rtm_family == AF_INET6 && k->route6_err)
                        return k->route6_err;
                oif = nlmsg_find_attr(nlh, sizeof(*rtm), RTA_OIF);
                if (oif)
                        want = (int)nla_get_u32(oif);
                for (size_t i = 0; i < k->n_routes; i++) {
                        const struct fake_route *r = &k->routes[i];
                        struct nl_msg *m;

                        if ((rtm->rtm_family && rtm->rtm_family != r->family) ||
                            (k->strict && want && want != r->ifindex))
                                continue;
                        m = fake_newroute(nlh->nlmsg_seq, r);
                        if (!m)
                                return -ENOMEM;
                        if (fn_r == 0)
                                fn_r = fn(nlmsg_hdr(m), data);
                        nlmsg_free(m);
                }
        } else {
                return -EOPNOTSUPP;
        }
        if (fn_r < 0)
                return fn_r;
        return k->dump_intr ? -EAGAIN : 0;
}
