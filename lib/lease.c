/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Leases: a VF handed to a VMM exclusively, with a journal that survives the holder's crash.
 *
 * Every lease is a file "<dir>/<VF PCI address>.lease" holding the journal (lease-journal.c).
 * All decisions (is this VF free? is that lease stale?) are taken under one host-wide lock,
 * "<dir>/lock", so that two processes racing for a VF cannot both win. A lease is written in
 * state "acquiring" before the VF is touched and "held" once it is ready; whoever finds a lease
 * whose owner is gone puts the VF back as the journal says, whatever state it was left in.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#include "libsriov-private.h"

#define DEFAULT_LEASE_DIR "/run/libsriov"

struct sriov_lease {
        int refcount;
        struct sriov_ctx *ctx;
        struct lease_journal j;
        char pf_ifname[SRIOV_IFNAME_MAX];
        int iommu_group;
        int numa_node;
        char vfio_group[64];
        char vfio_cdev[64];
};

SRIOV_EXPORT int sriov_ctx_set_lease_dir(struct sriov_ctx *ctx, const char *dir)
{
        char *d;

        if (!ctx || !dir || dir[0] != '/')
                return -EINVAL;
        d = strdup(dir);
        if (!d)
                return -ENOMEM;
        free(ctx->lease_dir);
        ctx->lease_dir = d;
        return 0;
}

SRIOV_EXPORT const char *sriov_ctx_get_lease_dir(const struct sriov_ctx *ctx)
{
        return ctx && ctx->lease_dir ? ctx->lease_dir : DEFAULT_LEASE_DIR;
}

/* ---- the host-wide lock ---------------------------------------------------------------------- */

/* Take "<dir>/lock", waiting at most the context's timeout. Returns an fd or -errno. */
static int lock_dir(struct sriov_ctx *ctx)
{
        const char *dir = sriov_ctx_get_lease_dir(ctx);
        char path[PATH_MAX];
        uint64_t deadline = sriov_now_msec() + ctx->timeout_msec;
        int fd;

        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return sriov_fail(ctx, -errno, "lease directory %s: create", dir);
        snprintf(path, sizeof(path), "%s/lock", dir);
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0)
                return sriov_fail(ctx, -errno, "lease directory %s: open lock", dir);
        /* flock() has no timeout of its own: try, and wait a little between tries. */
        while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
                if (errno != EWOULDBLOCK) {
                        int r = -errno;

                        close(fd);
                        return sriov_fail(ctx, r, "lease directory %s: lock", dir);
                }
                if (sriov_now_msec() >= deadline) {
                        close(fd);
                        return sriov_fail_reason(ctx, -ETIMEDOUT,
                                                 "another process holds it past the timeout",
                                                 "lease directory %s: lock", dir);
                }
                poll(NULL, 0, 20);
        }
        return fd;
}

static void unlock_dir(int fd)
{
        if (fd >= 0)
                close(fd); /* closing drops the flock */
}

/* ---- journal files --------------------------------------------------------------------------- */

static void lease_path(struct sriov_ctx *ctx, const char *pci, char path[PATH_MAX])
{
        snprintf(path, PATH_MAX, "%s/%s.lease", sriov_ctx_get_lease_dir(ctx), pci);
}

/* Write the journal atomically: a crash leaves the old file or the new one, never half. */
static int journal_write(struct sriov_ctx *ctx, const struct lease_journal *j)
{
        char path[PATH_MAX], tmp[PATH_MAX], text[1024];
        _cleanup_close_ int fd = -1;
        int n = lease_journal_format(j, text, sizeof(text));

        if (n < 0)
                return n;
        lease_path(ctx, j->pci, path);
        snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", sriov_ctx_get_lease_dir(ctx), j->pci);
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, text, (size_t)n) != n || fsync(fd) < 0 || rename(tmp, path) < 0) {
                int r = -errno;

                unlink(tmp);
                return sriov_fail(ctx, r ? r : -EIO, "VF %s: write lease %s", j->pci, path);
        }
        return 0;
}

