/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devlink rate objects: a leaf per VF port (in switchdev mode) and nodes, named groups that
 * leaves and other nodes belong to, each with a guaranteed share and a maximum (bytes per
 * second, as the kernel keeps them). One dump of the PF's rate objects is kept with it, for
 * reading; a change reads its object (and the parent it names) alone, as the kernel has them
 * now, sends only what differs in one request, reads the object back, and puts back what it
 * changed when the driver reports otherwise. So setting the leaves of a thousand VFs costs a
 * few requests each, not a dump of a thousand objects each; the VF-to-port map is the dump
 * of ports kept with the PF (sriov_pf_reread() renews it).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/devlink.h>

#include "libsriov-private.h"
#include "rate-units.h"

#define ALL_FIELDS (SRIOV_RATE_TX_SHARE | SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT)

static void to_public(const struct devlink_rate *d, struct sriov_rate *ret)
{
        *ret = (struct sriov_rate){ .mask = SRIOV_RATE_PARENT };
        snprintf(ret->parent, sizeof(ret->parent), "%s", d->has_parent ? d->parent : "");
        if (d->has_tx_share) {
                ret->mask |= SRIOV_RATE_TX_SHARE;
                ret->tx_share = d->tx_share;
        }
        if (d->has_tx_max) {
                ret->mask |= SRIOV_RATE_TX_MAX;
                ret->tx_max = d->tx_max;
        }
}

/* The rate objects as the kernel reports them now. A rate change changes no port. */
static int reread(struct sriov_pf *pf)
{
        const struct devlink_rate *rates;
        size_t n;

        pf_devlink_forget_rates(pf);
        return pf_devlink_rates(pf, &rates, &n);
}

/*
 * VF @vf's leaf: from the kept dump, or (@fresh) as the kernel has it now, asked alone;
 * -ENOENT, said, without one.
 */
static int vf_leaf(struct sriov_vf *vf, bool fresh, struct devlink_rate *ret, const char *object)
{
        const struct devlink_port *ports, *p;
        const struct devlink_rate *rates, *kept;
        size_t n;
        int r = pf_devlink_ports(vf->pf, &ports, &n);

        if (r == 0 && !fresh)
                r = pf_devlink_rates(vf->pf, &rates, &n);
        if (r < 0)
                return r;
        p = pf_devlink_vf_port(vf->pf, vf->index);
        if (p && fresh)
                r = pf_devlink_rate_get(vf->pf, &(struct devlink_rate){ .port_index = p->index },
                                        ret, object);
        else if (p && (kept = pf_devlink_leaf(vf->pf, p->index)))
                *ret = *kept;
        else
                r = -ENOENT;
        if (r == -ENOENT)
                return sriov_fail_reason(vf->pf->ctx, -ENOENT,
                                         p ? "its port has no rate object"
                                           : "no devlink port (a VF has one in switchdev mode)",
                                         "%s: find its rate", object);
        return r;
}

SRIOV_EXPORT int sriov_vf_get_rate(struct sriov_vf *vf, struct sriov_rate *ret)
{
        struct devlink_rate leaf;
        char object[VF_LABEL_MAX + 4];
        int r;

        if (!vf || !ret)
                return -EINVAL;
        snprintf(object, sizeof(object), "VF %s", vf->label);
        r = vf_leaf(vf, false, &leaf, object);
        if (r == 0)
                to_public(&leaf, ret);
        return r;
}

/* "tx_share 10Mbit tx_max 0bit parent group1": the fields of @mask, in devlink(8)'s words and
 * tc(8)'s units, as sriovctl rate show prints them. */
static void describe(uint32_t mask, const struct sriov_rate *v, char *buf, size_t size)
{
        char rate[32];
        size_t len = 0;

        buf[0] = '\0';
        if (mask & SRIOV_RATE_TX_SHARE)
                len += (size_t)snprintf(buf, size, " tx_share %s",
                                        sriov_rate_format(v->tx_share, rate, sizeof(rate)));
        if ((mask & SRIOV_RATE_TX_MAX) && len < size)
                len += (size_t)snprintf(buf + len, size - len, " tx_max %s",
                                        sriov_rate_format(v->tx_max, rate, sizeof(rate)));
        if ((mask & SRIOV_RATE_PARENT) && len < size)
                snprintf(buf + len, size - len, v->parent[0] ? " parent %s" : " noparent",
                         v->parent);
        if (buf[0])
                memmove(buf, buf + 1, strlen(buf));
}

