/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal declarations shared by the library's files and its white-box tests. */
#ifndef LIBSRIOV_PRIVATE_H
#define LIBSRIOV_PRIVATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "clock.h"
#include "driver-class.h"
#include "ifname.h"
#include "libsriov.h"
#include "mac.h"
#include "vf-fields.h"
#include "devlink.h"
#include "netlink.h"
#include "parse-num.h"
#include "pci-addr.h"
#include "vf-name.h"

#define SRIOV_EXPORT __attribute__((visibility("default")))

/*
 * A flag of the library's own, beside the public SRIOV_* ones: the call is part of one that
 * has said (or will say) whose leases it breaks, so vf_users_guard() lets it through silently: a
 * check of every VF before binding them all, settings re-applied after a forced resize.
 */
#define SRIOV_LEASES_SAID (1u << 30)

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _printf_(a, b) __attribute__((format(printf, a, b)))

static inline void freep(void *p)
{
        free(*(void **)p);
}

static inline void closep(int *fd)
{
        if (*fd >= 0)
                close(*fd);
}

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)


#define SYSFS_PCI_DEVICES "/sys/bus/pci/devices"
/* The kernel's software SR-IOV device: a PF with sriov_numvfs and a netdev, whose VFs exist
 * only in that netdev's VF list (no PCI function, driver or IOMMU group of their own). */
#define SYSFS_NETDEVSIM_DEVICES "/sys/bus/netdevsim/devices"
/* netdevsim's max_vfs, which it keeps in debugfs rather than beside sriov_numvfs. */
#define DEBUGFS_NETDEVSIM "/sys/kernel/debug/netdevsim"
#define SYSFS_CLASS_NET "/sys/class/net"

/* ---- ctx.c ---- */
struct pci_access;
struct nl_sock;

#define SRIOV_DEFAULT_TIMEOUT_MSEC 30000

/*
 * Writes to sysfs attributes go through this, so the sysfs tier can stand in for the kernel
 * (umockdev cannot make a write fail or create devices). Returns 0 or -errno.
 */
typedef int (*sysfs_write_fn)(struct sriov_ctx *ctx, int dirfd, const char *device,
                              const char *attr, const char *value);

/*
 * Loading kernel modules goes through this (kmod.c), so no test loads a module on the machine
 * it runs on. @name is a module name or alias; with @dry_run it is only looked up.
 * Returns 0, -ENOENT when no module has that name, or another -errno.
 */
typedef int (*kmod_load_fn)(struct sriov_ctx *ctx, const char *name, bool dry_run);

struct sriov_ctx {
        int refcount;
        sriov_log_fn log_fn;
        void *log_data;
        int log_priority;
        char error[512];
        unsigned int timeout_msec;
        struct pci_access *pacc; /* libpci, opened on first name lookup */
        bool pacc_failed;        /* don't retry a name database that would not load */
        const char *pci_ids_path; /* tests: libpci's ID database instead of its default */
        struct nl_sock *nl;      /* rtnetlink, opened on first use */
        struct nl_sock *genl;    /* generic netlink (devlink), opened on first use */
        uint16_t devlink_family; /* its id, 0 until resolved (devlink.c) */
        int iommu_groups_fd;     /* /sys/kernel/iommu_groups, opened on first use (iommu.c) */
        /* Test seams; the defaults talk to the kernel. */
        sysfs_write_fn sysfs_write;
        void *sysfs_write_data;
        netlink_transact_fn netlink_transact;
        netlink_dump_fn netlink_dump;
        kmod_load_fn kmod_load;
        int udevd_running; /* -1: look for /run/udev/control; tests set 0 or 1 */
        char *lease_dir;   /* NULL: the default, /run/libsriov */
        /* The VF the lease code is acting on: vf_users_guard() lets its own calls through. */
        char lease_self[SRIOV_PCI_ADDR_MAX];
        /* The host-wide lock (host-lock.c): held while depth > 0. */
        int host_lock_fd;
        unsigned int host_lock_depth;
        bool host_lock_exclusive;
        void *seam_data;
        /* Where iommu.c and preflight.c look outside /sys (tests point these at fixtures):
         * NULL means /dev, and /lib/modules/<uname -r>. */
        const char *dev_dir;
        const char *modules_dir;
        /* Where vfio-holders.c looks for processes; NULL means /proc. */
        const char *proc_dir;
        /* While > 0, failures are recorded (sriov_ctx_get_error()) but not logged: a caller
         * asking what it expects may be absent (the monitor, a PF's eswitch on igb). */
        unsigned int failures_unlogged;
};

