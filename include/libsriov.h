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
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sriov_ctx;
struct sriov_pf;
struct sriov_pf_list;
struct sriov_vf;

/* ---- Flags of the calls that change the host ------------------------------------------------- */

/* Go ahead although a VF is in use (bound to vfio-pci or another non-default driver, or its
 * netdev is up) or leased to another holder (sriov_vf_acquire()). Without it such a change is
 * refused with -EBUSY, naming the user or the lease's holder. A change forced past a lease
 * logs a warning (LOG_WARNING) naming the holder, and marks the lease broken: its release
 * says so (sriov_lease_get_broken_pid()). A VMM holding a VFIO node open is never forced
 * past: the kernel would block the unbind until it let go. */
#define SRIOV_FORCE (1u << 0)
/* Validate and work out what would change, then change nothing. */
#define SRIOV_DRY_RUN (1u << 1)
/* sriov_pf_set_num_vfs(): set sriov_drivers_autoprobe to 1 or 0 before creating VFs. */
#define SRIOV_AUTOPROBE_ON (1u << 2)
#define SRIOV_AUTOPROBE_OFF (1u << 3)
/* sriov_pf_set_num_vfs(): return once sriov_numvfs is written, without waiting for readiness. */
#define SRIOV_NO_WAIT (1u << 4)

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

/**
 * sriov_ctx_set_timeout() - how long a call may wait for the kernel, in milliseconds.
 *
 * Bounds every wait of the library, such as the wait for new VFs to get their driver and
 * netdev, or for the host lock (default 30000). 0 means the default.
 *
 * The library installs no signal handler. A signal whose handler the application installed
 * (with or without SA_RESTART) that arrives during one of these waits ends it at once: the
 * call puts back what it changed, as on any failure, and returns -EINTR, so the caller acts on
 * the signal now rather than when the timeout ends. The put-back itself is not cut short by a
 * signal (the timeout bounds it too), nor is the wait for the kernel's answer to a request
 * already sent. A signal that is ignored or blocked does not end a wait.
 */
void sriov_ctx_set_timeout(struct sriov_ctx *ctx, unsigned int msec);
unsigned int sriov_ctx_get_timeout(const struct sriov_ctx *ctx);

/* sriov_ctx_lock_host(): a shared hold, for a consistent read of the host. */
#define SRIOV_LOCK_SHARED (1u << 0)

/**
 * sriov_ctx_lock_host() - hold the host-wide lock across several calls.
 * @flags: 0 for an exclusive hold, SRIOV_LOCK_SHARED for a shared one.
 *
 * Every call that changes the host (VF counts, settings, drivers, VFIO node owners) and every
 * lease operation takes this lock for its duration: flock() on "lock" in the lease directory
 * (sriov_ctx_set_lease_dir()), which the kernel drops when its holder dies. A program that
 * reads the host, decides, and then changes it (a plan and its apply) holds it across all of
 * that, so that no other process changes the host in between: calls of the same context then
 * go ahead, while other processes' changes wait. A shared hold lets other readers in and keeps
 * changes out; calls of this context that would change the host then fail with -EDEADLK.
 *
 * Waits at most the context's timeout (sriov_ctx_set_timeout()). The directory must be owned
 * by the caller and writable by nobody else, or another user could hold the lock; it is
 * created (mode 0755) when missing, and the lock file has mode 0600.
 *
 * Returns 0; -ETIMEDOUT when another process held it all that time (the message names it);
 * -EINTR when a signal interrupted the wait (sriov_ctx_set_timeout());
 * -EDEADLK when this context holds it shared and asks for it exclusive; -EPERM when the
 * directory or lock file belongs to someone else or others may write it; another -errno.
 */
int sriov_ctx_lock_host(struct sriov_ctx *ctx, unsigned int flags);
/** sriov_ctx_unlock_host() - end a hold of sriov_ctx_lock_host(). Returns 0, or -EINVAL. */
int sriov_ctx_unlock_host(struct sriov_ctx *ctx);

/* ---- Physical functions --------------------------------------------------------------------- */

/**
 * enum sriov_pf_kind - what kind of device a PF is.
 * @SRIOV_PF_KIND_PCI: a PCI function with the SR-IOV capability; its VFs are PCI functions.
 * @SRIOV_PF_KIND_NETDEVSIM: a device of netdevsim, the kernel's software SR-IOV device
 *     (/sys/bus/netdevsim). It has sriov_numvfs and a netdev, and its VFs exist only in that
 *     netdev's VF list: they have settings, but no PCI address, driver, netdev or IOMMU group,
 *     and cannot be bound, leased or passed through. The PF has no PCI address or ids.
 */
enum sriov_pf_kind {
        SRIOV_PF_KIND_PCI = 0,
        SRIOV_PF_KIND_NETDEVSIM = 1,
};

/**
 * sriov_pf_list_new() - list every SR-IOV capable device of the host.
 * @ctx: the context.
 * @ret: receives the list, with one reference: PCI functions sorted by PCI address, then
 *       netdevsim devices by number.
 *
 * A PCI function is SR-IOV capable when the kernel shows sriov_totalvfs for it, including a
 * function whose firmware allows 0 VFs; every netdevsim device is (it has sriov_numvfs). A
 * device that disappears while the list is being made is left out.
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
 * sriov_pf_new_from_name() - look up a PF by PCI address, device or network interface name.
 * @name: "0000:01:00.0", "01:00.0" (domain 0), a netdevsim device ("netdevsim10") or a netdev
 *        name such as "eth0".
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

/**
 * sriov_pf_get_pci_address() - the full PCI address, "0000:01:00.0"; NULL for a PF that is no
 * PCI function (a netdevsim device).
 */
const char *sriov_pf_get_pci_address(const struct sriov_pf *pf);
/**
 * sriov_pf_get_name() - the kernel's name of the device: its PCI address, or the netdevsim
 * device's name ("netdevsim10"). Never NULL; VFs are named after it ("netdevsim10/3").
 */
const char *sriov_pf_get_name(const struct sriov_pf *pf);
/** sriov_pf_get_kind() - what kind of device @pf is. */
enum sriov_pf_kind sriov_pf_get_kind(const struct sriov_pf *pf);
/** sriov_pf_kind_to_string() - "pci" or "netdevsim"; NULL for a value this library lacks. */
const char *sriov_pf_kind_to_string(enum sriov_pf_kind kind);
/* The PCI vendor and device IDs; 0 for a PF that is no PCI function. */
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
 * the first by name; sriov_pf_get_ifnames() lists them all. In switchdev mode the VFs'
 * representors are netdevs of the PF's device too; they are not the PF's (their
 * phys_port_name, "pf0vf3", says whose they are) and are left out here: a VF's is in its
 * sriov_vf_get_port(). sriov_pf_new_from_name() refuses a representor's name.
 */
const char *sriov_pf_get_ifname(const struct sriov_pf *pf);
/** sriov_pf_get_ifnames() - every netdev of the PF (representors aside), sorted, as a
 * NULL-terminated array. */
const char *const *sriov_pf_get_ifnames(const struct sriov_pf *pf);
/**
 * sriov_pf_get_carrier() - whether the PF's netdev (sriov_pf_get_ifname()) has carrier: its
 * link is up at the physical layer. Read from sysfs each time (since 0.6).
 * Returns 1 or 0; -ENETDOWN when the netdev is down (the kernel tells no carrier then); -ENODEV
 * when the PF has no netdev; another -errno.
 */
int sriov_pf_get_carrier(struct sriov_pf *pf);

/**
 * sriov_pf_get_total_vfs() - how many VFs the device can have (sriov_totalvfs); for a
 * netdevsim device its max_vfs, which only debugfs shows: 0 when debugfs is not mounted.
 */
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
 * @name: the VF's PCI address ("0000:01:10.0" or "01:10.0"); "PF/INDEX" where PF is any
 *        name sriov_pf_new_from_name() takes ("eth0/3", "0000:01:00.0/3"); or the name of a
 *        netdev of this network namespace: the VF's own ("eth0v3") or, in switchdev mode, its
 *        representor (phys_port_name "pf0vf3").
 * @ret: receives the VF, with one reference.
 *
 * Returns 0; -EINVAL when @name has none of these forms, the PCI device is not a VF, or the netdev is neither a VF's nor a
 * VF's representor; -ENODEV when there is no such device or netdev; -ERANGE when INDEX is not
 * below the PF's num_vfs.
 */
int sriov_vf_new_from_name(struct sriov_ctx *ctx, const char *name, struct sriov_vf **ret);
struct sriov_vf *sriov_vf_ref(struct sriov_vf *vf);
struct sriov_vf *sriov_vf_unref(struct sriov_vf *vf);

/** sriov_vf_get_pf() - the VF's physical function, borrowed from @vf. */
struct sriov_pf *sriov_vf_get_pf(const struct sriov_vf *vf);
/** sriov_vf_get_index() - the VF's number on its PF, as in virtfnN. */
unsigned int sriov_vf_get_index(const struct sriov_vf *vf);
/**
 * sriov_vf_get_pci_address() - the VF's PCI address; NULL for a VF of a netdevsim PF, which
 * has none (name it PF/INDEX: sriov_pf_get_name() and sriov_vf_get_index()).
 */
const char *sriov_vf_get_pci_address(const struct sriov_vf *vf);
/**
 * sriov_vf_get_label() - how every message of the library names the VF, for callers to name
 * it the same way: its PCI address, then PF/INDEX with the PF's netdev where it has one
 * ("0000:01:10.0 (enp1s0/0)", "0000:01:10.0 (0000:01:00.0/0)"); a netdevsim VF, which has no
 * PCI address, as PF/INDEX with the PF's netdev after it ("netdevsim10/0 (eni10np1/0)",
 * "netdevsim10/0"). Borrowed from @vf; the netdev is the PF's when @vf was read.
 */
