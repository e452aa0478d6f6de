/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fake sysfs trees for the umockdev tier. The tree is laid out as the kernel lays out
 * /sys (devices under /sys/devices, links in /sys/bus/pci/devices, /sys/class/net and
 * /sys/kernel/iommu_groups, relative symlinks), and umockdev's preload library redirects the
 * library's /sys accesses into it through UMOCKDEV_DIR.
 */
#ifndef FAKESYS_H
#define FAKESYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fakesys;

/* A new empty tree in a temporary directory. */
struct fakesys *fakesys_new(void);
/* Remove the tree. */
void fakesys_free(struct fakesys *fs);
/* Forget the tree but leave it on disk (for a program that hands it to another). */
void fakesys_forget(struct fakesys *fs);
const char *fakesys_root(const struct fakesys *fs);
/* A lease directory in the tree (not under /sys), removed with it: a test's context gets it,
 * never the host's /run/libsriov. */
const char *fakesys_lease_dir(struct fakesys *fs);
/* Point umockdev (UMOCKDEV_DIR) at this tree. */
void fakesys_activate(const struct fakesys *fs);

/* A PCI function at /sys/devices/@parent/@addr; @parent like "pci0000:00/0000:00:01.0". */
void fakesys_add_pci(struct fakesys *fs, const char *parent, const char *addr, uint16_t vendor,
                     uint16_t device, int numa_node);
/* Write attribute @name of device @addr (a path below it, such as "net/eth0/address"). */
void fakesys_set_attr(struct fakesys *fs, const char *addr, const char *name, const char *value);
void fakesys_remove_attr(struct fakesys *fs, const char *addr, const char *name);
void fakesys_bind_driver(struct fakesys *fs, const char *addr, const char *driver);
/* A netdevsim device netdevsim@id at /sys/devices (bus link, driver, netdev @ifname) with
 * @num_vfs VFs, and @max_vfs in debugfs; its "address" for the other calls is its name. */
void fakesys_add_netdevsim(struct fakesys *fs, unsigned int id, const char *ifname,
                           unsigned int max_vfs, unsigned int num_vfs);
void fakesys_add_netdev(struct fakesys *fs, const char *addr, const char *ifname);
void fakesys_set_iommu_group(struct fakesys *fs, const char *addr, int group);
/* The SR-IOV capability: sriov_* attributes with no VFs and autoprobe on. */
void fakesys_add_sriov(struct fakesys *fs, const char *pf, unsigned int total_vfs,
                       uint16_t vf_device, unsigned int offset, unsigned int stride);
/*
 * Create VFs 0..@n-1 of @pf where the kernel would put them (routing ID = PF's + offset +
 * i * stride), with physfn/virtfnN links, IOMMU groups from @first_group and sriov_numvfs = @n.
 * @driver and @ifname_fmt (printf with the VF index, NULL for none) describe each VF.
 */
void fakesys_add_vfs(struct fakesys *fs, const char *pf, unsigned int n, const char *driver,
                     const char *ifname_fmt, int first_group);
/* The address of VF @index of @pf, by the same arithmetic. */
void fakesys_vf_address(struct fakesys *fs, const char *pf, unsigned int index, char out[32]);
/* Remove a device's directory and bus link, as a hot unplug would (its other links dangle). */
void fakesys_unplug(struct fakesys *fs, const char *addr);

/* Remove every VF of @pf with all links to them, and set sriov_numvfs to 0. */
void fakesys_remove_vfs(struct fakesys *fs, const char *pf);
unsigned int fakesys_read_uint(struct fakesys *fs, const char *addr, const char *name);
bool fakesys_has_driver(struct fakesys *fs, const char *addr);
/* Attribute @name of @addr without its newline into @buf; false when there is none. */
bool fakesys_read_str(struct fakesys *fs, const char *addr, const char *name, char *buf,
                      size_t size);
/* The driver bound to @addr into @buf ("" for none). */
void fakesys_driver_of(struct fakesys *fs, const char *addr, char *buf, size_t size);
bool fakesys_device_exists(struct fakesys *fs, const char *addr);
/* A loaded driver without devices: /sys/bus/pci/drivers/@driver. */
void fakesys_add_driver(struct fakesys *fs, const char *driver);
bool fakesys_driver_loaded(struct fakesys *fs, const char *driver);
/* Unbind @addr's driver, as device_release_driver() does: its netdevs go with it. */
void fakesys_unbind_driver(struct fakesys *fs, const char *addr);
/* Move @addr's netdevs into another network namespace, as `ip link set DEV netns NS` does:
 * sysfs shows a namespace its own netdevs only, so the device's net/ directory (which the
 * kernel keeps while the netdev exists anywhere) is left empty. */
void fakesys_move_netdevs_away(struct fakesys *fs, const char *addr);
/* The VF index of @vf on its PF, whose address goes to @pf; -1 when @vf is no VF. */
int fakesys_vf_index(struct fakesys *fs, const char *vf, char pf[32]);

/* The host shapes the tests use; each adds to @fs. */
void shape_igb(struct fakesys *fs);       /* igb PF 01:00.0 with 2 of 7 VFs, igbvf, netdevs */
void shape_dual_port(struct fakesys *fs); /* X710, PFs 03:00.0 and 03:00.1 in one slot */
void shape_no_driver(struct fakesys *fs); /* an 82576 PF that no driver has claimed */
void shape_plain_nic(struct fakesys *fs); /* an e1000e NIC without SR-IOV */
void shape_zero_vfs(struct fakesys *fs);
/* a ConnectX-6 Dx PF 07:00.0 in switchdev mode: its uplink eth9 and 4 VF representors */
void shape_mlx5_switchdev(struct fakesys *fs);  /* a ConnectX-5 whose firmware allows 0 VFs */
/* netdevsim10 (eni10np1, 4 of 64 VFs) and netdevsim2 (eni2np1, none of 4): no PCI at all. */
void shape_netdevsim(struct fakesys *fs);
/* Four ConnectX-6 Dx PFs with 1024 VFs each, on mlx5_core: a host at scale. */
void shape_mlx5_4x1024(struct fakesys *fs);

#endif
