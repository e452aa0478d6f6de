/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Pure devlink (generic netlink) message builders and parsers: the eswitch of a PF and its
 * ports, as `devlink dev eswitch` and `devlink port` ask for them. Nothing here touches a
 * socket, like nl-msg.c for rtnetlink: the unit tier checks what is sent and what is
 * understood. The family's id is resolved with the controller's CTRL_CMD_GETFAMILY.
 */
#ifndef LIBSRIOV_DEVLINK_MSG_H
#define LIBSRIOV_DEVLINK_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <netlink/msg.h>

/* A devlink handle: "pci/0000:01:00.0", "netdevsim/netdevsim10". */
struct devlink_handle {
        char bus[16];
        char dev[64];
};

/* What DEVLINK_CMD_ESWITCH_GET answers; each has_* says whether the driver reported it. */
struct devlink_eswitch {
        bool has_mode, has_inline_mode, has_encap_mode;
        uint16_t mode;       /* DEVLINK_ESWITCH_MODE_LEGACY, _SWITCHDEV */
        uint8_t inline_mode; /* DEVLINK_ESWITCH_INLINE_MODE_* */
        uint8_t encap_mode;  /* DEVLINK_ESWITCH_ENCAP_MODE_* */
};

/* One port of DEVLINK_CMD_PORT_GET (a dump answers one message per port). */
struct devlink_port {
        struct devlink_handle handle;
        uint32_t index;
        bool has_flavour, has_pfnum, has_vfnum, has_ifindex, has_hw_addr;
        uint16_t flavour; /* DEVLINK_PORT_FLAVOUR_PHYSICAL, _PCI_PF, _PCI_VF, ... */
        uint16_t pfnum, vfnum;
        uint32_t ifindex;
        char netdev[16]; /* "" when the port has no netdev (its representor) */
        uint8_t hw_addr[6];
};

/* CTRL_CMD_GETFAMILY for "devlink". */
int devlink_msg_get_family(struct nl_msg **ret);
/* The family id in a CTRL_CMD_NEWFAMILY answer; -ENOENT when it carries none. */
int devlink_parse_family(const struct nlmsghdr *nlh, uint16_t *ret);

/* "pci/0000:01:00.0" into a handle; -EINVAL when it is no BUS/DEV. */
int devlink_handle_parse(const char *s, struct devlink_handle *ret);

int devlink_msg_eswitch_get(uint16_t family, const struct devlink_handle *h, struct nl_msg **ret);
/* Only what @want has (has_*) is sent: a set of the mode alone leaves the others as they are. */
int devlink_msg_eswitch_set(uint16_t family, const struct devlink_handle *h,
                            const struct devlink_eswitch *want, struct nl_msg **ret);
/* -EPROTO when the answer is no devlink message of a device. */
int devlink_parse_eswitch(const struct nlmsghdr *nlh, struct devlink_eswitch *ret);

/* A dump of @h's ports (every port of every device when @h is NULL). */
int devlink_msg_port_dump(uint16_t family, const struct devlink_handle *h, struct nl_msg **ret);
int devlink_parse_port(const struct nlmsghdr *nlh, struct devlink_port *ret);

/* "legacy", "switchdev"; NULL for a mode this library does not know. */
const char *devlink_eswitch_mode_name(uint16_t mode);

#endif
