/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Builds kernel-shaped fake sysfs trees for umockdev (see fakesys.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakesys.h"

/* Room for a host of several PFs with thousands of VFs each. */
#define MAX_DEVICES 20000

struct fakesys {
        char root[PATH_MAX];
        struct {
                char addr[32];
                char devpath[256]; /* relative to root: "sys/devices/..." */
        } dev[MAX_DEVICES];
        int ndev;
        char lease_dir[PATH_MAX];
};

/* Fixture code has no error path worth having: a test that cannot build its tree must stop. */
static void die(const char *what, const char *path)
{
        fprintf(stderr, "fakesys: %s %s: %s\n", what, path, strerror(errno));
        abort();
}

static void pathf(char *out, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void pathf(char *out, const char *format, ...)
{
        va_list args;
        int n;

        va_start(args, format);
        n = vsnprintf(out, PATH_MAX, format, args);
        va_end(args);
        if (n < 0 || n >= PATH_MAX)
                abort();
}

static void mkdir_p(const char *path)
{
        char tmp[PATH_MAX];

        pathf(tmp, "%s", path);
        for (char *p = tmp + 1; *p; p++) {
                if (*p != '/')
                        continue;
                *p = '\0';
                if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
                        die("mkdir", tmp);
                *p = '/';
        }
        if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
                die("mkdir", tmp);
}

static void write_file(const char *path, const char *value)
{
        FILE *f = fopen(path, "we");

        if (!f)
                die("create", path);
        fprintf(f, "%s\n", value);
        if (fclose(f) != 0)
                die("write", path);
}

/* A symlink at @link (relative to root) pointing at @target (relative to root), made relative
 * as the kernel's are, so it resolves inside the fake tree. */
static void rel_symlink(struct fakesys *fs, const char *target, const char *link)
{
        char rel[PATH_MAX] = "", abs_link[PATH_MAX], dir[PATH_MAX];
        int depth = 0;

        for (const char *p = link; *p; p++)
                depth += *p == '/';
        for (int i = 0; i < depth; i++)
                strcat(rel, "../");
        strcat(rel, target);
        pathf(abs_link, "%s/%s", fs->root, link);
        pathf(dir, "%s", abs_link);
        *strrchr(dir, '/') = '\0';
        mkdir_p(dir);
        unlink(abs_link);
        if (symlink(rel, abs_link) < 0)
                die("symlink", abs_link);
}

static const char *devpath(struct fakesys *fs, const char *addr)
{
        for (int i = 0; i < fs->ndev; i++)
                if (strcmp(fs->dev[i].addr, addr) == 0)
                        return fs->dev[i].devpath;
        fprintf(stderr, "fakesys: no device %s\n", addr);
        abort();
}

struct fakesys *fakesys_new(void)
{
        /*
         * Shared memory: a test's child process (killed part-way on purpose) adds devices as
         * the kernel would, and the parent must know them too. Pages are only touched as
         * devices come, so the room costs nothing.
         */
        struct fakesys *fs = mmap(NULL, sizeof(*fs), PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        static const char *const dirs[] = { "sys/devices", "sys/bus/pci/devices",
                                            "sys/bus/pci/drivers", "sys/class/net",
                                            "sys/kernel/iommu_groups" };
        const char *tmp = getenv("TMPDIR");
        char path[PATH_MAX];

        if (fs == MAP_FAILED)
                abort();
        pathf(fs->root, "%s/fakesys.XXXXXX", tmp ? tmp : "/tmp");
        if (!mkdtemp(fs->root))
                die("mkdtemp", fs->root);
        for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
                pathf(path, "%s/%s", fs->root, dirs[i]);
                mkdir_p(path);
        }
        return fs;
}

static void remove_tree(int parent, const char *name)
{
        int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        DIR *d;
        struct dirent *de;

        if (fd < 0) {
                unlinkat(parent, name, 0);
                return;
        }
        d = fdopendir(fd);
        if (!d)
                abort();
        while ((de = readdir(d)))
                if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
                        remove_tree(dirfd(d), de->d_name);
        closedir(d);
        unlinkat(parent, name, AT_REMOVEDIR);
}

void fakesys_free(struct fakesys *fs)
{
        if (!fs)
                return;
        remove_tree(AT_FDCWD, fs->root);
        fakesys_forget(fs);
}

void fakesys_forget(struct fakesys *fs)
{
        if (fs)
                munmap(fs, sizeof(*fs));
}

const char *fakesys_root(const struct fakesys *fs)
{
        return fs->root;
}

const char *fakesys_lease_dir(struct fakesys *fs)
{
        pathf(fs->lease_dir, "%s/run-libsriov", fs->root);
        mkdir_p(fs->lease_dir);
        return fs->lease_dir;
}

void fakesys_activate(const struct fakesys *fs)
{
        setenv("UMOCKDEV_DIR", fs->root, 1);
}

void fakesys_set_attr(struct fakesys *fs, const char *addr, const char *name, const char *value)
{
        char path[PATH_MAX], dir[PATH_MAX];

        pathf(path, "%s/%s/%s", fs->root, devpath(fs, addr), name);
        pathf(dir, "%s", path);
        *strrchr(dir, '/') = '\0';
        mkdir_p(dir);
        write_file(path, value);
}

void fakesys_remove_attr(struct fakesys *fs, const char *addr, const char *name)
{
        char path[PATH_MAX];

        pathf(path, "%s/%s/%s", fs->root, devpath(fs, addr), name);
        if (unlink(path) < 0)
                die("unlink", path);
}

void fakesys_add_pci(struct fakesys *fs, const char *parent, const char *addr, uint16_t vendor,
                     uint16_t device, int numa_node)
{
        char path[PATH_MAX], link[PATH_MAX], v[16];

        if (fs->ndev == MAX_DEVICES)
                abort();
        snprintf(fs->dev[fs->ndev].addr, sizeof(fs->dev[0].addr), "%s", addr);
        if (snprintf(fs->dev[fs->ndev].devpath, sizeof(fs->dev[0].devpath), "sys/devices/%s/%s",
                     parent, addr) >= (int)sizeof(fs->dev[0].devpath))
                abort();
        pathf(path, "%s/%s", fs->root, fs->dev[fs->ndev].devpath);
        fs->ndev++;
        mkdir_p(path);

        snprintf(v, sizeof(v), "0x%04x", vendor);
        fakesys_set_attr(fs, addr, "vendor", v);
        snprintf(v, sizeof(v), "0x%04x", device);
        fakesys_set_attr(fs, addr, "device", v);
        fakesys_set_attr(fs, addr, "class", "0x020000");
        /* Every PCI device has one; "(null)" is how the kernel shows it unset. */
        fakesys_set_attr(fs, addr, "driver_override", "(null)");
        snprintf(v, sizeof(v), "%d", numa_node);
        fakesys_set_attr(fs, addr, "numa_node", v);
        pathf(link, "sys/bus/pci/devices/%s", addr);
        rel_symlink(fs, devpath(fs, addr), link);
}

void fakesys_add_netdevsim(struct fakesys *fs, unsigned int id, const char *ifname,
                           unsigned int max_vfs, unsigned int num_vfs)
{
        char name[32], path[PATH_MAX], link[PATH_MAX], v[16];

        if (fs->ndev == MAX_DEVICES)
                abort();
        snprintf(name, sizeof(name), "netdevsim%u", id);
        snprintf(fs->dev[fs->ndev].addr, sizeof(fs->dev[0].addr), "%s", name);
        snprintf(fs->dev[fs->ndev].devpath, sizeof(fs->dev[0].devpath), "sys/devices/%s", name);
        pathf(path, "%s/%s", fs->root, fs->dev[fs->ndev].devpath);
        fs->ndev++;
        mkdir_p(path);
        /* As the netdevsim bus shows it: sriov_numvfs, no sriov_totalvfs, no PCI ids. */
        snprintf(v, sizeof(v), "%u", num_vfs);
        fakesys_set_attr(fs, name, "sriov_numvfs", v);
        pathf(link, "%s/subsystem", devpath(fs, name));
        rel_symlink(fs, "sys/bus/netdevsim", link);
        pathf(link, "sys/bus/netdevsim/devices/%s", name);
        rel_symlink(fs, devpath(fs, name), link);
        pathf(path, "%s/sys/bus/netdevsim/drivers/netdevsim", fs->root);
        mkdir_p(path);
        pathf(link, "%s/driver", devpath(fs, name));
        rel_symlink(fs, "sys/bus/netdevsim/drivers/netdevsim", link);
        fakesys_add_netdev(fs, name, ifname);
        /* max_vfs lives in debugfs. */
        pathf(path, "%s/sys/kernel/debug/netdevsim/%s", fs->root, name);
        mkdir_p(path);
        pathf(path, "%s/sys/kernel/debug/netdevsim/%s/max_vfs", fs->root, name);
        snprintf(v, sizeof(v), "%u\n", max_vfs);
        write_file(path, v);
}

void fakesys_bind_driver(struct fakesys *fs, const char *addr, const char *driver)
{
        char drv[PATH_MAX], link[PATH_MAX];

        pathf(drv, "sys/bus/pci/drivers/%s", driver);
        pathf(link, "%s/%s", fs->root, drv);
        mkdir_p(link);
        pathf(link, "%s/driver", devpath(fs, addr));
        rel_symlink(fs, drv, link);
        pathf(link, "%s/%s", drv, addr);
        rel_symlink(fs, devpath(fs, addr), link);
}

void fakesys_add_netdev(struct fakesys *fs, const char *addr, const char *ifname)
{
        char name[PATH_MAX], target[PATH_MAX], link[PATH_MAX];

        pathf(name, "net/%s/ifindex", ifname);
        fakesys_set_attr(fs, addr, name, "2");
        pathf(name, "net/%s/operstate", ifname);
        fakesys_set_attr(fs, addr, name, "down");
        pathf(name, "net/%s/mtu", ifname);
        fakesys_set_attr(fs, addr, name, "1500");
        pathf(name, "net/%s/address", ifname);
        fakesys_set_attr(fs, addr, name, "52:54:00:12:34:56");
        pathf(target, "%s/net/%s", devpath(fs, addr), ifname);
        pathf(link, "%s/device", target);
        rel_symlink(fs, devpath(fs, addr), link);
        pathf(link, "sys/class/net/%s", ifname);
        rel_symlink(fs, target, link);
}

void fakesys_set_iommu_group(struct fakesys *fs, const char *addr, int group)
{
        char grp[PATH_MAX], link[PATH_MAX];

        pathf(grp, "sys/kernel/iommu_groups/%d", group);
        pathf(link, "%s/iommu_group", devpath(fs, addr));
        rel_symlink(fs, grp, link);
        pathf(link, "%s/devices/%s", grp, addr);
        rel_symlink(fs, devpath(fs, addr), link);
}

void fakesys_add_sriov(struct fakesys *fs, const char *pf, unsigned int total_vfs,
                       uint16_t vf_device, unsigned int offset, unsigned int stride)
{
        char v[16];

        snprintf(v, sizeof(v), "%u", total_vfs);
        fakesys_set_attr(fs, pf, "sriov_totalvfs", v);
        fakesys_set_attr(fs, pf, "sriov_numvfs", "0");
        snprintf(v, sizeof(v), "%u", offset);
        fakesys_set_attr(fs, pf, "sriov_offset", v);
        snprintf(v, sizeof(v), "%u", stride);
        fakesys_set_attr(fs, pf, "sriov_stride", v);
        /* The kernel prints sriov_vf_device as "%x", without 0x. */
        snprintf(v, sizeof(v), "%x", vf_device);
        fakesys_set_attr(fs, pf, "sriov_vf_device", v);
        fakesys_set_attr(fs, pf, "sriov_drivers_autoprobe", "1");
}

/* Read one value of attribute @name with scanf @format ("%x", "%u", "%d"). */
static void read_attr(struct fakesys *fs, const char *addr, const char *name, const char *format,
                      void *ret)
{
        char path[PATH_MAX];
        FILE *f;

        pathf(path, "%s/%s/%s", fs->root, devpath(fs, addr), name);
        f = fopen(path, "re");
        if (!f)
                die("open", path);
        if (fscanf(f, format, ret) != 1)
                abort();
        fclose(f);
}

void fakesys_vf_address(struct fakesys *fs, const char *pf, unsigned int index, char out[32])
{
        unsigned int dom, bus, dev, fn, rid, offset, stride;

        if (sscanf(pf, "%x:%x:%x.%x", &dom, &bus, &dev, &fn) != 4)
                abort();
        read_attr(fs, pf, "sriov_offset", "%u", &offset);
        read_attr(fs, pf, "sriov_stride", "%u", &stride);
        rid = (bus << 8 | dev << 3 | fn) + offset + index * stride;
        snprintf(out, 32, "%04x:%02x:%02x.%x", dom, (rid >> 8) & 0xff, (rid >> 3) & 0x1f, rid & 7);
}

void fakesys_add_vfs(struct fakesys *fs, const char *pf, unsigned int n, const char *driver,
                     const char *ifname_fmt, int first_group)
{
        char parent[PATH_MAX], link[PATH_MAX], v[16];
        const char *pf_path = devpath(fs, pf);
        unsigned int vendor, vf_device;
        int numa;

        read_attr(fs, pf, "vendor", "%x", &vendor);
        read_attr(fs, pf, "sriov_vf_device", "%x", &vf_device);
        read_attr(fs, pf, "numa_node", "%d", &numa);
        /* VFs sit beside their PF, under the same bridge. */
        pathf(parent, "%s", pf_path + strlen("sys/devices/"));
        *strrchr(parent, '/') = '\0';
        for (unsigned int i = 0; i < n; i++) {
                char vf[32], ifname[32];

                fakesys_vf_address(fs, pf, i, vf);
                fakesys_add_pci(fs, parent, vf, (uint16_t)vendor, (uint16_t)vf_device, numa);
                pathf(link, "%s/physfn", devpath(fs, vf));
                rel_symlink(fs, pf_path, link);
                pathf(link, "%s/virtfn%u", pf_path, i);
                rel_symlink(fs, devpath(fs, vf), link);
                if (first_group >= 0)
                        fakesys_set_iommu_group(fs, vf, first_group + (int)i);
                if (driver)
                        fakesys_bind_driver(fs, vf, driver);
                if (ifname_fmt) {
                        snprintf(ifname, sizeof(ifname), ifname_fmt, i);
                        fakesys_add_netdev(fs, vf, ifname);
                }
        }
        snprintf(v, sizeof(v), "%u", n);
        fakesys_set_attr(fs, pf, "sriov_numvfs", v);
}

void fakesys_unplug(struct fakesys *fs, const char *addr)
{
        char path[PATH_MAX];

        pathf(path, "%s/%s", fs->root, devpath(fs, addr));
        remove_tree(AT_FDCWD, path);
        pathf(path, "%s/sys/bus/pci/devices/%s", fs->root, addr);
        unlink(path);
}

/* Remove @name from @subdir of every entry of @dir: "@dir/<entry>/@subdir/@name". */
static void unlink_in_each(const char *dir, const char *subdir, const char *name)
{
        DIR *d = opendir(dir);
        struct dirent *de;

        while (d && (de = readdir(d))) {
                char link[PATH_MAX];

                if (de->d_name[0] == '.')
                        continue;
                pathf(link, "%s/%s%s%s/%s", dir, de->d_name, *subdir ? "/" : "", subdir, name);
                unlink(link);
        }
        if (d)
                closedir(d);
}

/* Unlink /sys/class/net/<ifname> for every netdev of @addr; the netdevs' directories stay. */
static void unlink_netdev_class_links(struct fakesys *fs, const char *addr)
{
        char path[PATH_MAX], classnet[PATH_MAX];
        DIR *d;
        struct dirent *de;

        pathf(path, "%s/%s/net", fs->root, devpath(fs, addr));
        pathf(classnet, "%s/sys/class/net", fs->root);
        d = opendir(path);
        while (d && (de = readdir(d)))
                if (de->d_name[0] != '.') {
                        char link[PATH_MAX];

                        pathf(link, "%s/%s", classnet, de->d_name);
                        unlink(link);
                }
        if (d)
                closedir(d);
}

/* Forget @addr entirely: its directory, bus, driver, group and netdev links. */
static void remove_device(struct fakesys *fs, const char *addr)
{
        char path[PATH_MAX];
        int i;

        unlink_netdev_class_links(fs, addr);
        pathf(path, "%s/sys/bus/pci/drivers", fs->root);
        unlink_in_each(path, "", addr);
        pathf(path, "%s/sys/kernel/iommu_groups", fs->root);
        unlink_in_each(path, "devices", addr);
        fakesys_unplug(fs, addr);
        for (i = 0; i < fs->ndev && strcmp(fs->dev[i].addr, addr); i++)
                ;
        if (i < fs->ndev)
                fs->dev[i] = fs->dev[--fs->ndev];
}

void fakesys_remove_vfs(struct fakesys *fs, const char *pf)
{
        unsigned int n;
        char v[8];

        read_attr(fs, pf, "sriov_numvfs", "%u", &n);
        for (unsigned int i = 0; i < n; i++) {
                char vf[32], link[PATH_MAX];

                fakesys_vf_address(fs, pf, i, vf);
                remove_device(fs, vf);
                pathf(link, "%s/%s/virtfn%u", fs->root, devpath(fs, pf), i);
                unlink(link);
        }
        snprintf(v, sizeof(v), "%u", 0u);
        fakesys_set_attr(fs, pf, "sriov_numvfs", v);
}

unsigned int fakesys_read_uint(struct fakesys *fs, const char *addr, const char *name)
{
        unsigned int v;

        read_attr(fs, addr, name, "%u", &v);
        return v;
}

bool fakesys_has_driver(struct fakesys *fs, const char *addr)
{
        char path[PATH_MAX];

        pathf(path, "%s/%s/driver", fs->root, devpath(fs, addr));
        return access(path, F_OK) == 0;
}

bool fakesys_read_str(struct fakesys *fs, const char *addr, const char *name, char *buf,
                      size_t size)
{
        char path[PATH_MAX];
        FILE *f;
        bool ok;

        pathf(path, "%s/%s/%s", fs->root, devpath(fs, addr), name);
        f = fopen(path, "re");
        if (!f)
                return false;
        ok = fgets(buf, (int)size, f) != NULL;
        fclose(f);
        if (!ok)
                buf[0] = '\0';
        buf[strcspn(buf, "\n")] = '\0';
        return true;
}

void fakesys_driver_of(struct fakesys *fs, const char *addr, char *buf, size_t size)
{
        char path[PATH_MAX], target[PATH_MAX];
        ssize_t n;

        pathf(path, "%s/%s/driver", fs->root, devpath(fs, addr));
        n = readlink(path, target, sizeof(target) - 1);
        buf[0] = '\0';
        if (n <= 0)
                return;
        target[n] = '\0';
        snprintf(buf, size, "%s", strrchr(target, '/') ? strrchr(target, '/') + 1 : target);
}

void fakesys_add_driver(struct fakesys *fs, const char *driver)
{
        char path[PATH_MAX];

        pathf(path, "%s/sys/bus/pci/drivers/%s", fs->root, driver);
        mkdir_p(path);
}

bool fakesys_driver_loaded(struct fakesys *fs, const char *driver)
{
        char path[PATH_MAX];

        pathf(path, "%s/sys/bus/pci/drivers/%s", fs->root, driver);
        return access(path, F_OK) == 0;
}

void fakesys_unbind_driver(struct fakesys *fs, const char *addr)
{
        char path[PATH_MAX], driver[64];

        fakesys_driver_of(fs, addr, driver, sizeof(driver));
        if (!driver[0])
                return;
        /* The driver's netdevs are unregistered: their class links and directories go. */
        unlink_netdev_class_links(fs, addr);
        pathf(path, "%s/%s/net", fs->root, devpath(fs, addr));
        remove_tree(AT_FDCWD, path);
        pathf(path, "%s/sys/bus/pci/drivers/%s/%s", fs->root, driver, addr);
        unlink(path);
        pathf(path, "%s/%s/driver", fs->root, devpath(fs, addr));
        unlink(path);
}

void fakesys_move_netdevs_away(struct fakesys *fs, const char *addr)
{
        char path[PATH_MAX];

        /* The netdevs leave this namespace's view; the kernel's net/ directory stays. */
        unlink_netdev_class_links(fs, addr);
        pathf(path, "%s/%s/net", fs->root, devpath(fs, addr));
        remove_tree(AT_FDCWD, path);
        mkdir_p(path);
}

int fakesys_vf_index(struct fakesys *fs, const char *vf, char pf[32])
{
        char path[PATH_MAX], target[PATH_MAX];
        const char *base;
        unsigned int n;
        ssize_t len;

        pathf(path, "%s/%s/physfn", fs->root, devpath(fs, vf));
        len = readlink(path, target, sizeof(target) - 1);
        if (len <= 0)
                return -1;
        target[len] = '\0';
        base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
        snprintf(pf, 32, "%.31s", base);
        n = fakesys_read_uint(fs, pf, "sriov_numvfs");
        for (unsigned int i = 0; i < n; i++) {
                char addr[32];

                fakesys_vf_address(fs, pf, i, addr);
                if (strcmp(addr, vf) == 0)
                        return (int)i;
        }
        return -1;
}

bool fakesys_device_exists(struct fakesys *fs, const char *addr)
{
        for (int i = 0; i < fs->ndev; i++)
                if (strcmp(fs->dev[i].addr, addr) == 0)
                        return true;
        return false;
}
