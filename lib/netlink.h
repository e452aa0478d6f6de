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
};

/* A PF link's VF list. */
struct link_vfs {
        int ifindex;
        char ifname[16];     /* IFLA_IFNAME, to tell a reused or renamed ifindex */
        unsigned int num_vf; /* IFLA_NUM_VF: how many VFs the kernel says exist */
        size_t count;        /* entries in vfs; fewer than num_vf when the list was cut */
        struct vf_info *vfs; /* sorted by vf */
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

int netlink_get_link_vfs(struct sriov_ctx *ctx, int ifindex, bool stats, struct link_vfs *ret);
int netlink_set_link_vfs(struct sriov_ctx *ctx, int ifindex, const struct vf_set *sets, size_t n,
                         char *extack, size_t extack_size);

#endif
