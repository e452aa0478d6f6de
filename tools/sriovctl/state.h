/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Declarative state for `sriovctl apply` and `sriovctl dump`, in four plain-data stages:
 *
 *   doc    what the document asks for, as written (state-doc.c parses it, pure)
 *   host   what the host has now (state-host.c reads it through the library)
 *   target the document resolved against the host: selectors matched, ranges expanded,
 *          "auto" MACs derived, values checked against the PFs (state-plan.c, pure)
 *   plan   the changes from host to target, in the order they are applied (state-plan.c)
 *
 * state-apply.c carries a target out and puts a snapshot back on failure. Only that file and
 * state-host.c touch the host, so everything between them is tested without one.
 */
#ifndef SRIOVCTL_STATE_H
#define SRIOVCTL_STATE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "libsriov.h"
#include "pci-addr.h"

#define STATE_DOC_VERSION 1
/* Room for a netdev name, a driver's name, a JSON path (a PCI address: SRIOV_PCI_ADDR_MAX). */
#define STATE_NAME_MAX 64
#define STATE_PATH_MAX 96
/* What a failed parse or resolve says: the object, the attribute, the value, the reason. */
#define STATE_ERROR_MAX 512

/*
 * What a document may hold, bounded by what a host can have: a PF has at most 65535 VFs
 * (sriov_totalvfs is 16 bits), and VF entries of one PF may not overlap. The parser works in
 * time and memory linear in these; doc_scan() refuses more before json-c builds anything.
 */
#define DOC_MAX_BYTES (16u << 20)
#define DOC_MAX_PFS 1024
#define DOC_MAX_VF_ENTRIES 65536
#define DOC_MAX_VF_INDEX 65535
/* Rate groups of every PF together: a few per PF is what switchdev hosts use. */
#define DOC_MAX_RATE_GROUPS 4096
/* The root, a PF and its match object per PF, a rate group's and a VF entry's object. */
#define DOC_MAX_OBJECTS (1 + 2 * DOC_MAX_PFS + DOC_MAX_RATE_GROUPS + DOC_MAX_VF_ENTRIES)
#define DOC_MAX_ARRAYS (1 + 2 * DOC_MAX_PFS)
/* A VF entry has 15 keys at most, a PF 11 with its match: below 16 a value. */
#define DOC_MAX_SCALARS (16 * DOC_MAX_OBJECTS)

/* A VF's driver as documents say it: "default", "none", or a driver's name ("vfio-pci"). */
#define DRIVER_DEFAULT "default"
#define DRIVER_NONE "none"

/* ---- doc: as written ---- */

enum pf_selector { SELECT_PCI, SELECT_IFNAME, SELECT_MATCH };

/* A devlink rate node as documents call it: a rate group. */
struct doc_rate_group {
        struct sriov_rate_node node; /* rate.mask: the fields given; PARENT always, "" for none */
        char path[STATE_PATH_MAX];
};

struct doc_vf {
        unsigned int first, last; /* an index, or an inclusive range */
        struct sriov_vf_config cfg;
        /* Fields of cfg the entry does not name but its "vlan" implies (qos 0, 802.1Q): the
         * kernel sets the three together, so a VLAN alone means those, as with `vf set`. */
        uint32_t implied;
        struct sriov_rate rate; /* its devlink leaf: tx_share, tx_max, rate_group */
        bool mac_auto;
        char driver[STATE_NAME_MAX]; /* "" when not given */
        char path[STATE_PATH_MAX];   /* "$.pfs[0].vfs[1]" */
};

struct doc_pf {
        enum pf_selector select;
        char pci[SRIOV_PCI_ADDR_MAX];       /* SELECT_PCI, as 0000:bb:dd.f */
        char ifname[STATE_NAME_MAX];   /* SELECT_IFNAME */
        int match_vendor, match_device; /* SELECT_MATCH: -1 when not given */
        char match_driver[STATE_NAME_MAX];
        int num_vfs;           /* -1 when not given */
        int drivers_autoprobe; /* -1 when not given */
        int eswitch_mode;      /* -1 when not given, else an enum sriov_eswitch_mode */
        bool manage_groups;    /* "rate_groups" given: they are the PF's groups, no others */
        struct doc_rate_group *groups;
        size_t n_groups;
        struct doc_vf *vfs;
        size_t n_vfs;
        char path[STATE_PATH_MAX];
};

struct state_doc {
        struct doc_pf *pfs;
        size_t n_pfs;
};

/*
 * What json-c does not check, in one pass over @size bytes of @text before it parses them:
 * the bounds above (-E2BIG), and a key given twice in one object (-EINVAL, naming its path).
 * Text that is not JSON passes, for json-c to report. Returns 0 or -errno with @err set.
 */
int doc_scan(const char *source, const char *text, size_t size, char err[STATE_ERROR_MAX]);

/* Parse @text (the document's bytes) from @source ("config.json", "-"). Returns 0, or -EINVAL
 * with @err saying where: "SOURCE: $.pfs[0].vfs[1].vlan: 5000: out of range 0-4095". */
