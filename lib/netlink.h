/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rtnetlink for VF settings, in three layers that never mix (as libmnl does it):
 *   nl-msg.c     pure builders and parsers of libnl messages; tested without a socket
 *   netlink.c    the transport: the context's socket, extended acks, libnl errors -> -errno
 *   vf-config.c  what callers use: read, validate, diff, apply all-or-nothing, verify
 */
#ifndef SRIOV_NETLINK_H
#define SRIOV_NETLINK_H

#include <stdbool.h>
#include <stddef.h>

#include "libsriov.h"

struct nl_msg;
struct nlmsghdr;
struct sriov_ctx;

/* One VF as RTM_NEWLINK describes it. */
struct vf_info {
        unsigned int vf;
        struct sriov_vf_config cfg; /* cfg.mask: the fields the kernel gave a value for */
        bool have_stats;
        struct sriov_vf_stats stats;
        unsigned int order; /* its place in the answer: of a VF listed twice, the first counts */
};

/* A PF link's VF list, and what else of the same answer the library uses. */
struct link_vfs {
        int ifindex;
        char ifname[16];     /* IFLA_IFNAME, to tell a reused or renamed ifindex */
        unsigned int num_vf; /* IFLA_NUM_VF: how many VFs the kernel says exist */
        size_t count;        /* entries in vfs; fewer than num_vf when the list was cut */
        struct vf_info *vfs; /* sorted by vf, each VF once */
        /* IFLA_PERM_ADDRESS: the kernel sends it (Linux 5.6 on) when the driver set a non-zero
         * one; only a 6-byte (Ethernet) one is taken. */
        bool has_perm_addr;
        uint8_t perm_addr[6];
};

void link_vfs_free(struct link_vfs *l); /* frees l->vfs, keeps l */
bool link_vfs_truncated(const struct link_vfs *l);
/* The entry of VF @vf, or NULL. */
const struct vf_info *link_vfs_find(const struct link_vfs *l, unsigned int vf);

/* What one VF entry of an RTM_SETLINK carries: cfg.mask selects the attributes. VLAN, QOS and
 * VLAN_PROTO travel together in IFLA_VF_VLAN_LIST, MIN/MAX_TX_RATE together in IFLA_VF_RATE:
 * the caller fills all of a group's values when any of its bits is set. */
struct vf_set {
        unsigned int vf;
        struct sriov_vf_config cfg;
};

/* ---- nl-msg.c ---- */
int nlmsg_build_getlink(int ifindex, bool stats, struct nl_msg **ret);
int nlmsg_build_setlink_vfs(int ifindex, const struct vf_set *sets, size_t n,
                            struct nl_msg **ret);
/* How many VF entries one RTM_SETLINK can carry: IFLA_VFINFO_LIST's length is 16 bits.
 * nlmsg_build_setlink_vfs() refuses more with -EMSGSIZE. */
size_t nlmsg_setlink_vfs_max(void);
/* Parse an RTM_NEWLINK into @ret (which the caller frees with link_vfs_free()). */
int nlmsg_parse_link_vfs(const struct nlmsghdr *nlh, struct link_vfs *ret);
/* libnl's -NLE_* codes as -errno, in this one place. */
int nl_error_to_errno(int nle);
/*
 * Dumps of one netdev's addresses (both families) and of its routes (@family AF_INET or
 * AF_INET6). The kernel filters by @ifindex only with strict checking (Linux 4.20 and later),
 * so the parsers filter too.
 */
int nlmsg_build_getaddr_dump(int ifindex, struct nl_msg **ret);
int nlmsg_build_getroute_dump(int family, int ifindex, struct nl_msg **ret);
/*
 * One answer of those dumps: 1 when it is an address or route of @ifindex (of @family, or
 * either with AF_UNSPEC) that counts as use, with @text (may be NULL) saying which
 * ("address 192.0.2.1/24", "route 198.51.100.0/24"); 0 when it does not count; -EBADMSG.
 * Not counted: IPv6 link-local addresses, which the kernel gives every up link, and routes
 * the kernel made itself (RTPROT_KERNEL, the local table, cached clones, multicast).
 */
int nlmsg_parse_addr_use(const struct nlmsghdr *nlh, int ifindex, char *text, size_t size);
int nlmsg_parse_route_use(const struct nlmsghdr *nlh, int family, int ifindex, char *text,
                          size_t size);

/* ---- netlink.c ---- */
/*
 * One request, one answer. @reply receives the answer message for requests that have one
 * (NULL for acks). On a kernel error returns its -errno and copies the extended ack message,
 * when there is one, into @extack (else "").
 */
typedef int (*netlink_transact_fn)(struct sriov_ctx *ctx, struct nl_msg *req,
                                   struct nl_msg **reply, char *extack, size_t extack_size);
int netlink_transact(struct sriov_ctx *ctx, struct nl_msg *req, struct nl_msg **reply,
                     char *extack, size_t extack_size);
void netlink_close(struct sriov_ctx *ctx);
/*
 * Connect netlink socket @fd to the kernel (port 0): the kernel then refuses other sockets'
 * unicast to it (ECONNREFUSED to the sender), so whoever may send to it (CAP_NET_ADMIN over
 * its network namespace: a pod's root, in the pod's) cannot queue forged answers in it or
 * fill its buffer until the kernel's own are lost (ENOBUFS). Multicast still arrives, the
 * kernel's and such a sender's alike: a socket that joins groups checks the sender port too.
 * 0 or -errno.
 */
int netlink_kernel_only(int fd);

int netlink_get_link_vfs(struct sriov_ctx *ctx, int ifindex, bool stats, struct link_vfs *ret);
int netlink_set_link_vfs(struct sriov_ctx *ctx, int ifindex, const struct vf_set *sets, size_t n,
                         char *extack, size_t extack_size);

/* ---- dumps: one request, many answers up to NLMSG_DONE (netlink.c) ---- */
/*
 * Called with each answer of a dump. A negative return stops the calls and becomes the dump's
 * result; the rest of the dump is still read, because a socket with a dump in progress
 * refuses the next dump with -EBUSY.
 */
typedef int (*netlink_msg_fn)(const struct nlmsghdr *nlh, void *data);
/*
 * Send a dump request (NLM_F_DUMP) and hand every answer to @fn. Returns 0, the kernel's or
 * @fn's -errno, or -EAGAIN when the kernel flagged the dump as interrupted (NLM_F_DUMP_INTR:
 * what changed meanwhile may be missing or seen twice; ask again).
 */
typedef int (*netlink_dump_fn)(struct sriov_ctx *ctx, struct nl_msg *req, netlink_msg_fn fn,
                               void *data, char *extack, size_t extack_size);
int netlink_dump(struct sriov_ctx *ctx, struct nl_msg *req, netlink_msg_fn fn, void *data,
                 char *extack, size_t extack_size);

/* What ties a netdev to the host's IP stack: addresses and routes through it. */
struct if_usage {
        unsigned int addrs;  /* IPv4 and IPv6 addresses, IPv6 link-local ones not counted */
        unsigned int routes; /* routes through it that the kernel did not derive itself */
        char first[80];      /* the first one found, for messages: "address 192.0.2.1/24" */
};

/* RTM_GETADDR and RTM_GETROUTE dumps, filtered to @ifindex. */
int netlink_get_if_usage(struct sriov_ctx *ctx, int ifindex, struct if_usage *ret);

#endif
