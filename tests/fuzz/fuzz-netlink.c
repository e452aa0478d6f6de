/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rtnetlink answers the library parses (lib/nl-msg.c): a PF's RTM_NEWLINK with its VF list,
 * and the address and route dumps that tell a VF netdev in use. The kernel's answers are
 * trusted to be well formed only as far as libnl checks them (nlmsg_len within what was
 * received); everything inside is what this fuzzes.
 *
 * Input: byte 0 picks the parser (link, address, IPv4 route, IPv6 route), bytes 1-4 the
 * ifindex asked about, the rest is the message; its nlmsg_len and nlmsg_type are set to the
 * bytes given and the parser's type, as libnl's receive loop would have them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/rtnetlink.h>

#include "libsriov-private.h"
#include "netlink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void link_vfs(const struct nlmsghdr *nlh)
{
        struct link_vfs l = { 0 };

        if (nlmsg_parse_link_vfs(nlh, &l) < 0)
                return;
        /* What the callers rely on: sorted, unique, and found by index. */
        for (size_t i = 0; i < l.count; i++) {
                if (i > 0 && l.vfs[i - 1].vf >= l.vfs[i].vf)
                        abort();
                if (link_vfs_find(&l, l.vfs[i].vf) != &l.vfs[i])
                        abort();
        }
        (void)link_vfs_truncated(&l);
        link_vfs_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const uint16_t types[] = { RTM_NEWLINK, RTM_NEWADDR, RTM_NEWROUTE, RTM_NEWROUTE };
        struct nlmsghdr *nlh;
        char text[128];
        unsigned int which;
        int32_t ifindex;

        if (size < 5 + NLMSG_HDRLEN || size > 1 << 20)
                return 0;
        which = data[0] % 4;
        memcpy(&ifindex, data + 1, sizeof(ifindex));
        data += 5;
        size -= 5;
        /* Aligned, as a receive buffer is. */
        nlh = malloc(size);
        if (!nlh)
                return 0;
        memcpy(nlh, data, size);
        nlh->nlmsg_len = (uint32_t)size;
        nlh->nlmsg_type = types[which];
        switch (which) {
        case 0:
                link_vfs(nlh);
                break;
        case 1:
                (void)nlmsg_parse_addr_use(nlh, ifindex, text, sizeof(text));
                break;
        default:
                (void)nlmsg_parse_route_use(nlh, which == 2 ? AF_INET : AF_INET6, ifindex, text,
                                            sizeof(text));
                break;
        }
        free(nlh);
        return 0;
}