void sriov_log(struct sriov_ctx *ctx, int priority, const char *file, int line, const char *fn,
               const char *format, ...) _printf_(6, 7);

#define sriov_log_cond(ctx, prio, ...)                                                           \
        do {                                                                                     \
                if ((ctx)->log_fn && (prio) <= (ctx)->log_priority)                              \
                        sriov_log(ctx, prio, __FILE__, __LINE__, __func__, __VA_ARGS__);         \
        } while (0)

#define dbg(ctx, ...) sriov_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define info(ctx, ...) sriov_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define warning(ctx, ...) sriov_log_cond(ctx, LOG_WARNING, __VA_ARGS__)

/*
 * Record a failure: the message becomes sriov_ctx_get_error() and is logged at LOG_ERR.
 * @err is a negative errno; it is returned so a caller can write "return sriov_fail(...)".
 * The message should read "<object>: <what failed>" and the errno's text is appended.
 */
int sriov_fail_at(struct sriov_ctx *ctx, int err, const char *file, int line, const char *fn,
                  const char *format, ...) _printf_(6, 7);
#define sriov_fail(ctx, err, ...) sriov_fail_at(ctx, err, __FILE__, __LINE__, __func__, __VA_ARGS__)

/* The failure of an earlier call, remembered and given again: @message as it was then. */
int sriov_fail_again(struct sriov_ctx *ctx, int err, const char *message);
/* Like sriov_fail() with a reason of the caller's instead of strerror(err). */
int sriov_fail_reason_at(struct sriov_ctx *ctx, int err, const char *file, int line,
                         const char *fn, const char *reason, const char *format, ...)
        _printf_(7, 8);
#define sriov_fail_reason(ctx, err, reason, ...)                                                 \
        sriov_fail_reason_at(ctx, err, __FILE__, __LINE__, __func__, reason, __VA_ARGS__)

/* Add to the last error's message (for what happened while cleaning up after it). */
void sriov_error_append(struct sriov_ctx *ctx, const char *format, ...) _printf_(2, 3);

/*
 * A failure's message, kept while what the failed call changed is put back: the calls that put
 * it back set messages of their own, and the first failure must stay what the caller reads.
 */
struct error_frame {
        char msg[512];
};
void error_frame_save(struct sriov_ctx *ctx, struct error_frame *f);
/*
 * The saved message again, with how putting back went: for @r 0, "; " and @format's text
 * (nothing with @format NULL); else "; putting back failed too: " and the message that
 * failure set.
 */
void error_frame_end(struct sriov_ctx *ctx, const struct error_frame *f, int r,
                     const char *format, ...) _printf_(4, 5);

/* ---- resize-switchdev.c: what a resize keeps of switchdev ---- */
struct switchdev_saved {
        bool switchdev; /* the PF was in switchdev mode: the rest is kept */
        struct sriov_eswitch eswitch;
        struct sriov_rate_node *nodes;
        size_t n_nodes;
        struct sriov_rate *leaves; /* per VF index; mask 0 for none */
        unsigned int n_leaves;
        bool rates;                /* the kernel and driver have rate objects: kept */
};
/* Before a resize of @pf with @n_vfs VFs: its eswitch mode, rate nodes and VF leaves. */
int switchdev_save(struct sriov_pf *pf, unsigned int n_vfs, struct switchdev_saved *s);
/* Switchdev mode again, if the driver dropped it: first while the PF has no VFs (@with_vfs
 * false; a driver that refuses then is left for the second try), then with the VFs there. */
