/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reading sysfs attributes relative to an open device directory. Every path goes through
 * open/openat/readlinkat, and directories are read from a descriptor openat() gave, so that
 * LD_PRELOAD fakes such as umockdev see every access (scandir, glob and nftw would bypass
 * them).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

/* Open @base/@name as a directory. Returns an fd or -errno. */
static int open_device_dir(const char *base, const char *name)
{
        char path[64 + SRIOV_PCI_ADDR_MAX];
        int fd;

        snprintf(path, sizeof(path), "%s/%s", base, name);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
}

int sysfs_open_pci_device(const char *addr)
{
        return open_device_dir(SYSFS_PCI_DEVICES, addr);
}

int sysfs_open_netdevsim_device(const char *name)
{
        return open_device_dir(SYSFS_NETDEVSIM_DEVICES, name);
}

int sysfs_read_str(int dirfd, const char *name, char *buf, size_t size)
{
        _cleanup_close_ int fd = -1;
        ssize_t n;

        if (size < 2)
                return -EINVAL;
        fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        do
                n = read(fd, buf, size - 1);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        /* An attribute that fills the buffer may have been cut: refuse rather than guess. */
        if ((size_t)n == size - 1)
                return -EOVERFLOW;
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
                n--;
        buf[n] = '\0';
        return (int)n;
}

int sysfs_read_uint(int dirfd, const char *name, unsigned int *ret)
{
        char buf[32];
        uint64_t v;
        int r = sysfs_read_str(dirfd, name, buf, sizeof(buf));

        if (r < 0)
                return r;
        r = sriov_parse_uint(buf, UINT_MAX, &v);
        if (r < 0)
                return -EINVAL;
        *ret = (unsigned int)v;
        return 0;
}

int sysfs_read_int(int dirfd, const char *name, int *ret)
{
        char buf[32];
        int64_t v;
        int r = sysfs_read_str(dirfd, name, buf, sizeof(buf));

        if (r < 0)
                return r;
        r = sriov_parse_int(buf, INT_MIN, INT_MAX, &v);
        if (r < 0)
                return -EINVAL;
        *ret = (int)v;
        return 0;
}

int sysfs_read_hex16(int dirfd, const char *name, uint16_t *ret)
{
        char buf[32];
        uint64_t v;
        int r = sysfs_read_str(dirfd, name, buf, sizeof(buf));

        if (r < 0)
                return r;
        r = sriov_parse_hex(buf, 0xffff, &v);
        if (r < 0)
                return -EINVAL;
        *ret = (uint16_t)v;
        return 0;
}

int sysfs_read_link_name(int dirfd, const char *name, char *buf, size_t size)
{
        char target[PATH_MAX];
        const char *base;
        ssize_t n = readlinkat(dirfd, name, target, sizeof(target) - 1);
        size_t len;

        if (n < 0)
                return -errno;
        target[n] = '\0';
        base = strrchr(target, '/');
        base = base ? base + 1 : target;
        len = strlen(base);
        if (len == 0 || len >= size)
                return -EOVERFLOW;
        memcpy(buf, base, len + 1);
        return (int)len;
}

int sysfs_read_iommu_group(int dirfd, const char *link, char *buf, size_t size)
{
        uint64_t n;
        int r = sysfs_read_link_name(dirfd, link, buf, size);

        if (r < 0)
                return r;
        if (sriov_parse_uint(buf, 0x7fffffff, &n) < 0)
                return -EINVAL;
        return (int)n;
}

int sysfs_write_kernel(struct sriov_ctx *ctx, int dirfd, const char *device, const char *attr,
                       const char *value)
{
        _cleanup_close_ int fd = -1;
        size_t len = strlen(value);
        ssize_t n;

        (void)ctx, (void)device;
        fd = openat(dirfd, attr, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        /* sysfs takes an attribute in one write(); the kernel's store() sees it whole. */
        do
                n = write(fd, value, len);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        if ((size_t)n != len)
                return -EIO;
        return 0;
}

int sysfs_write_attr(struct sriov_ctx *ctx, int dirfd, const char *device, const char *attr,
                     const char *value)
{
        dbg(ctx, "%s: write %s = \"%s\"", device, attr, value);
        return ctx->sysfs_write(ctx, dirfd, device, attr, value);
}

void strv_free(char **strv)
{
        if (!strv)
                return;
        for (char **s = strv; *s; s++)
                free(*s);
        free(strv);
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append a copy of @name to @v (n entries, room for cap), keeping it NULL-terminated. */
static int strv_push(char ***v, size_t *n, size_t *cap, const char *name)
{
        if (*n + 2 > *cap) {
                size_t ncap = *cap ? *cap * 2 : 8;
                char **nv = realloc(*v, ncap * sizeof(**v));

                if (!nv)
                        return -ENOMEM;
                *v = nv;
                *cap = ncap;
        }
        (*v)[*n] = strdup(name);
        if (!(*v)[*n])
                return -ENOMEM;
        (*v)[++*n] = NULL;
        return 0;
}

/*
 * getdents64() on the descriptor itself: a sysfs directory read through a DIR would cost an
 * fstat and two fcntls more per listing, and a thousand VFs list two directories each.
 */
int sysfs_list_dir(int dirfd, const char *name, char ***ret)
{
        _cleanup_close_ int fd = -1;
        char buf[8192] __attribute__((aligned(8)));
        size_t n = 0, cap = 0;
        char **v = NULL;
        ssize_t got;
        int r = 0;

        fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 && errno != ENOENT)
                return -errno;
        while (fd >= 0 && r == 0 && (got = getdents64(fd, buf, sizeof(buf))) != 0) {
                if (got < 0) {
                        r = -errno;
                        break;
                }
                for (ssize_t off = 0; off < got && r == 0;) {
                        const struct dirent64 *de = (const struct dirent64 *)(buf + off);

                        off += de->d_reclen;
                        if (de->d_name[0] != '.')
                                r = strv_push(&v, &n, &cap, de->d_name);
                }
        }
        if (r == 0 && !v && !(v = calloc(1, sizeof(*v))))
                r = -ENOMEM;
        if (r < 0) {
                strv_free(v);
                return r;
        }
        qsort(v, n, sizeof(*v), cmp_str);
        *ret = v;
        return (int)n;
}
