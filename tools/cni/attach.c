/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ADD and DEL. An attachment is a lease (libsriov's, crash-safe) whose holder names it:
 * "libsriov-cni NETWORK CONTAINERID/IFNAME". ADD takes the lease with the PF-side settings
 * (all or nothing, in the library), then moves the netdev into the container and configures
 * it; a failure at any step gives everything back and releases the lease. DEL finds the lease
 * by its holder wherever the netdev went, brings the netdev home under its old name, MTU and
 * MAC, and releases the lease, which puts the PF-side settings back as journaled. No state of
 * the plugin's own: what DEL needs is in the lease journal, which survives our crash.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "cni.h"
#include "driver-class.h"
#include "lock-file.h"
#include "mac.h"

#define HOLDER_PREFIX "libsriov-cni "

int cni_holder(const char *network, const char *container_id, const char *ifname, char *buf,
               size_t size, struct cni_error *e)
{
        int n = snprintf(buf, size, HOLDER_PREFIX "%s %s/%s", network, container_id, ifname);

        if (n < 0 || (size_t)n >= size || (size_t)n > 255)
                return cni_fail(e, CNI_ERR_CONFIG, "network %s, container %s, interface %s: "
                                "together longer than a lease holder's 255 characters",
                                network, container_id, ifname);
        return 0;
}

int cni_libsriov_error(struct sriov_ctx *ctx, int r, int code, struct cni_error *e)
{
        const char *msg = sriov_ctx_get_error(ctx);

        /* The context says "" (never NULL) when the failing call set no message. */
        if (!msg || !msg[0])
                return cni_fail(e, r == -EBUSY ? CNI_ERR_NO_VF : code, "libsriov: %s",
                                strerror(-r));
        return cni_fail(e, r == -EBUSY ? CNI_ERR_NO_VF : code, "%s", msg);
}

int cni_find_lease(struct sriov_ctx *ctx, const char *holder, struct sriov_lease **ret,
                   struct cni_error *e)
{
        struct sriov_lease **leases = NULL;
        int r = sriov_lease_list(ctx, &leases);

        *ret = NULL;
        if (r < 0)
                return cni_libsriov_error(ctx, r, CNI_ERR_LIBSRIOV, e);
        for (struct sriov_lease **l = leases; *l && !*ret; l++)
                if (sriov_lease_get_holder(*l) && strcmp(sriov_lease_get_holder(*l), holder) == 0)
                        *ret = sriov_lease_ref(*l);
        sriov_lease_list_free(leases);
        return *ret ? 1 : 0;
}

/* ---- giving a VF back ------------------------------------------------------------------------- */

/* Bring the netdev of VF @pci into the host as @name, from @hint (CNI_NETNS: whoever owns it,
 * the runtime named it) or wherever it is (netns-scan.c says where it looks). */
static int bring_home(struct sriov_ctx *ctx, struct netns *host, const char *pci, const char *name,
                      const char *hint, int *ifindex, struct cni_error *e)
{
        uint64_t deadline = sriov_now_msec() + sriov_ctx_get_timeout(ctx);
        char cur[16];
        int r;

        r = netdev_find_by_pci(host, pci, ifindex, cur, e);
        if (r != 0)
                return r;
        if (hint && hint[0]) {
                struct netns *ns = NULL;
                struct cni_error gone = { 0 };

                if (netns_open(hint, &ns, &gone) == 0) {
                        r = netdev_find_by_pci(ns, pci, ifindex, cur, e);
                        if (r == 1 && netdev_fetch_home(ns, *ifindex, cur, host, pci, name, e) < 0)
                                r = -1;
                        netns_close(ns);
                        if (r < 0)
                                return -1;
                }
        }
        if (r == 0 && netns_search(host, pci, name, e) < 0)
                return -1;
        /* A namespace being destroyed hands its netdevs back to the host a moment later. */
        for (;;) {
                r = netdev_find_by_pci(host, pci, ifindex, cur, e);
                if (r != 0 || sriov_msec_left(deadline) == 0)
                        return r;
                usleep(50 * 1000);
        }
}

/* Whether @l is still the lease on its VF: false once it was released or recovered (and
 * the VF perhaps leased anew, under another cookie). */
static bool lease_is_current(struct sriov_ctx *ctx, const struct sriov_lease *l)
{
        struct sriov_lease *now = NULL;
        bool same = true;
        int r = sriov_lease_new_from_vf(ctx, sriov_lease_get_pci_address(l), &now);

        if (r == -ENOENT)
                same = false;
        else if (r == 0)
                same = strcmp(sriov_lease_get_cookie(now), sriov_lease_get_cookie(l)) == 0;
        /* Another error: not known to be gone, so the release decides. */
        sriov_lease_unref(now);
        return same;
}

static int give_back_locked(struct sriov_ctx *ctx, struct sriov_lease *l, const char *netns_hint,
                            struct cni_error *e)
{
        const char *pci = sriov_lease_get_pci_address(l), *name = sriov_lease_get_ifname(l);
        struct netns *host = NULL;
        struct netdev_state st;
        uint8_t mac[6];
        int ifindex = 0, found, r;

        /* Given back already (a DEL or GC racing this one won): its VF may be another
         * attachment's by now, so its netdev is not ours to move. */
        if (!lease_is_current(ctx, l))
                return 0;
        /* A lost lease's VF went away (sriov_lease_is_lost()): its netdev went with it, and a
         * netdev of a new VF at its address is not the attachment's to rename or move. The
         * release ends the lease, putting nothing back. */
        if (name && !sriov_lease_is_lost(l)) {
                if (netns_open(NULL, &host, e) < 0)
                        return -1;
                found = bring_home(ctx, host, pci, name, netns_hint, &ifindex, e);
                if (found < 0) {
                        netns_close(host);
                        return -1;
                }
                if (found == 0)
                        /* Unbound meanwhile, or its driver was: nothing of it to put back. */
                        cni_detail(e, "VF %s: no netdev anywhere; its PF-side settings are put back",
                                   pci);
                if (found == 1 && netdev_get(host, ifindex, &st, e) == 0) {
                        if (st.up && netdev_set_up(host, ifindex, false, e) < 0)
                                goto fail;
                        if (strcmp(st.name, name) != 0 && netdev_rename(host, ifindex, name, e) < 0)
                                goto fail;
                        if (sriov_lease_get_mtu(l) && st.mtu != sriov_lease_get_mtu(l) &&
                            netdev_set_mtu(host, ifindex, sriov_lease_get_mtu(l), e) < 0)
                                goto fail;
                        if (sriov_lease_get_mac(l, mac) == 0 && memcmp(mac, st.mac, 6) != 0 &&
                            netdev_set_mac(host, ifindex, mac, e) < 0)
                                goto fail;
                }
                netns_close(host);
                host = NULL;
        }
        r = sriov_lease_release(l);
        /* Released by a DEL or GC racing this one: given back, which is what was asked. */
        if (r < 0 && r != -ESTALE)
                return cni_libsriov_error(ctx, r, CNI_ERR_LIBSRIOV, e);
        return 0;
fail:
        netns_close(host);
        cni_detail(e, "VF %s stays leased to the attachment; DEL again retries", pci);
        return -1;
}

/* Two DELs of one attachment at once, or a DEL and a GC, one VF at a time: the second finds
 * the lease gone (lease_is_current()) instead of moving a netdev the first is moving. The
 * lock is a file of ours in the lease directory (libsriov reads only its *.lease files);
 * the kernel drops it if we die. */
int cni_give_back(struct sriov_ctx *ctx, struct sriov_lease *l, const char *netns_hint,
                  struct cni_error *e)
{
        const char *pci = sriov_lease_get_pci_address(l), *dir = sriov_ctx_get_lease_dir(ctx);
        char name[64], why[256];
        int lock, r;

        snprintf(name, sizeof(name), "libsriov-cni-%s.lock", pci);
        /* The other may wait for a namespace being destroyed (bring_home()): twice that. */
        lock = sriov_lock_file_take(dir, name, true, 2 * sriov_ctx_get_timeout(ctx), why,
                                    sizeof(why));
        if (lock < 0)
                return cni_fail(e, CNI_ERR_LIBSRIOV, "VF %s: give back: lock %s/%s: %s", pci, dir,
                                name, why);
        r = give_back_locked(ctx, l, netns_hint, e);
        sriov_lock_file_release(lock);
        return r;
}

/* ---- ADD -------------------------------------------------------------------------------------- */

/* The IPs and routes IPAM gave, on the netdev in the container. A route without a gateway
 * takes the gateway of the first IP of its family, as the reference plugins do. */
static int configure_ip(struct netns *ns, int ifindex, const struct cni_result *r,
                        struct cni_error *e)
{
        for (size_t i = 0; i < r->n_ips; i++)
                if (netdev_add_address(ns, ifindex, r->ips[i].address, e) < 0)
                        return -1;
        for (size_t i = 0; i < r->n_routes; i++) {
                const struct cni_route *rt = &r->routes[i];
                const char *gw = rt->gw[0] ? rt->gw : NULL;
                bool v6 = strchr(rt->dst, ':');

                for (size_t k = 0; !gw && k < r->n_ips; k++)
                        if (r->ips[k].gateway[0] && (strchr(r->ips[k].address, ':') != NULL) == v6)
                                gw = r->ips[k].gateway;
                if (netdev_add_route(ns, ifindex, rt->dst, gw, e) < 0)
                        return -1;
        }
        return 0;
}

static int want_vfio(struct sriov_ctx *ctx, const struct cni_conf *c, bool *vfio,
                     struct cni_error *e)
{
        struct sriov_vf *vf = NULL;
        int r;

        *vfio = c->vfio;
        if (!c->device_id[0])
                return 0;
        r = sriov_vf_new_from_name(ctx, c->device_id, &vf);
        if (r < 0)
                return cni_libsriov_error(ctx, r, CNI_ERR_CONFIG, e);
        /* As sriov-cni (its UserspaceDrivers: vfio-pci, uio_pci_generic, igb_uio): a VF the
         * device plugin bound to a driver that hands it to user space has no netdev to move,
         * and is a userspace (DPDK) attachment, what mode "vfio" names. */
        if (!c->mode_given && sriov_driver_is_passthrough(sriov_vf_get_driver(vf)))
                *vfio = true;
        sriov_vf_unref(vf);
        return 0;
}

/* The pool's PF is on this host (else the config is wrong here, code 7), checked before
 * the acquire, whose failures then are the VF's. */
static int want_pool(struct sriov_ctx *ctx, const struct cni_conf *c, struct cni_error *e)
{
        struct sriov_pf *pf = NULL;
        int r;

        if (c->device_id[0] || !c->pf[0])
                return 0;
        r = sriov_pf_new_from_name(ctx, c->pf, &pf);
        if (r < 0)
                return cni_fail(e, CNI_ERR_CONFIG, "config: pf \"%s\": %s", c->pf,
                                sriov_ctx_get_error(ctx)[0] ? sriov_ctx_get_error(ctx)
                                                            : strerror(-r));
        sriov_pf_unref(pf);
        return 0;
}

/* The code of a failed acquire of a VF that exists (want_vfio(), want_pool()): the settings
 * asked for, refused by the PF driver (it answers -EINVAL, -ERANGE, -EOPNOTSUPP or -EIO, the
 * last for a setting it acked and does not report), or libsriov otherwise. */
static int acquire_error_code(const struct sriov_acquire_args *a, int r)
{
        if (r == -EBUSY)
                return CNI_ERR_NO_VF;
        if (a->config.mask && (r == -EINVAL || r == -ERANGE || r == -EOPNOTSUPP || r == -EIO))
                return CNI_ERR_VF_SETTINGS;
        return CNI_ERR_LIBSRIOV;
}

/* The netdev into the container: MTU and MAC first (in the host, where igbvf takes them down),
 * then moved and renamed in one request, then up. */
static int attach_netdev(struct netns *host, struct netns *cont, const struct cni_conf *c,
                         const struct cni_env *env, const char *pci, int *ifindex,
                         struct cni_error *e)
{
        char cur[16];
        int idx, r;

        r = netdev_find_by_name(cont, env->ifname, &idx, e);
        if (r != 0)
                return r < 0 ? -1 : cni_fail(e, CNI_ERR_NETDEV, "netns %s: a netdev %s is there "
                                             "already", env->netns, env->ifname);
        r = netdev_find_by_pci(host, pci, &idx, cur, e);
        if (r <= 0)
                return r < 0 ? -1 : cni_fail(e, CNI_ERR_NETDEV, "VF %s: no netdev in the host",
                                             pci);
        if (netdev_set_up(host, idx, false, e) < 0 ||
            (c->mtu && netdev_set_mtu(host, idx, c->mtu, e) < 0) ||
            ((c->vf.mask & SRIOV_VF_CONFIG_MAC) && netdev_set_mac(host, idx, c->vf.mac, e) < 0) ||
            netdev_move(host, idx, cont, env->ifname, e) < 0)
                return -1;
        r = netdev_find_by_name(cont, env->ifname, ifindex, e);
        if (r <= 0)
                return r < 0 ? -1 : cni_fail(e, CNI_ERR_NETDEV, "netns %s: %s is gone after the "
                                             "move", env->netns, env->ifname);
        return netdev_set_up(cont, *ifindex, true, e);
}

/* What the lease keeps of the attachment beside its holder name: the runtime's words for it
 * (container, interface, and from CNI_ARGS the pod), for sriovctl lease list and monitoring. */
struct attachment_labels {
        char text[5][320];
        const char *v[6];
};

static int attachment_labels(const struct cni_conf *c, const struct cni_env *env,
                             struct attachment_labels *l, struct cni_error *e)
{
        struct cni_args args;
        size_t n = 0;

        if (cni_args_parse(env->args, &args, e) < 0)
                return -1;
        snprintf(l->text[n++], sizeof(l->text[0]), "cni.network=%s", c->name);
        snprintf(l->text[n++], sizeof(l->text[0]), "cni.container_id=%.255s", env->container_id);
        snprintf(l->text[n++], sizeof(l->text[0]), "cni.ifname=%s", env->ifname);
        if (args.have_namespace)
                snprintf(l->text[n++], sizeof(l->text[0]), "k8s.pod.namespace=%s",
                         args.pod_namespace);
        if (args.have_name)
                snprintf(l->text[n++], sizeof(l->text[0]), "k8s.pod.name=%.253s", args.pod_name);
        for (size_t i = 0; i <= n; i++)
                l->v[i] = i < n ? l->text[i] : NULL;
        return 0;
}

int cni_add(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
            struct cni_result *res, struct cni_error *e)
{
        struct sriov_acquire_args a = { .owner_pid = -1 };
        struct sriov_lease *l = NULL;
        struct netns *host = NULL, *cont = NULL;
        struct cni_result ipam = { 0 };
        struct netdev_state st;
        char holder[512];
        struct attachment_labels labels;
        bool vfio, ipam_done = false;
        int ifindex = 0, r;

        if (!c->device_id[0] && !c->pf[0])
                return cni_fail(e, CNI_ERR_CONFIG, "config: no deviceID (from the device plugin) "
                                "and no pf to take a VF of");
        if (cni_holder(c->name, env->container_id, env->ifname, holder, sizeof(holder), e) < 0 ||
            want_vfio(ctx, c, &vfio, e) < 0 || want_pool(ctx, c, e) < 0)
                return -1;
        /* The node's policy, before anything changes (policy-add.c). */
        if (cni_policy_check_add(ctx, c, env, vfio, e) < 0)
                return -1;
        /* An ADD that died before its DEL: its VF comes back first, then the ADD is done anew. */
        r = cni_find_lease(ctx, holder, &l, e);
        if (r < 0 || (r == 1 && cni_give_back(ctx, l, env->netns, e) < 0)) {
                sriov_lease_unref(l);
                return -1;
        }
        l = sriov_lease_unref(l);

        a.vf = c->device_id[0] ? c->device_id : NULL;
        a.pf = a.vf ? NULL : c->pf;
        a.config = c->vf;
        a.holder = holder;
        if (attachment_labels(c, env, &labels, e) < 0)
                return -1;
        a.labels = labels.v;
        /* A deviceID is the device plugin's allocation to this pod: ours, even on vfio-pci. */
        a.flags = (vfio ? 0 : SRIOV_ACQUIRE_NETDEV) | (a.vf ? SRIOV_ACQUIRE_ASSIGNED : 0);
        r = sriov_vf_acquire(ctx, &a, &l);
        if (r < 0)
                return cni_libsriov_error(ctx, r, acquire_error_code(&a, r), e);

        res->have_interface = true;
        snprintf(res->ifname, sizeof(res->ifname), "%s", env->ifname);
        snprintf(res->sandbox, sizeof(res->sandbox), "%s", env->netns);
        snprintf(res->pci, sizeof(res->pci), "%s", sriov_lease_get_pci_address(l));
        if (!vfio) {
                if (netns_open(NULL, &host, e) < 0 || netns_open(env->netns, &cont, e) < 0 ||
                    attach_netdev(host, cont, c, env, res->pci, &ifindex, e) < 0)
                        goto undo;
        }
        if (c->ipam_type[0]) {
                if (ipam_exec(c, env, "ADD", &ipam, e) < 0)
                        goto undo;
                ipam_done = true;
                if (!vfio && configure_ip(cont, ifindex, &ipam, e) < 0)
                        goto undo;
                memcpy(res->ips, ipam.ips, sizeof(ipam.ips));
                res->n_ips = ipam.n_ips;
                for (size_t i = 0; i < res->n_ips; i++)
                        res->ips[i].interface = 0;
                memcpy(res->routes, ipam.routes, sizeof(ipam.routes));
                res->n_routes = ipam.n_routes;
                res->dns_json = ipam.dns_json;
                ipam.dns_json = NULL;
        }
        if (!vfio) {
                if (netdev_get(cont, ifindex, &st, e) < 0)
                        goto undo;
                memcpy(res->mac, st.mac, 6);
                res->have_mac = true;
        }
        netns_close(cont);
        netns_close(host);
        sriov_lease_unref(l);
        return 0;
undo:
        netns_close(cont);
        netns_close(host);
        cni_result_free(&ipam);
        {
                /* Put back under the first error: what failed is what the runtime is told. */
                struct cni_error back = { 0 };

                if (ipam_done && ipam_exec(c, env, "DEL", NULL, &back) < 0)
                        cni_detail(e, "putting back: %s", back.msg);
                back.code = 0;
                if (cni_give_back(ctx, l, env->netns, &back) < 0)
                        cni_detail(e, "putting back: %s", back.msg);
                else
                        cni_detail(e, "VF %s was put back as it was and its lease released",
                                   res->pci);
        }
        sriov_lease_unref(l);
        return -1;
}

/* ---- DEL -------------------------------------------------------------------------------------- */

int cni_del(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
            struct cni_error *e)
{
        struct sriov_lease *l = NULL;
        struct cni_error ipam = { 0 };
        char holder[512];
        int r, ipam_r = 0;

        if (cni_holder(c->name, env->container_id, env->ifname, holder, sizeof(holder), e) < 0)
                return -1;
        /* No lease: ADD left nothing (it takes the lease, journaled, before it runs IPAM, and
         * an ADD that fails gives both back), or the host rebooted since: the lease lived in
         * /run, IPAM's address (host-local's store) on disk. So IPAM is asked to free this
         * attachment's address, and its failure is no error (there may be none, or no IPAM
         * daemon): a DEL of nothing succeeds, as sriov-cni's without a cached config. */
        r = cni_find_lease(ctx, holder, &l, e);
        if (r < 0)
                return -1;
        if (r == 0) {
                struct cni_error ignored = { 0 };

                if (c->ipam_type[0])
                        ipam_exec(c, env, "DEL", NULL, &ignored);
                return 0;
        }
        /* IPAM frees its address even when the VF is gone: an ADD may have died after it. */
        if (c->ipam_type[0])
                ipam_r = ipam_exec(c, env, "DEL", NULL, &ipam);
        else if (c->ipam_problem[0])
                ipam_r = cni_fail(&ipam, CNI_ERR_CONFIG, "%s: IPAM DEL not run; the VF is given "
                                  "back", c->ipam_problem);
        r = cni_give_back(ctx, l, env->netns, e);
        sriov_lease_unref(l);
        if (r < 0)
                return -1;
        if (ipam_r < 0) {
                *e = ipam;
                return -1;
        }
        return 0;
}