const char *sriov_vf_get_label(const struct sriov_vf *vf);
/* The PCI vendor and device IDs; 0 for a VF that is no PCI function. */
uint16_t sriov_vf_get_vendor_id(const struct sriov_vf *vf);
uint16_t sriov_vf_get_device_id(const struct sriov_vf *vf);
/**
 * sriov_vf_get_driver() - the bound driver ("igbvf", "vfio-pci"), or NULL when none, as read
 * when @vf was looked up (the library's own bind and unbind read it again).
 */
const char *sriov_vf_get_driver(const struct sriov_vf *vf);
/**
 * sriov_vf_get_driver_override() - the VF's driver_override: the one driver the kernel lets
 * bind it ("vfio-pci"; "none" keeps it without one), or NULL when unset. Read on the first
 * call for @vf, not at lookup (a listing of a thousand VFs does not ask).
 */
const char *sriov_vf_get_driver_override(const struct sriov_vf *vf);
/** sriov_vf_get_ifname() - the VF's netdev on the host, or NULL when it has none. */
const char *sriov_vf_get_ifname(const struct sriov_vf *vf);
/** sriov_vf_get_iommu_group() - the IOMMU group number, or -1 when there is no IOMMU group. */
int sriov_vf_get_iommu_group(const struct sriov_vf *vf);
/** sriov_vf_get_numa_node() - the NUMA node of the VF, or -1 when the kernel knows none. */
int sriov_vf_get_numa_node(const struct sriov_vf *vf);

/* ---- Creating and removing VFs -------------------------------------------------------------- */

/**
 * sriov_pf_set_num_vfs() - give @pf @num_vfs VFs.
 * @flags: SRIOV_FORCE, SRIOV_DRY_RUN, SRIOV_AUTOPROBE_ON or _OFF, SRIOV_NO_WAIT.
 *
 * Checks @num_vfs against total_vfs before writing anything. Going from one non-zero count to
 * another writes 0 first, as the kernel requires; the VFs that exist before and after keep
 * their rtnetlink settings (read before, applied again after). Refuses with -EBUSY, naming
 * every such VF and its users, when a VF that would be removed is in use (its netdev with
 * addresses or routes too) or leased, unless SRIOV_FORCE is given; forced, it logs one
 * LOG_WARNING per VF it takes from a user.
 *
 * Then waits, on udev or kernel events and at most the context's timeout, until every VF's
 * PCI device exists and, when drivers autoprobe, its driver is bound and its netdev registered
 * (and renamed, when systemd-udevd runs). On failure the previous count and settings are put
 * back. On success @pf is read again, so its getters show the new state.
 *
 * Returns 0; -ERANGE when @num_vfs is above total_vfs; -EBUSY when VFs are in use or leased;
 * -ETIMEDOUT when the VFs were not ready in time (the message names them); -EINTR when a
 * signal interrupted the wait (the previous count is back, sriov_ctx_set_timeout()); -EIO when
 * the driver enabled fewer VFs than asked; another -errno from the kernel.
 */
int sriov_pf_set_num_vfs(struct sriov_pf *pf, unsigned int num_vfs, unsigned int flags);

/**
 * sriov_pf_set_drivers_autoprobe() - whether VFs that @pf creates from now on get a host driver.
 * @on: write 1 (the kernel's default: each new VF is probed by its host driver, igbvf for an
 *      82576) or 0 (new VFs stay without a driver until one is bound, for example vfio-pci
 *      with sriov_vf_bind_driver(), and never meet the host's network stack).
 * @flags: SRIOV_DRY_RUN.
 *
 * Writes the PF's sriov_drivers_autoprobe. The kernel reads it only when it creates VFs:
 * VFs that exist keep the driver they have (bind or unbind them for that). That is why it is
 * a call of its own, for a value that outlasts it, while the SRIOV_AUTOPROBE_* flags of
 * sriov_pf_set_num_vfs() set it just before creating VFs. The kernel's current value is read
 * first (not @pf's snapshot), and on success @pf is read again, so
 * sriov_pf_get_drivers_autoprobe() shows the new value.
 *
 * Returns 1 when it wrote the value (or would, with SRIOV_DRY_RUN); 0 when the kernel already
 * had it, and nothing was written; -EINVAL for other flags; -EOPNOTSUPP when the kernel has no
 * sriov_drivers_autoprobe (before Linux 4.12); another -errno from the kernel.
 */
int sriov_pf_set_drivers_autoprobe(struct sriov_pf *pf, bool on, unsigned int flags);

/**
 * sriov_vf_is_in_use() - whether removing or rebinding @vf would take it from a user: it is
 * bound to vfio-pci or another driver chosen through driver_override, or its netdev is up, or
 * its netdev is in another network namespace (a pod's), where the caller cannot see it.
 * Returns 1, 0, or a negative errno; with 1, @why (may be NULL) gets a borrowed reason.
 */
int sriov_vf_is_in_use(struct sriov_vf *vf, const char **why);

/* ---- Binding VFs to drivers ------------------------------------------------------------------ */

/**
 * sriov_vf_bind_driver() - bind @vf to @driver, or give it back to its host driver.
 * @driver: a PCI driver's name ("vfio-pci"), or NULL for the host default: the driver the
 *          kernel picks by device ID (igbvf for an 82576 VF), or none when the PF's
 *          sriov_drivers_autoprobe is 0 or no driver matches.
 * @flags: SRIOV_FORCE, SRIOV_DRY_RUN.
 *
 * Writes driver_override (@driver, or "\n" to clear it for NULL), unbinds the current driver
 * through /sys/bus/pci/drivers/<old>/unbind, and writes the VF's address to
 * /sys/bus/pci/drivers_probe; never new_id, which would bind every device with that ID. The
 * override stays set, so a later probe keeps the VF on @driver. A driver that is not loaded
 * is loaded with libkmod first (vfio-pci has no device IDs, so nothing else loads it).
 *
 * Before anything is written, refuses with -EBUSY, naming the VF, the drivers and the reason,
 * to take the VF from a host driver while its netdev is up or has IPv4/IPv6 addresses (IPv6
 * link-local ones aside) or routes, and to take it from vfio-pci while a process holds its
 * VFIO group or cdev open (found through /proc/PID/fd, without opening the node, since the
 * kernel would block the unbind until that process lets go: not even SRIOV_FORCE goes
 * ahead), and to change a VF leased to another holder; SRIOV_FORCE goes ahead past the
 * others.
 *
 * Then checks the driver link and waits, on uevents and at most the context's timeout, until
 * what the driver makes is ready: for a host network driver the netdev (renamed, when
 * systemd-udevd runs), for vfio-pci its group device (handled by udevd, when it runs). On
 * failure part-way the previous driver and driver_override are put back, and the message
 * says so. Either way @vf is read again, so its getters show the driver the VF has now.
 *
 * Returns 1 when the binding changed (or would, with SRIOV_DRY_RUN); 0 when @vf already was
 * on @driver (for NULL: on a host driver, or on none when autoprobe is off, with no
 * override), and nothing was written; -EINVAL for unknown flags or a malformed driver name;
 * -ENOENT when @driver is neither loaded nor loadable (the message says "modprobe DRIVER");
 * -EBUSY when in use; -EIO when the driver did not take the VF; -ETIMEDOUT when its netdev
 * or node did not come in time; -EINTR when a signal interrupted that wait (the previous
 * driver is back, sriov_ctx_set_timeout()); -EOPNOTSUPP without driver_override (Linux
 * before 3.16);
 * another -errno from the kernel.
 */
int sriov_vf_bind_driver(struct sriov_vf *vf, const char *driver, unsigned int flags);

/**
 * sriov_vf_unbind_driver() - leave @vf without a driver, and keep it so.
 * @flags: SRIOV_FORCE, SRIOV_DRY_RUN.
 *
 * Sets driver_override to "none", a name no driver has, then unbinds the current driver, as
 * `driverctl set-override VF none` does. A bare unbind would not last: the next probe
 * (drivers_probe, a driver module being loaded) would bind the VF again. The VF stays
 * driverless until sriov_vf_bind_driver() names a driver or gives it back to the host
 * default. The same checks as sriov_vf_bind_driver() come first, and a failure puts the
 * driver and override back.
 *
 * Returns 1 when it changed something (or would, with SRIOV_DRY_RUN); 0 when the VF already
 * had no driver and the "none" override; -EBUSY when in use; another -errno.
 */
int sriov_vf_unbind_driver(struct sriov_vf *vf, unsigned int flags);

/**
 * sriov_pf_bind_vf_drivers() - sriov_vf_bind_driver() for every VF of @pf, all or nothing.
 *
 * Every VF is checked first (as SRIOV_DRY_RUN would), so a refusal of one changes none; then
 * they are bound in order, and when one fails part-way the VFs before it are put back on the
 * driver and driver_override they had. The message names the VF that failed and those that
 * were put back. Returns how many VFs changed (or would), or a negative errno.
 */
int sriov_pf_bind_vf_drivers(struct sriov_pf *pf, const char *driver, unsigned int flags);
/** sriov_pf_unbind_vf_drivers() - sriov_vf_unbind_driver() for every VF of @pf, likewise. */
int sriov_pf_unbind_vf_drivers(struct sriov_pf *pf, unsigned int flags);

