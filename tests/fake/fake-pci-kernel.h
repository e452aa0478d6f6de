/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A stand-in for the kernel's side of sysfs writes, for the sysfs tier: umockdev cannot make a
 * write fail or create devices, so the library's sysfs write seam calls this instead. It
 * follows drivers/pci/iov.c: sriov_numvfs above sriov_totalvfs is ERANGE, a PF without a
 * driver ENOENT, N>0 while VFs exist EBUSY, the same value a no-op, 0 removes every VF; new
 * VFs get the VF driver and a netdev when sriov_drivers_autoprobe is 1.
 *
 * Binding follows drivers/pci/pci-driver.c and drivers/base/bus.c: driver_override takes a
 * name ("\n" clears it); drivers/<drv>/unbind releases a device bound to <drv> (else ENODEV)
 * and its netdevs go; drivers_probe binds a driverless device to the driver its override
 * names, or else to the driver of its ID, a VF only while its PF autoprobes, and succeeds
 * when nothing binds; drivers/<drv>/bind binds a driverless device that <drv> matches.
 * Only drivers that exist under /sys/bus/pci/drivers (loaded) bind.
 */
#ifndef FAKE_PCI_KERNEL_H
#define FAKE_PCI_KERNEL_H

#include <stdbool.h>

#include "fakesys.h"

struct sriov_ctx;

struct fake_pci_kernel {
        struct fakesys *fs;
        const char *vf_driver;  /* bound to new VFs when autoprobe is on ("igbvf") */
        const char *ifname_fmt; /* their netdev names, with the VF index ("enp1s0v%u") */
        int first_group;        /* IOMMU group of VF 0 */
        /* On a host of several PFs, each PF's own names and groups (unused entries NULL);
         * a PF not listed gets the three above. */
        struct {
                const char *pf, *ifname_fmt;
                int first_group;
        } per_pf[4];
        /* Faults to inject. */
        const char *fail_attr;  /* a write of this attribute... */
        const char *fail_value; /* ...with this value (NULL: any) fails with fail_errno */
        int fail_errno;
        unsigned int fail_times;     /* fail only the first this many such writes; 0: all */
        unsigned int failed;
        unsigned int enable_at_most; /* a driver that enables fewer VFs than asked; 0: no cap */
        bool no_probe;               /* VFs never get a driver (for deadline tests) */
        const char *probe_refuses;   /* a driver whose probe fails: drivers_probe binds nothing */
        bool no_netdev;              /* network drivers bind but never make a netdev */
        /* Every write counts (n_writes); write fail_nth (1 = the first) fails with
         * fail_nth_errno (0: EIO; ENOMEM: the kernel out of memory) and changes nothing; after
         * write crash_nth the process gets crash_signal (0: SIGKILL, as a crash at that step
         * would leave the host; SIGTERM: as systemd stopping it). 0: never. */
        unsigned int n_writes, fail_nth, crash_nth;
        int fail_nth_errno, crash_signal;
        /* Called after @pf's sriov_numvfs changed, so a fake rtnetlink can forget the old VFs. */
        void (*numvfs_changed)(struct fake_pci_kernel *k, const char *pf, unsigned int n);
        void *data;
        /* What was written, "attr=value" separated by spaces, for assertions. */
        char writes[1024];
};

/* Route @ctx's sysfs writes to @k. */
void fake_pci_kernel_attach(struct fake_pci_kernel *k, struct sriov_ctx *ctx);

#endif
