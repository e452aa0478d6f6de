/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* IOMMU and VFIO pieces of fake hosts (see fakeiommu.h), laid out as the kernel lays them out. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakeiommu.h"
#include "fakesys.h"

static void die(const char *what, const char *path)
{
        fprintf(stderr, "fakeiommu: %s %s: %s\n", what, path, strerror(errno));
        abort();
}

static void under_root(struct fakesys *fs, const char *path, char out[PATH_MAX])
{
        if (snprintf(out, PATH_MAX, "%s/%s", fakesys_root(fs), path) >= PATH_MAX)
                abort();
}

void fakesys_mkdir(struct fakesys *fs, const char *path)
{
        char full[PATH_MAX];

        under_root(fs, path, full);
        for (char *p = full + strlen(fakesys_root(fs)) + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(full, 0755) < 0 && errno != EEXIST)
                        die("mkdir", full);
                *p = '/';
        }
        if (mkdir(full, 0755) < 0 && errno != EEXIST)
                die("mkdir", full);
}

void fakesys_write(struct fakesys *fs, const char *path, const char *value)
{
        char full[PATH_MAX], dir[PATH_MAX];
        FILE *f;

        snprintf(dir, sizeof(dir), "%s", path);
        if (strrchr(dir, '/')) {
                *strrchr(dir, '/') = '\0';
                fakesys_mkdir(fs, dir);
        }
        under_root(fs, path, full);
        f = fopen(full, "we");
        if (!f)
                die("create", full);
        fprintf(f, "%s\n", value);
        if (fclose(f) != 0)
                die("write", full);
}

void fakesys_remove(struct fakesys *fs, const char *path)
{
        char full[PATH_MAX];

        under_root(fs, path, full);
        if (remove(full) < 0)
                die("remove", full);
}

/* /sys/class/@class/@name -> ../../devices/virtual/@class/@name, as the kernel links them. */
static void add_virtual_device(struct fakesys *fs, const char *class, const char *name)
{
        char dev[PATH_MAX], rel[PATH_MAX], link[PATH_MAX], target[PATH_MAX];

        snprintf(dev, sizeof(dev), "sys/devices/virtual/%s/%s", class, name);
        fakesys_mkdir(fs, dev);
        snprintf(rel, sizeof(rel), "sys/class/%s", class);
        fakesys_mkdir(fs, rel);
        snprintf(rel, sizeof(rel), "sys/class/%s/%s", class, name);
        under_root(fs, rel, link);
        snprintf(target, sizeof(target), "../../devices/virtual/%s/%s", class, name);
        unlink(link);
        if (symlink(target, link) < 0)
                die("symlink", link);
}

void fakesys_add_iommu(struct fakesys *fs, const char *name, const char *ecap)
{
        char path[PATH_MAX];

        add_virtual_device(fs, "iommu", name);
        if (!ecap)
                return;
        snprintf(path, sizeof(path), "sys/devices/virtual/iommu/%s/intel-iommu/ecap", name);
        fakesys_write(fs, path, ecap);
        snprintf(path, sizeof(path), "sys/devices/virtual/iommu/%s/intel-iommu/cap", name);
        fakesys_write(fs, path, "d2008c40660462");
}

void fakesys_add_misc_device(struct fakesys *fs, const char *name)
{
        add_virtual_device(fs, "misc", name);
}

void fakesys_set_group_type(struct fakesys *fs, int group, const char *type)
{
        char path[PATH_MAX];

        snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%d/type", group);
        fakesys_write(fs, path, type);
}

void fakesys_add_vfio_group(struct fakesys *fs, int group, bool noiommu)
{
        char name[32], path[PATH_MAX];

        snprintf(name, sizeof(name), "%s%d", noiommu ? "noiommu-" : "", group);
        add_virtual_device(fs, "vfio", name);
        snprintf(path, sizeof(path), "sys/devices/virtual/vfio/%s/dev", name);
        fakesys_write(fs, path, "243:0");
        if (noiommu) {
                snprintf(path, sizeof(path), "sys/kernel/iommu_groups/%d/name", group);
                fakesys_write(fs, path, "vfio-noiommu");
        }
}

void fakesys_add_vfio_cdev(struct fakesys *fs, const char *addr, int n)
{
        char name[64];

        snprintf(name, sizeof(name), "vfio-dev/vfio%d/dev", n);
        fakesys_set_attr(fs, addr, name, "511:0");
}

void fakesys_add_module(struct fakesys *fs, const char *module, const char *param,
                        const char *value)
{
        char path[PATH_MAX];

        snprintf(path, sizeof(path), "sys/module/%s", module);
        fakesys_mkdir(fs, path);
        if (param) {
                snprintf(path, sizeof(path), "sys/module/%s/parameters/%s", module, param);
                fakesys_write(fs, path, value);
        }
}

/* vfio and vfio-pci loaded: modules, their parameters, the PCI driver. */
static void vfio_loaded(struct fakesys *fs, const char *noiommu)
{
        fakesys_add_module(fs, "vfio", "enable_unsafe_noiommu_mode", noiommu);
        fakesys_add_module(fs, "vfio_iommu_type1", "allow_unsafe_interrupts", "N");
        fakesys_add_module(fs, "vfio_pci", "enable_sriov", "N");
        fakesys_add_driver(fs, "vfio-pci");
}

