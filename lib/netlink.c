/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The netlink transport (see netlink.h): the context's sockets (rtnetlink, and generic
 * netlink for devlink), one request and its answer
 * or its dump, the kernel's error with its extended ack message, and what is built on them:
 * the VF list get/set, and the addresses and routes of a netdev.
 * Messages are built and parsed in nl-msg.c; the requests go through ctx->netlink_transact so
 * that the unit tier can put a fake kernel behind them.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "libsriov-private.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif

/*
 * What the kernel may queue for us. A GETLINK answer is one message of up to ~300 bytes per
 * VF (more than 64 KiB past 221 VFs with stats), and the kernel queues a message only while
 * the queue holds less than this: libnl's default of 32 KiB would drop whatever follows a big
 * answer. SO_RCVBUF is capped at net.core.rmem_max; SO_RCVBUFFORCE (CAP_NET_ADMIN, which
 * setting VFs needs anyway) is not.
 */
#define NETLINK_RCVBUF (1 << 20)

static void set_rcvbuf(int fd)
{
        int size = NETLINK_RCVBUF;

        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
                (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

/*
 * The socket for @req: the generic netlink one for messages marked NETLINK_GENERIC (devlink),
 * the rtnetlink one for the rest; each opened on first use.
 */
static int netlink_open(struct sriov_ctx *ctx, const struct nl_msg *req, struct nl_sock **ret)
{
        bool genl = nlmsg_get_proto((struct nl_msg *)req) == NETLINK_GENERIC;
        struct nl_sock **slot = genl ? &ctx->genl : &ctx->nl;
        struct nl_sock *sk;
        int one = 1, fd, r;

        *ret = *slot;
        if (*slot)
                return 0;
        sk = nl_socket_alloc();
        if (!sk)
                return -ENOMEM;
        /* The builders say which requests want an ack; libnl would add one to every request. */
        nl_socket_disable_auto_ack(sk);
        r = nl_connect(sk, genl ? NETLINK_GENERIC : NETLINK_ROUTE);
        if (r < 0) {
                nl_socket_free(sk);
                r = nl_error_to_errno(r);
                dbg(ctx, "%s socket: %s", genl ? "generic netlink" : "rtnetlink", strerror(-r));
                return r;
        }
        fd = nl_socket_get_fd(sk);
        r = netlink_kernel_only(fd);
        if (r < 0) {
                nl_socket_free(sk);
                dbg(ctx, "%s socket: connect to the kernel: %s",
                    genl ? "generic netlink" : "rtnetlink", strerror(-r));
                return r;
        }
        set_rcvbuf(fd);
        /* Drivers and the core explain many refusals only there (Linux 4.12 and later). */
        if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0)
                dbg(ctx, "NETLINK_EXT_ACK: %s; errors come without the kernel's message",
                    strerror(errno));
        /* An error need not echo a 60 KiB request back to us. */
        (void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
        /*
         * Dumps honour the ifindex they ask for only with strict checking (Linux 4.20 and
         * later); without it they list every address and route of the host, which the
         * parsers then filter.
         */
        (void)setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
        *slot = *ret = sk;
        return 0;
}

int netlink_kernel_only(int fd)
{
        const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

        return connect(fd, (const struct sockaddr *)&kernel, sizeof(kernel)) < 0 ? -errno : 0;
}

void netlink_close(struct sriov_ctx *ctx)
{
        if (!ctx)
                return;
        nl_socket_free(ctx->nl);
        nl_socket_free(ctx->genl);
        ctx->nl = ctx->genl = NULL;
}

/* NLMSGERR_ATTR_MSG of an NLMSG_ERROR, if the kernel added one. */
static void copy_extack(const struct nlmsghdr *nlh, char *extack, size_t size)
{
        const struct nlmsgerr *e = nlmsg_data(nlh);
        size_t payload = sizeof(*e);
        const struct nlattr *a;
        int rem;

        if (!extack || size == 0 || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
                return;
        /* Without NLM_F_CAPPED the request's payload sits between the header and the TLVs. */
        if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
                if (e->msg.nlmsg_len < NLMSG_HDRLEN)
                        return;
                payload += e->msg.nlmsg_len - NLMSG_HDRLEN;
        }
        if (NLMSG_HDRLEN + NLMSG_ALIGN(payload) >= nlh->nlmsg_len)
                return;
        nla_for_each_attr(a, (struct nlattr *)((const char *)e + NLMSG_ALIGN(payload)),
                          (int)(nlh->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(payload)), rem) {
                if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
                        size_t n = strnlen(nla_data(a), (size_t)nla_len(a));

                        if (n >= size)
                                n = size - 1;
                        memcpy(extack, nla_data(a), n);
                        extack[n] = '\0';
                        return;
                }
        }
}

/*
 * One datagram from the kernel into a buffer of its size. A netlink message that does not fit
 * the buffer is cut without an error, so peek at its length first (MSG_PEEK | MSG_TRUNC make
 * recvmsg() return the whole length), then read it, and still refuse a read flagged MSG_TRUNC.
 * libnl's nl_recv() does this only when message peeking is on, which
 * nl_socket_set_msg_buf_size() quietly turns off, and it hides msg_flags: hence our own.
 */
static int recv_datagram(struct sriov_ctx *ctx, int fd, void **ret, size_t *len)
{
        struct sockaddr_nl sa;
        struct iovec iov = { 0 };
        struct msghdr mh = { .msg_name = &sa, .msg_namelen = sizeof(sa), .msg_iov = &iov,
                             .msg_iovlen = 1 };
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        uint64_t deadline = sriov_now_msec() + ctx->timeout_msec;
        ssize_t n;
        void *buf;
        int r;

        /* The answer to a request already sent is waited for through signals (the kernel is
         * carrying it out), but never past the timeout. */
        do
                r = poll(&pfd, 1, (int)sriov_msec_left(deadline));
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return -errno;
        if (r == 0)
                return -ETIMEDOUT;

        do
                n = recvmsg(fd, &mh, MSG_PEEK | MSG_TRUNC);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        buf = malloc(n > 0 ? (size_t)n : 1);
        if (!buf)
                return -ENOMEM;
        iov.iov_base = buf;
        iov.iov_len = (size_t)n;
        mh.msg_namelen = sizeof(sa);
        do
                n = recvmsg(fd, &mh, 0);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
                r = -errno;
                free(buf);
                return r;
        }
        if (mh.msg_flags & MSG_TRUNC) {
                free(buf);
                return -EMSGSIZE;
        }
        if (mh.msg_namelen < sizeof(sa) || sa.nl_pid != 0) {
                dbg(ctx, "netlink: dropped a datagram that is not from the kernel");
                n = 0;
        }
        *ret = buf;
        *len = (size_t)n;
        return 0;
}