int switchdev_restore_mode(struct sriov_pf *pf, const struct switchdev_saved *s, bool with_vfs,
                           unsigned int flags);
/* With the VFs back: the nodes that went, and the leaves of the VFs below @count. */
int switchdev_restore_rates(struct sriov_pf *pf, const struct switchdev_saved *s,
                            unsigned int count, unsigned int flags);
void switchdev_saved_free(struct switchdev_saved *s);

/* ---- pf.c: looking up what a name means ---- */
/* phys_port_name: up to IFNAMSIZ - 1 characters, and the newline. */
#define SRIOV_PORT_NAME_MAX 32
/*
 * The device of netdev @ifname (/sys/class/net/@ifname/device): a PCI address or a netdevsim
 * device's name in @addr, told apart in @kind; @port the representor's phys_port_name
 * ("pf0vf3"), empty for a netdev that is none. Errors name the object as "@what @ifname".
 */
int netdev_device(struct sriov_ctx *ctx, const char *what, const char *ifname,
                  char addr[SRIOV_PCI_ADDR_MAX], enum sriov_pf_kind *kind,
                  char port[SRIOV_PORT_NAME_MAX]);
/* "pf0vf3": @index 3, the representor of a VF of this host's PF. False for "c1pf0vf3", an
 * external controller's (another host's) VF, an SF's or a PF's. */
bool port_name_vf_index(const char *port, unsigned int *index);

/* ---- sysfs.c: bounded reads and writes relative to a device directory ---- */
/* Open /sys/bus/pci/devices/<addr> as a directory. Returns an fd or -errno. */
int sysfs_open_pci_device(const char *addr);
/* Open /sys/bus/netdevsim/devices/<name> as a directory. Returns an fd or -errno. */
int sysfs_open_netdevsim_device(const char *name);
/* Read attribute @name into @buf without its trailing newline. Returns its length or -errno. */
int sysfs_read_str(int dirfd, const char *name, char *buf, size_t size);
int sysfs_read_uint(int dirfd, const char *name, unsigned int *ret);
int sysfs_read_int(int dirfd, const char *name, int *ret);
/* Read a hex attribute, with or without "0x" ("0x8086", "10ca"), that fits in 16 bits. */
int sysfs_read_hex16(int dirfd, const char *name, uint16_t *ret);
/* The last path component of symlink @name ("driver" -> "igb"). Returns length or -errno. */
int sysfs_read_link_name(int dirfd, const char *name, char *buf, size_t size);
/* The number of the IOMMU group a device's iommu_group link names: >= 0, -ENOENT without one,
 * -EINVAL when the link's name (left in @buf) is no group number, another -errno. */
int sysfs_read_iommu_group(int dirfd, const char *link, char *buf, size_t size);
/* Write @value to attribute @attr of @device (open as @dirfd), through ctx->sysfs_write. */
int sysfs_write_attr(struct sriov_ctx *ctx, int dirfd, const char *device, const char *attr,
                     const char *value);
/* The default sysfs_write_fn: open O_WRONLY|O_TRUNC, one write. */
int sysfs_write_kernel(struct sriov_ctx *ctx, int dirfd, const char *device, const char *attr,
                       const char *value);
/*
 * The entries of subdirectory @name, sorted, as a NULL-terminated array that the caller
 * frees with strv_free(). A missing directory gives an empty array. Returns count or -errno.
 */
int sysfs_list_dir(int dirfd, const char *name, char ***ret);
void strv_free(char **strv);

/* ---- pci.c: libpci, whose error handler must never end the process ---- */
/* Look up names; NULL when unknown or the database cannot be loaded. Result is strdup()ed. */
char *sriov_pci_vendor_name(struct sriov_ctx *ctx, uint16_t vendor);
char *sriov_pci_device_name(struct sriov_ctx *ctx, uint16_t vendor, uint16_t device);
void sriov_pci_close(struct sriov_ctx *ctx);

