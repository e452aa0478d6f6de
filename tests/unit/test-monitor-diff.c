/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The monitor's pure parts (lib/monitor.h): two readings of a PF into events, in the order a
 * consumer needs them, and the bounded queue that turns lost events into one RESYNC.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "monitor.h"

/* A present PF @name with @n VFs on igbvf, netdevs eth<i>, VLAN 0 and spoofchk on. */
static void reading(struct snap_pf *p, const char *name, unsigned int n)
{
        memset(p, 0, sizeof(*p));
        p->present = true;
        snprintf(p->name, sizeof(p->name), "%s", name);
        snprintf(p->driver, sizeof(p->driver), "igb");
        snprintf(p->ifname, sizeof(p->ifname), "enp1s0");
        p->ifindex = 2;
        p->carrier = 1;
        p->eswitch = -1; /* igb: no devlink */
        p->num_vfs = n;
        p->n_vfs = n;
        p->vfs = calloc(n ? n : 1, sizeof(*p->vfs));
        assert_non_null(p->vfs);
        for (unsigned int i = 0; i < n; i++) {
                struct snap_vf *v = &p->vfs[i];

                v->index = i;
                snprintf(v->pci, sizeof(v->pci), "0000:01:10.%u", i);
                snprintf(v->driver, sizeof(v->driver), "igbvf");
                snprintf(v->ifname, sizeof(v->ifname), "eth%u", i);
                v->cfg.mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                              SRIOV_VF_CONFIG_SPOOFCHK;
                v->cfg.spoofchk = true;
        }
}

/* The queue's events as "type pf/vf old>new" words, one string; the queue emptied. */
static char *drain(struct event_queue *q)
{
        static char buf[4096];
        struct sriov_event *e;
        size_t len = 0;

        buf[0] = '\0';
        while ((e = event_queue_pop(q))) {
                unsigned int o, n;

                len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
                                        len ? " | " : "",
                                        sriov_event_type_to_string(sriov_event_get_type(e)));
                if (sriov_event_get_pf(e))
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s",
                                                sriov_event_get_pf(e));
                if (sriov_event_get_vf_index(e) >= 0)
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "/%d",
                                                sriov_event_get_vf_index(e));
                if (sriov_event_get_type(e) == SRIOV_EVENT_RATE) {
                        struct sriov_rate ro, rn;
                        uint32_t changed = sriov_event_get_rates(e, &ro, &rn);

                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s%s%s 0x%x",
                                                sriov_event_get_rate_node(e) ? " node " : "",
                                                sriov_event_get_rate_node(e) ?: "",
                                                ro.mask ? "" : " made",
                                                rn.mask ? "" : " deleted", changed);
                } else if (sriov_event_get_counts(e, &o, &n) == 0)
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %u>%u", o, n);
                else if (sriov_event_get_old_value(e) || sriov_event_get_new_value(e))
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s>%s",
                                                sriov_event_get_old_value(e) ?: "-",
                                                sriov_event_get_new_value(e) ?: "-");
                sriov_event_unref(e);
        }
        return buf;
}

static void the_same_reading_gives_no_event(void **state)
{
        struct snap_pf a, b;
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 100);
        reading(&a, "0000:01:00.0", 3);
        reading(&b, "0000:01:00.0", 3);
        snap_pf_diff(&a, &b, &q);
        assert_string_equal(drain(&q), "");
        snap_pf_clear(&a);
        snap_pf_clear(&b);
        event_queue_clear(&q);
}

/* numvfs 0 -> 2 -> 0: the count, then each VF. */
static void vfs_made_and_removed(void **state)
{
        struct snap_pf none, two;
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 100);
        reading(&none, "0000:01:00.0", 0);
        reading(&two, "0000:01:00.0", 2);
        snap_pf_diff(&none, &two, &q);
        assert_string_equal(drain(&q), "num-vfs 0000:01:00.0 0>2 | vf-added 0000:01:00.0/0 | "
                                       "vf-added 0000:01:00.0/1");
        snap_pf_diff(&two, &none, &q);
        assert_string_equal(drain(&q), "vf-removed 0000:01:00.0/0 | vf-removed 0000:01:00.0/1 | "
                                       "num-vfs 0000:01:00.0 2>0");
        snap_pf_clear(&none);
        snap_pf_clear(&two);
        event_queue_clear(&q);
}

