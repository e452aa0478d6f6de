/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Pure rtnetlink message builders and parsers for VF settings, and for the addresses and
 * routes that tie a VF's netdev to the host (see netlink.h). Nothing here touches a socket,
 * so the unit tier checks every byte of what is sent and what is understood.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include "libsriov-private.h"

/* IFLA_VF_INFO fields a driver that does not implement the getter leaves at (u32)-1. */
#define VF_SETTING_UNREPORTED UINT32_MAX

int nlmsg_build_getlink(int ifindex, bool stats, struct nl_msg **ret)
{
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
        uint32_t ext_mask = RTEXT_FILTER_VF;
        struct nl_msg *msg;

        if (ifindex <= 0 || !ret)
                return -EINVAL;
        /* Counters cost 100 bytes per VF and push the 64 KiB VF list over its limit sooner. */
        if (!stats)
                ext_mask |= RTEXT_FILTER_SKIP_STATS;
        /*
         * No NLM_F_ACK: the answer itself ends the request. An ack queued behind an answer
         * of a few hundred KiB could be dropped by a full receive queue.
         */
        msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_REQUEST);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
            nla_put_u32(msg, IFLA_EXT_MASK, ext_mask) < 0) {
                nlmsg_free(msg);
                return -ENOMEM;
        }
        *ret = msg;
        return 0;
}

/* Upper bound of the bytes one VF entry takes, every attribute included. */
static size_t vf_set_size(void)
{
        return nla_total_size(0) + nla_total_size(sizeof(struct ifla_vf_mac)) +
               nla_total_size(0) + nla_total_size(sizeof(struct ifla_vf_vlan_info)) +
               nla_total_size(sizeof(struct ifla_vf_rate)) +
               nla_total_size(sizeof(struct ifla_vf_spoofchk)) +
               nla_total_size(sizeof(struct ifla_vf_link_state)) +
               nla_total_size(sizeof(struct ifla_vf_rss_query_en)) +
               nla_total_size(sizeof(struct ifla_vf_trust));
}

size_t nlmsg_setlink_vfs_max(void)
{
        /* nla_len is 16 bits: IFLA_VFINFO_LIST with its header must stay below 64 KiB. */
        return (USHRT_MAX - nla_total_size(0)) / vf_set_size();
}

static int put_vf(struct nl_msg *msg, const struct vf_set *s)
{
        const struct sriov_vf_config *c = &s->cfg;
        struct nlattr *info, *vlans;

        info = nla_nest_start(msg, IFLA_VF_INFO);
        if (!info)
                return -ENOMEM;
        /* Attributes in the order do_setvfinfo() applies them, which is also how they read. */
        if (c->mask & SRIOV_VF_CONFIG_MAC) {
                struct ifla_vf_mac m = { .vf = s->vf };

                memcpy(m.mac, c->mac, sizeof(c->mac));
                if (nla_put(msg, IFLA_VF_MAC, sizeof(m), &m) < 0)
                        return -ENOMEM;
        }
        if (c->mask & (SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO)) {
                /* IFLA_VF_VLAN_LIST rather than IFLA_VF_VLAN: only it carries the protocol. */
                struct ifla_vf_vlan_info v = {
                        .vf = s->vf,
                        .vlan = c->vlan,
                        .qos = c->qos,
                        .vlan_proto = htons(c->vlan_proto),
                };

                vlans = nla_nest_start(msg, IFLA_VF_VLAN_LIST);
                if (!vlans || nla_put(msg, IFLA_VF_VLAN_INFO, sizeof(v), &v) < 0 ||
                    nla_nest_end(msg, vlans) < 0)
                        return -ENOMEM;
        }
        if (c->mask & (SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE)) {
                struct ifla_vf_rate r = {
                        .vf = s->vf,
                        .min_tx_rate = c->min_tx_rate,
                        .max_tx_rate = c->max_tx_rate,
                };

                if (nla_put(msg, IFLA_VF_RATE, sizeof(r), &r) < 0)
                        return -ENOMEM;
        }
        if (c->mask & SRIOV_VF_CONFIG_SPOOFCHK) {
                struct ifla_vf_spoofchk v = { .vf = s->vf, .setting = c->spoofchk };

                if (nla_put(msg, IFLA_VF_SPOOFCHK, sizeof(v), &v) < 0)
                        return -ENOMEM;
        }
        if (c->mask & SRIOV_VF_CONFIG_LINK_STATE) {
                struct ifla_vf_link_state v = { .vf = s->vf, .link_state = c->link_state };

                if (nla_put(msg, IFLA_VF_LINK_STATE, sizeof(v), &v) < 0)
                        return -ENOMEM;
        }
        if (c->mask & SRIOV_VF_CONFIG_QUERY_RSS) {
                struct ifla_vf_rss_query_en v = { .vf = s->vf, .setting = c->query_rss };

                if (nla_put(msg, IFLA_VF_RSS_QUERY_EN, sizeof(v), &v) < 0)
                        return -ENOMEM;
        }
        if (c->mask & SRIOV_VF_CONFIG_TRUST) {
                struct ifla_vf_trust v = { .vf = s->vf, .setting = c->trust };

                if (nla_put(msg, IFLA_VF_TRUST, sizeof(v), &v) < 0)
                        return -ENOMEM;
        }
        return nla_nest_end(msg, info) < 0 ? -ENOMEM : 0;
}

