/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The host's SR-IOV state as plain data, read once through the library for a plan or a dump. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

const char *host_vf_driver_word(const char *driver, const char *override, char *buf,
                                size_t size, bool *bound)
{
        bool on = true;

        /* An override decides what the kernel lets bind; "none" is the one no driver has. */
        if (override && *override) {
                snprintf(buf, size, "%s", override);
                on = strcmp(override, DRIVER_NONE) == 0 ? !driver
                                                        : driver && strcmp(driver, override) == 0;
        } else if (driver && strcmp(driver, "vfio-pci") == 0) {
                snprintf(buf, size, "vfio-pci");
        } else {
                snprintf(buf, size, DRIVER_DEFAULT);
        }
        if (bound)
                *bound = on;
        return buf;
}

const char *host_vf_label(const struct host_pf *h, unsigned int vf, char *buf, size_t size)
{
        const char *pf = h->ifname[0] ? h->ifname : h->name;

        if (vf < h->num_vfs && h->vfs && h->vfs[vf].pci[0])
                snprintf(buf, size, "%s (%s/%u)", h->vfs[vf].pci, pf, vf);
        else if (!h->is_pci && h->ifname[0]) /* netdevsim: its own PF/INDEX, then the netdev's */
                snprintf(buf, size, "%s/%u (%s/%u)", h->name, vf, h->ifname, vf);
        else
                snprintf(buf, size, "%s/%u", h->is_pci ? pf : h->name, vf);
        return buf;
}

static void copy_name(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static int read_vfs(struct sriov_pf *pf, struct host_pf *h)
{
        h->vfs = calloc(h->num_vfs ? h->num_vfs : 1, sizeof(*h->vfs));
        if (!h->vfs)
                return -ENOMEM;
        for (unsigned int i = 0; i < h->num_vfs; i++) {
                struct host_vf *hv = &h->vfs[i];
                struct sriov_vf *vf;

                /* A VF whose PCI device is gone (being removed) reads as knowing nothing. */
                if (sriov_pf_get_vf(pf, i, &vf) < 0) {
                        copy_name(hv->driver, sizeof(hv->driver), DRIVER_DEFAULT);
                        hv->bound = true;
                        continue;
                }
                copy_name(hv->pci, sizeof(hv->pci), sriov_vf_get_pci_address(vf));
                host_vf_driver_word(sriov_vf_get_driver(vf), sriov_vf_get_driver_override(vf),
                                    hv->driver, sizeof(hv->driver), &hv->bound);
                /* No netdev on the PF, no rtnetlink: settings unknown, not a failure. Left out
                 * of a list that was cut short (-ENODATA): unknown, and not verifiable. */
                if (h->ifname[0]) {
                        int r = sriov_vf_get_config(vf, &hv->cfg);

                        if (r < 0)
                                hv->cfg.mask = 0;
                        hv->unlisted = r == -ENODATA;
                }
                /* Only switchdev mode has leaves; the PF's rate dump is read once. */
                if (h->eswitch_mode == SRIOV_ESWITCH_MODE_SWITCHDEV &&
                    sriov_vf_get_rate(vf, &hv->rate) < 0)
                        hv->rate.mask = 0;
                sriov_vf_unref(vf);
        }
        return 0;
}

/* The eswitch mode, and in switchdev mode the rate groups. A driver without devlink eswitch
 * (igb) has no mode: -1. */
static int read_eswitch(struct sriov_pf *pf, struct host_pf *h)
{
        struct sriov_eswitch esw;
        size_t bad;
        int r;

        h->eswitch_mode = -1;
        if (sriov_pf_get_eswitch(pf, &esw) < 0 || !(esw.mask & SRIOV_ESWITCH_MODE))
                return 0;
        h->eswitch_mode = (int)esw.mode;
        if (esw.mode != SRIOV_ESWITCH_MODE_SWITCHDEV)
                return 0;
        r = sriov_pf_get_rate_nodes(pf, &h->groups, &h->n_groups);
        /* A driver with switchdev but no rates has no groups, and takes none. */
        if (r == -EOPNOTSUPP)
                return 0;
        /* Parents first, as plans and undo want them; the kernel's own tree always sorts. */
        if (r == 0 && rate_groups_sort(h->groups, h->n_groups, &bad) == -ENOMEM)
                r = -ENOMEM;
        return r;
}

static int read_pf(struct sriov_pf *pf, struct host_pf *h)
{
        int r;

        copy_name(h->name, sizeof(h->name), sriov_pf_get_name(pf));
        h->is_pci = sriov_pf_get_kind(pf) == SRIOV_PF_KIND_PCI;
        copy_name(h->ifname, sizeof(h->ifname), sriov_pf_get_ifname(pf));
        copy_name(h->driver, sizeof(h->driver), sriov_pf_get_driver(pf));
        h->vendor = sriov_pf_get_vendor_id(pf);
        h->device = sriov_pf_get_device_id(pf);
        h->total_vfs = sriov_pf_get_total_vfs(pf);
        h->num_vfs = sriov_pf_get_num_vfs(pf);
        h->drivers_autoprobe = sriov_pf_get_drivers_autoprobe(pf);
        h->has_perm_mac = h->ifname[0] && sriov_pf_get_permanent_mac(pf, h->perm_mac) == 0;
        r = read_eswitch(pf, h);
        return r < 0 ? r : read_vfs(pf, h);
}

int host_state_read(struct sriov_ctx *ctx, struct host_state *ret)
{
        struct host_state host = { 0 };
        struct sriov_pf_list *list;
        int r;

        r = sriov_pf_list_new(ctx, &list);
        if (r < 0)
                return r;
        /* The list comes sorted by PCI address, so plans and dumps are in a stable order. */
        host.pfs = calloc(sriov_pf_list_get_count(list) + 1, sizeof(*host.pfs));
        if (!host.pfs) {
                sriov_pf_list_unref(list);
                return -ENOMEM;
        }
        for (size_t i = 0; i < sriov_pf_list_get_count(list); i++) {
                host.n_pfs = i + 1;
                r = read_pf(sriov_pf_list_get(list, i), &host.pfs[i]);
                if (r < 0)
                        break;
        }
        sriov_pf_list_unref(list);
        if (r < 0) {
                host_state_free(&host);
                return r;
        }
        *ret = host;
        return 0;
}

void host_state_free(struct host_state *host)
{
        for (size_t i = 0; i < host->n_pfs; i++) {
                free(host->pfs[i].groups);
                free(host->pfs[i].vfs);
        }
        free(host->pfs);
        host->pfs = NULL;
        host->n_pfs = 0;
}