/* ---- pf.c ---- */
/* What was read of a PF's sysfs attributes: replaced whole, and only by a read that worked. */
struct pf_state {
        uint16_t vendor, device, vf_device;
        char *driver;
        char **ifnames; /* NULL-terminated, sorted; never NULL itself */
        unsigned int total_vfs, num_vfs, vf_offset, vf_stride;
        int drivers_autoprobe;
        int numa_node;
};

struct sriov_pf {
        int refcount;
        struct sriov_ctx *ctx;
        int dirfd;
        enum sriov_pf_kind kind;
        /* The kernel's name of the device: its PCI address, or "netdevsim10". */
        char name[SRIOV_PCI_ADDR_MAX];
        struct pf_state st;
        char *vendor_name, *device_name;
        bool names_looked_up;
        struct link_vfs *link; /* rtnetlink VF list, read on first use (pf-link.c) */
        /* Or why it could not be read, kept as long as the list would be: a listing of a
         * thousand VFs asks once, not a thousand times, for an answer that does not come. */
        int link_err;
        char *link_error;
        char devlink_name[96];      /* "pci/0000:01:00.0", "netdevsim/netdevsim10" */
        struct pf_devlink devlink; /* port and rate dumps, read on first use (devlink.c) */
};

/* The ifindex of the PF's netdev (from sysfs), or -ENODEV after recording why. */
int sriov_pf_get_ifindex(struct sriov_pf *pf);
/* ---- pf-link.c: the PF's VF list over rtnetlink, read once and kept... ---- */
int sriov_pf_load_link(struct sriov_pf *pf, const struct link_vfs **ret);
/* ...and dropped, for the next use to read it again. */
void sriov_pf_forget_link(struct sriov_pf *pf);
/* The ifindex to talk to: the one the kept VF list was read from, else sysfs's. */
int sriov_pf_link_ifindex(struct sriov_pf *pf);
/* RTM_GETLINK of @ifindex, checked to still be the PF's netdev; the error names the PF. */
int sriov_pf_read_link(struct sriov_pf *pf, int ifindex, bool stats, struct link_vfs *ret);
/* Keep @l (moved, not copied) as the PF's VF list. */
void sriov_pf_keep_link(struct sriov_pf *pf, struct link_vfs *l);
/* Read the PF's sysfs attributes again. On failure the PF keeps what it had (the getters
 * never see a half-read PF) and the error says why; the kept VF list is dropped either way. */
int sriov_pf_reread(struct sriov_pf *pf);

/* Make a PF from its canonical PCI address; -EINVAL when the device has no SR-IOV. */
int sriov_pf_new_from_pci(struct sriov_ctx *ctx, const char *addr, struct sriov_pf **ret);
/* Make a PF from a netdevsim device's name ("netdevsim10"); -ENODEV when there is none. */
int sriov_pf_new_from_netdevsim(struct sriov_ctx *ctx, const char *name, struct sriov_pf **ret);
/*
 * Where a PCI PF's VFs are: VF i at the PF's routing ID + First VF Offset + i * VF Stride, in
 * its domain, as the kernel places them (pci_iov_virtfn_bus()/_devfn()) and names their
 * virtfnN links. The offset and stride are those of the current NumVFs, which sysfs shows
 * while VFs exist. Both return -ENODATA for a PF without an offset to compute with.
 */
/* VF @index's address in @buf. */
int pf_vf_address(const struct sriov_pf *pf, unsigned int index, char buf[SRIOV_PCI_ADDR_MAX]);
/* The index of @pf's VF at @a (below num_vfs), or -ENOENT when no VF of @pf is there. */
int pf_vf_index_at(const struct sriov_pf *pf, const struct sriov_pci_addr *a, unsigned int *ret);

/* ---- vf-wait.c ---- */
struct udev;
struct udev_monitor;