int nlmsg_build_setlink_vfs(int ifindex, const struct vf_set *sets, size_t n,
                            struct nl_msg **ret)
{
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
        struct nl_msg *msg;
        struct nlattr *list;
        int r = -ENOMEM;

        if (ifindex <= 0 || !ret || (n && !sets))
                return -EINVAL;
        if (n > nlmsg_setlink_vfs_max())
                return -EMSGSIZE;
        /* Sized up front: the default (one page) holds only about 30 VFs. */
        msg = nlmsg_alloc_size(NLMSG_SPACE(sizeof(ifi)) + nla_total_size(0) +
                               n * vf_set_size() + 256);
        if (!msg)
                return -ENOMEM;
        if (!nlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, RTM_SETLINK, 0,
                       NLM_F_REQUEST | NLM_F_ACK) ||
            nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
                goto fail;
        /* ONE list: with two, the kernel applies only the last and still acks. */
        list = nla_nest_start(msg, IFLA_VFINFO_LIST);
        if (!list)
                goto fail;
        for (size_t i = 0; i < n; i++) {
                r = put_vf(msg, &sets[i]);
                if (r < 0)
                        goto fail;
        }
        if (nla_nest_end(msg, list) < 0) {
                r = -EMSGSIZE;
                goto fail;
        }
        *ret = msg;
        return 0;
fail:
        nlmsg_free(msg);
        return r;
}

/* Copy an attribute's payload that the policy already checked to be at least @size long. */
static void get_struct(const struct nlattr *a, void *dst, size_t size)
{
        memset(dst, 0, size);
        memcpy(dst, nla_data(a), size);
}

/* The kernel pads u64 counters to 4 bytes only (IFLA_VF_STATS_PAD aside): copy, don't cast. */
static uint64_t get_u64(const struct nlattr *a)
{
        uint64_t v = 0;

        if (nla_len(a) >= (int)sizeof(v))
                memcpy(&v, nla_data(a), sizeof(v));
        return v;
}

