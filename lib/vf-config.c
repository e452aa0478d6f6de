/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VF settings: validate, diff, apply all-or-nothing, verify (see netlink.h); reading them, and
 * the PF's kept VF list, is pf-link.c's.
 *
 * The kernel applies an RTM_SETLINK's VF entries in order, and within one entry its attributes
 * in do_setvfinfo()'s order, and stops at the first refusal with everything before it left
 * applied. All-or-nothing is therefore this file's job: validate every value before sending,
 * send only what differs, read the result back, and when a field was refused (or silently
 * ignored) put back every field that had changed, then read again to confirm.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

#define VLAN_GROUP (SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO)
#define RATE_GROUP (SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE)

/*
 * The kernel's attributes in the order do_setvfinfo() (net/core/rtnetlink.c) applies them:
 * IFLA_VF_MAC, IFLA_VF_VLAN_LIST, IFLA_VF_RATE, IFLA_VF_SPOOFCHK, IFLA_VF_LINK_STATE,
 * IFLA_VF_RSS_QUERY_EN, IFLA_VF_TRUST. One attribute carries a group of fields.
 */
static const uint32_t attr_order[] = {
        SRIOV_VF_CONFIG_MAC,        VLAN_GROUP,
        RATE_GROUP,                 SRIOV_VF_CONFIG_SPOOFCHK,
        SRIOV_VF_CONFIG_LINK_STATE, SRIOV_VF_CONFIG_QUERY_RSS,
        SRIOV_VF_CONFIG_TRUST,
};
#define N_ATTRS (sizeof(attr_order) / sizeof(attr_order[0]))

/* An attribute by the name of its first field; the rate pair as "tx_rate". */
static const char *attr_name(uint32_t group)
{
        return group == RATE_GROUP ? "tx_rate" : sriov_vf_field_name(group & -group);
}

static void format_value(uint32_t bit, const struct sriov_vf_config *c, char *buf, size_t size)
{
        static const char *const states[] = { "auto", "enable", "disable" };

        switch (bit) {
        case SRIOV_VF_CONFIG_MAC:
        {
                char mac[SRIOV_MAC_TEXT_MAX];

                snprintf(buf, size, "%s", sriov_mac_format(c->mac, mac));
                break;
        }
        case SRIOV_VF_CONFIG_VLAN: snprintf(buf, size, "%u", c->vlan); break;
        case SRIOV_VF_CONFIG_QOS: snprintf(buf, size, "%u", c->qos); break;
        case SRIOV_VF_CONFIG_VLAN_PROTO:
                if (c->vlan_proto == SRIOV_VLAN_PROTO_8021Q)
                        snprintf(buf, size, "802.1Q");
                else if (c->vlan_proto == SRIOV_VLAN_PROTO_8021AD)
                        snprintf(buf, size, "802.1ad");
                else
                        snprintf(buf, size, "0x%04x", c->vlan_proto);
                break;
        case SRIOV_VF_CONFIG_MIN_TX_RATE: snprintf(buf, size, "%u", c->min_tx_rate); break;
        case SRIOV_VF_CONFIG_MAX_TX_RATE: snprintf(buf, size, "%u", c->max_tx_rate); break;
        case SRIOV_VF_CONFIG_SPOOFCHK: snprintf(buf, size, c->spoofchk ? "on" : "off"); break;
        case SRIOV_VF_CONFIG_TRUST: snprintf(buf, size, c->trust ? "on" : "off"); break;
        case SRIOV_VF_CONFIG_QUERY_RSS: snprintf(buf, size, c->query_rss ? "on" : "off"); break;
        case SRIOV_VF_CONFIG_LINK_STATE:
                if ((unsigned int)c->link_state < 3)
                        snprintf(buf, size, "%s", states[c->link_state]);
                else
                        snprintf(buf, size, "%u", (unsigned int)c->link_state);
                break;
        default: snprintf(buf, size, "?"); break;
        }
}

