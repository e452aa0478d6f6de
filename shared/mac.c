/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* MAC addresses: parsing and printing (mac.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mac.h"

static int hex_digit(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

int sriov_mac_parse(const char *s, uint8_t mac[6])
{
        uint8_t m[6];

        if (!s || !mac)
                return -EINVAL;
        for (int i = 0; i < 6; i++, s += 3) {
                int hi = hex_digit(s[0]), lo = hi < 0 ? -1 : hex_digit(s[1]);

                if (lo < 0 || s[2] != (i < 5 ? ':' : '\0'))
                        return -EINVAL;
                m[i] = (uint8_t)(hi << 4 | lo);
        }
        memcpy(mac, m, sizeof(m));
        return 0;
}

const char *sriov_mac_format(const uint8_t mac[6], char buf[SRIOV_MAC_TEXT_MAX])
{
        snprintf(buf, SRIOV_MAC_TEXT_MAX, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
                 mac[2], mac[3], mac[4], mac[5]);
        return buf;
}

bool sriov_mac_is_multicast(const uint8_t mac[6])
{
        return mac[0] & 1;
}

bool sriov_mac_is_zero(const uint8_t mac[6])
{
        static const uint8_t zero[6];

        return memcmp(mac, zero, sizeof(zero)) == 0;
}
