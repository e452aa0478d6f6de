/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A PF's eswitch over devlink: its mode (legacy or switchdev), inline mode and encap mode.
 *
 * The kernel applies a DEVLINK_CMD_ESWITCH_SET's attributes in turn and stops at the first it
 * refuses, keeping the ones before (devlink_nl_cmd_eswitch_set_doit()). So each field goes in
 * a request of its own, the mode first, and is read back; on a refusal, or a value the driver
 * acked but does not report, the fields this call changed are put back in reverse.
 *
 * A mode change removes the VFs' switch ports and representors or makes them, so it is
 * checked like a resize: not while VFs are in use or leased (unless forced), never while a
 * process holds one through VFIO. netdevsim goes back to legacy when its VFs are removed, and
 * mlx5 wants its VFs before switchdev: the order of the two is the caller's (sriovctl apply
 * sets VFs first).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/devlink.h>

#include "libsriov-private.h"

#define KNOWN_FLAGS (SRIOV_FORCE | SRIOV_DRY_RUN)
#define ALL_FIELDS (SRIOV_ESWITCH_MODE | SRIOV_ESWITCH_INLINE_MODE | SRIOV_ESWITCH_ENCAP_MODE)

static const struct field {
        uint32_t bit;
        const char *name; /* devlink(8)'s keyword */
        const char *values[4];
} fields[] = {
        { SRIOV_ESWITCH_MODE, "mode", { "legacy", "switchdev" } },
        { SRIOV_ESWITCH_INLINE_MODE, "inline-mode", { "none", "link", "network", "transport" } },
        { SRIOV_ESWITCH_ENCAP_MODE, "encap-mode", { "none", "basic" } },
};

static const struct field *field_of(uint32_t bit)
{
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
                if (fields[i].bit == bit)
                        return &fields[i];
        return NULL;
}

SRIOV_EXPORT const char *sriov_eswitch_value_to_string(uint32_t field, int value)
{
        const struct field *f = field_of(field);

        if (!f || value < 0 || value >= 4)
                return NULL;
        return f->values[value];
}

SRIOV_EXPORT int sriov_eswitch_value_from_string(uint32_t field, const char *s)
{
        const struct field *f = field_of(field);

        for (int v = 0; f && s && v < 4 && f->values[v]; v++)
                if (strcmp(s, f->values[v]) == 0)
                        return v;
        return -EINVAL;
}

static int value_of(const struct sriov_eswitch *e, uint32_t bit)
{
        return bit == SRIOV_ESWITCH_MODE          ? (int)e->mode
               : bit == SRIOV_ESWITCH_INLINE_MODE ? (int)e->inline_mode
                                                  : (int)e->encap_mode;
}

/* "eswitch mode switchdev": what a message names. */
static void describe(uint32_t bit, int value, char *buf, size_t size)
{
        const char *v = sriov_eswitch_value_to_string(bit, value);

        snprintf(buf, size, "eswitch %s %s", field_of(bit)->name, v ? v : "?");
}

static int read_eswitch(struct sriov_pf *pf, const char *what, struct sriov_eswitch *ret)
{
        struct nl_msg *req = NULL, *reply = NULL;
        struct devlink_eswitch e;
        struct devlink_handle h;
        char object[sizeof(pf->name) + 4];
        uint16_t family;
        int r;

        r = devlink_family(pf->ctx, &family);
        if (r < 0)
                return r;
        pf_devlink_handle(pf, &h);
        r = devlink_msg_eswitch_get(family, &h, &req);
        if (r < 0)
                return r;
        snprintf(object, sizeof(object), "PF %s", pf->name);
        r = devlink_request(pf, req, &reply, object, what);
        if (r < 0)
                return r;
        r = devlink_parse_eswitch(nlmsg_hdr(reply), &e);
        nlmsg_free(reply);
        if (r < 0)
                return sriov_fail(pf->ctx, r, "PF %s: %s: the kernel's answer", pf->name, what);
        *ret = (struct sriov_eswitch){ 0 };
        if (e.has_mode) {
                ret->mask |= SRIOV_ESWITCH_MODE;
                ret->mode = e.mode;
        }
        if (e.has_inline_mode) {
                ret->mask |= SRIOV_ESWITCH_INLINE_MODE;
                ret->inline_mode = e.inline_mode;
        }
        if (e.has_encap_mode) {
                ret->mask |= SRIOV_ESWITCH_ENCAP_MODE;
                ret->encap_mode = e.encap_mode;
        }
        return 0;
}

SRIOV_EXPORT int sriov_pf_get_eswitch(struct sriov_pf *pf, struct sriov_eswitch *ret)
{
        if (!pf || !ret)
                return -EINVAL;
        return read_eswitch(pf, "read eswitch mode", ret);
}

/* One field in one request. */
static int write_field(struct sriov_pf *pf, uint32_t bit, int value)
{
        struct devlink_eswitch want = { 0 };
        struct devlink_handle h;
        struct nl_msg *req = NULL;
        char object[sizeof(pf->name) + 4], what[64], set[72];
        uint16_t family;
        int r;

        r = devlink_family(pf->ctx, &family);
        if (r < 0)
                return r;
        if (bit == SRIOV_ESWITCH_MODE) {
                want.has_mode = true;
                want.mode = (uint16_t)value;
        } else if (bit == SRIOV_ESWITCH_INLINE_MODE) {
                want.has_inline_mode = true;
                want.inline_mode = (uint8_t)value;
        } else {
                want.has_encap_mode = true;
                want.encap_mode = (uint8_t)value;
        }
        pf_devlink_handle(pf, &h);
        r = devlink_msg_eswitch_set(family, &h, &want, &req);
        if (r < 0)
                return r;
        snprintf(object, sizeof(object), "PF %s", pf->name);
        describe(bit, value, what, sizeof(what));
        snprintf(set, sizeof(set), "set %s", what);
        dbg(pf->ctx, "PF %s: %s", pf->name, set);
        return devlink_request(pf, req, NULL, object, set);
}

