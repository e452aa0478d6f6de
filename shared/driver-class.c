/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What kind of driver a VF has: the one place that answers it, for readiness (vf-wait.c),
 * "is it in use" (vf-in-use.c), binding (bind.c), IOMMU group viability (iommu.c) and the
 * preflight. Two lists of one thing drift apart: one once lacked vfio-pci's variant drivers.
 */
#include <string.h>

#include "driver-class.h"

bool sriov_driver_is_vfio(const char *driver)
{
        static const char variant[] = "_vfio_pci";
        size_t n = driver ? strlen(driver) : 0;

        /* vfio-pci, and its variant drivers, which name themselves <vendor>_vfio_pci:
         * mlx5_vfio_pci, hisi_acc_vfio_pci, pds_vfio_pci, virtio_vfio_pci, ... */
        return n && (strcmp(driver, "vfio-pci") == 0 ||
                     (n > sizeof(variant) - 1 && strcmp(driver + n - (sizeof(variant) - 1),
                                                        variant) == 0));
}

bool sriov_driver_is_passthrough(const char *driver)
{
        /* Drivers that hand the device to user space (uio) or hold it for one (pci-stub). */
        static const char *const others[] = { "pci-stub", "uio_pci_generic", "igb_uio", NULL };

        if (sriov_driver_is_vfio(driver))
                return true;
        for (const char *const *d = others; driver && *d; d++)
                if (strcmp(driver, *d) == 0)
                        return true;
        return false;
}

bool sriov_driver_keeps_group_viable(const char *driver)
{
        /*
         * The ones that do no DMA for the host (driver_managed_dma in the kernel). Not
         * uio_pci_generic or igb_uio: user space drives those without the IOMMU's say, and the
         * kernel refuses a group that holds one.
         */
        return !driver || sriov_driver_is_vfio(driver) || strcmp(driver, "pci-stub") == 0;
}

bool sriov_driver_reports_vf_stats(const char *pf_driver)
{
        /* The PCI drivers whose netdevs have ndo_get_vf_stats in Linux 6.1 (drivers/net; the
         * names their struct pci_driver registers). The kernel fills IFLA_VF_STATS with zeros
         * for the others (igb, netdevsim, bnxt_en, ...): only the driver tells real zeros from
         * none. */
        static const char *const with_stats[] = { "mlx5_core", "mlx4_core", "ice",
                                                  "i40e",      "ixgbe",     "fm10k",
                                                  "ionic",     "LiquidIO",  NULL };

        for (const char *const *d = with_stats; pf_driver && *d; d++)
                if (strcmp(pf_driver, *d) == 0)
                        return true;
        return false;
}

bool sriov_driver_name_valid(const char *s)
{
        size_t n = s ? strlen(s) : 0;

        if (n == 0 || n >= 64 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
                return false;
        for (const char *p = s; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
                        return false;
        return true;
}
