/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Host shapes for the sysfs tier, modelled on real machines: the IDs, VF offsets and strides
 * are the ones these NICs report (82576: offset 128 stride 2; X710: offset 16/15 stride 1).
 */
#include <stddef.h>
#include <stdio.h>

#include "fakesys.h"

void shape_igb(struct fakesys *fs)
{
        fakesys_add_pci(fs, "pci0000:00/0000:00:01.0", "0000:01:00.0", 0x8086, 0x10c9, 0);
        fakesys_add_sriov(fs, "0000:01:00.0", 7, 0x10ca, 128, 2);
        fakesys_bind_driver(fs, "0000:01:00.0", "igb");
        fakesys_add_netdev(fs, "0000:01:00.0", "enp1s0");
        fakesys_set_iommu_group(fs, "0000:01:00.0", 9);
        fakesys_add_vfs(fs, "0000:01:00.0", 2, "igbvf", "enp1s0v%u", 10);
}

void shape_dual_port(struct fakesys *fs)
{
        static const char *const ports[] = { "0000:03:00.0", "0000:03:00.1" };
        static const char *const names[] = { "enp3s0f0np0", "enp3s0f1np1" };

        for (int i = 0; i < 2; i++) {
                fakesys_add_pci(fs, "pci0000:00/0000:00:03.0", ports[i], 0x8086, 0x1572, 1);
                fakesys_add_sriov(fs, ports[i], 64, 0x154c, i == 0 ? 16 : 15, 1);
                fakesys_bind_driver(fs, ports[i], "i40e");
                fakesys_add_netdev(fs, ports[i], names[i]);
                fakesys_set_iommu_group(fs, ports[i], 20 + i);
        }
        /* Port 0 has two VFs that nothing has claimed (autoprobe was off); port 1 none. */
        fakesys_set_attr(fs, ports[0], "sriov_drivers_autoprobe", "0");
        fakesys_add_vfs(fs, ports[0], 2, NULL, NULL, 30);
}

void shape_no_driver(struct fakesys *fs)
{
        fakesys_add_pci(fs, "pci0000:00/0000:00:05.0", "0000:05:00.0", 0x8086, 0x10c9, -1);
        fakesys_add_sriov(fs, "0000:05:00.0", 7, 0x10ca, 128, 2);
        fakesys_set_iommu_group(fs, "0000:05:00.0", 40);
}

void shape_plain_nic(struct fakesys *fs)
{
        fakesys_add_pci(fs, "pci0000:00", "0000:00:19.0", 0x8086, 0x15bb, -1);
        fakesys_bind_driver(fs, "0000:00:19.0", "e1000e");
        fakesys_add_netdev(fs, "0000:00:19.0", "eno1");
        fakesys_set_iommu_group(fs, "0000:00:19.0", 5);
}

void shape_netdevsim(struct fakesys *fs)
{
        fakesys_add_netdevsim(fs, 10, "eni10np1", 64, 4);
        fakesys_add_netdevsim(fs, 2, "eni2np1", 4, 0);
}

void shape_mlx5_switchdev(struct fakesys *fs)
{
        /* As the kernel names them without udev: the uplink first (eth9, port p0), then one
         * representor per VF (eth10..eth13, ports pf0vf0..pf0vf3), which sort before it. */
        fakesys_add_pci(fs, "pci0000:00/0000:00:07.0", "0000:07:00.0", 0x15b3, 0x101d, 0);
        fakesys_add_sriov(fs, "0000:07:00.0", 8, 0x101e, 2, 1);
        fakesys_bind_driver(fs, "0000:07:00.0", "mlx5_core");
        fakesys_add_netdev(fs, "0000:07:00.0", "eth9");
        fakesys_set_attr(fs, "0000:07:00.0", "net/eth9/phys_port_name", "p0\n");
        for (unsigned int i = 0; i < 4; i++) {
                char ifname[16], attr[64], port[16];

                snprintf(ifname, sizeof(ifname), "eth%u", 10 + i);
                fakesys_add_netdev(fs, "0000:07:00.0", ifname);
                snprintf(attr, sizeof(attr), "net/%s/phys_port_name", ifname);
                snprintf(port, sizeof(port), "pf0vf%u\n", i);
                fakesys_set_attr(fs, "0000:07:00.0", attr, port);
        }
        fakesys_add_vfs(fs, "0000:07:00.0", 4, NULL, NULL, 70);
}

void shape_zero_vfs(struct fakesys *fs)
{
        fakesys_add_pci(fs, "pci0000:00/0000:00:06.0", "0000:06:00.0", 0x15b3, 0x1017, 0);
        fakesys_add_sriov(fs, "0000:06:00.0", 0, 0x1018, 1, 1);
        fakesys_bind_driver(fs, "0000:06:00.0", "mlx5_core");
        fakesys_add_netdev(fs, "0000:06:00.0", "enp6s0f0np0");
}

void shape_mlx5_4x1024(struct fakesys *fs)
{
        /* Each PF on a bus of its own, so that its 1024 VFs (offset 8, stride 1) fit below
         * the next one. */
        static const char *const pfs[] = { "0000:81:00.0", "0000:86:00.0", "0000:8b:00.0",
                                           "0000:90:00.0" };

        for (unsigned int i = 0; i < 4; i++) {
                char parent[64], ifname[16];

                snprintf(parent, sizeof(parent), "pci0000:80/0000:80:%02x.0", i + 1);
                fakesys_add_pci(fs, parent, pfs[i], 0x15b3, 0x101d, 1);
                fakesys_add_sriov(fs, pfs[i], 1024, 0x101e, 8, 1);
                fakesys_bind_driver(fs, pfs[i], "mlx5_core");
                snprintf(ifname, sizeof(ifname), "ens%uf0np0", i + 1);
                fakesys_add_netdev(fs, pfs[i], ifname);
                fakesys_set_iommu_group(fs, pfs[i], 200 + (int)i);
                fakesys_add_vfs(fs, pfs[i], 1024, "mlx5_core", NULL, 1000 + 1024 * (int)i);
        }
}
