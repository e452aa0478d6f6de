/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CHECK: is the attachment still what ADD made of it? The VF's PF-side settings against the
 * config, then the netdev in the container: there, under its name, with the MAC and MTU
 * asked for and every address and route of prevResult. The first difference fails, naming
 * the field, what it should be and what it is.
 */
#include <stdio.h>
#include <string.h>

#include "cni.h"
#include "mac.h"
#include "vf-fields.h"

/* One VF field as text, as the config says it. */
static void field_text(uint32_t bit, const struct sriov_vf_config *v, char *buf, size_t size)
{
        char mac[SRIOV_MAC_TEXT_MAX];

        switch (bit) {
        case SRIOV_VF_CONFIG_MAC: snprintf(buf, size, "%s", sriov_mac_format(v->mac, mac)); break;
        case SRIOV_VF_CONFIG_VLAN: snprintf(buf, size, "%u", v->vlan); break;
        case SRIOV_VF_CONFIG_QOS: snprintf(buf, size, "%u", v->qos); break;
        case SRIOV_VF_CONFIG_VLAN_PROTO:
                snprintf(buf, size, "%s", v->vlan_proto == SRIOV_VLAN_PROTO_8021AD ? "802.1ad"
                                                                                  : "802.1q");
                break;
        case SRIOV_VF_CONFIG_MIN_TX_RATE: snprintf(buf, size, "%u", v->min_tx_rate); break;
        case SRIOV_VF_CONFIG_MAX_TX_RATE: snprintf(buf, size, "%u", v->max_tx_rate); break;
        case SRIOV_VF_CONFIG_SPOOFCHK: snprintf(buf, size, "%s", v->spoofchk ? "on" : "off"); break;
        case SRIOV_VF_CONFIG_TRUST: snprintf(buf, size, "%s", v->trust ? "on" : "off"); break;
        case SRIOV_VF_CONFIG_LINK_STATE:
                snprintf(buf, size, "%s", v->link_state == SRIOV_LINK_STATE_ENABLE    ? "enable"
                                          : v->link_state == SRIOV_LINK_STATE_DISABLE ? "disable"
                                                                                      : "auto");
                break;
        default: snprintf(buf, size, "?"); break;
        }
}

/* The config's key for a field: sriov-cni's spelling. */
static const char *config_key(uint32_t bit)
{
        switch (bit) {
        case SRIOV_VF_CONFIG_QOS: return "vlanQoS";
        case SRIOV_VF_CONFIG_VLAN_PROTO: return "vlanProto";
        default: return sriov_vf_field_name(bit);
        }
}

static int check_vf(struct sriov_ctx *ctx, const struct cni_conf *c, const char *pci,
                    struct cni_error *e)
{
        struct sriov_vf *vf = NULL;
        struct sriov_vf_config now;
        uint32_t diff;
        int r;

        r = sriov_vf_new_from_name(ctx, pci, &vf);
        if (r == 0)
                r = sriov_vf_get_config(vf, &now);
        sriov_vf_unref(vf);
        if (r < 0)
                return cni_libsriov_error(ctx, r, CNI_ERR_CHECK, e);
        diff = sriov_vf_config_diff(&c->vf, &now);
        for (size_t i = 0; i < SRIOV_VF_FIELDS; i++) {
                uint32_t bit = sriov_vf_field_show_order[i];
                char want[32], got[32];

                if (!(diff & bit))
                        continue;
                field_text(bit, &c->vf, want, sizeof(want));
                field_text(bit, &now, got, sizeof(got));
                return cni_fail(e, CNI_ERR_CHECK, "VF %s: %s is %s, the config says %s", pci,
                                config_key(bit), got, want);
        }
        return 0;
}

static int check_netdev(const struct cni_conf *c, const struct cni_env *env, const char *pci,
                        struct cni_error *e)
{
        struct netns *ns = NULL;
        struct netdev_state st;
        char mac[SRIOV_MAC_TEXT_MAX], mac2[SRIOV_MAC_TEXT_MAX], found[16];
        int ifindex, r = -1;