/*
 * Send @req and read until its answer is complete, handing each answer message to @fn (may be
 * NULL). The answer ends with an NLMSG_ERROR (an error, or the ack asked for), an NLMSG_DONE
 * (a dump), or, for a request that wants no ack, its first message without NLM_F_MULTI.
 * Once @fn fails it is not called again, but the answer is still read to its end: a socket
 * with a dump in progress refuses the next dump with -EBUSY.
 */
static int exchange(struct sriov_ctx *ctx, struct nl_msg *req, netlink_msg_fn fn, void *data,
                    char *extack, size_t extack_size)
{
        bool want_ack, done = false, interrupted = false;
        struct nl_sock *sk;
        uint32_t seq, port;
        int fd, r, fn_r = 0;

        if (extack && extack_size)
                extack[0] = '\0';
        r = netlink_open(ctx, req, &sk);
        if (r < 0)
                return r;
        r = nl_send_auto(sk, req);
        if (r < 0)
                return nl_error_to_errno(r);
        /* nl_send_auto() gave the request our port and the next sequence number. */
        seq = nlmsg_hdr(req)->nlmsg_seq;
        port = nl_socket_get_local_port(sk);
        want_ack = nlmsg_hdr(req)->nlmsg_flags & NLM_F_ACK;
        fd = nl_socket_get_fd(sk);

        r = 0;
        while (!done) {
                struct nlmsghdr *nlh;
                void *buf = NULL;
                size_t len = 0;
                int rem;

                r = recv_datagram(ctx, fd, &buf, &len);
                if (r < 0)
                        break;
                rem = (int)len;
                for (nlh = buf; !done && nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
                        /* Left over from a request that timed out, or not ours at all. */
                        if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != port) {
                                dbg(ctx, "netlink: dropped message type %u seq %u (want %u)",
                                    nlh->nlmsg_type, nlh->nlmsg_seq, seq);
                                continue;
                        }
                        if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
                                interrupted = true;
                        switch (nlh->nlmsg_type) {
                        case NLMSG_NOOP:
                                continue;
                        case NLMSG_OVERRUN:
                                r = -ENOBUFS;
                                done = true;
                                continue;
                        case NLMSG_DONE:
                                /* A dump that failed part-way says so here (Linux 4.20+). */
                                if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
                                        int e;

                                        memcpy(&e, nlmsg_data(nlh), sizeof(e));
                                        if (e < 0)
                                                r = e;
                                }
                                done = true;
                                continue;
                        case NLMSG_ERROR: {
                                const struct nlmsgerr *e = nlmsg_data(nlh);

                                done = true;
                                if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
                                        r = -EBADMSG;
                                        continue;
                                }
                                copy_extack(nlh, extack, extack_size);
                                r = e->error > 0 ? -e->error : e->error;
                                continue;
                        }
                        default:
                                break;
                        }
                        if (fn && fn_r == 0)
                                fn_r = fn(nlh, data);
                        /* Without an ack, one answer (or the NLMSG_DONE of a dump) ends it. */
                        if (!want_ack && !(nlh->nlmsg_flags & NLM_F_MULTI))
                                done = true;
                }
                free(buf);
        }
        if (r < 0)
                return r;
        if (fn_r < 0)
                return fn_r;
        return interrupted ? -EAGAIN : 0;
}