/* `ip link set PF vf 1 vlan 7` from outside: which fields, old and new; nothing for a field
 * only one reading has (unknown is not changed). */
static void a_setting_changed_names_the_field_old_and_new(void **state)
{
        struct snap_pf a, b;
        struct event_queue q;
        struct sriov_event *e;
        struct sriov_vf_config o, n;

        (void)state;
        event_queue_init(&q, 100);
        reading(&a, "0000:01:00.0", 2);
        reading(&b, "0000:01:00.0", 2);
        b.vfs[1].cfg.vlan = 7;
        b.vfs[1].cfg.mask |= SRIOV_VF_CONFIG_TRUST; /* read now, not before: no event */
        b.vfs[1].cfg.trust = true;
        b.vfs[0].cfg.mask = 0; /* unreadable now (past the list's wrap): no event */
        snap_pf_diff(&a, &b, &q);
        e = event_queue_pop(&q);
        assert_non_null(e);
        assert_int_equal(sriov_event_get_type(e), SRIOV_EVENT_VF_CONFIG);
        assert_int_equal(sriov_event_get_vf_index(e), 1);
        assert_string_equal(sriov_event_get_vf_pci_address(e), "0000:01:10.1");
        assert_int_equal(sriov_event_get_vf_configs(e, &o, &n), SRIOV_VF_CONFIG_VLAN);
        assert_int_equal(o.vlan, 0);
        assert_int_equal(n.vlan, 7);
        sriov_event_unref(e);
        assert_null(event_queue_pop(&q));
        snap_pf_clear(&a);
        snap_pf_clear(&b);
        event_queue_clear(&q);
}

/* Bound to vfio-pci: driver changes, netdev goes; carrier lost; driver of the PF reloaded. */
static void drivers_netdevs_and_carrier(void **state)
{
        struct snap_pf a, b;
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 100);
        reading(&a, "0000:01:00.0", 1);
        reading(&b, "0000:01:00.0", 1);
        snprintf(b.vfs[0].driver, sizeof(b.vfs[0].driver), "vfio-pci");
        b.vfs[0].ifname[0] = '\0';
        b.carrier = 0;
        snap_pf_diff(&a, &b, &q);
        assert_string_equal(drain(&q), "pf-carrier 0000:01:00.0 1>0 | "
                                       "vf-driver 0000:01:00.0/0 igbvf>vfio-pci | "
                                       "vf-netdev 0000:01:00.0/0 eth0>-");
        /* Carrier not known (no netdev) is no change of carrier. */
        a.carrier = -1;
        b.driver[0] = '\0';
        b.carrier = 1;
        snap_pf_diff(&a, &b, &q);
        assert_string_equal(drain(&q), "pf-driver 0000:01:00.0 igb>- | "
                                       "vf-driver 0000:01:00.0/0 igbvf>vfio-pci | "
                                       "vf-netdev 0000:01:00.0/0 eth0>-");
        snap_pf_clear(&a);
        snap_pf_clear(&b);
        event_queue_clear(&q);
}

/* A PF gone with its VFs: the VFs' removal first; one that comes: the PF first. */
static void a_pf_removed_and_added_orders_its_vfs(void **state)
{
        struct snap_pf a, gone = { 0 };
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 100);
        reading(&a, "0000:01:00.0", 2);
        snprintf(gone.name, sizeof(gone.name), "0000:01:00.0");
        snap_pf_diff(&a, &gone, &q);
        assert_string_equal(drain(&q), "vf-removed 0000:01:00.0/0 | vf-removed 0000:01:00.0/1 | "
                                       "pf-removed 0000:01:00.0 igb>-");
        snap_pf_diff(&gone, &a, &q);
        assert_string_equal(drain(&q), "pf-added 0000:01:00.0 ->igb | vf-added 0000:01:00.0/0 | "
                                       "vf-added 0000:01:00.0/1");
        snap_pf_diff(NULL, NULL, &q);
        assert_string_equal(drain(&q), "");
        snap_pf_clear(&a);
        event_queue_clear(&q);
}

