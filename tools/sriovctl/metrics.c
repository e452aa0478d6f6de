/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl metrics [PF...]: one scrape of the host in Prometheus' text exposition format 0.0.4,
 * for node_exporter's textfile collector. Everything is read first, then printed a family at a
 * time, because the format wants all samples of one metric together. Names follow
 * node_exporter's (node_network_receive_bytes_total): sriov_vf_receive_bytes_total.
 *
 * Cost: each PF's VF list is read once for settings (kept by the library) and, for a driver
 * that has counters, once more with them (sriov_pf_get_vf_stats(), which does not ask the
 * others); sysfs as vf list reads it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "metrics-text.h"
#include "output-file.h"
#include "sriovctl.h"

/* One VF as the scrape found it. */
struct scrape_vf {
        struct sriov_vf *vf;
        char index[12];
        struct sriov_vf_config cfg; /* cfg.mask 0 when unreadable */
        bool unlisted;              /* left out of the kernel's VF list, cut short */
        /* Where its counters come from: "vf_list" (the PF's), "vf_netdev" (its own netdev's,
         * which has no broadcast counter), or NULL with @why saying why it has none. */
        const char *source;
        struct sriov_vf_stats stats;
        char why[320];
        bool have_rate;
        struct sriov_rate rate;
};

/* One PF and its VFs. */
struct scrape_pf {
        struct sriov_pf *pf;
        struct sriov_vf **vfs;
        struct scrape_vf *v;
        size_t n;
        bool settings_read; /* the VF list was read: unlisted counts */
        unsigned int unlisted;
        const char *eswitch; /* "legacy", "switchdev", NULL when it has none */
        int carrier;         /* 1, 0; negative when not known (no netdev, or down) */
        struct sriov_rate_node *nodes;
        size_t n_nodes;
};

struct scrape {
        struct scrape_pf *pfs;
        size_t n_pfs;
        struct sriov_lease **leases;
        unsigned int errors;
};

/* A VF the PF's list gives no counters for: its own netdev's, when a host driver holds it
 * here; else none, and @why (which says why the list gave none) says why not. */
static void read_netdev_counters(struct cli *cli, struct scrape_vf *v)
{
        size_t len = strlen(v->why);

        if (sriov_vf_get_netdev_stats(v->vf, &v->stats) == 0) {
                v->source = "vf_netdev";
                return;
        }
        snprintf(v->why + len, sizeof(v->why) - len, "%s%s", len ? "; " : "",
                 sriov_ctx_get_error(cli->ctx));
}

static void read_counters(struct cli *cli, struct scrape_pf *p)
{
        const char *driver = sriov_pf_get_driver(p->pf);
        unsigned int num = sriov_pf_get_num_vfs(p->pf);
        struct sriov_vf_stats *st = NULL;
        bool *have = NULL;
        char list_error[160] = "";
        int listed = 0;

        st = calloc(num ? num : 1, sizeof(*st));
        have = calloc(num ? num : 1, sizeof(*have));
        if (!st || !have)
                abort();
        /* The library knows which drivers count (sriov_vf_get_stats()): for the others it does
         * not ask, and says -EOPNOTSUPP. */
        listed = sriov_pf_get_vf_stats(p->pf, st, have, num);
        if (listed < 0)
                snprintf(list_error, sizeof(list_error), "%s", sriov_ctx_get_error(cli->ctx));
        for (size_t i = 0; i < p->n; i++) {
                struct scrape_vf *v = &p->v[i];
                unsigned int k = sriov_vf_get_index(v->vf);

                if (listed == -EOPNOTSUPP) {
                        snprintf(v->why, sizeof(v->why), "driver %s reports no VF counters",
                                 driver ? driver : "(none)");
                } else if (listed < 0) {
                        snprintf(v->why, sizeof(v->why), "the PF's VF list cannot be read: %s",
                                 list_error);
                } else if (k < num && have[k]) {
                        v->source = "vf_list";
                        v->stats = st[k];
                        continue;
                } else {
                        snprintf(v->why, sizeof(v->why),
                                 "not in the kernel's VF list with counters, which holds %d of "
                                 "%u VFs",
                                 listed, num);
                }
                read_netdev_counters(cli, v);
        }
        free(st);
        free(have);
}

