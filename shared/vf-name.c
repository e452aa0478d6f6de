/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The forms of the names users type for a VF and a netdevsim PF: one parser for the library,
 * which looks the names up, and the tools, which tell a misspelt name from a missing object.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ifname.h"
#include "parse-num.h"
#include "pci-addr.h"
#include "vf-name.h"

int sriov_vf_name_split(const char *s, char pf[SRIOV_PCI_ADDR_MAX], unsigned int *index)
{
        const char *slash;
        uint64_t v;

        if (!s)
                return -EINVAL;
        slash = strrchr(s, '/');
        if (!slash || slash == s || (size_t)(slash - s) >= SRIOV_PCI_ADDR_MAX || !slash[1])
                return -EINVAL;
        /* sriov_totalvfs is a 16-bit field. */
        if (sriov_parse_uint(slash + 1, 65535, &v) < 0)
                return -EINVAL;
        memcpy(pf, s, slash - s);
        pf[slash - s] = '\0';
        *index = (unsigned int)v;
        return 0;
}

bool sriov_netdevsim_name_valid(const char *s)
{
        static const char prefix[] = "netdevsim";
        uint64_t v;

        if (!s || strncmp(s, prefix, sizeof(prefix) - 1) != 0)
                return false;
        s += sizeof(prefix) - 1;
        /* The bus takes ids up to INT_MAX; a leading zero would be another spelling. */
        return (s[0] != '0' || !s[1]) && sriov_parse_uint(s, 2147483647, &v) == 0;
}

bool sriov_vf_name_valid(const char *s)
{
        struct sriov_pci_addr a;
        char pf[SRIOV_PCI_ADDR_MAX];
        unsigned int index;

        if (!s)
                return false;
        if (sriov_pci_addr_parse(s, &a) == 0 || sriov_ifname_valid(s))
                return true;
        return sriov_vf_name_split(s, pf, &index) == 0 &&
               (sriov_pci_addr_parse(pf, &a) == 0 || sriov_netdevsim_name_valid(pf) ||
                sriov_ifname_valid(pf));
}
