/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <string.h>

#include "ifname.h"

bool sriov_ifname_valid(const char *s)
{
        size_t n;

        if (!s)
                return false;
        n = strlen(s);
        if (n == 0 || n >= SRIOV_IFNAME_MAX || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
                return false;
        for (const unsigned char *c = (const unsigned char *)s; *c; c++)
                if (*c == '/' || *c == ':' || *c <= ' ' || *c == 0x7f || *c == 0xa0)
                        return false;
        return true;
}
