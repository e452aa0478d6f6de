/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What kind of driver a VF has, by its name; NULL is none. Shared: the CNI plugin asks it too. */
#ifndef SHARED_DRIVER_CLASS_H
#define SHARED_DRIVER_CLASS_H

#include <stdbool.h>

/* vfio-pci or one of its variant drivers (mlx5_vfio_pci, ...). */
bool sriov_driver_is_vfio(const char *driver);
/* The vfio family, pci-stub or uio: the VF is handed to user space, and has no netdev. */
bool sriov_driver_is_passthrough(const char *driver);
/* None, the vfio family or pci-stub: what every member of an IOMMU group given to VFIO needs. */
bool sriov_driver_keeps_group_viable(const char *driver);
/* A PF driver that implements ndo_get_vf_stats, so that the counters the kernel sends in
 * IFLA_VF_STATS are real: for any other it sends zeros (rtnl_fill_vfinfo()). */
bool sriov_driver_reports_vf_stats(const char *pf_driver);
/* A name that can be a PCI driver's, and so a path component under /sys/bus/pci/drivers:
 * letters, digits, - _ . and not "." or "..". */
bool sriov_driver_name_valid(const char *s);

#endif
