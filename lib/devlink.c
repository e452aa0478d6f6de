/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The devlink transport (devlink.h): the family's id, one request and its ack or answer, the
 * kernel's refusal as a message that names the driver, and the PF's port and rate dumps, read
 * once and kept like its VF list. Requests go through ctx->netlink_transact and
 * ctx->netlink_dump, on the generic netlink socket (devlink-msg.c marks them), so the unit
 * tier can put a fake kernel behind them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/devlink.h>
#include <netlink/msg.h>

#include "libsriov-private.h"

void pf_devlink_handle(const struct sriov_pf *pf, struct devlink_handle *ret)
{
        /* One place names it: pf_new() wrote BUS/DEV, which always parses. */
        (void)devlink_handle_parse(pf->devlink_name, ret);
}

SRIOV_EXPORT const char *sriov_pf_get_devlink_handle(const struct sriov_pf *pf)
{
        return pf ? pf->devlink_name : NULL;
}

const char *pf_driver_name(const struct sriov_pf *pf)
{
        return pf->st.driver ? pf->st.driver : "the PF's driver";
}

void pf_devlink_forget(struct sriov_pf *pf)
{
        free(pf->devlink.ports);
        free(pf->devlink.rates);
        pf->devlink = (struct pf_devlink){ 0 };
}

void pf_devlink_forget_rates(struct sriov_pf *pf)
{
        free(pf->devlink.rates);
        pf->devlink.rates = NULL;
        pf->devlink.n_rates = 0;
        pf->devlink.rates_read = false;
}

int devlink_family(struct sriov_ctx *ctx, uint16_t *ret)
{
        struct nl_msg *req = NULL, *reply = NULL;
        char extack[256];
        int r;

        if (ctx->devlink_family) {
                *ret = ctx->devlink_family;
                return 0;
        }
        r = devlink_msg_get_family(&req);
        if (r < 0)
                return r;
        r = ctx->netlink_transact(ctx, req, &reply, extack, sizeof(extack));
        nlmsg_free(req);
        if (r == -ENOENT)
                return sriov_fail_reason(ctx, -EOPNOTSUPP,
                                         "this kernel has no devlink (generic netlink family "
                                         "\"devlink\" not found)",
                                         "devlink");
        if (r < 0)
                return sriov_fail(ctx, r, "devlink: resolve the generic netlink family");
        r = reply ? devlink_parse_family(nlmsg_hdr(reply), &ctx->devlink_family) : -EBADMSG;
        nlmsg_free(reply);
        if (r < 0)
                return sriov_fail(ctx, r, "devlink: the controller's answer");
        *ret = ctx->devlink_family;
        return 0;
}

/*
 * The kernel's refusal. A driver without the operation answers -EOPNOTSUPP; one that has no
 * devlink instance at all (igb) makes the core answer -ENODEV for its handle while the PF is
 * plainly there: both mean the same to the caller.
 */
static int refused(struct sriov_pf *pf, int r, const char *extack, const char *object,
                   const char *what)
{
        char reason[384];

        if (r == -ENODEV && pf->kind == SRIOV_PF_KIND_PCI) {
                snprintf(reason, sizeof(reason), "not supported by %s: it has no devlink "
                         "instance (%s)", pf_driver_name(pf), pf->devlink_name);
                return sriov_fail_reason(pf->ctx, -EOPNOTSUPP, reason, "%s: %s", object, what);
        }
        snprintf(reason, sizeof(reason), "%s %s: %s%s%s",
                 r == -EOPNOTSUPP ? "not supported by" : "refused by", pf_driver_name(pf),
                 strerror(-r), extack[0] ? ": " : "", extack);
        return sriov_fail_reason(pf->ctx, r, reason, "%s: %s", object, what);
}

int devlink_request(struct sriov_pf *pf, struct nl_msg *req, struct nl_msg **reply,
                    const char *object, const char *what)
{
        char extack[256];
        int r;

        r = pf->ctx->netlink_transact(pf->ctx, req, reply, extack, sizeof(extack));
        nlmsg_free(req);
        if (r < 0)
                return refused(pf, r, extack, object, what);
        if (reply && !*reply)
                return sriov_fail(pf->ctx, -EBADMSG, "%s: %s: an ack where the answer should be",
                                  object, what);
        return 0;
}

/* Collects the answers of a dump that name our device; the kernel may send every device's. */
struct collect {
        const struct devlink_handle *want;
        void *items;
        size_t n, cap, size;
        int (*parse)(const struct nlmsghdr *nlh, struct devlink_handle *h, void *item);
};

