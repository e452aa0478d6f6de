/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's side of VF rtnetlink, built with libnl independently of lib/nl-msg.c: RTM_NEWLINK
 * answers laid out as rtnl_fill_vfinfo() lays them out, and a fake kernel that applies
 * RTM_SETLINK the way do_setlink()/do_setvfinfo() do, for ctx->netlink_transact.
 */
#ifndef FAKE_RTNL_H
#define FAKE_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libsriov-private.h"

#define FAKE_UNREPORTED (-1) /* what the kernel presets and a driver may leave */
#define FAKE_MAX_VFS 8

/* One VF as a PF driver keeps it. */
struct fake_vf {
        uint8_t mac[6];
        uint32_t vlan, qos;
        uint16_t vlan_proto; /* host order */
        uint32_t min_tx_rate, max_tx_rate;
        int32_t spoofchk, trust, rss_query; /* 0, 1 or FAKE_UNREPORTED */
        uint32_t link_state;
        struct sriov_vf_stats stats;
};

/* A default VF: MAC 02:00:00:00:00:0N, no VLAN (802.1Q), no rates, spoofchk on, trust off. */
void fake_vf_init(struct fake_vf *v, unsigned int n);

/*
 * An RTM_NEWLINK for @ifindex saying IFLA_NUM_VF @num_vf, with @n VF entries (VF numbers
 * vfs[i] is VF @first + i). Each entry is what rtnl_fill_vfinfo() sends: 196 bytes, or 296 with
 * @stats. Returns NULL when the message could not be built.
 */
struct nl_msg *fake_newlink(int ifindex, unsigned int num_vf, const struct fake_vf *vfs,
                            size_t n, unsigned int first, bool stats);

/* An address or route of the host, as the dump fake reports it. */
#define FAKE_MAX_ADDRS 8
struct fake_addr {
        int ifindex;
        int family;       /* AF_INET, AF_INET6 */
        const char *addr; /* "192.0.2.1" */
        unsigned int prefixlen;
};
struct fake_route {
        int ifindex;      /* its RTA_OIF, or with @multipath its second hop's */
        int family;
        const char *dst;  /* NULL for a default route */
        unsigned int dst_len;
        uint8_t protocol; /* RTPROT_BOOT (what `ip route add` gives), RTPROT_KERNEL, ... */
        uint32_t table;   /* RT_TABLE_MAIN, RT_TABLE_LOCAL, ... */
        bool multipath;
};

/* One RTM_NEWADDR or RTM_NEWROUTE of a dump (NLM_F_MULTI, sequence @seq), as the kernel sends. */
struct nl_msg *fake_newaddr(uint32_t seq, const struct fake_addr *a);
struct nl_msg *fake_newroute(uint32_t seq, const struct fake_route *r);

/* What one IFLA_VF_INFO of a SETLINK carried: 1 << IFLA_VF_* per attribute. */
struct fake_sent {
        unsigned int vf;
        uint32_t attrs;
};

/* The fake kernel behind ctx->netlink_transact (ctx->seam_data points at it). */
struct fake_rtnl {
        int ifindex;
        const char *ifname; /* the link's name (IFLA_IFNAME); NULL: "enp1s0" */
        unsigned int num_vf;
        struct fake_vf vfs[FAKE_MAX_VFS];
        /* The PF netdev's burned-in MAC, sent as IFLA_PERM_ADDRESS unless all zero (as
         * rtnl_fill_ifinfo() leaves it out then). */
        uint8_t perm_addr[6];
        /* The driver: SRIOV_VF_CONFIG_* fields whose attribute it refuses with refuse_err... */
        uint32_t refuse;
        int refuse_err;
        /* ...and, as igb does, 802.1ad with -EPROTONOSUPPORT and min_tx_rate with -EINVAL. */
        bool only_8021q, no_min_rate;
        /* Fields it acks but does not apply. */
        uint32_t ignore;
        /* An error for the whole SETLINK before any VF (-EPERM without CAP_NET_ADMIN). */
        int setlink_err;
        /* An error for every GETLINK (counted all the same). */
        int getlink_err;
        /* List at most this many VFs in a GETLINK answer (0: all), as a list that wrapped its
         * 16-bit length leaves the rest out; IFLA_NUM_VF still says num_vf. */
        unsigned int list_max;
        /* Extended ack message to give with a refusal, or NULL. */
        const char *extack;
        /* What it saw. */
        unsigned int getlinks, setlinks, vfinfo_lists;
        struct fake_sent sent[4][FAKE_MAX_VFS]; /* the first four SETLINKs, in order */
        size_t n_sent[4];
        /* The host's IP stack, for RTM_GETADDR and RTM_GETROUTE dumps (fake-rtnl-dump.c). */
        struct fake_addr addrs[FAKE_MAX_ADDRS];
        size_t n_addrs;
        struct fake_route routes[FAKE_MAX_ADDRS];
        size_t n_routes;
        bool strict;   /* filter dumps by ifindex, as Linux 4.20+ does with strict checking */
        int dump_err;  /* an error for every dump */
        int route6_err; /* an error for IPv6 route dumps (a kernel without IPv6) */
        bool dump_intr; /* flag every dump NLM_F_DUMP_INTR */
        unsigned int dumps;
        /* Another PF's link: requests for an ifindex not this one's go there (a host of
         * several PFs is a chain of them, with the seam's data pointing at the first). */
        struct fake_rtnl *next;
        /* Kept in the first link for the whole chain: every RTM_SETLINK counts; number
         * fail_setlink_nth (1 = the first) fails with fail_setlink_errno (0: EIO) before any
         * VF; after number crash_setlink_nth the process gets crash_signal (0: SIGKILL).
         * 0: never. */
        unsigned int n_setlinks, fail_setlink_nth, crash_setlink_nth;
        int fail_setlink_errno, crash_signal;
};

/* An igb (82576)-like fake with @num_vf VFs: refuses link state, query_rss (and reports none),
 * min_tx_rate and 802.1ad, as measured on the testbed (docs/kernel.md). */
void fake_rtnl_igb(struct fake_rtnl *k, int ifindex, unsigned int num_vf);
/* A permissive fake that applies and reports everything, permanent MAC 00:1b:21:0a:0b:0c. */
void fake_rtnl_full(struct fake_rtnl *k, int ifindex, unsigned int num_vf);

int fake_transact(struct sriov_ctx *ctx, struct nl_msg *req, struct nl_msg **reply,
                  char *extack, size_t extack_size);
/* The dump side of the same fake, for ctx->netlink_dump: every address or route of addrs and
 * routes as RTM_NEWADDR / RTM_NEWROUTE laid out as inet_fill_ifaddr(), inet6_fill_ifaddr()
 * and fib_dump_info() lay them out. */
int fake_dump(struct sriov_ctx *ctx, struct nl_msg *req, netlink_msg_fn fn, void *data,
              char *extack, size_t extack_size);

#endif
