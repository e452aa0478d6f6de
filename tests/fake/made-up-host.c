/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A host made up in memory (made-up-host.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "made-up-host.h"

const uint8_t perm0[6] = { 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x00 };
const uint8_t perm1[6] = { 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x01 };
const uint8_t vf0_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x10 };

void igb_pf(struct host_pf *h, const char *pci, const char *ifname, const uint8_t perm[6],
            unsigned int num_vfs)
{
        snprintf(h->name, sizeof(h->name), "%s", pci);
        h->is_pci = true;
        snprintf(h->ifname, sizeof(h->ifname), "%s", ifname);
        snprintf(h->driver, sizeof(h->driver), "igb");
        h->vendor = 0x8086;
        h->device = 0x10c9;
        h->total_vfs = 7;
        h->num_vfs = num_vfs;
        h->drivers_autoprobe = 1;
        h->eswitch_mode = -1; /* igb has no devlink eswitch */
        h->has_perm_mac = true;
        memcpy(h->perm_mac, perm, 6);
        h->vfs = calloc(num_vfs ? num_vfs : 1, sizeof(*h->vfs));
        if (!h->vfs)
                abort();
        for (unsigned int i = 0; i < num_vfs; i++) {
                struct host_vf *v = &h->vfs[i];

                snprintf(v->pci, sizeof(v->pci), "%.8s10.%u", pci, 2 * i);
                v->cfg.mask = IGB_MASK;
                v->cfg.vlan_proto = SRIOV_VLAN_PROTO_8021Q;
                v->cfg.spoofchk = true;
                v->cfg.link_state = SRIOV_LINK_STATE_AUTO;
                snprintf(v->driver, sizeof(v->driver), DRIVER_DEFAULT);
                v->bound = true;
        }
}

void make_host(struct host_state *host)
{
        struct host_pf *h;

        host->n_pfs = 4;
        host->pfs = calloc(host->n_pfs, sizeof(*host->pfs));
        if (!host->pfs)
                abort();

        h = &host->pfs[0];
        igb_pf(h, PF0, "enp3s0f0", perm0, 2);
        memcpy(h->vfs[0].cfg.mac, vf0_mac, 6);
        h->vfs[0].cfg.vlan = 10;
        h->vfs[0].cfg.qos = 3;
        h->vfs[0].cfg.max_tx_rate = 100;
        h->vfs[0].cfg.trust = true;
        snprintf(h->vfs[1].driver, sizeof(h->vfs[1].driver), "vfio-pci");

        igb_pf(&host->pfs[1], PF1, "enp3s0f1", perm1, 0);

        h = &host->pfs[2];
        snprintf(h->name, sizeof(h->name), PF_BARE);
        h->is_pci = true;
        h->vendor = 0x15b3;
        h->device = 0x1017;
        h->total_vfs = 8;
        h->drivers_autoprobe = -1;
        h->eswitch_mode = -1;
        h->vfs = calloc(1, sizeof(*h->vfs));
        if (!h->vfs)
                abort();

        h = &host->pfs[3];
        snprintf(h->name, sizeof(h->name), PF_NOPERM);
        h->is_pci = true;
        snprintf(h->ifname, sizeof(h->ifname), "ens6");
        snprintf(h->driver, sizeof(h->driver), "somenic");
        h->vendor = 0x1234;
        h->device = 0x5678;
        h->total_vfs = 4;
        h->drivers_autoprobe = 0;
        h->eswitch_mode = -1;
        h->vfs = calloc(1, sizeof(*h->vfs));
        if (!h->vfs)
                abort();
}

static void group(struct sriov_rate_node *g, const char *name, uint64_t share, uint64_t max,
                  const char *parent)
{
        snprintf(g->name, sizeof(g->name), "%s", name);
        g->rate = (struct sriov_rate){ .mask = SRIOV_RATE_TX_SHARE | SRIOV_RATE_TX_MAX |
                                               SRIOV_RATE_PARENT,
                                       .tx_share = share, .tx_max = max };
        snprintf(g->rate.parent, sizeof(g->rate.parent), "%s", parent);
}

void switchdev_pf(struct host_pf *h)
{
        snprintf(h->name, sizeof(h->name), NSIM);
        snprintf(h->ifname, sizeof(h->ifname), NSIM_IFNAME);
        snprintf(h->driver, sizeof(h->driver), "netdevsim");
        h->total_vfs = 4;
        h->num_vfs = 4;
        h->drivers_autoprobe = -1;
        h->eswitch_mode = SRIOV_ESWITCH_MODE_SWITCHDEV;
        h->has_perm_mac = true;
        memcpy(h->perm_mac, perm1, 6);
        h->n_groups = 2;
        h->groups = calloc(2, sizeof(*h->groups));
        h->vfs = calloc(4, sizeof(*h->vfs));
        if (!h->groups || !h->vfs)
                abort();
        group(&h->groups[0], "tenant", 0, 12500000, "");
        group(&h->groups[1], "gold", 1250000, 0, "tenant");
        for (unsigned int i = 0; i < 4; i++) {
                struct host_vf *v = &h->vfs[i];

                v->cfg.mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS;
                snprintf(v->driver, sizeof(v->driver), DRIVER_DEFAULT);
                v->bound = true;
                v->rate.mask = SRIOV_RATE_TX_SHARE | SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT;
        }
        h->vfs[0].rate.tx_max = 6250000;
        snprintf(h->vfs[0].rate.parent, sizeof(h->vfs[0].rate.parent), "gold");
        snprintf(h->vfs[1].rate.parent, sizeof(h->vfs[1].rate.parent), "tenant");
}

void make_switchdev_host(struct host_state *host)
{
        host->n_pfs = 2;
        host->pfs = calloc(host->n_pfs, sizeof(*host->pfs));
        if (!host->pfs)
                abort();
        igb_pf(&host->pfs[0], PF0, "enp3s0f0", perm0, 2);
        switchdev_pf(&host->pfs[1]);
}