/* ---- IOMMU groups and VFIO ------------------------------------------------------------------ */

struct sriov_iommu_group;

/**
 * enum sriov_iommu_mode - what protects host memory from the DMA of a device given to VFIO.
 * @SRIOV_IOMMU_MODE_NONE: no IOMMU (none in the firmware tables, or the kernel has it off) and
 *     vfio's no-IOMMU mode is off: VFIO cannot take devices.
 * @SRIOV_IOMMU_MODE_DMA: an IOMMU translates DMA; host devices use translated ("DMA",
 *     "DMA-FQ") default domains.
 * @SRIOV_IOMMU_MODE_PASSTHROUGH: an IOMMU is on, but host devices' default domains are
 *     "identity" (iommu=pt): host drivers' DMA is not translated. Devices given to VFIO are
 *     still isolated.
 * @SRIOV_IOMMU_MODE_NOIOMMU: no IOMMU, and vfio's enable_unsafe_noiommu_mode is on: vfio hands
 *     out devices (/dev/vfio/noiommu-N) that can DMA anywhere in host memory. Unsafe.
 */
enum sriov_iommu_mode {
        SRIOV_IOMMU_MODE_NONE = 0,
        SRIOV_IOMMU_MODE_DMA = 1,
        SRIOV_IOMMU_MODE_PASSTHROUGH = 2,
        SRIOV_IOMMU_MODE_NOIOMMU = 3,
};

/**
 * sriov_ctx_get_iommu_mode() - the host's IOMMU mode, read from sysfs when called.
 *
 * An IOMMU is on when /sys/class/iommu has entries (dmar0, ivhd0, ...) or an IOMMU group
 * exists that vfio's no-IOMMU mode did not make. PASSTHROUGH when every group's default domain
 * (/sys/kernel/iommu_groups/N/type) is "identity". NOIOMMU when there is no IOMMU and
 * /sys/module/vfio/parameters/enable_unsafe_noiommu_mode is Y.
 *
 * Returns a SRIOV_IOMMU_MODE_* value, or a negative errno when sysfs cannot be read.
 */
int sriov_ctx_get_iommu_mode(struct sriov_ctx *ctx);

/**
 * sriov_ctx_has_iommufd() - 1 when the kernel has iommufd (/dev/iommu, seen as
 * /sys/class/misc/iommu), which VMMs use together with VFIO cdevs; 0 when not.
 */
int sriov_ctx_has_iommufd(struct sriov_ctx *ctx);

/**
 * sriov_iommu_group_new() - read IOMMU group @number (/sys/kernel/iommu_groups/@number).
 * @ret: receives the group, with one reference: a snapshot of its members and their drivers.
 *
 * Returns 0; -ENOENT when there is no such group; another -errno when sysfs cannot be read.
 */
int sriov_iommu_group_new(struct sriov_ctx *ctx, int number, struct sriov_iommu_group **ret);

/**
 * sriov_vf_get_iommu_group_info() - the IOMMU group @vf is in now, its members and their
 * drivers (@vf's own included) read when called. A group is its device's for the device's
 * life, so the group @vf was looked up in is read if it still holds @vf; else its iommu_group
 * link is read again (vfio's no-IOMMU mode gives a VF a group only when vfio-pci binds it).
 * Returns 0; -ENOENT when the VF has no IOMMU group (the message says why that matters);
 * another -errno.
 */
int sriov_vf_get_iommu_group_info(struct sriov_vf *vf, struct sriov_iommu_group **ret);
struct sriov_iommu_group *sriov_iommu_group_ref(struct sriov_iommu_group *group);
struct sriov_iommu_group *sriov_iommu_group_unref(struct sriov_iommu_group *group);

int sriov_iommu_group_get_number(const struct sriov_iommu_group *group);
/**
 * sriov_iommu_group_get_type() - the default domain's type as the kernel prints it ("DMA",
 * "DMA-FQ", "identity", "blocked", ...), or NULL when the kernel does not show it.
 */
const char *sriov_iommu_group_get_type(const struct sriov_iommu_group *group);
/** sriov_iommu_group_is_noiommu() - the group was made by vfio's unsafe no-IOMMU mode. */
bool sriov_iommu_group_is_noiommu(const struct sriov_iommu_group *group);
/** sriov_iommu_group_get_member_count() - how many devices the group has. */
size_t sriov_iommu_group_get_member_count(const struct sriov_iommu_group *group);
/**
 * sriov_iommu_group_get_member_pci_address() - member @index's name (a PCI address, sorted),
 * or NULL when @index is out of range.
 */
const char *sriov_iommu_group_get_member_pci_address(const struct sriov_iommu_group *group,
                                                     size_t index);
/** sriov_iommu_group_get_member_driver() - member @index's driver, or NULL for none. */
const char *sriov_iommu_group_get_member_driver(const struct sriov_iommu_group *group,
                                               size_t index);
/** sriov_iommu_group_member_is_bridge() - member @index is a PCI bridge (class 0x0604...). */
bool sriov_iommu_group_member_is_bridge(const struct sriov_iommu_group *group, size_t index);

/**
 * sriov_iommu_group_is_viable() - whether VFIO can hand the group to user space: every member
 * is bound to vfio-pci (or another VFIO driver), to pci-stub, to no driver, or is a bridge.
 * A member on a host driver (igbvf, ixgbevf, ...) would let the group's user reach that
 * driver's DMA, so the kernel refuses the group.
 * @why: NULL, or when not viable receives a borrowed reason naming the member and its driver.
 */
bool sriov_iommu_group_is_viable(const struct sriov_iommu_group *group, const char **why);

/**
 * sriov_iommu_group_get_vfio_path() - the group's VFIO node, "/dev/vfio/N" (or
 * "/dev/vfio/noiommu-N" in no-IOMMU mode), or NULL when vfio has none for it: vfio makes the
 * node when it takes the group's first device. Known from sysfs (/sys/class/vfio); the node
 * is at that path wherever devtmpfs is mounted on /dev.
 */
const char *sriov_iommu_group_get_vfio_path(const struct sriov_iommu_group *group);

/**
 * sriov_vf_iommu_group_is_viable() - sriov_iommu_group_is_viable() for the group @vf is in
 * now. A VF without a group is not viable.
 * Returns 1, 0 (with @why, may be NULL, set to a reason borrowed from @vf), or a negative errno.
 */
int sriov_vf_iommu_group_is_viable(struct sriov_vf *vf, const char **why);

/**
 * sriov_vf_get_vfio_cdev_path() - the VF's VFIO device cdev, "/dev/vfio/devices/vfioX", or
 * NULL when it has none (not bound to vfio-pci, or a kernel without CONFIG_VFIO_DEVICE_CDEV,
 * before 6.6). Looked up when called for a VF whose driver (sriov_vf_get_driver()) is a vfio
 * one: its vfio-dev/vfioX device in sysfs, which has a device number only where the cdev
 * exists; the cdev comes and goes with the vfio-pci binding. A VF object read before another
 * process bound it to vfio-pci says NULL: look it up again. A VMM opens it with /dev/iommu
 * (iommufd).
 */
const char *sriov_vf_get_vfio_cdev_path(struct sriov_vf *vf);

/**
 * sriov_vf_set_vfio_owner() - hand @vf's VFIO nodes to a VMM that does not run as root.
 * @uid, @gid: the new owner and group; (uid_t)-1 or (gid_t)-1 leaves that one as it is.
 * @flags: SRIOV_DRY_RUN to check that the nodes exist and change nothing; SRIOV_FORCE to
 *         go ahead on a VF leased to another holder.
 *
 * Changes the owner of the group node (/dev/vfio/N) and of the VF's cdev
 * (/dev/vfio/devices/vfioX), those of them that exist, with fchownat() without following
 * symlinks; when the second fails the first is put back. The VF must be bound to vfio-pci.
 * Whoever owns the group node can use every device of the group that is bound to vfio-pci, not
 * only @vf. /dev/vfio/vfio (the container, mode 0666) and /dev/iommu are host-wide and left
 * alone: give the VMM access to /dev/iommu yourself (or pass it an open descriptor) when it
 * uses the cdev. udev may set the owner back when the node is made again (after a rebind).
 *
 * Returns 0; -ENODEV when the VF is not bound to vfio-pci now, or vfio has no node for it;
 * -ENOENT when the kernel has the node but /dev does not (no devtmpfs); the -errno of
 * fchownat() (-EPERM without CAP_CHOWN).
 */
int sriov_vf_set_vfio_owner(struct sriov_vf *vf, uid_t uid, gid_t gid, unsigned int flags);

/* ---- Host preflight ---------------------------------------------------------------------- */

struct sriov_check_report;

enum sriov_check_severity {
        SRIOV_CHECK_OK = 0,      /* as it should be */
        SRIOV_CHECK_WARNING = 1, /* works, but unsafe or not yet ready; worth a look */
        SRIOV_CHECK_PROBLEM = 2, /* SR-IOV or VFIO passthrough will not work (safely) */
};

