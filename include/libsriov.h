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

#ifdef __cplusplus
extern "C" {
#endif

struct sriov_ctx;
struct sriov_pf;
struct sriov_pf_list;
struct sriov_vf;

/* ---- Flags of the calls that change the host ------------------------------------------------- */

/* Go ahead although a VF is in use (bound to vfio-pci or another non-default driver, or its
 * netdev is up). Without it such a change is refused with -EBUSY. */
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
 * netdev (default 30000). 0 means the default.
 */
void sriov_ctx_set_timeout(struct sriov_ctx *ctx, unsigned int msec);
unsigned int sriov_ctx_get_timeout(const struct sriov_ctx *ctx);

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

/* ---- Creating and removing VFs -------------------------------------------------------------- */

/**
 * sriov_pf_set_num_vfs() - give @pf @num_vfs VFs.
 * @flags: SRIOV_FORCE, SRIOV_DRY_RUN, SRIOV_AUTOPROBE_ON or _OFF, SRIOV_NO_WAIT.
 *
 * Checks @num_vfs against total_vfs before writing anything. Going from one non-zero count to
 * another writes 0 first, as the kernel requires; the VFs that exist before and after keep
 * their rtnetlink settings (read before, applied again after). Refuses with -EBUSY, naming
 * the VFs, when a VF that would be removed is in use, unless SRIOV_FORCE is given.
 *
 * Then waits, on udev or kernel events and at most the context's timeout, until every VF's
 * PCI device exists and, when drivers autoprobe, its driver is bound and its netdev registered
 * (and renamed, when systemd-udevd runs). On failure the previous count and settings are put
 * back. On success @pf is read again, so its getters show the new state.
 *
 * Returns 0; -ERANGE when @num_vfs is above total_vfs; -EBUSY when VFs are in use;
 * -ETIMEDOUT when the VFs were not ready in time (the message names them); -EIO when the
 * driver enabled fewer VFs than asked; another -errno from the kernel.
 */
int sriov_pf_set_num_vfs(struct sriov_pf *pf, unsigned int num_vfs, unsigned int flags);

/**
 * sriov_vf_is_in_use() - whether removing or rebinding @vf would take it from a user: it is
 * bound to vfio-pci or another driver chosen through driver_override, or its netdev is up.
 * Returns 1, 0, or a negative errno; with 1, @why (may be NULL) gets a borrowed reason.
 */
int sriov_vf_is_in_use(struct sriov_vf *vf, const char **why);

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
 * (its VF list holds fewer entries than IFLA_NUM_VF says, past about 330 VFs), VFs beyond it
 * report an empty mask and sriov_pf_get_vf_info_truncated() says so.
 *
 * Returns 0; -ENODEV when the PF has no netdev, or its ifindex names another netdev by now;
 * another -errno from netlink.
 */
int sriov_vf_get_config(struct sriov_vf *vf, struct sriov_vf_config *ret);

/**
 * sriov_vf_get_stats() - the VF's counters. Asks the kernel each time (RTM_GETLINK with stats).
 * Returns 0; -EOPNOTSUPP when the driver reports none; -EMSGSIZE when the kernel's list with
 * counters was cut short before this VF (past about 220 VFs); another -errno.
 */
int sriov_vf_get_stats(struct sriov_vf *vf, struct sriov_vf_stats *ret);

/**
 * sriov_pf_get_vf_info_truncated() - 1 when the kernel's VF list was cut short, else 0; a
 * negative errno when it cannot be read.
 */
int sriov_pf_get_vf_info_truncated(struct sriov_pf *pf);

/**
 * sriov_pf_set_vf_configs() - apply settings to several VFs of @pf in one RTM_SETLINK.
 * @indexes, @configs: @n pairs: VF @indexes[i] gets @configs[i]; an index at most once.
 * @flags: SRIOV_DRY_RUN to stop before sending (SRIOV_FORCE is accepted and changes nothing).
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
 * The result is read back and checked. When the kernel refuses a field part-way, or the
 * driver acks a value but reports another afterwards, every field this call changed is put
 * back (and read back again), so nothing of a failed call stays applied; the message names
 * the VF, the field, the value, the PF's driver and the kernel's reason (with its extended
 * ack message when there is one), and what was put back. @pf's kept VF list is then the
 * state as last read.
 *
 * Returns 0; -EINVAL for a bad value or index; -EIO when the driver ignored a value; -ENODEV
 * when the PF has no netdev; the kernel's -errno.
 */
int sriov_pf_set_vf_configs(struct sriov_pf *pf, const unsigned int *indexes,
                            const struct sriov_vf_config *configs, size_t n, unsigned int flags,
                            struct sriov_vf_config *changes);

/** sriov_vf_set_config() - sriov_pf_set_vf_configs() for one VF. */
int sriov_vf_set_config(struct sriov_vf *vf, const struct sriov_vf_config *config,
                        unsigned int flags, struct sriov_vf_config *change);

#ifdef __cplusplus
}
#endif

#endif /* LIBSRIOV_H */