static int check_request(struct sriov_pf *pf, const struct sriov_eswitch *want,
                         unsigned int flags)
{
        if (flags & ~KNOWN_FLAGS)
                return sriov_fail_reason(pf->ctx, -EINVAL, "unknown flags",
                                         "PF %s: set eswitch: flags 0x%x", pf->name, flags);
        if (!want->mask || (want->mask & ~ALL_FIELDS))
                return sriov_fail_reason(pf->ctx, -EINVAL,
                                         want->mask ? "unknown fields" : "nothing asked for",
                                         "PF %s: set eswitch: mask 0x%x", pf->name, want->mask);
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
                int v = value_of(want, fields[i].bit);

                if ((want->mask & fields[i].bit) && !sriov_eswitch_value_to_string(fields[i].bit, v))
                        return sriov_fail_reason(pf->ctx, -EINVAL, "no such value",
                                                 "PF %s: set eswitch %s %d", pf->name,
                                                 fields[i].name, v);
        }
        return 0;
}

/* Put back, last first, the @n fields of @done to their values in @before. */
static void roll_back(struct sriov_pf *pf, const uint32_t *done, size_t n,
                      const struct sriov_eswitch *before)
{
        struct error_frame f;
        int r = 0;

        if (n == 0)
                return;
        error_frame_save(pf->ctx, &f);
        for (size_t i = n; i-- > 0 && r == 0;)
                r = write_field(pf, done[i], value_of(before, done[i]));
        error_frame_end(pf->ctx, &f, r, "put back the eswitch as it was");
}

/* The fields asked for that the kernel reports otherwise (or not at all). */
static uint32_t differing(const struct sriov_eswitch *want, const struct sriov_eswitch *now)
{
        uint32_t d = 0;

        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
                uint32_t bit = fields[i].bit;

                if ((want->mask & bit) &&
                    (!(now->mask & bit) || value_of(want, bit) != value_of(now, bit)))
                        d |= bit;
        }
        return d;
}

static int apply(struct sriov_pf *pf, const struct sriov_eswitch *want,
                 const struct sriov_eswitch *before, uint32_t diff)
{
        uint32_t done[3];
        size_t n = 0;
        struct sriov_eswitch after;
        int r = 0;

        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && r == 0; i++) {
                uint32_t bit = fields[i].bit;

                if (!(diff & bit))
                        continue;
                r = write_field(pf, bit, value_of(want, bit));
                if (r == 0)
                        done[n++] = bit;
        }
        if (r == 0)
                r = read_eswitch(pf, "read the eswitch back", &after);
        if (r == 0 && differing(want, &after)) {
                uint32_t bit = differing(want, &after) & -differing(want, &after);
                char what[64], reason[160];
                const char *now = after.mask & bit
                                          ? sriov_eswitch_value_to_string(bit, value_of(&after, bit))
                                          : NULL;

                describe(bit, value_of(want, bit), what, sizeof(what));
                snprintf(reason, sizeof(reason), "%s accepted it but reports %s afterwards",
                         pf_driver_name(pf), now ? now : "no value");
                r = sriov_fail_reason(pf->ctx, -EIO, reason, "PF %s: set %s", pf->name, what);
        }
        if (r < 0)
                roll_back(pf, done, n, before);
        return r;
}

SRIOV_EXPORT int sriov_pf_set_eswitch(struct sriov_pf *pf, const struct sriov_eswitch *want,
                                      unsigned int flags)
{
        struct sriov_eswitch before;
        char what[64];
        uint32_t diff;
        int r;

        if (!pf || !want)
                return -EINVAL;
        r = check_request(pf, want, flags);
        if (r < 0)
                return r;
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(pf->ctx);
                if (r < 0)
                        return r;
        }
        /* Decide on what the kernel shows now: its VFs, and the eswitch itself. */
        r = sriov_pf_reread(pf);
        {
                uint32_t first = want->mask & -want->mask;

                describe(first, value_of(want, first), what, sizeof(what));
        }
        if (r == 0) {
                char set[72];

                snprintf(set, sizeof(set), "set %s", what);
                r = read_eswitch(pf, set, &before);
        }
        diff = r == 0 ? differing(want, &before) : 0;
        if (r < 0 || diff == 0)
                goto out;
        if ((diff & SRIOV_ESWITCH_MODE) && pf->st.num_vfs > 0) {
                char set[72];
                struct vf_change c = { .pf = pf, .n = pf->st.num_vfs, .flags = flags,
                                       .users = VF_USERS_REMOVE, .what = set,
                                       .forced = "its switch port remade as forced" };

                describe(SRIOV_ESWITCH_MODE, (int)want->mode, what, sizeof(what));
                snprintf(set, sizeof(set), "set %s", what);
                r = vf_users_guard(&c);
        }
        if (r < 0 || (flags & SRIOV_DRY_RUN)) {
                r = r < 0 ? r : 1;
                goto out;
        }
        r = apply(pf, want, &before, diff);
        /* Ports and representors came or went: what was kept of them is stale. */
        sriov_pf_forget_link(pf);
        if (r == 0)
                r = 1;
out:
        if (!(flags & SRIOV_DRY_RUN))
                host_unlock(pf->ctx);
        return r;
}
