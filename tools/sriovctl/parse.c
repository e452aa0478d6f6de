/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsing the values of command-line keywords; exact forms only, as ip(8) takes them. */
#include <errno.h>
#include <string.h>

#include "parse-num.h"
#include "sriovctl.h"

int parse_uint_arg(const char *s, unsigned int max, unsigned int *ret)
{
        uint64_t v;

        if (sriov_parse_uint(s, max, &v) < 0)
                return -EINVAL;
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