static void read_pf(struct cli *cli, struct scrape_pf *p)
{
        struct sriov_eswitch e;

        p->n = pf_collect_vfs(cli, p->pf, &p->vfs);
        p->v = calloc(p->n ? p->n : 1, sizeof(*p->v));
        if (!p->v)
                abort();
        for (size_t i = 0; i < p->n; i++) {
                struct scrape_vf *v = &p->v[i];
                int r;

                v->vf = p->vfs[i];
                snprintf(v->index, sizeof(v->index), "%u", sriov_vf_get_index(v->vf));
                r = sriov_vf_get_config(v->vf, &v->cfg);
                if (r == 0) {
                        p->settings_read = true;
                } else {
                        v->cfg.mask = 0;
                        v->unlisted = r == -ENODATA;
                        p->settings_read |= v->unlisted;
                        p->unlisted += v->unlisted;
                }
        }
        read_counters(cli, p);
        p->carrier = sriov_pf_get_carrier(p->pf);
        if (cli_pf_eswitch(p->pf, &e) && (e.mask & SRIOV_ESWITCH_MODE))
                p->eswitch = cli_eswitch_word(&e, SRIOV_ESWITCH_MODE);
        /* Rate objects exist in switchdev mode only: not asked of devlink VF by VF otherwise. */
        if (!p->eswitch || strcmp(p->eswitch, "switchdev") != 0)
                return;
        for (size_t i = 0; i < p->n; i++)
                p->v[i].have_rate = sriov_vf_get_rate(p->v[i].vf, &p->v[i].rate) == 0;
        if (sriov_pf_get_rate_nodes(p->pf, &p->nodes, &p->n_nodes) < 0) {
                p->nodes = NULL;
                p->n_nodes = 0;
        }
}

/* The PFs named, each once (a PF named twice would print its series twice), or every PF. */
static int read_pfs(struct cli *cli, int argc, char **argv, struct scrape *s)
{
        struct sriov_pf_list *list = NULL;
        size_t want = (size_t)argc;

        if (argc == 0) {
                if (sriov_pf_list_new(cli->ctx, &list) < 0)
                        return cli_fail(cli);
                want = sriov_pf_list_get_count(list);
        }
        s->pfs = calloc(want ? want : 1, sizeof(*s->pfs));
        if (!s->pfs)
                abort();
        for (size_t i = 0; i < want; i++) {
                struct sriov_pf *pf;
                bool seen = false;

                if (list) {
                        pf = sriov_pf_ref(sriov_pf_list_get(list, i));
                } else if (sriov_pf_new_from_name(cli->ctx, argv[i], &pf) < 0) {
                        sriov_pf_list_unref(list);
                        return cli_fail(cli);
                }
                for (size_t k = 0; k < s->n_pfs && !seen; k++)
                        seen = strcmp(sriov_pf_get_name(s->pfs[k].pf),
                                      sriov_pf_get_name(pf)) == 0;
                if (seen)
                        sriov_pf_unref(pf);
                else
                        s->pfs[s->n_pfs++].pf = pf;
        }
        sriov_pf_list_unref(list);
        for (size_t i = 0; i < s->n_pfs; i++)
                read_pf(cli, &s->pfs[i]);
        return 0;
}

/* The leases of the PFs scraped: all of them without PF arguments. */
static void read_leases(struct cli *cli, struct scrape *s, bool all)
{
        struct sriov_lease **l;
        size_t n = 0;

        if (sriov_lease_list(cli->ctx, &l) < 0) {
                fprintf(stderr, "sriovctl: %s\n", sriov_ctx_get_error(cli->ctx));
                s->errors++;
                return;
        }
        for (size_t i = 0; l[i]; i++) {
                bool keep = all;

                for (size_t k = 0; k < s->n_pfs && !keep; k++)
                        keep = strcmp(sriov_lease_get_pf_pci_address(l[i]),
                                      sriov_pf_get_name(s->pfs[k].pf)) == 0;
                if (keep)
                        l[n++] = l[i];
                else
                        sriov_lease_unref(l[i]);
        }
        l[n] = NULL;
        s->leases = l;
}

/* ---- printing, a family at a time ------------------------------------------------------- */

static const char *pf_ifname(struct sriov_pf *pf)
{
        const char *const *names = sriov_pf_get_ifnames(pf);

        return names && names[0] ? names[0] : NULL;
}