static int check_rate(struct sriov_pf *pf, const char *object, const struct sriov_rate *want,
                      const struct sriov_rate *now, unsigned int flags)
{
        uint64_t share, max;

        if (flags & ~(SRIOV_FORCE | SRIOV_DRY_RUN | SRIOV_LEASES_SAID))
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags",
                                         "%s: set rate: flags 0x%x", object, flags);
        if (want->mask & ~ALL_FIELDS)
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown fields",
                                         "%s: set rate: mask 0x%x", object, want->mask);
        if ((want->mask & SRIOV_RATE_PARENT) &&
            strnlen(want->parent, sizeof(want->parent)) == sizeof(want->parent))
                return sriov_fail_reason(pf->ctx, -EINVAL, "longer than 63 bytes",
                                         "%s: set rate parent", object);
        /* A parent the object is already in exists: only a new one is looked up. */
        if ((want->mask & SRIOV_RATE_PARENT) && want->parent[0] &&
            !(now && strcmp(now->parent, want->parent) == 0)) {
                struct devlink_rate parent = { .is_node = true }, now_parent;
                int r;

                snprintf(parent.name, sizeof(parent.name), "%s", want->parent);
                r = pf_devlink_rate_get(pf, &parent, &now_parent, object);
                if (r == -ENOENT)
                        return sriov_fail_reason(pf->ctx, -ENOENT, "no such rate node",
                                                 "%s: set rate parent %s", object,
                                                 want->parent);
                if (r < 0)
                        return r;
        }
        /* What the object ends up with: the new values, the others as they are. */
        share = want->mask & SRIOV_RATE_TX_SHARE ? want->tx_share : now ? now->tx_share : 0;
        max = want->mask & SRIOV_RATE_TX_MAX ? want->tx_max : now ? now->tx_max : 0;
        if (max && share > max) {
                char reason[96], rate[32];

                snprintf(reason, sizeof(reason), "above tx_max %s",
                         sriov_rate_format(max, rate, sizeof(rate)));
                return sriov_fail_reason(pf->ctx, -EINVAL, reason, "%s: set rate tx_share %s",
                                         object, sriov_rate_format(share, rate, sizeof(rate)));
        }
        return 0;
}

static uint32_t differing(uint32_t mask, const struct sriov_rate *a, const struct sriov_rate *b)
{
        uint32_t d = mask & ~b->mask;

        if ((mask & b->mask & SRIOV_RATE_TX_SHARE) && a->tx_share != b->tx_share)
                d |= SRIOV_RATE_TX_SHARE;
        if ((mask & b->mask & SRIOV_RATE_TX_MAX) && a->tx_max != b->tx_max)
                d |= SRIOV_RATE_TX_MAX;
        if ((mask & b->mask & SRIOV_RATE_PARENT) && strcmp(a->parent, b->parent) != 0)
                d |= SRIOV_RATE_PARENT;
        return d;
}

/* One RATE_SET (or RATE_NEW) of @target (its port or name) with the fields of @mask. */
static int send_rate(struct sriov_pf *pf, uint8_t cmd, const struct devlink_rate *target,
                     uint32_t mask, const struct sriov_rate *v, const char *object)
{
        struct devlink_rate d = { .is_node = target->is_node, .port_index = target->port_index };
        struct devlink_handle h;
        struct nl_msg *req = NULL;
        char fields[192], what[224];
        uint16_t family;
        int r = devlink_family(pf->ctx, &family);

        if (r < 0)
                return r;
        snprintf(d.name, sizeof(d.name), "%s", target->name);
        d.has_tx_share = mask & SRIOV_RATE_TX_SHARE;
        d.tx_share = v->tx_share;
        d.has_tx_max = mask & SRIOV_RATE_TX_MAX;
        d.tx_max = v->tx_max;
        d.has_parent = mask & SRIOV_RATE_PARENT;
        snprintf(d.parent, sizeof(d.parent), "%s", v->parent);
        pf_devlink_handle(pf, &h);
        r = devlink_msg_rate_set(family, cmd, &h, &d, &req);
        if (r < 0)
                return r;
        describe(mask, v, fields, sizeof(fields));
        snprintf(what, sizeof(what), "%s rate%s%s", cmd == DEVLINK_CMD_RATE_NEW ? "add" : "set",
                 fields[0] ? " " : "", fields);
        dbg(pf->ctx, "%s: %s", object, what);
        return devlink_request(pf, req, NULL, object, what);
}

