/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libsriov — manage SR-IOV physical and virtual functions on a Linux host.
 *
 * Conventions that hold for every function below:
 *  - A function that can fail returns an int: >= 0 on success, a negative errno on failure.
 *    On failure its out-parameters are left untouched and the context keeps a message that a
 *    person can read (sriov_ctx_get_error()), naming the object, the attribute and the reason.
 *  - Objects are reference counted: *_ref() returns its argument, *_unref() drops a reference
 *    and returns NULL; *_unref(NULL) does nothing.
 *  - Getters never fail. Strings they return are borrowed: they live as long as the object
 *    they came from and must not be freed.
 *  - PF and VF objects are snapshots of sysfs taken when they were created; create a new one
 *    to see later changes.
 *  - A context and everything made from it belong to one thread at a time.
 *  - The library never prints and never exits: it reports through return values, the
 *    context's error message and the log function the caller installs.
 */
#ifndef LIBSRIOV_H
#define LIBSRIOV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sriov_ctx;
struct sriov_pf;
struct sriov_pf_list;
struct sriov_vf;

/* ---- Context ------------------------------------------------------------------------------ */

/**
 * sriov_ctx_new() - create a library context.
 * @ret: receives the new context, with one reference.
 *
 * The context owns the handles the library opens lazily (libpci's name database, later the
 * netlink socket and the udev monitor). Nothing is logged until a log function is set.
 *
 * Returns 0, or -ENOMEM.
 */
int sriov_ctx_new(struct sriov_ctx **ret);
struct sriov_ctx *sriov_ctx_ref(struct sriov_ctx *ctx);
struct sriov_ctx *sriov_ctx_unref(struct sriov_ctx *ctx);

/**
 * typedef sriov_log_fn - receives the library's log messages.
 * @data: the pointer given to sriov_ctx_set_log_fn().
 * @priority: a syslog priority, LOG_ERR (3) to LOG_DEBUG (7).
 * @file, @line, @fn: where in the library the message comes from.
 * @format, @args: the message, printf style, without a trailing newline.
 */
typedef void (*sriov_log_fn)(void *data, int priority, const char *file, int line,
                             const char *fn, const char *format, va_list args);

/**
 * sriov_ctx_set_log_fn() - install a log function; NULL turns logging off (the default).
 */
void sriov_ctx_set_log_fn(struct sriov_ctx *ctx, sriov_log_fn fn, void *data);

/**
 * sriov_ctx_set_log_priority() - pass on messages of @priority and more urgent (default LOG_ERR).
 */
void sriov_ctx_set_log_priority(struct sriov_ctx *ctx, int priority);
int sriov_ctx_get_log_priority(const struct sriov_ctx *ctx);

/**
 * sriov_ctx_get_error() - the message of the last failure reported through @ctx.
 *
 * The form is "<object>: <what failed>: <reason>", for example
 * "PF 0000:01:00.0: read sriov_numvfs: No such file or directory". Returns "" when nothing has
 * failed yet. The string lives until the next call that fails.
 */
const char *sriov_ctx_get_error(const struct sriov_ctx *ctx);

/* ---- Physical functions --------------------------------------------------------------------- */

/**
 * sriov_pf_list_new() - list every SR-IOV capable PCI function of the host.
 * @ctx: the context.
 * @ret: receives the list, sorted by PCI address, with one reference.
 *
 * A function is SR-IOV capable when the kernel shows sriov_totalvfs for it, including a
 * function whose firmware allows 0 VFs. A device that disappears while the list is being made
 * is left out.
 *
 * Returns 0, or a negative errno (-ENOENT when /sys/bus/pci is missing, -ENOMEM).
 */
int sriov_pf_list_new(struct sriov_ctx *ctx, struct sriov_pf_list **ret);
struct sriov_pf_list *sriov_pf_list_ref(struct sriov_pf_list *list);
struct sriov_pf_list *sriov_pf_list_unref(struct sriov_pf_list *list);
size_t sriov_pf_list_get_count(const struct sriov_pf_list *list);

/**
 * sriov_pf_list_get() - the PF at @index, borrowed from @list; NULL when @index is out of range.
 * Take a reference with sriov_pf_ref() to keep it after the list is gone.
 */
struct sriov_pf *sriov_pf_list_get(const struct sriov_pf_list *list, size_t index);

/**
 * sriov_pf_new_from_name() - look up a PF by PCI address or network interface name.
 * @name: "0000:01:00.0", "01:00.0" (domain 0) or a netdev name such as "eth0".
 * @ret: receives the PF, with one reference.
 *
 * Returns 0; -EINVAL when @name is neither a PCI address nor an interface name, or names a
 * VF or a function without SR-IOV; -ENODEV when there is no such device; another -errno when
 * sysfs cannot be read.
 */
int sriov_pf_new_from_name(struct sriov_ctx *ctx, const char *name, struct sriov_pf **ret);
struct sriov_pf *sriov_pf_ref(struct sriov_pf *pf);
struct sriov_pf *sriov_pf_unref(struct sriov_pf *pf);
struct sriov_ctx *sriov_pf_get_ctx(const struct sriov_pf *pf);

/** sriov_pf_get_pci_address() - the full PCI address, "0000:01:00.0". */
const char *sriov_pf_get_pci_address(const struct sriov_pf *pf);
uint16_t sriov_pf_get_vendor_id(const struct sriov_pf *pf);
uint16_t sriov_pf_get_device_id(const struct sriov_pf *pf);