/* Read the lease of @pci. Returns 0, -ENOENT when there is none, -EBADMSG when corrupt. */
static int journal_read(struct sriov_ctx *ctx, const char *pci, struct lease_journal *ret)
{
        char path[PATH_MAX], text[1024];
        _cleanup_close_ int fd = -1;
        ssize_t n;
        int bad_line = 0, r;

        lease_path(ctx, pci, path);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOENT ? -ENOENT : sriov_fail(ctx, -errno, "VF %s: open lease %s",
                                                             pci, path);
        n = read(fd, text, sizeof(text) - 1);
        if (n < 0)
                return sriov_fail(ctx, -errno, "VF %s: read lease %s", pci, path);
        text[n] = '\0';
        r = lease_journal_parse(text, ret, &bad_line);
        if (r < 0) {
                char reason[96];

                snprintf(reason, sizeof(reason),
                         "corrupt at line %d; remove it once the VF is checked by hand", bad_line);
                return sriov_fail_reason(ctx, r, reason, "VF %s: lease %s", pci, path);
        }
        if (strcmp(ret->pci, pci) != 0)
                return sriov_fail_reason(ctx, -EBADMSG, "it names another VF",
                                         "VF %s: lease %s", pci, path);
        return 0;
}

static int journal_remove(struct sriov_ctx *ctx, const char *pci)
{
        char path[PATH_MAX];

        lease_path(ctx, pci, path);
        if (unlink(path) < 0 && errno != ENOENT)
                return sriov_fail(ctx, -errno, "VF %s: remove lease %s", pci, path);
        return 0;
}

/* ---- owners ---------------------------------------------------------------------------------- */

/* A process's start time (field 22 of /proc/PID/stat), to tell it from a later one with its pid. */
static int process_start(int pid, uint64_t *ret)
{
        char path[64], buf[1024], *p;
        _cleanup_close_ int fd = -1;
        ssize_t n;
        unsigned long long start;

        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, sizeof(buf) - 1);
        if (n <= 0)
                return -EIO;
        buf[n] = '\0';
        /* The command name may hold spaces and parentheses: fields start after the last ')'. */
        p = strrchr(buf, ')');
        if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                                "%*d %*d %*d %*d %llu", &start) != 1)
                return -EIO;
        *ret = start;
        return 0;
}

static bool owner_alive(const struct lease_journal *j)
{
        uint64_t start;

        if (j->owner_pid < 0)
                return true; /* no owner: held until released */
        return process_start(j->owner_pid, &start) == 0 && start == j->owner_start;
}

/* ---- putting a VF back ------------------------------------------------------------------------ */

/* The driver and settings the journal recorded. Best effort through every step; the first
 * error is returned with its message. */
static int restore_vf(struct sriov_ctx *ctx, const struct lease_journal *j)
{
        struct sriov_vf *vf = NULL;
        int r, r2 = 0;

        r = sriov_vf_new_from_name(ctx, j->pci, &vf);
        if (r == -ENODEV || r == -ERANGE) {
                info(ctx, "VF %s of a lease is gone; nothing to put back", j->pci);
                return 0;
        }
        if (r < 0)
                return r;
        /* Host driver first (the PF-side settings do not care), then the settings. */
        if (!j->orig_driver[0]) {
                /* Driverless as before, with driver_override as it was: unbinding sets it to
                 * "none" so nothing probes the VF in between; writing it does not probe. */
                r = sriov_vf_unbind_driver(vf, SRIOV_FORCE);
                if (r >= 0)
                        r = sysfs_write_attr(ctx, vf->dirfd, vf->pci, "driver_override",
                                             j->orig_override[0] ? j->orig_override : "\n");
                if (r < 0 && r != -ENOENT)
                        r = sriov_fail(ctx, r, "VF %s: put driver_override back", vf->pci);
        } else if (!j->orig_override[0])
                r = sriov_vf_bind_driver(vf, NULL, SRIOV_FORCE);
        else
                r = sriov_vf_bind_driver(vf, j->orig_override, SRIOV_FORCE);
        if (j->orig_config.mask)
                r2 = sriov_vf_set_config(vf, &j->orig_config, 0, NULL);
        sriov_vf_unref(vf);
        return r < 0 ? r : r2;
}