int state_doc_parse(const char *source, const char *text, struct state_doc *ret,
                    char err[STATE_ERROR_MAX]);
void state_doc_free(struct state_doc *doc);

/* ---- host: as the kernel has it ---- */

struct host_vf {
        char pci[SRIOV_PCI_ADDR_MAX]; /* "" for a VF with none (netdevsim) */
        struct sriov_vf_config cfg;  /* mask: the fields the driver reports */
        char driver[STATE_NAME_MAX]; /* "default", "none", or the override's driver */
        /* The VF is on what @driver says; false for an override whose driver is not bound
         * (a bind that a crash or a failing probe left half done): it needs binding. */
        bool bound;
        /* The kernel's VF list leaves it out (it wraps past about 330 VFs): its settings
         * cannot be read, so what is set on it cannot be verified. */
        bool unlisted;
        struct sriov_rate rate; /* its devlink leaf; mask 0 without one (legacy mode) */
};

struct host_pf {
        char name[SRIOV_PCI_ADDR_MAX]; /* its PCI address, or "netdevsim10" */
        bool is_pci;                   /* false for netdevsim: no PCI address or ids */
        char ifname[STATE_NAME_MAX]; /* "" without a netdev */
        char driver[STATE_NAME_MAX]; /* "" without a driver */
        uint16_t vendor, device;
        unsigned int total_vfs, num_vfs;
        int drivers_autoprobe; /* 0, 1, or -1 when the kernel has no such file */
        bool has_perm_mac;
        uint8_t perm_mac[6];
        int eswitch_mode; /* -1 when the driver has no devlink eswitch (igb) */
        struct sriov_rate_node *groups; /* its rate nodes, by name; none in legacy mode */
        size_t n_groups;
        struct host_vf *vfs; /* num_vfs entries */
};

struct host_state {
        struct host_pf *pfs; /* in sriov_pf_list_new()'s order: PCI address, then netdevsim */
        size_t n_pfs;
};

/* VF @vf of @h as sriov_vf_get_label() names it, "0000:01:10.2 (enp1s0/1)"; a VF the PF does
 * not have yet (a plan creates it) by PF/INDEX alone, "enp1s0/5". */
#define HOST_VF_LABEL_MAX (2 * SRIOV_PCI_ADDR_MAX + STATE_NAME_MAX + 16)
const char *host_vf_label(const struct host_pf *h, unsigned int vf, char *buf, size_t size);

/* Read every SR-IOV capable PF and its VFs. Returns 0 or a negative errno (ctx has why). */
int host_state_read(struct sriov_ctx *ctx, struct host_state *ret);
void host_state_free(struct host_state *host);
/* The driver word of a VF, from its driver and driver_override (see DRIVER_*); @bound (may
 * be NULL) says whether the VF is on what the word says. */
const char *host_vf_driver_word(const char *driver, const char *override, char *buf,
                                size_t size, bool *bound);
/* json-state.c: @host as a document that applies to no change. */
struct json_object *state_dump_json(const struct host_state *host);

/* ---- target: the document resolved against the host ---- */

struct target_vf {
        struct sriov_vf_config cfg;  /* mask: the fields the document manages */
        /* Fields of cfg only implied by a VLAN (doc_vf.implied): planned and checked where
         * the driver reports them, and sent with the VLAN either way. */
        uint32_t implied;
        struct sriov_rate rate;      /* mask: the leaf's fields the document manages */
        bool auto_mac;               /* cfg.mac was derived ("mac": "auto") */
        char driver[STATE_NAME_MAX]; /* "" when not managed */
        const char *path;            /* the doc_vf it came from, for messages */
};

struct target_pf {
        size_t host;           /* index into host_state.pfs */
        unsigned int num_vfs;  /* after the apply */
        bool set_num_vfs;
        int drivers_autoprobe; /* -1 when not managed */
        int eswitch_mode;      /* -1 when not managed */
        /* The PF's rate groups, parents before their children, when managed: every group
         * the host has and this does not is deleted. */
        bool manage_groups;
        struct sriov_rate_node *groups;
        size_t n_groups;
        struct target_vf *vfs; /* num_vfs entries */
        const char *path;
};

struct target {
        struct target_pf *pfs; /* in host order */
        size_t n_pfs;
};

/* Resolve @doc against @host. Returns 0, or -EINVAL with @err naming the document's path. */
int target_resolve(const struct state_doc *doc, const struct host_state *host,
                   struct target *ret, char err[STATE_ERROR_MAX]);
/*
 * The same for the PFs of @host that @only marks (@only[i] for host->pfs[i]), the others left
 * out of the target and so untouched by its plan: `apply --pf`. The document's entries are
 * matched against every PF, so a PF two entries claim is still refused; only the marked PFs'
 * values are checked against the host, and a PF the document names that the host lacks is no
 * error (it may be away, being reset itself). @only NULL: target_resolve().
 */
int target_resolve_only(const struct state_doc *doc, const struct host_state *host,
                        const bool *only, struct target *ret, char err[STATE_ERROR_MAX]);
void target_free(struct target *t);

struct apply_result;