static int collect_one(const struct nlmsghdr *nlh, void *data)
{
        struct collect *c = data;
        struct devlink_handle h;
        char item[sizeof(struct devlink_rate) > sizeof(struct devlink_port)
                          ? sizeof(struct devlink_rate)
                          : sizeof(struct devlink_port)];
        int r = c->parse(nlh, &h, item);

        if (r == -ENOENT)
                return 0; /* not an item we keep */
        if (r < 0)
                return r;
        if (strcmp(h.bus, c->want->bus) != 0 || strcmp(h.dev, c->want->dev) != 0)
                return 0;
        if (c->n == c->cap) {
                size_t cap = c->cap ? 2 * c->cap : 64;
                void *p = realloc(c->items, cap * c->size);

                if (!p)
                        return -ENOMEM;
                c->items = p;
                c->cap = cap;
        }
        memcpy((char *)c->items + c->n * c->size, item, c->size);
        c->n++;
        return 0;
}

/* A function's port of this controller: a VF's (flavour pcivf, with its VF number), or a PF's
 * (pcipf), which says the instance has that PF. */
static int parse_fn_port(const struct nlmsghdr *nlh, struct devlink_handle *h, void *item)
{
        struct devlink_port *p = item;
        int r = devlink_parse_port(nlh, p);

        if (r < 0)
                return r;
        *h = p->handle;
        /* An external controller's functions (a SmartNIC's host) have numbers of their own. */
        if (!p->has_flavour || p->external)
                return -ENOENT;
        if (p->flavour == DEVLINK_PORT_FLAVOUR_PCI_VF && p->has_vfnum)
                return 0;
        return p->flavour == DEVLINK_PORT_FLAVOUR_PCI_PF && p->has_pfnum ? 0 : -ENOENT;
}

/*
 * The PF number this PF's ports carry (DEVLINK_ATTR_PORT_PCI_PF_NUMBER, the driver's word):
 * mlx5 gives the PCI function number of the PF (PCI_FUNC(devfn)), netdevsim 0 for its one PF.
 */
static uint16_t pf_number(const struct sriov_pf *pf)
{
        struct sriov_pci_addr a;

        if (pf->kind == SRIOV_PF_KIND_PCI && sriov_pci_addr_parse(pf->name, &a) == 0)
                return (uint16_t)a.fn;
        return 0;
}

/*
 * Keep @pf's VF ports of the function ports @c collected. One devlink instance may be the
 * eswitch of several PFs (devlink-port.rst: ports pf0, pf0vfN, pf1, pf1vfN of one controller),
 * each PF's VFs numbered from 0: a VF's port is the one with its VF number and its PF's
 * number. An instance whose ports name one PF number is this PF's alone, whatever number its
 * driver gives it.
 */
static void keep_own_vf_ports(const struct sriov_pf *pf, struct collect *c)
{
        struct devlink_port *ports = c->items;
        const struct devlink_port *first = NULL;
        uint16_t own = pf_number(pf);
        bool several = false;
        size_t k = 0;

        for (size_t i = 0; i < c->n && !several; i++) {
                if (!ports[i].has_pfnum)
                        continue;
                if (!first)
                        first = &ports[i];
                several = ports[i].pfnum != first->pfnum;
        }
        for (size_t i = 0; i < c->n; i++) {
                if (ports[i].flavour != DEVLINK_PORT_FLAVOUR_PCI_VF)
                        continue;
                if (several && (!ports[i].has_pfnum || ports[i].pfnum != own))
                        continue;
                ports[k++] = ports[i];
        }
        c->n = k;
}

static int parse_rate(const struct nlmsghdr *nlh, struct devlink_handle *h, void *item)
{
        return devlink_parse_rate(nlh, h, item);
}

/* One dump of @pf's @what into @c; an interrupted dump is asked again, a few times. */
static int dump(struct sriov_pf *pf, struct collect *c, bool rates)
{
        const char *what = rates ? "dump rate objects" : "dump ports";
        struct devlink_handle h;
        uint16_t family;
        int r = devlink_family(pf->ctx, &family);

        if (r < 0)
                return r;
        pf_devlink_handle(pf, &h);
        c->want = &h;
        r = -EAGAIN;
        for (int tries = 0; tries < 3 && r == -EAGAIN; tries++) {
                struct nl_msg *req = NULL;
                char extack[256];

                c->n = 0;
                r = rates ? devlink_msg_rate_dump(family, &h, &req)
                          : devlink_msg_port_dump(family, &h, &req);
                if (r < 0)
                        return r;
                r = pf->ctx->netlink_dump(pf->ctx, req, collect_one, c, extack, sizeof(extack));
                nlmsg_free(req);
                if (r < 0 && r != -EAGAIN)
                        return refused(pf, r, extack, pf->devlink_name, what);
        }
        if (r < 0)
                return sriov_fail(pf->ctx, r, "%s: %s: interrupted by changes three times",
                                  pf->devlink_name, what);
        return 0;
}

