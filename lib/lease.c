/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Leases: a VF handed to a VMM exclusively, with a journal that survives the holder's crash.
 *
 * Every lease is a file "<dir>/<VF PCI address>.lease" holding the journal (lease-journal.c),
 * mode 0600 in a directory only root may write. All decisions (is this VF free? is that lease
 * stale?) are taken under the host-wide lock (host-lock.c), so that two processes racing for a
 * VF cannot both win. A lease is written in state "acquiring", naming the acquiring process,
 * before the VF is touched, "held" once it is ready, and "releasing", naming the releasing
 * process, while it is put back; whoever finds a lease whose owner (or, while acquiring or
 * releasing, that process) is gone puts the VF back as the journal says.
 *
 * A leased VF belongs to its holder: every other call that would change or remove it asks
 * vf_users_guard() (vf-users.c) first, which refuses, or with SRIOV_FORCE lets it through, says
 * whose lease it broke and marks the journal here, so that the release can say the VF was
 * changed under it.
 *
 * A lease whose VF went away (its PF was reset, resized or unbound, or the VF removed) is
 * "lost" (lease-lost.c): nothing is left to put back, and a VF made since at its address is a
 * new device that nobody leased. Release, gc and the next acquire of that address end a lost
 * lease without touching whatever is at its address now, and say so (LOG_NOTICE).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "libsriov-private.h"
#include "process.h"

#define DEFAULT_LEASE_DIR "/run/libsriov"

