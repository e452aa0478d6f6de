/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The monotonic clock of every deadline (clock.h). */
#include <time.h>

#include "clock.h"

uint64_t sriov_now_msec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

unsigned int sriov_msec_left(uint64_t deadline)
{
        uint64_t now = sriov_now_msec();

        if (now >= deadline)
                return 0;
        return deadline - now > 0xffffffffu ? 0xffffffffu : (unsigned int)(deadline - now);
}
