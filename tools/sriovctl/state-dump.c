/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `sriovctl dump`: the host as a document `sriovctl apply` takes back to no change. What the
 * driver does not report is left out, so it stays unmanaged rather than getting a made-up value.
 */
#include "sriovctl.h"
#include "state.h"

static struct json_object *dump_vf(const struct host_vf *hv, unsigned int index)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "vf", json_object_new_int((int)index));
        /* In the order of `vf show -j`. */
        for (size_t i = 0; i < SRIOV_VF_FIELDS; i++) {
                uint32_t bit = sriov_vf_field_show_order[i];

                if (hv->cfg.mask & bit)
                        json_object_object_add(o, json_vf_key(bit), json_vf_field(bit, &hv->cfg));
        }
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