/* netlink_transact()'s answer: the first message, copied. */
static int keep_first(const struct nlmsghdr *nlh, void *data)
{
        struct nl_msg **answer = data;

        if (*answer)
                return 0;
        *answer = nlmsg_convert((struct nlmsghdr *)nlh);
        return *answer ? 0 : -ENOMEM;
}

int netlink_transact(struct sriov_ctx *ctx, struct nl_msg *req, struct nl_msg **reply,
                     char *extack, size_t extack_size)
{
        struct nl_msg *answer = NULL;
        int r;

        r = exchange(ctx, req, reply ? keep_first : NULL, &answer, extack, extack_size);
        if (r < 0) {
                nlmsg_free(answer);
                return r;
        }
        if (reply)
                *reply = answer;
        return 0;
}

int netlink_dump(struct sriov_ctx *ctx, struct nl_msg *req, netlink_msg_fn fn, void *data,
                 char *extack, size_t extack_size)
{
        if (!(nlmsg_hdr(req)->nlmsg_flags & NLM_F_DUMP))
                return -EINVAL;
        return exchange(ctx, req, fn, data, extack, extack_size);
}

void link_vfs_free(struct link_vfs *l)
{
        free(l->vfs);
        l->vfs = NULL;
        l->count = 0;
}

bool link_vfs_truncated(const struct link_vfs *l)
{
        return l->count < l->num_vf;
}

static int cmp_vf(const void *key, const void *elem)
{
        unsigned int vf = *(const unsigned int *)key;
        const struct vf_info *vi = elem;

        return vf < vi->vf ? -1 : vf > vi->vf;
}

const struct vf_info *link_vfs_find(const struct link_vfs *l, unsigned int vf)
{
        if (!l || !l->count)
                return NULL;
        return bsearch(&vf, l->vfs, l->count, sizeof(*l->vfs), cmp_vf);
}

int netlink_get_link_vfs(struct sriov_ctx *ctx, int ifindex, bool stats, struct link_vfs *ret)
{
        struct nl_msg *req = NULL, *reply = NULL;
        struct link_vfs l;
        char extack[256];
        int r;

        r = nlmsg_build_getlink(ifindex, stats, &req);
        if (r < 0)
                return r;
        r = ctx->netlink_transact(ctx, req, &reply, extack, sizeof(extack));
        nlmsg_free(req);
        if (r < 0) {
                if (extack[0])
                        info(ctx, "RTM_GETLINK ifindex %d: %s", ifindex, extack);
                return r;
        }
        if (!reply)
                return -EBADMSG; /* an ack where the link should have been */
        r = nlmsg_parse_link_vfs(nlmsg_hdr(reply), &l);
        nlmsg_free(reply);
        if (r < 0)
                return r;
        if (l.ifindex != ifindex) {
                link_vfs_free(&l);
                return -EBADMSG;
        }
        dbg(ctx, "ifindex %d: %u VFs, %zu reported", ifindex, l.num_vf, l.count);
        *ret = l;
        return 0;
}

