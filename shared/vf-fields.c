/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The names of a VF's settings (vf-fields.h). */
#include <string.h>

#include "libsriov.h"
#include "vf-fields.h"

/* In bit order. */
static const char *const names[SRIOV_VF_FIELDS] = {
        "mac",         "vlan",     "qos",   "vlan_proto", "min_tx_rate",
        "max_tx_rate", "spoofchk", "trust", "link_state", "query_rss",
};

_Static_assert(SRIOV_VF_CONFIG_ALL == (1u << SRIOV_VF_FIELDS) - 1,
               "a SRIOV_VF_CONFIG_* field without a name");

const uint32_t sriov_vf_field_show_order[SRIOV_VF_FIELDS] = {
        SRIOV_VF_CONFIG_MAC,         SRIOV_VF_CONFIG_VLAN,        SRIOV_VF_CONFIG_QOS,
        SRIOV_VF_CONFIG_VLAN_PROTO,  SRIOV_VF_CONFIG_SPOOFCHK,    SRIOV_VF_CONFIG_TRUST,
        SRIOV_VF_CONFIG_LINK_STATE,  SRIOV_VF_CONFIG_MIN_TX_RATE, SRIOV_VF_CONFIG_MAX_TX_RATE,
        SRIOV_VF_CONFIG_QUERY_RSS,
};

const char *sriov_vf_field_name(uint32_t bit)
{
        if (bit == 0 || (bit & (bit - 1)) != 0 || bit > SRIOV_VF_CONFIG_ALL)
                return NULL;
        return names[__builtin_ctz(bit)];
}

uint32_t sriov_vf_field_by_name(const char *name)
{
        for (unsigned int i = 0; i < SRIOV_VF_FIELDS; i++)
                if (strcmp(name, names[i]) == 0)
                        return 1u << i;
        return 0;
}
