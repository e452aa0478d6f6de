/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal declarations shared by the library's files and its white-box tests. */
#ifndef LIBSRIOV_PRIVATE_H
#define LIBSRIOV_PRIVATE_H

#include <stdbool.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "libsriov.h"
#include "netlink.h"

#define SRIOV_EXPORT __attribute__((visibility("default")))

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

/* Longest PCI address the kernel prints: a 16-bit domain is "0000"; VMD domains have 5 digits. */
#define SRIOV_PCI_ADDR_MAX 32
/* IFNAMSIZ, without pulling in <net/if.h>. */
#define SRIOV_IFNAME_MAX 16

#define SYSFS_PCI_DEVICES "/sys/bus/pci/devices"
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

struct sriov_ctx {
        int refcount;
        sriov_log_fn log_fn;
        void *log_data;
        int log_priority;
        char error[512];
        unsigned int timeout_msec;
        struct pci_access *pacc; /* libpci, opened on first name lookup */
        bool pacc_failed;        /* don't retry a name database that would not load */
        struct nl_sock *nl;      /* rtnetlink, opened on first use */
        /* Test seams; the defaults talk to the kernel. */
        sysfs_write_fn sysfs_write;
        void *sysfs_write_data;
        netlink_transact_fn netlink_transact;
        int udevd_running; /* -1: look for /run/udev/control; tests set 0 or 1 */
        void *seam_data;
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

/*
 * Record a failure: the message becomes sriov_ctx_get_error() and is logged at LOG_ERR.
 * @err is a negative errno; it is returned so a caller can write "return sriov_fail(...)".
 * The message should read "<object>: <what failed>" and the errno's text is appended.
 */
int sriov_fail_at(struct sriov_ctx *ctx, int err, const char *file, int line, const char *fn,
                  const char *format, ...) _printf_(6, 7);
#define sriov_fail(ctx, err, ...) sriov_fail_at(ctx, err, __FILE__, __LINE__, __func__, __VA_ARGS__)

/* Like sriov_fail() with a reason of the caller's instead of strerror(err). */
int sriov_fail_reason_at(struct sriov_ctx *ctx, int err, const char *file, int line,
                         const char *fn, const char *reason, const char *format, ...)
        _printf_(7, 8);
#define sriov_fail_reason(ctx, err, reason, ...)                                                 \
        sriov_fail_reason_at(ctx, err, __FILE__, __LINE__, __func__, reason, __VA_ARGS__)

/* Add to the last error's message (for what happened while cleaning up after it). */
void sriov_error_append(struct sriov_ctx *ctx, const char *format, ...) _printf_(2, 3);

/* ---- pciaddr.c: pure parsing, no I/O ---- */
struct sriov_pci_addr {
        unsigned int domain, bus, dev, fn;
};

/* Parse "DDDD:BB:DD.F" or "BB:DD.F" (domain 0). Returns 0 or -EINVAL. */
int sriov_pci_addr_parse(const char *s, struct sriov_pci_addr *ret);
/* Print in the kernel's form, "0000:01:00.0". */
void sriov_pci_addr_format(const struct sriov_pci_addr *a, char buf[SRIOV_PCI_ADDR_MAX]);
/* Order for sorting. */
int sriov_pci_addr_cmp(const struct sriov_pci_addr *a, const struct sriov_pci_addr *b);
/* A name the kernel would accept for a netdev: 1-15 bytes, no '/', ':' or space, not . or .. */
bool sriov_ifname_valid(const char *s);
/*
 * Split "PF/INDEX" at its last '/'. @pf receives the PF part (at most SRIOV_PCI_ADDR_MAX - 1
 * bytes); @index a decimal VF index. Returns 0 or -EINVAL.
 */
int sriov_vf_name_split(const char *s, char pf[SRIOV_PCI_ADDR_MAX], unsigned int *index);

/* ---- sysfs.c: bounded reads and writes relative to a device directory ---- */
/* Open /sys/bus/pci/devices/<addr> as a directory. Returns an fd or -errno. */
int sysfs_open_pci_device(const char *addr);
/* Read attribute @name into @buf without its trailing newline. Returns its length or -errno. */
int sysfs_read_str(int dirfd, const char *name, char *buf, size_t size);
int sysfs_read_uint(int dirfd, const char *name, unsigned int *ret);
int sysfs_read_int(int dirfd, const char *name, int *ret);
/* Read a hex attribute, with or without "0x" ("0x8086", "10ca"), that fits in 16 bits. */
int sysfs_read_hex16(int dirfd, const char *name, uint16_t *ret);
/* The last path component of symlink @name ("driver" -> "igb"). Returns length or -errno. */
int sysfs_read_link_name(int dirfd, const char *name, char *buf, size_t size);
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
struct sriov_pf {
        int refcount;
        struct sriov_ctx *ctx;
        int dirfd;
        char pci[SRIOV_PCI_ADDR_MAX];
        uint16_t vendor, device, vf_device;
        char *driver;
        char **ifnames; /* NULL-terminated, sorted; never NULL itself */
        unsigned int total_vfs, num_vfs, vf_offset, vf_stride;
        int drivers_autoprobe;
        int numa_node;
        char *vendor_name, *device_name;
        bool names_looked_up;
        struct link_vfs *link; /* rtnetlink VF list, read on first use (vf-config.c) */
};

/* The ifindex of the PF's netdev (from sysfs), or -ENODEV after recording why. */
int sriov_pf_get_ifindex(struct sriov_pf *pf);
/* The PF's VF list over rtnetlink, read once and kept. */
int sriov_pf_load_link(struct sriov_pf *pf, const struct link_vfs **ret);
/* Forget what was read of the PF, and read its sysfs attributes again. */
int sriov_pf_reread(struct sriov_pf *pf);

struct sriov_pf_list {
        int refcount;
        struct sriov_pf **pfs;
        size_t count;
};

/* Make a PF from its canonical PCI address; -EINVAL when the device has no SR-IOV. */
int sriov_pf_new_from_pci(struct sriov_ctx *ctx, const char *addr, struct sriov_pf **ret);

/* ---- vf-wait.c ---- */
struct udev;
struct udev_monitor;

struct vf_waiter {
        struct sriov_ctx *ctx;
        struct udev *udev;
        struct udev_monitor *monitor; /* NULL when no uevent socket could be had */
        bool use_udev;                /* udevd runs: wait for its events (after renames) */
};

/* Subscribe to uevents; call before the write that creates VFs, so no event is missed. */
int vf_wait_begin(struct sriov_ctx *ctx, struct vf_waiter *w);
/* Until VFs 0..@n-1 of @pf exist (and with @want_driver have a driver and netdev), or the
 * context's timeout passes: then -ETIMEDOUT naming what is missing. */
int vf_wait_ready(struct vf_waiter *w, struct sriov_pf *pf, unsigned int n, bool want_driver);
void vf_wait_end(struct vf_waiter *w);
/* vfio-pci and its kind: a VF bound to one is handed to a user, not to the host's stack. */
bool sriov_driver_is_passthrough(const char *driver);

/* ---- vf.c ---- */
struct sriov_vf {
        int refcount;
        struct sriov_pf *pf;
        unsigned int index;
        int dirfd;
        char pci[SRIOV_PCI_ADDR_MAX];
        uint16_t vendor, device;
        char *driver;
        char *ifname;
        int iommu_group;
        int numa_node;
        char in_use_why[96]; /* what sriov_vf_is_in_use() found */
};

#endif
