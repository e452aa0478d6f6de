/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a VF's netdev may be when neither the host nor the container's namespace (CNI_NETNS)
 * has it: a container gone without a DEL, a netdev moved by hand. Every network namespace a
 * process or /run/netns holds is a candidate, but only those of the plugin's own user namespace:
 * entering a namespace is trusting what answers in it. What is found there comes home only once
 * the host's sysfs says it is the VF's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/nsfs.h>

#include "cni.h"

int netdev_fetch_home(struct netns *from, int ifindex, const char *cur, struct netns *host,
                      const char *pci, const char *name, struct cni_error *e)
{
        char link[64], vf[64], dev[PATH_MAX], want[PATH_MAX];
        struct cni_error ignore = { 0 };
        bool back = false;
        int idx;

        if (netdev_set_up(from, ifindex, false, e) < 0 ||
            netdev_move(from, ifindex, host, name, e) < 0)
                return -1;
        /* The dump's word was the kernel's, but for a namespace whose owner may be hostile the
         * host's sysfs, which nobody there writes, has the last word. */
        snprintf(link, sizeof(link), "/sys/class/net/%s/device", name);
        snprintf(vf, sizeof(vf), "/sys/bus/pci/devices/%s", pci);
        if (!realpath(link, dev))
                snprintf(dev, sizeof(dev), "none (%s)", strerror(errno));
        else if (realpath(vf, want) && strcmp(dev, want) == 0)
                return 0;
        /* Never an impostor under the VF's name: back where it came from, or at least down. */
        if (netdev_find_by_name(host, name, &idx, &ignore) == 1)
                back = netdev_move(host, idx, from, cur, &ignore) == 0;
        return cni_fail(e, CNI_ERR_NETDEV, "netns %s: netdev %s was listed as VF %s's, but its "
                        "device is %s: %s", netns_path(from), cur, pci, dev,
                        back ? "moved back there" : "left down in the host");
}

/*
 * Whether the network namespace @fd is owned by @ours, the plugin's own user namespace. The
 * owner is the user namespace its creator was in, fixed at creation (NS_GET_USERNS, Linux 4.9),
 * and a namespace is the same one exactly when its nsfs (st_dev, st_ino) is (namespaces(7)).
 * An unprivileged user's `unshare -rn` makes a user namespace first, which then owns the
 * network namespace: its root has CAP_NET_ADMIN there and can make any netdev, and answer any
 * request, there. Only a holder of CAP_SYS_ADMIN in ours can make one ours. Ours, not the
 * initial one by number (PROC_USER_INIT_INO is not uapi) nor /proc/1's (PID 1 of our PID
 * namespace, which need not share our user namespace): on a node the plugin runs in the initial
 * user namespace and ours is it; run by a runtime inside a user namespace, ours is what that
 * runtime's pods are made in, and the rule holds one level down.
 */
static bool owned_by(int fd, const struct stat *ours)
{
        int owner = ioctl(fd, NS_GET_USERNS);
        struct stat st;
        bool same;

        if (owner < 0)
                return false;
        same = fstat(owner, &st) == 0 && st.st_dev == ours->st_dev && st.st_ino == ours->st_ino;
        close(owner);
        return same;
}

/* Namespaces already looked at, by nsfs identity: as many as there are, memory allowing. */
struct seen {
        struct ns_id {
                dev_t dev;
                ino_t ino;
        } *ns;
        size_t n, size;
};

/* 1 when @st is new (and now seen), 0 when seen, -1 out of memory. */
static int see(struct seen *s, const struct stat *st)
{
        for (size_t i = 0; i < s->n; i++)
                if (s->ns[i].ino == st->st_ino && s->ns[i].dev == st->st_dev)
                        return 0;
        if (s->n == s->size) {
                size_t size = s->size ? 2 * s->size : 64;
                struct ns_id *ns = reallocarray(s->ns, size, sizeof(*ns));

                if (!ns)
                        return -1;
                s->ns = ns;
                s->size = size;
        }
        s->ns[s->n++] = (struct ns_id){ .dev = st->st_dev, .ino = st->st_ino };
        return 1;
}

/* Look for VF @pci's netdev in the namespace at @path: 1 found and fetched home, 0 not there
 * (or not a namespace to look in), -1 failed. */
static int look_in(struct netns *host, const char *path, struct seen *seen,
                   const struct stat *ours, const char *pci, const char *name,
                   struct cni_error *e)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC), ifindex, r;
        struct cni_error ignore = { 0 };
        struct netns *ns = NULL;
        struct stat st;
        char cur[16];

        if (fd < 0)
                return 0; /* gone meanwhile, or not a namespace */
        /* From here on the open namespace, never the path again: a PID reused meanwhile
         * would name another one. */
        r = fstat(fd, &st) < 0 ? 0 : see(seen, &st);
        if (r < 0)
                cni_fail(e, CNI_ERR_IO, "VF %s: looking for its netdev: out of memory after %zu "
                         "network namespaces", pci, seen->n);
        if (r <= 0 || !owned_by(fd, ours)) {
                close(fd);
                return r;
        }
        if (netns_open_fd(fd, path, &ns, &ignore) < 0)
                return 0;
        r = netdev_find_by_pci(ns, pci, &ifindex, cur, &ignore);
        if (r < 0)
                r = 0; /* one namespace that cannot be listed does not end the search */
        else if (r == 1 && netdev_fetch_home(ns, ifindex, cur, host, pci, name, e) < 0)
                r = -1;
        netns_close(ns);
        return r;
}

int netns_search(struct netns *host, const char *pci, const char *name, struct cni_error *e)
{
        static const char *const pinned[] = { "/run/netns", "/var/run/netns" };
        struct seen seen = { 0 };
        struct stat self, ours;
        int found = 0;

        if (stat("/proc/self/ns/net", &self) < 0 || stat("/proc/self/ns/user", &ours) < 0)
                return cni_fail(e, CNI_ERR_IO, "VF %s: looking for its netdev: /proc/self/ns: "
                                "%s", pci, strerror(errno));
        if (see(&seen, &self) < 0)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        for (int pass = 0; pass < 3 && found == 0; pass++) {
                const char *dir = pass < 2 ? pinned[pass] : "/proc";
                DIR *d = opendir(dir);
                struct dirent *de;

                while (d && found == 0 && (de = readdir(d))) {
                        char path[300];

                        if (de->d_name[0] == '.' ||
                            (pass == 2 && strspn(de->d_name, "0123456789") != strlen(de->d_name)))
                                continue;
                        snprintf(path, sizeof(path), pass < 2 ? "%s/%s" : "%s/%s/ns/net", dir,
                                 de->d_name);
                        found = look_in(host, path, &seen, &ours, pci, name, e);
                }
                if (d)
                        closedir(d);
        }
        free(seen.ns);
        return found;
}