/*
 * 6.1's devlink refuses a new parent while the object has one ("Rate object already has
 * parent", -EBUSY; later kernels move it): out of the old node first, then into the new one
 * with the rest of @diff; when that is refused, back into the old one.
 */
static int reparent(struct sriov_pf *pf, const struct devlink_rate *target, uint32_t diff,
                    const struct sriov_rate *want, const struct sriov_rate *before,
                    const char *object)
{
        const struct sriov_rate out = { .mask = SRIOV_RATE_PARENT };
        struct error_frame f;
        int r, r2;

        r = send_rate(pf, DEVLINK_CMD_RATE_SET, target, SRIOV_RATE_PARENT, &out, object);
        if (r < 0)
                return r;
        r = send_rate(pf, DEVLINK_CMD_RATE_SET, target, diff, want, object);
        if (r == 0)
                return 0;
        error_frame_save(pf->ctx, &f);
        r2 = send_rate(pf, DEVLINK_CMD_RATE_SET, target, SRIOV_RATE_PARENT, before, object);
        error_frame_end(pf->ctx, &f, r2, "put it back in its node");
        return r;
}

/*
 * Set the fields of @want that differ from @target's, read back, put back on a mismatch.
 * @target is a copy (the kept dump is replaced). Returns 1, 0 (nothing differs), -errno.
 */
static int set_rate(struct sriov_pf *pf, struct devlink_rate target, const struct sriov_rate *want,
                    unsigned int flags, const char *object, struct sriov_vf *vf)
{
        struct sriov_rate before, after;
        struct devlink_rate now;
        uint32_t diff;
        int r;

        to_public(&target, &before);
        r = check_rate(pf, object, want, &before, flags);
        if (r < 0)
                return r;
        diff = differing(want->mask, want, &before);
        if (diff == 0)
                return 0;
        if (vf) {
                struct vf_change c = { .pf = pf, .vf = vf, .flags = flags,
                                       .users = VF_USERS_LEASE, .what = "set its rate" };

                r = vf_users_guard(&c);
                if (r < 0)
                        return r;
        }
        if (flags & SRIOV_DRY_RUN)
                return 1;
        r = send_rate(pf, DEVLINK_CMD_RATE_SET, &target, diff, want, object);
        if (r == -EBUSY && (diff & SRIOV_RATE_PARENT) && before.parent[0] && want->parent[0])
                r = reparent(pf, &target, diff, want, &before, object);
        pf_devlink_forget_rates(pf);
        if (r == 0)
                r = pf_devlink_rate_get(pf, &target, &now, object);
        if (r == -ENOENT)
                r = sriov_fail_reason(pf->ctx, -ENODEV, "its rate object went meanwhile",
                                      "%s: set rate", object);
        if (r == 0) {
                to_public(&now, &after);
                if (differing(diff, want, &after)) {
                        char fields[192], reason[160];
                        struct error_frame f;
                        int r2;

                        describe(differing(diff, want, &after), want, fields, sizeof(fields));
                        snprintf(reason, sizeof(reason),
                                 "%s accepted it but reports otherwise afterwards",
                                 pf_driver_name(pf));
                        r = sriov_fail_reason(pf->ctx, -EIO, reason, "%s: set rate %s", object,
                                              fields);
                        error_frame_save(pf->ctx, &f);
                        r2 = send_rate(pf, DEVLINK_CMD_RATE_SET, &target, diff, &before, object);
                        error_frame_end(pf->ctx, &f, r2, "put back its rate");
                        pf_devlink_forget_rates(pf);
                }
        }
        return r < 0 ? r : 1;
}

int vf_set_rate(struct sriov_vf *vf, const struct sriov_rate *want, unsigned int flags)
{
        struct devlink_rate leaf;
        char object[VF_LABEL_MAX + 4];
        int r;

        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(vf->pf->ctx);
                if (r < 0)
                        return r;
        }
        snprintf(object, sizeof(object), "VF %s", vf->label);
        r = vf_leaf(vf, true, &leaf, object);
        if (r == 0)
                r = set_rate(vf->pf, leaf, want, flags, object, vf);
        if (!(flags & SRIOV_DRY_RUN))
                host_unlock(vf->pf->ctx);
        return r;
}

