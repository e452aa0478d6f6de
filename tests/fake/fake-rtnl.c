/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel's side of VF rtnetlink for the unit and sysfs tiers (see fake-rtnl.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "fake-rtnl.h"

void fake_vf_init(struct fake_vf *v, unsigned int n)
{
        memset(v, 0, sizeof(*v));
        v->mac[0] = 0x02;
        v->mac[5] = (uint8_t)n;
        v->vlan_proto = 0x8100;
        v->spoofchk = 1;
        v->trust = 0;
        v->rss_query = 0;
}

/* x86 has efficient unaligned access, so the kernel puts u64 counters without PAD attributes. */
static int put_u64(struct nl_msg *m, int type, uint64_t v)
{
        return nla_put(m, type, sizeof(v), &v);
}

static int put_entry(struct nl_msg *m, unsigned int vf, const struct fake_vf *v, bool stats)
{
        struct ifla_vf_mac mac = { .vf = vf };
        struct ifla_vf_broadcast bc;
        struct ifla_vf_vlan vlan = { .vf = vf, .vlan = v->vlan, .qos = v->qos };
        struct ifla_vf_rate rate = { .vf = vf, .min_tx_rate = v->min_tx_rate,
                                     .max_tx_rate = v->max_tx_rate };
        struct ifla_vf_tx_rate tx = { .vf = vf, .rate = v->max_tx_rate };
        struct ifla_vf_spoofchk spoof = { .vf = vf, .setting = (uint32_t)v->spoofchk };
        struct ifla_vf_link_state ls = { .vf = vf, .link_state = v->link_state };
        struct ifla_vf_rss_query_en rss = { .vf = vf, .setting = (uint32_t)v->rss_query };
        struct ifla_vf_trust trust = { .vf = vf, .setting = (uint32_t)v->trust };
        struct ifla_vf_vlan_info vi = { .vf = vf, .vlan = v->vlan, .qos = v->qos,
                                        .vlan_proto = htons(v->vlan_proto) };
        struct nlattr *info, *list, *st;

        memcpy(mac.mac, v->mac, sizeof(v->mac));
        memset(&bc, 0, sizeof(bc));
        memset(bc.broadcast, 0xff, 6);
        /* rtnl_fill_vfinfo()'s order. */
        info = nla_nest_start(m, IFLA_VF_INFO);
        if (!info || nla_put(m, IFLA_VF_MAC, sizeof(mac), &mac) < 0 ||
            nla_put(m, IFLA_VF_BROADCAST, sizeof(bc), &bc) < 0 ||
            nla_put(m, IFLA_VF_VLAN, sizeof(vlan), &vlan) < 0 ||
            nla_put(m, IFLA_VF_RATE, sizeof(rate), &rate) < 0 ||
            nla_put(m, IFLA_VF_TX_RATE, sizeof(tx), &tx) < 0 ||
            nla_put(m, IFLA_VF_SPOOFCHK, sizeof(spoof), &spoof) < 0 ||
            nla_put(m, IFLA_VF_LINK_STATE, sizeof(ls), &ls) < 0 ||
            nla_put(m, IFLA_VF_RSS_QUERY_EN, sizeof(rss), &rss) < 0 ||
            nla_put(m, IFLA_VF_TRUST, sizeof(trust), &trust) < 0)
                return -1;
        list = nla_nest_start(m, IFLA_VF_VLAN_LIST);
        if (!list || nla_put(m, IFLA_VF_VLAN_INFO, sizeof(vi), &vi) < 0 ||
            nla_nest_end(m, list) < 0)
                return -1;
        if (stats) {
                const struct sriov_vf_stats *s = &v->stats;

                st = nla_nest_start(m, IFLA_VF_STATS);
                if (!st || put_u64(m, IFLA_VF_STATS_RX_PACKETS, s->rx_packets) < 0 ||
                    put_u64(m, IFLA_VF_STATS_TX_PACKETS, s->tx_packets) < 0 ||
                    put_u64(m, IFLA_VF_STATS_RX_BYTES, s->rx_bytes) < 0 ||
                    put_u64(m, IFLA_VF_STATS_TX_BYTES, s->tx_bytes) < 0 ||
                    put_u64(m, IFLA_VF_STATS_BROADCAST, s->broadcast) < 0 ||
                    put_u64(m, IFLA_VF_STATS_MULTICAST, s->multicast) < 0 ||
                    put_u64(m, IFLA_VF_STATS_RX_DROPPED, s->rx_dropped) < 0 ||
                    put_u64(m, IFLA_VF_STATS_TX_DROPPED, s->tx_dropped) < 0 ||
                    nla_nest_end(m, st) < 0)
                        return -1;
        }
        return nla_nest_end(m, info) < 0 ? -1 : 0;
}

