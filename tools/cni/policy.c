/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The node's policy for ADD (libsriov-cni(8), POLICY). Three parties speak to the plugin: the
 * tenant writes the network config (the VF, the VLAN, trust, the network's name), the runtime
 * says the pod's Kubernetes namespace (CNI_ARGS), the node's admin writes this file. The file
 * says, per namespace and optionally per network name within it, what a config may ask; a
 * network's rule only narrows its namespace's, since the name is the tenant's own word.
 *
 * Here: reading the file (root's, not writable by others, no link, bounded; policy-parse.c
 * parses it) and deciding on one request, default deny. No libsriov here: policy-add.c finds
 * what a request is on the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"

/* ---- reading the file ------------------------------------------------------------------------- */

/* Only root may have written it: owned by root, not writable by group or others. */
static int trusted(const struct stat *st, const char *path, const char *what, struct cni_error *e)
{
        if (st->st_uid != 0)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: %s owned by uid %u, not root: "
                                "every ADD is refused until it is root's", path, what,
                                (unsigned int)st->st_uid);
        if (st->st_mode & (S_IWGRP | S_IWOTH))
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: %s writable by %s (mode %04o): "
                                "every ADD is refused until only root may write it", path, what,
                                (st->st_mode & (S_IWGRP | S_IWOTH)) == (S_IWGRP | S_IWOTH) ?
                                "its group and others" : st->st_mode & S_IWGRP ? "its group" :
                                "others",
                                (unsigned int)(st->st_mode & 07777));
        return 0;
}

static int read_bounded(int fd, const char *path, char **ret, size_t *len, struct cni_error *e)
{
        char *buf = malloc(CNI_POLICY_MAX_BYTES + 1);
        size_t used = 0;

        if (!buf)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: out of memory", path);
        for (;;) {
                ssize_t n = read(fd, buf + used, CNI_POLICY_MAX_BYTES + 1 - used);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        cni_fail(e, CNI_ERR_POLICY, "policy %s: %s", path, strerror(errno));
                        free(buf);
                        return -1;
                }
                if (n == 0)
                        break;
                used += (size_t)n;
                if (used > CNI_POLICY_MAX_BYTES) {
                        free(buf);
                        return cni_fail(e, CNI_ERR_POLICY, "policy %s: longer than %u bytes: "
                                        "every ADD is refused", path, CNI_POLICY_MAX_BYTES);
                }
        }
        buf[used] = '\0';
        *ret = buf;
        *len = used;
        return 0;
}

int cni_policy_load(const char *dir, const char *file, struct cni_policy **ret,
                    struct cni_error *e)
{
        char path[512];
        struct stat st;
        char *text = NULL;
        size_t len = 0;
        int dfd, fd, r;

        *ret = NULL;
        snprintf(path, sizeof(path), "%s/%s", dir, file);
        /* Whoever may write the directory may remove the file, and with it the policy. */
        dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0 && errno == ENOENT)
                return 0;
        if (dfd < 0)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: directory %s: %s: every ADD is "
                                "refused", path, dir, errno == ENOTDIR || errno == ELOOP ?
                                "not a directory (a symbolic link?)" : strerror(errno));
        if (fstat(dfd, &st) < 0 || trusted(&st, path, dir, e) < 0) {
                if (!e->code)
                        cni_fail(e, CNI_ERR_POLICY, "policy %s: %s: %s", path, dir, strerror(errno));
                close(dfd);
                return -1;
        }
        /* O_NONBLOCK: a FIFO put there must not hang every ADD; it is refused below. */
        fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        close(dfd);
        if (fd < 0 && errno == ENOENT)
                return 0;
        if (fd < 0)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: %s: every ADD is refused", path,
                                errno == ELOOP ? "a symbolic link, which is not followed"
                                               : strerror(errno));
        if (fstat(fd, &st) < 0) {
                cni_fail(e, CNI_ERR_POLICY, "policy %s: %s", path, strerror(errno));
                close(fd);
                return -1;
        }
        if (!S_ISREG(st.st_mode)) {
                close(fd);
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: not a regular file: every ADD is "
                                "refused", path);
        }
        r = trusted(&st, path, "the file", e);
        if (r == 0 && st.st_size > (off_t)CNI_POLICY_MAX_BYTES)
                r = cni_fail(e, CNI_ERR_POLICY, "policy %s: %lld bytes, more than %u: every "
                             "ADD is refused", path, (long long)st.st_size, CNI_POLICY_MAX_BYTES);
        if (r == 0)
                r = read_bounded(fd, path, &text, &len, e);
        close(fd);
        if (r == 0)
                r = cni_policy_parse(path, text, len, ret, e);
        free(text);
        return r < 0 ? -1 : 1;
}

/* ---- deciding --------------------------------------------------------------------------------- */

static bool in_ranges(const struct ranges *r, uint32_t x)
{
        for (size_t i = 0; i < r->n; i++)
                if (x >= r->v[i].first && x <= r->v[i].last)
                        return true;
        return false;
}