struct vf_waiter {
        struct sriov_ctx *ctx;
        struct udev *udev;
        struct udev_monitor *monitor; /* NULL when no uevent socket could be had */
        bool use_udev;                /* udevd runs: wait for its events (after renames) */
        bool through_signals;         /* a put-back: a signal does not end the wait */
};

/* Whether systemd-udevd runs: then listen to its events, which come after its rules (renames). */
bool sriov_udevd_running(struct sriov_ctx *ctx);
/* Subscribe to uevents; call before the write that creates VFs, so no event is missed. */
int vf_wait_begin(struct sriov_ctx *ctx, struct vf_waiter *w);
/* Until VFs 0..@n-1 of @pf exist (and with @want_driver have a driver and netdev), or the
 * context's timeout passes: then -ETIMEDOUT naming what is missing. */
int vf_wait_ready(struct vf_waiter *w, struct sriov_pf *pf, unsigned int n, bool want_driver);
void vf_wait_end(struct vf_waiter *w);
/*
 * One look at sysfs for vf_wait_until(): 0 when what is waited for is there; 1 when not, with
 * @why saying what is missing (the failure's reason when the deadline passes); or -errno.
 */
typedef int (*vf_wait_check_fn)(struct vf_waiter *w, void *data, char *why, size_t size);
/* Look, then wait for an event and look again, until @check says 0 or the context's timeout
 * passes: then -ETIMEDOUT, with the message "@what: <why>". A signal that interrupts the wait
 * ends it with -EINTR, unless w->through_signals. */
int vf_wait_until(struct vf_waiter *w, vf_wait_check_fn check, void *data, const char *what);
/* Why the netdev of the PCI device open as @dirfd is not ready (none yet, or not yet handled
 * by udevd when it runs), or NULL when it is. */
const char *vf_wait_netdev_missing(struct vf_waiter *w, int dirfd);
/* Why the VFIO nodes of the device open as @dirfd (IOMMU group @group) are not ready (udevd
 * has not handled them yet), or NULL when they are. Without udevd the kernel made them
 * before the bind returned. */
const char *vf_wait_vfio_missing(struct vf_waiter *w, int dirfd, int group);

/* ---- lease-journal.c: pure, no I/O ---- */
enum lease_state {
        LEASE_ACQUIRING, /* the VF is being handed over: a crash then means "undo" */
        LEASE_HELD,
        LEASE_RELEASING, /* the VF is being put back: a crash then means "finish that" */
};

#define SRIOV_LEASE_HOLDER_MAX 256
/* Labels: at most 16, each "key=value" with a key of 1 to 63 and a value of 0 to 255 bytes. */
#define SRIOV_LEASE_LABELS_MAX 16
#define SRIOV_LEASE_LABEL_KEY_MAX 63
#define SRIOV_LEASE_LABEL_VALUE_MAX 255
#define SRIOV_LEASE_LABEL_MAX (SRIOV_LEASE_LABEL_KEY_MAX + SRIOV_LEASE_LABEL_VALUE_MAX + 2)
struct lease_journal {
        enum lease_state state;
        char pci[SRIOV_PCI_ADDR_MAX];
        char pf[SRIOV_PCI_ADDR_MAX];
        unsigned int vf;
        int owner_pid;              /* -1: no owner, held until released */
        uint64_t owner_start;       /* the owner's start time, so a reused pid is not mistaken */
        char cookie[33];
        char orig_driver[64];       /* "" when the VF had none */
        char orig_override[64];     /* "" when driver_override was unset */
        struct sriov_vf_config orig_config;
        /* While acquiring or releasing, the process doing it (-1 otherwise, and in a version 1
         * journal, which did not say). */
        int busy_pid;
        uint64_t busy_start;
        /* A process that changed the VF under the lease with SRIOV_FORCE, and what it did;
         * -1 and "" when none did. */
        int broken_pid;
        char broken_what[64];
        /* Version 3: who holds it, in the acquirer's words ("" for none), and for a netdev
         * lease (SRIOV_ACQUIRE_NETDEV) the VF's netdev as it was: the holder puts it back. */
        char holder[SRIOV_LEASE_HOLDER_MAX];
        bool netdev;
        char ifname[SRIOV_IFNAME_MAX];
        unsigned int mtu;
        uint8_t ifmac[6];
        /* Version 4: the PID namespaces (their inodes) that owner_pid and busy_pid are pids
         * of; 0 in older journals, whose pids are the reader's (process.h). */
        uint64_t owner_pidns, busy_pidns;
        /* Version 5: the inode number of the VF's sysfs directory when it was leased: a device
         * made since at its address has another (lease-lost.c). 0 in older journals. */
        uint64_t dev_ino;
        /* Version 4: the acquirer's labels, "key=value" each (sriov_acquire_args.labels). */
        char labels[SRIOV_LEASE_LABELS_MAX][SRIOV_LEASE_LABEL_MAX];
        unsigned int n_labels;
        /* Not in the text: when the file was last written (its mtime; each write is a new
         * file renamed over the old), in seconds since the epoch; 0 when not known. */
        int64_t written;
};