/* A consumer that falls behind: past the bound, one RESYNC instead of what it missed, then
 * events again; memory stays at the bound. */
static void a_full_queue_becomes_one_resync(void **state)
{
        struct snap_pf a, b;
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 4);
        reading(&a, "0000:01:00.0", 0);
        reading(&b, "0000:01:00.0", 5);
        snap_pf_diff(&a, &b, &q); /* num-vfs and 5 vf-added: 6 > 4 */
        assert_true(q.count <= 4);
        assert_string_equal(drain(&q), "resync");
        snap_pf_diff(&b, &a, &q);
        assert_string_equal(drain(&q), "resync");
        snap_pf_clear(&b);
        reading(&b, "0000:01:00.0", 2);
        snap_pf_diff(&a, &b, &q);
        assert_string_equal(drain(&q), "num-vfs 0000:01:00.0 0>2 | vf-added 0000:01:00.0/0 | "
                                       "vf-added 0000:01:00.0/1");
        /* A lost event (out of memory when it was made) is a RESYNC too. */
        event_queue_push(&q, NULL);
        assert_string_equal(drain(&q), "resync");
        snap_pf_clear(&a);
        snap_pf_clear(&b);
        event_queue_clear(&q);
}

/* A netdevsim PF with @n VFs in switchdev mode: representors eth<10+i>, leaves without a
 * parent. */
static void switchdev(struct snap_pf *p, unsigned int n)
{
        reading(p, "netdevsim10", n);
        p->eswitch = SRIOV_ESWITCH_MODE_SWITCHDEV;
        for (unsigned int i = 0; i < n; i++) {
                snprintf(p->vfs[i].representor, sizeof(p->vfs[i].representor), "eth%u", 10 + i);
                p->vfs[i].rate.mask = SRIOV_RATE_PARENT | SRIOV_RATE_TX_SHARE;
        }
}

/* legacy -> switchdev with VFs: the mode (which devlink never announces, found by reading it
 * again on the ports' notifications), then each VF's representor and leaf; and back. */
static void eswitch_mode_brings_representors_and_leaves(void **state)
{
        struct snap_pf legacy, sw;
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 100);
        reading(&legacy, "netdevsim10", 2);
        legacy.eswitch = SRIOV_ESWITCH_MODE_LEGACY;
        switchdev(&sw, 2);
        snap_pf_diff(&legacy, &sw, &q);
        assert_string_equal(drain(&q), "eswitch-mode netdevsim10 legacy>switchdev | "
                                       "representor netdevsim10/0 ->eth10 | "
                                       "rate netdevsim10/0 made 0x5 | "
                                       "representor netdevsim10/1 ->eth11 | "
                                       "rate netdevsim10/1 made 0x5");
        snap_pf_diff(&sw, &legacy, &q);
        assert_string_equal(drain(&q), "eswitch-mode netdevsim10 switchdev>legacy | "
                                       "representor netdevsim10/0 eth10>- | "
                                       "rate netdevsim10/0 deleted 0x5 | "
                                       "representor netdevsim10/1 eth11>- | "
                                       "rate netdevsim10/1 deleted 0x5");
        /* An eswitch that came or went with the driver is no change of mode. */
        legacy.eswitch = -1;
        snap_pf_diff(&legacy, &sw, &q);
        assert_string_equal(drain(&q), "representor netdevsim10/0 ->eth10 | "
                                       "rate netdevsim10/0 made 0x5 | "
                                       "representor netdevsim10/1 ->eth11 | "
                                       "rate netdevsim10/1 made 0x5");
        snap_pf_clear(&legacy);
        snap_pf_clear(&sw);
        event_queue_clear(&q);
}

/* A node made and a leaf put in it: the node first; the leaf out and the node deleted: the
 * node last. A VF made in switchdev mode: its representor and leaf after it; a representor
 * renamed. */