static int cmp_port(const void *a, const void *b)
{
        const struct devlink_port *x = a, *y = b;

        return x->vfnum < y->vfnum ? -1 : x->vfnum > y->vfnum;
}

/* Keep a dump's failure with its message, for the next ask. */
static int keep_failure(struct sriov_pf *pf, int r)
{
        pf->devlink.err = r;
        snprintf(pf->devlink.error, sizeof(pf->devlink.error), "%s",
                 sriov_ctx_get_error(pf->ctx));
        return r;
}

int pf_devlink_ports(struct sriov_pf *pf, const struct devlink_port **ret, size_t *n)
{
        struct collect c = { .size = sizeof(struct devlink_port), .parse = parse_fn_port };
        int r;

        if (pf->devlink.err)
                return sriov_fail_again(pf->ctx, pf->devlink.err, pf->devlink.error);
        if (!pf->devlink.ports_read) {
                r = dump(pf, &c, false);
                if (r < 0) {
                        free(c.items);
                        return keep_failure(pf, r);
                }
                keep_own_vf_ports(pf, &c);
                if (c.n)
                        qsort(c.items, c.n, c.size, cmp_port);
                free(pf->devlink.ports);
                pf->devlink.ports = c.items;
                pf->devlink.n_ports = c.n;
                pf->devlink.ports_read = true;
        }
        *ret = pf->devlink.ports;
        *n = pf->devlink.n_ports;
        return 0;
}

int pf_devlink_rates(struct sriov_pf *pf, const struct devlink_rate **ret, size_t *n)
{
        struct collect c = { .size = sizeof(struct devlink_rate), .parse = parse_rate };
        int r;

        if (pf->devlink.err)
                return sriov_fail_again(pf->ctx, pf->devlink.err, pf->devlink.error);
        if (!pf->devlink.rates_read) {
                r = dump(pf, &c, true);
                if (r < 0) {
                        free(c.items);
                        return keep_failure(pf, r);
                }
                free(pf->devlink.rates);
                pf->devlink.rates = c.items;
                pf->devlink.n_rates = c.n;
                pf->devlink.rates_read = true;
        }
        *ret = pf->devlink.rates;
        *n = pf->devlink.n_rates;
        return 0;
}

const struct devlink_port *pf_devlink_vf_port(struct sriov_pf *pf, unsigned int vf)
{
        struct devlink_port key = { .vfnum = (uint16_t)vf };

        if (!pf->devlink.ports_read || !pf->devlink.n_ports || vf > UINT16_MAX)
                return NULL;
        return bsearch(&key, pf->devlink.ports, pf->devlink.n_ports, sizeof(key), cmp_port);
}

const struct devlink_rate *pf_devlink_leaf(struct sriov_pf *pf, uint32_t index)
{
        for (size_t i = 0; i < pf->devlink.n_rates; i++)
                if (!pf->devlink.rates[i].is_node && pf->devlink.rates[i].port_index == index)
                        return &pf->devlink.rates[i];
        return NULL;
}

const struct devlink_rate *pf_devlink_node(struct sriov_pf *pf, const char *name)
{
        for (size_t i = 0; i < pf->devlink.n_rates; i++)
                if (pf->devlink.rates[i].is_node && strcmp(pf->devlink.rates[i].name, name) == 0)
                        return &pf->devlink.rates[i];
        return NULL;
}

int pf_devlink_rate_get(struct sriov_pf *pf, const struct devlink_rate *target,
                        struct devlink_rate *ret, const char *object)
{
        struct nl_msg *req = NULL, *reply = NULL;
        struct devlink_handle h;
        char extack[256];
        uint16_t family;
        int r = devlink_family(pf->ctx, &family);

        if (r < 0)
                return r;
        pf_devlink_handle(pf, &h);
        r = devlink_msg_rate_get(family, &h, target, &req);
        if (r < 0)
                return r;
        r = pf->ctx->netlink_transact(pf->ctx, req, &reply, extack, sizeof(extack));
        nlmsg_free(req);
        /* The core's answer for a port or node it does not have (devlink_rate_get_from_info()). */
        if (r == -ENODEV)
                return -ENOENT;
        if (r < 0)
                return refused(pf, r, extack, object, "read its rate");
        r = reply ? devlink_parse_rate(nlmsg_hdr(reply), NULL, ret) : -EBADMSG;
        nlmsg_free(reply);
        if (r < 0)
                return sriov_fail(pf->ctx, r, "%s: read its rate: the kernel's answer", object);
        return 0;
}