/* Returns the length written, or -EOVERFLOW. */
int lease_journal_format(const struct lease_journal *j, char *buf, size_t size);
/* Returns 0, or -EBADMSG with @bad_line (may be NULL) set to the first line that is wrong. */
int lease_journal_parse(const char *text, struct lease_journal *ret, int *bad_line);
/* Whether "key=value" @label is one a journal takes: NULL, or why not. */
const char *lease_label_invalid(const char *label);
/* Add @label to @j: 0, or -EINVAL when invalid, a repeated key, or one too many. */
int lease_journal_add_label(struct lease_journal *j, const char *label);

/* ---- lease-lost.c: is the leased VF still the device that was leased? ---- */
/* The inode number of PCI device @pci's sysfs directory: what tells it from a device made later
 * at its address. Returns 0 or -errno (-ENOENT: no such device). */
int lease_dev_ino(const char *pci, uint64_t *ret);
/* 1 when the VF @j leased is gone (its PCI function went away, its PF's VF count no longer
 * includes it, or a new device is at its address), with @why saying which; 0 when it is still
 * there; -errno when sysfs cannot tell. Sets no error. */
int lease_vf_lost(const struct lease_journal *j, char *why, size_t size);

/* ---- iommu.c ---- */
/* What sysfs shows of the host's IOMMU, for sriov_ctx_get_iommu_mode() and the preflight. */
struct iommu_host {
        char **units;        /* /sys/class/iommu entries, sorted (dmar0, ivhd0, ...) */
        bool groups;         /* an IOMMU group exists that no-IOMMU mode did not make */
        bool any_translated; /* a group's default domain translates (DMA, DMA-FQ) */
        bool any_identity;   /* a group's default domain is identity */
        int noiommu_param;   /* vfio enable_unsafe_noiommu_mode: 1, 0, -1 when not shown */
        enum sriov_iommu_mode mode;
};
int iommu_host_read(struct sriov_ctx *ctx, struct iommu_host *ret);
void iommu_host_free(struct iommu_host *h);
/* A Y/N (or 1/0) module parameter, /sys/module/@module/parameters/@param: 1, 0, or -1. */
int sysfs_module_param_bool(const char *module, const char *param);

/* ---- vf.c ---- */
/* sriov_vf_get_label(): "0000:01:10.0 (enp1s0/0)" */
#define VF_LABEL_MAX (2 * SRIOV_PCI_ADDR_MAX + SRIOV_IFNAME_MAX + 16)

struct sriov_vf {
        int refcount;
        struct sriov_pf *pf;
        unsigned int index;
        /* Its PCI address; for a netdevsim VF, which has none, "PF/INDEX" for messages. */
        char pci[SRIOV_PCI_ADDR_MAX];
        /* sriov_vf_get_label(): "0000:01:10.0 (enp1s0/0)"; made once, with the VF. */
        char label[VF_LABEL_MAX];
        uint16_t vendor, device;
        char *driver;
        /* NULL when unset ("(null)"); read on first ask (vf.c), as few callers ask */
        char *driver_override;
        bool override_read;
        char *ifname;
        int iommu_group;
        int numa_node;
        char in_use_why[256]; /* what sriov_vf_is_in_use() found */
        char vfio_cdev[48];   /* sriov_vf_get_vfio_cdev_path() */
        char iommu_why[160];  /* what sriov_vf_iommu_group_is_viable() found */
};

