/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VF's netdev, in the host's network namespace and in the container's, over rtnetlink
 * (libnl-route). A socket opened while this thread is in a namespace stays in it, so each
 * namespace gets its socket once (setns() there and back) and every call after is a plain
 * request. Each function changes one thing, so that a refusal names what was refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include "cni.h"
#include "mac.h"

struct netns {
        char path[256]; /* "" for the host's */
        int fd;         /* the namespace, for moving a netdev into it */
        struct nl_sock *sk;
};

static const char *where(const struct netns *ns)
{
        return ns->path[0] ? ns->path : "the host";
}

static int nl_fail(struct cni_error *e, int nle, const char *fmt, const char *a, const char *b)
{
        char what[512];

        snprintf(what, sizeof(what), fmt, a, b);
        return cni_fail(e, CNI_ERR_NETDEV, "%s: %s", what, nl_geterror(nle));
}

/*
 * Only the kernel answers us. A netlink socket takes datagrams from any other netlink socket of
 * its namespace, and libnl takes any message with the expected sequence number (the time the
 * socket was made, in libnl 3.7) for the answer: a tenant's root in a pod's namespace, or any
 * user in the host's, could answer our dump naming its own netdev as the VF's. The sender's port
 * id is the one thing the kernel stamps on a datagram and no sender can choose (0 is the
 * kernel's own), so every message not from port 0 is dropped, as lib/netlink.c's
 * recv_datagram() does. The sequence numbers are then left as libnl makes them: only the
 * kernel's own messages ever reach their check.
 */
int netlink_from_kernel_only(struct nl_msg *msg, void *unused)
{
        (void)unused;
        return nlmsg_get_src(msg)->nl_pid == 0 ? NL_OK : NL_SKIP;
}

int netns_adopt(struct nl_sock *sk, int fd, const char *path, struct netns **ret,
                struct cni_error *e)
{
        struct netns *ns = calloc(1, sizeof(*ns));

        if (!ns) {
                nl_socket_free(sk);
                close(fd);
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        }
        snprintf(ns->path, sizeof(ns->path), "%s", path ? path : "");
        ns->fd = fd;
        ns->sk = sk;
        /* Before anything is read: NL_CB_MSG_IN runs ahead of libnl's own checks, and libnl's
         * requests (rtnl_link_get_kernel(), rtnl_link_change()) read with clones of it. */
        nl_socket_modify_cb(sk, NL_CB_MSG_IN, NL_CB_CUSTOM, netlink_from_kernel_only, NULL);
        *ret = ns;
        return 0;
}

int netns_open_fd(int fd, const char *path, struct netns **ret, struct cni_error *e)
{
        static const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
        const char *label = path && path[0] ? path : "the host";
        struct nl_sock *sk = nl_socket_alloc();
        int self = -1, r;

        if (!sk) {
                close(fd);
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        }
        if (path && path[0]) {
                self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
                if (self < 0 || setns(fd, CLONE_NEWNET) < 0) {
                        r = errno;
                        if (self >= 0)
                                close(self);
                        nl_socket_free(sk);
                        close(fd);
                        return cni_fail(e, CNI_ERR_IO, "netns %s: enter: %s", label, strerror(r));
                }
        }
        r = nl_connect(sk, NETLINK_ROUTE);
        /* Connected to the kernel, the socket is one the kernel refuses other sockets' datagrams
         * to (ECONNREFUSED to the sender): forged answers do not even reach the queue, where
         * they would still end a read early. netlink_from_kernel_only() is the check. */
        if (r == 0 && connect(nl_socket_get_fd(sk), (const struct sockaddr *)&kernel,
                              sizeof(kernel)) < 0)
                r = -nl_syserr2nlerr(errno);
        if (self >= 0 && setns(self, CLONE_NEWNET) < 0) {
                /* Stuck in the container's namespace: nothing after could be trusted. */
                abort();
        }
        if (self >= 0)
                close(self);
        if (r < 0) {
                nl_socket_free(sk);
                close(fd);
                return cni_fail(e, CNI_ERR_NETDEV, "netns %s: netlink socket: %s", label,
                                nl_geterror(r));
        }
        return netns_adopt(sk, fd, path, ret, e);
}

