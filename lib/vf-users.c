/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Whom a change takes VFs from, asked in one place before every change that removes, remakes,
 * rebinds or changes VFs: a lease's holder (lease.c), and for a change that takes the VF or
 * its netdev away, whoever uses it (vf-in-use.c). All VFs are looked at before deciding, so
 * that a refusal names every VF in the way and each of its users, and the admin frees them
 * all before trying again; forced, each VF the change breaks gets a LOG_WARNING of its own
 * (sriovctl prints warnings always), so that force never destroys anything unsaid. A process
 * holding a VF through VFIO is refused even then: the kernel would wait for it without end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "libsriov-private.h"

/* Of the context's 512-byte error: the list of VFs in a refusal, the rest for what is around
 * it ("PF ...: sriov_numvfs 3: 9 VFs in use: ...; and 7 more; release them or force"). */
#define REFUSAL_LIST_MAX 320

/* One VF the change would take from someone. */
struct vf_user {
        char label[2 * SRIOV_PCI_ADDR_MAX + SRIOV_IFNAME_MAX + 16];
        char pci[SRIOV_PCI_ADDR_MAX];
        char why[448];  /* its users, ", and " between them */
        char hint[256]; /* what frees it, ", " between them (for a refusal of one VF) */
        struct lease_journal *lease;
        size_t lease_end; /* where the lease's holder ends in @why */
};

static void add_use(struct vf_user *u, const char *why, const char *hint)
{
        size_t len = strlen(u->why);

        snprintf(u->why + len, sizeof(u->why) - len, "%s%s", len ? ", and " : "", why);
        if (!hint)
                return;
        len = strlen(u->hint);
        snprintf(u->hint + len, sizeof(u->hint) - len, "%s%s", len ? ", " : "", hint);
}

/* A change of one VF, which its messages name; else of several, which the PF's name. */
static bool of_one_vf(const struct vf_change *c)
{
        return c->vf || (c->vfs && c->n == 1);
}

/* A process holds @vf through VFIO: -EBUSY, whatever the flags. */
static int refuse_held(const struct vf_change *c, struct sriov_vf *vf, const char *holders)
{
        char reason[448];

        snprintf(reason, sizeof(reason),
                 "VF %s is held open through VFIO by %s; the kernel would wait for it to let go, "
                 "without end, so not even force goes ahead; stop it first",
                 vf->label, holders);
        return sriov_fail_reason(c->pf->ctx, -EBUSY, reason, "PF %s: %s", c->pf->name, c->what);
}

/* Only a lease can be in the way: the change asks no more, or the VFs have no driver, netdev
 * or VFIO node of their own to be in use (netdevsim's). */
static bool leases_only(const struct vf_change *c)
{
        return c->users == VF_USERS_LEASE || c->pf->kind != SRIOV_PF_KIND_PCI;
}

/* Whoever uses @vf, as @c->users asks, into @u. */
static int find_users(const struct vf_change *c, struct sriov_vf *vf, struct vf_user *u)
{
        char why[320], name[SRIOV_IFNAME_MAX], holders[192];
        const char *in_use;
        int r;

        if (leases_only(c))
                return 0;
        if (c->users == VF_USERS_REMOVE) {
                if (vfio_holders(vf, holders, sizeof(holders)) > 0)
                        return refuse_held(c, vf, holders);
                r = sriov_vf_is_in_use(vf, &in_use);
                if (r > 0)
                        add_use(u, in_use, NULL);
                if (r != 0)
                        return 0; /* in use, or gone meanwhile: nobody uses it */
                r = vf_netdev_addressed(vf, why, sizeof(why));
                if (r > 0)
                        add_use(u, why, NULL);
                return r < 0 ? r : 0;
        }
        /* VF_USERS_HOST_STACK: the host driver lets go of the VF, its netdev goes. */
        r = vf_netdev_up(vf, name, sizeof(name));
        if (r > 0) {
                snprintf(why, sizeof(why), "in use: its netdev %s is up", name);
                add_use(u, why, "take it down");
                return 0;
        }
        r = r < 0 ? r : vf_netdev_elsewhere(vf);
        if (r > 0) {
                add_use(u, "in use: its netdev is in another network namespace",
                        "bring it back first");
                return 0;
        }
        r = r < 0 ? r : vf_netdev_addressed(vf, why, sizeof(why));
        if (r > 0) {
                char in[sizeof(why) + 8];

                snprintf(in, sizeof(in), "in use: %s", why);
                add_use(u, in, "remove them");
        }
        return r < 0 ? r : 0;
}

/* Every user of VF @index into @u: "" when it has none. */
static int collect(const struct vf_change *c, unsigned int index, struct lease_journal *leases,
                   size_t n_leases, struct vf_user *u)
{
        struct sriov_vf *vf = NULL;
        int r = 0;

        memset(u, 0, sizeof(*u));
        for (size_t k = 0; k < n_leases && !u->lease; k++)
                if (leases[k].vf == index)
                        u->lease = &leases[k];
        if (c->vf)
                vf = sriov_vf_ref(c->vf);
        else if ((u->lease || !leases_only(c)) && sriov_pf_get_vf(c->pf, index, &vf) < 0)
                vf = NULL; /* gone already: nobody uses it but a lease's holder */
        if (!vf && !u->lease)
                return 0;
        if (vf)
                snprintf(u->label, sizeof(u->label), "%s", vf->label);
        else
                pf_vf_label(c->pf, index, u->label, sizeof(u->label));
        snprintf(u->pci, sizeof(u->pci), "%s", vf ? vf->pci : u->lease->pci);
        if (u->lease) {
                char holder[400], hint[96];

                lease_describe_holder(u->lease, holder, sizeof(holder));
                /* A holder that is gone releases nothing: its description says gc does. */
                if (strstr(holder, "lease gc"))
                        hint[0] = '\0';
                else
                        snprintf(hint, sizeof(hint),
                                 "its holder releases it (sriovctl vf release %s)", u->pci);
                add_use(u, holder, hint);
                u->lease_end = strlen(u->why);
        }
        if (vf)
                r = find_users(c, vf, u);
        sriov_vf_unref(vf);
        return r;
}

