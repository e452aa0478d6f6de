/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Numbers from text the kernel or a person wrote, exact forms only: strtoul() also takes
 * leading white space, a sign, and wraps "-1" to its maximum, none of which a sysfs value, a
 * command-line word or a journal line should mean.
 */
#ifndef SHARED_PARSE_NUM_H
#define SHARED_PARSE_NUM_H

#include <stdint.h>

/* Decimal digits only, at most @max. Returns 0 or -EINVAL (-ERANGE above @max). */
int sriov_parse_uint(const char *s, uint64_t max, uint64_t *ret);
/* An optional '-' and decimal digits, within [@min, @max]. Returns 0, -EINVAL or -ERANGE. */
int sriov_parse_int(const char *s, int64_t min, int64_t max, int64_t *ret);
/* Hex digits with or without "0x" ("0x8086", "10ca"), at most @max. Returns 0 or -EINVAL/-ERANGE. */
int sriov_parse_hex(const char *s, uint64_t max, uint64_t *ret);

#endif