static bool field_equal(uint32_t bit, const struct sriov_vf_config *a,
                        const struct sriov_vf_config *b)
{
        switch (bit) {
        case SRIOV_VF_CONFIG_MAC: return memcmp(a->mac, b->mac, sizeof(a->mac)) == 0;
        case SRIOV_VF_CONFIG_VLAN: return a->vlan == b->vlan;
        case SRIOV_VF_CONFIG_QOS: return a->qos == b->qos;
        case SRIOV_VF_CONFIG_VLAN_PROTO: return a->vlan_proto == b->vlan_proto;
        case SRIOV_VF_CONFIG_MIN_TX_RATE: return a->min_tx_rate == b->min_tx_rate;
        case SRIOV_VF_CONFIG_MAX_TX_RATE: return a->max_tx_rate == b->max_tx_rate;
        case SRIOV_VF_CONFIG_SPOOFCHK: return a->spoofchk == b->spoofchk;
        case SRIOV_VF_CONFIG_TRUST: return a->trust == b->trust;
        case SRIOV_VF_CONFIG_LINK_STATE: return a->link_state == b->link_state;
        case SRIOV_VF_CONFIG_QUERY_RSS: return a->query_rss == b->query_rss;
        default: return false;
        }
}

static void copy_field(uint32_t bit, struct sriov_vf_config *dst, const struct sriov_vf_config *src)
{
        switch (bit) {
        case SRIOV_VF_CONFIG_MAC: memcpy(dst->mac, src->mac, sizeof(dst->mac)); break;
        case SRIOV_VF_CONFIG_VLAN: dst->vlan = src->vlan; break;
        case SRIOV_VF_CONFIG_QOS: dst->qos = src->qos; break;
        case SRIOV_VF_CONFIG_VLAN_PROTO: dst->vlan_proto = src->vlan_proto; break;
        case SRIOV_VF_CONFIG_MIN_TX_RATE: dst->min_tx_rate = src->min_tx_rate; break;
        case SRIOV_VF_CONFIG_MAX_TX_RATE: dst->max_tx_rate = src->max_tx_rate; break;
        case SRIOV_VF_CONFIG_SPOOFCHK: dst->spoofchk = src->spoofchk; break;
        case SRIOV_VF_CONFIG_TRUST: dst->trust = src->trust; break;
        case SRIOV_VF_CONFIG_LINK_STATE: dst->link_state = src->link_state; break;
        case SRIOV_VF_CONFIG_QUERY_RSS: dst->query_rss = src->query_rss; break;
        default: break;
        }
        dst->mask |= bit;
}

#define for_each_bit(bit, mask)                                                                  \
        for (uint32_t _m = (mask), bit; _m && (bit = _m & -_m, true); _m &= _m - 1)

/* Refuse @bit of VF @index: "VF <name>: <field> <value>: <reason>". */
static int refuse(struct sriov_pf *pf, unsigned int index, uint32_t bit,
                  const struct sriov_vf_config *c, const char *reason)
{
        char name[VF_LABEL_MAX], value[32];

        pf_vf_label(pf, index, name, sizeof(name));
        format_value(bit, c, value, sizeof(value));
        return sriov_fail_reason(pf->ctx, -EINVAL, reason, "VF %s: %s %s", name,
                                 sriov_vf_field_name(bit), value);
}