/**
 * sriov_host_check() - check that the host is ready to create VFs and hand them to VMMs.
 * @ret: receives the report, with one reference.
 *
 * Reads sysfs and /proc/cmdline and changes nothing (it loads no module). Findings, each with
 * an id (see sriovctl(8) for the list): whether an IOMMU is on (and in which mode), whether
 * vfio's unsafe no-IOMMU mode is on, interrupt remapping, whether vfio and vfio-pci are loaded
 * or can be loaded (modules.dep of the running kernel), every SR-IOV PF whose VFs cannot be
 * created (no driver, or 0 VFs allowed by the firmware), and the IOMMU group of every VF bound
 * to vfio-pci (viable or not).
 *
 * Interrupt remapping is read from the Intel IOMMU's capability register (ecap bit 3, in
 * /sys/class/iommu/dmarN/intel-iommu/ecap) and the command line (intremap=off, nointremap);
 * whether the kernel did enable it is only in its log, and other IOMMUs do not show it in
 * sysfs (a warning says so). A PF's driver that has no SR-IOV support shows only when VFs are
 * created (-ENOENT): that is not found here.
 *
 * Returns 0 (findings of any severity are a successful check); -ENOMEM; another -errno when
 * sysfs cannot be read at all.
 */
int sriov_host_check(struct sriov_ctx *ctx, struct sriov_check_report **ret);
struct sriov_check_report *sriov_check_report_ref(struct sriov_check_report *report);
struct sriov_check_report *sriov_check_report_unref(struct sriov_check_report *report);
size_t sriov_check_report_get_count(const struct sriov_check_report *report);
/** sriov_check_report_get_worst() - the highest severity of the findings (OK when none). */
enum sriov_check_severity sriov_check_report_get_worst(const struct sriov_check_report *report);
/* Finding @index: out of range gives SRIOV_CHECK_OK and NULL strings. */
enum sriov_check_severity sriov_check_report_get_severity(const struct sriov_check_report *report,
                                                          size_t index);
/** sriov_check_report_get_id() - a short stable name of the finding, "iommu-off". */
const char *sriov_check_report_get_id(const struct sriov_check_report *report, size_t index);
/**
 * sriov_check_report_get_object() - what the finding is about: "iommu",
 * "interrupt-remapping", "vfio", "vfio-pci", or a PF's or VF's PCI address.
 */
const char *sriov_check_report_get_object(const struct sriov_check_report *report, size_t index);
/** sriov_check_report_get_message() - one sentence for a person, naming the object. */
const char *sriov_check_report_get_message(const struct sriov_check_report *report, size_t index);
/** sriov_check_report_get_remedy() - what to do about it, or NULL for an OK finding. */
const char *sriov_check_report_get_remedy(const struct sriov_check_report *report, size_t index);

/* ---- VF settings over rtnetlink --------------------------------------------------------------- */

/* Which fields of struct sriov_vf_config are set (to apply) or known (when read). */
#define SRIOV_VF_CONFIG_MAC (1u << 0)
#define SRIOV_VF_CONFIG_VLAN (1u << 1)
#define SRIOV_VF_CONFIG_QOS (1u << 2)
#define SRIOV_VF_CONFIG_VLAN_PROTO (1u << 3)
#define SRIOV_VF_CONFIG_MIN_TX_RATE (1u << 4)
#define SRIOV_VF_CONFIG_MAX_TX_RATE (1u << 5)
#define SRIOV_VF_CONFIG_SPOOFCHK (1u << 6)
#define SRIOV_VF_CONFIG_TRUST (1u << 7)
#define SRIOV_VF_CONFIG_LINK_STATE (1u << 8)
#define SRIOV_VF_CONFIG_QUERY_RSS (1u << 9)
#define SRIOV_VF_CONFIG_ALL ((1u << 10) - 1)

/* The kernel's IFLA_VF_LINK_STATE_* values. */
enum sriov_link_state {
        SRIOV_LINK_STATE_AUTO = 0,
        SRIOV_LINK_STATE_ENABLE = 1,
        SRIOV_LINK_STATE_DISABLE = 2,
};

#define SRIOV_VLAN_PROTO_8021Q 0x8100
#define SRIOV_VLAN_PROTO_8021AD 0x88a8

/**
 * struct sriov_vf_config - a VF's settings, as the PF driver keeps them.
 * @mask: SRIOV_VF_CONFIG_* bits: the fields that are set. Fields outside it are ignored.
 *        QOS and VLAN_PROTO go with VLAN: the kernel sets the three together.
 * @mac: the VF's MAC address; all zero clears it on drivers that allow that.
 * @vlan: VLAN ID 0-4095 the PF tags the VF's traffic with; 0 for none.
 * @qos: 802.1p priority 0-7 of that tag.
 * @vlan_proto: SRIOV_VLAN_PROTO_8021Q or SRIOV_VLAN_PROTO_8021AD.
 * @min_tx_rate, @max_tx_rate: transmit rate limits in Mbit/s; 0 for none.
 * @spoofchk: whether the PF drops frames with a source MAC other than the VF's.
 * @trust: whether the VF may change its MAC, enter promiscuous mode and so on.
 * @link_state: what the VF sees of the link.
 * @query_rss: whether the VF may query the PF's RSS configuration.
 * @reserved: zero; room for fields of later versions.
 */
struct sriov_vf_config {
        uint32_t mask;
        uint8_t mac[6];
        uint16_t vlan;
        uint8_t qos;
        uint16_t vlan_proto;
        uint32_t min_tx_rate;
        uint32_t max_tx_rate;
        bool spoofchk;
        bool trust;
        bool query_rss;
        enum sriov_link_state link_state;
        uint32_t reserved[8];
};

/* struct sriov_vf_stats - a VF's traffic counters as the PF driver reports them. */
struct sriov_vf_stats {
        uint64_t rx_packets, tx_packets;
        uint64_t rx_bytes, tx_bytes;
        uint64_t broadcast, multicast;
        uint64_t rx_dropped, tx_dropped;
};

/**
 * sriov_vf_get_config() - the VF's settings as the PF driver reports them over rtnetlink.
 * @ret: receives them; @ret->mask holds the fields the driver reported (a driver that does
 *       not report spoofchk, trust or query_rss leaves their bits clear).
 *
 * The PF's VF list is read once (one RTM_GETLINK) and kept with the PF, like the other
 * snapshots; sriov_pf_set_vf_configs() refreshes it. When the kernel's answer was cut short
 * (its VF list holds fewer entries than IFLA_NUM_VF says: its 16-bit length wraps past 334
 * VFs), a VF left out of it cannot be read at all, and sriov_pf_get_vf_info_truncated() says
 * the list was cut. A VF the driver skipped in a whole list reports an empty mask.
 *
 * Returns 0; -ENODATA for a VF left out of a list cut short (the message says how many it
 * holds); -ENODEV when the PF has no netdev, or its ifindex names another netdev by now;
 * another -errno from netlink.
 */
int sriov_vf_get_config(struct sriov_vf *vf, struct sriov_vf_config *ret);

/**
 * sriov_vf_get_stats() - the VF's counters. Asks the kernel each time (RTM_GETLINK with stats).
 *
 * Only some PF drivers implement ndo_get_vf_stats (Linux 6.1: mlx5_core, mlx4_core, ice, i40e,
 * ixgbe, fm10k, ionic, LiquidIO); for the others (igb, netdevsim, ...) the kernel sends counters filled with
 * zeros, which are not counts: the library does not ask, and says so.
 * Returns 0; -EOPNOTSUPP when the PF driver reports none, or the kernel sent none for this VF;
 * -EMSGSIZE when the kernel's list with counters was cut short before this VF (past about 220
 * VFs); another -errno.
 */
int sriov_vf_get_stats(struct sriov_vf *vf, struct sriov_vf_stats *ret);

/**
 * sriov_pf_get_vf_stats() - the counters of VFs 0..@n-1 of @pf from one RTM_GETLINK with
 * counters: what sriov_vf_get_stats() gives each, for a listing of them all at the cost of one
 * request (since 0.6).
 * @ret: an array of @n, filled where @have says.
 * @have: an array of @n: true where @ret holds that VF's counters, false where the answer has
 *        none for it (past a list cut short, which with counters happens earlier: about 220
 *        VFs; or a VF the driver skipped).
 *
 * Returns how many VFs the kernel's list held; -EOPNOTSUPP, without asking, for a PF driver
 * without VF counters (as sriov_vf_get_stats() says); -EINVAL; -ENODEV as
 * sriov_vf_get_config(); another -errno from netlink.
 */
int sriov_pf_get_vf_stats(struct sriov_pf *pf, struct sriov_vf_stats *ret, bool *have,
                          unsigned int n);

/**
 * sriov_vf_get_netdev_stats() - the counters of the VF's own netdev (sriov_vf_get_ifname()),
 * as its host driver (igbvf, iavf, mlx5_core) keeps them in sysfs (statistics/), read each
 * time: for a VF whose PF driver reports none. A netdev counts no broadcast packets apart:
 * @ret->broadcast is 0 and is not a count (since 0.6).
 * Returns 0; -ENODEV when the VF has no netdev here (on vfio-pci, or moved to another network
 * namespace); -EOPNOTSUPP for a netdevsim VF; another -errno.
 */
int sriov_vf_get_netdev_stats(struct sriov_vf *vf, struct sriov_vf_stats *ret);

/**
 * sriov_pf_get_vf_info_truncated() - 1 when the kernel's VF list was cut short, else 0; a
 * negative errno when it cannot be read.
 */
int sriov_pf_get_vf_info_truncated(struct sriov_pf *pf);

/**
 * sriov_pf_get_permanent_mac() - the MAC address burned into @pf's network port.
 * @mac: receives the 6 bytes.
 *
 * The permanent address, which stays when the netdev's MAC is changed, as the kernel reports
 * it over rtnetlink (IFLA_PERM_ADDRESS; `ip link` shows it as permaddr once the MAC was
 * changed). It comes from the same kept RTM_GETLINK answer as the VF list (see
 * sriov_vf_get_config()): when that was read, no request is made.
 *
 * Returns 0; -ENODEV when the PF has no netdev; -ENODATA when the kernel reports none: before
 * Linux 5.6, a driver that set none (all zero), or a link whose address is not 6 bytes
 * (InfiniBand); another -errno from netlink.
 */
