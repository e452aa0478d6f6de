/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whether a leased VF is still the device that was leased. A VF goes away with its PF's reset,
 * resize or driver unbind, or a PCI remove; a VF made later at the same PCI address is another
 * device, which the lease must not touch: its driver and settings are the new device's, and
 * nobody leased it. Such a lease is "lost": there is nothing to put back, only a journal to end.
 *
 * The device's identity is the inode number of its sysfs directory. sysfs (kernfs) numbers its
 * nodes cyclically, the high 32 bits counting the wraps (fs/kernfs/dir.c, __kernfs_new_node(),
 * since 5.5; the inode number is all 64 bits where ino_t has them), so a device made after
 * another never has that one's number. A journal older than version 5 did not record it: its
 * VF is lost only once its address holds no VF of its PF at its index.
 *
 * Pure sysfs reads; no error is set: the caller says what it makes of an answer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "libsriov-private.h"

int lease_dev_ino(const char *pci, uint64_t *ret)
{
        _cleanup_close_ int fd = sysfs_open_pci_device(pci);
        struct stat st;

        if (fd < 0)
                return fd;
        if (fstat(fd, &st) < 0)
                return -errno;
        *ret = (uint64_t)st.st_ino;
        return 0;
}

/* Whether VF @index of PF @pf (its sysfs directory open as @pf_fd) is at @pci. */
static int pf_has_vf_at(int pf_fd, unsigned int index, const char *pci)
{
        char link[24], at[SRIOV_PCI_ADDR_MAX];
        int r;

        snprintf(link, sizeof(link), "virtfn%u", index);
        r = sysfs_read_link_name(pf_fd, link, at, sizeof(at));
        if (r == -ENOENT)
                return 0;
        return r < 0 ? r : strcmp(at, pci) == 0;
}

int lease_vf_lost(const struct lease_journal *j, char *why, size_t size)
{
        _cleanup_close_ int fd = sysfs_open_pci_device(j->pci), pf_fd = -1;
        char physfn[SRIOV_PCI_ADDR_MAX];
        unsigned int num_vfs;
        struct stat st;
        int r;

        if (fd == -ENOENT) {
                snprintf(why, size, "its PCI function %s is gone", j->pci);
                return 1;
        }
        if (fd < 0)
                return fd;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (j->dev_ino && (uint64_t)st.st_ino != j->dev_ino) {
                snprintf(why, size,
                         "it went away, and the device at %s now is a new one (sysfs inode %llu, "
                         "not %llu)",
                         j->pci, (unsigned long long)st.st_ino, (unsigned long long)j->dev_ino);
                return 1;
        }
        r = sysfs_read_link_name(fd, "physfn", physfn, sizeof(physfn));
        if (r == -ENOENT || (r == 0 && strcmp(physfn, j->pf) != 0)) {
                snprintf(why, size, "the device at %s is no VF of PF %s any more", j->pci, j->pf);
                return 1;
        }
        if (r < 0)
                return r;
        pf_fd = sysfs_open_pci_device(j->pf);
        if (pf_fd < 0)
                return pf_fd;
        r = pf_has_vf_at(pf_fd, j->vf, j->pci);
        if (r != 0)
                return r < 0 ? r : 0;
        if (sysfs_read_uint(pf_fd, "sriov_numvfs", &num_vfs) == 0 && j->vf >= num_vfs)
                snprintf(why, size, "its PF %s's VF count (%u) no longer includes VF %u", j->pf,
                         num_vfs, j->vf);
        else
                snprintf(why, size, "VF %u of PF %s is not at %s any more", j->vf, j->pf, j->pci);
        return 1;
}
