/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Who holds a VF through VFIO: the processes with its group node (/dev/vfio/N, or
 * /dev/vfio/noiommu-N) or its cdev (/dev/vfio/devices/vfioX) open. Taking such a VF from
 * vfio-pci, or removing it, blocks in the kernel until they let go ("Relaying device request
 * to user"), with no deadline; so it must be known before, and from outside: opening the node
 * to see whether it is busy would make the VMM's own open fail with EBUSY at that moment, and
 * misses VMMs that use the cdev. Every process's descriptors in /proc/PID/fd are looked at
 * instead, by device number (whatever path the node was opened by) and by path.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "libsriov-private.h"

/* A VFIO node of the VF: its path and device number (0 when sysfs shows none). */
struct vfio_node {
        char path[64];
        dev_t rdev;
};

/* "major:minor" from a sysfs dev attribute. */
static dev_t read_devnum(int dirfd, const char *attr)
{
        char buf[32];
        unsigned int ma, mi;

        if (sysfs_read_str(dirfd, attr, buf, sizeof(buf)) <= 0 ||
            sscanf(buf, "%u:%u", &ma, &mi) != 2)
                return 0;
        return makedev(ma, mi);
}

/* The group node and the cdev, those that exist. Returns how many. */
static int vf_vfio_nodes(struct sriov_vf *vf, struct vfio_node nodes[3])
{
        char name[32], attr[64];
        _cleanup_close_ int dirfd = -1;
        char **cdevs = NULL;
        int n = 0;

        if (vf->iommu_group >= 0) {
                for (int noiommu = 0; noiommu < 2; noiommu++) {
                        snprintf(name, sizeof(name), "%s%d", noiommu ? "noiommu-" : "",
                                 vf->iommu_group);
                        snprintf(attr, sizeof(attr), "/sys/class/vfio/%s/dev", name);
                        /* No class device, no node: vfio has not taken the group. (Read, not
                         * faccessat(): umockdev sees only what is opened.) */
                        nodes[n].rdev = read_devnum(AT_FDCWD, attr);
                        if (!nodes[n].rdev)
                                continue;
                        snprintf(nodes[n].path, sizeof(nodes[n].path), "/dev/vfio/%s", name);
                        n++;
                }
        }
        dirfd = sriov_vf_open_dir(vf);
        if (dirfd >= 0 && sysfs_list_dir(dirfd, "vfio-dev", &cdevs) >= 0) {
                for (char **c = cdevs; *c && n < 3; c++) {
                        snprintf(attr, sizeof(attr), "vfio-dev/%s/dev", *c);
                        nodes[n].rdev = read_devnum(dirfd, attr);
                        /* Before Linux 6.6 vfio-dev/vfioX has no cdev, so nothing to hold. */
                        if (!nodes[n].rdev)
                                continue;
                        snprintf(nodes[n].path, sizeof(nodes[n].path), "/dev/vfio/devices/%s", *c);
                        n++;
                }
        }
        strv_free(cdevs);
        return n;
}

static bool fd_is_node(int fddir, const char *fd, const struct vfio_node *nodes, int n)
{
        char target[256];
        struct stat st;
        ssize_t len;

        /* stat() follows the magic link to the open file itself. */
        if (fstatat(fddir, fd, &st, 0) == 0 && S_ISCHR(st.st_mode))
                for (int i = 0; i < n; i++)
                        if (nodes[i].rdev && st.st_rdev == nodes[i].rdev)
                                return true;
        len = readlinkat(fddir, fd, target, sizeof(target) - 1);
        if (len <= 0)
                return false;
        target[len] = '\0';
        for (int i = 0; i < n; i++)
                if (strcmp(target, nodes[i].path) == 0)
                        return true;
        return false;
}

static void process_comm(int procfd, const char *pid, char *buf, size_t size)
{
        char attr[300];

        snprintf(attr, sizeof(attr), "%s/comm", pid);
        /* It holds the node open as we look: a name that cannot be read is not a gone one. */
        if (sysfs_read_str(procfd, attr, buf, size) <= 0)
                snprintf(buf, size, "name unknown");
}

/* The VF's uio node (/dev/uioN, uio_pci_generic or igb_uio): 1, or 0 when it has none. */
static int vf_uio_node(struct sriov_vf *vf, struct vfio_node *node)
{
        _cleanup_close_ int dirfd = sriov_vf_open_dir(vf);
        char **uios = NULL, attr[64];
        int n = 0;

        if (dirfd >= 0 && sysfs_list_dir(dirfd, "uio", &uios) >= 0 && uios[0]) {
                snprintf(attr, sizeof(attr), "uio/%.32s/dev", uios[0]);
                node->rdev = read_devnum(dirfd, attr);
                snprintf(node->path, sizeof(node->path), "/dev/%.32s", uios[0]);
                n = node->rdev ? 1 : 0;
        }
        strv_free(uios);
        return n;
}

static int holders_of(struct sriov_vf *vf, const struct vfio_node *nodes, int n, char *text,
                      size_t size);

int vfio_holders(struct sriov_vf *vf, char *text, size_t size)
{
        struct vfio_node nodes[3];

        if (text && size)
                text[0] = '\0';
        return holders_of(vf, nodes, vf_vfio_nodes(vf, nodes), text, size);
}

int uio_holders(struct sriov_vf *vf, char *text, size_t size)
{
        struct vfio_node node;

        if (text && size)
                text[0] = '\0';
        return holders_of(vf, &node, vf_uio_node(vf, &node), text, size);
}

/* The processes that hold one of @nodes open, named in @text: how many. */
static int holders_of(struct sriov_vf *vf, const struct vfio_node *nodes, int n, char *text,
                      size_t size)
{
        struct sriov_ctx *ctx = vf->pf->ctx;
        const char *proc = ctx->proc_dir ? ctx->proc_dir : "/proc";
        _cleanup_close_ int procfd = -1;
        size_t len = 0;
        int found = 0, self = (int)getpid();
        struct dirent *de;
        DIR *dir;

        if (n == 0)
                return 0;
        procfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (procfd < 0)
                return sriov_fail(ctx, -errno, "VF %s: find who holds %s open: open %s",
                                  vf->label, nodes[0].path, proc);
        dir = fdopendir(dup(procfd));
        if (!dir)
                return sriov_fail(ctx, -errno, "VF %s: find who holds %s open: list %s",
                                  vf->label, nodes[0].path, proc);
        while ((de = readdir(dir))) {
                char path[300];
                struct dirent *fe;
                DIR *fds;
                int fddir, pid;
                bool holds = false;

                if (sscanf(de->d_name, "%d", &pid) != 1 || pid <= 0 || pid == self)
                        continue;
                snprintf(path, sizeof(path), "%s/fd", de->d_name);
                /* A process that went, or one we may not look into (not root): skipped. */
                fddir = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fddir < 0)
                        continue;
                fds = fdopendir(fddir);
                if (!fds) {
                        close(fddir);
                        continue;
                }
                while (!holds && (fe = readdir(fds)))
                        holds = fe->d_name[0] != '.' && fd_is_node(fddir, fe->d_name, nodes, n);
                closedir(fds);
                if (!holds)
                        continue;
                if (text && len < size) {
                        char comm[32];
                        int k;

                        process_comm(procfd, de->d_name, comm, sizeof(comm));
                        k = snprintf(text + len, size - len, "%sprocess %d (%s)",
                                     found ? ", " : "", pid, comm);
                        if (k > 0)
                                len += (size_t)k;
                }
                found++;
        }
        closedir(dir);
        return found;
}