/* ---- plan: what changes, in the order it is applied ---- */

enum change_field {
        CHANGE_AUTOPROBE,
        CHANGE_NUM_VFS,
        CHANGE_ESWITCH_MODE,
        CHANGE_RATE_GROUP, /* a group created (!from_known), changed, or deleted (!to_known) */
        CHANGE_VF_CONFIG,  /* change.config_bit says which */
        CHANGE_VF_RATE,    /* change.config_bit is the SRIOV_RATE_* field */
        CHANGE_DRIVER,
};

struct change {
        size_t pf; /* index into target.pfs */
        int vf;    /* -1 for a PF's own fields */
        enum change_field field;
        uint32_t config_bit; /* CHANGE_VF_CONFIG: the SRIOV_VF_CONFIG_* field */
        bool from_known;     /* false: the VF does not exist yet, or its driver reports none */
        bool to_known;       /* false only for a rate group deleted */
        unsigned int from_n, to_n;               /* num_vfs; drivers_autoprobe as 0 or 1;
                                                  * the eswitch mode */
        struct sriov_vf_config from_cfg, to_cfg; /* CHANGE_VF_CONFIG: config_bit's value */
        struct sriov_rate_node from_rate, to_rate; /* CHANGE_VF_RATE (rate only), _RATE_GROUP */
        char from_driver[STATE_NAME_MAX], to_driver[STATE_NAME_MAX]; /* CHANGE_DRIVER */
};

struct plan {
        struct change *changes;
        size_t n;
};

/* The changes from @host to @t. A resize recreates every VF: the kernel only goes through 0,
 * so VFs that survive it keep their settings (the library re-applies them) but come back on
 * the default driver. Returns 0 or -ENOMEM. */
int plan_compute(const struct host_state *host, const struct target *t, struct plan *ret);
void plan_free(struct plan *p);
/* "num_vfs", "mac", "driver", "rate_groups": the key of a change, as the document and JSON
 * name it. */
const char *change_key(const struct change *c);
/* json-state.c: apply's result with -j: changed, dry_run, and the changes in order. */
struct json_object *state_plan_json(const struct host_state *host, const struct target *t,
                                    const struct plan *p, const struct apply_result *res,
                                    bool dry_run);

/* ---- rate-groups.c ---- */

/* Sort @n rate groups so that a parent comes before its children (reversed: children first,
 * the order to delete in). Returns 0; -ENOENT when a parent is none of them, or -ELOOP for
 * groups that are each other's parents, with @bad set to such a group's index. */
int rate_groups_sort(struct sriov_rate_node *groups, size_t n, size_t *bad);
/* The group named @name of @n, or NULL. */
const struct sriov_rate_node *rate_group_find(const struct sriov_rate_node *groups, size_t n,
                                              const char *name);

/* ---- mac-auto.c ---- */

/* The "auto" MAC of VF @index with @salt: stable, locally administered, unicast. */
void mac_auto_derive(const uint8_t perm_mac[6], unsigned int index, uint8_t salt,
                     uint8_t ret[6]);

/* ---- state-apply.c ---- */

/* How an apply may run. */
struct apply_opts {
        /* Stop at the next step when this becomes non-zero (the signal's number), and undo;
         * a wait of the library that the signal interrupts ends at once (-EINTR). */
        const volatile sig_atomic_t *stop;
        /* The signals that set @stop: held back (blocked) during the undo, which one of them
         * would cut short; NULL: none. */
        const sigset_t *stop_signals;
        /* The whole forward run must end within this, and the undo after a failure within as
         * much again; 0: no bound but each wait's. */
        unsigned int deadline_msec;
        /* Each wait of the library at most this (the context's timeout, which the run lowers
         * to what is left before the deadline); 0: the context's as it is. */
        unsigned int timeout_msec;
};

/* What an apply set but could not check: VFs the kernel's VF list leaves out. */
struct apply_result {
        struct unverified_vf {
                size_t pf; /* index into the target's pfs */
                unsigned int vf;
        } *unverified;
        size_t n_unverified;
};
void apply_result_free(struct apply_result *res);

/*
 * Carry out @t on the host @host was read from, phase by phase across PFs: drivers_autoprobe,
 * num_vfs, VF settings, drivers; then read the host again and check it is @t. Hold the host
 * lock around it. On failure, on a stop or past the deadline, undo exactly what this run
 * changed, last first, without force. @opts may be NULL. @flags: SRIOV_FORCE to remove or
 * rebind VFs in use. Returns 0 or a negative errno, with @err saying what failed and whether
 * everything was put back.
 */
int state_apply(struct sriov_ctx *ctx, const struct host_state *host, const struct target *t,
                const struct apply_opts *opts, unsigned int flags, struct apply_result *res,
                char err[STATE_ERROR_MAX]);
/* Like state_apply() with SRIOV_DRY_RUN: the library's own checks (in use, total_vfs, driver)
 * without writing. */
int state_check(struct sriov_ctx *ctx, const struct host_state *host, const struct target *t,
                unsigned int flags, char err[STATE_ERROR_MAX]);

#endif
