/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mkhost SHAPE...: build a fake sysfs tree holding the named host shapes and print its root,
 * for tests that run whole programs (sriovctl, the examples) under umockdev-wrapper with
 * UMOCKDEV_DIR set to that root. The caller removes the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakeiommu.h"
#include "fakesys.h"

static const struct {
        const char *name;
        void (*build)(struct fakesys *fs);
} shapes[] = {
        { "igb", shape_igb },           { "dual-port", shape_dual_port },
        { "no-driver", shape_no_driver }, { "plain", shape_plain_nic },
        { "zero-vfs", shape_zero_vfs },   { "mlx5-4x1024", shape_mlx5_4x1024 },
        { "iommu-on", shape_iommu_on },   { "iommu-off", shape_iommu_off },
        { "vfio", shape_vfio },           { "noiommu", shape_noiommu },
        { "netdevsim", shape_netdevsim },
};

int main(int argc, char **argv)
{
        struct fakesys *fs;

        if (argc < 2) {
                fprintf(stderr, "usage: mkhost SHAPE...\n");
                return 2;
        }
        fs = fakesys_new();
        for (int i = 1; i < argc; i++) {
                size_t k = 0;

                while (k < sizeof(shapes) / sizeof(shapes[0]) && strcmp(shapes[k].name, argv[i]))
                        k++;
                if (k == sizeof(shapes) / sizeof(shapes[0])) {
                        fprintf(stderr, "mkhost: unknown shape %s\n", argv[i]);
                        fakesys_free(fs);
                        return 2;
                }
                shapes[k].build(fs);
        }
        puts(fakesys_root(fs));
        fakesys_forget(fs); /* the tree stays for the caller */
        return 0;
}