void shape_iommu_on(struct fakesys *fs)
{
        /* QEMU's intel-iommu with intremap=on: ecap 0xf00f5e, IR (bit 3) set. */
        fakesys_add_iommu(fs, "dmar0", "f00f5e");
        fakesys_write(fs, "proc/cmdline",
                      "BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=/dev/sda1 ro intel_iommu=on quiet");
        vfio_loaded(fs, "N");
}

void shape_iommu_off(struct fakesys *fs)
{
        fakesys_write(fs, "proc/cmdline",
                      "BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=/dev/sda1 ro quiet");
        vfio_loaded(fs, "N");
        fakesys_add_pci(fs, "pci0000:00/0000:00:07.0", "0000:07:00.0", 0x8086, 0x10c9, 0);
        fakesys_add_sriov(fs, "0000:07:00.0", 7, 0x10ca, 128, 2);
        fakesys_bind_driver(fs, "0000:07:00.0", "igb");
        fakesys_add_netdev(fs, "0000:07:00.0", "enp7s0");
        fakesys_add_vfs(fs, "0000:07:00.0", 2, "igbvf", "enp7s0v%u", -1);
}

void shape_vfio(struct fakesys *fs)
{
        static const char *const drivers[] = { "vfio-pci", "vfio-pci", "igbvf", "vfio-pci" };
        static const int groups[] = { 60, 61, 61, 62 };
        char vf[32];

        fakesys_add_pci(fs, "pci0000:00/0000:00:02.0", "0000:02:00.0", 0x8086, 0x10c9, 0);
        fakesys_add_sriov(fs, "0000:02:00.0", 7, 0x10ca, 128, 2);
        fakesys_bind_driver(fs, "0000:02:00.0", "igb");
        fakesys_add_netdev(fs, "0000:02:00.0", "enp2s0");
        fakesys_set_iommu_group(fs, "0000:02:00.0", 59);
        fakesys_add_vfs(fs, "0000:02:00.0", 4, NULL, NULL, -1);
        for (unsigned int i = 0; i < 4; i++) {
                fakesys_vf_address(fs, "0000:02:00.0", i, vf);
                fakesys_set_iommu_group(fs, vf, groups[i]);
                fakesys_bind_driver(fs, vf, drivers[i]);
        }
        fakesys_vf_address(fs, "0000:02:00.0", 2, vf);
        fakesys_add_netdev(fs, vf, "enp2s0v2");
        /* A root port without ACS and an unclaimed function share group 62 with VF3. */
        fakesys_add_pci(fs, "pci0000:00", "0000:00:1c.0", 0x8086, 0xa110, 0);
        fakesys_set_attr(fs, "0000:00:1c.0", "class", "0x060400");
        fakesys_bind_driver(fs, "0000:00:1c.0", "pcieport");
        fakesys_set_iommu_group(fs, "0000:00:1c.0", 62);
        fakesys_add_pci(fs, "pci0000:00", "0000:00:1f.3", 0x8086, 0xa170, 0);
        fakesys_set_attr(fs, "0000:00:1f.3", "class", "0x040300");
        fakesys_set_iommu_group(fs, "0000:00:1f.3", 62);
        for (int g = 59; g <= 62; g++)
                fakesys_set_group_type(fs, g, "DMA-FQ");
        for (int g = 60; g <= 62; g++)
                fakesys_add_vfio_group(fs, g, false);
        fakesys_vf_address(fs, "0000:02:00.0", 0, vf);
        fakesys_add_vfio_cdev(fs, vf, 0);
        fakesys_vf_address(fs, "0000:02:00.0", 1, vf);
        fakesys_add_vfio_cdev(fs, vf, 1);
        fakesys_vf_address(fs, "0000:02:00.0", 3, vf);
        fakesys_add_vfio_cdev(fs, vf, 2);
}

void shape_noiommu(struct fakesys *fs)
{
        char vf[32];

        fakesys_write(fs, "proc/cmdline", "BOOT_IMAGE=/boot/vmlinuz-6.1.0-28-amd64 root=/dev/sda1 "
                                          "ro quiet vfio.enable_unsafe_noiommu_mode=1");
        vfio_loaded(fs, "Y");
        fakesys_add_pci(fs, "pci0000:00/0000:00:08.0", "0000:08:00.0", 0x8086, 0x10c9, 0);
        fakesys_add_sriov(fs, "0000:08:00.0", 7, 0x10ca, 128, 2);
        fakesys_bind_driver(fs, "0000:08:00.0", "igb");
        fakesys_add_netdev(fs, "0000:08:00.0", "enp8s0");
        fakesys_add_vfs(fs, "0000:08:00.0", 2, NULL, NULL, -1);
        fakesys_vf_address(fs, "0000:08:00.0", 0, vf);
        fakesys_bind_driver(fs, vf, "vfio-pci");
        fakesys_set_iommu_group(fs, vf, 0);
        fakesys_add_vfio_group(fs, 0, true);
        fakesys_vf_address(fs, "0000:08:00.0", 1, vf);
        fakesys_bind_driver(fs, vf, "igbvf");
        fakesys_add_netdev(fs, vf, "enp8s0v1");
}