/* Recover the lease of @pci if its owner is gone. 0: recovered or none; -EBUSY: held. */
static int recover_if_stale(struct sriov_ctx *ctx, const char *pci)
{
        struct lease_journal j;
        int r = journal_read(ctx, pci, &j);

        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return r;
        if (owner_alive(&j)) {
                char reason[96];

                if (j.owner_pid < 0)
                        snprintf(reason, sizeof(reason), "leased until released");
                else
                        snprintf(reason, sizeof(reason), "leased by process %d", j.owner_pid);
                return sriov_fail_reason(ctx, -EBUSY, reason, "VF %s: acquire", pci);
        }
        info(ctx, "VF %s: lease of process %d, which is gone: putting the VF back", pci,
             j.owner_pid);
        r = restore_vf(ctx, &j);
        if (r < 0)
                return r;
        return journal_remove(ctx, pci);
}

/* ---- acquiring ---------------------------------------------------------------------------------- */

static int new_cookie(struct sriov_ctx *ctx, char cookie[33])
{
        uint8_t b[16];

        if (getrandom(b, sizeof(b), 0) != sizeof(b))
                return sriov_fail(ctx, -errno, "lease: make a cookie");
        for (int i = 0; i < 16; i++)
                snprintf(cookie + 2 * i, 3, "%02x", b[i]);
        return 0;
}

/* A VF @pf can give: no live lease, on its host driver or none, not in use. */
static int pick_free_vf(struct sriov_ctx *ctx, const char *pf_name, struct sriov_vf **ret)
{
        struct sriov_pf *pf;
        int r;

        r = sriov_pf_new_from_name(ctx, pf_name, &pf);
        if (r < 0)
                return r;
        for (unsigned int i = 0; i < sriov_pf_get_num_vfs(pf); i++) {
                struct sriov_vf *vf;
                const char *why;

                if (sriov_pf_get_vf(pf, i, &vf) < 0)
                        continue;
                if (recover_if_stale(ctx, vf->pci) == 0 && sriov_vf_is_in_use(vf, &why) == 0) {
                        sriov_pf_unref(pf);
                        *ret = vf;
                        return 0;
                }
                sriov_vf_unref(vf);
        }
        r = sriov_fail_reason(ctx, -EBUSY,
                              "every VF is leased or in use (sriovctl lease list shows leases)",
                              "PF %s: acquire a VF", pf->pci);
        sriov_pf_unref(pf);
        return r;
}

static int take_named_vf(struct sriov_ctx *ctx, const char *name, struct sriov_vf **ret)
{
        struct sriov_vf *vf;
        const char *why;
        int r;

        r = sriov_vf_new_from_name(ctx, name, &vf);
        if (r < 0)
                return r;
        r = recover_if_stale(ctx, vf->pci);
        if (r == 0 && sriov_vf_is_in_use(vf, &why) == 1)
                r = sriov_fail_reason(ctx, -EBUSY, why, "VF %s: acquire", vf->pci);
        if (r < 0) {
                sriov_vf_unref(vf);
                return r;
        }
        *ret = vf;
        return 0;
}

/* Fill the hand-off fields of @l from the VF as it is now (bound to vfio-pci). The VFIO node
 * paths come from iommu.c, which knows the kernel's naming (noiommu-N included). */
static void describe(struct sriov_lease *l, struct sriov_vf *vf)
{
        struct sriov_pf *pf = sriov_vf_get_pf(vf);
        struct sriov_iommu_group *g = NULL;
        const char *cdev = sriov_vf_get_vfio_cdev_path(vf);
        const char *group_path = NULL;

        snprintf(l->pf_ifname, sizeof(l->pf_ifname), "%s",
                 sriov_pf_get_ifname(pf) ? sriov_pf_get_ifname(pf) : "");
        l->iommu_group = sriov_vf_get_iommu_group(vf);
        l->numa_node = sriov_vf_get_numa_node(vf);
        if (sriov_vf_get_iommu_group_info(vf, &g) == 0)
                group_path = sriov_iommu_group_get_vfio_path(g);
        snprintf(l->vfio_group, sizeof(l->vfio_group), "%s", group_path ? group_path : "");
        snprintf(l->vfio_cdev, sizeof(l->vfio_cdev), "%s", cdev ? cdev : "");
        sriov_iommu_group_unref(g);
}