/* Everything that can be checked without asking the kernel. */
static int validate(struct sriov_pf *pf, unsigned int index, const struct sriov_vf_config *c)
{
        char name[VF_LABEL_MAX];

        if (index >= pf->st.num_vfs) {
                char reason[64];

                snprintf(reason, sizeof(reason), "out of range, the PF has %u VFs (num_vfs)",
                         pf->st.num_vfs);
                return sriov_fail_reason(pf->ctx, -EINVAL, reason, "VF %s/%u: index %u",
                                         pf->name, index, index);
        }
        if (c->mask & ~SRIOV_VF_CONFIG_ALL) {
                pf_vf_label(pf, index, name, sizeof(name));
                return sriov_fail_reason(pf->ctx, -EINVAL, "bits this library does not know",
                                         "VF %s: mask 0x%x", name, c->mask);
        }
        for (size_t i = 0; i < sizeof(c->reserved) / sizeof(c->reserved[0]); i++) {
                if (c->reserved[i]) {
                        pf_vf_label(pf, index, name, sizeof(name));
                        return sriov_fail_reason(pf->ctx, -EINVAL, "must be zero",
                                                 "VF %s: reserved[%zu] %u", name, i,
                                                 c->reserved[i]);
                }
        }
        /* All zero is allowed: it clears the admin MAC on drivers that support that. */
        if ((c->mask & SRIOV_VF_CONFIG_MAC) && sriov_mac_is_multicast(c->mac))
                return refuse(pf, index, SRIOV_VF_CONFIG_MAC, c,
                              "a multicast address cannot be a VF's MAC");
        if ((c->mask & (SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO)) &&
            !(c->mask & SRIOV_VF_CONFIG_VLAN))
                return refuse(pf, index,
                              c->mask & SRIOV_VF_CONFIG_QOS ? SRIOV_VF_CONFIG_QOS
                                                            : SRIOV_VF_CONFIG_VLAN_PROTO,
                              c, "needs vlan in the same call: the kernel sets them together");
        if ((c->mask & SRIOV_VF_CONFIG_VLAN) && c->vlan > 4095)
                return refuse(pf, index, SRIOV_VF_CONFIG_VLAN, c, "out of range 0-4095");
        if ((c->mask & SRIOV_VF_CONFIG_QOS) && c->qos > 7)
                return refuse(pf, index, SRIOV_VF_CONFIG_QOS, c, "out of range 0-7");
        if ((c->mask & SRIOV_VF_CONFIG_VLAN_PROTO) && c->vlan_proto != SRIOV_VLAN_PROTO_8021Q &&
            c->vlan_proto != SRIOV_VLAN_PROTO_8021AD)
                return refuse(pf, index, SRIOV_VF_CONFIG_VLAN_PROTO, c,
                              "neither 802.1Q (0x8100) nor 802.1ad (0x88a8)");
        if ((c->mask & RATE_GROUP) == RATE_GROUP && c->max_tx_rate &&
            c->min_tx_rate > c->max_tx_rate) {
                char reason[64];

                snprintf(reason, sizeof(reason), "above max_tx_rate %u (0 would be no limit)",
                         c->max_tx_rate);
                return refuse(pf, index, SRIOV_VF_CONFIG_MIN_TX_RATE, c, reason);
        }
        if ((c->mask & SRIOV_VF_CONFIG_LINK_STATE) &&
            (unsigned int)c->link_state > SRIOV_LINK_STATE_DISABLE)
                return refuse(pf, index, SRIOV_VF_CONFIG_LINK_STATE, c,
                              "neither auto (0), enable (1) nor disable (2)");
        return 0;
}

int vf_config_check(struct sriov_vf *vf, const struct sriov_vf_config *c)
{
        return validate(vf->pf, vf->index, c);
}

/* ---- applying ---------------------------------------------------------------------------- */

/* One VF's part of a call. */
struct apply {
        unsigned int index;
        struct sriov_vf_config want;   /* as the caller asked */
        struct sriov_vf_config change; /* the fields that differ, with the new values */
        struct vf_set set;             /* what is sent: the differing fields and their groups */
};

/* A VF's entry of @l, or an empty config when the kernel did not report it. */
static const struct sriov_vf_config *state_of(const struct link_vfs *l, unsigned int index)
{
        static const struct sriov_vf_config unknown;
        const struct vf_info *vi = link_vfs_find(l, index);

        return vi ? &vi->cfg : &unknown;
}

/*
 * Work out what @a sends against the current state @have. A field the driver does not report
 * counts as different: there is no knowing. A VLAN or rate field travels in one attribute with
 * the rest of its group, which keeps its current values.
 */