/* Forget what was read of the VF, and read its sysfs attributes again. */
int sriov_vf_reread(struct sriov_vf *vf);
/* sriov_vf_get_label()'s form for VF @index of @pf with address @pci (NULL: unknown, then
 * "PF/INDEX" alone). */
void vf_label_format(const struct sriov_pf *pf, unsigned int index, const char *pci, char *buf,
                     size_t size);
/* The label of VF @index of @pf without a VF object: for messages about VFs by index. */
void pf_vf_label(struct sriov_pf *pf, unsigned int index, char *buf, size_t size);
/* The VF's sysfs directory, opened for this use (close it after); -errno with the error set. */
int sriov_vf_open_dir(struct sriov_vf *vf);
/*
 * @attr of a PCI PF's VF as a path relative to the PF's directory ("virtfnN/@attr", in @buf),
 * and that directory's fd: a short walk from an open directory, not an absolute path.
 */
int vf_path_at(const struct sriov_vf *vf, const char *attr, char *buf, size_t size);
/* 0 while @vf's directory is there; else -ENODEV with the error saying so. For a lookup that
 * got ENOENT and must tell "no such file" from "no VF any more". */
int vf_still_there(struct sriov_vf *vf);
/* 0 for a VF that is a PCI function; else -EOPNOTSUPP, the error saying it cannot @what. */
int vf_need_pci(struct sriov_vf *vf, const char *what);

/* ---- dlopen.c: libraries loaded on first use ---- */
struct dl_sym {
        void **fn;
        const char *name;
};
struct dl_lib {
        const char *soname;        /* "libkmod.so.2" */
        const struct dl_sym *syms; /* ended by a NULL name */
        pthread_mutex_t lock;
        int state;                 /* 0: not tried; 1: loaded; -ENOPKG: failed, see error */
        char error[256];
};
#define DL_SYM(fn) { (void **)&sym_##fn, #fn }
/* Load @lib once per process: 0, or -ENOPKG with @lib->error saying which and why. */
int dl_load(struct dl_lib *lib);

/* ---- vf-in-use.c ---- */
/* 1 when a netdev of @vf is up, with its name in @name; 0; -errno. The one test of "up". */
int vf_netdev_up(struct sriov_vf *vf, char *name, size_t size);
/* 1 when the VF has a netdev in another network namespace (net/ there, but empty here). */
int vf_netdev_elsewhere(struct sriov_vf *vf);
/* 1 when a netdev of @vf has addresses or routes, with @why naming the first; 0; -errno. */
int vf_netdev_addressed(struct sriov_vf *vf, char *why, size_t size);

/* ---- lease.c: a leased VF belongs to its holder ---- */
/*
 * The leases of PF @pf_pci's VFs, but the one the lease code itself acts on: *@n journals in
 * *@ret (free() it). Call it under host_lock().
 */
int lease_list_of_pf(struct sriov_ctx *ctx, const char *pf_pci, struct lease_journal **ret,
                     size_t *n);
/* Who holds @j, for messages: "leased to process 1234 (qemu-system-x86)". */
void lease_describe_holder(const struct lease_journal *j, char *buf, size_t size);
/* Note in @j's journal that this process broke the lease doing @what: the release says so. */
int lease_note_broken(struct sriov_ctx *ctx, struct lease_journal *j, const char *what);