static void parse_stats(const struct nlattr *nest, struct vf_info *vi)
{
        struct sriov_vf_stats *st = &vi->stats;
        const struct nlattr *a;
        int rem;

        nla_for_each_nested(a, nest, rem) {
                uint64_t v = get_u64(a);

                switch (nla_type(a)) {
                case IFLA_VF_STATS_RX_PACKETS: st->rx_packets = v; break;
                case IFLA_VF_STATS_TX_PACKETS: st->tx_packets = v; break;
                case IFLA_VF_STATS_RX_BYTES: st->rx_bytes = v; break;
                case IFLA_VF_STATS_TX_BYTES: st->tx_bytes = v; break;
                case IFLA_VF_STATS_BROADCAST: st->broadcast = v; break;
                case IFLA_VF_STATS_MULTICAST: st->multicast = v; break;
                case IFLA_VF_STATS_RX_DROPPED: st->rx_dropped = v; break;
                case IFLA_VF_STATS_TX_DROPPED: st->tx_dropped = v; break;
                default: break;
                }
        }
        vi->have_stats = true;
}

/* A setting the kernel preset to (u32)-1 before asking the driver: "not reported". */
static bool get_setting(const struct nlattr *a, bool *ret)
{
        struct ifla_vf_spoofchk s; /* trust and rss_query_en have the same layout */

        get_struct(a, &s, sizeof(s));
        if (s.setting == VF_SETTING_UNREPORTED)
                return false;
        *ret = s.setting != 0;
        return true;
}