static int plan(struct sriov_pf *pf, struct apply *a, const struct sriov_vf_config *have)
{
        static const struct sriov_vf_config defaults = { .vlan_proto = SRIOV_VLAN_PROTO_8021Q };
        struct sriov_vf_config *s = &a->set.cfg;
        uint32_t send;

        memset(&a->change, 0, sizeof(a->change));
        memset(&a->set, 0, sizeof(a->set));
        a->set.vf = a->index;
        for_each_bit(bit, a->want.mask)
                if (!(have->mask & bit) || !field_equal(bit, &a->want, have))
                        copy_field(bit, &a->change, &a->want);
        send = a->change.mask;
        if (send & VLAN_GROUP)
                send |= VLAN_GROUP;
        if (send & RATE_GROUP)
                send |= RATE_GROUP;
        for_each_bit(bit, send)
                copy_field(bit, s,
                           a->want.mask & bit ? &a->want : have->mask & bit ? have : &defaults);
        /* The kernel's rule for the pair that is sent (rtnl_set_vf_rate()): max 0 = no limit. */
        if ((send & RATE_GROUP) && s->max_tx_rate && s->min_tx_rate > s->max_tx_rate) {
                char reason[64];

                if (a->want.mask & SRIOV_VF_CONFIG_MIN_TX_RATE) {
                        snprintf(reason, sizeof(reason), "above max_tx_rate %u", s->max_tx_rate);
                        return refuse(pf, a->index, SRIOV_VF_CONFIG_MIN_TX_RATE, s, reason);
                }
                snprintf(reason, sizeof(reason), "below min_tx_rate %u (0 would be no limit)",
                         s->min_tx_rate);
                return refuse(pf, a->index, SRIOV_VF_CONFIG_MAX_TX_RATE, s, reason);
        }
        return 0;
}

/* "vlan 100, vlan_proto 802.1ad": the fields of @bits, with the values of @c. */
static void describe(uint32_t bits, const struct sriov_vf_config *c, char *buf, size_t size)
{
        size_t len = 0;

        buf[0] = '\0';
        for_each_bit(bit, bits) {
                char value[32];
                int k;

                format_value(bit, c, value, sizeof(value));
                k = snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "", sriov_vf_field_name(bit),
                             value);
                if (k < 0 || (size_t)k >= size - len)
                        break;
                len += (size_t)k;
        }
}

/* A place in the kernel's processing of a request: VF entry @i, attribute attr_order[@k]. */
struct place {
        size_t i, k;
};

static const struct place place_end = { SIZE_MAX, 0 };

static bool place_before(struct place a, struct place b)
{
        return a.i < b.i || (a.i == b.i && a.k < b.k);
}

/*
 * The first attribute, in the kernel's order, that @l shows not holding what was sent: the
 * one the kernel refused, or the driver ignored. With @strict a field the driver does not
 * report counts too: after a refusal an unreported field is as likely to be the refused one
 * (igb reports no query_rss and refuses it); after an ack it cannot be checked, and is taken
 * as applied.
 */
static bool first_unapplied(const struct apply *as, size_t n, const struct link_vfs *l,
                            bool strict, struct place *ret)
{
        for (size_t i = 0; i < n; i++) {
                const struct sriov_vf_config *now = state_of(l, as[i].index);

                for (size_t k = 0; k < N_ATTRS; k++) {
                        uint32_t group = attr_order[k] & as[i].set.cfg.mask;

                        for_each_bit(bit, group) {
                                if ((now->mask & bit) ? field_equal(bit, now, &as[i].set.cfg)
                                                      : !strict || !(as[i].want.mask & bit))
                                        continue;
                                *ret = (struct place){ i, k };
                                return true;
                        }
                }
        }
        return false;
}

/* Send the non-empty entries of @as in one request (see netlink_set_link_vfs()). */
static int send_sets(struct sriov_pf *pf, int ifindex, const struct apply *as, size_t n,
                     char *extack, size_t extack_size)
{
        struct vf_set *sets = calloc(n ? n : 1, sizeof(*sets));
        size_t m = 0;
        int r;

        if (!sets)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                if (as[i].set.cfg.mask)
                        sets[m++] = as[i].set;
        r = netlink_set_link_vfs(pf->ctx, ifindex, sets, m, extack, extack_size);
        free(sets);
        return r;
}

/*
 * Put back every attribute of @as, up to @limit in the kernel's order, that @now shows
 * different from @orig (@limit itself only when it shows a change: the kernel refused it).
 * Then read again into @check and confirm. Returns how many VFs were sent back, or -errno
 * with @what saying what could not be put back.
 */
