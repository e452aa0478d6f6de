/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The JSON of declarative state: `sriovctl dump`'s document, the host as a document `sriovctl
 * apply` takes back to no change (what the driver does not report is left out, so it stays
 * unmanaged rather than getting a made-up value; so is what a VLAN implies), and apply's plan
 * and result.
 */
#include "sriovctl.h"
#include "state.h"

/* A rate group as documents write it: every field, parent null for none. */
static struct json_object *json_group(const struct sriov_rate_node *g)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "name", json_object_new_string(g->name));
        json_object_object_add(o, "tx_share", json_object_new_int64((int64_t)g->rate.tx_share));
        json_object_object_add(o, "tx_max", json_object_new_int64((int64_t)g->rate.tx_max));
        json_object_object_add(o, "parent", g->rate.parent[0]
                                                    ? json_object_new_string(g->rate.parent)
                                                    : NULL);
        return o;
}

/* A leaf's field as a VF entry has it: bytes per second; the group's name, "" for none. */
static struct json_object *json_leaf_field(uint32_t bit, const struct sriov_rate *r)
{
        if (bit == SRIOV_RATE_PARENT)
                return json_object_new_string(r->parent);
        return json_object_new_int64((int64_t)(bit == SRIOV_RATE_TX_SHARE ? r->tx_share
                                                                          : r->tx_max));
}

static const char *const leaf_keys[] = { "tx_share", "tx_max", "rate_group" };

/*
 * A QoS or protocol a document need not write: what its VLAN implies (qos 0, 802.1Q), and one
 * without a VLAN, which a document cannot give (the kernel sets the three together).
 */
static bool implied_by_vlan(uint32_t bit, const struct sriov_vf_config *c)
{
        if (bit != SRIOV_VF_CONFIG_QOS && bit != SRIOV_VF_CONFIG_VLAN_PROTO)
                return false;
        if (!(c->mask & SRIOV_VF_CONFIG_VLAN))
                return true;
        return bit == SRIOV_VF_CONFIG_QOS ? c->qos == 0
                                          : c->vlan_proto == SRIOV_VLAN_PROTO_8021Q;
}

static struct json_object *dump_vf(const struct host_vf *hv, unsigned int index)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "vf", json_object_new_int((int)index));
        /* In the order of `vf show -j`. */
        for (size_t i = 0; i < SRIOV_VF_FIELDS; i++) {
                uint32_t bit = sriov_vf_field_show_order[i];

                if ((hv->cfg.mask & bit) && !implied_by_vlan(bit, &hv->cfg))
                        json_object_object_add(o, json_vf_key(bit), json_vf_field(bit, &hv->cfg));
        }
        for (unsigned int b = 0; b < 3; b++)
                if (hv->rate.mask & (1u << b))
                        json_object_object_add(o, leaf_keys[b],
                                               json_leaf_field(1u << b, &hv->rate));
        json_object_object_add(o, "driver", json_object_new_string(hv->driver));
        return o;
}

static struct json_object *dump_pf(const struct host_pf *h)
{
        struct json_object *o = json_object_new_object();
        struct json_object *vfs = json_object_new_array();

        /* A PF without a PCI address (netdevsim) is selected by its netdev. */
        if (h->is_pci || !h->ifname[0])
                json_object_object_add(o, "pci", json_object_new_string(h->name));
        else
                json_object_object_add(o, "ifname", json_object_new_string(h->ifname));
        json_object_object_add(o, "num_vfs", json_object_new_int((int)h->num_vfs));
        if (h->drivers_autoprobe >= 0)
                json_object_object_add(o, "drivers_autoprobe",
                                       json_object_new_boolean(h->drivers_autoprobe));
        /* Only where the driver has an eswitch; groups only in switchdev mode, the one that
         * has them. */
        if (h->eswitch_mode >= 0)
                json_object_object_add(o, "eswitch_mode",
                                       json_object_new_string(sriov_eswitch_value_to_string(
                                               SRIOV_ESWITCH_MODE, h->eswitch_mode)));
        if (h->eswitch_mode == SRIOV_ESWITCH_MODE_SWITCHDEV) {
                struct json_object *groups = json_object_new_array();

                for (size_t i = 0; i < h->n_groups; i++)
                        json_object_array_add(groups, json_group(&h->groups[i]));
                json_object_object_add(o, "rate_groups", groups);
        }
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

/* ---- the plan, and the result of apply ---- */

static struct json_object *json_value(const struct change *c, bool to)
{
        const struct sriov_vf_config *cfg = to ? &c->to_cfg : &c->from_cfg;

        if ((!to && !c->from_known) || (to && !c->to_known))
                return NULL;
        switch (c->field) {
        case CHANGE_ESWITCH_MODE:
                return json_object_new_string(
                        sriov_eswitch_value_to_string(SRIOV_ESWITCH_MODE, (int)(to ? c->to_n
                                                                                   : c->from_n)));
        case CHANGE_RATE_GROUP: return json_group(to ? &c->to_rate : &c->from_rate);
        case CHANGE_VF_RATE:
                return json_leaf_field(c->config_bit, to ? &c->to_rate.rate : &c->from_rate.rate);
        case CHANGE_AUTOPROBE: return json_object_new_boolean(to ? c->to_n : c->from_n);
        case CHANGE_NUM_VFS: return json_object_new_int((int)(to ? c->to_n : c->from_n));
        case CHANGE_DRIVER: return json_object_new_string(to ? c->to_driver : c->from_driver);
        case CHANGE_VF_CONFIG: return json_vf_field(c->config_bit, cfg);
        }
        return NULL;
}

struct json_object *state_plan_json(const struct host_state *host, const struct target *t,
                                    const struct plan *p, const struct apply_result *res,
                                    bool dry_run)
{
        struct json_object *unverified = json_object_new_array();

        struct json_object *o = json_object_new_object();
        struct json_object *changes = json_object_new_array();

        for (size_t i = 0; i < p->n; i++) {
                const struct change *c = &p->changes[i];
                const struct host_pf *h = &host->pfs[t->pfs[c->pf].host];
                struct json_object *e = json_object_new_object();

                json_object_object_add(e, "pf", json_object_new_string(h->name));
                json_object_object_add(e, "ifname",
                                       h->ifname[0] ? json_object_new_string(h->ifname) : NULL);
                json_object_object_add(e, "vf", c->vf < 0 ? NULL : json_object_new_int(c->vf));
                json_object_object_add(e, "field", json_object_new_string(change_key(c)));
                json_object_object_add(e, "from", json_value(c, false));
                json_object_object_add(e, "to", json_value(c, true));
                json_object_array_add(changes, e);
        }
        json_object_object_add(o, "changed", json_object_new_boolean(p->n > 0));
        json_object_object_add(o, "dry_run", json_object_new_boolean(dry_run));
        json_object_object_add(o, "changes", changes);
        /* VFs set but not read back: the kernel's VF list leaves them out. */
        for (size_t i = 0; res && i < res->n_unverified; i++) {
                struct json_object *e = json_object_new_object();

                json_object_object_add(
                        e, "pf",
                        json_object_new_string(host->pfs[t->pfs[res->unverified[i].pf].host].name));
                json_object_object_add(e, "vf", json_object_new_int((int)res->unverified[i].vf));
                json_object_array_add(unverified, e);
        }
        json_object_object_add(o, "unverified", unverified);
        return o;
}
