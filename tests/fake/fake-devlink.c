/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* devlink answers as the kernel makes them (fake-devlink.h). */
#include <stdio.h>

#include <linux/devlink.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>

#include "fake-devlink.h"

struct nl_msg *fake_devlink_answer(uint16_t type, uint8_t cmd, bool names)
{
        struct genlmsghdr g = { .cmd = cmd, .version = 1 };
        struct nl_msg *m = nlmsg_alloc_simple(type, 0);

        if (m && (nlmsg_append(m, &g, sizeof(g), NLMSG_ALIGNTO) < 0 ||
                  (names && (nla_put_string(m, DEVLINK_ATTR_BUS_NAME, "netdevsim") < 0 ||
                             nla_put_string(m, DEVLINK_ATTR_DEV_NAME, "netdevsim10") < 0)))) {
                nlmsg_free(m);
                m = NULL;
        }
        return m;
}

/* Frees @m and gives NULL when an attribute did not fit (@r < 0). */
static struct nl_msg *done(struct nl_msg *m, int r)
{
        if (m && r < 0) {
                nlmsg_free(m);
                return NULL;
        }
        return m;
}

struct nl_msg *fake_devlink_family(void)
{
        struct nl_msg *m = fake_devlink_answer(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, false);

        return !m ? NULL
                  : done(m, nla_put_string(m, CTRL_ATTR_FAMILY_NAME, "devlink") |
                                    nla_put_u16(m, CTRL_ATTR_FAMILY_ID, FAKE_DEVLINK_FAMILY));
}

struct nl_msg *fake_devlink_eswitch(void)
{
        struct nl_msg *m = fake_devlink_answer(FAKE_DEVLINK_FAMILY, DEVLINK_CMD_ESWITCH_GET, true);

        return !m ? NULL
                  : done(m, nla_put_u16(m, DEVLINK_ATTR_ESWITCH_MODE,
                                        DEVLINK_ESWITCH_MODE_SWITCHDEV) |
                                    nla_put_u8(m, DEVLINK_ATTR_ESWITCH_INLINE_MODE,
                                               DEVLINK_ESWITCH_INLINE_MODE_NONE));
}

struct nl_msg *fake_devlink_vf_port(uint16_t vf, uint32_t ifindex, const uint8_t mac[6])
{
        struct nl_msg *m = fake_devlink_answer(FAKE_DEVLINK_FAMILY, DEVLINK_CMD_PORT_NEW, true);
        char netdev[24]; /* "eni10npf0vf65535" is 16 bytes with its NUL */
        struct nlattr *fn;
        int r;

        if (!m)
                return NULL;
        snprintf(netdev, sizeof(netdev), "eni10npf0vf%u", vf);
        r = nla_put_u32(m, DEVLINK_ATTR_PORT_INDEX, 128u + vf) |
            nla_put_u16(m, DEVLINK_ATTR_PORT_FLAVOUR, DEVLINK_PORT_FLAVOUR_PCI_VF) |
            nla_put_u16(m, DEVLINK_ATTR_PORT_PCI_PF_NUMBER, 0) |
            nla_put_u16(m, DEVLINK_ATTR_PORT_PCI_VF_NUMBER, vf) |
            nla_put_u32(m, DEVLINK_ATTR_PORT_NETDEV_IFINDEX, ifindex) |
            nla_put_string(m, DEVLINK_ATTR_PORT_NETDEV_NAME, netdev);
        fn = nla_nest_start(m, DEVLINK_ATTR_PORT_FUNCTION);
        if (!fn)
                return done(m, -1);
        r |= nla_put(m, DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR, 6, mac);
        nla_nest_end(m, fn);
        return done(m, r);
}

struct nl_msg *fake_devlink_pci_port(const char *dev, uint32_t index, uint16_t flavour,
                                     uint16_t pfnum, uint16_t vfnum)
{
        struct nl_msg *m = fake_devlink_answer(FAKE_DEVLINK_FAMILY, DEVLINK_CMD_PORT_NEW, false);
        int r;

        if (!m)
                return NULL;
        r = nla_put_string(m, DEVLINK_ATTR_BUS_NAME, "pci") |
            nla_put_string(m, DEVLINK_ATTR_DEV_NAME, dev) |
            nla_put_u32(m, DEVLINK_ATTR_PORT_INDEX, index) |
            nla_put_u16(m, DEVLINK_ATTR_PORT_FLAVOUR, flavour) |
            nla_put_u32(m, DEVLINK_ATTR_PORT_CONTROLLER_NUMBER, 0) |
            nla_put_u16(m, DEVLINK_ATTR_PORT_PCI_PF_NUMBER, pfnum) |
            nla_put_u8(m, DEVLINK_ATTR_PORT_EXTERNAL, 0);
        if (flavour == DEVLINK_PORT_FLAVOUR_PCI_VF)
                r |= nla_put_u16(m, DEVLINK_ATTR_PORT_PCI_VF_NUMBER, vfnum);
        return done(m, r);
}

struct nl_msg *fake_devlink_rate(const char *node, uint32_t port, uint64_t tx_share,
                                 uint64_t tx_max, const char *parent)
{
        struct nl_msg *m = fake_devlink_answer(FAKE_DEVLINK_FAMILY, DEVLINK_CMD_RATE_NEW, true);
        int r;

        if (!m)
                return NULL;
        /* devlink_nl_rate_fill(): the type, the port or the name, both rates, the parent. */
        r = nla_put_u16(m, DEVLINK_ATTR_RATE_TYPE,
                        node ? DEVLINK_RATE_TYPE_NODE : DEVLINK_RATE_TYPE_LEAF);
        r |= node ? nla_put_string(m, DEVLINK_ATTR_RATE_NODE_NAME, node)
                  : nla_put_u32(m, DEVLINK_ATTR_PORT_INDEX, port);
        r |= nla_put_u64(m, DEVLINK_ATTR_RATE_TX_SHARE, tx_share) |
             nla_put_u64(m, DEVLINK_ATTR_RATE_TX_MAX, tx_max);
        if (parent)
                r |= nla_put_string(m, DEVLINK_ATTR_RATE_PARENT_NODE_NAME, parent);
        return done(m, r);
}