static void print_pfs(FILE *out, const struct scrape *s)
{
        metrics_family(out, "sriov_pf_info", "gauge",
                       "A PF: its netdev, driver, PCI IDs and eswitch mode (1 for each PF).");
        for (size_t i = 0; i < s->n_pfs; i++) {
                struct sriov_pf *pf = s->pfs[i].pf;
                char vendor[8], device[8];
                /* A netdevsim PF has no PCI function, so no IDs: absent, not 0000. */
                bool pci = sriov_pf_get_pci_address(pf) != NULL;
                const struct metrics_label l[] = {
                        { "pf", sriov_pf_get_name(pf) },
                        { "ifname", pf_ifname(pf) },
                        { "driver", sriov_pf_get_driver(pf) },
                        { "vendor", pci ? vendor : NULL },
                        { "device", pci ? device : NULL },
                        { "eswitch_mode", s->pfs[i].eswitch },
                };

                snprintf(vendor, sizeof(vendor), "%04x", sriov_pf_get_vendor_id(pf));
                snprintf(device, sizeof(device), "%04x", sriov_pf_get_device_id(pf));
                metrics_sample(out, "sriov_pf_info", l, sizeof(l) / sizeof(l[0]), 1);
        }
        metrics_family(out, "sriov_pf_vfs", "gauge", "VFs enabled (sriov_numvfs).");
        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct metrics_label l[] = { { "pf", sriov_pf_get_name(s->pfs[i].pf) } };

                metrics_sample(out, "sriov_pf_vfs", l, 1, sriov_pf_get_num_vfs(s->pfs[i].pf));
        }
        metrics_family(out, "sriov_pf_vfs_max", "gauge", "VFs the PF can have (sriov_totalvfs).");
        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct metrics_label l[] = { { "pf", sriov_pf_get_name(s->pfs[i].pf) } };

                metrics_sample(out, "sriov_pf_vfs_max", l, 1, sriov_pf_get_total_vfs(s->pfs[i].pf));
        }
        metrics_family(out, "sriov_pf_carrier", "gauge",
                       "1 when the PF's netdev has carrier (its link is up), 0 when not; absent "
                       "while the netdev is down, or without one.");
        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct metrics_label l[] = { { "pf", sriov_pf_get_name(s->pfs[i].pf) } };

                if (s->pfs[i].carrier >= 0)
                        metrics_sample(out, "sriov_pf_carrier", l, 1, (uint64_t)s->pfs[i].carrier);
        }
        /* Only where the VF list was read: else how many it left out is not known. */
        metrics_family(out, "sriov_pf_vfs_unlisted", "gauge",
                       "VFs the kernel's VF list could not hold (its answer was cut short): "
                       "their settings cannot be read.");
        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct metrics_label l[] = { { "pf", sriov_pf_get_name(s->pfs[i].pf) } };

                if (s->pfs[i].settings_read)
                        metrics_sample(out, "sriov_pf_vfs_unlisted", l, 1, s->pfs[i].unlisted);
        }
}

/* The labels every VF series has: its PF, index and PCI address (what a lease joins on). */
#define VF_LABELS(p, v)                                                                        \
        { "pf", sriov_pf_get_name((p)->pf) }, { "vf", (v)->index },                     \
                { "pci", sriov_vf_get_pci_address((v)->vf) }

/* A VF setting as a label value; NULL when the driver did not report it. */
static const char *setting(const struct scrape_vf *v, uint32_t field, char *buf, size_t size)
{
        const char *s = text_vf_field(field, &v->cfg, buf, size);

        return strcmp(s, "-") == 0 ? NULL : s;
}

static void print_vf_info(FILE *out, const struct scrape *s)
{
        metrics_family(out, "sriov_vf_info", "gauge",
                       "A VF: its driver, netdev and settings as its PF's driver reports them "
                       "(1 for each VF; a setting not reported is left out).");
        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct scrape_pf *p = &s->pfs[i];

                for (size_t k = 0; k < p->n; k++) {
                        const struct scrape_vf *v = &p->v[k];
                        char b[7][32];
                        const struct metrics_label l[] = {
                                VF_LABELS(p, v),
                                { "driver", sriov_vf_get_driver(v->vf) },
                                { "ifname", sriov_vf_get_ifname(v->vf) },
                                { "mac", setting(v, SRIOV_VF_CONFIG_MAC, b[0], sizeof(b[0])) },
                                { "vlan", setting(v, SRIOV_VF_CONFIG_VLAN, b[1], sizeof(b[1])) },
                                { "qos", setting(v, SRIOV_VF_CONFIG_QOS, b[2], sizeof(b[2])) },
                                { "vlan_proto",
                                  setting(v, SRIOV_VF_CONFIG_VLAN_PROTO, b[3], sizeof(b[3])) },
                                { "trust", setting(v, SRIOV_VF_CONFIG_TRUST, b[4], sizeof(b[4])) },
                                { "spoofchk",
                                  setting(v, SRIOV_VF_CONFIG_SPOOFCHK, b[5], sizeof(b[5])) },
                                { "link_state",
                                  setting(v, SRIOV_VF_CONFIG_LINK_STATE, b[6], sizeof(b[6])) },
                                { "rate_parent",
                                  v->have_rate && v->rate.parent[0] ? v->rate.parent : NULL },
                        };

                        metrics_sample(out, "sriov_vf_info", l, sizeof(l) / sizeof(l[0]), 1);
                }
        }
}