static struct sriov_lease *lease_new(struct sriov_ctx *ctx, const struct lease_journal *j)
{
        struct sriov_lease *l = calloc(1, sizeof(*l));

        if (!l)
                return NULL;
        l->refcount = 1;
        l->ctx = sriov_ctx_ref(ctx);
        l->j = *j;
        l->iommu_group = -1;
        l->numa_node = -1;
        return l;
}

/* Apply, bind, check: the steps after the journal is on disk. */
static int hand_over(struct sriov_ctx *ctx, struct sriov_vf *vf, const struct sriov_acquire_args *a)
{
        const char *why = NULL;
        int r;

        if (a->config.mask) {
                r = sriov_vf_set_config(vf, &a->config, 0, NULL);
                if (r < 0)
                        return r;
        }
        r = sriov_vf_bind_driver(vf, "vfio-pci", 0);
        if (r < 0)
                return r;
        r = sriov_vf_iommu_group_is_viable(vf, &why);
        if (r < 0)
                return r;
        if (r == 0)
                return sriov_fail_reason(ctx, -EPERM, why,
                                         "VF %s: IOMMU group %d is not viable for VFIO", vf->pci,
                                         sriov_vf_get_iommu_group(vf));
        return 0;
}

SRIOV_EXPORT int sriov_vf_acquire(struct sriov_ctx *ctx, const struct sriov_acquire_args *args,
                                  struct sriov_lease **ret)
{
        struct lease_journal j = { 0 };
        struct sriov_vf *vf = NULL;
        struct sriov_lease *l;
        struct sriov_vf_config cfg;
        int lock, r;

        if (!ctx || !args || !ret || (!args->pf == !args->vf) || args->owner_pid < -1)
                return -EINVAL;
        for (size_t i = 0; i < sizeof(args->reserved) / sizeof(args->reserved[0]); i++)
                if (args->reserved[i])
                        return -EINVAL;
        lock = lock_dir(ctx);
        if (lock < 0)
                return lock;
        r = args->vf ? take_named_vf(ctx, args->vf, &vf) : pick_free_vf(ctx, args->pf, &vf);
        if (r < 0)
                goto out;

        /* The journal: who, and the VF as it is, before anything changes. */
        snprintf(j.pci, sizeof(j.pci), "%s", vf->pci);
        snprintf(j.pf, sizeof(j.pf), "%s", sriov_pf_get_pci_address(vf->pf));
        j.vf = vf->index;
        j.owner_pid = args->owner_pid == 0 ? (int)getpid() : args->owner_pid;
        if (j.owner_pid > 0 && process_start(j.owner_pid, &j.owner_start) < 0) {
                r = sriov_fail_reason(ctx, -ESRCH, "no such process", "VF %s: lease owner %d",
                                      vf->pci, j.owner_pid);
                goto out;
        }
        r = new_cookie(ctx, j.cookie);
        if (r < 0)
                goto out;
        snprintf(j.orig_driver, sizeof(j.orig_driver), "%s", vf->driver ? vf->driver : "");
        if (sysfs_read_str(vf->dirfd, "driver_override", j.orig_override,
                           sizeof(j.orig_override)) < 0 ||
            strcmp(j.orig_override, "(null)") == 0)
                j.orig_override[0] = '\0';
        r = sriov_vf_get_config(vf, &cfg);
        if (r == 0)
                j.orig_config = cfg; /* mask: what the driver reports, so what can be put back */
        else if (r != -ENODEV)
                goto out;
        r = journal_write(ctx, &j);
        if (r < 0)
                goto out;

        r = hand_over(ctx, vf, args);
        if (r == 0) {
                j.held = true;
                r = journal_write(ctx, &j);
        }
        if (r < 0) {
                char original[sizeof(ctx->error)];

                snprintf(original, sizeof(original), "%s", ctx->error);
                if (restore_vf(ctx, &j) == 0 && journal_remove(ctx, j.pci) == 0) {
                        snprintf(ctx->error, sizeof(ctx->error), "%s", original);
                        sriov_error_append(ctx, "; the VF was put back as it was");
                } else {
                        char later[sizeof(ctx->error)];

                        snprintf(later, sizeof(later), "%s", ctx->error);
                        snprintf(ctx->error, sizeof(ctx->error), "%s", original);
                        sriov_error_append(ctx, "; putting it back failed too, the lease stays "
                                                "for sriovctl lease gc: %s", later);
                }
                goto out;
        }
        l = lease_new(ctx, &j);
        if (!l) {
                r = -ENOMEM;
                goto out;
        }
        describe(l, vf);
        *ret = l;
out:
        sriov_vf_unref(vf);
        unlock_dir(lock);
        return r;
}

