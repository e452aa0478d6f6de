/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A host made up in memory, as host_state_read() would describe it (tools/sriovctl/state.h):
 * two igb PFs, a PF without netdev or driver, and one whose driver reports no permanent MAC.
 * For the pure tests of resolve and plan, and the document fuzzer.
 */
#ifndef MADE_UP_HOST_H
#define MADE_UP_HOST_H

#include "../../tools/sriovctl/state.h"

#define PF0 "0000:03:00.0"
#define PF1 "0000:03:00.1"
#define PF_BARE "0000:05:00.0"   /* no driver, no netdev */
#define PF_NOPERM "0000:06:00.0" /* netdev, but no permanent MAC */

/* What igb reports: everything but query_rss. */
#define IGB_MASK (SRIOV_VF_CONFIG_ALL & ~SRIOV_VF_CONFIG_QUERY_RSS)

extern const uint8_t perm0[6], perm1[6], vf0_mac[6];

/* @h as an igb PF with @num_vfs VFs on igbvf, at their defaults (h->vfs is allocated). */
void igb_pf(struct host_pf *h, const char *pci, const char *ifname, const uint8_t perm[6],
            unsigned int num_vfs);
/*
 * PF0 (enp3s0f0): 2 VFs. VF 0 has a MAC, VLAN 10, max_tx_rate 100, trust; VF 1 is on vfio-pci
 * with no MAC. PF1 (enp3s0f1): no VFs. Then a Mellanox PF without driver, and a PF whose
 * driver reports no permanent MAC. Aborts when out of memory.
 */
void make_host(struct host_state *host);
/* Freed with host_state_free() (state-host.c). */

#define NSIM "netdevsim10"
#define NSIM_IFNAME "eni10np1"

/*
 * @h as a netdevsim PF in switchdev mode with 4 VFs, as host_state_read() reads one: groups
 * "tenant" (tx_max 100Mbit) and "gold" (tx_share 10Mbit, in tenant), parents first; VF 0's
 * leaf in gold with tx_max 50Mbit, VF 1's in tenant, VFs 2 and 3 in none.
 */
void switchdev_pf(struct host_pf *h);
/* PF0 as make_host() has it, and the netdevsim PF. */
void make_switchdev_host(struct host_state *host);

#endif