static int roll_back(struct sriov_pf *pf, int ifindex, const struct apply *as, size_t n,
                     const struct link_vfs *orig, const struct link_vfs *now, struct place limit,
                     char *what, size_t what_size, struct link_vfs *check, bool *checked)
{
        struct apply *back = calloc(n ? n : 1, sizeof(*back));
        char extack[256];
        struct place p;
        size_t m = 0;
        int r = 0;

        what[0] = '\0';
        *checked = false;
        if (!back)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                const struct sriov_vf_config *o = state_of(orig, as[i].index);
                const struct sriov_vf_config *c = state_of(now, as[i].index);
                struct apply *b = &back[m];

                b->index = as[i].index;
                b->set.vf = as[i].index;
                for (size_t k = 0; k < N_ATTRS; k++) {
                        uint32_t group = attr_order[k] & as[i].set.cfg.mask;
                        bool changed = false;

                        p = (struct place){ i, k };
                        if (!group || place_before(limit, p))
                                continue; /* not sent, or after the refusal: never applied */
                        if ((c->mask & group) == group) {
                                for_each_bit(bit, group)
                                        if (!(o->mask & bit) || !field_equal(bit, c, o))
                                                changed = true;
                        } else {
                                /* Unreported: applied unless it is the refused one. */
                                changed = place_before(p, limit);
                        }
                        if (!changed)
                                continue;
                        if ((o->mask & group) != group) {
                                char name[VF_LABEL_MAX];

                                pf_vf_label(pf, as[i].index, name, sizeof(name));
                                snprintf(what, what_size,
                                         "VF %s: %s before the call is not known", name,
                                         attr_name(group));
                                r = -ENODATA;
                                continue;
                        }
                        for_each_bit(bit, group)
                                copy_field(bit, &b->set.cfg, o);
                }
                if (b->set.cfg.mask) {
                        b->want = b->set.cfg;
                        m++;
                }
        }
        if (m) {
                int r2 = send_sets(pf, ifindex, back, m, extack, sizeof(extack));

                if (r2 == 0) {
                        r2 = netlink_get_link_vfs(pf->ctx, ifindex, false, check);
                        *checked = r2 == 0;
                }
                if (r2 < 0) {
                        snprintf(what, what_size, "%s%s%s", strerror(-r2),
                                 extack[0] ? ": " : "", extack);
                        r = r2;
                } else if (first_unapplied(back, m, check, false, &p)) {
                        char name[VF_LABEL_MAX];

                        pf_vf_label(pf, back[p.i].index, name, sizeof(name));
                        snprintf(what, what_size, "VF %s: %s did not come back", name,
                                 attr_name(attr_order[p.k]));
                        r = -EIO;
                } else if (r == 0) {
                        /* "VF 0 mac, VF 1 vlan trust": what was put back, for the message. */
                        size_t len = 0;

                        for (size_t i = 0; i < m && len < what_size; i++) {
                                len += (size_t)snprintf(what + len, what_size - len, "%sVF %u",
                                                        i ? ", " : "", back[i].index);
                                for (size_t k = 0; k < N_ATTRS && len < what_size; k++)
                                        if (back[i].set.cfg.mask & attr_order[k])
                                                len += (size_t)snprintf(what + len,
                                                                        what_size - len, " %s",
                                                                        attr_name(attr_order[k]));
                        }
                }
        }
        free(back);
        return r < 0 ? r : (int)m;
}

/* The message of a failed apply: the VF, the fields and values, the driver, the reason. */
static int report(struct sriov_pf *pf, int err, const struct apply *a, uint32_t attr,
                  const struct link_vfs *after, const char *extack, bool acked)
{
        const char *driver = pf->st.driver ? pf->st.driver : "the PF's driver";
        char name[VF_LABEL_MAX], fields[128], reason[384];

        if (!a) {
                snprintf(reason, sizeof(reason), "%s%s%s", strerror(-err),
                         extack[0] ? ": " : "", extack);
                return sriov_fail_reason(pf->ctx, err, reason, "PF %s: set VF settings",
                                         pf->name);
        }
        pf_vf_label(pf, a->index, name, sizeof(name));
        /* Name what the caller changed in that attribute, not what only travelled with it. */
        describe(attr & (a->change.mask & attr ? a->change.mask : a->set.cfg.mask), &a->set.cfg,
                 fields, sizeof(fields));
        if (acked) {
                char now[128];

                describe(attr & a->set.cfg.mask & state_of(after, a->index)->mask,
                         state_of(after, a->index), now, sizeof(now));
                snprintf(reason, sizeof(reason), "%s accepted it but reports %s afterwards",
                         driver, now[0] ? now : "nothing");
        } else {
                snprintf(reason, sizeof(reason), "refused by %s: %s%s%s", driver,
                         strerror(-err), extack[0] ? ": " : "", extack);
        }
        return sriov_fail_reason(pf->ctx, err, reason, "VF %s: set %s", name, fields);
}