/* One IFLA_VF_INFO. Returns 1 with @vi filled, 0 for an entry that names no VF, or -errno. */
static int parse_vf(struct nlattr *entry, struct vf_info *vi)
{
        static const struct nla_policy policy[IFLA_VF_MAX + 1] = {
                [IFLA_VF_MAC] = { .minlen = sizeof(struct ifla_vf_mac) },
                [IFLA_VF_VLAN] = { .minlen = sizeof(struct ifla_vf_vlan) },
                [IFLA_VF_TX_RATE] = { .minlen = sizeof(struct ifla_vf_tx_rate) },
                [IFLA_VF_SPOOFCHK] = { .minlen = sizeof(struct ifla_vf_spoofchk) },
                [IFLA_VF_LINK_STATE] = { .minlen = sizeof(struct ifla_vf_link_state) },
                [IFLA_VF_RATE] = { .minlen = sizeof(struct ifla_vf_rate) },
                [IFLA_VF_RSS_QUERY_EN] = { .minlen = sizeof(struct ifla_vf_rss_query_en) },
                [IFLA_VF_STATS] = { .type = NLA_NESTED },
                [IFLA_VF_TRUST] = { .minlen = sizeof(struct ifla_vf_trust) },
                [IFLA_VF_VLAN_LIST] = { .type = NLA_NESTED },
        };
        struct nlattr *tb[IFLA_VF_MAX + 1];
        struct sriov_vf_config *c = &vi->cfg;
        bool have_vf = false;

        memset(vi, 0, sizeof(*vi));
        if (nla_parse_nested(tb, IFLA_VF_MAX, entry, policy) < 0)
                return -EBADMSG;

        /* Every struct starts with the VF number; the kernel sends them all, MAC first. */
        for (int t = 0; t <= IFLA_VF_MAX && !have_vf; t++) {
                if (tb[t] && t != IFLA_VF_STATS && t != IFLA_VF_VLAN_LIST &&
                    t != IFLA_VF_BROADCAST && nla_len(tb[t]) >= (int)sizeof(uint32_t)) {
                        memcpy(&vi->vf, nla_data(tb[t]), sizeof(uint32_t));
                        have_vf = true;
                }
        }
        if (!have_vf)
                return 0;

        if (tb[IFLA_VF_MAC]) {
                struct ifla_vf_mac m;

                get_struct(tb[IFLA_VF_MAC], &m, sizeof(m));
                memcpy(c->mac, m.mac, sizeof(c->mac));
                c->mask |= SRIOV_VF_CONFIG_MAC;
        }
        /* The list carries the protocol; IFLA_VF_VLAN (kernels before 4.9) means 802.1Q. */
        if (tb[IFLA_VF_VLAN_LIST]) {
                const struct nlattr *a;
                int rem;

                nla_for_each_nested(a, tb[IFLA_VF_VLAN_LIST], rem) {
                        struct ifla_vf_vlan_info v;

                        if (nla_type(a) != IFLA_VF_VLAN_INFO || nla_len(a) < (int)sizeof(v))
                                continue;
                        get_struct(a, &v, sizeof(v));
                        c->vlan = (uint16_t)v.vlan;
                        c->qos = (uint8_t)v.qos;
                        c->vlan_proto = ntohs(v.vlan_proto);
                        c->mask |= SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS;
                        /*
                         * rtnetlink starts every entry at 802.1Q, and a driver that fills in
                         * its own can leave 0: netdevsim does for a VF never given a VLAN.
                         * 0 is no protocol, so it is not reported (and never sent back).
                         */
                        if (c->vlan_proto)
                                c->mask |= SRIOV_VF_CONFIG_VLAN_PROTO;
                        break; /* MAX_VLAN_LIST_LEN is 1 */
                }
        }
        if (!(c->mask & SRIOV_VF_CONFIG_VLAN) && tb[IFLA_VF_VLAN]) {
                struct ifla_vf_vlan v;

                get_struct(tb[IFLA_VF_VLAN], &v, sizeof(v));
                c->vlan = (uint16_t)v.vlan;
                c->qos = (uint8_t)v.qos;
                c->vlan_proto = SRIOV_VLAN_PROTO_8021Q;
                c->mask |= SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO;
        }
        if (tb[IFLA_VF_RATE]) {
                struct ifla_vf_rate r;

                get_struct(tb[IFLA_VF_RATE], &r, sizeof(r));
                c->min_tx_rate = r.min_tx_rate;
                c->max_tx_rate = r.max_tx_rate;
                c->mask |= SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE;
        } else if (tb[IFLA_VF_TX_RATE]) {
                /* Kernels before 3.16 know only the maximum; the minimum stays unknown. */
                struct ifla_vf_tx_rate r;

                get_struct(tb[IFLA_VF_TX_RATE], &r, sizeof(r));
                c->max_tx_rate = r.rate;
                c->mask |= SRIOV_VF_CONFIG_MAX_TX_RATE;
        }
        if (tb[IFLA_VF_SPOOFCHK] && get_setting(tb[IFLA_VF_SPOOFCHK], &c->spoofchk))
                c->mask |= SRIOV_VF_CONFIG_SPOOFCHK;
        if (tb[IFLA_VF_TRUST] && get_setting(tb[IFLA_VF_TRUST], &c->trust))
                c->mask |= SRIOV_VF_CONFIG_TRUST;
        if (tb[IFLA_VF_RSS_QUERY_EN] && get_setting(tb[IFLA_VF_RSS_QUERY_EN], &c->query_rss))
                c->mask |= SRIOV_VF_CONFIG_QUERY_RSS;
        if (tb[IFLA_VF_LINK_STATE]) {
                struct ifla_vf_link_state l;

                get_struct(tb[IFLA_VF_LINK_STATE], &l, sizeof(l));
                /* A state this library has no name for is not made up into one. */
                if (l.link_state <= SRIOV_LINK_STATE_DISABLE) {
                        c->link_state = (enum sriov_link_state)l.link_state;
                        c->mask |= SRIOV_VF_CONFIG_LINK_STATE;
                }
        }
        if (tb[IFLA_VF_STATS])
                parse_stats(tb[IFLA_VF_STATS], vi);
        return 1;
}