int netlink_set_link_vfs(struct sriov_ctx *ctx, int ifindex, const struct vf_set *sets, size_t n,
                         char *extack, size_t extack_size)
{
        size_t max = nlmsg_setlink_vfs_max();

        if (extack && extack_size)
                extack[0] = '\0';
        /*
         * One request, unless the list would pass the 64 KiB an attribute can hold. The
         * kernel stops at the first refusal either way, so the caller's rollback sees the
         * same thing: everything before the refused attribute applied, nothing after it.
         */
        for (size_t done = 0; done < n;) {
                size_t k = n - done < max ? n - done : max;
                struct nl_msg *req = NULL;
                int r;

                r = nlmsg_build_setlink_vfs(ifindex, sets + done, k, &req);
                if (r < 0)
                        return r;
                dbg(ctx, "RTM_SETLINK ifindex %d: %zu VF entries", ifindex, k);
                r = ctx->netlink_transact(ctx, req, NULL, extack, extack_size);
                nlmsg_free(req);
                if (r < 0)
                        return r;
                done += k;
        }
        return 0;
}

struct usage_dump {
        int family, ifindex;
        bool routes;
        struct if_usage *u;
};

static int count_use(const struct nlmsghdr *nlh, void *data)
{
        struct usage_dump *d = data;
        char text[sizeof(d->u->first)];
        int r;

        if (d->routes)
                r = nlmsg_parse_route_use(nlh, d->family, d->ifindex, text, sizeof(text));
        else
                r = nlmsg_parse_addr_use(nlh, d->ifindex, text, sizeof(text));
        if (r < 0)
                return r;
        if (r == 0)
                return 0;
        if (!d->u->addrs && !d->u->routes)
                snprintf(d->u->first, sizeof(d->u->first), "%s", text);
        if (d->routes)
                d->u->routes++;
        else
                d->u->addrs++;
        return 0;
}

/* One dump into @u; an interrupted dump is asked again, a few times. */
static int dump_usage(struct sriov_ctx *ctx, struct usage_dump *d)
{
        struct if_usage before = *d->u;
        char extack[256];
        int r = -EAGAIN;

        for (int tries = 0; tries < 3 && r == -EAGAIN; tries++) {
                struct nl_msg *req = NULL;

                *d->u = before;
                r = d->routes ? nlmsg_build_getroute_dump(d->family, d->ifindex, &req)
                              : nlmsg_build_getaddr_dump(d->ifindex, &req);
                if (r < 0)
                        return r;
                r = ctx->netlink_dump(ctx, req, count_use, d, extack, sizeof(extack));
                nlmsg_free(req);
                if (r < 0 && r != -EAGAIN && extack[0])
                        info(ctx, "%s dump of ifindex %d: %s", d->routes ? "route" : "address",
                             d->ifindex, extack);
        }
        /* Still interrupted: what was seen is still a fair answer to "is anything there". */
        return r == -EAGAIN ? 0 : r;
}

int netlink_get_if_usage(struct sriov_ctx *ctx, int ifindex, struct if_usage *ret)
{
        struct if_usage u = { 0 };
        struct usage_dump d = { .ifindex = ifindex, .u = &u };
        int r;

        if (ifindex <= 0 || !ret)
                return -EINVAL;
        r = dump_usage(ctx, &d);
        d.routes = true;
        d.family = AF_INET;
        if (r == 0)
                r = dump_usage(ctx, &d);
        /* A kernel without IPv6 refuses the family (or answers with every family: filtered). */
        d.family = AF_INET6;
        if (r == 0) {
                r = dump_usage(ctx, &d);
                if (r == -EAFNOSUPPORT || r == -EOPNOTSUPP)
                        r = 0;
        }
        if (r < 0)
                return r;
        dbg(ctx, "ifindex %d: %u addresses, %u routes", ifindex, u.addrs, u.routes);
        *ret = u;
        return 0;
}