/* A per-VF gauge; @get returns false for a VF that has no value (left out). */
static void print_vf_gauge(FILE *out, const struct scrape *s, const char *name, const char *type,
                           const char *help, bool (*get)(const struct scrape_vf *, uint64_t *))
{
        bool family = false;

        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct scrape_pf *p = &s->pfs[i];

                for (size_t k = 0; k < p->n; k++) {
                        const struct scrape_vf *v = &p->v[k];
                        const struct metrics_label l[] = { VF_LABELS(p, v) };
                        uint64_t value;

                        if (!get(v, &value))
                                continue;
                        if (!family)
                                metrics_family(out, name, type, help);
                        family = true;
                        metrics_sample(out, name, l, 3, value);
                }
        }
}

/* rtnetlink's rates are in Mbit/s; Prometheus' base unit is bytes. */
static bool min_tx_rate(const struct scrape_vf *v, uint64_t *r)
{
        *r = (uint64_t)v->cfg.min_tx_rate * 125000;
        return v->cfg.mask & SRIOV_VF_CONFIG_MIN_TX_RATE;
}

static bool max_tx_rate(const struct scrape_vf *v, uint64_t *r)
{
        *r = (uint64_t)v->cfg.max_tx_rate * 125000;
        return v->cfg.mask & SRIOV_VF_CONFIG_MAX_TX_RATE;
}

/* devlink's rates are in bytes per second already. */
static bool tx_share(const struct scrape_vf *v, uint64_t *r)
{
        *r = v->rate.tx_share;
        return v->have_rate && (v->rate.mask & SRIOV_RATE_TX_SHARE);
}

static bool tx_max(const struct scrape_vf *v, uint64_t *r)
{
        *r = v->rate.tx_max;
        return v->have_rate && (v->rate.mask & SRIOV_RATE_TX_MAX);
}

#define COUNTER(field)                                                                         \
        static bool counter_##field(const struct scrape_vf *v, uint64_t *r)                    \
        {                                                                                      \
                *r = v->stats.field;                                                           \
                return v->source != NULL;                                                      \
        }
COUNTER(rx_bytes)
COUNTER(tx_bytes)
COUNTER(rx_packets)
COUNTER(tx_packets)
COUNTER(multicast)
COUNTER(rx_dropped)
COUNTER(tx_dropped)

/* A netdev counts no broadcast apart: only the PF's VF list has it. */
static bool counter_broadcast(const struct scrape_vf *v, uint64_t *r)
{
        *r = v->stats.broadcast;
        return v->source && strcmp(v->source, "vf_list") == 0;
}

static const struct {
        const char *name;
        bool (*get)(const struct scrape_vf *, uint64_t *);
        const char *help;
} vf_counters[] = {
        { "sriov_vf_receive_bytes_total", counter_rx_bytes, "Bytes the VF received." },
        { "sriov_vf_transmit_bytes_total", counter_tx_bytes, "Bytes the VF sent." },
        { "sriov_vf_receive_packets_total", counter_rx_packets, "Packets the VF received." },
        { "sriov_vf_transmit_packets_total", counter_tx_packets, "Packets the VF sent." },
        { "sriov_vf_receive_broadcast_total", counter_broadcast,
          "Broadcast packets the VF received." },
        { "sriov_vf_receive_multicast_total", counter_multicast,
          "Multicast packets the VF received." },
        { "sriov_vf_receive_drop_total", counter_rx_dropped,
          "Packets for the VF that were dropped." },
        { "sriov_vf_transmit_drop_total", counter_tx_dropped,
          "Packets from the VF that were dropped." },
};