/* ---- vf-users.c: whom a change takes VFs from ---- */
enum vf_users {
        VF_USERS_LEASE,      /* a lease's holder only: a change of settings, rates, owner */
        VF_USERS_REMOVE,     /* and whoever uses the VF: it goes (a resize) or is remade */
        VF_USERS_HOST_STACK, /* and whoever uses its netdev: its host driver lets go of it */
};
struct vf_change {
        struct sriov_pf *pf;
        struct sriov_vf *vf;     /* a change of this one VF (messages name it), or NULL: */
        const unsigned int *vfs; /* @pf's VFs it changes, by index; NULL: every VF below @n */
        size_t n;
        unsigned int flags;      /* the call's SRIOV_FORCE, SRIOV_DRY_RUN, SRIOV_LEASES_SAID */
        enum vf_users users;
        const char *what;        /* "sriov_numvfs 3", "set its settings" */
        const char *forced;      /* several VFs: each one's warning ends so ("removed as forced") */
        const char *broke;       /* what a broken lease's journal says was done; NULL: @what */
};
/*
 * Before @c changes VFs, under host_lock(): 0 when none has a user; -EBUSY naming every VF
 * that has one, and each of its users (bounded: "and N more"); with SRIOV_FORCE, 0 after one
 * LOG_WARNING per VF the change breaks, a lease broken noted in its journal (neither with
 * SRIOV_LEASES_SAID, nor the journal with SRIOV_DRY_RUN). For VF_USERS_REMOVE always -EBUSY
 * while a process holds a VF through VFIO: the kernel would wait for it without end.
 */
int vf_users_guard(const struct vf_change *c);

/* ---- bind.c: a VF's binding, read and put back ---- */
struct vf_binding {
        char driver[64];   /* "" when none is bound */
        char override[64]; /* "" when driver_override is unset */
};
/* Put @vf on @b's driver with @b's override, whatever it has now (SRIOV_FORCE as for
 * sriov_vf_bind_driver()). Returns 1 when it changed something, 0 when it was so, or -errno. */
int vf_binding_restore(struct sriov_vf *vf, const struct vf_binding *b, unsigned int flags);

/* ---- rate.c ---- */
/* sriov_vf_set_rate(), which also takes the library's own SRIOV_LEASES_SAID. */
int vf_set_rate(struct sriov_vf *vf, const struct sriov_rate *want, unsigned int flags);

/* ---- vf-config.c ---- */
/* What sriov_vf_set_config() refuses of @c without asking the kernel: the error set as it
 * would set it. For a caller that must refuse before it changes anything else. */
int vf_config_check(struct sriov_vf *vf, const struct sriov_vf_config *c);
/* sriov_pf_set_vf_configs(), which also takes the library's own SRIOV_LEASES_SAID. */
int vf_configs_set(struct sriov_pf *pf, const unsigned int *indexes,
                   const struct sriov_vf_config *configs, size_t n, unsigned int flags,
                   struct sriov_vf_config *changes);

/* ---- host-lock.c ---- */
/*
 * Take the host-wide lock exclusively for a call that changes the host, waiting at most the
 * context's timeout (the message then names the holder). Nested calls of one context count.
 * Returns 0 or -errno; host_unlock() once for every host_lock() that returned 0.
 */
int host_lock(struct sriov_ctx *ctx);
void host_unlock(struct sriov_ctx *ctx);

/* ---- shared/driver-class.c: what kind of driver a VF has (driver-class.h) ---- */

/* ---- vfio-holders.c ---- */
/*
 * How many processes (other than this one) hold @vf's VFIO group node or cdev open, found
 * without opening either; @text (may be NULL) names them: "process 1234 (qemu-system-x86)".
 * Returns the count or -errno.
 */
int vfio_holders(struct sriov_vf *vf, char *text, size_t size);
/* The same for the VF's uio node (/dev/uioN), for a DPDK application on igb_uio or
 * uio_pci_generic. */
int uio_holders(struct sriov_vf *vf, char *text, size_t size);

/* ---- kmod.c: the default kmod_load_fn, through libkmod ---- */
int sriov_kmod_load(struct sriov_ctx *ctx, const char *name, bool dry_run);

#endif