/* ---- existing leases --------------------------------------------------------------------------- */

static int lease_from_journal(struct sriov_ctx *ctx, const struct lease_journal *j,
                              struct sriov_lease **ret)
{
        struct sriov_lease *l = lease_new(ctx, j);
        struct sriov_vf *vf;

        if (!l)
                return -ENOMEM;
        if (sriov_vf_new_from_name(ctx, j->pci, &vf) == 0) {
                describe(l, vf);
                sriov_vf_unref(vf);
        }
        *ret = l;
        return 0;
}

SRIOV_EXPORT int sriov_lease_new_from_vf(struct sriov_ctx *ctx, const char *name,
                                         struct sriov_lease **ret)
{
        struct lease_journal j;
        struct sriov_vf *vf;
        char pci[SRIOV_PCI_ADDR_MAX];
        int r;

        if (!ctx || !name || !ret)
                return -EINVAL;
        r = sriov_vf_new_from_name(ctx, name, &vf);
        if (r < 0)
                return r;
        snprintf(pci, sizeof(pci), "%s", vf->pci);
        sriov_vf_unref(vf);
        r = journal_read(ctx, pci, &j);
        if (r == -ENOENT)
                return sriov_fail_reason(ctx, -ENOENT, "it has no lease", "VF %s: lease", pci);
        if (r < 0)
                return r;
        return lease_from_journal(ctx, &j, ret);
}

SRIOV_EXPORT int sriov_lease_release(struct sriov_lease *l)
{
        struct sriov_ctx *ctx;
        struct lease_journal now;
        int lock, r;

        if (!l)
                return -EINVAL;
        ctx = l->ctx;
        lock = lock_dir(ctx);
        if (lock < 0)
                return lock;
        r = journal_read(ctx, l->j.pci, &now);
        /* Only our own lease: after a recovery the VF may have been leased again. */
        if (r == -ENOENT || (r == 0 && strcmp(now.cookie, l->j.cookie) != 0))
                r = sriov_fail_reason(ctx, -ESTALE, "the lease was recovered or released already",
                                      "VF %s: release", l->j.pci);
        if (r == 0)
                r = restore_vf(ctx, &now);
        if (r == 0)
                r = journal_remove(ctx, l->j.pci);
        unlock_dir(lock);
        return r;
}

static int cmp_lease(const void *a, const void *b)
{
        return strcmp((*(struct sriov_lease *const *)a)->j.pci,
                      (*(struct sriov_lease *const *)b)->j.pci);
}

/* Every "*.lease" name of the directory, with its PCI address. */
static int list_lease_names(struct sriov_ctx *ctx, char ***ret)
{
        const char *dir = sriov_ctx_get_lease_dir(ctx);
        _cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char **names = NULL;
        int r;

        if (fd < 0 && errno == ENOENT) {
                *ret = calloc(1, sizeof(char *));
                return *ret ? 0 : -ENOMEM;
        }
        if (fd < 0)
                return sriov_fail(ctx, -errno, "lease directory %s: open", dir);
        r = sysfs_list_dir(fd, ".", &names);
        if (r < 0)
                return sriov_fail(ctx, r, "lease directory %s: list", dir);
        /* Keep the "<pci>.lease" entries, as bare addresses. */
        {
                size_t k = 0;

                for (size_t i = 0; names[i]; i++) {
                        char *dot = strrchr(names[i], '.');

                        if (dot && strcmp(dot, ".lease") == 0) {
                                *dot = '\0';
                                names[k++] = names[i];
                        } else {
                                free(names[i]);
                        }
                }
                names[k] = NULL;
        }
        *ret = names;
        return 0;
}