int sriov_pf_get_permanent_mac(struct sriov_pf *pf, uint8_t mac[6]);

/**
 * sriov_pf_set_vf_configs() - apply settings to several VFs of @pf in one RTM_SETLINK.
 * @indexes, @configs: @n pairs: VF @indexes[i] gets @configs[i]; an index at most once.
 * @flags: SRIOV_DRY_RUN to stop before sending; SRIOV_FORCE to change VFs leased to another
 *         holder (only the VFs whose settings differ are checked).
 * @changes: NULL, or @n entries that receive what differs from the current state: the mask
 *           holds the fields that are sent, or would be with SRIOV_DRY_RUN, with their new
 *           values. A field the driver does not report counts as differing.
 *
 * Every value is validated before anything is sent (VLAN 0-4095, QoS 0-7, 802.1Q or 802.1ad,
 * min_tx_rate not above a non-zero max_tx_rate, a known link state, a MAC that is not
 * multicast, an index below num_vfs). The current state is read, and only fields that differ
 * from it are sent; a VLAN or rate field travels with the rest of its group, which keeps its
 * current value. The VFs go in one request (several only past about 490 VFs, where one
 * attribute's 64 KiB run out), and the kernel applies them in the order given.
 *
 * The result is read back and checked. A VF the kernel's answer does not list (its VF list
 * holds at most about 330 entries) cannot be read back: its settings are sent and acked, and
 * a LOG_WARNING names it as not verified. When the kernel refuses a field part-way, or the
 * driver acks a value but reports another afterwards, every field this call changed is put
 * back (and read back again), so nothing of a failed call stays applied; the message names
 * the VF, the field, the value, the PF's driver and the kernel's reason (with its extended
 * ack message when there is one), and what was put back. @pf's kept VF list is then the
 * state as last read.
 *
 * Returns 0; -EINVAL for a bad value or index; -EIO when the driver ignored a value; -ENODEV
 * when the PF has no netdev; -EBUSY when a VF to change is leased; the kernel's -errno.
 */
int sriov_pf_set_vf_configs(struct sriov_pf *pf, const unsigned int *indexes,
                            const struct sriov_vf_config *configs, size_t n, unsigned int flags,
                            struct sriov_vf_config *changes);

/** sriov_vf_set_config() - sriov_pf_set_vf_configs() for one VF. */
int sriov_vf_set_config(struct sriov_vf *vf, const struct sriov_vf_config *config,
                        unsigned int flags, struct sriov_vf_config *change);

/**
 * sriov_vf_config_diff() - the fields on which @a and @b disagree: the SRIOV_VF_CONFIG_* bits
 * set in both masks whose values differ, by the rules sriov_pf_set_vf_configs() decides what
 * to send with (a MAC compares all 6 bytes). A field set in only one of them is not compared.
 * Returns 0 when they agree, or when @a or @b is NULL.
 */
uint32_t sriov_vf_config_diff(const struct sriov_vf_config *a, const struct sriov_vf_config *b);

/* ---- Switchdev: the PF's embedded switch, VF ports and rates over devlink ---------------------- */

/* The kernel's DEVLINK_ESWITCH_MODE_* values. */
enum sriov_eswitch_mode {
        SRIOV_ESWITCH_MODE_LEGACY = 0,    /* VFs switched by the NIC as rtnetlink sets them */
        SRIOV_ESWITCH_MODE_SWITCHDEV = 1, /* each VF a switch port with a representor netdev */
};

/* The kernel's DEVLINK_ESWITCH_INLINE_MODE_*: how much of a packet the VF passes the NIC. */
enum sriov_eswitch_inline_mode {
        SRIOV_ESWITCH_INLINE_NONE = 0,
        SRIOV_ESWITCH_INLINE_LINK = 1,
        SRIOV_ESWITCH_INLINE_NETWORK = 2,
        SRIOV_ESWITCH_INLINE_TRANSPORT = 3,
};

/* The kernel's DEVLINK_ESWITCH_ENCAP_MODE_*: whether the eswitch offloads tunnels. */
enum sriov_eswitch_encap_mode {
        SRIOV_ESWITCH_ENCAP_NONE = 0,
        SRIOV_ESWITCH_ENCAP_BASIC = 1,
};

/* Which fields of struct sriov_eswitch are set (to apply) or known (when read). */
#define SRIOV_ESWITCH_MODE (1u << 0)
#define SRIOV_ESWITCH_INLINE_MODE (1u << 1)
#define SRIOV_ESWITCH_ENCAP_MODE (1u << 2)

/**
 * struct sriov_eswitch - a PF's eswitch, as `devlink dev eswitch show` reports it.
 * @mask: SRIOV_ESWITCH_* bits: the fields that are set; a driver reports only what it has.
 * @reserved: zero; room for fields of later versions.
 */
struct sriov_eswitch {
        uint32_t mask;
        enum sriov_eswitch_mode mode;
        enum sriov_eswitch_inline_mode inline_mode;
        enum sriov_eswitch_encap_mode encap_mode;
        uint32_t reserved[4];
};

/**
 * sriov_pf_get_devlink_handle() - @pf's devlink name: "pci/0000:01:00.0", or
 * "netdevsim/netdevsim10" for a netdevsim PF; the same whether or not its driver has devlink.
 */
const char *sriov_pf_get_devlink_handle(const struct sriov_pf *pf);

/**
 * sriov_pf_get_eswitch() - @pf's eswitch mode, and its inline and encap modes where the
 * driver has them. Asks the kernel each time (DEVLINK_CMD_ESWITCH_GET).
 * Returns 0; -EOPNOTSUPP when the PF's driver has no devlink eswitch (igb; the message names
 * the driver); another -errno.
 */
int sriov_pf_get_eswitch(struct sriov_pf *pf, struct sriov_eswitch *ret);

/**
 * sriov_pf_set_eswitch() - change the fields of @want->mask that differ from what the kernel
 * reports now.
 * @flags: SRIOV_DRY_RUN to check and stop; SRIOV_FORCE to change the mode while VFs are in
 *         use or leased to another holder.
 *
 * A mode change takes the VFs' switch ports away or makes them (representors come and go),
 * so it is refused while a VF is in use (see sriov_vf_is_in_use()) or leased, unless forced,
 * and always while a process holds a VF through VFIO. The fields are set one at a time, the
 * mode first (drivers accept an inline or encap mode only in the mode they go with), and read
 * back; when one is refused or not taken, the ones already changed are put back, and the
 * message names the PF, the field, the value, the driver and the kernel's reason.
 * Returns 1 when something changed (or would, with SRIOV_DRY_RUN), 0 when all was as asked;
 * -EINVAL for a bad value; -EOPNOTSUPP as for sriov_pf_get_eswitch(); -EBUSY; -EIO when the
 * driver acked a value it does not report; another -errno.
 */
int sriov_pf_set_eswitch(struct sriov_pf *pf, const struct sriov_eswitch *want,
                         unsigned int flags);

/**
 * sriov_eswitch_value_to_string() - the devlink(8) word for @value of field @field (one of
 * SRIOV_ESWITCH_*): "legacy", "switchdev"; "none", "link", "network", "transport"; "none",
 * "basic". NULL for a value this library does not know.
 */
const char *sriov_eswitch_value_to_string(uint32_t field, int value);
/**
 * sriov_eswitch_value_from_string() - the value of devlink(8)'s word @s for @field; -EINVAL
 * for a word that is none of them.
 */
int sriov_eswitch_value_from_string(uint32_t field, const char *s);

/* The kernel's DEVLINK_PORT_FN_STATE_* and _OPSTATE_* values. */
enum sriov_port_state {
        SRIOV_PORT_STATE_INACTIVE = 0,
        SRIOV_PORT_STATE_ACTIVE = 1,
};
enum sriov_port_opstate {
        SRIOV_PORT_OPSTATE_DETACHED = 0,
        SRIOV_PORT_OPSTATE_ATTACHED = 1,
};

/* Which port function fields of struct sriov_vf_port are set (to apply) or known (read). */
#define SRIOV_VF_PORT_HW_ADDR (1u << 0)
#define SRIOV_VF_PORT_STATE (1u << 1)
#define SRIOV_VF_PORT_OPSTATE (1u << 2) /* read only */
#define SRIOV_VF_PORT_ROCE (1u << 3)
#define SRIOV_VF_PORT_MIGRATABLE (1u << 4)

/**
 * struct sriov_vf_port - a VF's devlink port in switchdev mode, and the port function the
 * eswitch manager sets for the VF (`devlink port show` and `devlink port function`).
 * @index: the port's index: "netdevsim/netdevsim10/129" is port 129.
 * @representor: the representor netdev through which the host (OVS, TC) reaches the VF;
 *               "" when the port has none.
 * @representor_ifindex: its ifindex, 0 when none.
 * @mask: SRIOV_VF_PORT_* bits: the function fields the driver reported (or that are set).
 * @hw_addr: the MAC the VF gets; @state, @opstate; @roce, @migratable: its capabilities.
 * @reserved: zero; room for fields of later versions.
 */
struct sriov_vf_port {
        unsigned int index;
        char representor[16];
        int representor_ifindex;
        uint32_t mask;
        uint8_t hw_addr[6];
        enum sriov_port_state state;
        enum sriov_port_opstate opstate;
        bool roce;
        bool migratable;
        uint32_t reserved[4];
};