/**
 * sriov_pf_get_vendor_name() - the vendor's name from the PCI ID database (libpci), or NULL
 * when the database does not know it or cannot be read. The first call loads the database.
 */
const char *sriov_pf_get_vendor_name(struct sriov_pf *pf);
/** sriov_pf_get_device_name() - like sriov_pf_get_vendor_name(), for the device. */
const char *sriov_pf_get_device_name(struct sriov_pf *pf);

/** sriov_pf_get_driver() - the bound driver's name ("igb"), or NULL when none is bound. */
const char *sriov_pf_get_driver(const struct sriov_pf *pf);

/**
 * sriov_pf_get_ifname() - the PF's network interface name, or NULL when it has none (no
 * driver, or a driver that makes no netdev). When the function has several netdevs this is
 * the first by name; sriov_pf_get_ifnames() lists them all.
 */
const char *sriov_pf_get_ifname(const struct sriov_pf *pf);
/** sriov_pf_get_ifnames() - every netdev of the PF, sorted, as a NULL-terminated array. */
const char *const *sriov_pf_get_ifnames(const struct sriov_pf *pf);

/** sriov_pf_get_total_vfs() - how many VFs the device can have (sriov_totalvfs). */
unsigned int sriov_pf_get_total_vfs(const struct sriov_pf *pf);
/** sriov_pf_get_num_vfs() - how many VFs exist now (sriov_numvfs). */
unsigned int sriov_pf_get_num_vfs(const struct sriov_pf *pf);

/**
 * sriov_pf_get_drivers_autoprobe() - 1 when new VFs get a host driver, 0 when not, -1 when
 * the kernel does not show sriov_drivers_autoprobe.
 */
int sriov_pf_get_drivers_autoprobe(const struct sriov_pf *pf);

/** sriov_pf_get_vf_offset() - routing-ID offset of VF 0 from the PF (sriov_offset). */
unsigned int sriov_pf_get_vf_offset(const struct sriov_pf *pf);
/** sriov_pf_get_vf_stride() - routing-ID distance between VFs (sriov_stride). */
unsigned int sriov_pf_get_vf_stride(const struct sriov_pf *pf);
/** sriov_pf_get_vf_device_id() - the PCI device ID the VFs have (sriov_vf_device). */
uint16_t sriov_pf_get_vf_device_id(const struct sriov_pf *pf);
/** sriov_pf_get_numa_node() - the NUMA node of the device, or -1 when the kernel knows none. */
int sriov_pf_get_numa_node(const struct sriov_pf *pf);

/* ---- Virtual functions ---------------------------------------------------------------------- */

/**
 * sriov_pf_get_vf() - the VF with @index (0 to num_vfs - 1) of @pf.
 * @ret: receives the VF, with one reference; it holds a reference on @pf.
 *
 * Returns 0; -ERANGE when @index is not below the PF's num_vfs; -ENODEV when the VF is gone
 * (its VFs were removed since @pf was read); another -errno when sysfs cannot be read.
 */
int sriov_pf_get_vf(struct sriov_pf *pf, unsigned int index, struct sriov_vf **ret);

/**
 * sriov_vf_new_from_name() - look up a VF.
 * @name: the VF's PCI address ("0000:01:10.0" or "01:10.0"), or "PF/INDEX" where PF is any
 *        name sriov_pf_new_from_name() takes ("eth0/3", "0000:01:00.0/3").
 * @ret: receives the VF, with one reference.
 *
 * Returns 0; -EINVAL when @name has neither form or the PCI device is not a VF; -ENODEV when
 * there is no such device; -ERANGE when INDEX is not below the PF's num_vfs.
 */
int sriov_vf_new_from_name(struct sriov_ctx *ctx, const char *name, struct sriov_vf **ret);
struct sriov_vf *sriov_vf_ref(struct sriov_vf *vf);
struct sriov_vf *sriov_vf_unref(struct sriov_vf *vf);

/** sriov_vf_get_pf() - the VF's physical function, borrowed from @vf. */
struct sriov_pf *sriov_vf_get_pf(const struct sriov_vf *vf);
/** sriov_vf_get_index() - the VF's number on its PF, as in virtfnN. */
unsigned int sriov_vf_get_index(const struct sriov_vf *vf);
const char *sriov_vf_get_pci_address(const struct sriov_vf *vf);
uint16_t sriov_vf_get_vendor_id(const struct sriov_vf *vf);
uint16_t sriov_vf_get_device_id(const struct sriov_vf *vf);
/** sriov_vf_get_driver() - the bound driver ("igbvf", "vfio-pci"), or NULL when none. */
const char *sriov_vf_get_driver(const struct sriov_vf *vf);
/** sriov_vf_get_ifname() - the VF's netdev on the host, or NULL when it has none. */
const char *sriov_vf_get_ifname(const struct sriov_vf *vf);
/** sriov_vf_get_iommu_group() - the IOMMU group number, or -1 when there is no IOMMU group. */
int sriov_vf_get_iommu_group(const struct sriov_vf *vf);
/** sriov_vf_get_numa_node() - the NUMA node of the VF, or -1 when the kernel knows none. */
int sriov_vf_get_numa_node(const struct sriov_vf *vf);

#ifdef __cplusplus
}
#endif

#endif /* LIBSRIOV_H */
