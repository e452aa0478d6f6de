/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devlink answers as the kernel makes them (devlink_nl_eswitch_fill(), devlink_nl_port_fill()),
 * for netdevsim10 in switchdev mode as measured in the testbed: ports 128.. of flavour pcivf,
 * pfnum 0, vfnum N. Shared by the unit tests and the fuzzer's seeds.
 */
#ifndef FAKE_DEVLINK_H
#define FAKE_DEVLINK_H

#include <stdbool.h>
#include <stdint.h>

#include <netlink/msg.h>

#define FAKE_DEVLINK_FAMILY 0x1c /* any id the controller could give */

/* Netlink header of @type, genl header of @cmd, and netdevsim10's names when @names. */
struct nl_msg *fake_devlink_answer(uint16_t type, uint8_t cmd, bool names);
/* The controller's answer for "devlink". */
struct nl_msg *fake_devlink_family(void);
/* netdevsim10's eswitch: switchdev, inline mode none, no encap mode. */
struct nl_msg *fake_devlink_eswitch(void);
/* VF @vf's port: index 128 + @vf, its representor "eni10npf0vfN" at @ifindex, MAC @mac. */
struct nl_msg *fake_devlink_vf_port(uint16_t vf, uint32_t ifindex, const uint8_t mac[6]);
/*
 * A function's port of devlink instance pci/@dev, as devlink_nl_port_attrs_put() lays out one
 * of controller 0: @flavour DEVLINK_PORT_FLAVOUR_PCI_PF (PF @pfnum) or _PCI_VF (VF @vfnum of
 * PF @pfnum), at port @index. For an instance that lists the functions of several PFs.
 */
struct nl_msg *fake_devlink_pci_port(const char *dev, uint32_t index, uint16_t flavour,
                                     uint16_t pfnum, uint16_t vfnum);
/* A rate object: node @node (when not NULL) or the leaf of port @port; @parent may be NULL. */
struct nl_msg *fake_devlink_rate(const char *node, uint32_t port, uint64_t tx_share,
                                 uint64_t tx_max, const char *parent);

#endif