        if (netns_open(env->netns, &ns, e) < 0)
                return -1;
        if (netdev_find_by_pci(ns, pci, &ifindex, found, e) <= 0) {
                if (!e->code)
                        cni_fail(e, CNI_ERR_CHECK, "VF %s: its netdev is not in netns %s", pci,
                                 env->netns);
                goto out;
        }
        if (netdev_get(ns, ifindex, &st, e) < 0)
                goto out;
        if (strcmp(st.name, env->ifname) != 0) {
                cni_fail(e, CNI_ERR_CHECK, "VF %s: name is %s in netns %s, should be %s", pci,
                         st.name, env->netns, env->ifname);
                goto out;
        }
        if (!st.up) {
                cni_fail(e, CNI_ERR_CHECK, "interface %s: it is down", env->ifname);
                goto out;
        }
        if (c->prev.have_mac && memcmp(c->prev.mac, st.mac, 6) != 0) {
                cni_fail(e, CNI_ERR_CHECK, "interface %s: mac is %s, prevResult says %s",
                         env->ifname, sriov_mac_format(st.mac, mac),
                         sriov_mac_format(c->prev.mac, mac2));
                goto out;
        }
        if (c->mtu && st.mtu != c->mtu) {
                cni_fail(e, CNI_ERR_CHECK, "interface %s: mtu is %u, the config says %u",
                         env->ifname, st.mtu, c->mtu);
                goto out;
        }
        for (size_t i = 0; i < c->prev.n_ips; i++) {
                int has = netdev_has_address(ns, ifindex, c->prev.ips[i].address, e);

                if (has < 0)
                        goto out;
                if (!has) {
                        cni_fail(e, CNI_ERR_CHECK, "interface %s: address %s of prevResult is "
                                 "missing", env->ifname, c->prev.ips[i].address);
                        goto out;
                }
        }
        for (size_t i = 0; i < c->prev.n_routes; i++) {
                int has = netdev_has_route(ns, ifindex, c->prev.routes[i].dst, e);

                if (has < 0)
                        goto out;
                if (!has) {
                        cni_fail(e, CNI_ERR_CHECK, "interface %s: route %s of prevResult is "
                                 "missing", env->ifname, c->prev.routes[i].dst);
                        goto out;
                }
        }
        r = 0;
out:
        netns_close(ns);
        return r;
}

static int check_attachment(struct sriov_ctx *ctx, const struct cni_conf *c,
                            const struct cni_env *env, struct cni_error *e)
{
        struct sriov_lease *l = NULL;
        struct sriov_vf *vf = NULL;
        char holder[512], pci[32];
        bool netdev;
        int r;

        if (!c->have_prev)
                return cni_fail(e, CNI_ERR_CONFIG, "config: CHECK needs prevResult");
        if (cni_holder(c->name, env->container_id, env->ifname, holder, sizeof(holder), e) < 0)
                return -1;
        r = cni_find_lease(ctx, holder, &l, e);
        if (r <= 0)
                return r < 0 ? -1 : cni_fail(e, CNI_ERR_CHECK, "no VF is attached to container "
                                             "%s as %s in network %s", env->container_id,
                                             env->ifname, c->name);
        snprintf(pci, sizeof(pci), "%s", sriov_lease_get_pci_address(l));
        netdev = sriov_lease_get_ifname(l) != NULL;
        sriov_lease_unref(l);
        if (c->prev.pci[0] && strcmp(c->prev.pci, pci) != 0)
                return cni_fail(e, CNI_ERR_CHECK, "prevResult names VF %s; the attachment holds %s",
                                c->prev.pci, pci);
        if (check_vf(ctx, c, pci, e) < 0)
                return -1;
        if (netdev)
                return check_netdev(c, env, pci, e);
        /* A vfio attachment: the VF must still be on vfio-pci. */
        r = sriov_vf_new_from_name(ctx, pci, &vf);
        if (r < 0)
                return cni_libsriov_error(ctx, r, CNI_ERR_CHECK, e);
        if (!sriov_vf_get_driver(vf) || strcmp(sriov_vf_get_driver(vf), "vfio-pci") != 0)
                cni_fail(e, CNI_ERR_CHECK, "VF %s: driver is %s, should be vfio-pci", pci,
                         sriov_vf_get_driver(vf) ? sriov_vf_get_driver(vf) : "none");
        sriov_vf_unref(vf);
        return e->code ? -1 : 0;
}

int cni_check(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
              struct cni_error *e)
{
        if (check_attachment(ctx, c, env, e) < 0)
                return -1;
        /* The spec: a plugin that delegates to IPAM passes CHECK on to it too. */
        return c->ipam_type[0] ? ipam_exec(c, env, "CHECK", NULL, e) : 0;
}
