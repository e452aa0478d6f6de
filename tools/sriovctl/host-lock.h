/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SRIOVCTL_HOST_LOCK_H
#define SRIOVCTL_HOST_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "libsriov.h"

/* Take the apply lock (exclusive, or shared for readers), waiting at most the context's
 * timeout. Returns the lock's fd, or a negative errno with @err saying why. */
int host_lock_take(struct sriov_ctx *ctx, bool exclusive, char *err, size_t size);
void host_lock_release(int fd);

#endif