static struct nl_msg *newlink_named(const char *ifname, int ifindex, unsigned int num_vf,
                                    const struct fake_vf *vfs, size_t n, unsigned int first,
                                    bool stats);

struct nl_msg *fake_newlink(int ifindex, unsigned int num_vf, const struct fake_vf *vfs,
                            size_t n, unsigned int first, bool stats)
{
        return newlink_named("enp1s0", ifindex, num_vf, vfs, n, first, stats);
}

static struct nl_msg *newlink_named(const char *ifname, int ifindex, unsigned int num_vf,
                                    const struct fake_vf *vfs, size_t n, unsigned int first,
                                    bool stats)
{
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
        struct nl_msg *m = nlmsg_alloc_size(4096 + n * 320);
        struct nlattr *list;

        if (!m)
                return NULL;
        if (!nlmsg_put(m, 0, 0, RTM_NEWLINK, 0, 0) ||
            nlmsg_append(m, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
            nla_put_string(m, IFLA_IFNAME, ifname) < 0 ||
            nla_put_u32(m, IFLA_NUM_VF, num_vf) < 0)
                goto fail;
        list = nla_nest_start(m, IFLA_VFINFO_LIST);
        if (!list)
                goto fail;
        for (size_t i = 0; i < n; i++)
                if (put_entry(m, first + (unsigned int)i, &vfs[i], stats) < 0)
                        goto fail;
        /*
         * As the kernel does: the length is whatever fits in 16 bits. libnl's nla_nest_end()
         * refuses a nest over 64 KiB, so close it by hand.
         */
        list->nla_len = (uint16_t)((char *)nlmsg_tail(nlmsg_hdr(m)) - (char *)list);
        /* And something after the list, as rtnl_fill_ifinfo() has (IFLA_VF_PORTS, ...). */
        if (nla_put_u32(m, IFLA_GROUP, 0) < 0)
                goto fail;
        return m;
fail:
        nlmsg_free(m);
        return NULL;
}

void fake_rtnl_full(struct fake_rtnl *k, int ifindex, unsigned int num_vf)
{
        memset(k, 0, sizeof(*k));
        k->ifindex = ifindex;
        k->num_vf = num_vf;
        for (unsigned int i = 0; i < num_vf && i < FAKE_MAX_VFS; i++)
                fake_vf_init(&k->vfs[i], i);
        k->refuse_err = -EOPNOTSUPP;
        memcpy(k->perm_addr, (uint8_t[]){ 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c }, 6);
}

void fake_rtnl_igb(struct fake_rtnl *k, int ifindex, unsigned int num_vf)
{
        fake_rtnl_full(k, ifindex, num_vf);
        k->refuse = SRIOV_VF_CONFIG_LINK_STATE | SRIOV_VF_CONFIG_QUERY_RSS;
        k->only_8021q = true;
        k->no_min_rate = true;
        /* igb's get_vf_config fills no rss_query_en: the kernel's -1 goes out. */
        for (unsigned int i = 0; i < num_vf && i < FAKE_MAX_VFS; i++)
                k->vfs[i].rss_query = FAKE_UNREPORTED;
}

static int refused(struct fake_rtnl *k, int err, char *extack, size_t size)
{
        if (k->extack && extack && size)
                snprintf(extack, size, "%s", k->extack);
        return err;
}

/* The VF number every IFLA_VF_* struct starts with. */
static struct fake_vf *vf_of(struct fake_rtnl *k, const struct nlattr *a)
{
        uint32_t vf;

        if (nla_len(a) < (int)sizeof(vf))
                return NULL;
        memcpy(&vf, nla_data(a), sizeof(vf));
        return vf < k->num_vf && vf < FAKE_MAX_VFS ? &k->vfs[vf] : NULL;
}

/* do_setvfinfo(): attribute by attribute, stopping at the first error. */
static int apply_vf(struct fake_rtnl *k, struct nlattr **tb, char *extack, size_t size)
{
        struct fake_vf *v;

        if (tb[IFLA_VF_MAC]) {
                struct ifla_vf_mac m;

                if (!(v = vf_of(k, tb[IFLA_VF_MAC])))
                        return -EINVAL;
                if (k->refuse & SRIOV_VF_CONFIG_MAC)
                        return refused(k, k->refuse_err, extack, size);
                memcpy(&m, nla_data(tb[IFLA_VF_MAC]), sizeof(m));
                if (!(k->ignore & SRIOV_VF_CONFIG_MAC))
                        memcpy(v->mac, m.mac, sizeof(v->mac));
        }
        if (tb[IFLA_VF_VLAN_LIST]) {
                struct nlattr *a = nla_data(tb[IFLA_VF_VLAN_LIST]);
                struct ifla_vf_vlan_info vi;

                if (nla_len(tb[IFLA_VF_VLAN_LIST]) < (int)NLA_HDRLEN ||
                    nla_type(a) != IFLA_VF_VLAN_INFO || nla_len(a) < (int)sizeof(vi) ||
                    !(v = vf_of(k, a)))
                        return -EINVAL;
                memcpy(&vi, nla_data(a), sizeof(vi));
                if (k->refuse & (SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                                 SRIOV_VF_CONFIG_VLAN_PROTO))
                        return refused(k, k->refuse_err, extack, size);
                if (vi.vlan > 4095 || vi.qos > 7)
                        return -EINVAL;
                if (k->only_8021q && vi.vlan_proto != htons(0x8100))
                        return refused(k, -EPROTONOSUPPORT, extack, size);
                if (!(k->ignore & SRIOV_VF_CONFIG_VLAN)) {
                        v->vlan = vi.vlan;
                        v->qos = vi.qos;
                        v->vlan_proto = ntohs(vi.vlan_proto);
                }
        }
        if (tb[IFLA_VF_RATE]) {
                struct ifla_vf_rate r;

                if (!(v = vf_of(k, tb[IFLA_VF_RATE])))
                        return -EINVAL;
                memcpy(&r, nla_data(tb[IFLA_VF_RATE]), sizeof(r));
                if (k->refuse & (SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE))
                        return refused(k, k->refuse_err, extack, size);
                if (r.max_tx_rate && r.max_tx_rate < r.min_tx_rate) /* rtnl_set_vf_rate() */
                        return -EINVAL;
                if (k->no_min_rate && r.min_tx_rate)
                        return refused(k, -EINVAL, extack, size);
                if (!(k->ignore & SRIOV_VF_CONFIG_MAX_TX_RATE)) {
                        v->min_tx_rate = r.min_tx_rate;
                        v->max_tx_rate = r.max_tx_rate;
                }
        }
        if (tb[IFLA_VF_SPOOFCHK]) {
                struct ifla_vf_spoofchk s;

                if (!(v = vf_of(k, tb[IFLA_VF_SPOOFCHK])))
                        return -EINVAL;
                memcpy(&s, nla_data(tb[IFLA_VF_SPOOFCHK]), sizeof(s));
                if (k->refuse & SRIOV_VF_CONFIG_SPOOFCHK)
                        return refused(k, k->refuse_err, extack, size);
                if (!(k->ignore & SRIOV_VF_CONFIG_SPOOFCHK))
                        v->spoofchk = s.setting != 0;
        }
        if (tb[IFLA_VF_LINK_STATE]) {
                struct ifla_vf_link_state l;

                if (!(v = vf_of(k, tb[IFLA_VF_LINK_STATE])))
                        return -EINVAL;
                memcpy(&l, nla_data(tb[IFLA_VF_LINK_STATE]), sizeof(l));
                if (k->refuse & SRIOV_VF_CONFIG_LINK_STATE)
                        return refused(k, k->refuse_err, extack, size);
                if (!(k->ignore & SRIOV_VF_CONFIG_LINK_STATE))
                        v->link_state = l.link_state;
        }
        if (tb[IFLA_VF_RSS_QUERY_EN]) {
                struct ifla_vf_rss_query_en q;

                if (!(v = vf_of(k, tb[IFLA_VF_RSS_QUERY_EN])))
                        return -EINVAL;
                memcpy(&q, nla_data(tb[IFLA_VF_RSS_QUERY_EN]), sizeof(q));
                if (k->refuse & SRIOV_VF_CONFIG_QUERY_RSS)
                        return refused(k, k->refuse_err, extack, size);
                if (!(k->ignore & SRIOV_VF_CONFIG_QUERY_RSS))
                        v->rss_query = q.setting != 0;
        }
        if (tb[IFLA_VF_TRUST]) {
                struct ifla_vf_trust t;

                if (!(v = vf_of(k, tb[IFLA_VF_TRUST])))
                        return -EINVAL;
                memcpy(&t, nla_data(tb[IFLA_VF_TRUST]), sizeof(t));
                if (k->refuse & SRIOV_VF_CONFIG_TRUST)
                        return refused(k, k->refuse_err, extack, size);
                if (!(k->ignore & SRIOV_VF_CONFIG_TRUST))
                        v->trust = t.setting != 0;
        }
        return 0;
}

static int fake_setlink(struct fake_rtnl *k, struct nlmsghdr *nlh, char *extack, size_t size)
{
        size_t slot = k->setlinks++;
        struct nlattr *a, *list = NULL, *e;
        int rem;

        if (k->setlink_err)
                return k->setlink_err;

        /* nla_parse() keeps the last of a type: with two lists only the last is applied. */
        k->vfinfo_lists = 0;
        nlmsg_for_each_attr(a, nlh, sizeof(struct ifinfomsg), rem) {
                if (nla_type(a) == IFLA_VFINFO_LIST) {
                        list = a;
                        k->vfinfo_lists++;
                }
        }
        if (!list)
                return 0;
        nla_for_each_nested(e, list, rem) {
                struct nlattr *tb[IFLA_VF_MAX + 1];
                int r;

                if (nla_type(e) != IFLA_VF_INFO || nla_parse_nested(tb, IFLA_VF_MAX, e, NULL) < 0)
                        return -EINVAL;
                if (slot < 4 && k->n_sent[slot] < FAKE_MAX_VFS) {
                        struct fake_sent *s = &k->sent[slot][k->n_sent[slot]++];

                        s->attrs = 0;
                        for (int t = IFLA_VF_MAX; t >= 1; t--) {
                                if (!tb[t])
                                        continue;
                                s->attrs |= 1u << t;
                                /* The VF number opens every struct; the VLAN list nests one. */
                                memcpy(&s->vf,
                                       t == IFLA_VF_VLAN_LIST
                                               ? nla_data(nla_data(tb[t]))
                                               : nla_data(tb[t]),
                                       sizeof(s->vf));
                        }
                }
                r = apply_vf(k, tb, extack, size);
                if (r < 0)
                        return r;
        }
        return 0;
}

int fake_transact(struct sriov_ctx *ctx, struct nl_msg *req, struct nl_msg **reply,
                  char *extack, size_t extack_size)
{
        struct fake_rtnl *head = ctx->seam_data, *k = head;
        struct nlmsghdr *nlh = nlmsg_hdr(req);
        const struct ifinfomsg *ifi;

        if (extack && extack_size)
                extack[0] = '\0';
        if (!nlmsg_valid_hdr(nlh, sizeof(*ifi)))
                return -EINVAL;
        ifi = nlmsg_data(nlh);
        while (k && ifi->ifi_index != k->ifindex)
                k = k->next;
        if (!k)
                return -ENODEV;
        if (nlh->nlmsg_type == RTM_GETLINK) {
                struct nlattr *a = nlmsg_find_attr(nlh, sizeof(*ifi), IFLA_EXT_MASK);
                uint32_t mask = a ? nla_get_u32(a) : 0;

                k->getlinks++;
                if (k->getlink_err)
                        return k->getlink_err;
                if (!reply)
                        return -EINVAL;
                *reply = newlink_named(k->ifname ? k->ifname : "enp1s0", k->ifindex, k->num_vf,
                                       k->vfs,
                                      !(mask & RTEXT_FILTER_VF)        ? 0
                                      : k->list_max && k->list_max < k->num_vf ? k->list_max
                                                                              : k->num_vf,
                                      0,
                                      !(mask & RTEXT_FILTER_SKIP_STATS));
                if (!*reply)
                        return -ENOMEM;
                /* After the VF list, as rtnl_fill_ifinfo() puts it, and only when non-zero. */
                if (memcmp(k->perm_addr, (uint8_t[6]){ 0 }, 6) != 0 &&
                    nla_put(*reply, IFLA_PERM_ADDRESS, 6, k->perm_addr) < 0) {
                        nlmsg_free(*reply);
                        *reply = NULL;
                        return -ENOMEM;
                }
                return 0;
        }
        if (nlh->nlmsg_type == RTM_SETLINK) {
                int r;

                if (reply)
                        *reply = NULL;
                head->n_setlinks++;
                if (head->fail_setlink_nth && head->n_setlinks == head->fail_setlink_nth)
                        return head->fail_setlink_errno ? -head->fail_setlink_errno : -EIO;
                r = fake_setlink(k, nlh, extack, extack_size);
                if (head->crash_setlink_nth && head->n_setlinks == head->crash_setlink_nth)
                        raise(head->crash_signal ? head->crash_signal : SIGKILL);
                return r;
        }
        return -EOPNOTSUPP;
}
