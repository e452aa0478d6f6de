/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A VF's devlink port in switchdev mode: the map VF -> port -> representor netdev, from one
 * port dump of the PF kept with it, and the port function (the MAC, state and capabilities the
 * eswitch manager gives the VF), set in one DEVLINK_CMD_PORT_SET, read back, put back.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/devlink.h>

#include "libsriov-private.h"

#define SETTABLE (SRIOV_VF_PORT_HW_ADDR | SRIOV_VF_PORT_STATE | SRIOV_VF_PORT_ROCE | \
                  SRIOV_VF_PORT_MIGRATABLE)

/* The VF's port in the PF's kept dump; -ENOENT, said, when it has none. */
static int find_port(struct sriov_vf *vf, const struct devlink_port **ret)
{
        const struct devlink_port *ports;
        size_t n;
        int r = pf_devlink_ports(vf->pf, &ports, &n);

        if (r < 0)
                return r;
        *ret = pf_devlink_vf_port(vf->pf, vf->index);
        if (!*ret)
                return sriov_fail_reason(vf->pf->ctx, -ENOENT,
                                         "no devlink port (a VF has one in switchdev mode)",
                                         "VF %s: find its devlink port", vf->label);
        return 0;
}

static void to_public(const struct devlink_port *p, struct sriov_vf_port *ret)
{
        const struct devlink_port_fn *fn = &p->fn;

        *ret = (struct sriov_vf_port){ .index = p->index };
        snprintf(ret->representor, sizeof(ret->representor), "%s", p->netdev);
        ret->representor_ifindex = p->has_ifindex ? (int)p->ifindex : 0;
        if (fn->has_hw_addr) {
                ret->mask |= SRIOV_VF_PORT_HW_ADDR;
                memcpy(ret->hw_addr, fn->hw_addr, sizeof(ret->hw_addr));
        }
        if (fn->has_state) {
                ret->mask |= SRIOV_VF_PORT_STATE;
                ret->state = fn->state;
        }
        if (fn->has_opstate) {
                ret->mask |= SRIOV_VF_PORT_OPSTATE;
                ret->opstate = fn->opstate;
        }
        if (fn->has_caps && (fn->caps_selector & DEVLINK_PORT_FN_CAP_ROCE)) {
                ret->mask |= SRIOV_VF_PORT_ROCE;
                ret->roce = fn->caps & DEVLINK_PORT_FN_CAP_ROCE;
        }
        if (fn->has_caps && (fn->caps_selector & DEVLINK_PORT_FN_CAP_MIGRATABLE)) {
                ret->mask |= SRIOV_VF_PORT_MIGRATABLE;
                ret->migratable = fn->caps & DEVLINK_PORT_FN_CAP_MIGRATABLE;
        }
}

SRIOV_EXPORT int sriov_vf_get_port(struct sriov_vf *vf, struct sriov_vf_port *ret)
{
        const struct devlink_port *p;
        int r;

        if (!vf || !ret)
                return -EINVAL;
        r = find_port(vf, &p);
        if (r < 0)
                return r;
        to_public(p, ret);
        return 0;
}

/* The fields of @mask of @a and @b that differ; a field @b lacks differs. */
static uint32_t differing(uint32_t mask, const struct sriov_vf_port *a,
                          const struct sriov_vf_port *b)
{
        uint32_t d = mask & ~b->mask;

        if ((mask & b->mask & SRIOV_VF_PORT_HW_ADDR) && memcmp(a->hw_addr, b->hw_addr, 6) != 0)
                d |= SRIOV_VF_PORT_HW_ADDR;
        if ((mask & b->mask & SRIOV_VF_PORT_STATE) && a->state != b->state)
                d |= SRIOV_VF_PORT_STATE;
        if ((mask & b->mask & SRIOV_VF_PORT_ROCE) && a->roce != b->roce)
                d |= SRIOV_VF_PORT_ROCE;
        if ((mask & b->mask & SRIOV_VF_PORT_MIGRATABLE) && a->migratable != b->migratable)
                d |= SRIOV_VF_PORT_MIGRATABLE;
        return d;
}

/* "hw_addr 02:00:00:00:00:01 state active": devlink(8)'s words for the fields of @mask. */
static void describe(uint32_t mask, const struct sriov_vf_port *p, char *buf, size_t size)
{
        char mac[SRIOV_MAC_TEXT_MAX];
        size_t len = 0;

        buf[0] = '\0';
        if (mask & SRIOV_VF_PORT_HW_ADDR)
                len += (size_t)snprintf(buf + len, size - len, " hw_addr %s",
                                        sriov_mac_format(p->hw_addr, mac));
        if ((mask & SRIOV_VF_PORT_STATE) && len < size)
                len += (size_t)snprintf(buf + len, size - len, " state %s",
                                        p->state == SRIOV_PORT_STATE_ACTIVE ? "active"
                                                                            : "inactive");
        if ((mask & SRIOV_VF_PORT_ROCE) && len < size)
                len += (size_t)snprintf(buf + len, size - len, " roce %s",
                                        p->roce ? "enable" : "disable");
        if ((mask & SRIOV_VF_PORT_MIGRATABLE) && len < size)
                snprintf(buf + len, size - len, " migratable %s",
                         p->migratable ? "enable" : "disable");
        if (buf[0])
                memmove(buf, buf + 1, strlen(buf));
}