/**
 * sriov_vf_get_port() - @vf's devlink port. The PF's ports are asked for once (one dump,
 * whatever the count) and kept with the PF, like its VF list; a change through this library
 * refreshes them.
 * Returns 0; -ENOENT when the VF has no port (the eswitch is in legacy mode); -EOPNOTSUPP
 * when the PF's driver has no devlink; another -errno.
 */
int sriov_vf_get_port(struct sriov_vf *vf, struct sriov_vf_port *ret);

/**
 * sriov_vf_set_port_function() - set the fields of @want->mask (HW_ADDR, STATE, ROCE,
 * MIGRATABLE) of @vf's port function, those that differ from what is reported now, in one
 * request, then read them back.
 * @flags: SRIOV_DRY_RUN; SRIOV_FORCE for a VF leased to another holder.
 * Returns 1 when something changed (or would), 0 when all was as asked; -EINVAL for a
 * multicast MAC or an unknown state; -ENOENT without a port; -EOPNOTSUPP when the driver does
 * not support the field ("not supported by DRIVER", with the kernel's reason); -EBUSY for a
 * leased VF; -EIO when the driver acked what it does not report; another -errno.
 */
int sriov_vf_set_port_function(struct sriov_vf *vf, const struct sriov_vf_port *want,
                               unsigned int flags);

/* Which fields of struct sriov_rate are set (to apply) or known (when read). */
#define SRIOV_RATE_TX_SHARE (1u << 0)
#define SRIOV_RATE_TX_MAX (1u << 1)
#define SRIOV_RATE_PARENT (1u << 2)

/* Rate node names, with their terminating NUL. */
#define SRIOV_RATE_NAME_MAX 64

/**
 * struct sriov_rate - a devlink rate object: a VF's leaf, or a node (a group of leaves and
 * nodes), as `devlink port function rate` shows them.
 * @mask: SRIOV_RATE_* bits.
 * @tx_share: the bandwidth guaranteed, in bytes per second (devlink's unit: 10mbit is
 *            1250000); 0 for none.
 * @tx_max: the most it may use, in bytes per second; 0 for no limit.
 * @parent: the node it belongs to; "" for none (setting "" takes it out of its node).
 * @reserved: zero; room for fields of later versions.
 */
struct sriov_rate {
        uint32_t mask;
        uint64_t tx_share;
        uint64_t tx_max;
        char parent[SRIOV_RATE_NAME_MAX];
        uint32_t reserved[4];
};

/* struct sriov_rate_node - a node's name and its rates, as sriov_pf_get_rate_nodes() lists. */
struct sriov_rate_node {
        char name[SRIOV_RATE_NAME_MAX];
        struct sriov_rate rate;
};

/**
 * sriov_vf_get_rate() - the rates of @vf's leaf. The PF's rate objects are asked for once (one
 * dump) and kept like its ports.
 * Returns 0; -ENOENT when the VF has no leaf (legacy mode); -EOPNOTSUPP as for
 * sriov_vf_get_port(); another -errno.
 */
int sriov_vf_get_rate(struct sriov_vf *vf, struct sriov_rate *ret);

/**
 * sriov_vf_set_rate() - set the fields of @want->mask of @vf's leaf that differ from what is
 * reported now, in one request, then read them back.
 * @flags: SRIOV_DRY_RUN; SRIOV_FORCE for a VF leased to another holder.
 * Returns 1 when something changed (or would), 0 when all was as asked; -EINVAL when tx_share
 * is above a non-zero tx_max; -ENOENT without a leaf, or for a parent node that does not
 * exist; -EOPNOTSUPP when the driver has no rates; -EBUSY for a leased VF; -EIO; the kernel's
 * -errno, with its reason in the message.
 */
int sriov_vf_set_rate(struct sriov_vf *vf, const struct sriov_rate *want, unsigned int flags);

/**
 * sriov_pf_get_rate_nodes() - @pf's rate nodes, sorted by name.
 * @ret: receives an array of @n nodes, which the caller frees with free(); NULL when none.
 * Returns 0; -EOPNOTSUPP when the PF's driver has no devlink; another -errno. A PF in legacy
 * mode has no nodes: 0 with @n 0.
 */
int sriov_pf_get_rate_nodes(struct sriov_pf *pf, struct sriov_rate_node **ret, size_t *n);

/**
 * sriov_pf_new_rate_node() - create node @name (DEVLINK_CMD_RATE_NEW) with the fields of
 * @rate->mask (may be NULL: none).
 * @flags: SRIOV_DRY_RUN.
 * Returns 0; -EEXIST when @pf has a node of that name; -EINVAL for an empty or too long name
 * or bad rates; -ENOENT for a parent that does not exist; -EOPNOTSUPP; another -errno.
 */
int sriov_pf_new_rate_node(struct sriov_pf *pf, const char *name, const struct sriov_rate *rate,
                           unsigned int flags);
/**
 * sriov_pf_set_rate_node() - set the fields of @rate->mask of node @name that differ from
 * what is reported now, then read them back.
 * Returns 1 when something changed (or would), 0 when all was as asked; -ENOENT for a node
 * that does not exist; otherwise as sriov_vf_set_rate().
 */
int sriov_pf_set_rate_node(struct sriov_pf *pf, const char *name, const struct sriov_rate *rate,
                           unsigned int flags);
/**
 * sriov_pf_del_rate_node() - delete node @name.
 * Returns 0; -ENOENT for a node that does not exist; -EBUSY while leaves or nodes belong to
 * it (the message names them); another -errno.
 */
int sriov_pf_del_rate_node(struct sriov_pf *pf, const char *name, unsigned int flags);

/* ---- Leases: handing a VF to a VMM ------------------------------------------------------------ */
/*
 * A leased VF belongs to its holder until released. Every call that would change it or remove
 * it (settings, driver, VF count, VFIO node owner) refuses with -EBUSY and a message naming the
 * holder ("leased to process 1234 (qemu-system-x86)", or "leased with no owner process
 * (cookie ...)"), unless SRIOV_FORCE. A lease's journal records its state: acquiring, held or
 * releasing, with the process doing it; one whose process died part-way is stale, and
 * sriov_lease_gc() or the next acquire of its VF finishes it by putting the VF back.
 */

struct sriov_lease;

/**
 * struct sriov_acquire_args - what sriov_vf_acquire() is asked for.
 * @pf: pick a free VF of this PF (any name sriov_pf_new_from_name() takes); NULL when @vf is set.
 * @vf: take this VF (any name sriov_vf_new_from_name() takes); NULL to pick one of @pf's.
 * @config: settings to apply to the VF (mask 0 for none).
 * @owner_pid: the process whose end frees the lease for recovery: 0 for the caller, -1 for
 *             none (the lease is held until released).
 * @flags: SRIOV_ACQUIRE_* bits.
 * @vfio_uid, @vfio_gid: with SRIOV_ACQUIRE_VFIO_OWNER, the owner and group the VF's VFIO
 *             nodes get (sriov_vf_set_vfio_owner(); (uint32_t)-1 leaves one as it is), so an
 *             unprivileged VMM can open them; zero without the flag.
 * @holder:    NULL, or who holds the lease, in the caller's words: what messages about the VF
 *             and sriov_lease_get_holder() say, and how a holder without an owner process finds
 *             its leases again ("libsriov-cni 9f86d081/net1"). One line of printable characters,
 *             1 to 255 bytes, not "-". Since 0.6 (it takes the place of reserved[0..1]).
 * @labels:    NULL, or a NULL-terminated array of at most 16 "key=value" strings the lease
 *             keeps (sriov_lease_get_label()): facts about the holder in its own terms, such as
 *             the Kubernetes pod that libsriov-cni(8) acquires for ("k8s.pod.namespace=web").
 *             A key is 1 to 63 of a-z 0-9 . _ - /, starting with a letter or digit, each key
 *             once; a value is 0 to 255 printable bytes. Since 0.6.
 * @reserved, @reserved2: zero.
 */
struct sriov_acquire_args {
        const char *pf;
        const char *vf;
        struct sriov_vf_config config;
        int owner_pid;
        uint32_t flags;
        uint32_t vfio_uid, vfio_gid;
        union {
                uint32_t reserved[5];
                struct {
                        const char *holder;
                        const char *const *labels;
                        uint32_t reserved2[(12 - sizeof(void *)) / sizeof(uint32_t)];
                };
        };
};

/* sriov_acquire_args.flags: hand the VFIO nodes to vfio_uid and vfio_gid (since 0.4). */
#define SRIOV_ACQUIRE_VFIO_OWNER (1u << 0)
/*
 * sriov_acquire_args.flags: a netdev lease (since 0.6), for a holder that uses the VF's netdev
 * (a container) rather than passing the function through. The VF stays on its network driver:
 * no vfio-pci, no IOMMU check; a VF picked from @pf is one with a netdev. The journal records
 * the netdev's name, MTU and MAC (sriov_lease_get_ifname(), _get_mtu(), _get_mac()), which the
 * holder puts back, in the host's network namespace, before it releases the lease: the library
 * cannot reach a netdev the holder moved into another namespace. Release puts back the
 * PF-side settings as for every lease. Not with SRIOV_ACQUIRE_VFIO_OWNER.
 */
