/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * From a document and the host to a target (what each PF and VF must end up as), and from the
 * host to that target to a plan (what changes). Pure: tests feed both a made-up host.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sriovctl.h"
#include "state.h"

static int fail(char *err, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int fail(char *err, const char *format, ...)
{
        va_list args;

        va_start(args, format);
        vsnprintf(err, STATE_ERROR_MAX, format, args);
        va_end(args);
        return -EINVAL;
}

static bool matches(const struct doc_pf *d, const struct host_pf *h)
{
        switch (d->select) {
        case SELECT_PCI: return strcmp(d->pci, h->name) == 0;
        case SELECT_IFNAME: return h->ifname[0] && strcmp(d->ifname, h->ifname) == 0;
        case SELECT_MATCH:
                return (d->match_vendor < 0 || d->match_vendor == h->vendor) &&
                       (d->match_device < 0 || d->match_device == h->device) &&
                       (!d->match_driver[0] || strcmp(d->match_driver, h->driver) == 0);
        }
        return false;
}

static const char *selector_key(const struct doc_pf *d)
{
        return d->select == SELECT_PCI ? "pci" : d->select == SELECT_IFNAME ? "ifname" : "match";
}

static bool doc_pf_sets_vf_config(const struct doc_pf *d)
{
        for (size_t i = 0; i < d->n_vfs; i++)
                if (d->vfs[i].cfg.mask)
                        return true;
        return false;
}

/* Values a document may ask of this PF, checked against what it is. */
static int check_pf(const struct doc_pf *d, const struct host_pf *h, unsigned int num_vfs,
                    char *err)
{
        /* netdevsim's total is 0 when debugfs does not show it: netdevsim itself decides. */
        if (d->num_vfs >= 0 && (unsigned int)d->num_vfs > h->total_vfs &&
            (h->is_pci || h->total_vfs))
                return fail(err, "%s.num_vfs: %d: above sriov_totalvfs %u of PF %s", d->path,
                            d->num_vfs, h->total_vfs, h->name);
        if (d->num_vfs > 0 && (unsigned int)d->num_vfs != h->num_vfs && !h->driver[0])
                return fail(err,
                            "%s.num_vfs: %d: PF %s has no driver bound, and only its driver can "
                            "create VFs",
                            d->path, d->num_vfs, h->name);
        if (d->drivers_autoprobe >= 0 && h->drivers_autoprobe < 0)
                return fail(err, "%s.drivers_autoprobe: PF %s: this kernel has no "
                            "sriov_drivers_autoprobe", d->path, h->name);
        if (doc_pf_sets_vf_config(d) && !h->ifname[0])
                return fail(err,
                            "%s: PF %s has no netdev, and VF settings are made through it "
                            "(is its driver bound?)",
                            d->path, h->name);
        for (size_t i = 0; i < d->n_vfs; i++)
                if (d->vfs[i].last >= num_vfs)
                        return fail(err, "%s.vf: VF %u does not exist: PF %s %s %u VFs",
                                    d->vfs[i].path, d->vfs[i].last, h->name,
                                    d->num_vfs >= 0 ? "is to have" : "has", num_vfs);
        return 0;
}

/* ---- switchdev: the eswitch mode and rate groups ---- */

/* The first rate key a VF entry gives, for messages. */
static const char *rate_key(const struct sriov_rate *r)
{
        return r->mask & SRIOV_RATE_TX_SHARE ? "tx_share"
               : r->mask & SRIOV_RATE_TX_MAX ? "tx_max"
                                             : "rate_group";
}

static const char *mode_word(int mode)
{
        return sriov_eswitch_value_to_string(SRIOV_ESWITCH_MODE, mode);
}

/* The rate groups a PF is to have, parents first: the document's, checked as a tree. */
static int resolve_groups(const struct doc_pf *d, struct target_pf *t, char *err)
{
        size_t bad = 0;
        int r;

        t->manage_groups = true;
        t->groups = calloc(d->n_groups + 1, sizeof(*t->groups));
        if (!t->groups)
                return -ENOMEM;
        for (size_t i = 0; i < d->n_groups; i++)
                t->groups[i] = d->groups[i].node;
        t->n_groups = d->n_groups;
        r = rate_groups_sort(t->groups, t->n_groups, &bad);
        if (r == -ENOENT || r == -ELOOP) {
                /* Sorting moved nothing yet when it fails: @bad is the document's index. */
                return fail(err, "%s.parent: \"%s\": %s", d->groups[bad].path,
                            d->groups[bad].node.rate.parent,
                            r == -ENOENT ? "no group of this name in rate_groups"
                                         : "the groups are each other's parents");
        }
        return r;
}

/*
 * Rates are objects of switchdev mode: the PF must be in it after the apply, and a VF's group
 * must be one the PF will have. A group that is to go may not keep a VF the document leaves
 * in it: the kernel would refuse to delete it.
 */
static int check_switchdev(const struct doc_pf *d, const struct host_pf *h,
                           const struct target_pf *t, bool resize, char *err)
{
        int mode = t->eswitch_mode >= 0 ? t->eswitch_mode : h->eswitch_mode;
        const struct sriov_rate_node *groups = t->manage_groups ? t->groups : h->groups;
        size_t n_groups = t->manage_groups ? t->n_groups : h->n_groups;

        if (d->eswitch_mode >= 0 && h->eswitch_mode < 0)
                return fail(err, "%s.eswitch_mode: \"%s\": PF %s: not supported by %s (no devlink "
                            "eswitch)", d->path, mode_word(d->eswitch_mode), h->name,
                            h->driver[0] ? h->driver : "a PF without a driver");
        if (mode != SRIOV_ESWITCH_MODE_SWITCHDEV && d->n_groups)
                return fail(err, "%s.rate_groups: PF %s %s in legacy mode, and rate groups are "
                            "switchdev's: set \"eswitch_mode\": \"switchdev\"",
                            d->path, h->name, t->eswitch_mode >= 0 ? "is to be" : "is");
        for (size_t i = 0; i < d->n_vfs; i++) {
                const struct doc_vf *dv = &d->vfs[i];

                if (!dv->rate.mask)
                        continue;
                if (mode != SRIOV_ESWITCH_MODE_SWITCHDEV)
                        return fail(err, "%s.%s: PF %s %s in legacy mode, where VFs have no "
                                    "devlink rate: set \"eswitch_mode\": \"switchdev\"",
                                    dv->path, rate_key(&dv->rate), h->name,
                                    t->eswitch_mode >= 0 ? "is to be" : "is");
                /* A PF in legacy mode has no groups (read_eswitch()) to join. */
                if (dv->rate.parent[0] && !rate_group_find(groups, n_groups, dv->rate.parent))
                        return fail(err, "%s.rate_group: \"%s\": PF %s %s no such group", dv->path,
                                    dv->rate.parent, h->name,
                                    t->manage_groups ? "is to have" : "has");
        }
        if (!t->manage_groups || resize || h->eswitch_mode != SRIOV_ESWITCH_MODE_SWITCHDEV ||
            mode != SRIOV_ESWITCH_MODE_SWITCHDEV)
                return 0;
        for (unsigned int i = 0; i < h->num_vfs && i < t->num_vfs; i++) {
                const char *in = h->vfs[i].rate.parent;

                if ((h->vfs[i].rate.mask & SRIOV_RATE_PARENT) && in[0] &&
                    !(t->vfs[i].rate.mask & SRIOV_RATE_PARENT) &&
                    !rate_group_find(t->groups, t->n_groups, in)) {
                        char label[HOST_VF_LABEL_MAX];

                        return fail(err, "%s.rate_groups: group \"%s\" is to go, but VF %s is in "
                                    "it: give the VF a \"rate_group\"", d->path, in,
                                    host_vf_label(h, i, label, sizeof(label)));
                }
        }
        return 0;
}

static int resolve_pf(const struct doc_pf *d, const struct host_pf *h, size_t host_index,
                      struct target_pf *t, char *err)
{
        unsigned int n = d->num_vfs >= 0 ? (unsigned int)d->num_vfs : h->num_vfs;
        bool resize = d->num_vfs >= 0 && n != h->num_vfs;
        int r = check_pf(d, h, n, err);

        if (r < 0)
                return r;
        t->host = host_index;
        t->num_vfs = n;
        t->set_num_vfs = d->num_vfs >= 0;
        t->drivers_autoprobe = d->drivers_autoprobe;
        /* A resize goes through 0 VFs, and some drivers go back to legacy then (netdevsim):
         * the PF keeps its mode unless the document gives one. */
        t->eswitch_mode = d->eswitch_mode >= 0 ? d->eswitch_mode
                          : resize              ? h->eswitch_mode
                                                : -1;
        t->path = d->path;
        t->vfs = calloc(n ? n : 1, sizeof(*t->vfs));
        if (!t->vfs)
                return -ENOMEM;
        if (d->manage_groups && (r = resolve_groups(d, t, err)) < 0)
                return r;
        for (size_t i = 0; i < d->n_vfs; i++) {
                const struct doc_vf *dv = &d->vfs[i];

                if (dv->mac_auto && !h->has_perm_mac)
                        return fail(err,
                                    "%s.mac: \"auto\": PF %s reports no permanent MAC address to "
                                    "derive VF MACs from; give them explicitly",
                                    dv->path, h->name);
                for (unsigned int vf = dv->first; vf <= dv->last; vf++) {
                        t->vfs[vf].cfg = dv->cfg;
                        t->vfs[vf].implied = dv->implied;
                        t->vfs[vf].rate = dv->rate;
                        t->vfs[vf].auto_mac = dv->mac_auto;
                        snprintf(t->vfs[vf].driver, sizeof(t->vfs[vf].driver), "%s", dv->driver);
                        t->vfs[vf].path = dv->path;
                }
        }
        r = check_switchdev(d, h, t, resize, err);
        /* Legacy mode has no rate groups, and devlink takes it only once they are gone: the
         * plan says they go. */
        if (r == 0 && t->eswitch_mode == SRIOV_ESWITCH_MODE_LEGACY)
                t->manage_groups = true;
        return r;
}

/* ---- MACs: "auto" ones derived, every one unique on the host ---- */

struct mac_owner {
        uint8_t mac[6];
        const struct host_pf *pf;
        unsigned int vf;
        const char *path; /* the document's path when the document gives this MAC */
};

/* Open addressing on the 48 bits of the MAC: a host's VFs are claimed in linear time. */
struct mac_set {
        struct mac_owner *owners; /* size slots, a power of 2; owners[i] is taken when used[i] */
        bool *used;
        size_t n, size;
};

static size_t mac_slot(const struct mac_set *s, const uint8_t mac[6])
{
        uint64_t h = 0;

        for (int i = 0; i < 6; i++)
                h = h << 8 | mac[i];
        h *= 0x9e3779b97f4a7c15ull; /* Fibonacci hashing spreads sequential MACs */
        return (size_t)(h >> 32) & (s->size - 1);
}

static const struct mac_owner *mac_set_find(const struct mac_set *s, const uint8_t mac[6])
{
        if (!s->size)
                return NULL;
        for (size_t i = mac_slot(s, mac); s->used[i]; i = (i + 1) & (s->size - 1))
                if (memcmp(s->owners[i].mac, mac, 6) == 0)
                        return &s->owners[i];
        return NULL;
}

static int mac_set_grow(struct mac_set *s)
{
        struct mac_set g = { .size = s->size ? s->size * 2 : 256 };

        g.owners = calloc(g.size, sizeof(*g.owners));
        g.used = calloc(g.size, sizeof(*g.used));
        if (!g.owners || !g.used) {
                free(g.owners);
                free(g.used);
                return -ENOMEM;
        }
        for (size_t i = 0; i < s->size; i++) {
                size_t j;

                if (!s->used[i])
                        continue;
                for (j = mac_slot(&g, s->owners[i].mac); g.used[j]; j = (j + 1) & (g.size - 1))
                        ;
                g.owners[j] = s->owners[i];
                g.used[j] = true;
        }
        g.n = s->n;
        free(s->owners);
        free(s->used);
        *s = g;
        return 0;
}

static void mac_set_free(struct mac_set *s)
{
        free(s->owners);
        free(s->used);
}

/*
 * Claim @mac for VF @pf/@vf. All zero is "no MAC" (a new VF's), which many VFs share. Two VFs
 * the host already has with one MAC are the admin's business; a MAC the document gives that
 * another VF has, or will have, is refused.
 */
static int mac_set_claim(struct mac_set *s, const uint8_t mac[6], const struct host_pf *pf,
                         unsigned int vf, const char *path, char *err)
{
        static const uint8_t zero[6];
        const struct mac_owner *o;

        if (memcmp(mac, zero, 6) == 0)
                return 0;
        o = mac_set_find(s, mac);
        if (o && (path || o->path)) {
                char text[SRIOV_MAC_TEXT_MAX], label[HOST_VF_LABEL_MAX];

                sriov_mac_format(mac, text);
                if (path)
                        return fail(err, "%s.mac: \"%s\": VF %s %s", path, text,
                                    host_vf_label(o->pf, o->vf, label, sizeof(label)),
                                    o->path ? "is given it as well" : "has it already");
                return fail(err, "%s.mac: \"%s\": VF %s has it already", o->path, text,
                            host_vf_label(pf, vf, label, sizeof(label)));
        }
        if (o)
                return 0; /* shared on purpose already: the first owner stays */
        if (2 * (s->n + 1) > s->size && mac_set_grow(s) < 0)
                return -ENOMEM;
        {
                size_t i = mac_slot(s, mac);

                while (s->used[i])
                        i = (i + 1) & (s->size - 1);
                s->owners[i] = (struct mac_owner){ .pf = pf, .vf = vf, .path = path };
                memcpy(s->owners[i].mac, mac, 6);
                s->used[i] = true;
                s->n++;
        }
        return 0;
}

/* The MACs that are fixed: explicit ones of the document, and those VFs keep. */
static int claim_fixed_macs(const struct host_state *host, const struct target *t,
                            struct mac_set *taken, char *err)
{
        int r = 0;

        for (size_t hi = 0; hi < host->n_pfs && r == 0; hi++) {
                const struct host_pf *h = &host->pfs[hi];
                const struct target_pf *tp = NULL;
                unsigned int n = h->num_vfs;

                for (size_t k = 0; k < t->n_pfs; k++)
                        if (t->pfs[k].host == hi)
                                tp = &t->pfs[k];
                if (tp)
                        n = tp->num_vfs;
                for (unsigned int i = 0; i < n && r == 0; i++) {
                        const struct target_vf *tv = tp ? &tp->vfs[i] : NULL;

                        if (tv && (tv->cfg.mask & SRIOV_VF_CONFIG_MAC)) {
                                /* A MAC the VF has already is no new duplicate: VFs that share
                                 * one on purpose (bonded across PFs) round-trip through dump. */
                                bool has = i < h->num_vfs &&
                                           !(sriov_vf_config_diff(&h->vfs[i].cfg, &tv->cfg) &
                                             SRIOV_VF_CONFIG_MAC) &&
                                           (h->vfs[i].cfg.mask & SRIOV_VF_CONFIG_MAC);

                                if (!tv->auto_mac)
                                        r = mac_set_claim(taken, tv->cfg.mac, h, i,
                                                          has ? NULL : tv->path, err);
                        } else if (i < h->num_vfs && (h->vfs[i].cfg.mask & SRIOV_VF_CONFIG_MAC)) {
                                /* Left alone, it keeps its MAC (across a resize, too). */
                                r = mac_set_claim(taken, h->vfs[i].cfg.mac, h, i, NULL, err);
                        }
                }
        }
        return r;
}

/*
 * Each "auto" VF, in PCI order, takes its derived MAC, stepping the salt past one that is
 * taken: stable, because collisions are rare and the order is fixed.
 */
static int assign_macs(const struct host_state *host, struct target *t, char *err)
{
        struct mac_set taken = { 0 };
        int r = claim_fixed_macs(host, t, &taken, err);

        for (size_t k = 0; k < t->n_pfs && r == 0; k++) {
                const struct host_pf *h = &host->pfs[t->pfs[k].host];

                for (unsigned int i = 0; i < t->pfs[k].num_vfs && r == 0; i++) {
                        struct target_vf *tv = &t->pfs[k].vfs[i];
                        unsigned int salt = 0;

                        if (!tv->auto_mac)
                                continue;
                        do
                                mac_auto_derive(h->perm_mac, i, (uint8_t)salt, tv->cfg.mac);
                        while (mac_set_find(&taken, tv->cfg.mac) && ++salt < 256);
                        if (salt == 256) {
                                char label[HOST_VF_LABEL_MAX];

                                r = fail(err, "%s.mac: \"auto\": no free MAC for VF %s",
                                         tv->path, host_vf_label(h, i, label, sizeof(label)));
                        } else {
                                r = mac_set_claim(&taken, tv->cfg.mac, h, i, NULL, err);
                        }
                }
        }
        mac_set_free(&taken);
        return r;
}

int target_resolve(const struct state_doc *doc, const struct host_state *host,
                   struct target *ret, char err[STATE_ERROR_MAX])
{
        return target_resolve_only(doc, host, NULL, ret, err);
}

int target_resolve_only(const struct state_doc *doc, const struct host_state *host,
                        const bool *only, struct target *ret, char err[STATE_ERROR_MAX])
{
        struct target t = { 0 };
        const struct doc_pf **owner;
        int r = 0;

        t.pfs = calloc(host->n_pfs + 1, sizeof(*t.pfs));
        owner = calloc(host->n_pfs + 1, sizeof(*owner));
        if (!t.pfs || !owner) {
                free(owner);
                free(t.pfs);
                return -ENOMEM;
        }
        for (size_t i = 0; i < doc->n_pfs && r == 0; i++) {
                const struct doc_pf *d = &doc->pfs[i];
                bool found = false;

                for (size_t h = 0; h < host->n_pfs && r == 0; h++) {
                        if (!matches(d, &host->pfs[h]))
                                continue;
                        found = true;
                        if (owner[h])
                                r = fail(err, "%s: PF %s is already configured by %s", d->path,
                                         host->pfs[h].name, owner[h]->path);
                        owner[h] = d;
                }
                /* A name must exist; a selector is a policy that may find no NIC here. With
                 * @only, a PF not selected may be away (being reset itself): not an error. */
                if (r == 0 && !found && d->select != SELECT_MATCH && !only)
                        r = fail(err, "%s.%s: \"%s\": no SR-IOV capable PF has this %s", d->path,
                                 selector_key(d), d->select == SELECT_PCI ? d->pci : d->ifname,
                                 d->select == SELECT_PCI ? "PCI address" : "netdev name");
        }
        for (size_t h = 0; h < host->n_pfs && r == 0; h++) {
                if (!owner[h] || (only && !only[h]))
                        continue;
                r = resolve_pf(owner[h], &host->pfs[h], h, &t.pfs[t.n_pfs], err);
                t.n_pfs++;
        }
        free(owner);
        if (r == 0)
                r = assign_macs(host, &t, err);
        if (r < 0) {
                if (r == -ENOMEM)
                        snprintf(err, STATE_ERROR_MAX, "out of memory");
                target_free(&t);
                return r;
        }
        *ret = t;
        return 0;
}

void target_free(struct target *t)
{
        for (size_t i = 0; i < t->n_pfs; i++) {
                free(t->pfs[i].groups);
                free(t->pfs[i].vfs);
        }
        free(t->pfs);
        t->pfs = NULL;
        t->n_pfs = 0;
}

/* ---- plan ---- */

const char *change_key(const struct change *c)
{
        switch (c->field) {
        case CHANGE_AUTOPROBE: return "drivers_autoprobe";
        case CHANGE_NUM_VFS: return "num_vfs";
        case CHANGE_DRIVER: return "driver";
        case CHANGE_VF_CONFIG: return json_vf_key(c->config_bit);
        case CHANGE_ESWITCH_MODE: return "eswitch_mode";
        case CHANGE_RATE_GROUP: return "rate_groups";
        case CHANGE_VF_RATE: return rate_key(&(struct sriov_rate){ .mask = c->config_bit });
        }
        return NULL;
}

static struct change *plan_add(struct plan *p, size_t *size, size_t pf, int vf,
                               enum change_field field)
{
        struct change *c;

        if (p->n == *size) {
                size_t n = *size ? *size * 2 : 32;

                c = realloc(p->changes, n * sizeof(*c));
                if (!c)
                        return NULL;
                p->changes = c;
                *size = n;
        }
        c = &p->changes[p->n++];
        memset(c, 0, sizeof(*c));
        c->pf = pf;
        c->vf = vf;
        c->field = field;
        c->from_known = c->to_known = true;
        return c;
}

/* Which of @want's fields @have (a leaf or a group as read) does not have as asked. */
static uint32_t rate_differs(const struct sriov_rate *have, const struct sriov_rate *want)
{
        uint32_t d = want->mask & ~have->mask;

        if ((want->mask & have->mask & SRIOV_RATE_TX_SHARE) && have->tx_share != want->tx_share)
                d |= SRIOV_RATE_TX_SHARE;
        if ((want->mask & have->mask & SRIOV_RATE_TX_MAX) && have->tx_max != want->tx_max)
                d |= SRIOV_RATE_TX_MAX;
        if ((want->mask & have->mask & SRIOV_RATE_PARENT) && strcmp(have->parent, want->parent))
                d |= SRIOV_RATE_PARENT;
        return d;
}

/* Groups created or changed, parents first; with @deleted, those to go, children first. */
static int plan_groups(struct plan *p, size_t *size, size_t k, const struct host_pf *h,
                       const struct target_pf *tp, bool deleted)
{
        struct change *c;

        if (!tp->manage_groups)
                return 0;
        for (size_t i = 0; !deleted && i < tp->n_groups; i++) {
                const struct sriov_rate_node *want = &tp->groups[i];
                const struct sriov_rate_node *have = rate_group_find(h->groups, h->n_groups,
                                                                     want->name);

                if (have && !rate_differs(&have->rate, &want->rate))
                        continue;
                c = plan_add(p, size, k, -1, CHANGE_RATE_GROUP);
                if (!c)
                        return -ENOMEM;
                c->from_known = have != NULL;
                if (have)
                        c->from_rate = *have;
                c->to_rate = *want;
        }
        /* The host's groups form a tree, the kernel keeps them so: children are deeper. */
        for (size_t i = h->n_groups; deleted && i-- > 0;) {
                if (rate_group_find(tp->groups, tp->n_groups, h->groups[i].name))
                        continue;
                c = plan_add(p, size, k, -1, CHANGE_RATE_GROUP);
                if (!c)
                        return -ENOMEM;
                c->to_known = false;
                c->from_rate = h->groups[i];
        }
        return 0;
}

static int plan_vf_rate(struct plan *p, size_t *size, size_t k, const struct host_vf *hv,
                        const struct target_vf *tv, unsigned int i, bool resize)
{
        const struct sriov_rate none = { 0 };
        const struct sriov_rate *have = hv && !resize ? &hv->rate : &none;
        uint32_t differ = rate_differs(have, &tv->rate);

        for (uint32_t bit = SRIOV_RATE_TX_SHARE; bit <= SRIOV_RATE_PARENT; bit <<= 1) {
                struct change *c;

                if (!(differ & bit))
                        continue;
                c = plan_add(p, size, k, (int)i, CHANGE_VF_RATE);
                if (!c)
                        return -ENOMEM;
                c->config_bit = bit;
                c->from_known = (have->mask & bit) != 0;
                c->from_rate.rate = *have;
                c->to_rate.rate = tv->rate;
        }
        return 0;
}

static int plan_vf(struct plan *p, size_t *size, size_t k, const struct host_pf *h,
                   const struct target_vf *tv, unsigned int i, bool resize)
{
        const struct host_vf *hv = i < h->num_vfs ? &h->vfs[i] : NULL;
        uint32_t differ = hv ? sriov_vf_config_diff(&hv->cfg, &tv->cfg) : 0;
        struct change *c;

        /* In bit order, the order the library sends them: MAC, VLAN group, rates, flags. */
        for (unsigned int b = 0; b < SRIOV_VF_FIELDS; b++) {
                uint32_t bit = 1u << b;

                if (!(tv->cfg.mask & bit))
                        continue;
                if (hv && (hv->cfg.mask & bit) && !(differ & bit))
                        continue;
                /* A QoS or protocol the VLAN implies goes with it; a change only where the
                 * driver reports it, or a dump of a VF the driver reports no protocol for
                 * (netdevsim before its first VLAN) would never apply to no change. */
                if ((tv->implied & bit) && !(hv && (hv->cfg.mask & bit)))
                        continue;
                c = plan_add(p, size, k, (int)i, CHANGE_VF_CONFIG);
                if (!c)
                        return -ENOMEM;
                c->config_bit = bit;
                c->from_known = hv && (hv->cfg.mask & bit);
                if (hv)
                        c->from_cfg = hv->cfg;
                c->to_cfg = tv->cfg;
        }
        if (plan_vf_rate(p, size, k, hv, tv, i, resize) < 0)
                return -ENOMEM;
        /* A resize recreates every VF: all come back on the default driver, so a VF that
         * survives it is planned like a new one. */
        if (tv->driver[0] && (strcmp(resize || !hv ? DRIVER_DEFAULT : hv->driver, tv->driver) != 0 ||
                              (hv && !resize && !hv->bound))) {
                c = plan_add(p, size, k, (int)i, CHANGE_DRIVER);
                if (!c)
                        return -ENOMEM;
                c->from_known = hv && !resize;
                snprintf(c->from_driver, sizeof(c->from_driver), "%s", hv ? hv->driver : "");
                snprintf(c->to_driver, sizeof(c->to_driver), "%s", tv->driver);
        }
        return 0;
}

static int plan_mode(struct plan *p, size_t *size, size_t k, const struct host_pf *h,
                     const struct target_pf *tp)
{
        struct change *c;

        if (tp->eswitch_mode == h->eswitch_mode)
                return 0;
        c = plan_add(p, size, k, -1, CHANGE_ESWITCH_MODE);
        if (!c)
                return -ENOMEM;
        c->from_known = h->eswitch_mode >= 0;
        c->from_n = (unsigned int)h->eswitch_mode;
        c->to_n = (unsigned int)tp->eswitch_mode;
        return 0;
}

int plan_compute(const struct host_state *host, const struct target *t, struct plan *ret)
{
        struct plan p = { 0 };
        size_t size = 0;
        int r = 0;

        for (size_t k = 0; k < t->n_pfs && r == 0; k++) {
                const struct target_pf *tp = &t->pfs[k];
                const struct host_pf *h = &host->pfs[tp->host];
                bool resize = tp->set_num_vfs && tp->num_vfs != h->num_vfs;
                struct change *c;

                if (tp->drivers_autoprobe >= 0 && tp->drivers_autoprobe != h->drivers_autoprobe) {
                        c = plan_add(&p, &size, k, -1, CHANGE_AUTOPROBE);
                        if (!c)
                                goto oom;
                        c->from_n = (unsigned int)h->drivers_autoprobe;
                        c->to_n = (unsigned int)tp->drivers_autoprobe;
                }
                if (resize) {
                        c = plan_add(&p, &size, k, -1, CHANGE_NUM_VFS);
                        if (!c)
                                goto oom;
                        c->from_n = h->num_vfs;
                        c->to_n = tp->num_vfs;
                }
                /* Switchdev before its rate objects; legacy after they are gone. */
                if (tp->eswitch_mode == SRIOV_ESWITCH_MODE_SWITCHDEV && plan_mode(&p, &size, k, h, tp) < 0)
                        goto oom;
                r = plan_groups(&p, &size, k, h, tp, false);
                for (unsigned int i = 0; i < tp->num_vfs && r == 0; i++)
                        r = plan_vf(&p, &size, k, h, &tp->vfs[i], i, resize);
                if (r == 0)
                        r = plan_groups(&p, &size, k, h, tp, true);
                if (r == 0 && tp->eswitch_mode == SRIOV_ESWITCH_MODE_LEGACY)
                        r = plan_mode(&p, &size, k, h, tp);
        }
        if (r < 0)
                goto oom;
        *ret = p;
        return 0;
oom:
        free(p.changes);
        return -ENOMEM;
}

void plan_free(struct plan *p)
{
        free(p->changes);
        p->changes = NULL;
        p->n = 0;
}