/* Send what @as plans, verify, and on failure put back what changed since @orig. */
/*
 * The kernel acked settings of VFs its answer does not list (its VF list wraps past about 330
 * VFs): they went in, but cannot be read back. Say so rather than call them verified.
 */
static void say_unverified(struct sriov_pf *pf, const struct apply *as, size_t n,
                           const struct link_vfs *after)
{
        char list[160] = "";
        size_t count = 0, len = 0;

        for (size_t i = 0; i < n; i++) {
                if (!as[i].set.cfg.mask || link_vfs_find(after, as[i].index))
                        continue;
                /* The first few by number, then how many more: one line, however many. */
                if (count < 8)
                        len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%u",
                                                count ? ", " : "", as[i].index);
                count++;
        }
        if (!count)
                return;
        warning(pf->ctx,
                "VF %s/%s%s: set, but not read back: the kernel's answer lists %zu of the PF's "
                "%u VFs (one RTM_GETLINK cannot hold more), and not %s",
                pf->name, list, count > 8 ? ", ..." : "", after->count, after->num_vf,
                count == 1 ? "this one" : "these");
        if (count > 8)
                info(pf->ctx, "PF %s: %zu VFs set but not read back", pf->name, count);
}

static int apply_and_verify(struct sriov_pf *pf, int ifindex, const struct apply *as, size_t n,
                            const struct link_vfs *orig)
{
        struct link_vfs after = { 0 }, check = { 0 };
        char extack[256], what[384];
        struct place bad = place_end;
        bool acked, found, checked;
        int r, r2;

        r = send_sets(pf, ifindex, as, n, extack, sizeof(extack));
        acked = r == 0;
        if (!acked)
                dbg(pf->ctx, "PF %s: RTM_SETLINK: %s%s%s", pf->name, strerror(-r),
                    extack[0] ? ": " : "", extack);

        r2 = netlink_get_link_vfs(pf->ctx, ifindex, false, &after);
        if (r2 < 0) {
                /* Without the state afterwards there is nothing to compare or put back. */
                sriov_pf_forget_link(pf);
                if (acked)
                        return sriov_fail(pf->ctx, r2,
                                          "PF %s: read VF settings back after setting them",
                                          pf->name);
                report(pf, r, NULL, 0, NULL, extack, false);
                sriov_error_append(pf->ctx, "; reading back to put things back failed: %s",
                                   strerror(-r2));
                return r;
        }

        /* Refused before any VF was looked at (no CAP_NET_ADMIN): no field is to blame. */
        found = (acked || (r != -EPERM && r != -EACCES)) &&
                first_unapplied(as, n, &after, !acked, &bad);
        if (acked && !found) {
                say_unverified(pf, as, n, &after);
                sriov_pf_keep_link(pf, &after);
                return 0;
        }
        if (acked)
                r = -EIO; /* acked, yet a value did not stick: the driver ignored it */
        report(pf, r, found ? &as[bad.i] : NULL, found ? attr_order[bad.k] : 0, &after, extack,
               acked);

        r2 = roll_back(pf, ifindex, as, n, orig, &after, found && !acked ? bad : place_end, what,
                       sizeof(what), &check, &checked);
        if (r2 < 0)
                sriov_error_append(pf->ctx, "; putting back what had changed failed: %s", what);
        else if (r2 > 0)
                sriov_error_append(pf->ctx, "; put back %s", what);
        else
                sriov_error_append(pf->ctx, found ? "; nothing else had changed"
                                                  : "; nothing had changed");
        if (checked) {
                sriov_pf_keep_link(pf, &check);
                link_vfs_free(&after);
        } else {
                sriov_pf_keep_link(pf, &after);
        }
        return r;
}

int vf_configs_set(struct sriov_pf *pf, const unsigned int *indexes,
                   const struct sriov_vf_config *configs, size_t n, unsigned int flags,
                   struct sriov_vf_config *changes)
{
        struct link_vfs cur = { 0 };
        struct apply *as = NULL;
        unsigned int *changing = NULL;
        size_t n_changing = 0;
        bool *seen = NULL;
        bool locked = false;
        int ifindex, r;

