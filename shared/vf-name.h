/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The forms of a VF's name and a netdevsim device's, as users type them. */
#ifndef SHARED_VF_NAME_H
#define SHARED_VF_NAME_H

#include <stdbool.h>

#include "pci-addr.h"

/* "PF/INDEX": @pf gets the part before the last '/', @index the number after it (0-65535).
 * Returns 0 or -EINVAL. */
int sriov_vf_name_split(const char *s, char pf[SRIOV_PCI_ADDR_MAX], unsigned int *index);
/* "netdevsim" and a decimal id with no leading zero ("netdevsim10"): the names the netdevsim
 * bus gives its devices. */
bool sriov_netdevsim_name_valid(const char *s);
/*
 * Whether @s has a form sriov_vf_new_from_name() looks up: a PCI address, PF/INDEX with a
 * PCI address, netdevsim device or interface name as PF, or an interface name (a VF's netdev
 * or representor). Says nothing of whether such a VF exists.
 */
bool sriov_vf_name_valid(const char *s);

#endif
