/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Bandwidth in tc(8)'s words, as devlink(8) takes them for rate objects: "10mbit", "1gbit",
 * "500kbps" (bytes), "2Mibit" (binary). The kernel keeps bytes per second; devlink -j prints
 * them so.
 */
#ifndef SHARED_RATE_UNITS_H
#define SHARED_RATE_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* A number with a unit into bytes per second. A bare number is refused: tc reads it as bits,
 * devlink -j prints bytes, and a reader cannot tell which was meant. 0, -EINVAL or -ERANGE. */
int sriov_rate_parse(const char *s, uint64_t *ret);
/* "10Mbit", "0bit": bytes per second as tc and devlink print them (SI, in bits). */
const char *sriov_rate_format(uint64_t bytes_per_sec, char *buf, size_t size);

#endif
