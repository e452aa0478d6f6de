/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Pure devlink (generic netlink) message builders and parsers: the eswitch of a PF and its
 * ports, as `devlink dev eswitch` and `devlink port` ask for them. Nothing here touches a
 * socket, like nl-msg.c for rtnetlink: the unit tier checks what is sent and what is
 * understood. The family's id is resolved with the controller's CTRL_CMD_GETFAMILY.
 * Every message is marked NETLINK_GENERIC (nlmsg_set_proto()): the transport sends it on the
 * generic netlink socket, not the rtnetlink one.
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

/*
 * Linux 6.3 added the port function's capabilities (a bitfield32 in the function nest); the
 * numbers are UAPI, so older headers get them here.
 */
#ifndef DEVLINK_PORT_FN_CAP_ROCE
#define DEVLINK_PORT_FN_ATTR_CAPS 4
#define DEVLINK_PORT_FN_CAP_ROCE (1u << 0)
#define DEVLINK_PORT_FN_CAP_MIGRATABLE (1u << 1)
#endif

/* A port's function (DEVLINK_ATTR_PORT_FUNCTION): what the eswitch manager sets of a VF. */
struct devlink_port_fn {
        bool has_hw_addr, has_state, has_opstate, has_caps;
        uint8_t hw_addr[6];
        uint8_t state;   /* DEVLINK_PORT_FN_STATE_INACTIVE, _ACTIVE */
        uint8_t opstate; /* DEVLINK_PORT_FN_OPSTATE_DETACHED, _ATTACHED */
        /* DEVLINK_PORT_FN_CAP_*: the values, and in a request which of them to change */
        uint32_t caps, caps_selector;
};

/* One port of DEVLINK_CMD_PORT_GET (a dump answers one message per port). */
struct devlink_port {
        struct devlink_handle handle;
        uint32_t index;
        bool has_flavour, has_pfnum, has_vfnum, has_ifindex;
        bool external; /* a port of another controller's function (SmartNIC host) */
        uint16_t flavour; /* DEVLINK_PORT_FLAVOUR_PHYSICAL, _PCI_PF, _PCI_VF, ... */
        uint16_t pfnum, vfnum;
        uint32_t ifindex;
        char netdev[16]; /* "" when the port has no netdev (its representor) */
        struct devlink_port_fn fn;
};

/* Rate node names: the kernel sets no limit; devlink(8) users keep them short. */
#define DEVLINK_RATE_NAME_MAX 64

/* A rate object of DEVLINK_CMD_RATE_GET: a leaf (a port's) or a node (a named group). */
struct devlink_rate {
        bool is_node;
        uint32_t port_index;             /* of a leaf */
        char name[DEVLINK_RATE_NAME_MAX]; /* of a node */
        bool has_tx_share, has_tx_max, has_parent;
        uint64_t tx_share, tx_max; /* bytes per second, as devlink(8) -j prints them */
        char parent[DEVLINK_RATE_NAME_MAX]; /* "" in a request: no parent */
};

/* CTRL_CMD_GETFAMILY for "devlink". */
int devlink_msg_get_family(struct nl_msg **ret);
/* The family id in a CTRL_CMD_NEWFAMILY answer; -ENOENT when it carries none. */
int devlink_parse_family(const struct nlmsghdr *nlh, uint16_t *ret);

/* The id of multicast group @name ("config": devlink's notifications) in the same answer;
 * -ENOENT when it lists no such group. */
int devlink_parse_mcast_group(const struct nlmsghdr *nlh, const char *name, uint32_t *ret);
/* A notification of family @family of an instance, port or rate object made, changed or
 * deleted: the device it names. -EPROTO for anything else (a parameter, health, a trap). */
int devlink_parse_notification(const struct nlmsghdr *nlh, uint16_t family,
                               struct devlink_handle *ret);

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

/* Port function attributes of port @index; only what @fn has (has_*) is sent. */
int devlink_msg_port_function_set(uint16_t family, const struct devlink_handle *h, uint32_t index,
                                  const struct devlink_port_fn *fn, struct nl_msg **ret);

/* A dump of @h's rate objects, leaves and nodes. */
int devlink_msg_rate_dump(uint16_t family, const struct devlink_handle *h, struct nl_msg **ret);
/* One rate object of @h, alone (no dump): a leaf by its port index, a node by its name. */
int devlink_msg_rate_get(uint16_t family, const struct devlink_handle *h,
                         const struct devlink_rate *rate, struct nl_msg **ret);
/* @cmd is DEVLINK_CMD_RATE_SET (a leaf or a node) or _RATE_NEW (a node); only has_* is sent. */
int devlink_msg_rate_set(uint16_t family, uint8_t cmd, const struct devlink_handle *h,
                         const struct devlink_rate *rate, struct nl_msg **ret);
int devlink_msg_rate_del(uint16_t family, const struct devlink_handle *h, const char *node,
                         struct nl_msg **ret);
/* One answer of the rate dump or get; @h (may be NULL) receives the device it names. */
int devlink_parse_rate(const struct nlmsghdr *nlh, struct devlink_handle *h,
                       struct devlink_rate *ret);

/* "legacy", "switchdev"; NULL for a mode this library does not know. */
const char *devlink_eswitch_mode_name(uint16_t mode);

#endif