SRIOV_EXPORT int sriov_vf_set_rate(struct sriov_vf *vf, const struct sriov_rate *want,
                                   unsigned int flags)
{
        if (!vf || !want)
                return -EINVAL;
        if (flags & SRIOV_LEASES_SAID) /* the library's own */
                return sriov_fail_reason(vf->pf->ctx, -EINVAL, "unknown flags",
                                         "VF %s: set rate: flags 0x%x", vf->label, flags);
        return vf_set_rate(vf, want, flags);
}

static int cmp_node(const void *a, const void *b)
{
        return strcmp(((const struct sriov_rate_node *)a)->name,
                      ((const struct sriov_rate_node *)b)->name);
}

SRIOV_EXPORT int sriov_pf_get_rate_nodes(struct sriov_pf *pf, struct sriov_rate_node **ret,
                                         size_t *n)
{
        const struct devlink_rate *rates;
        struct sriov_rate_node *nodes;
        size_t count, k = 0;
        int r;

        if (!pf || !ret || !n)
                return -EINVAL;
        r = pf_devlink_rates(pf, &rates, &count);
        if (r < 0)
                return r;
        nodes = count ? calloc(count, sizeof(*nodes)) : NULL;
        if (count && !nodes)
                return -ENOMEM;
        for (size_t i = 0; i < count; i++) {
                if (!rates[i].is_node)
                        continue;
                snprintf(nodes[k].name, sizeof(nodes[k].name), "%s", rates[i].name);
                to_public(&rates[i], &nodes[k].rate);
                k++;
        }
        if (k == 0) {
                free(nodes);
                nodes = NULL;
        } else {
                qsort(nodes, k, sizeof(*nodes), cmp_node);
        }
        *ret = nodes;
        *n = k;
        return 0;
}

/* A node's name as the kernel would take it, or -EINVAL, said. */
static int check_name(struct sriov_pf *pf, const char *name, const char *what)
{
        if (!name || !name[0])
                return sriov_fail_reason(pf->ctx, -EINVAL, "an empty name",
                                         "PF %s: %s rate node", pf->name, what);
        if (strlen(name) >= SRIOV_RATE_NAME_MAX || strchr(name, '/') || strchr(name, ' '))
                return sriov_fail_reason(pf->ctx, -EINVAL,
                                         strlen(name) >= SRIOV_RATE_NAME_MAX
                                                 ? "longer than 63 bytes"
                                                 : "a name with '/' or a space",
                                         "PF %s: %s rate node %s", pf->name, what, name);
        return 0;
}

/* The common start of the node calls: the name checked, the lock, a fresh dump. */
static int node_begin(struct sriov_pf *pf, const char *name, const char *what, unsigned int flags)
{
        int r = check_name(pf, name, what);

        if (r < 0)
                return r;
        if (flags & ~(SRIOV_DRY_RUN | SRIOV_FORCE))
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags",
                                         "PF %s: %s rate node %s: flags 0x%x", pf->name, what,
                                         name, flags);
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(pf->ctx);
                if (r < 0)
                        return r;
        }
        r = reread(pf);
        if (r < 0 && !(flags & SRIOV_DRY_RUN))
                host_unlock(pf->ctx);
        return r;
}

static int node_end(struct sriov_pf *pf, unsigned int flags, int r)
{
        if (!(flags & SRIOV_DRY_RUN))
                host_unlock(pf->ctx);
        return r;
}

SRIOV_EXPORT int sriov_pf_new_rate_node(struct sriov_pf *pf, const char *name,
                                        const struct sriov_rate *rate, unsigned int flags)
{
        static const struct sriov_rate none = { 0 };
        struct devlink_rate target = { .is_node = true };
        char object[SRIOV_RATE_NAME_MAX + SRIOV_PCI_ADDR_MAX + 32];
        int r;

        if (!pf)
                return -EINVAL;
        r = node_begin(pf, name, "add", flags);
        if (r < 0)
                return r;
        if (!rate)
                rate = &none;
        snprintf(object, sizeof(object), "PF %s: rate node %s", pf->name, name);
        snprintf(target.name, sizeof(target.name), "%s", name);
        if (pf_devlink_node(pf, name))
                r = sriov_fail_reason(pf->ctx, -EEXIST, "it exists", "%s: add", object);
        if (r == 0)
                r = check_rate(pf, object, rate, NULL, flags);
        if (r == 0 && !(flags & SRIOV_DRY_RUN)) {
                r = send_rate(pf, DEVLINK_CMD_RATE_NEW, &target, rate->mask, rate, object);
                pf_devlink_forget_rates(pf);
        }
        return node_end(pf, flags, r);
}

