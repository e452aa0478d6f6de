/* SPDX-License-Identifier: MIT */
/*
 * vmm-handoff: what a virtual machine monitor does with libsriov, start to end.
 *
 *   vmm-handoff PF/any|VF [hold]
 *
 * Acquire a VF (a lease owned by this process, so it is recovered if we crash), open it the
 * way a VMM does through VFIO (group, container, device fd), check the group is viable, print
 * the device's regions and interrupts, and release the VF, which goes back to its host driver
 * and settings. With "hold", wait to be killed once the device is open: the lease is left
 * behind for recovery (sriovctl lease gc), as after a VMM crash.
 *
 *   cc -o vmm-handoff vmm-handoff.c $(pkg-config --cflags --libs libsriov)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vfio.h>

#include <libsriov.h>

static const char *region_name(unsigned int i)
{
        static const char *const names[] = { "BAR0", "BAR1", "BAR2", "BAR3", "BAR4",
                                             "BAR5", "ROM",  "CONFIG", "VGA" };
        return i < sizeof(names) / sizeof(names[0]) ? names[i] : "extra";
}

static const char *irq_name(unsigned int i)
{
        static const char *const names[] = { "INTx", "MSI", "MSI-X", "ERR", "REQ" };
        return i < sizeof(names) / sizeof(names[0]) ? names[i] : "extra";
}

static void print_device(int device)
{
        struct vfio_device_info info = { .argsz = sizeof(info) };

        if (ioctl(device, VFIO_DEVICE_GET_INFO, &info) < 0) {
                perror("vmm-handoff: VFIO_DEVICE_GET_INFO");
                return;
        }
        printf("device: flags 0x%x%s, %u regions, %u irqs\n", info.flags,
               info.flags & VFIO_DEVICE_FLAGS_PCI ? " (PCI)" : "", info.num_regions,
               info.num_irqs);
        for (unsigned int i = 0; i < info.num_regions; i++) {
                struct vfio_region_info r = { .argsz = sizeof(r), .index = i };

                if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &r) < 0 || r.size == 0)
                        continue;
                printf("  region %u %-6s size 0x%llx offset 0x%llx%s%s%s\n", i, region_name(i),
                       (unsigned long long)r.size, (unsigned long long)r.offset,
                       r.flags & VFIO_REGION_INFO_FLAG_READ ? " read" : "",
                       r.flags & VFIO_REGION_INFO_FLAG_WRITE ? " write" : "",
                       r.flags & VFIO_REGION_INFO_FLAG_MMAP ? " mmap" : "");
        }
        for (unsigned int i = 0; i < info.num_irqs; i++) {
                struct vfio_irq_info q = { .argsz = sizeof(q), .index = i };

                if (ioctl(device, VFIO_DEVICE_GET_IRQ_INFO, &q) < 0 || q.count == 0)
                        continue;
                printf("  irq    %u %-6s count %u%s\n", i, irq_name(i), q.count,
                       q.flags & VFIO_IRQ_INFO_EVENTFD ? " eventfd" : "");
        }
}

/* The legacy VFIO path: container, group, device. Returns the device fd or -1. */
static int open_through_group(const char *group_path, const char *pci, int *container, int *group)
{
        struct vfio_group_status status = { .argsz = sizeof(status) };
        int device;

        *container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
        *group = open(group_path, O_RDWR | O_CLOEXEC);
        if (*container < 0 || *group < 0) {
                fprintf(stderr, "vmm-handoff: open %s: %s\n", *group < 0 ? group_path : "/dev/vfio/vfio",
                        strerror(errno));
                return -1;
        }
        if (ioctl(*group, VFIO_GROUP_GET_STATUS, &status) < 0) {
                perror("vmm-handoff: VFIO_GROUP_GET_STATUS");
                return -1;
        }
        printf("group %s: %s\n", group_path,
               status.flags & VFIO_GROUP_FLAGS_VIABLE ? "viable" : "NOT viable");
        if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
                return -1;
        if (ioctl(*group, VFIO_GROUP_SET_CONTAINER, container) < 0 ||
            ioctl(*container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0) {
                perror("vmm-handoff: attach the group to a type1v2 container");
                return -1;
        }
        device = ioctl(*group, VFIO_GROUP_GET_DEVICE_FD, pci);
        if (device < 0)
                perror("vmm-handoff: VFIO_GROUP_GET_DEVICE_FD");
        return device;
}

int main(int argc, char **argv)
{
        struct sriov_acquire_args args = { .owner_pid = 0 };
        struct sriov_ctx *ctx = NULL;
        struct sriov_lease *lease = NULL;
        char pf[64];
        const char *slash;
        int container = -1, group = -1, device = -1, status = 1;

        if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "hold") != 0)) {
                fprintf(stderr, "usage: vmm-handoff PF/any|VF [hold]\n");
                return 2;
        }
        slash = strrchr(argv[1], '/');
        if (slash && strcmp(slash, "/any") == 0 && (size_t)(slash - argv[1]) < sizeof(pf)) {
                snprintf(pf, sizeof(pf), "%.*s", (int)(slash - argv[1]), argv[1]);
                args.pf = pf;
        } else {
                args.vf = argv[1];
        }
        if (sriov_ctx_new(&ctx) < 0)
                return 1;
        if (sriov_vf_acquire(ctx, &args, &lease) < 0) {
                fprintf(stderr, "vmm-handoff: %s\n", sriov_ctx_get_error(ctx));
                goto out;
        }
        printf("acquired VF %s (%s/%u), IOMMU group %d, NUMA node %d, lease %s\n",
               sriov_lease_get_pci_address(lease),
               sriov_lease_get_pf_ifname(lease) ? sriov_lease_get_pf_ifname(lease)
                                                : sriov_lease_get_pf_pci_address(lease),
               sriov_lease_get_vf_index(lease), sriov_lease_get_iommu_group(lease),
               sriov_lease_get_numa_node(lease), sriov_lease_get_cookie(lease));
        if (!sriov_lease_get_vfio_group_path(lease)) {
                fprintf(stderr, "vmm-handoff: VF %s has no VFIO group node\n",
                        sriov_lease_get_pci_address(lease));
                goto release;
        }
        device = open_through_group(sriov_lease_get_vfio_group_path(lease),
                                    sriov_lease_get_pci_address(lease), &container, &group);
        if (device >= 0) {
                print_device(device);
                status = 0;
        }
        if (argc == 3) {
                printf("holding VF %s; waiting for a signal\n", sriov_lease_get_pci_address(lease));
                fflush(stdout);
                pause();
        }
release:
        if (device >= 0)
                close(device);
        if (group >= 0)
                close(group);
        if (container >= 0)
                close(container);
        if (sriov_lease_release(lease) < 0) {
                fprintf(stderr, "vmm-handoff: %s\n", sriov_ctx_get_error(ctx));
                status = 1;
        } else {
                printf("released VF %s\n", sriov_lease_get_pci_address(lease));
        }
out:
        sriov_lease_unref(lease);
        sriov_ctx_unref(ctx);
        return status;
}
