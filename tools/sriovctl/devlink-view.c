/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What pf show and the VF objects show of devlink (eswitch mode, devlink port, representor),
 * asked in this one place for json.c and text.c alike.
 */
#include <stdio.h>

#include "sriovctl.h"

bool cli_vf_port(struct sriov_vf *vf, struct sriov_vf_port *port, char *name, size_t size)
{
        if (sriov_vf_get_port(vf, port) < 0)
                return false;
        snprintf(name, size, "%s/%u", sriov_pf_get_devlink_handle(sriov_vf_get_pf(vf)),
                 port->index);
        return true;
}

bool cli_pf_eswitch(struct sriov_pf *pf, struct sriov_eswitch *e)
{
        return sriov_pf_get_eswitch(pf, e) == 0;
}

const char *cli_eswitch_word(const struct sriov_eswitch *e, uint32_t field)
{
        int v = field == SRIOV_ESWITCH_MODE          ? (int)e->mode
                : field == SRIOV_ESWITCH_INLINE_MODE ? (int)e->inline_mode
                                                     : (int)e->encap_mode;

        return sriov_eswitch_value_to_string(field, v);
}
