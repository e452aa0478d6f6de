/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Ethernet MAC addresses as ip(8) prints them, "02:00:00:00:00:01": one parser for all. */
#ifndef SHARED_MAC_H
#define SHARED_MAC_H

#include <stdbool.h>
#include <stdint.h>

/* "xx:xx:xx:xx:xx:xx" and the NUL. */
#define SRIOV_MAC_TEXT_MAX 18

/* Six pairs of hex digits separated by ':', nothing else. Returns 0 or -EINVAL. */
int sriov_mac_parse(const char *s, uint8_t mac[6]);
/* Lower case, as the kernel and ip(8) print it. Returns @buf. */
const char *sriov_mac_format(const uint8_t mac[6], char buf[SRIOV_MAC_TEXT_MAX]);
/* The group bit: a multicast (or broadcast) address, which no VF can have as its own. */
bool sriov_mac_is_multicast(const uint8_t mac[6]);
bool sriov_mac_is_zero(const uint8_t mac[6]);

#endif