SRIOV_EXPORT int sriov_pf_set_rate_node(struct sriov_pf *pf, const char *name,
                                        const struct sriov_rate *rate, unsigned int flags)
{
        char object[SRIOV_RATE_NAME_MAX + SRIOV_PCI_ADDR_MAX + 32];
        const struct devlink_rate *node;
        int r;

        if (!pf || !rate)
                return -EINVAL;
        r = node_begin(pf, name, "set", flags);
        if (r < 0)
                return r;
        snprintf(object, sizeof(object), "PF %s: rate node %s", pf->name, name);
        node = pf_devlink_node(pf, name);
        if (!node)
                r = sriov_fail_reason(pf->ctx, -ENOENT, "no such rate node", "%s: set", object);
        else if (rate->mask & SRIOV_RATE_PARENT && strcmp(rate->parent, name) == 0)
                r = sriov_fail_reason(pf->ctx, -EINVAL, "a node cannot be its own parent",
                                      "%s: set rate parent %s", object, name);
        else
                r = set_rate(pf, *node, rate, flags, object, NULL);
        return node_end(pf, flags, r);
}

/* VF @vf's leaf, port @index, by the VF's label ("VF 0000:01:10.0 (enp1s0/0)"): a person
 * knows the VF, not the devlink port index. */
static int leaf_name(struct sriov_pf *pf, uint32_t index, char *buf, size_t size)
{
        const struct devlink_port *ports;
        char label[VF_LABEL_MAX];
        size_t n;

        if (pf_devlink_ports(pf, &ports, &n) == 0)
                for (size_t i = 0; i < n; i++)
                        if (ports[i].index == index && ports[i].has_vfnum) {
                                pf_vf_label(pf, ports[i].vfnum, label, sizeof(label));
                                return snprintf(buf, size, "VF %s", label);
                        }
        return snprintf(buf, size, "devlink port %u", index);
}

/* "VF 0000:01:10.0 (enp1s0/0), node group2": what belongs to node @name, for the message that
 * refuses to delete it. */
static size_t children(struct sriov_pf *pf, const char *name, char *buf, size_t size)
{
        size_t n = 0, len = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < pf->devlink.n_rates; i++) {
                const struct devlink_rate *c = &pf->devlink.rates[i];

                if (!c->has_parent || strcmp(c->parent, name) != 0)
                        continue;
                if (len < size && n)
                        len += (size_t)snprintf(buf + len, size - len, ", ");
                if (len < size)
                        len += c->is_node ? (size_t)snprintf(buf + len, size - len, "node %s",
                                                             c->name)
                                          : (size_t)leaf_name(pf, c->port_index, buf + len,
                                                              size - len);
                n++;
        }
        return n;
}

SRIOV_EXPORT int sriov_pf_del_rate_node(struct sriov_pf *pf, const char *name, unsigned int flags)
{
        char object[SRIOV_RATE_NAME_MAX + SRIOV_PCI_ADDR_MAX + 32], kids[320];
        struct devlink_handle h;
        struct nl_msg *req = NULL;
        uint16_t family;
        size_t k;
        int r;

        if (!pf)
                return -EINVAL;
        r = node_begin(pf, name, "delete", flags);
        if (r < 0)
                return r;
        snprintf(object, sizeof(object), "PF %s: rate node %s", pf->name, name);
        if (!pf_devlink_node(pf, name)) {
                r = sriov_fail_reason(pf->ctx, -ENOENT, "no such rate node", "%s: delete",
                                      object);
        } else if ((k = children(pf, name, kids, sizeof(kids))) > 0) {
                char reason[384];

                snprintf(reason, sizeof(reason), "%s belong%s to it; set %s parent first", kids,
                         k > 1 ? "" : "s", k > 1 ? "their" : "its");
                r = sriov_fail_reason(pf->ctx, -EBUSY, reason, "%s: delete", object);
        }
        if (r == 0 && !(flags & SRIOV_DRY_RUN)) {
                pf_devlink_handle(pf, &h);
                r = devlink_family(pf->ctx, &family);
                if (r == 0)
                        r = devlink_msg_rate_del(family, &h, name, &req);
                if (r == 0)
                        r = devlink_request(pf, req, NULL, object, "delete");
                pf_devlink_forget_rates(pf);
        }
        return node_end(pf, flags, r);
}