static int cmp_vf_info(const void *a, const void *b)
{
        const struct vf_info *x = a, *y = b;

        if (x->vf != y->vf)
                return x->vf < y->vf ? -1 : 1;
        return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * Sorted by VF, each VF once. The kernel numbers the entries with what the driver's
 * ndo_get_vf_config() put in ivi.vf, so a driver (or a hostile answer) can name a VF twice:
 * the first entry counts, as the kernel's own loop visits VF i i-th.
 */
static void sort_vfs(struct link_vfs *l)
{
        size_t kept = 0;

        if (l->count < 2)
                return;
        qsort(l->vfs, l->count, sizeof(*l->vfs), cmp_vf_info);
        for (size_t i = 0; i < l->count; i++)
                if (kept == 0 || l->vfs[kept - 1].vf != l->vfs[i].vf)
                        l->vfs[kept++] = l->vfs[i];
        l->count = kept;
}

int nlmsg_parse_link_vfs(const struct nlmsghdr *nlh, struct link_vfs *ret)
{
        const struct ifinfomsg *ifi;
        struct nlattr *a, *num = NULL, *list = NULL, *name = NULL, *perm = NULL;
        struct link_vfs l = { 0 };
        size_t cap = 0;
        int rem, r;

        if (!nlh || !ret)
                return -EINVAL;
        if (nlh->nlmsg_type != RTM_NEWLINK || !nlmsg_valid_hdr(nlh, sizeof(*ifi)))
                return -EBADMSG;
        ifi = nlmsg_data(nlh);
        l.ifindex = ifi->ifi_index;

        /*
         * The first of each attribute, not the last as nla_parse() keeps: past about 330 VFs
         * the list's 16-bit length wraps, and the bytes after the short list then parse as
         * top-level attributes that may look like a second IFLA_NUM_VF.
         */
        nlmsg_for_each_attr(a, nlh, sizeof(*ifi), rem) {
                if (nla_type(a) == IFLA_NUM_VF && !num)
                        num = a;
                else if (nla_type(a) == IFLA_VFINFO_LIST && !list)
                        list = a;
                else if (nla_type(a) == IFLA_IFNAME && !name)
                        name = a;
                else if (nla_type(a) == IFLA_PERM_ADDRESS && !perm)
                        perm = a;
        }
        if (name)
                nla_strlcpy(l.ifname, name, sizeof(l.ifname));
        /* Another length is another link type's address (InfiniBand's 20 bytes): not a MAC. */
        if (perm && nla_len(perm) == (int)sizeof(l.perm_addr)) {
                memcpy(l.perm_addr, nla_data(perm), sizeof(l.perm_addr));
                l.has_perm_addr = true;
        }
        if (num) {
                if (nla_len(num) < (int)sizeof(uint32_t))
                        return -EBADMSG;
                l.num_vf = nla_get_u32(num);
        }
        if (list) {
                nla_for_each_nested(a, list, rem) {
                        if (nla_type(a) != IFLA_VF_INFO)
                                continue;
                        if (l.count == cap) {
                                /* Grown as entries come: IFLA_NUM_VF is only what the kernel
                                 * says, and no size to trust (it can be anything). */
                                size_t ncap = cap ? 2 * cap : 16;
                                struct vf_info *v = reallocarray(l.vfs, ncap, sizeof(*v));

                                if (!v) {
                                        r = -ENOMEM;
                                        goto fail;
                                }
                                l.vfs = v;
                                cap = ncap;
                        }
                        r = parse_vf(a, &l.vfs[l.count]);
                        if (r < 0)
                                goto fail;
                        l.vfs[l.count].order = (unsigned int)l.count;
                        l.count += r;
                }
        }
        /* The kernel sends them in order, but a driver may skip one: find() bisects. */
        sort_vfs(&l);
        *ret = l;
        return 0;
fail:
        free(l.vfs);
        return r;
}

int nl_error_to_errno(int nle)
{
        /* libnl returns negative codes; accept either sign. */
        switch (nle < 0 ? -nle : nle) {
        case NLE_SUCCESS: return 0;
        case NLE_FAILURE: return -EIO;
        case NLE_INTR: return -EINTR;
        case NLE_BAD_SOCK: return -EBADF;
        case NLE_AGAIN: return -EAGAIN;
        case NLE_NOMEM: return -ENOMEM;
        case NLE_EXIST: return -EEXIST;
        case NLE_INVAL: return -EINVAL;
        case NLE_RANGE: return -ERANGE;
        case NLE_MSGSIZE: return -EMSGSIZE;
        case NLE_OPNOTSUPP: return -EOPNOTSUPP;
        case NLE_AF_NOSUPPORT: return -EAFNOSUPPORT;
        case NLE_OBJ_NOTFOUND: return -ENOENT;
        case NLE_NOATTR: return -ENODATA;
        case NLE_MISSING_ATTR: return -EINVAL;
        case NLE_AF_MISMATCH: return -EAFNOSUPPORT;
        case NLE_SEQ_MISMATCH: return -EILSEQ;
        case NLE_MSG_OVERFLOW: return -EOVERFLOW;
        case NLE_MSG_TRUNC: return -EMSGSIZE;
        case NLE_NOADDR: return -EADDRNOTAVAIL;
        case NLE_SRCRT_NOSUPPORT: return -EOPNOTSUPP;
        case NLE_MSG_TOOSHORT: return -EBADMSG;
        case NLE_MSGTYPE_NOSUPPORT: return -EOPNOTSUPP;
        case NLE_OBJ_MISMATCH: return -EINVAL;
        case NLE_NOCACHE: return -ENOENT;
        case NLE_BUSY: return -EBUSY;
        case NLE_PROTO_MISMATCH: return -EPROTONOSUPPORT;
        case NLE_NOACCESS: return -EACCES;
        case NLE_PERM: return -EPERM;
        case NLE_PKTLOC_FILE: return -ENOENT;
        case NLE_PARSE_ERR: return -EINVAL;
        case NLE_NODEV: return -ENODEV;
        case NLE_IMMUTABLE: return -EROFS;
        case NLE_DUMP_INTR: return -EINTR;
        case NLE_ATTRSIZE: return -EMSGSIZE;
        default: return -EIO;
        }
}

/* ---- addresses and routes of one netdev ---------------------------------------------------- */

int nlmsg_build_getaddr_dump(int ifindex, struct nl_msg **ret)
{
        /* AF_UNSPEC: one dump of every family's addresses, as `ip addr show dev X` asks. */
        struct ifaddrmsg ifa = { .ifa_family = AF_UNSPEC, .ifa_index = (uint32_t)ifindex };
        struct nl_msg *msg;

        if (ifindex <= 0 || !ret)
                return -EINVAL;
        msg = nlmsg_alloc_simple(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP);
        if (!msg)
                return -ENOMEM;
        /* Strict checking wants the whole header, with prefixlen, flags and scope zero. */
        if (nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO) < 0) {
                nlmsg_free(msg);
                return -ENOMEM;
        }
        *ret = msg;
        return 0;
}