        if (!pf || (n && (!indexes || !configs)))
                return -EINVAL;
        if (flags & ~(SRIOV_DRY_RUN | SRIOV_FORCE | SRIOV_LEASES_SAID))
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags",
                                         "PF %s: set VF settings: flags 0x%x", pf->name, flags);
        if (n == 0)
                return 0;

        as = calloc(n, sizeof(*as));
        changing = calloc(n, sizeof(*changing));
        seen = calloc(pf->st.num_vfs ? pf->st.num_vfs : 1, sizeof(*seen));
        if (!as || !changing || !seen) {
                r = -ENOMEM;
                goto out;
        }
        /* Every value first: a bad one must not leave half the list applied. */
        for (size_t i = 0; i < n; i++) {
                r = validate(pf, indexes[i], &configs[i]);
                if (r < 0)
                        goto out;
                if (seen[indexes[i]]) {
                        char name[VF_LABEL_MAX];

                        pf_vf_label(pf, indexes[i], name, sizeof(name));
                        r = sriov_fail_reason(pf->ctx, -EINVAL, "given twice in one call",
                                              "VF %s: index %u", name, indexes[i]);
                        goto out;
                }
                seen[indexes[i]] = true;
                as[i].index = indexes[i];
                as[i].want = configs[i];
        }

        ifindex = sriov_pf_link_ifindex(pf);
        if (ifindex < 0) {
                r = ifindex;
                goto out;
        }
        /* No other change between the read that decides what is sent and the send. */
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(pf->ctx);
                if (r < 0)
                        goto out;
                locked = true;
        }
        /* Always the state of now, not the kept snapshot: the diff decides what is sent. */
        r = sriov_pf_read_link(pf, ifindex, false, &cur);
        if (r < 0)
                goto out;
        for (size_t i = 0; i < n; i++) {
                r = plan(pf, &as[i], state_of(&cur, as[i].index));
                if (r < 0)
                        goto out;
                if (as[i].set.cfg.mask)
                        changing[n_changing++] = as[i].index;
        }
        /* Only VFs that would change ask their lease: setting what a VF has is no change. */
        if (n_changing) {
                r = vf_users_guard(&(struct vf_change){ .pf = pf, .vfs = changing,
                                                        .n = n_changing, .flags = flags,
                                                        .users = VF_USERS_LEASE,
                                                        .what = "set its settings" });
                if (r < 0)
                        goto out;
        }

        if (n_changing && !(flags & SRIOV_DRY_RUN)) {
                r = apply_and_verify(pf, ifindex, as, n, &cur);
                if (r < 0)
                        goto out;
        } else {
                sriov_pf_keep_link(pf, &cur);
        }
        if (changes)
                for (size_t i = 0; i < n; i++)
                        changes[i] = as[i].change;
        r = 0;
out:
        if (locked)
                host_unlock(pf->ctx);
        link_vfs_free(&cur);
        free(seen);
        free(changing);
        free(as);
        return r;
}

SRIOV_EXPORT int sriov_pf_set_vf_configs(struct sriov_pf *pf, const unsigned int *indexes,
                                         const struct sriov_vf_config *configs, size_t n,
                                         unsigned int flags, struct sriov_vf_config *changes)
{
        if (pf && (flags & SRIOV_LEASES_SAID))
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags",
                                         "PF %s: set VF settings: flags 0x%x", pf->name, flags);
        return vf_configs_set(pf, indexes, configs, n, flags, changes);
}

SRIOV_EXPORT uint32_t sriov_vf_config_diff(const struct sriov_vf_config *a,
                                           const struct sriov_vf_config *b)
{
        uint32_t differ = 0;

        if (!a || !b)
                return 0;
        for_each_bit(bit, a->mask & b->mask & SRIOV_VF_CONFIG_ALL)
                if (!field_equal(bit, a, b))
                        differ |= bit;
        return differ;
}

SRIOV_EXPORT int sriov_vf_set_config(struct sriov_vf *vf, const struct sriov_vf_config *config,
                                     unsigned int flags, struct sriov_vf_config *change)
{
        if (!vf || !config)
                return -EINVAL;
        return sriov_pf_set_vf_configs(vf->pf, &vf->index, config, 1, flags, change);
}
