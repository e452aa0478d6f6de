/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Exact numbers (parse-num.h). */
#include <errno.h>
#include <stdbool.h>

#include "parse-num.h"

static int digit(char c, unsigned int base)
{
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : 99;

        return d < (int)base ? d : -1;
}

static int parse_digits(const char *s, unsigned int base, uint64_t max, uint64_t *ret)
{
        uint64_t v = 0;
        bool over = false;

        if (!s || !*s)
                return -EINVAL;
        for (; *s; s++) {
                int d = digit(*s, base);

                if (d < 0)
                        return -EINVAL;
                if (v > (UINT64_MAX - (uint64_t)d) / base)
                        over = true;
                else
                        v = v * base + (uint64_t)d;
        }
        if (over || v > max)
                return -ERANGE;
        *ret = v;
        return 0;
}

int sriov_parse_uint(const char *s, uint64_t max, uint64_t *ret)
{
        return parse_digits(s, 10, max, ret);
}

int sriov_parse_int(const char *s, int64_t min, int64_t max, int64_t *ret)
{
        bool neg = s && s[0] == '-';
        uint64_t v;
        int r = parse_digits(neg ? s + 1 : s, 10, neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX, &v);

        if (r < 0)
                return r;
        if (neg ? (v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v) < min : (int64_t)v > max)
                return -ERANGE;
        *ret = neg ? (v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v) : (int64_t)v;
        return 0;
}

int sriov_parse_hex(const char *s, uint64_t max, uint64_t *ret)
{
        if (s && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
                s += 2;
        return parse_digits(s, 16, max, ret);
}
