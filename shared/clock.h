/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one clock every deadline is counted on. */
#ifndef SHARED_CLOCK_H
#define SHARED_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC in milliseconds: never jumps with the wall clock. */
uint64_t sriov_now_msec(void);
/* Milliseconds from now until @deadline, 0 once it has passed. */
unsigned int sriov_msec_left(uint64_t deadline);

#endif