int nlmsg_build_getroute_dump(int family, int ifindex, struct nl_msg **ret)
{
        struct rtmsg rtm = { .rtm_family = (uint8_t)family };
        struct nl_msg *msg;

        if (ifindex <= 0 || !ret || (family != AF_INET && family != AF_INET6))
                return -EINVAL;
        /*
         * One family per dump: an AF_UNSPEC route dump also walks the multicast and MPLS
         * tables, whose messages mean something else by RTA_OIF.
         */
        msg = nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP);
        if (!msg)
                return -ENOMEM;
        if (nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO) < 0 ||
            nla_put_u32(msg, RTA_OIF, (uint32_t)ifindex) < 0) {
                nlmsg_free(msg);
                return -ENOMEM;
        }
        *ret = msg;
        return 0;
}

/* "192.0.2.1/24" from an address attribute of @family. */
static void format_prefix(int family, const struct nlattr *a, unsigned int len, const char *what,
                          char *text, size_t size)
{
        char addr[INET6_ADDRSTRLEN] = "?";
        size_t need = family == AF_INET ? 4 : 16;

        if (!text || size == 0)
                return;
        if (!a) {
                snprintf(text, size, "%s default", what);
                return;
        }
        if ((size_t)nla_len(a) >= need)
                inet_ntop(family, nla_data(a), addr, sizeof(addr));
        snprintf(text, size, "%s %s/%u", what, addr, len);
}

