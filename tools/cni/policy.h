/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The node's policy as parsed (policy-parse.c makes it, policy.c reads and judges with it):
 * private to policy*.c; cni.h has what the rest of the plugin needs.
 */
#ifndef LIBSRIOV_CNI_POLICY_H
#define LIBSRIOV_CNI_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cni.h"
#include "pci-addr.h"

#define POLICY_VERSION 1
#define POLICY_PATH_MAX 256
/* Entries of one list (PFs, VFs, VLAN ranges), and rules of one object: a node has a few
 * PFs and a few hundred namespaces; the file's 1 MiB bounds the rest. */
#define POLICY_MAX_LIST 4096
#define POLICY_MAX_DEPTH 16

enum allow {
        ALLOW_TRUST,
        ALLOW_SPOOFCHK_OFF,
        ALLOW_VFIO,
        ALLOW_MAC,
        ALLOW_LINK_STATE,
        ALLOW_8021AD,
        ALLOW_COUNT,
};

struct policy_allow {
        const char *key;   /* in a rule: "allow_trust" */
        const char *asked; /* what the config asked, as a person says it */
};
/* policy-parse.c: the allow_* keys, by enum allow. */
extern const struct policy_allow policy_allows[ALLOW_COUNT];

struct range {
        uint32_t first, last;
};

struct ranges {
        bool given;
        struct range *v;
        size_t n;
};

/* PFs by netdev name or PCI address (canonical), VFs by PCI address; "*": any PF. */
struct names {
        bool given, any;
        char (*v)[SRIOV_PCI_ADDR_MAX];
        size_t n;
};

struct network_rule;

struct rule {
        char path[POLICY_PATH_MAX]; /* $.namespaces["a"], for messages */
        struct names pfs, vfs;
        struct ranges vlans, vlan_qos;
        int allow[ALLOW_COUNT];               /* -1 not given, 0, 1 */
        int64_t min_tx_rate_max, max_tx_rate_max; /* -1 not given */
        bool has_networks;
        struct network_rule *networks;
        size_t n_networks;
};

struct network_rule {
        char name[128]; /* "*": every network the list does not name */
        struct rule rule;
};

struct namespace_rule {
        char name[64];
        struct rule rule;
};

struct reservation {
        char network[128];
        char (*namespaces)[64];
        size_t n;
};

struct cni_policy {
        char source[256];
        struct namespace_rule *namespaces;
        size_t n_namespaces;
        struct rule *dflt, *no_namespace;
        struct reservation *reserved;
        size_t n_reserved;
};
#endif
