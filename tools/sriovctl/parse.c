/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing the values of command-line keywords; exact forms only, as ip(8) takes them. */
#include <errno.h>
#include <string.h>

#include "sriovctl.h"

int parse_uint_arg(const char *s, unsigned int max, unsigned int *ret)
{
        unsigned long v = 0;

        if (!s || !*s)
                return -EINVAL;
        for (const char *p = s; *p; p++) {
                if (*p < '0' || *p > '9')
                        return -EINVAL;
                v = v * 10 + (unsigned long)(*p - '0');
                if (v > max)
                        return -EINVAL;
        }
        *ret = (unsigned int)v;
        return 0;
}

int parse_on_off(const char *s)
{
        if (strcmp(s, "on") == 0)
                return 1;
        if (strcmp(s, "off") == 0)
                return 0;
        return -1;
}
