/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * devlink for switchdev, in layers that never mix, as netlink.h does it for rtnetlink:
 *   devlink-msg.c  pure builders and parsers; tested without a socket
 *   devlink.c      the family, requests and dumps through the context's transport (generic
 *                  netlink socket), the kernel's refusals as messages, the PF's kept dumps
 *   eswitch.c      eswitch mode, inline and encap mode: check, set, read back, put back
 *   vf-port.c      the VF <-> devlink port <-> representor map, and port functions
 *   rate.c         rate leaves (a VF's) and nodes (groups)
 */
#ifndef SRIOV_DEVLINK_H
#define SRIOV_DEVLINK_H

#include <stddef.h>

#include "devlink-msg.h"

struct sriov_ctx;
struct sriov_pf;

/* What the library keeps of a PF's devlink dumps: read on first use, dropped on a change. */
struct pf_devlink {
        /* A dump that failed fails again with its message, without asking: a listing of a
         * thousand VFs of a PF without devlink asks once. */
        int err;
        char error[256];
        bool ports_read;
        /* the PF's VF ports (flavour pcivf, this controller, the PF's pfnum), sorted by vfnum */
        struct devlink_port *ports;
        size_t n_ports;
        bool rates_read;
        struct devlink_rate *rates; /* leaves and nodes */
        size_t n_rates;
};

/* The PF's devlink handle: pci/ADDRESS, netdevsim/NAME. */
void pf_devlink_handle(const struct sriov_pf *pf, struct devlink_handle *ret);
/* Drop what is kept, for the next use to ask again; the rate objects alone, after a rate
 * change (it changes no port). */
void pf_devlink_forget(struct sriov_pf *pf);
void pf_devlink_forget_rates(struct sriov_pf *pf);

/* The devlink family's id, asked of the controller once per context. */
int devlink_family(struct sriov_ctx *ctx, uint16_t *ret);

/*
 * Send @req (consumed) and take its ack or its one answer (@reply may be NULL). A refusal is
 * recorded as "@object: @what: refused by DRIVER: reason: extack"; one that says the driver
 * has no such operation (-EOPNOTSUPP, or -ENODEV: no devlink instance) becomes -EOPNOTSUPP
 * "not supported by DRIVER".
 */
int devlink_request(struct sriov_pf *pf, struct nl_msg *req, struct nl_msg **reply,
                    const char *object, const char *what);

/* The PF's VF ports and rate objects, from the kept dumps (read when not kept). */
int pf_devlink_ports(struct sriov_pf *pf, const struct devlink_port **ret, size_t *n);
int pf_devlink_rates(struct sriov_pf *pf, const struct devlink_rate **ret, size_t *n);
/* VF @vf's port, or NULL. */
const struct devlink_port *pf_devlink_vf_port(struct sriov_pf *pf, unsigned int vf);
/* The leaf of port @index, or the node @name, in the kept rate dump; NULL if none. */
const struct devlink_rate *pf_devlink_leaf(struct sriov_pf *pf, uint32_t index);
const struct devlink_rate *pf_devlink_node(struct sriov_pf *pf, const char *name);
/*
 * The rate object named like @target (a leaf by port index, a node by name) as the kernel
 * reports it now, asked alone: a change to one of a thousand leaves reads one, not a dump.
 * -ENOENT, unsaid, when there is none; other failures are said as "@object: read its rate".
 */
int pf_devlink_rate_get(struct sriov_pf *pf, const struct devlink_rate *target,
                        struct devlink_rate *ret, const char *object);

/* "the PF's driver" for a PF without one: for messages. */
const char *pf_driver_name(const struct sriov_pf *pf);

#endif