static void rate_nodes_and_leaves_in_order(void **state)
{
        struct snap_pf a, b;
        struct event_queue q;
        struct sriov_rate_node grp = { .name = "grp" };
        struct sriov_rate o, n;
        struct sriov_event *e;

        (void)state;
        event_queue_init(&q, 100);
        switchdev(&a, 2);
        switchdev(&b, 2);
        grp.rate.mask = SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT;
        grp.rate.tx_max = 12500000;
        b.nodes = calloc(1, sizeof(*b.nodes));
        assert_non_null(b.nodes);
        b.nodes[0] = grp;
        b.n_nodes = 1;
        snprintf(b.vfs[1].rate.parent, sizeof(b.vfs[1].rate.parent), "grp");
        b.vfs[1].rate.tx_share = 1250000;
        snap_pf_diff(&a, &b, &q);
        e = event_queue_pop(&q);
        assert_non_null(e);
        assert_string_equal(sriov_event_get_rate_node(e), "grp");
        assert_int_equal(sriov_event_get_vf_index(e), -1);
        assert_int_equal(sriov_event_get_rates(e, &o, &n),
                         SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT);
        assert_int_equal(o.mask, 0);
        assert_int_equal(n.tx_max, 12500000);
        sriov_event_unref(e);
        e = event_queue_pop(&q);
        assert_non_null(e);
        assert_null(sriov_event_get_rate_node(e));
        assert_int_equal(sriov_event_get_vf_index(e), 1);
        assert_int_equal(sriov_event_get_rates(e, &o, &n),
                         SRIOV_RATE_TX_SHARE | SRIOV_RATE_PARENT);
        assert_string_equal(o.parent, "");
        assert_string_equal(n.parent, "grp");
        assert_int_equal(n.tx_share, 1250000);
        sriov_event_unref(e);
        assert_null(event_queue_pop(&q));
        snap_pf_diff(&b, &a, &q);
        assert_string_equal(drain(&q), "rate netdevsim10/1 0x5 | rate netdevsim10 node grp "
                                       "deleted 0x6");
        /* Not a rate event's: no node, no rates, whatever else the event carries. */
        e = event_new(SRIOV_EVENT_VF_CONFIG, "netdevsim10", NULL);
        e->changed = SRIOV_VF_CONFIG_VLAN;
        snprintf(e->rate_node, sizeof(e->rate_node), "grp");
        assert_null(sriov_event_get_rate_node(e));
        assert_int_equal(sriov_event_get_rates(e, &o, &n), 0);
        sriov_event_unref(e);
        snap_pf_clear(&b);
        switchdev(&b, 3);
        snprintf(b.vfs[0].representor, sizeof(b.vfs[0].representor), "rep0");
        snap_pf_diff(&a, &b, &q);
        assert_string_equal(drain(&q), "num-vfs netdevsim10 2>3 | "
                                       "representor netdevsim10/0 eth10>rep0 | "
                                       "vf-added netdevsim10/2 | "
                                       "representor netdevsim10/2 ->eth12 | "
                                       "rate netdevsim10/2 made 0x5");
        snap_pf_clear(&a);
        snap_pf_clear(&b);
        event_queue_clear(&q);
}

/* @p's nodes: each "NAME:PARENT" ("" for none), tx_max 1 MB/s. */
static void nodes(struct snap_pf *p, const char *const *spec, size_t n)
{
        p->nodes = calloc(n, sizeof(*p->nodes));
        assert_non_null(p->nodes);
        p->n_nodes = n;
        for (size_t i = 0; i < n; i++) {
                const char *colon = strchr(spec[i], ':');

                snprintf(p->nodes[i].name, sizeof(p->nodes[i].name), "%.*s",
                         (int)(colon - spec[i]), spec[i]);
                snprintf(p->nodes[i].rate.parent, sizeof(p->nodes[i].rate.parent), "%s",
                         colon + 1);
                p->nodes[i].rate.mask = SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT;
                p->nodes[i].rate.tx_max = 1000000;
        }
}

/* Nodes made in one reading come parents first, whatever their names; deleted ones children
 * first, as the kernel deletes them; a PF that goes reports its nodes deleted before it. A
 * node's tx_max changed alone is a change of tx_max. */