#define SRIOV_ACQUIRE_NETDEV (1u << 1)
/*
 * sriov_acquire_args.flags: the VF named by @vf was assigned to the caller by whoever manages
 * the pool it is in (Kubernetes' SR-IOV device plugin hands a CNI plugin the VF it allocated
 * to the pod), since 0.6. A VF bound to vfio-pci counts as in use otherwise, bound there for
 * a user; with this flag it is taken when no process holds its VFIO nodes open, and its
 * release leaves it on vfio-pci, as it was. The same for uio_pci_generic and igb_uio (DPDK's
 * userspace drivers: taken when no process holds its /dev/uioN open) and pci-stub (no node,
 * no user), which it stays on (not with SRIOV_ACQUIRE_VFIO_OWNER). Only with @vf.
 */
#define SRIOV_ACQUIRE_ASSIGNED (1u << 2)

/**
 * sriov_ctx_set_lease_dir() - where leases live (default /run/libsriov). The directory holds one
 * file per leased VF, named after its PCI address, and a lock file. It must be on a file system
 * that survives the caller's crash (tmpfs under /run does) and be shared by every process that
 * hands out VFs. Returns 0 or -ENOMEM.
 */
int sriov_ctx_set_lease_dir(struct sriov_ctx *ctx, const char *dir);
const char *sriov_ctx_get_lease_dir(const struct sriov_ctx *ctx);

/**
 * sriov_vf_acquire() - take a VF for a VMM: exclusively, crash-safe, ready to open.
 * @ret: receives the lease, with one reference.
 *
 * Under a host-wide lock: picks a free VF of @args->pf (no lease, not in use, on its host driver
 * or none) or takes @args->vf, recovering a lease whose owner has died first. It writes a journal
 * of the VF's driver and settings before changing anything, applies @args->config, binds the VF
 * to vfio-pci, checks that its IOMMU group is viable, and marks the lease held. On failure it
 * puts back what it changed and removes the lease. Of two processes racing for one VF exactly one
 * wins; the other gets -EBUSY.
 *
 * Returns 0; -EBUSY when the VF is leased or in use, or @pf has no free VF; -EINVAL for bad args;
 * another -errno from the steps (the message names the step).
 */
int sriov_vf_acquire(struct sriov_ctx *ctx, const struct sriov_acquire_args *args,
                     struct sriov_lease **ret);

/**
 * sriov_lease_new_from_vf() - the lease on a VF, to inspect or release it from another process.
 * Returns 0; -ENOENT when the VF has no lease; another -errno.
 */
int sriov_lease_new_from_vf(struct sriov_ctx *ctx, const char *vf, struct sriov_lease **ret);

/**
 * sriov_lease_release() - give the VF back: its original driver and settings, as journaled, then
 * remove the lease. The object stays valid (unref it); its getters keep their values.
 *
 * While it restores, the journal says "releasing" (a release that dies part-way is finished by
 * sriov_lease_gc()); when restoring fails the lease stays held, and releasing it again tries
 * again.
 *
 * Returns 0; 1 when a call with SRIOV_FORCE changed the VF while it was leased (it is put back
 * all the same, and a LOG_WARNING message names the process and what it did;
 * sriov_lease_get_broken_pid() tells who); -ESTALE when the lease was recovered or released
 * already; another -errno.
 */
int sriov_lease_release(struct sriov_lease *lease);

struct sriov_lease *sriov_lease_ref(struct sriov_lease *lease);
struct sriov_lease *sriov_lease_unref(struct sriov_lease *lease);

/* The hand-off: what a VMM needs to open the VF. Strings are borrowed from the lease. */
const char *sriov_lease_get_pci_address(const struct sriov_lease *lease);
const char *sriov_lease_get_pf_pci_address(const struct sriov_lease *lease);
/** sriov_lease_get_pf_ifname() - the PF's netdev, or NULL when it has none. */
const char *sriov_lease_get_pf_ifname(const struct sriov_lease *lease);
unsigned int sriov_lease_get_vf_index(const struct sriov_lease *lease);
int sriov_lease_get_iommu_group(const struct sriov_lease *lease);
/** sriov_lease_get_vfio_group_path() - "/dev/vfio/N", or NULL when the node does not exist. */
const char *sriov_lease_get_vfio_group_path(const struct sriov_lease *lease);
/** sriov_lease_get_vfio_cdev_path() - "/dev/vfio/devices/vfioX" (iommufd), or NULL. */
const char *sriov_lease_get_vfio_cdev_path(const struct sriov_lease *lease);
int sriov_lease_get_numa_node(const struct sriov_lease *lease);
/**
 * sriov_lease_get_owner_pid() - the owner process, or -1 for none: its pid as the caller's
 * /proc shows it; when the owner runs in a PID namespace the caller cannot see into, or is
 * gone, its pid in its own namespace (since 0.6: leases record the owner's PID namespace).
 */
int sriov_lease_get_owner_pid(const struct sriov_lease *lease);
/** sriov_lease_get_cookie() - 32 hex digits that tell this lease from any earlier one. */
const char *sriov_lease_get_cookie(const struct sriov_lease *lease);
/**
 * sriov_lease_is_stale() - 1 when the lease has nobody any more (its owner died, or the process
 * acquiring it died before it was held): it can be recovered. Else 0. An owner in another PID
 * namespace is found there (a VMM in a container); one that cannot be seen from the caller's
 * namespace (not below it) counts as alive: only a proven death makes a lease stale.
 */
int sriov_lease_is_stale(const struct sriov_lease *lease);
/**
 * sriov_lease_is_lost() - 1 when the lease's VF went away (since 0.6): its PCI function was
 * removed (a PF reset or driver unbind, a PCI remove), its PF's VF count no longer includes it,
 * or the device at its address now is a new one made since the lease (told apart by its sysfs
 * directory, whose inode number the lease records). Nothing is left to put back: release,
 * sriov_lease_gc() and an acquire of that address end the lease, log a LOG_NOTICE saying so,
 * and never touch a device now at its address. Else 0. Found when the lease object was made.
 * A lease journaled by a libsriov before 0.6 has no such record: it is lost only once no VF of
 * its PF is at its address, so a VF made again at its address is taken for the leased one.
 */
int sriov_lease_is_lost(const struct sriov_lease *lease);
enum sriov_lease_state {
        SRIOV_LEASE_ACQUIRING = 0, /* the VF is being handed over (or was, by a process gone) */
        SRIOV_LEASE_HELD = 1,
        SRIOV_LEASE_RELEASING = 2, /* the VF is being put back (or was, by a process gone) */
};
/** sriov_lease_get_state() - where the lease is in its life (with sriov_lease_is_stale()). */
enum sriov_lease_state sriov_lease_get_state(const struct sriov_lease *lease);
/**
 * sriov_lease_get_since() - when the lease entered its state, in seconds since the epoch: when
 * its journal was last written (acquiring, held, releasing; a change under it with SRIOV_FORCE
 * writes it too, sriov_lease_get_broken_pid()). 0 when not known (since 0.6).
 */
int64_t sriov_lease_get_since(const struct sriov_lease *lease);
/**
 * sriov_lease_get_broken_pid() - the last process that changed the VF under this lease with
 * SRIOV_FORCE, or -1 when none did.
 */
int sriov_lease_get_broken_pid(const struct sriov_lease *lease);
/**
 * sriov_lease_get_state_name() - the lease's state in one word, the first that holds: "lost"
 * (sriov_lease_is_lost()), "stale" (sriov_lease_is_stale()), "acquiring" or "releasing"
 * (sriov_lease_get_state()), "broken" (held, and sriov_lease_get_broken_pid() is a process),
 * "held". A static string; the word `sriovctl lease list` and the monitor's lease events say
 * (since 0.6).
 */
const char *sriov_lease_get_state_name(const struct sriov_lease *lease);
/**
 * sriov_lease_get_labels() - sriov_acquire_args.labels: a NULL-terminated array of "key=value"
 * strings, empty when none were given; borrowed, valid until the lease is unreferenced or
 * released (since 0.6).
 */
const char *const *sriov_lease_get_labels(const struct sriov_lease *lease);
/** sriov_lease_get_label() - the value of label @key, or NULL when the lease has none (since 0.6). */
const char *sriov_lease_get_label(const struct sriov_lease *lease, const char *key);
/** sriov_lease_get_holder() - sriov_acquire_args.holder, or NULL when none was given (since 0.6). */
const char *sriov_lease_get_holder(const struct sriov_lease *lease);
/**
 * sriov_lease_get_ifname() - for a netdev lease (SRIOV_ACQUIRE_NETDEV), the name the VF's netdev
 * had when it was leased; NULL for a VFIO lease (since 0.6).
 */
const char *sriov_lease_get_ifname(const struct sriov_lease *lease);
/** sriov_lease_get_mtu() - a netdev lease's netdev MTU when it was leased; 0 for a VFIO lease. */
unsigned int sriov_lease_get_mtu(const struct sriov_lease *lease);
/**
 * sriov_lease_get_mac() - a netdev lease's netdev MAC address when it was leased.
 * Returns 0; -ENODATA for a VFIO lease.
 */
int sriov_lease_get_mac(const struct sriov_lease *lease, uint8_t mac[6]);

/**
 * sriov_lease_list() - every lease in the lease directory, sorted by PCI address.
 * @ret: receives a NULL-terminated array of leases (one reference each); free it with
 *       sriov_lease_list_free().
 */
int sriov_lease_list(struct sriov_ctx *ctx, struct sriov_lease ***ret);
void sriov_lease_list_free(struct sriov_lease **leases);

/**
 * sriov_lease_gc() - recover every stale lease: put the VF back as journaled, remove the lease;
 * and end every lost lease (sriov_lease_is_lost()), whoever holds it, with nothing put back.
 * @recovered: NULL, or receives how many stale leases were recovered (lost ones not counted).
 */