static void ranges_text(const struct ranges *r, char *buf, size_t size)
{
        size_t n = 0;

        buf[0] = '\0';
        if (r->n == 0)
                snprintf(buf, size, "none");
        for (size_t i = 0; i < r->n && n < size; i++) {
                if (r->v[i].first == r->v[i].last)
                        n += (size_t)snprintf(buf + n, size - n, "%s%u", i ? ", " : "",
                                              r->v[i].first);
                else
                        n += (size_t)snprintf(buf + n, size - n, "%s%u-%u", i ? ", " : "",
                                              r->v[i].first, r->v[i].last);
        }
}

static void names_text(const struct names *a, char *buf, size_t size)
{
        size_t n = 0;

        buf[0] = '\0';
        if (a->any)
                snprintf(buf, size, "any");
        else if (a->n == 0)
                snprintf(buf, size, "none");
        for (size_t i = 0; i < a->n && n < size; i++)
                n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", a->v[i]);
}

static bool names_has(const struct names *a, const char *s)
{
        for (size_t i = 0; s && i < a->n; i++)
                if (strcmp(a->v[i], s) == 0)
                        return true;
        return false;
}

struct decision {
        const struct cni_policy *p;
        const struct cni_policy_request *q;
        struct cni_error *e;
};

static int refuse(const struct decision *d, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static int refuse(const struct decision *d, const char *fmt, ...)
{
        char why[600];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(why, sizeof(why), fmt, ap);
        va_end(ap);
        if (d->q->pod_namespace)
                return cni_fail(d->e, CNI_ERR_POLICY, "policy %s: namespace \"%s\", network "
                                "\"%s\": %s", d->p->source, d->q->pod_namespace, d->q->network,
                                why);
        return cni_fail(d->e, CNI_ERR_POLICY, "policy %s: no namespace (CNI_ARGS has no "
                        "K8S_POD_NAMESPACE), network \"%s\": %s", d->p->source, d->q->network,
                        why);
}

static bool pf_listed(const struct names *pfs, const struct cni_policy_request *q)
{
        if (pfs->any || names_has(pfs, q->pf_pci))
                return true;
        for (const char *const *n = q->pf_ifnames; n && *n; n++)
                if (names_has(pfs, *n))
                        return true;
        return false;
}

static int check_device(const struct decision *d, const struct rule *r, bool base)
{
        const struct cni_policy_request *q = d->q;
        char pfs[256], vfs[256], pf[64];

        if (!base && !r->pfs.given && !r->vfs.given)
                return 0;
        if (pf_listed(&r->pfs, q) || (q->vf_pci && names_has(&r->vfs, q->vf_pci)))
                return 0;
        names_text(&r->pfs, pfs, sizeof(pfs));
        names_text(&r->vfs, vfs, sizeof(vfs));
        if (q->pf_ifnames && q->pf_ifnames[0])
                snprintf(pf, sizeof(pf), "%s (%s)", q->pf_pci, q->pf_ifnames[0]);
        else
                snprintf(pf, sizeof(pf), "%s", q->pf_pci);
        if (q->vf_pci)
                return refuse(d, "deviceID %s, a VF of PF %s: not allowed by %s (pfs: %s; "
                              "vfs: %s)", q->vf_pci, pf, r->path, pfs, vfs);
        return refuse(d, "pf %s (any free VF of it): not allowed by %s (pfs: %s%s)", pf, r->path,
                      pfs, r->vfs.n ? "; the vfs listed there are for a deviceID only" : "");
}

static int check_allow(const struct decision *d, const struct rule *r, bool base, enum allow a)
{
        if (r->allow[a] == 1 || (!base && r->allow[a] == -1))
                return 0;
        return refuse(d, "%s: not allowed by %s.%s (%s)", policy_allows[a].asked, r->path,
                      policy_allows[a].key, r->allow[a] == 0 ? "false" : "not set: false");
}

static int check_rule(const struct decision *d, const struct rule *r, bool base)
{
        const struct sriov_vf_config *vf = &d->q->vf;
        char list[256];

        if (check_device(d, r, base) < 0)
                return -1;
        if (base || r->vlans.given) {
                /* No vlan in the config leaves the VF's as it is: counted as 0, untagged. */
                uint32_t vlan = vf->mask & SRIOV_VF_CONFIG_VLAN ? vf->vlan : 0;

                if (!in_ranges(&r->vlans, vlan)) {
                        ranges_text(&r->vlans, list, sizeof(list));
                        if (vf->mask & SRIOV_VF_CONFIG_VLAN)
                                return refuse(d, "vlan %u: not allowed by %s.vlans (%s)", vlan,
                                              r->path, list);
                        return refuse(d, "no vlan (the VF keeps its own, counted as 0, "
                                      "untagged): not allowed by %s.vlans (%s)", r->path, list);
                }
        }
        if ((vf->mask & SRIOV_VF_CONFIG_QOS) && vf->qos && (base || r->vlan_qos.given) &&
            !in_ranges(&r->vlan_qos, vf->qos)) {
                ranges_text(&r->vlan_qos, list, sizeof(list));
                return refuse(d, "vlanQoS %u: not allowed by %s.vlan_qos (%s)", vf->qos, r->path,
                              list);
        }
        if ((vf->mask & SRIOV_VF_CONFIG_VLAN_PROTO) && vf->vlan_proto == SRIOV_VLAN_PROTO_8021AD &&
            check_allow(d, r, base, ALLOW_8021AD) < 0)
                return -1;
        if (((vf->mask & SRIOV_VF_CONFIG_TRUST) && vf->trust &&
             check_allow(d, r, base, ALLOW_TRUST) < 0) ||
            ((vf->mask & SRIOV_VF_CONFIG_SPOOFCHK) && !vf->spoofchk &&
             check_allow(d, r, base, ALLOW_SPOOFCHK_OFF) < 0) ||
            (d->q->vfio && check_allow(d, r, base, ALLOW_VFIO) < 0) ||
            ((vf->mask & SRIOV_VF_CONFIG_MAC) && check_allow(d, r, base, ALLOW_MAC) < 0) ||
            ((vf->mask & SRIOV_VF_CONFIG_LINK_STATE) &&
             check_allow(d, r, base, ALLOW_LINK_STATE) < 0))
                return -1;
        /* A guaranteed rate is taken from the other VFs of the PF: none unless allowed. */
        if ((vf->mask & SRIOV_VF_CONFIG_MIN_TX_RATE) && vf->min_tx_rate &&
            (base || r->min_tx_rate_max >= 0) && vf->min_tx_rate > r->min_tx_rate_max)
                return refuse(d, "min_tx_rate %u: not allowed by %s.min_tx_rate_max (%s%lld)",
                              vf->min_tx_rate, r->path, r->min_tx_rate_max < 0 ? "not set: " : "",
                              (long long)(r->min_tx_rate_max < 0 ? 0 : r->min_tx_rate_max));
        /* A ceiling limits only the VF's own traffic: bounded only when the policy says so. */
        if ((vf->mask & SRIOV_VF_CONFIG_MAX_TX_RATE) && r->max_tx_rate_max >= 0 &&
            (vf->max_tx_rate == 0 || vf->max_tx_rate > r->max_tx_rate_max))
                return refuse(d, "max_tx_rate %u%s: not allowed by %s.max_tx_rate_max (1-%lld)",
                              vf->max_tx_rate, vf->max_tx_rate ? "" : " (no limit)", r->path,
                              (long long)r->max_tx_rate_max);
        return 0;
}

static const struct rule *namespace_rule(const struct decision *d)
{
        const struct cni_policy *p = d->p;
        const char *ns = d->q->pod_namespace;

        if (!ns) {
                if (!p->no_namespace)
                        refuse(d, "an ADD without the pod's namespace is refused: the policy has "
                               "no $.no_namespace rule");
                return p->no_namespace;
        }
        for (size_t i = 0; i < p->n_namespaces; i++)
                if (strcmp(p->namespaces[i].name, ns) == 0)
                        return &p->namespaces[i].rule;
        if (!p->dflt)
                refuse(d, "no rule for this namespace in $.namespaces, and no $.default rule");
        return p->dflt;
}

static int check_reserved(const struct decision *d)
{
        const struct cni_policy *p = d->p;

        for (size_t i = 0; i < p->n_reserved; i++) {
                const struct reservation *r = &p->reserved[i];
                char list[256];
                size_t n = 0;

                if (strcmp(r->network, d->q->network) != 0)
                        continue;
                for (size_t k = 0; k < r->n; k++)
                        if (d->q->pod_namespace && strcmp(r->namespaces[k], d->q->pod_namespace) == 0)
                                return 0;
                list[0] = '\0';
                for (size_t k = 0; k < r->n && n < sizeof(list); k++)
                        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", k ? ", " : "",
                                              r->namespaces[k]);
                return refuse(d, "the network name is reserved by $.reserved_networks[\"%s\"] "
                              "to namespace%s %s", r->network, r->n == 1 ? "" : "s",
                              r->n ? list : "(none)");
        }
        return 0;
}

int cni_policy_decide(const struct cni_policy *p, const struct cni_policy_request *q,
                      struct cni_error *e)
{
        struct decision d = { .p = p, .q = q, .e = e };
        const struct rule *r, *net = NULL;

        if (check_reserved(&d) < 0 || !(r = namespace_rule(&d)))
                return -1;
        if (r->has_networks) {
                for (size_t i = 0; i < r->n_networks && !net; i++)
                        if (strcmp(r->networks[i].name, q->network) == 0)
                                net = &r->networks[i].rule;
                for (size_t i = 0; i < r->n_networks && !net; i++)
                        if (strcmp(r->networks[i].name, "*") == 0)
                                net = &r->networks[i].rule;
                if (!net)
                        return refuse(&d, "the network is not in %s.networks, which has no "
                                      "\"*\"", r->path);
        }
        if (check_rule(&d, r, true) < 0 || (net && check_rule(&d, net, false) < 0))
                return -1;
        return 0;
}