static void nodes_in_the_kernels_order(void **state)
{
        static const char *const tree[] = { "a:b", "b:", "c:a", "d:" };
        struct snap_pf o, n, gone = { 0 };
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 100);
        switchdev(&o, 0);
        switchdev(&n, 0);
        nodes(&n, tree, 4);
        snap_pf_diff(&o, &n, &q);
        assert_string_equal(drain(&q), "rate netdevsim10 node b made 0x6 | "
                                       "rate netdevsim10 node d made 0x6 | "
                                       "rate netdevsim10 node a made 0x6 | "
                                       "rate netdevsim10 node c made 0x6");
        snap_pf_diff(&n, &o, &q);
        assert_string_equal(drain(&q), "rate netdevsim10 node c deleted 0x6 | "
                                       "rate netdevsim10 node d deleted 0x6 | "
                                       "rate netdevsim10 node a deleted 0x6 | "
                                       "rate netdevsim10 node b deleted 0x6");
        snprintf(gone.name, sizeof(gone.name), "netdevsim10");
        snap_pf_diff(&n, &gone, &q);
        assert_string_equal(drain(&q), "rate netdevsim10 node c deleted 0x6 | "
                                       "rate netdevsim10 node d deleted 0x6 | "
                                       "rate netdevsim10 node a deleted 0x6 | "
                                       "rate netdevsim10 node b deleted 0x6 | "
                                       "pf-removed netdevsim10 igb>-");
        snap_pf_clear(&o);
        switchdev(&o, 0);
        nodes(&o, tree, 4);
        n.nodes[3].rate.tx_max = 2000000;
        snap_pf_diff(&o, &n, &q);
        assert_string_equal(drain(&q), "rate netdevsim10 node d 0x2");
        snap_pf_clear(&o);
        snap_pf_clear(&n);
        event_queue_clear(&q);
}

/* A CNI plugin moves the VF's netdev into a pod: not the same as the netdev going away (its
 * driver unbound); and back. */
static void a_netdev_moved_to_a_pod_is_not_removed(void **state)
{
        struct snap_pf a, b;
        struct event_queue q;

        (void)state;
        event_queue_init(&q, 100);
        reading(&a, "0000:01:00.0", 2);
        reading(&b, "0000:01:00.0", 2);
        b.vfs[0].ifname[0] = '\0';
        b.vfs[0].netdev_elsewhere = true;
        b.vfs[1].ifname[0] = '\0';
        snap_pf_diff(&a, &b, &q);
        assert_string_equal(drain(&q), "vf-netns 0000:01:00.0/0 eth0>- | "
                                       "vf-netdev 0000:01:00.0/1 eth1>-");
        snprintf(a.vfs[0].ifname, sizeof(a.vfs[0].ifname), "net1");
        snap_pf_diff(&b, &a, &q);
        assert_string_equal(drain(&q), "vf-netns 0000:01:00.0/0 ->net1 | "
                                       "vf-netdev 0000:01:00.0/1 ->eth1");
        snap_pf_clear(&a);
        snap_pf_clear(&b);
        event_queue_clear(&q);
}

static void type_names_round_trip(void **state)
{
        (void)state;
        for (int t = 0; t < SRIOV_EVENT_TYPES; t++) {
                const char *s = sriov_event_type_to_string((enum sriov_event_type)t);

                assert_non_null(s);
                assert_int_equal(sriov_event_type_from_string(s), t);
        }
        assert_null(sriov_event_type_to_string(SRIOV_EVENT_TYPES));
        assert_int_equal(sriov_event_type_from_string("vf_config"), -EINVAL);
        assert_int_equal(sriov_event_type_from_string(NULL), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(the_same_reading_gives_no_event),
                cmocka_unit_test(vfs_made_and_removed),
                cmocka_unit_test(a_setting_changed_names_the_field_old_and_new),
                cmocka_unit_test(drivers_netdevs_and_carrier),
                cmocka_unit_test(a_pf_removed_and_added_orders_its_vfs),
                cmocka_unit_test(a_full_queue_becomes_one_resync),
                cmocka_unit_test(eswitch_mode_brings_representors_and_leaves),
                cmocka_unit_test(rate_nodes_and_leaves_in_order),
                cmocka_unit_test(nodes_in_the_kernels_order),
                cmocka_unit_test(a_netdev_moved_to_a_pod_is_not_removed),
                cmocka_unit_test(type_names_round_trip),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
