/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * IOMMU and VFIO pieces of fake hosts (fakesys.h builds the PCI part): IOMMU units in
 * /sys/class/iommu, group types, vfio's nodes as sysfs shows them (/sys/class/vfio/N,
 * vfio-dev/vfioX), module parameters and the kernel command line.
 *
 * /dev is never faked: umockdev treats every file under $UMOCKDEV_DIR/dev as an emulated device
 * and ends a process that opens one without its ioctl socket (measured with umockdev 0.17). The
 * library learns about nodes from sysfs instead. /proc/cmdline is faked: umockdev redirects a
 * /proc path when $UMOCKDEV_DIR/proc holds that file (measured, 0.17).
 */
#ifndef FAKEIOMMU_H
#define FAKEIOMMU_H

#include <stdbool.h>

struct fakesys;

/* Write @value (and a newline) to @path below the tree's root ("proc/cmdline"). */
void fakesys_write(struct fakesys *fs, const char *path, const char *value);
/* Make directory @path below the tree's root, with its parents. */
void fakesys_mkdir(struct fakesys *fs, const char *path);
/* Remove file or empty directory @path below the root. */
void fakesys_remove(struct fakesys *fs, const char *path);
/* An IOMMU unit @name (dmar0) in /sys/class/iommu; Intel units have @ecap (hex), others NULL. */
void fakesys_add_iommu(struct fakesys *fs, const char *name, const char *ecap);
/* A misc device, /sys/class/misc/@name ("iommu": iommufd's /dev/iommu). */
void fakesys_add_misc_device(struct fakesys *fs, const char *name);
/* The default domain type of group @group: "DMA", "DMA-FQ", "identity". */
void fakesys_set_group_type(struct fakesys *fs, int group, const char *type);
/* vfio's class device for @group (its /dev/vfio node): /sys/class/vfio/[noiommu-]N. A no-IOMMU
 * group also gets the name vfio_noiommu_group_alloc() gives it. */
void fakesys_add_vfio_group(struct fakesys *fs, int group, bool noiommu);
/* The VFIO cdev of device @addr: vfio-dev/vfio@n (kernel 6.6+). */
void fakesys_add_vfio_cdev(struct fakesys *fs, const char *addr, int n);
/* /sys/module/@module, and with @param its parameter set to @value ("Y", "N"). */
void fakesys_add_module(struct fakesys *fs, const char *module, const char *param,
                        const char *value);

/* Host shapes; each adds to @fs. */
/* VT-d on with interrupt remapping, intel_iommu=on, vfio and vfio-pci loaded. */
void shape_iommu_on(struct fakesys *fs);
/* No IOMMU (no intel_iommu=on), vfio-pci loaded, an igb PF 07:00.0 with 2 igbvf VFs, no groups. */
void shape_iommu_off(struct fakesys *fs);
/*
 * igb PF 02:00.0 with 4 VFs, for viability: VF0 (02:10.0) vfio-pci alone in group 60, with
 * cdev vfio0; VF1 (02:10.2) vfio-pci in group 61 with VF2 (02:10.4) on igbvf: not viable;
 * VF3 (02:10.6) vfio-pci in group 62 with a bridge (00:1c.0, pcieport) and a driverless
 * device (00:1f.3): viable. Groups' type DMA-FQ.
 */
void shape_vfio(struct fakesys *fs);
/* No IOMMU, vfio's unsafe no-IOMMU mode on: igb PF 08:00.0, VF0 (08:10.0) on vfio-pci in
 * no-IOMMU group 0, VF1 (08:10.2) on igbvf without a group. */
void shape_noiommu(struct fakesys *fs);

#endif
