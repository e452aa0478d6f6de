/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tc(8)'s rate units (tc/tc_util.c: get_rate64(), sprint_rate()), for devlink rates. */
#include <errno.h>
#include <math.h> /* isfinite(), a macro: no libm */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rate-units.h"

static const struct {
        const char *name;
        double bits; /* one unit in bits per second */
} units[] = {
        { "bit", 1. },           { "kibit", 1024. },
        { "kbit", 1000. },       { "mibit", 1024. * 1024. },
        { "mbit", 1e6 },         { "gibit", 1024. * 1024. * 1024. },
        { "gbit", 1e9 },         { "tibit", 1024. * 1024. * 1024. * 1024. },
        { "tbit", 1e12 },        { "bps", 8. },
        { "kibps", 8. * 1024. }, { "kbps", 8000. },
        { "mibps", 8. * 1024. * 1024. }, { "mbps", 8e6 },
        { "gibps", 8. * 1024. * 1024. * 1024. }, { "gbps", 8e9 },
        { "tibps", 8. * 1024. * 1024. * 1024. * 1024. }, { "tbps", 8e12 },
};

int sriov_rate_parse(const char *s, uint64_t *ret)
{
        const char *p = s;
        double v, bytes;
        char *end;

        if (!s || !ret)
                return -EINVAL;
        /* Digits and at most one point: no sign, no spaces, no exponent, no hex. */
        while (*p >= '0' && *p <= '9')
                p++;
        if (*p == '.')
                for (p++; *p >= '0' && *p <= '9'; p++)
                        ;
        if (p == s || (p == s + 1 && *s == '.') || !*p)
                return -EINVAL;
        v = strtod(s, &end);
        if (end != p)
                return -EINVAL;
        for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
                if (strcasecmp(p, units[i].name) != 0)
                        continue;
                bytes = v * units[i].bits / 8. + 0.5; /* to the nearest byte */
                if (!isfinite(bytes) || bytes >= 18446744073709551616.0)
                        return -ERANGE;
                /* Less than a byte per second, which the kernel cannot hold, is no rate. */
                if (v > 0 && bytes < 1.)
                        return -ERANGE;
                *ret = (uint64_t)bytes;
                return 0;
        }
        return -EINVAL;
}

const char *sriov_rate_format(uint64_t bytes_per_sec, char *buf, size_t size)
{
        static const char *const prefix[] = { "", "K", "M", "G", "T" };
        unsigned __int128 rate = (unsigned __int128)bytes_per_sec * 8;
        size_t i;

        /* As sprint_rate(): up a prefix while the value stays whole, or is large anyway. */
        for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]) - 1; i++) {
                if (rate < 1000)
                        break;
                if (rate % 1000 != 0 && rate < 1000 * 1000)
                        break;
                rate /= 1000;
        }
        snprintf(buf, size, "%llu%sbit", (unsigned long long)rate, prefix[i]);
        return buf;
}