int netns_open(const char *path, struct netns **ret, struct cni_error *e)
{
        int fd = open(path ? path : "/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

        int r = errno;

        if (fd < 0)
                return cni_fail(e, r == ENOENT ? CNI_ERR_UNKNOWN_CONTAINER : CNI_ERR_IO,
                                "netns %s: %s", path ? path : "of the host", strerror(r));
        return netns_open_fd(fd, path, ret, e);
}

void netns_close(struct netns *ns)
{
        if (!ns)
                return;
        if (ns->sk)
                nl_socket_free(ns->sk);
        if (ns->fd >= 0)
                close(ns->fd);
        free(ns);
}

int netns_fd(const struct netns *ns)
{
        return ns->fd;
}

const char *netns_path(const struct netns *ns)
{
        return where(ns);
}

/* ---- finding the VF's netdev --------------------------------------------------------------- */

struct pci_match {
        const char *pci;
        int ifindex;
        char name[16];
        bool done;
};

/* IFLA_PARENT_DEV_NAME (Linux 5.15): the device under the netdev, the VF's PCI address, on the
 * bus IFLA_PARENT_DEV_BUS_NAME ("pci": a device of another bus may have any name). */
static int on_link(struct nl_msg *msg, void *data)
{
        struct pci_match *m = data;
        struct nlmsghdr *nlh = nlmsg_hdr(msg);
        struct nlattr *tb[IFLA_MAX + 1];
        struct ifinfomsg *ifi = nlmsg_data(nlh);

        if (nlh->nlmsg_type != RTM_NEWLINK ||
            nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
                return NL_OK;
        if (m->ifindex == 0 && tb[IFLA_PARENT_DEV_NAME] && tb[IFLA_PARENT_DEV_BUS_NAME] &&
            tb[IFLA_IFNAME] && strcmp(nla_get_string(tb[IFLA_PARENT_DEV_BUS_NAME]), "pci") == 0 &&
            strcmp(nla_get_string(tb[IFLA_PARENT_DEV_NAME]), m->pci) == 0) {
                m->ifindex = ifi->ifi_index;
                snprintf(m->name, sizeof(m->name), "%s", nla_get_string(tb[IFLA_IFNAME]));
        }
        return NL_OK;
}

static int on_done(struct nl_msg *msg, void *data)
{
        struct pci_match *m = data;

        (void)msg;
        m->done = true;
        return NL_STOP;
}

int netdev_find_by_pci(struct netns *ns, const char *pci, int *ifindex, char name[16],
                       struct cni_error *e)
{
        struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
        struct pci_match m = { .pci = pci };
        int r;

        r = nl_send_simple(ns->sk, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi));
        if (r >= 0) {
                nl_socket_modify_cb(ns->sk, NL_CB_VALID, NL_CB_CUSTOM, on_link, &m);
                nl_socket_modify_cb(ns->sk, NL_CB_FINISH, NL_CB_CUSTOM, on_done, &m);
                /* To the dump's NLMSG_DONE: libnl stops reading after a datagram it dropped
                 * whole, and what is left of the dump would answer the next request. */
                do
                        r = nl_recvmsgs_default(ns->sk);
                while (r >= 0 && !m.done);
                nl_socket_modify_cb(ns->sk, NL_CB_VALID, NL_CB_DEFAULT, NULL, NULL);
                nl_socket_modify_cb(ns->sk, NL_CB_FINISH, NL_CB_DEFAULT, NULL, NULL);
        }
        if (r < 0)
                return nl_fail(e, r, "netns %s: list netdevs%s", where(ns), "");
        if (!m.ifindex)
                return 0;
        *ifindex = m.ifindex;
        snprintf(name, 16, "%s", m.name);
        return 1;
}

int netdev_find_by_name(struct netns *ns, const char *name, int *ifindex, struct cni_error *e)
{
        struct rtnl_link *link = NULL;
        int r = rtnl_link_get_kernel(ns->sk, 0, name, &link);

        if (r == -NLE_NODEV || r == -NLE_OBJ_NOTFOUND)
                return 0;
        if (r < 0)
                return nl_fail(e, r, "netns %s: netdev %s", where(ns), name);
        *ifindex = rtnl_link_get_ifindex(link);
        rtnl_link_put(link);
        return 1;
}

int netdev_get(struct netns *ns, int ifindex, struct netdev_state *ret, struct cni_error *e)
{
        struct rtnl_link *link = NULL;
        struct nl_addr *a;
        char idx[16];
        int r = rtnl_link_get_kernel(ns->sk, ifindex, NULL, &link);

        snprintf(idx, sizeof(idx), "%d", ifindex);
        if (r < 0)
                return nl_fail(e, r, "netns %s: netdev %s", where(ns), idx);
        memset(ret, 0, sizeof(*ret));
        snprintf(ret->name, sizeof(ret->name), "%s", rtnl_link_get_name(link));
        ret->mtu = rtnl_link_get_mtu(link);
        ret->up = rtnl_link_get_flags(link) & IFF_UP;
        a = rtnl_link_get_addr(link);
        if (a && nl_addr_get_len(a) == 6)
                memcpy(ret->mac, nl_addr_get_binary_addr(a), 6);
        rtnl_link_put(link);
        return 0;
}

/* ---- changing it ------------------------------------------------------------------------------ */

static int change(struct netns *ns, int ifindex, struct rtnl_link *c, const char *what,
                  struct cni_error *e)
{
        struct rtnl_link *orig = rtnl_link_alloc();
        struct netdev_state st = { .name = "?" };
        struct cni_error ignore = { 0 };
        int r;

        if (!orig) {
                rtnl_link_put(c);
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        }
        rtnl_link_set_ifindex(orig, ifindex);
        r = rtnl_link_change(ns->sk, orig, c, 0);
        rtnl_link_put(orig);
        rtnl_link_put(c);
        if (r < 0) {
                netdev_get(ns, ifindex, &st, &ignore);
                return nl_fail(e, r, "netdev %s: %s", st.name, what);
        }
        return 0;
}

int netdev_set_up(struct netns *ns, int ifindex, bool up, struct cni_error *e)
{
        struct rtnl_link *c = rtnl_link_alloc();

        if (!c)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        if (up)
                rtnl_link_set_flags(c, IFF_UP);
        else
                rtnl_link_unset_flags(c, IFF_UP);
        return change(ns, ifindex, c, up ? "set up" : "set down", e);
}

int netdev_set_mac(struct netns *ns, int ifindex, const uint8_t mac[6], struct cni_error *e)
{
        struct rtnl_link *c = rtnl_link_alloc();
        struct nl_addr *a = nl_addr_build(AF_LLC, mac, 6);
        char what[64], text[SRIOV_MAC_TEXT_MAX];

        if (!c || !a) {
                rtnl_link_put(c);
                nl_addr_put(a);
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        }
        rtnl_link_set_addr(c, a);
        nl_addr_put(a);
        snprintf(what, sizeof(what), "set mac %s", sriov_mac_format(mac, text));
        return change(ns, ifindex, c, what, e);
}

int netdev_set_mtu(struct netns *ns, int ifindex, unsigned int mtu, struct cni_error *e)
{
        struct rtnl_link *c = rtnl_link_alloc();
        char what[32];

        if (!c)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        rtnl_link_set_mtu(c, mtu);
        snprintf(what, sizeof(what), "set mtu %u", mtu);
        return change(ns, ifindex, c, what, e);
}

int netdev_rename(struct netns *ns, int ifindex, const char *name, struct cni_error *e)
{
        struct rtnl_link *c = rtnl_link_alloc();
        char what[48];

        if (!c)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        rtnl_link_set_name(c, name);
        snprintf(what, sizeof(what), "rename to %s", name);
        return change(ns, ifindex, c, what, e);
}

int netdev_move(struct netns *from, int ifindex, struct netns *to, const char *name,
                struct cni_error *e)
{
        struct rtnl_link *c = rtnl_link_alloc();
        char what[320];

        if (!c)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        rtnl_link_set_ns_fd(c, to->fd);
        rtnl_link_set_name(c, name);
        snprintf(what, sizeof(what), "move into netns %s as %s", where(to), name);
        return change(from, ifindex, c, what, e);
}

/* ---- addresses and routes ------------------------------------------------------------------------ */

/* The same prefix: libnl reads a default route's destination as an empty address, and
 * "0.0.0.0/0" as four zero bytes of prefix 0. */
static bool same_prefix(struct nl_addr *a, struct nl_addr *b)
{
        if (nl_addr_get_prefixlen(a) == 0 && nl_addr_get_prefixlen(b) == 0)
                return nl_addr_get_family(a) == nl_addr_get_family(b) ||
                       nl_addr_get_len(a) == 0 || nl_addr_get_len(b) == 0;
        return nl_addr_cmp(a, b) == 0;
}

static int parse_prefix(const char *text, struct nl_addr **ret, struct cni_error *e)
{
        int r = nl_addr_parse(text, AF_UNSPEC, ret);

        if (r < 0)
                return cni_fail(e, CNI_ERR_IPAM, "address %s: %s", text, nl_geterror(r));
        return 0;
}

int netdev_add_address(struct netns *ns, int ifindex, const char *cidr, struct cni_error *e)
{
        struct rtnl_addr *a = rtnl_addr_alloc();
        struct nl_addr *local = NULL;
        int r;

        if (!a)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        if (parse_prefix(cidr, &local, e) < 0) {
                rtnl_addr_put(a);
                return -1;
        }
        rtnl_addr_set_ifindex(a, ifindex);
        rtnl_addr_set_family(a, nl_addr_get_family(local));
        r = rtnl_addr_set_local(a, local);
        if (r == 0)
                r = rtnl_addr_add(ns->sk, a, 0);
        nl_addr_put(local);
        rtnl_addr_put(a);
        if (r < 0)
                return nl_fail(e, r, "netns %s: add address %s", where(ns), cidr);
        return 0;
}

struct addr_match {
        int ifindex;
        struct nl_addr *want;
        bool found;
};

static void match_addr(struct nl_object *o, void *data)
{
        struct addr_match *m = data;
        struct rtnl_addr *a = (struct rtnl_addr *)o;
        struct nl_addr *local = rtnl_addr_get_local(a);

        if (rtnl_addr_get_ifindex(a) == m->ifindex && local && nl_addr_cmp(local, m->want) == 0)
                m->found = true;
}

int netdev_has_address(struct netns *ns, int ifindex, const char *cidr, struct cni_error *e)
{
        struct addr_match m = { .ifindex = ifindex };
        struct nl_cache *cache = NULL;
        int r;

        if (parse_prefix(cidr, &m.want, e) < 0)
                return -1;
        r = rtnl_addr_alloc_cache(ns->sk, &cache);
        if (r == 0)
                nl_cache_foreach(cache, match_addr, &m);
        nl_cache_free(cache);
        nl_addr_put(m.want);
        if (r < 0)
                return nl_fail(e, r, "netns %s: list addresses%s", where(ns), "");
        return m.found;
}

int netdev_add_route(struct netns *ns, int ifindex, const char *dst, const char *gw,
                     struct cni_error *e)
{
        struct rtnl_route *rt = rtnl_route_alloc();
        struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
        struct nl_addr *d = NULL, *g = NULL;
        int r = -1;

        if (!rt || !nh) {
                cni_fail(e, CNI_ERR_IO, "out of memory");
                goto out;
        }
        if (parse_prefix(dst, &d, e) < 0 || (gw && gw[0] && parse_prefix(gw, &g, e) < 0))
                goto out;
        rtnl_route_set_family(rt, nl_addr_get_family(d));
        rtnl_route_set_dst(rt, d);
        rtnl_route_set_table(rt, RT_TABLE_MAIN);
        rtnl_route_set_protocol(rt, RTPROT_BOOT);
        rtnl_route_set_scope(rt, g ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
        rtnl_route_nh_set_ifindex(nh, ifindex);
        if (g)
                rtnl_route_nh_set_gateway(nh, g);
        rtnl_route_add_nexthop(rt, nh);
        nh = NULL; /* the route owns it */
        r = rtnl_route_add(ns->sk, rt, 0);
        if (r < 0) {
                char what[128];

                snprintf(what, sizeof(what), "%s%s%s", dst, g ? " via " : "", g ? gw : "");
                r = nl_fail(e, r, "netns %s: add route %s", where(ns), what);
        }
out:
        if (nh)
                rtnl_route_nh_free(nh);
        nl_addr_put(d);
        nl_addr_put(g);
        if (rt)
                rtnl_route_put(rt);
        return r < 0 ? -1 : 0;
}

struct route_match {
        int ifindex;
        struct nl_addr *want;
        bool found;
};

static void match_nexthop(struct rtnl_nexthop *nh, void *data)
{
        struct route_match *m = data;

        if (rtnl_route_nh_get_ifindex(nh) == m->ifindex)
                m->found = true;
}

static void match_route(struct nl_object *o, void *data)
{
        struct route_match *m = data;
        struct rtnl_route *rt = (struct rtnl_route *)o;
        struct nl_addr *d = rtnl_route_get_dst(rt);

        if (d && rtnl_route_get_family(rt) == nl_addr_get_family(m->want) &&
            same_prefix(d, m->want))
                rtnl_route_foreach_nexthop(rt, match_nexthop, m);
}

int netdev_has_route(struct netns *ns, int ifindex, const char *dst, struct cni_error *e)
{
        struct route_match m = { .ifindex = ifindex };
        struct nl_cache *cache = NULL;
        int r;

        if (parse_prefix(dst, &m.want, e) < 0)
                return -1;
        r = rtnl_route_alloc_cache(ns->sk, AF_UNSPEC, 0, &cache);
        if (r == 0)
                nl_cache_foreach(cache, match_route, &m);
        nl_cache_free(cache);
        nl_addr_put(m.want);
        if (r < 0)
                return nl_fail(e, r, "netns %s: list routes%s", where(ns), "");
        return m.found;
}