struct sriov_lease {
        int refcount;
        struct sriov_ctx *ctx;
        struct lease_journal j;
        const char *labels[SRIOV_LEASE_LABELS_MAX + 1]; /* into j.labels, for the getter */
        char pf_ifname[SRIOV_IFNAME_MAX];
        int iommu_group;
        int numa_node;
        char vfio_group[64];
        char vfio_cdev[64];
        bool lost; /* its VF went away (lease-lost.c), as found when the object was made */
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

/* ---- journal files --------------------------------------------------------------------------- */

static void lease_path(struct sriov_ctx *ctx, const char *pci, char path[PATH_MAX])
{
        snprintf(path, PATH_MAX, "%s/%s.lease", sriov_ctx_get_lease_dir(ctx), pci);
}

/* A leased VF as sriov_vf_get_label() names it, from what its journal knows and its PF's
 * netdev as it is now (read only for a message); the PF's address when the PF cannot be read.
 * The error set, if any, stays what the caller set. */
static const char *journal_label(struct sriov_ctx *ctx, const struct lease_journal *j,
                                 char buf[VF_LABEL_MAX])
{
        struct sriov_pf *pf = NULL;
        struct error_frame f;

        if (!j->pf[0]) {
                snprintf(buf, VF_LABEL_MAX, "%s", j->pci);
                return buf;
        }
        error_frame_save(ctx, &f);
        if (sriov_pf_new_from_pci(ctx, j->pf, &pf) == 0) {
                vf_label_format(pf, j->vf, j->pci, buf, VF_LABEL_MAX);
                sriov_pf_unref(pf);
        } else {
                snprintf(buf, VF_LABEL_MAX, "%s (%s/%u)", j->pci, j->pf, j->vf);
        }
        error_frame_end(ctx, &f, 0, NULL);
        return buf;
}

/*
 * Write the journal atomically: a crash leaves the old file or the new one, never half. The
 * temporary is made afresh (O_EXCL, never through a symlink) with mode 0600.
 */
static int journal_write(struct sriov_ctx *ctx, struct lease_journal *j)
{
        struct stat st;
        char path[PATH_MAX], tmp[PATH_MAX], text[8192], label[VF_LABEL_MAX];
        _cleanup_close_ int fd = -1;
        int n = lease_journal_format(j, text, sizeof(text)), r;

        if (n < 0)
                return n;
        lease_path(ctx, j->pci, path);
        snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", sriov_ctx_get_lease_dir(ctx), j->pci);
        for (int tries = 0; tries < 2 && fd < 0; tries++) {
                fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                /* One a crashed writer left: ours to remove, under the host lock. */
                if (fd < 0 && errno == EEXIST)
                        (void)unlink(tmp);
        }
        if (fd < 0 || write(fd, text, (size_t)n) != n || fsync(fd) < 0 || fstat(fd, &st) < 0 ||
            rename(tmp, path) < 0) {
                r = errno ? -errno : -EIO;
                unlink(tmp);
                return sriov_fail(ctx, r, "VF %s: write lease %s", journal_label(ctx, j, label),
                                  path);
        }
        /* What a reader of the file will see: its mtime, not this process's clock. */
        j->written = (int64_t)st.st_mtim.tv_sec;
        return 0;
}

/* Read the lease of @pci. Returns 0, -ENOENT when there is none, -EBADMSG when corrupt. */
static int journal_read(struct sriov_ctx *ctx, const char *pci, struct lease_journal *ret)
{
        struct stat st;
        char path[PATH_MAX], text[8192];
        _cleanup_close_ int fd = -1;
        ssize_t n;
        int bad_line = 0, r;

        lease_path(ctx, pci, path);
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
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
        ret->written = fstat(fd, &st) == 0 ? (int64_t)st.st_mtim.tv_sec : 0;
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

/* Every "*.lease" name of the directory, as bare PCI addresses. */
static int list_lease_names(struct sriov_ctx *ctx, char ***ret)
{
        const char *dir = sriov_ctx_get_lease_dir(ctx);
        _cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        char **names = NULL;
        size_t k = 0;
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
        for (size_t i = 0; names[i]; i++) {
                char *dot = strrchr(names[i], '.');

                if (dot && strcmp(dot, ".lease") == 0 && names[i][0] != '.') {
                        *dot = '\0';
                        names[k++] = names[i];
                } else {
                        free(names[i]);
                }
        }
        names[k] = NULL;
        *ret = names;
        return 0;
}

/* ---- owners ---------------------------------------------------------------------------------- */

/* Where a process the journal names is, seen from here: > 0 its pid in our /proc, 0 gone,
 * -EREMOTE when it cannot be told from here (process.h). */
static int find_process(int pid, uint64_t start, uint64_t pidns)
{
        struct process_id id = { .pid = pid, .start = start, .pidns = pidns };

        return process_id_find(&id);
}

static int find_busy(const struct lease_journal *j)
{
        return find_process(j->busy_pid, j->busy_start, j->busy_pidns);
}

static int find_owner(const struct lease_journal *j)
{
        return find_process(j->owner_pid, j->owner_start, j->owner_pidns);
}

/*
 * Whether the lease still has someone: while acquiring or releasing, the process doing it (a
 * version 1 journal named none: a crashed acquire then); once held, its owner, or nobody at
 * all for a lease without owner, which is held until released. A process that cannot be seen
 * from here (another PID namespace, not below ours) is alive: only a proven death frees a VF.
 */
static bool lease_alive(const struct lease_journal *j)
{
        if (j->state != LEASE_HELD)
                return find_busy(j) != 0;
        if (j->owner_pid < 0)
                return true;
        return find_owner(j) != 0;
}

/* "process 4242 (qemu-system-x86)", with its own pid when its namespace numbers it otherwise,
 * or what is known of a process that cannot be seen from here. */
static void describe_process(int local, int pid, uint64_t pidns, char *buf, size_t size)
{
        char comm[32];

        if (local == -EREMOTE) {
                snprintf(buf, size, "process %d of PID namespace pid:[%llu], which cannot be "
                         "seen from here (taken as running)", pid, (unsigned long long)pidns);
                return;
        }
        process_name(local, comm, sizeof(comm));
        if (local != pid)
                snprintf(buf, size, "process %d (%s; pid %d in its PID namespace)", local, comm,
                         pid);
        else
                snprintf(buf, size, "process %d (%s)", local, comm);
}

/* Who holds the lease, for messages: "leased to process 1234 (qemu-system-x86)". */
static void describe_holder(const struct lease_journal *j, char *buf, size_t size)
{
        bool alive = lease_alive(j);
        char who[200];

        const char *doing = j->state == LEASE_RELEASING ? "released" : "acquired";

        if (j->state != LEASE_HELD && alive) {
                describe_process(find_busy(j), j->busy_pid, j->busy_pidns, who, sizeof(who));
                snprintf(buf, size, "being %s by %s", doing, who);
        } else if (j->state != LEASE_HELD && j->busy_pid > 0) {
                snprintf(buf, size, "left half %s by process %d, which is gone", doing,
                         j->busy_pid);
        } else if (j->state != LEASE_HELD) {
                snprintf(buf, size, "left half %s by a process that is gone", doing);
        } else if (j->owner_pid < 0 && j->holder[0]) {
                snprintf(buf, size, "leased to %s, until released", j->holder);
        } else if (j->owner_pid < 0) {
                snprintf(buf, size, "leased with no owner process (cookie %s), until released",
                         j->cookie);
        } else if (alive) {
                describe_process(find_owner(j), j->owner_pid, j->owner_pidns, who, sizeof(who));
                snprintf(buf, size, "leased to %s", who);
        } else {
                snprintf(buf, size, "leased to process %d, which is gone", j->owner_pid);
        }
        if (!alive)
                snprintf(buf + strlen(buf), size - strlen(buf),
                         " (sriovctl lease gc recovers it)");
}

/* ---- putting a VF back ------------------------------------------------------------------------ */

/* The driver and settings the journal recorded. Best effort through every step; the first
 * error is returned with its message. */
static int restore_vf(struct sriov_ctx *ctx, const struct lease_journal *j)
{
        struct vf_binding b = { 0 };
        struct sriov_vf *vf = NULL;
        char label[VF_LABEL_MAX];
        int r, r2 = 0;

        r = sriov_vf_new_from_name(ctx, j->pci, &vf);
        if (r == -ENODEV || r == -ERANGE) {
                info(ctx, "VF %s of a lease is gone; nothing to put back",
                     journal_label(ctx, j, label));
                return 0;
        }
        if (r < 0)
                return r;
        /* Host driver first (the PF-side settings do not care), then the settings. */
        snprintf(b.driver, sizeof(b.driver), "%s", j->orig_driver);
        snprintf(b.override, sizeof(b.override), "%s", j->orig_override);
        r = vf_binding_restore(vf, &b, SRIOV_FORCE);
        if (j->orig_config.mask)
                r2 = sriov_vf_set_config(vf, &j->orig_config, 0, NULL);
        sriov_vf_unref(vf);
        return r < 0 ? r : r2;
}

/* The lease code acts on @pci: vf_users_guard() lets its own calls through. */
static void acting_on(struct sriov_ctx *ctx, const char *pci)
{
        snprintf(ctx->lease_self, sizeof(ctx->lease_self), "%s", pci ? pci : "");
}

/* End lost lease @j (@why: how its VF went away): nothing to put back, and whatever is at its
 * address now is not touched. @how: what ended it ("released", "ended"). */
static int end_lost(struct sriov_ctx *ctx, const struct lease_journal *j, const char *why,
                    const char *how)
{
        char holder[400], label[VF_LABEL_MAX], there[SRIOV_PCI_ADDR_MAX + 48] = "", *gc;
        uint64_t ino;

        describe_holder(j, holder, sizeof(holder));
        /* "(sriovctl lease gc recovers it)" is what this does. */
        gc = strstr(holder, " (sriovctl lease gc");
        if (gc)
                *gc = '\0';
        /* A device at its address now is a new one: say it is not touched. */
        if (lease_dev_ino(j->pci, &ino) == 0)
                snprintf(there, sizeof(there), ", and the device now at %s is left as it is",
                         j->pci);
        sriov_log_cond(ctx, LOG_NOTICE,
                       "VF %s: lost: %s; its lease (%s) is %s with nothing put back%s",
                       journal_label(ctx, j, label), why, holder, how, there);
        return journal_remove(ctx, j->pci);
}

/* What recover_if_stale() did. */
enum settled { SETTLED_NONE, SETTLED_RECOVERED, SETTLED_LOST };

/* Recover the lease of @pci if its holder is gone, or end it if its VF is (lost: whoever holds
 * it has nothing left to hold). 0: recovered, ended or none; -EBUSY: held. @vf, when the caller
 * has it, names the VF in messages; else its journal does. @how (may be NULL): what was done. */
static int recover_if_stale(struct sriov_ctx *ctx, const char *pci, const struct sriov_vf *vf,
                            const char *what, enum settled *how)
{
        struct lease_journal j;
        char holder[400], label[VF_LABEL_MAX], why[200];
        int r = journal_read(ctx, pci, &j);

        if (how)
                *how = SETTLED_NONE;
        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return r;
        if (lease_vf_lost(&j, why, sizeof(why)) == 1) {
                r = end_lost(ctx, &j, why, "ended");
                if (r == 0 && how)
                        *how = SETTLED_LOST;
                return r;
        }
        if (lease_alive(&j)) {
                describe_holder(&j, holder, sizeof(holder));
                return sriov_fail_reason(ctx, -EBUSY, holder, "VF %s: %s",
                                         vf ? vf->label : journal_label(ctx, &j, label), what);
        }
        describe_holder(&j, holder, sizeof(holder));
        info(ctx, "VF %s: %s: putting the VF back", vf ? vf->label : journal_label(ctx, &j, label),
             holder);
        acting_on(ctx, pci);
        r = restore_vf(ctx, &j);
        acting_on(ctx, NULL);
        if (r == 0)
                r = journal_remove(ctx, pci);
        if (r == 0 && how)
                *how = SETTLED_RECOVERED;
        return r;
}

/* ---- other calls on leased VFs ---------------------------------------------------------------- */

/* What vf-users.c asks before another call changes a VF: is it leased, to whom; it broke it. */

int lease_list_of_pf(struct sriov_ctx *ctx, const char *pf_pci, struct lease_journal **ret,
                     size_t *n_ret)
{
        struct lease_journal *leases = NULL;
        char **names = NULL, why[200];
        size_t n = 0, max;
        int r;

        r = list_lease_names(ctx, &names);
        if (r < 0)
                return r;
        for (max = 0; names[max]; max++)
                ;
        leases = calloc(max ? max : 1, sizeof(*leases));
        if (!leases) {
                strv_free(names);
                return -ENOMEM;
        }
        for (char **name = names; *name; name++) {
                if (strcmp(*name, ctx->lease_self) == 0)
                        continue;
                r = journal_read(ctx, *name, &leases[n]);
                if (r == -ENOENT)
                        continue; /* released meanwhile */
                if (r < 0) {
                        free(leases);
                        strv_free(names);
                        return r;
                }
                /* A lost lease holds nothing: a VF at its address now is a new one. */
                if (strcmp(leases[n].pf, pf_pci) == 0 && lease_vf_lost(&leases[n], why,
                                                                      sizeof(why)) != 1)
                        n++;
        }
        strv_free(names);
        *ret = leases;
        *n_ret = n;
        return 0;
}

void lease_describe_holder(const struct lease_journal *j, char *buf, size_t size)
{
        describe_holder(j, buf, size);
}

int lease_note_broken(struct sriov_ctx *ctx, struct lease_journal *j, const char *what)
{
        /* The holder learns of it when the lease is released. */
        j->broken_pid = (int)getpid();
        snprintf(j->broken_what, sizeof(j->broken_what), "%s", what);
        return journal_write(ctx, j);
}

/* ---- acquiring ---------------------------------------------------------------------------------- */

/*
 * A cookie tells this lease from any earlier one (journals live in /run: one boot); it is no
 * secret, it is printed. So it does not wait for the kernel's random generator to be
 * initialised: early at boot on a machine without a hardware source that wait was 0.3-0.6 s,
 * nearly all of a VMM's first acquire in the testbed. GRND_INSECURE is Linux 5.6; an older
 * kernel refuses the flag (EINVAL) and gets the waiting call.
 */
static int new_cookie(struct sriov_ctx *ctx, char cookie[33])
{
        uint8_t b[16];
        ssize_t n = getrandom(b, sizeof(b), GRND_INSECURE);

        if (n < 0 && errno == EINVAL)
                n = getrandom(b, sizeof(b), 0);
        if (n != sizeof(b))
                return sriov_fail(ctx, n < 0 ? -errno : -EIO, "lease: make a cookie");
        for (int i = 0; i < 16; i++)
                snprintf(cookie + 2 * i, 3, "%02x", b[i]);
        return 0;
}

/* A VF @pf can give: no live lease, on its host driver or none, not in use. */
static int pick_free_vf(struct sriov_ctx *ctx, const char *pf_name, bool netdev,
                        struct sriov_vf **ret)
{
        struct sriov_pf *pf;
        int r;

        r = sriov_pf_new_from_name(ctx, pf_name, &pf);
        if (r < 0)
                return r;
        if (pf->kind != SRIOV_PF_KIND_PCI) {
                r = sriov_fail_reason(ctx, -EOPNOTSUPP,
                                      "netdevsim VFs have no PCI function to hand over",
                                      "PF %s: acquire a VF", pf->name);
                sriov_pf_unref(pf);
                return r;
        }
        for (unsigned int i = 0; i < sriov_pf_get_num_vfs(pf); i++) {
                struct sriov_vf *vf;
                const char *why;

                if (sriov_pf_get_vf(pf, i, &vf) < 0)
                        continue;
                /* A netdev lease hands over a netdev: a VF without one has none to give. */
                if (netdev && !vf->ifname) {
                        sriov_vf_unref(vf);
                        continue;
                }
                if (recover_if_stale(ctx, vf->pci, vf, "acquire", NULL) == 0 &&
                    sriov_vf_is_in_use(vf, &why) == 0) {
                        sriov_pf_unref(pf);
                        *ret = vf;
                        return 0;
                }
                sriov_vf_unref(vf);
        }
        r = sriov_fail_reason(ctx, -EBUSY,
                              netdev ? "every VF is leased, in use or without a netdev "
                                       "(sriovctl lease list shows leases)"
                                     : "every VF is leased or in use (sriovctl lease list shows leases)",
                              "PF %s: acquire a VF", pf->name);
        sriov_pf_unref(pf);
        return r;
}

/* SRIOV_ACQUIRE_ASSIGNED: a VF on a driver that hands it to user space (the vfio family, uio,
 * pci-stub) waits for the one it was assigned to, the caller, while no process holds its
 * nodes open: /dev/vfio/N or the cdev on vfio, /dev/uioN on uio (a DPDK application on it is
 * someone's, whatever a configuration names; pci-stub has no node and no user). */
static bool waits_for_its_assignee(struct sriov_vf *vf)
{
        const char *driver = sriov_vf_get_driver(vf);
        char holders[160];

        if (!sriov_driver_is_passthrough(driver))
                return false;
        if (sriov_driver_is_vfio(driver))
                return vfio_holders(vf, holders, sizeof(holders)) == 0;
        return uio_holders(vf, holders, sizeof(holders)) == 0;
}

static int take_named_vf(struct sriov_ctx *ctx, const char *name, bool assigned,
                         struct sriov_vf **ret)
{
        struct sriov_vf *vf;
        const char *why;
        int r;

        r = sriov_vf_new_from_name(ctx, name, &vf);
        if (r < 0)
                return r;
        r = recover_if_stale(ctx, vf->pci, vf, "acquire", NULL);
        if (r == 0 && sriov_vf_is_in_use(vf, &why) == 1 && !(assigned && waits_for_its_assignee(vf)))
                r = sriov_fail_reason(ctx, -EBUSY, why, "VF %s: acquire", vf->label);
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

/* The journal the object describes, and the getter's view of its labels. */
static void lease_set_journal(struct sriov_lease *l, const struct lease_journal *j)
{
        l->j = *j;
        for (unsigned int i = 0; i <= l->j.n_labels; i++)
                l->labels[i] = i < l->j.n_labels ? l->j.labels[i] : NULL;
}

static struct sriov_lease *lease_new(struct sriov_ctx *ctx, const struct lease_journal *j)
{
        struct sriov_lease *l = calloc(1, sizeof(*l));

        if (!l)
                return NULL;
        l->refcount = 1;
        l->ctx = sriov_ctx_ref(ctx);
        lease_set_journal(l, j);
        l->iommu_group = -1;
        l->numa_node = -1;
        return l;
}

/* Apply, bind, check, hand the nodes over: the steps after the journal is on disk. A netdev
 * lease stops after the settings: its VF stays on its network driver. */
static int hand_over(struct sriov_ctx *ctx, struct sriov_vf *vf, const struct sriov_acquire_args *a)
{
        const char *why = NULL;
        int r;

        if (a->config.mask) {
                r = sriov_vf_set_config(vf, &a->config, 0, NULL);
                if (r < 0)
                        return r;
        }
        if (a->flags & SRIOV_ACQUIRE_NETDEV)
                return 0;
        /* Assigned on uio or pci-stub: its user (DPDK) opens it there, not through vfio. */
        if ((a->flags & SRIOV_ACQUIRE_ASSIGNED) && sriov_driver_is_passthrough(vf->driver) &&
            !sriov_driver_is_vfio(vf->driver)) {
                if (a->flags & SRIOV_ACQUIRE_VFIO_OWNER)
                        return sriov_fail(ctx, -EINVAL, "VF %s: SRIOV_ACQUIRE_VFIO_OWNER: on %s, "
                                          "it has no VFIO nodes", vf->label, vf->driver);
                return 0;
        }
        r = sriov_vf_bind_driver(vf, "vfio-pci", 0);
        if (r < 0)
                return r;
        r = sriov_vf_iommu_group_is_viable(vf, &why);
        if (r < 0)
                return r;
        if (r == 0)
                return sriov_fail_reason(ctx, -EPERM, why,
                                         "VF %s: IOMMU group %d is not viable for VFIO", vf->label,
                                         sriov_vf_get_iommu_group(vf));
        if (a->flags & SRIOV_ACQUIRE_VFIO_OWNER) {
                r = sriov_vf_set_vfio_owner(vf, (uid_t)a->vfio_uid, (gid_t)a->vfio_gid, 0);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* A netdev lease: the VF's netdev as it is, which its holder puts back before releasing it. */
static int journal_netdev(struct sriov_vf *vf, struct lease_journal *j)
{
        char path[PATH_MAX], text[32];
        _cleanup_close_ int fd = -1;
        unsigned int mtu;
        int r;

        if (!vf->ifname)
                return sriov_fail_reason(vf->pf->ctx, -ENODEV,
                                         vf->driver ? "its driver made no netdev"
                                                    : "it has no driver, so no netdev",
                                         "VF %s: lease its netdev", vf->label);
        snprintf(path, sizeof(path), "/sys/class/net/%s", vf->ifname);
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return sriov_fail(vf->pf->ctx, -errno, "VF %s: netdev %s", vf->label, vf->ifname);
        r = sysfs_read_uint(fd, "mtu", &mtu);
        if (r == 0)
                r = sysfs_read_str(fd, "address", text, sizeof(text));
        if (r >= 0)
                r = sriov_mac_parse(text, j->ifmac) < 0 ? -EBADMSG : 0;
        if (r < 0)
                return sriov_fail(vf->pf->ctx, r, "VF %s: read netdev %s", vf->label, vf->ifname);
        j->netdev = true;
        j->mtu = mtu;
        snprintf(j->ifname, sizeof(j->ifname), "%s", vf->ifname);
        return 0;
}

/* Every refusal names the field and why: a caller (the CNI plugin) passes the message on. */
static int check_args(struct sriov_ctx *ctx, const struct sriov_acquire_args *args)
{
        const uint32_t known = SRIOV_ACQUIRE_VFIO_OWNER | SRIOV_ACQUIRE_NETDEV |
                               SRIOV_ACQUIRE_ASSIGNED;

        if (!args->pf == !args->vf)
                return sriov_fail_reason(ctx, -EINVAL, "give exactly one of pf and vf",
                                         "acquire: pf %s, vf %s", args->pf ? args->pf : "(none)",
                                         args->vf ? args->vf : "(none)");
        if (args->owner_pid < -1)
                return sriov_fail_reason(ctx, -EINVAL, "not a pid, 0 or -1", "acquire: owner_pid %d",
                                         args->owner_pid);
        if (args->flags & ~known)
                return sriov_fail_reason(ctx, -EINVAL, "unknown flags", "acquire: flags 0x%x",
                                         args->flags);
        if ((args->flags & SRIOV_ACQUIRE_ASSIGNED) && !args->vf)
                return sriov_fail_reason(ctx, -EINVAL, "only with a VF named", "acquire: %s: "
                                         "SRIOV_ACQUIRE_ASSIGNED", args->pf);
        for (size_t i = 0; i < sizeof(args->reserved2) / sizeof(args->reserved2[0]); i++)
                if (args->reserved2[i])
                        return sriov_fail_reason(ctx, -EINVAL, "must be zero",
                                                 "acquire: reserved2[%zu]", i);
        /* Without the flag the owner fields must be zero: room for what they may mean later. */
        if (!(args->flags & SRIOV_ACQUIRE_VFIO_OWNER) && (args->vfio_uid || args->vfio_gid))
                return sriov_fail_reason(ctx, -EINVAL, "only with SRIOV_ACQUIRE_VFIO_OWNER",
                                         "acquire: vfio_uid %u, vfio_gid %u", args->vfio_uid,
                                         args->vfio_gid);
        /* A netdev lease has no VFIO nodes to hand over. */
        if ((args->flags & SRIOV_ACQUIRE_NETDEV) && (args->flags & SRIOV_ACQUIRE_VFIO_OWNER))
                return sriov_fail_reason(ctx, -EINVAL, "a netdev lease has no VFIO nodes",
                                         "acquire: SRIOV_ACQUIRE_NETDEV with "
                                         "SRIOV_ACQUIRE_VFIO_OWNER");
        /* The holder is one line of the journal, and goes into messages. */
        if (args->holder) {
                size_t len = strlen(args->holder);

                if (len == 0 || len >= SRIOV_LEASE_HOLDER_MAX || strcmp(args->holder, "-") == 0)
                        return sriov_fail_reason(ctx, -EINVAL, "1 to 255 bytes, not \"-\"",
                                                 "acquire: holder \"%.300s\"", args->holder);
                for (const char *c = args->holder; *c; c++)
                        if ((unsigned char)*c < ' ' || *c == 0x7f)
                                return sriov_fail_reason(ctx, -EINVAL, "a control character",
                                                         "acquire: holder, byte %zu",
                                                         (size_t)(c - args->holder));
        }
        /* Labels are journal lines too, and what a holder finds its leases by. */
        if (args->labels) {
                struct lease_journal scratch = { .n_labels = 0 };

                for (size_t i = 0; args->labels[i]; i++) {
                        const char *why = lease_label_invalid(args->labels[i]);

                        if (!why && i == SRIOV_LEASE_LABELS_MAX)
                                why = "more than 16 labels";
                        if (!why && lease_journal_add_label(&scratch, args->labels[i]) < 0)
                                why = "its key twice";
                        if (why)
                                return sriov_fail_reason(ctx, -EINVAL, why,
                                                         "acquire: label \"%.300s\"",
                                                         args->labels[i]);
                }
        }
        return 0;
}

/* Undo a failed hand-over: the VF as journaled, the lease gone; the first error stays. */
static void give_back(struct sriov_ctx *ctx, const struct lease_journal *j)
{
        struct error_frame f;
        int r;

        error_frame_save(ctx, &f);
        r = restore_vf(ctx, j);
        if (r == 0)
                r = journal_remove(ctx, j->pci);
        if (r == 0)
                error_frame_end(ctx, &f, 0, "the VF was put back as it was");
        else
                error_frame_end(ctx, &f, r, NULL);
        if (r < 0)
                sriov_error_append(ctx, " (the lease stays for sriovctl lease gc)");
}

SRIOV_EXPORT int sriov_vf_acquire(struct sriov_ctx *ctx, const struct sriov_acquire_args *args,
                                  struct sriov_lease **ret)
{
        struct lease_journal j = { .owner_pid = -1, .broken_pid = -1 };
        struct process_id owner, busy;
        struct sriov_vf *vf = NULL;
        struct sriov_lease *l;
        struct sriov_vf_config cfg;
        int r;

        if (!ctx || !args || !ret)
                return -EINVAL;
        r = check_args(ctx, args);
        if (r < 0)
                return r;
        r = host_lock(ctx);
        if (r < 0)
                return r;
        r = args->vf ? take_named_vf(ctx, args->vf, args->flags & SRIOV_ACQUIRE_ASSIGNED, &vf)
                     : pick_free_vf(ctx, args->pf, args->flags & SRIOV_ACQUIRE_NETDEV, &vf);
        /* As it is now: a stale lease on it may have just been recovered. */
        if (r == 0)
                r = vf_need_pci(vf, "acquire");
        if (r == 0)
                r = sriov_vf_reread(vf);
        /* A value no driver takes is refused before the VF changes hands. */
        if (r == 0 && args->config.mask)
                r = vf_config_check(vf, &args->config);
        if (r < 0)
                goto out;

        /* The journal: who, and the VF as it is, before anything changes. */
        snprintf(j.pci, sizeof(j.pci), "%s", vf->pci);
        snprintf(j.pf, sizeof(j.pf), "%s", sriov_pf_get_pci_address(vf->pf));
        j.vf = vf->index;
        /* The device itself, not just its address: a VF made later there is another. */
        r = lease_dev_ino(vf->pci, &j.dev_ino);
        if (r < 0) {
                sriov_fail(ctx, r, "VF %s: read its sysfs directory", vf->label);
                goto out;
        }
        /* The owner as its own PID namespace numbers it: found again from any other. */
        if (args->owner_pid >= 0) {
                if (process_id_read(args->owner_pid, &owner) < 0) {
                        r = sriov_fail_reason(ctx, -ESRCH, "no such process",
                                              "VF %s: lease owner %d", vf->label, args->owner_pid);
                        goto out;
                }
                j.owner_pid = owner.pid;
                j.owner_start = owner.start;
                j.owner_pidns = owner.pidns;
        }
        /* Until the lease is held, this process answers for it: if it dies, it is undone. */
        r = process_id_read(0, &busy);
        j.busy_pid = busy.pid;
        j.busy_start = busy.start;
        j.busy_pidns = busy.pidns;
        if (r == 0)
                r = new_cookie(ctx, j.cookie);
        if (r < 0)
                goto out;
        snprintf(j.orig_driver, sizeof(j.orig_driver), "%s", vf->driver ? vf->driver : "");
        snprintf(j.orig_override, sizeof(j.orig_override), "%s",
                 sriov_vf_get_driver_override(vf) ? sriov_vf_get_driver_override(vf) : "");
        if (args->holder)
                snprintf(j.holder, sizeof(j.holder), "%s", args->holder);
        for (size_t i = 0; args->labels && args->labels[i]; i++)
                lease_journal_add_label(&j, args->labels[i]); /* checked above */
        if (args->flags & SRIOV_ACQUIRE_NETDEV) {
                r = journal_netdev(vf, &j);
                if (r < 0)
                        goto out;
        }
        r = sriov_vf_get_config(vf, &cfg);
        if (r == 0) {
                j.orig_config = cfg; /* mask: what the driver reports, so what can be put back */
        } else if (r == -ENODATA && args->config.mask) {
                /* Settings that could not be read could not be put back at release. */
                sriov_error_append(ctx, "; so the settings asked for could not be put back at "
                                        "release: acquire it without them");
                goto out;
        } else if (r != -ENODEV && r != -ENODATA) {
                goto out;
        }
        r = journal_write(ctx, &j);
        if (r < 0)
                goto out;

        acting_on(ctx, j.pci);
        r = hand_over(ctx, vf, args);
        if (r == 0) {
                j.state = LEASE_HELD;
                j.busy_pid = -1;
                j.busy_start = 0;
                j.busy_pidns = 0;
                r = journal_write(ctx, &j);
        }
        if (r < 0)
                give_back(ctx, &j);
        acting_on(ctx, NULL);
        if (r < 0)
                goto out;
        l = lease_new(ctx, &j);
        if (!l) {
                r = -ENOMEM;
                goto out;
        }
        describe(l, vf);
        *ret = l;
out:
        sriov_vf_unref(vf);
        host_unlock(ctx);
        return r;
}

/* ---- existing leases --------------------------------------------------------------------------- */

static int lease_from_journal(struct sriov_ctx *ctx, const struct lease_journal *j,
                              struct sriov_lease **ret)
{
        struct sriov_lease *l = lease_new(ctx, j);
        struct sriov_vf *vf;

        char why[200];

        if (!l)
                return -ENOMEM;
        /* A lost lease's address may hold a new device: nothing of it describes the lease. */
        l->lost = lease_vf_lost(j, why, sizeof(why)) == 1;
        if (!l->lost && sriov_vf_new_from_name(ctx, j->pci, &vf) == 0) {
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
        char pci[SRIOV_PCI_ADDR_MAX], label[VF_LABEL_MAX];
        int r;

        if (!ctx || !name || !ret)
                return -EINVAL;
        r = sriov_vf_new_from_name(ctx, name, &vf);
        /* A VF gone (or not a VF any more) by its address may have a lost lease, which its
         * holder releases still. */
        if ((r == -ENODEV || r == -ERANGE || r == -EINVAL) &&
            sriov_pci_addr_canonical(name, pci) == 0) {
                struct error_frame f;

                error_frame_save(ctx, &f);
                if (journal_read(ctx, pci, &j) == 0)
                        return lease_from_journal(ctx, &j, ret);
                error_frame_end(ctx, &f, 0, NULL); /* the lookup's error, as it was */
        }
        if (r < 0)
                return r;
        snprintf(pci, sizeof(pci), "%s", vf->pci);
        snprintf(label, sizeof(label), "%s", vf->label);
        sriov_vf_unref(vf);
        r = journal_read(ctx, pci, &j);
        if (r == -ENOENT)
                return sriov_fail_reason(ctx, -ENOENT, "it has no lease", "VF %s: lease", label);
        if (r < 0)
                return r;
        return lease_from_journal(ctx, &j, ret);
}

SRIOV_EXPORT int sriov_lease_release(struct sriov_lease *l)
{
        struct sriov_ctx *ctx;
        struct lease_journal now;
        char label[VF_LABEL_MAX], why[200];
        int r;

        if (!l)
                return -EINVAL;
        ctx = l->ctx;
        r = host_lock(ctx);
        if (r < 0)
                return r;
        r = journal_read(ctx, l->j.pci, &now);
        /* Only our own lease: after a recovery the VF may have been leased again. */
        if (r == -ENOENT || (r == 0 && strcmp(now.cookie, l->j.cookie) != 0))
                r = sriov_fail_reason(ctx, -ESTALE, "the lease was recovered or released already",
                                      "VF %s: release", journal_label(ctx, &l->j, label));
        if (r == 0 && lease_vf_lost(&now, why, sizeof(why)) == 1) {
                /* Its VF went away: nothing to put back, and a new device at its address is
                 * not the holder's to change. */
                r = end_lost(ctx, &now, why, "released");
                host_unlock(ctx);
                if (r < 0)
                        return r;
                lease_set_journal(l, &now);
                l->lost = true;
                return now.broken_pid >= 0 ? 1 : 0;
        }
        if (r == 0 && now.broken_pid >= 0) {
                char comm[32];

                process_name(now.broken_pid, comm, sizeof(comm));
                sriov_log_cond(ctx, LOG_WARNING,
                               "VF %s: changed under its lease: process %d (%s) did \"%s\", "
                               "as forced; putting it back as it was before the lease",
                               journal_label(ctx, &l->j, label), now.broken_pid, comm,
                               now.broken_what);
        }
        if (r == 0) {
                /* Releasing, by this process: if it dies part-way, lease gc finishes it. */
                struct lease_journal releasing = now;
                struct process_id busy;

                releasing.state = LEASE_RELEASING;
                r = process_id_read(0, &busy);
                releasing.busy_pid = busy.pid;
                releasing.busy_start = busy.start;
                releasing.busy_pidns = busy.pidns;
                if (r == 0)
                        r = journal_write(ctx, &releasing);
        }
        if (r == 0) {
                acting_on(ctx, l->j.pci);
                r = restore_vf(ctx, &now);
                acting_on(ctx, NULL);
                if (r == 0) {
                        r = journal_remove(ctx, l->j.pci);
                } else {
                        /* Still the holder's, to release again; the first error stays. */
                        struct error_frame f;

                        error_frame_save(ctx, &f);
                        error_frame_end(ctx, &f, journal_write(ctx, &now),
                                        "the lease stays held; release it again");
                }
        }
        host_unlock(ctx);
        if (r == 0) {
                lease_set_journal(l, &now);
                return now.broken_pid >= 0 ? 1 : 0;
        }
        return r;
}

static int cmp_lease(const void *a, const void *b)
{
        return strcmp((*(struct sriov_lease *const *)a)->j.pci,
                      (*(struct sriov_lease *const *)b)->j.pci);
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
        for (size_t i = 0; i < count && r == 0; i++) {
                struct lease_journal j;

                r = journal_read(ctx, names[i], &j);
                /* A lease released while we list it is simply not listed; one that cannot be
                 * read (corrupt, or no rights to it) is an error, never left out unsaid. */
                if (r == -ENOENT) {
                        r = 0;
                        continue;
                }
                if (r == 0)
                        r = lease_from_journal(ctx, &j, &v[n]);
                if (r == 0)
                        n++;
        }
        strv_free(names);
        if (r < 0) {
                sriov_lease_list_free(v);
                return r;
        }
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

SRIOV_EXPORT int sriov_lease_gc_report(struct sriov_ctx *ctx, unsigned int *recovered,
                                       unsigned int *lost)
{
        char **names, why[200];
        unsigned int n = 0, n_lost = 0;
        int r, first_err = 0;

        if (!ctx)
                return -EINVAL;
        r = host_lock(ctx);
        if (r < 0)
                return r;
        r = list_lease_names(ctx, &names);
        if (r < 0) {
                host_unlock(ctx);
                return r;
        }
        for (size_t i = 0; names[i]; i++) {
                struct lease_journal j;

                enum settled how;

                if (journal_read(ctx, names[i], &j) < 0 ||
                    (lease_alive(&j) && lease_vf_lost(&j, why, sizeof(why)) != 1))
                        continue;
                r = recover_if_stale(ctx, names[i], NULL, "recover", &how);
                if (r == 0 && how == SETTLED_RECOVERED)
                        n++;
                else if (r == 0 && how == SETTLED_LOST)
                        n_lost++;
                else if (r < 0 && !first_err)
                        first_err = r;
        }
        strv_free(names);
        host_unlock(ctx);
        if (recovered)
                *recovered = n;
        if (lost)
                *lost = n_lost;
        return first_err;
}

SRIOV_EXPORT int sriov_lease_gc(struct sriov_ctx *ctx, unsigned int *recovered)
{
        return sriov_lease_gc_report(ctx, recovered, NULL);
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

SRIOV_EXPORT const char *const *sriov_lease_get_labels(const struct sriov_lease *l)
{
        return l->labels;
}

SRIOV_EXPORT const char *sriov_lease_get_label(const struct sriov_lease *l, const char *key)
{
        size_t klen = key ? strlen(key) : 0;

        for (unsigned int i = 0; klen && i < l->j.n_labels; i++)
                if (strncmp(l->j.labels[i], key, klen) == 0 && l->j.labels[i][klen] == '=')
                        return l->j.labels[i] + klen + 1;
        return NULL;
}

/* The pid the caller's /proc shows, when the owner is there to be found. */
SRIOV_EXPORT int sriov_lease_get_owner_pid(const struct sriov_lease *l)
{
        int local = l->j.owner_pid > 0 ? find_owner(&l->j) : 0;

        return local > 0 ? local : l->j.owner_pid;
}

SRIOV_EXPORT const char *sriov_lease_get_cookie(const struct sriov_lease *l)
{
        return l->j.cookie;
}

SRIOV_EXPORT int sriov_lease_is_stale(const struct sriov_lease *l)
{
        return lease_alive(&l->j) ? 0 : 1;
}

SRIOV_EXPORT int sriov_lease_is_lost(const struct sriov_lease *l)
{
        return l->lost ? 1 : 0;
}

SRIOV_EXPORT enum sriov_lease_state sriov_lease_get_state(const struct sriov_lease *l)
{
        return l->j.state == LEASE_HELD        ? SRIOV_LEASE_HELD
               : l->j.state == LEASE_RELEASING ? SRIOV_LEASE_RELEASING
                                               : SRIOV_LEASE_ACQUIRING;
}

SRIOV_EXPORT int sriov_lease_get_broken_pid(const struct sriov_lease *l)
{
        return l->j.broken_pid;
}

/* One word for what a lease is, the first that holds: lost (nothing is left to hold), stale
 * (nobody holds it), acquiring or releasing (in passage), broken (held, but a forced change
 * went past it), held. sriovctl lease list, its metrics and the monitor's lease events say it. */
SRIOV_EXPORT const char *sriov_lease_get_state_name(const struct sriov_lease *l)
{
        if (sriov_lease_is_lost(l))
                return "lost";
        if (sriov_lease_is_stale(l))
                return "stale";
        switch (sriov_lease_get_state(l)) {
        case SRIOV_LEASE_ACQUIRING: return "acquiring";
        case SRIOV_LEASE_RELEASING: return "releasing";
        case SRIOV_LEASE_HELD: break;
        }
        return sriov_lease_get_broken_pid(l) >= 0 ? "broken" : "held";
}

SRIOV_EXPORT int64_t sriov_lease_get_since(const struct sriov_lease *l)
{
        return l ? l->j.written : 0;
}

SRIOV_EXPORT const char *sriov_lease_get_holder(const struct sriov_lease *l)
{
        return or_null(l->j.holder);
}

SRIOV_EXPORT const char *sriov_lease_get_ifname(const struct sriov_lease *l)
{
        return l->j.netdev ? or_null(l->j.ifname) : NULL;
}

SRIOV_EXPORT unsigned int sriov_lease_get_mtu(const struct sriov_lease *l)
{
        return l->j.netdev ? l->j.mtu : 0;
}

SRIOV_EXPORT int sriov_lease_get_mac(const struct sriov_lease *l, uint8_t mac[6])
{
        if (!l->j.netdev)
                return -ENODATA;
        memcpy(mac, l->j.ifmac, 6);
        return 0;
}