int sriov_lease_gc(struct sriov_ctx *ctx, unsigned int *recovered);
/**
 * sriov_lease_gc_report() - sriov_lease_gc(), counting the lost leases it ended too (since 0.6).
 * @recovered: NULL, or receives how many stale leases were recovered.
 * @lost: NULL, or receives how many lost leases were ended; each is logged at LOG_NOTICE.
 */
int sriov_lease_gc_report(struct sriov_ctx *ctx, unsigned int *recovered, unsigned int *lost);

/* ---- Events: what changes under the library ------------------------------------------------------ */

/*
 * A host changes under every tool: a PF driver reloads, a PF resets and drops its VFs, another
 * tool sets a VF's VLAN, a VMM's VF goes away. A monitor watches the kernel's uevents,
 * rtnetlink's link notifications and the lease directory through one file descriptor, for the
 * caller's own poll() or epoll loop, and turns what it sees into events (since 0.6).
 *
 * The kernel says that something changed, rarely what: the monitor reads the PFs an
 * announcement touches again and compares with its last reading, so an event says what differs
 * (a VF's VLAN from 0 to 7), and a burst of announcements (a thousand VFs made) is read once.
 * Nothing is polled: while nothing happens the monitor makes no system call.
 *
 * devlink's notifications (ports, rate objects) are watched too: representors coming and
 * going, rate leaves and nodes made, changed and deleted, and the eswitch mode, which devlink
 * does not announce but whose change makes or removes the VFs' ports.
 *
 * What it cannot see, because Linux 6.1 announces nothing: a VF setting changed while the PF's
 * netdev is down (netdev_state_change() is silent then), a VF count change on netdevsim in
 * legacy mode (not a PCI device), a MAC a VF sets for itself through the PF driver's mailbox
 * (igbvf), an eswitch mode change while the PF has no VFs (no port comes or goes); and
 * settings of VFs past the kernel's VF list wrap (sriov_vf_get_config(); said once, at
 * LOG_WARNING, when a PF's list becomes cut short). Events can be lost
 * (the kernel's socket overflows, or the caller takes them too slowly): then
 * SRIOV_EVENT_RESYNC comes instead, after which what the caller reads from the host is
 * current again.
 */
enum sriov_event_type {
        SRIOV_EVENT_RESYNC = 0,     /* events were lost: read the host again */
        SRIOV_EVENT_PF_ADDED = 1,   /* a PF appeared (hotplug, PCI rescan, netdevsim) */
        SRIOV_EVENT_PF_REMOVED = 2, /* a PF went away; its VFs' VF_REMOVED came first */
        SRIOV_EVENT_PF_DRIVER = 3,  /* old and new driver (NULL for none): a reload, a reset */
        SRIOV_EVENT_PF_CARRIER = 4, /* counts: 0 or 1 (no carrier, or the netdev down; up) */
        SRIOV_EVENT_NUM_VFS = 5,    /* counts: the VF count before and after */
        SRIOV_EVENT_VF_ADDED = 6,
        SRIOV_EVENT_VF_REMOVED = 7,
        SRIOV_EVENT_VF_DRIVER = 8,  /* old and new driver, NULL for none */
        SRIOV_EVENT_VF_NETDEV = 9,  /* old and new netdev name; NULL: none (no driver with
                                     * one); a move to another namespace is VF_NETNS */
        SRIOV_EVENT_VF_CONFIG = 10, /* settings: sriov_event_get_vf_configs() */
        SRIOV_EVENT_LEASE = 11,     /* old and new lease state: "acquiring", "held",
                                     * "releasing", "broken", "stale", "lost"; NULL for no
                                     * lease */
        SRIOV_EVENT_ESWITCH_MODE = 12, /* old and new mode, "legacy" or "switchdev" (since 0.6) */
        SRIOV_EVENT_REPRESENTOR = 13,  /* the VF's old and new representor netdev, NULL for
                                        * none: made or removed with its port, or renamed */
        SRIOV_EVENT_RATE = 14,      /* a rate leaf (a VF's) or node made, changed or deleted:
                                     * its node name and rates by the getters below */
        SRIOV_EVENT_VF_NETNS = 15,  /* the VF's netdev left this network namespace (old value:
                                     * its name here, new NULL), or came back (old NULL, new
                                     * its name here); VF_NETDEV is for the other changes */
};
/* How many event types this version has; a later one may add more. */
#define SRIOV_EVENT_TYPES 16

struct sriov_monitor;
struct sriov_event;

/**
 * sriov_monitor_new() - start watching the host: its sockets are open and its first reading
 * taken when this returns, so any change after it is an event.
 * Returns 0; -errno when a socket cannot be opened (the message says which). Lease events
 * need the lease directory (sriov_ctx_set_lease_dir()); without rights to it they are left
 * out, said at LOG_INFO; so are devlink's (eswitch mode, representors, rates) on a kernel
 * without devlink or where its group cannot be joined.
 */
int sriov_monitor_new(struct sriov_ctx *ctx, struct sriov_monitor **ret);
struct sriov_monitor *sriov_monitor_ref(struct sriov_monitor *monitor);
struct sriov_monitor *sriov_monitor_unref(struct sriov_monitor *monitor);
/**
 * sriov_monitor_add_pf() - report only the events of this PF (and of others added so), by
 * what sriov_pf_new_from_name() takes. A PF that is not there now is followed by its PCI
 * address or netdevsim device name, so that it is seen when it comes back.
 * Returns 0; -ENODEV for a name that is no PF and no PF's address.
 */
int sriov_monitor_add_pf(struct sriov_monitor *monitor, const char *pf);
/**
 * sriov_monitor_set_types() - report only these types: a mask of (1ull << SRIOV_EVENT_*) bits.
 * SRIOV_EVENT_RESYNC is always reported. Returns 0; -EINVAL for a bit of no type.
 */
int sriov_monitor_set_types(struct sriov_monitor *monitor, uint64_t types);
/**
 * sriov_monitor_get_fd() - a file descriptor that polls readable (POLLIN) when
 * sriov_monitor_next() may have an event; owned by the monitor.
 */
int sriov_monitor_get_fd(const struct sriov_monitor *monitor);
/**
 * sriov_monitor_next() - the next event, without waiting.
 * @ret: receives it (one reference: sriov_event_unref()), or NULL.
 * Returns 1 with an event; 0 when there is none now (poll the fd); -errno on failure.
 */
int sriov_monitor_next(struct sriov_monitor *monitor, struct sriov_event **ret);

struct sriov_event *sriov_event_ref(struct sriov_event *event);
struct sriov_event *sriov_event_unref(struct sriov_event *event);
enum sriov_event_type sriov_event_get_type(const struct sriov_event *event);
/** sriov_event_type_to_string() - "resync", "pf-added", ..., "lease"; NULL for no type. */
const char *sriov_event_type_to_string(enum sriov_event_type type);
/** sriov_event_type_from_string() - the type of such a word, or -EINVAL. */
int sriov_event_type_from_string(const char *s);
/** sriov_event_get_timestamp() - when the monitor saw the change, in microseconds since the epoch. */
int64_t sriov_event_get_timestamp(const struct sriov_event *event);
/** sriov_event_get_pf() - the PF's name (as sriov_pf_get_name()); NULL for RESYNC. */
const char *sriov_event_get_pf(const struct sriov_event *event);
/** sriov_event_get_vf_index() - the VF's index, or -1 for an event of no VF. */
int sriov_event_get_vf_index(const struct sriov_event *event);
/** sriov_event_get_vf_pci_address() - the VF's PCI address; NULL without one (netdevsim, no VF). */
const char *sriov_event_get_vf_pci_address(const struct sriov_event *event);
/**
 * sriov_event_get_old_value(), sriov_event_get_new_value() - a driver, netdev name or lease
 * state before and after (see enum sriov_event_type), NULL for none.
 */
const char *sriov_event_get_old_value(const struct sriov_event *event);
const char *sriov_event_get_new_value(const struct sriov_event *event);
/**
 * sriov_event_get_counts() - SRIOV_EVENT_NUM_VFS's VF counts, or SRIOV_EVENT_PF_CARRIER's
 * carrier, before and after. Returns 0; -EINVAL for another type.
 */
int sriov_event_get_counts(const struct sriov_event *event, unsigned int *old, unsigned int *new);
/**
 * sriov_event_get_vf_configs() - SRIOV_EVENT_VF_CONFIG's settings before and after (either
 * may be NULL); returns the SRIOV_VF_CONFIG_* bits that changed (0 for another type).
 */
uint32_t sriov_event_get_vf_configs(const struct sriov_event *event, struct sriov_vf_config *old,
                                    struct sriov_vf_config *new);
/**
 * sriov_event_get_rate_node() - SRIOV_EVENT_RATE's node name; NULL for a VF's leaf (the event's
 * VF) and for other types.
 */
const char *sriov_event_get_rate_node(const struct sriov_event *event);
/**
 * sriov_event_get_rates() - SRIOV_EVENT_RATE's rate object before and after (either may be
 * NULL): @old->mask is 0 when it was just made, @new->mask 0 when it was deleted. Returns the
 * SRIOV_RATE_* bits that differ (every bit it has for one made or deleted); 0 for another type.
 */
uint32_t sriov_event_get_rates(const struct sriov_event *event, struct sriov_rate *old,
                               struct sriov_rate *new);

#ifdef __cplusplus
}
#endif

#endif /* LIBSRIOV_H */