static int send_function(struct sriov_vf *vf, uint32_t index, uint32_t mask,
                         const struct sriov_vf_port *v)
{
        struct devlink_port_fn fn = { 0 };
        struct devlink_handle h;
        struct nl_msg *req = NULL;
        char object[VF_LABEL_MAX + 4], what[160], fields[128];
        uint16_t family;
        int r = devlink_family(vf->pf->ctx, &family);

        if (r < 0)
                return r;
        if (mask & SRIOV_VF_PORT_HW_ADDR) {
                fn.has_hw_addr = true;
                memcpy(fn.hw_addr, v->hw_addr, sizeof(fn.hw_addr));
        }
        if (mask & SRIOV_VF_PORT_STATE) {
                fn.has_state = true;
                fn.state = (uint8_t)v->state;
        }
        if (mask & (SRIOV_VF_PORT_ROCE | SRIOV_VF_PORT_MIGRATABLE)) {
                fn.has_caps = true;
                if (mask & SRIOV_VF_PORT_ROCE) {
                        fn.caps_selector |= DEVLINK_PORT_FN_CAP_ROCE;
                        fn.caps |= v->roce ? DEVLINK_PORT_FN_CAP_ROCE : 0;
                }
                if (mask & SRIOV_VF_PORT_MIGRATABLE) {
                        fn.caps_selector |= DEVLINK_PORT_FN_CAP_MIGRATABLE;
                        fn.caps |= v->migratable ? DEVLINK_PORT_FN_CAP_MIGRATABLE : 0;
                }
        }
        pf_devlink_handle(vf->pf, &h);
        r = devlink_msg_port_function_set(family, &h, index, &fn, &req);
        if (r < 0)
                return r;
        snprintf(object, sizeof(object), "VF %s", vf->label);
        describe(mask, v, fields, sizeof(fields));
        snprintf(what, sizeof(what), "set port function %s", fields);
        return devlink_request(vf->pf, req, NULL, object, what);
}

static int check_request(struct sriov_vf *vf, const struct sriov_vf_port *want,
                         unsigned int flags)
{
        struct sriov_ctx *ctx = vf->pf->ctx;

        if (flags & ~(SRIOV_FORCE | SRIOV_DRY_RUN))
                return sriov_fail_reason(ctx, -EINVAL, "unknown flags",
                                         "VF %s: set port function: flags 0x%x", vf->label, flags);
        if (!want->mask || (want->mask & ~SETTABLE))
                return sriov_fail_reason(ctx, -EINVAL,
                                         want->mask ? "not a settable field" : "nothing asked for",
                                         "VF %s: set port function: mask 0x%x", vf->label,
                                         want->mask);
        if ((want->mask & SRIOV_VF_PORT_HW_ADDR) && sriov_mac_is_multicast(want->hw_addr)) {
                char mac[SRIOV_MAC_TEXT_MAX];

                return sriov_fail_reason(ctx, -EINVAL, "a multicast address",
                                         "VF %s: set port function hw_addr %s", vf->label,
                                         sriov_mac_format(want->hw_addr, mac));
        }
        if ((want->mask & SRIOV_VF_PORT_STATE) && want->state != SRIOV_PORT_STATE_ACTIVE &&
            want->state != SRIOV_PORT_STATE_INACTIVE)
                return sriov_fail_reason(ctx, -EINVAL, "neither active nor inactive",
                                         "VF %s: set port function state %d", vf->label,
                                         (int)want->state);
        return 0;
}

/* The port as the kernel reports it now: the kept dump dropped and read again. */
static int reread_port(struct sriov_vf *vf, struct sriov_vf_port *ret)
{
        const struct devlink_port *p;
        int r;

        sriov_pf_forget_link(vf->pf);
        r = find_port(vf, &p);
        if (r == 0)
                to_public(p, ret);
        return r;
}

SRIOV_EXPORT int sriov_vf_set_port_function(struct sriov_vf *vf, const struct sriov_vf_port *want,
                                            unsigned int flags)
{
        struct sriov_vf_port before, after;
        uint32_t diff;
        int r;

        if (!vf || !want)
                return -EINVAL;
        r = check_request(vf, want, flags);
        if (r < 0)
                return r;
        if (!(flags & SRIOV_DRY_RUN)) {
                r = host_lock(vf->pf->ctx);
                if (r < 0)
                        return r;
        }
        r = reread_port(vf, &before);
        diff = r == 0 ? differing(want->mask, want, &before) : 0;
        if (r < 0 || diff == 0)
                goto out;
        r = vf_users_guard(&(struct vf_change){ .pf = vf->pf, .vf = vf, .flags = flags,
                                                .users = VF_USERS_LEASE,
                                                .what = "set its port function" });
        if (r < 0 || (flags & SRIOV_DRY_RUN)) {
                r = r < 0 ? r : 1;
                goto out;
        }
        r = send_function(vf, before.index, diff, want);
        if (r == 0)
                r = reread_port(vf, &after);
        if (r == 0 && differing(diff, want, &after)) {
                char fields[128], reason[192];
                uint32_t bad = differing(diff, want, &after);

                describe(bad, want, fields, sizeof(fields));
                snprintf(reason, sizeof(reason), "%s accepted it but reports otherwise afterwards",
                         pf_driver_name(vf->pf));
                r = sriov_fail_reason(vf->pf->ctx, -EIO, reason, "VF %s: set port function %s",
                                      vf->label, fields);
                /* Put back what was there to put back: the fields it reported before. */
                if (diff & before.mask) {
                        struct error_frame f;
                        int r2;

                        error_frame_save(vf->pf->ctx, &f);
                        r2 = send_function(vf, before.index, diff & before.mask, &before);
                        error_frame_end(vf->pf->ctx, &f, r2, "put back the port function");
                        sriov_pf_forget_link(vf->pf);
                }
        }
        if (r == 0)
                r = 1;
out:
        if (!(flags & SRIOV_DRY_RUN))
                host_unlock(vf->pf->ctx);
        return r;
}