static void print_vf_counters(FILE *out, const struct scrape *s)
{
        metrics_family(out, "sriov_vf_counters_info", "gauge",
                       "Where a VF's counters come from (source=\"vf_list\": its PF's VF list; "
                       "\"vf_netdev\": its own netdev, without broadcast), or source=\"none\" and "
                       "why it has none (1 for each VF).");
        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct scrape_pf *p = &s->pfs[i];

                for (size_t k = 0; k < p->n; k++) {
                        const struct scrape_vf *v = &p->v[k];
                        const struct metrics_label l[] = {
                                VF_LABELS(p, v),
                                { "source", v->source ? v->source : "none" },
                                { "reason", v->source ? NULL : v->why },
                        };

                        metrics_sample(out, "sriov_vf_counters_info", l, 5, 1);
                }
        }
        for (size_t c = 0; c < sizeof(vf_counters) / sizeof(vf_counters[0]); c++)
                print_vf_gauge(out, s, vf_counters[c].name, "counter", vf_counters[c].help,
                               vf_counters[c].get);
}

static void print_rate_nodes(FILE *out, const struct scrape *s, const char *name,
                             const char *help, bool max)
{
        bool family = false;

        for (size_t i = 0; i < s->n_pfs; i++) {
                const struct scrape_pf *p = &s->pfs[i];

                for (size_t k = 0; k < p->n_nodes; k++) {
                        const struct sriov_rate *r = &p->nodes[k].rate;
                        const struct metrics_label l[] = {
                                { "pf", sriov_pf_get_name(p->pf) },
                                { "node", p->nodes[k].name },
                                { "parent", r->parent[0] ? r->parent : NULL },
                        };

                        if (!(r->mask & (max ? SRIOV_RATE_TX_MAX : SRIOV_RATE_TX_SHARE)))
                                continue;
                        if (!family)
                                metrics_family(out, name, "gauge", help);
                        family = true;
                        metrics_sample(out, name, l, 3, max ? r->tx_max : r->tx_share);
                }
        }
}

static void print_leases(FILE *out, const struct scrape *s)
{
        metrics_family(out, "sriov_lease_info", "gauge",
                       "A leased VF, joinable to sriov_vf_info by pci: who holds it, its state, "
                       "and for a CNI attachment the pod (1 for each lease).");
        for (size_t i = 0; s->leases && s->leases[i]; i++) {
                struct sriov_lease *le = s->leases[i];
                char vf[12], pid[12];
                int owner = sriov_lease_get_owner_pid(le);
                const struct metrics_label l[] = {
                        { "pci", sriov_lease_get_pci_address(le) },
                        { "pf", sriov_lease_get_pf_pci_address(le) },
                        { "vf", vf },
                        { "holder", sriov_lease_get_holder(le) },
                        { "state", sriov_lease_get_state_name(le) },
                        { "kind", sriov_lease_get_ifname(le) ? "netdev" : "vfio" },
                        { "owner_pid", owner >= 0 ? pid : NULL },
                        { "k8s_namespace", sriov_lease_get_label(le, "k8s.pod.namespace") },
                        { "k8s_pod", sriov_lease_get_label(le, "k8s.pod.name") },
                };

                snprintf(vf, sizeof(vf), "%u", sriov_lease_get_vf_index(le));
                snprintf(pid, sizeof(pid), "%d", owner);
                metrics_sample(out, "sriov_lease_info", l, sizeof(l) / sizeof(l[0]), 1);
        }
}

static void print_lease_since(FILE *out, const struct scrape *s)
{
        metrics_family(out, "sriov_lease_since_timestamp_seconds", "gauge",
                       "When the lease entered its state (its journal was last written), in "
                       "seconds since the epoch.");
        for (size_t i = 0; s->leases && s->leases[i]; i++) {
                const struct metrics_label l[] = {
                        { "pci", sriov_lease_get_pci_address(s->leases[i]) },
                };
                int64_t since = sriov_lease_get_since(s->leases[i]);

                if (since > 0)
                        metrics_sample(out, "sriov_lease_since_timestamp_seconds", l, 1,
                                       (uint64_t)since);
        }
}