SRIOV_EXPORT int sriov_lease_list(struct sriov_ctx *ctx, struct sriov_lease ***ret)
{
        struct sriov_lease **v;
        char **names;
        size_t n = 0, count;
        int r;

        if (!ctx || !ret)
                return -EINVAL;
        r = list_lease_names(ctx, &names);
        if (r < 0)
                return r;
        for (count = 0; names[count]; count++)
                ;
        v = calloc(count + 1, sizeof(*v));
        if (!v) {
                strv_free(names);
                return -ENOMEM;
        }
        for (size_t i = 0; i < count; i++) {
                struct lease_journal j;

                /* A lease released while we list it is simply not listed. */
                if (journal_read(ctx, names[i], &j) < 0)
                        continue;
                if (lease_from_journal(ctx, &j, &v[n]) == 0)
                        n++;
        }
        strv_free(names);
        qsort(v, n, sizeof(*v), cmp_lease);
        *ret = v;
        return 0;
}

SRIOV_EXPORT void sriov_lease_list_free(struct sriov_lease **leases)
{
        if (!leases)
                return;
        for (struct sriov_lease **l = leases; *l; l++)
                sriov_lease_unref(*l);
        free(leases);
}

SRIOV_EXPORT int sriov_lease_gc(struct sriov_ctx *ctx, unsigned int *recovered)
{
        char **names;
        unsigned int n = 0;
        int lock, r, first_err = 0;

        if (!ctx)
                return -EINVAL;
        lock = lock_dir(ctx);
        if (lock < 0)
                return lock;
        r = list_lease_names(ctx, &names);
        if (r < 0) {
                unlock_dir(lock);
                return r;
        }
        for (size_t i = 0; names[i]; i++) {
                struct lease_journal j;

                if (journal_read(ctx, names[i], &j) < 0 || owner_alive(&j))
                        continue;
                r = recover_if_stale(ctx, names[i]);
                if (r == 0)
                        n++;
                else if (!first_err)
                        first_err = r;
        }
        strv_free(names);
        unlock_dir(lock);
        if (recovered)
                *recovered = n;
        return first_err;
}

/* ---- the object ---------------------------------------------------------------------------------- */

SRIOV_EXPORT struct sriov_lease *sriov_lease_ref(struct sriov_lease *l)
{
        if (l)
                l->refcount++;
        return l;
}

SRIOV_EXPORT struct sriov_lease *sriov_lease_unref(struct sriov_lease *l)
{
        if (!l || --l->refcount > 0)
                return NULL;
        sriov_ctx_unref(l->ctx);
        free(l);
        return NULL;
}

static const char *or_null(const char *s)
{
        return s[0] ? s : NULL;
}

SRIOV_EXPORT const char *sriov_lease_get_pci_address(const struct sriov_lease *l)
{
        return l->j.pci;
}

SRIOV_EXPORT const char *sriov_lease_get_pf_pci_address(const struct sriov_lease *l)
{
        return l->j.pf;
}

SRIOV_EXPORT const char *sriov_lease_get_pf_ifname(const struct sriov_lease *l)
{
        return or_null(l->pf_ifname);
}

SRIOV_EXPORT unsigned int sriov_lease_get_vf_index(const struct sriov_lease *l)
{
        return l->j.vf;
}

SRIOV_EXPORT int sriov_lease_get_iommu_group(const struct sriov_lease *l)
{
        return l->iommu_group;
}

SRIOV_EXPORT const char *sriov_lease_get_vfio_group_path(const struct sriov_lease *l)
{
        return or_null(l->vfio_group);
}

SRIOV_EXPORT const char *sriov_lease_get_vfio_cdev_path(const struct sriov_lease *l)
{
        return or_null(l->vfio_cdev);
}

SRIOV_EXPORT int sriov_lease_get_numa_node(const struct sriov_lease *l)
{
        return l->numa_node;
}

SRIOV_EXPORT int sriov_lease_get_owner_pid(const struct sriov_lease *l)
{
        return l->j.owner_pid;
}

SRIOV_EXPORT const char *sriov_lease_get_cookie(const struct sriov_lease *l)
{
        return l->j.cookie;
}

SRIOV_EXPORT int sriov_lease_is_stale(const struct sriov_lease *l)
{
        return owner_alive(&l->j) ? 0 : 1;
}
