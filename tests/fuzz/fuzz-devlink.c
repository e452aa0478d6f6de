/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The devlink answers the library parses (lib/devlink-msg.c): the controller's family answer,
 * an eswitch answer, a port and a rate object. As for rtnetlink, the kernel is trusted only as far as libnl
 * checks (nlmsg_len within what was received); the rest is fuzzed.
 *
 * Input: byte 0 picks the parser (family, eswitch, port, rate); the rest is the message, its
 * nlmsg_len set to the bytes given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devlink-msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct devlink_eswitch e;
        struct devlink_port p;
        struct devlink_rate r;
        struct devlink_handle h;
        struct nlmsghdr *nlh;
        uint16_t id;

        if (size < 1 + NLMSG_HDRLEN || size > 1 << 20)
                return 0;
        nlh = malloc(size - 1);
        if (!nlh)
                return 0;
        memcpy(nlh, data + 1, size - 1);
        nlh->nlmsg_len = (uint32_t)(size - 1);
        switch (data[0] % 4) {
        case 0:
                (void)devlink_parse_family(nlh, &id);
                break;
        case 1:
                (void)devlink_parse_eswitch(nlh, &e);
                break;
        case 3:
                /* Names that fit, NUL-terminated: the node's, its parent's, the device's. */
                if (devlink_parse_rate(nlh, &h, &r) == 0 &&
                    (strnlen(r.name, sizeof(r.name)) == sizeof(r.name) ||
                     strnlen(r.parent, sizeof(r.parent)) == sizeof(r.parent) ||
                     strnlen(h.dev, sizeof(h.dev)) == sizeof(h.dev)))
                        abort();
                break;
        default:
                /* What callers rely on: a name that fits, NUL-terminated. */
                if (devlink_parse_port(nlh, &p) == 0 &&
                    (strnlen(p.netdev, sizeof(p.netdev)) == sizeof(p.netdev) ||
                     strnlen(p.handle.dev, sizeof(p.handle.dev)) == sizeof(p.handle.dev)))
                        abort();
                break;
        }
        free(nlh);
        return 0;
}