/* Not forced: -EBUSY naming every VF in @users and whom it is used by. */
static int refuse(const struct vf_change *c, const struct vf_user *users, size_t n)
{
        char list[REFUSAL_LIST_MAX + 64], reason[sizeof(users->why) + sizeof(users->hint) + 16];
        size_t len, shown;

        if (of_one_vf(c)) {
                /* A holder that is gone: the text already says gc recovers its lease. */
                bool gone = users[0].lease && strstr(users[0].why, "lease gc");

                if (gone && !users[0].hint[0])
                        snprintf(reason, sizeof(reason), "%s, or force", users[0].why);
                else
                        snprintf(reason, sizeof(reason), "%s; %s, or force", users[0].why,
                                 users[0].hint[0] ? users[0].hint : "release it");
                return sriov_fail_reason(c->pf->ctx, -EBUSY, reason, "VF %s: %s",
                                         users[0].label, c->what);
        }
        len = (size_t)snprintf(list, sizeof(list), "%zu VF%s in use: ", n, n > 1 ? "s" : "");
        for (shown = 0; shown < n; shown++) {
                char entry[sizeof(users->label) + sizeof(users->why) + 64];
                const struct vf_user *u = &users[shown];
                char release[SRIOV_PCI_ADDR_MAX + 32] = "";

                /* A lease's way out follows its holder, unless the holder is gone (then
                 * the text says "sriovctl lease gc recovers it"). */
                if (u->lease && !strstr(u->why, "lease gc"))
                        snprintf(release, sizeof(release), " (sriovctl vf release %s)", u->pci);
                snprintf(entry, sizeof(entry), "%sVF %s: %.*s%s%s", shown ? "; " : "", u->label,
                         (int)u->lease_end, u->why, release, u->why + u->lease_end);
                /* The first always, cut to fit if need be; the others while they fit. */
                if (shown && len + strlen(entry) > REFUSAL_LIST_MAX)
                        break;
                snprintf(list + len, REFUSAL_LIST_MAX + 1 - len, "%s", entry);
                len = strlen(list);
        }
        if (shown < n)
                snprintf(list + len, sizeof(list) - len, "; and %zu more", n - shown);
        snprintf(reason, sizeof(reason), "%s; release %s or force", list,
                 n > 1 ? "them" : "it");
        return sriov_fail_reason(c->pf->ctx, -EBUSY, reason, "PF %s: %s", c->pf->name, c->what);
}

/* Forced: a warning for every VF in @users, and its lease, if any, noted as broken. */
static int go_ahead(const struct vf_change *c, struct vf_user *users, size_t n)
{
        struct sriov_ctx *ctx = c->pf->ctx;
        bool dry = c->flags & SRIOV_DRY_RUN;
        int r = 0;

        if (c->flags & SRIOV_LEASES_SAID)
                return 0; /* the call this is part of says it */
        for (size_t i = 0; i < n && r == 0; i++) {
                struct vf_user *u = &users[i];

                if (of_one_vf(c))
                        warning(ctx, "VF %s: %s; %s anyway, as forced%s", u->label, u->why,
                                c->what, dry ? " (dry run)" : "");
                else
                        warning(ctx, "PF %s: %s: VF %s: %s; %s%s", c->pf->name, c->what,
                                u->label, u->why, c->forced ? c->forced : "changed as forced",
                                dry ? " (dry run)" : "");
                if (u->lease && !dry)
                        r = lease_note_broken(ctx, u->lease, c->broke ? c->broke : c->what);
        }
        return r;
}

int vf_users_guard(const struct vf_change *c)
{
        size_t n = c->vf ? 1 : c->n, n_leases = 0, n_users = 0;
        struct lease_journal *leases = NULL;
        struct vf_user *users = NULL;
        int r;

        r = lease_list_of_pf(c->pf->ctx, c->pf->name, &leases, &n_leases);
        if (r < 0)
                return r;
        if (n_leases == 0 && leases_only(c))
                goto out;
        users = calloc(n ? n : 1, sizeof(*users));
        if (!users) {
                r = -ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < n && r == 0; i++) {
                unsigned int index = c->vf ? c->vf->index : c->vfs ? c->vfs[i] : (unsigned int)i;

                r = collect(c, index, leases, n_leases, &users[n_users]);
                if (r == 0 && users[n_users].why[0])
                        n_users++;
        }
        if (r == 0 && n_users > 0)
                r = c->flags & SRIOV_FORCE ? go_ahead(c, users, n_users)
                                           : refuse(c, users, n_users);
out:
        free(users);
        free(leases);
        return r;
}
