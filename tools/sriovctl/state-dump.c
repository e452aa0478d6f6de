/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `sriovctl dump`: the host as a document `sriovctl apply` takes back to no change. What the
 * driver does not report is left out, so it stays unmanaged rather than getting a made-up value.
 */
#include "sriovctl.h"
#include "state.h"

/* The order of a VF's settings in a document: the order of `vf show -j`. */
static const uint32_t field_order[] = {
        SRIOV_VF_CONFIG_MAC,         SRIOV_VF_CONFIG_VLAN,        SRIOV_VF_CONFIG_QOS,
        SRIOV_VF_CONFIG_VLAN_PROTO,  SRIOV_VF_CONFIG_SPOOFCHK,    SRIOV_VF_CONFIG_TRUST,
        SRIOV_VF_CONFIG_LINK_STATE,  SRIOV_VF_CONFIG_MIN_TX_RATE, SRIOV_VF_CONFIG_MAX_TX_RATE,
        SRIOV_VF_CONFIG_QUERY_RSS,
};

static struct json_object *dump_vf(const struct host_vf *hv, unsigned int index)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "vf", json_object_new_int((int)index));
        for (size_t i = 0; i < sizeof(field_order) / sizeof(field_order[0]); i++)
                if (hv->cfg.mask & field_order[i])
                        json_object_object_add(o, json_vf_key(field_order[i]),
                                               json_vf_field(field_order[i], &hv->cfg));
        json_object_object_add(o, "driver", json_object_new_string(hv->driver));
        return o;
}

static struct json_object *dump_pf(const struct host_pf *h)
{
        struct json_object *o = json_object_new_object();
        struct json_object *vfs = json_object_new_array();

        json_object_object_add(o, "pci", json_object_new_string(h->pci));
        json_object_object_add(o, "num_vfs", json_object_new_int((int)h->num_vfs));
        if (h->drivers_autoprobe >= 0)
                json_object_object_add(o, "drivers_autoprobe",
                                       json_object_new_boolean(h->drivers_autoprobe));
        for (unsigned int i = 0; i < h->num_vfs; i++)
                json_object_array_add(vfs, dump_vf(&h->vfs[i], i));
        json_object_object_add(o, "vfs", vfs);
        return o;
}

struct json_object *state_dump_json(const struct host_state *host)
{
        struct json_object *doc = json_object_new_object();
        struct json_object *pfs = json_object_new_array();

        json_object_object_add(doc, "version", json_object_new_int(STATE_DOC_VERSION));
        for (size_t i = 0; i < host->n_pfs; i++)
                json_object_array_add(pfs, dump_pf(&host->pfs[i]));
        json_object_object_add(doc, "pfs", pfs);
        return doc;
}
