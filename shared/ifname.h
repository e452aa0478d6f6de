/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Network interface names, as the kernel takes them: one check for the library and the tools. */
#ifndef SHARED_IFNAME_H
#define SHARED_IFNAME_H

#include <stdbool.h>

/* IFNAMSIZ: 15 bytes and the NUL. */
#define SRIOV_IFNAME_MAX 16

/*
 * The kernel's dev_valid_name(): 1 to 15 bytes, not "." or "..", no '/', ':' or white space
 * (its isspace() counts 0xa0 too); and no control characters, which the kernel takes but no
 * tool shows. Other bytes of UTF-8 pass, as there. False for NULL.
 */
bool sriov_ifname_valid(const char *s);

#endif