static void print_scrape(FILE *out, struct cli *cli, const struct scrape *s)
{
        print_pfs(out, s);
        print_vf_info(out, s);
        print_vf_gauge(out, s, "sriov_vf_min_tx_rate_bytes_per_second", "gauge",
                       "The VF's guaranteed transmit rate (min_tx_rate), 0 for none.",
                       min_tx_rate);
        print_vf_gauge(out, s, "sriov_vf_max_tx_rate_bytes_per_second", "gauge",
                       "The VF's transmit rate limit (max_tx_rate), 0 for none.", max_tx_rate);
        print_vf_gauge(out, s, "sriov_vf_tx_share_bytes_per_second", "gauge",
                       "The bandwidth guaranteed to the VF's devlink rate leaf (switchdev), 0 "
                       "for none.",
                       tx_share);
        print_vf_gauge(out, s, "sriov_vf_tx_max_bytes_per_second", "gauge",
                       "The most the VF's devlink rate leaf may send (switchdev), 0 for no "
                       "limit.",
                       tx_max);
        print_rate_nodes(out, s, "sriov_rate_node_tx_share_bytes_per_second",
                         "The bandwidth guaranteed to a devlink rate node (switchdev), 0 for none.",
                         false);
        print_rate_nodes(out, s, "sriov_rate_node_tx_max_bytes_per_second",
                         "The most a devlink rate node may send (switchdev), 0 for no limit.",
                         true);
        print_vf_counters(out, s);
        print_leases(out, s);
        print_lease_since(out, s);
        metrics_family(out, "sriov_scrape_errors", "gauge",
                       "Objects this scrape could not read (each said on sriovctl's stderr); "
                       "their series are missing.");
        metrics_sample(out, "sriov_scrape_errors", NULL, 0, s->errors + cli->dropped);
}

static void scrape_free(struct scrape *s)
{
        for (size_t i = 0; i < s->n_pfs; i++) {
                vfs_free(s->pfs[i].vfs, s->pfs[i].n);
                free(s->pfs[i].v);
                free(s->pfs[i].nodes);
                sriov_pf_unref(s->pfs[i].pf);
        }
        free(s->pfs);
        if (s->leases)
                sriov_lease_list_free(s->leases);
}

int metrics_print(struct cli *cli, int argc, char **argv, FILE *out)
{
        struct scrape s = { 0 };
        int r;

        if (cli->json)
                return usage_error("metrics: prints Prometheus' text format, not JSON (no -j)");
        for (int i = 0; i < argc; i++)
                if (argv[i][0] == '-')
                        return usage_error("metrics: unknown option \"%s\"", argv[i]);
        r = read_pfs(cli, argc, argv, &s);
        if (r) {
                scrape_free(&s);
                return r;
        }
        read_leases(cli, &s, argc == 0);
        print_scrape(out, cli, &s);
        scrape_free(&s);
        return s.errors || cli->dropped ? EXIT_FAILED : EXIT_OK;
}

/* -o FILE, --output FILE, --output=FILE anywhere among the PFs: taken out of @argv. Returns 0,
 * or EXIT_USAGE after saying why. */
static int take_output_option(int *argc, char **argv, const char **path)
{
        int kept = 0;

        *path = NULL;
        for (int i = 0; i < *argc; i++) {
                const char *value = NULL;

                if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
                        if (i + 1 == *argc)
                                return usage_error("metrics: %s needs a file name", argv[i]);
                        value = argv[++i];
                } else if (strncmp(argv[i], "--output=", 9) == 0) {
                        value = argv[i] + 9;
                } else {
                        argv[kept++] = argv[i];
                        continue;
                }
                if (*path)
                        return usage_error("metrics: -o given twice (\"%s\", \"%s\")", *path,
                                           value);
                if (!value[0])
                        return usage_error("metrics: -o: the file name is empty");
                *path = value;
        }
        *argc = kept;
        return 0;
}

int metrics_run(struct cli *cli, int argc, char **argv)
{
        struct output_file o;
        const char *path;
        int r = take_output_option(&argc, argv, &path);

        if (r)
                return r;
        if (!path)
                return metrics_print(cli, argc, argv, stdout);
        if (output_file_open(&o, path) < 0)
                return EXIT_FAILED;
        r = metrics_print(cli, argc, argv, o.f);
        /* A scrape that printed nothing (a PF named that is not there, bad usage) leaves the
         * last one in place: node_exporter's node_textfile_mtime_seconds shows its age. One
         * with errors is written: sriov_scrape_errors says what is missing. */
        if (output_file_close(&o, ftell(o.f) > 0) < 0)
                return EXIT_FAILED;
        return r;
}