int nlmsg_parse_addr_use(const struct nlmsghdr *nlh, int ifindex, char *text, size_t size)
{
        const struct ifaddrmsg *ifa;
        struct nlattr *tb[IFA_MAX + 1];
        const struct nlattr *a;

        if (!nlh)
                return -EINVAL;
        if (nlh->nlmsg_type != RTM_NEWADDR || !nlmsg_valid_hdr(nlh, sizeof(*ifa)))
                return -EBADMSG;
        ifa = nlmsg_data(nlh);
        if ((int)ifa->ifa_index != ifindex ||
            (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
                return 0;
        if (nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*ifa), tb, IFA_MAX, NULL) < 0)
                return -EBADMSG;
        /* IFA_LOCAL is the address itself; IFA_ADDRESS the peer's on point-to-point links. */
        a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
        if (ifa->ifa_family == AF_INET6 && a && nla_len(a) >= 16) {
                const uint8_t *b = nla_data(a);

                if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
                        return 0;
        }
        format_prefix(ifa->ifa_family, a, ifa->ifa_prefixlen, "address", text, size);
        return 1;
}

/* Whether a route goes out through @ifindex: its RTA_OIF, or one of its multipath hops. */
static bool route_uses(struct nlattr **tb, int ifindex)
{
        if (tb[RTA_OIF] && nla_len(tb[RTA_OIF]) >= 4 && (int)nla_get_u32(tb[RTA_OIF]) == ifindex)
                return true;
        if (tb[RTA_MULTIPATH]) {
                const struct rtnexthop *nh = nla_data(tb[RTA_MULTIPATH]);
                int rem = nla_len(tb[RTA_MULTIPATH]);

                while (rem >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) &&
                       nh->rtnh_len <= rem) {
                        if (nh->rtnh_ifindex == ifindex)
                                return true;
                        rem -= RTNH_ALIGN(nh->rtnh_len);
                        nh = RTNH_NEXT(nh);
                }
        }
        return false;
}

int nlmsg_parse_route_use(const struct nlmsghdr *nlh, int family, int ifindex, char *text,
                          size_t size)
{
        const struct rtmsg *rtm;
        struct nlattr *tb[RTA_MAX + 1];
        uint32_t table;

        if (!nlh)
                return -EINVAL;
        if (nlh->nlmsg_type != RTM_NEWROUTE || !nlmsg_valid_hdr(nlh, sizeof(*rtm)))
                return -EBADMSG;
        rtm = nlmsg_data(nlh);
        if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
                return 0;
        if (family != AF_UNSPEC && rtm->rtm_family != family)
                return 0;
        if (nlmsg_parse((struct nlmsghdr *)nlh, sizeof(*rtm), tb, RTA_MAX, NULL) < 0)
                return -EBADMSG;
        /* Tables above 255 come only in RTA_TABLE. */
        table = tb[RTA_TABLE] && nla_len(tb[RTA_TABLE]) >= 4 ? nla_get_u32(tb[RTA_TABLE])
                                                               : rtm->rtm_table;
        if ((rtm->rtm_flags & RTM_F_CLONED) || rtm->rtm_protocol == RTPROT_KERNEL ||
            table == RT_TABLE_LOCAL || rtm->rtm_type == RTN_MULTICAST ||
            !route_uses(tb, ifindex))
                return 0;
        format_prefix(rtm->rtm_family, tb[RTA_DST], rtm->rtm_dst_len, "route", text, size);
        return 1;
}
