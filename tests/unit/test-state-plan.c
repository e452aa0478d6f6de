/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * From document to plan (tools/sriovctl/state-plan.c, mac-auto.c, state-dump.c) against a
 * host made up in memory: two igb PFs, a PF without netdev or driver, and one whose driver
 * reports no permanent MAC. Pure: no sysfs, no sockets.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/sriovctl/sriovctl.h"
#include "../../tools/sriovctl/state.h"
#include "made-up-host.h"

struct fixture {
        struct host_state host;
        struct state_doc doc;
        struct target target;
        struct plan plan;
        char err[STATE_ERROR_MAX];
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        make_host(&f->host);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        plan_free(&f->plan);
        target_free(&f->target);
        state_doc_free(&f->doc);
        host_state_free(&f->host);
        free(f);
        return 0;
}

/* Parse @text (it must be a valid document) and resolve it against the host, for the PFs
 * @only marks (apply --pf); NULL: all, as target_resolve(). */
static int resolve_only(struct fixture *f, const char *text, const bool *only)
{
        plan_free(&f->plan);
        target_free(&f->target);
        state_doc_free(&f->doc);
        f->err[0] = '\0';
        if (state_doc_parse("t.json", text, &f->doc, f->err) < 0)
                fail_msg("not a valid document: %s", f->err);
        if (!only)
                return target_resolve(&f->doc, &f->host, &f->target, f->err);
        return target_resolve_only(&f->doc, &f->host, only, &f->target, f->err);
}

static int resolve(struct fixture *f, const char *text)
{
        return resolve_only(f, text, NULL);
}

/* Resolve and plan; the number of changes. */
static size_t plan(struct fixture *f, const char *text)
{
        int r = resolve(f, text);

        if (r < 0)
                fail_msg("resolve: %s", f->err);
        assert_int_equal(plan_compute(&f->host, &f->target, &f->plan), 0);
        return f->plan.n;
}

static void resolve_fails(struct fixture *f, const char *text, const char *err)
{
        assert_int_equal(resolve(f, text), -EINVAL);
        assert_string_equal(f->err, err);
        assert_null(f->target.pfs);
        assert_int_equal(f->target.n_pfs, 0);
}

#define VLAN_GROUP (SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO)
#define DOC(pfs) "{\"version\": 1, \"pfs\": [" pfs "]}"

/* The host as it is, said in a document. */
static const char same_as_host[] = DOC(
        "{\"pci\": \"03:00.0\", \"num_vfs\": 2, \"drivers_autoprobe\": true, \"vfs\": ["
        "  {\"vf\": 0, \"mac\": \"02:00:00:00:00:10\", \"vlan\": 10, \"qos\": 3,"
        "   \"vlan_proto\": \"802.1Q\", \"min_tx_rate\": 0, \"max_tx_rate\": 100,"
        "   \"spoofchk\": true, \"trust\": true, \"link_state\": \"auto\", \"driver\": "
        "\"default\"},"
        "  {\"vf\": 1, \"mac\": \"00:00:00:00:00:00\", \"vlan\": 0, \"driver\": \"vfio-pci\"}]},"
        "{\"ifname\": \"enp3s0f1\", \"num_vfs\": 0, \"drivers_autoprobe\": true},"
        "{\"match\": {\"vendor\": \"15b3\"}, \"num_vfs\": 0},"
        "{\"pci\": \"0000:06:00.0\", \"num_vfs\": 0, \"drivers_autoprobe\": false}");

static void no_change_when_the_document_is_the_host(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(plan(f, same_as_host), 0);
        assert_int_equal(f->target.n_pfs, 4);
        /* In host order, whatever the document's. */
        for (size_t k = 0; k < f->target.n_pfs; k++)
                assert_int_equal(f->target.pfs[k].host, k);
        assert_string_equal(f->target.pfs[0].path, "$.pfs[0]");
        assert_string_equal(f->target.pfs[0].vfs[1].path, "$.pfs[0].vfs[1]");
        assert_string_equal(f->target.pfs[0].vfs[1].driver, "vfio-pci");

        /* An empty document manages nothing. */
        assert_int_equal(plan(f, DOC("")), 0);
        assert_int_equal(f->target.n_pfs, 0);
}

/* `sriovctl dump > f; sriovctl apply f` changes nothing. */
static void a_dump_applies_to_no_change(void **state)
{
        struct fixture *f = *state;
        struct json_object *dump;
        char *text;

        /* Give PF1 VFs too: one on "none", one unreported setting. */
        host_state_free(&f->host);
        make_host(&f->host);
        free(f->host.pfs[1].vfs);
        igb_pf(&f->host.pfs[1], PF1, "enp3s0f1", perm1, 3);
        snprintf(f->host.pfs[1].vfs[2].driver, STATE_NAME_MAX, DRIVER_NONE);
        f->host.pfs[1].vfs[1].cfg.mask &= ~SRIOV_VF_CONFIG_LINK_STATE;
        f->host.pfs[1].vfs[0].cfg.vlan_proto = SRIOV_VLAN_PROTO_8021AD;
        f->host.pfs[1].vfs[0].cfg.vlan = 4095;
        f->host.pfs[1].vfs[0].cfg.min_tx_rate = 10;
        f->host.pfs[1].vfs[0].cfg.max_tx_rate = 4000000000u;
        f->host.pfs[1].vfs[0].cfg.link_state = SRIOV_LINK_STATE_DISABLE;
        f->host.pfs[1].vfs[0].cfg.mask |= SRIOV_VF_CONFIG_QUERY_RSS;
        f->host.pfs[1].vfs[0].cfg.query_rss = true;
        memcpy(f->host.pfs[1].vfs[1].cfg.mac, ((uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x56 }), 6);

        dump = state_dump_json(&f->host);
        text = strdup(json_object_to_json_string_ext(dump, JSON_C_TO_STRING_PRETTY));
        json_object_put(dump);
        assert_int_equal(plan(f, text), 0);
        assert_int_equal(f->target.n_pfs, 4);
        /* Everything reported is managed, so the dump pins the host down. */
        assert_int_equal(f->target.pfs[0].vfs[0].cfg.mask, IGB_MASK);
        assert_int_equal(f->target.pfs[1].vfs[0].cfg.mask, SRIOV_VF_CONFIG_ALL);
        assert_int_equal(f->target.pfs[1].vfs[1].cfg.mask, IGB_MASK & ~SRIOV_VF_CONFIG_LINK_STATE);
        assert_string_equal(f->target.pfs[1].vfs[2].driver, DRIVER_NONE);
        assert_true(f->target.pfs[0].set_num_vfs);
        assert_int_equal(f->target.pfs[2].drivers_autoprobe, -1);
        free(text);
}

static void one_field_is_one_change(void **state)
{
        struct fixture *f = *state;
        const struct change *c;

        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, \"vlan\": 20, "
                                     "\"qos\": 3, \"trust\": true}]}")),
                         1);
        c = &f->plan.changes[0];
        assert_int_equal(c->pf, 0);
        assert_int_equal(c->vf, 0);
        assert_int_equal(c->field, CHANGE_VF_CONFIG);
        assert_int_equal(c->config_bit, SRIOV_VF_CONFIG_VLAN);
        assert_string_equal(change_key(c), "vlan");
        assert_true(c->from_known);
        assert_int_equal(c->from_cfg.vlan, 10);
        assert_int_equal(c->to_cfg.vlan, 20);
        assert_false(f->target.pfs[0].set_num_vfs);
        assert_int_equal(f->target.pfs[0].num_vfs, 2);

        /* A MAC, by ifname. */
        assert_int_equal(plan(f, DOC("{\"ifname\": \"enp3s0f0\", \"vfs\": [{\"vf\": 1, "
                                     "\"mac\": \"02:00:00:00:00:11\"}]}")),
                         1);
        c = &f->plan.changes[0];
        assert_int_equal(c->vf, 1);
        assert_string_equal(change_key(c), "mac");
        assert_memory_equal(c->from_cfg.mac, ((uint8_t[6]){ 0 }), 6);
        assert_memory_equal(c->to_cfg.mac, ((uint8_t[]){ 2, 0, 0, 0, 0, 0x11 }), 6);

        /* A driver. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, \"driver\": "
                                     "\"vfio-pci\"}, {\"vf\": 1, \"driver\": \"default\"}]}")),
                         2);
        c = &f->plan.changes[0];
        assert_int_equal(c->field, CHANGE_DRIVER);
        assert_string_equal(change_key(c), "driver");
        assert_int_equal(c->vf, 0);
        assert_true(c->from_known);
        assert_string_equal(c->from_driver, "default");
        assert_string_equal(c->to_driver, "vfio-pci");
        c = &f->plan.changes[1];
        assert_int_equal(c->vf, 1);
        assert_string_equal(c->from_driver, "vfio-pci");
        assert_string_equal(c->to_driver, "default");

        /* A setting the driver does not report: from unknown. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, "
                                     "\"query_rss\": false}]}")),
                         1);
        c = &f->plan.changes[0];
        assert_string_equal(change_key(c), "query_rss");
        assert_false(c->from_known);
        assert_false(c->to_cfg.query_rss);
}

/*
 * A VLAN without its QoS or protocol means QoS 0 and 802.1Q, as `vf set VF vlan 10` and ip
 * do: VF 0 has VLAN 10 with QoS 3, and "vlan": 10 takes the QoS back to 0.
 */
static void a_vlan_alone_means_qos_0_and_8021q(void **state)
{
        struct fixture *f = *state;
        const struct change *c;

        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": \"0-1\", "
                                     "\"vlan\": 10}]}")),
                         2);
        c = &f->plan.changes[0];
        assert_int_equal(c->vf, 0);
        assert_int_equal(c->config_bit, SRIOV_VF_CONFIG_QOS);
        assert_true(c->from_known);
        assert_int_equal(c->from_cfg.qos, 3);
        assert_int_equal(c->to_cfg.qos, 0);
        c = &f->plan.changes[1];
        assert_int_equal(c->vf, 1);
        assert_int_equal(c->config_bit, SRIOV_VF_CONFIG_VLAN);
        assert_int_equal(c->to_cfg.vlan, 10);
        /* VF 1 has QoS 0 and 802.1Q already; both are sent with its VLAN all the same. */
        assert_int_equal(f->target.pfs[0].vfs[1].cfg.mask & VLAN_GROUP, VLAN_GROUP);
        assert_int_equal(f->target.pfs[0].vfs[1].implied,
                         SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO);

        /* The protocol too: 802.1ad back to 802.1Q. */
        f->host.pfs[0].vfs[0].cfg.vlan_proto = SRIOV_VLAN_PROTO_8021AD;
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, "
                                     "\"vlan\": 10, \"qos\": 3}]}")),
                         1);
        c = &f->plan.changes[0];
        assert_int_equal(c->config_bit, SRIOV_VF_CONFIG_VLAN_PROTO);
        assert_int_equal(c->from_cfg.vlan_proto, SRIOV_VLAN_PROTO_8021AD);
        assert_int_equal(c->to_cfg.vlan_proto, SRIOV_VLAN_PROTO_8021Q);

        /* What the driver does not report (netdevsim's protocol before any VLAN) is sent, not
         * planned: the document applies to no change. */
        f->host.pfs[0].vfs[0].cfg.mask &= ~SRIOV_VF_CONFIG_VLAN_PROTO;
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, "
                                     "\"vlan\": 10, \"qos\": 3}]}")),
                         0);
        /* Given, it is planned, from unknown. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, "
                                     "\"vlan\": 10, \"qos\": 3, \"vlan_proto\": \"802.1Q\"}]}")),
                         1);
        assert_false(f->plan.changes[0].from_known);
}

/* A dump writes a QoS and protocol only when they are not what the VLAN implies. */
static void a_dump_leaves_out_what_the_vlan_implies(void **state)
{
        struct fixture *f = *state;
        struct json_object *dump, *pfs, *vf;

        f->host.pfs[0].vfs[1].cfg.vlan_proto = SRIOV_VLAN_PROTO_8021AD;
        dump = state_dump_json(&f->host);
        assert_true(json_object_object_get_ex(dump, "pfs", &pfs));
        pfs = json_object_object_get(json_object_array_get_idx(pfs, 0), "vfs");
        vf = json_object_array_get_idx(pfs, 0); /* vlan 10 qos 3 802.1Q */
        assert_int_equal(json_object_get_int(json_object_object_get(vf, "vlan")), 10);
        assert_int_equal(json_object_get_int(json_object_object_get(vf, "qos")), 3);
        assert_false(json_object_object_get_ex(vf, "vlan_proto", NULL));
        vf = json_object_array_get_idx(pfs, 1); /* vlan 0 qos 0 802.1ad */
        assert_true(json_object_object_get_ex(vf, "vlan", NULL));
        assert_false(json_object_object_get_ex(vf, "qos", NULL));
        assert_string_equal(json_object_get_string(json_object_object_get(vf, "vlan_proto")),
                            "802.1ad");
        json_object_put(dump);
}

/* VF settings in the library's order: MAC, VLAN group, rates, flags; then the driver. */
static void a_vf_changes_in_order(void **state)
{
        struct fixture *f = *state;
        static const char *const keys[] = { "mac",         "vlan",        "qos",      "vlan_proto",
                                            "min_tx_rate", "max_tx_rate", "spoofchk", "trust",
                                            "link_state",  "driver" };

        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, "
                                     "\"driver\": \"vfio-pci\", \"link_state\": \"enable\", "
                                     "\"trust\": false, \"spoofchk\": false, \"max_tx_rate\": 0, "
                                     "\"min_tx_rate\": 5, \"vlan_proto\": \"802.1ad\", \"qos\": 0, "
                                     "\"vlan\": 0, \"mac\": \"02:00:00:00:00:99\"}]}")),
                         10);
        for (size_t i = 0; i < 10; i++) {
                assert_int_equal(f->plan.changes[i].vf, 0);
                assert_string_equal(change_key(&f->plan.changes[i]), keys[i]);
        }
}

static void creating_vfs_lists_num_vfs_first(void **state)
{
        struct fixture *f = *state;
        const struct change *c;

        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 7, \"vfs\": ["
                                     "{\"vf\": \"0-6\", \"vlan\": 5, \"driver\": \"vfio-pci\"}]}")),
                         1 + 7 * 2);
        c = &f->plan.changes[0];
        assert_int_equal(c->pf, 0); /* the target's only PF */
        assert_int_equal(f->target.pfs[0].host, 1);
        assert_int_equal(c->vf, -1);
        assert_int_equal(c->field, CHANGE_NUM_VFS);
        assert_string_equal(change_key(c), "num_vfs");
        assert_true(c->from_known);
        assert_int_equal(c->from_n, 0);
        assert_int_equal(c->to_n, 7);
        for (unsigned int i = 0; i < 7; i++) {
                c = &f->plan.changes[1 + 2 * i];
                assert_int_equal(c->vf, (int)i);
                assert_int_equal(c->field, CHANGE_VF_CONFIG);
                assert_int_equal(c->config_bit, SRIOV_VF_CONFIG_VLAN);
                assert_false(c->from_known);
                assert_int_equal(c->to_cfg.vlan, 5);
                c++;
                assert_int_equal(c->vf, (int)i);
                assert_int_equal(c->field, CHANGE_DRIVER);
                assert_false(c->from_known);
                assert_string_equal(c->to_driver, "vfio-pci");
        }

        /* New VFs come on the default driver: asking for it is no change. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 3, \"vfs\": ["
                                     "{\"vf\": \"0-2\", \"driver\": \"default\"}]}")),
                         1);
        /* Removing them all. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"num_vfs\": 0}")), 1);
        c = &f->plan.changes[0];
        assert_int_equal(c->field, CHANGE_NUM_VFS);
        assert_int_equal(c->from_n, 2);
        assert_int_equal(c->to_n, 0);
        assert_int_equal(f->target.pfs[0].num_vfs, 0);
}

/* A resize recreates every VF: surviving ones keep settings but come back on "default". */
/* A VF left with the override vfio-pci but no driver (a crash or a failed probe mid-bind)
 * reads as "vfio-pci" in a dump, yet is not there: the plan binds it again. */
static void a_vf_whose_override_driver_is_not_bound_is_bound_again(void **state)
{
        struct fixture *f = *state;

        f->host.pfs[0].vfs[1].bound = false;
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 1, \"driver\": "
                                     "\"vfio-pci\"}]}")),
                         1);
        assert_int_equal(f->plan.changes[0].field, CHANGE_DRIVER);
        assert_string_equal(f->plan.changes[0].from_driver, "vfio-pci");
        assert_string_equal(f->plan.changes[0].to_driver, "vfio-pci");
}

static void a_resize_rebinds_vfio_vfs(void **state)
{
        struct fixture *f = *state;
        const struct change *c;

        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"num_vfs\": 4, \"vfs\": ["
                                     "{\"vf\": 0, \"vlan\": 10, \"qos\": 3, \"driver\": \"default\"},"
                                     "{\"vf\": 1, \"driver\": \"vfio-pci\"}]}")),
                         2);
        assert_int_equal(f->plan.changes[0].field, CHANGE_NUM_VFS);
        assert_int_equal(f->plan.changes[0].from_n, 2);
        assert_int_equal(f->plan.changes[0].to_n, 4);
        c = &f->plan.changes[1];
        assert_int_equal(c->vf, 1);
        assert_int_equal(c->field, CHANGE_DRIVER);
        assert_false(c->from_known); /* recreated by the resize */
        assert_string_equal(c->to_driver, "vfio-pci");

        /* Without a resize, the same VF is no change. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"num_vfs\": 2, \"vfs\": ["
                                     "{\"vf\": 1, \"driver\": \"vfio-pci\"}]}")),
                         0);
}

static void drivers_autoprobe_comes_first(void **state)
{
        struct fixture *f = *state;
        const struct change *c;

        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 1, "
                                     "\"drivers_autoprobe\": false}")),
                         2);
        c = &f->plan.changes[0];
        assert_int_equal(c->field, CHANGE_AUTOPROBE);
        assert_string_equal(change_key(c), "drivers_autoprobe");
        assert_int_equal(c->vf, -1);
        assert_int_equal(c->from_n, 1);
        assert_int_equal(c->to_n, 0);
        assert_int_equal(f->plan.changes[1].field, CHANGE_NUM_VFS);

        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF_NOPERM "\", \"drivers_autoprobe\": true}")),
                         1);
        assert_int_equal(f->plan.changes[0].from_n, 0);
        assert_int_equal(f->plan.changes[0].to_n, 1);
}

static void a_match_takes_every_pf_it_matches(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(plan(f, DOC("{\"match\": {\"vendor\": \"8086\", \"device\": \"10C9\", "
                                     "\"driver\": \"igb\"}, \"drivers_autoprobe\": false}")),
                         2);
        assert_int_equal(f->target.n_pfs, 2);
        assert_int_equal(f->target.pfs[0].host, 0);
        assert_int_equal(f->target.pfs[1].host, 1);
        assert_int_equal(f->plan.changes[0].pf, 0);
        assert_int_equal(f->plan.changes[1].pf, 1);

        /* By driver alone; a PF without driver never matches one. */
        assert_int_equal(plan(f, DOC("{\"match\": {\"driver\": \"somenic\"}, \"num_vfs\": 4}")), 1);
        assert_int_equal(f->target.n_pfs, 1);
        assert_int_equal(f->target.pfs[0].host, 3);
}

static void names_must_exist_but_a_match_may_find_nothing(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(plan(f, DOC("{\"match\": {\"vendor\": \"14e4\"}, \"num_vfs\": 4},"
                                     "{\"match\": {\"device\": \"10c9\", \"driver\": \"ixgbe\"}, "
                                     "\"num_vfs\": 4}")),
                         0);
        assert_int_equal(f->target.n_pfs, 0);

        resolve_fails(f, DOC("{\"pci\": \"0000:04:00.0\", \"num_vfs\": 1}"),
                      "$.pfs[0].pci: \"0000:04:00.0\": no SR-IOV capable PF has this PCI address");
        resolve_fails(f, DOC("{\"pci\": \"" PF0 "\"}, {\"ifname\": \"eth9\"}"),
                      "$.pfs[1].ifname: \"eth9\": no SR-IOV capable PF has this netdev name");
}

static void one_pf_is_configured_once(void **state)
{
        struct fixture *f = *state;

        resolve_fails(f,
                      DOC("{\"pci\": \"03:00.0\", \"num_vfs\": 2}, "
                          "{\"match\": {\"driver\": \"igb\"}, \"num_vfs\": 7}"),
                      "$.pfs[1]: PF 0000:03:00.0 is already configured by $.pfs[0]");
        resolve_fails(f, DOC("{\"ifname\": \"enp3s0f1\"}, {\"pci\": \"" PF1 "\"}"),
                      "$.pfs[1]: PF 0000:03:00.1 is already configured by $.pfs[0]");
}

/*
 * apply --pf: only the PFs asked for are in the target, so a plan touches no other. The rest of
 * the document must still be consistent (a PF claimed twice), but the PFs it names need not
 * be there nor be checked against the host: they may be away, being reset themselves.
 */
static void only_the_selected_pfs_are_resolved(void **state)
{
        struct fixture *f = *state;
        /* PF0's VF 0 gets VLAN 20 (its QoS 3 stays: 1 change); PF1 gets 3 VFs (1 change). */
        static const char both[] = DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, \"vlan\": 20, \"qos\": 3}]},"
                                       "{\"ifname\": \"enp3s0f1\", \"num_vfs\": 3}");
        bool pf1_only[] = { false, true, false, false }, pf0_only[] = { true, false, false, false };
        bool none[] = { false, false, false, false };

        assert_int_equal(resolve_only(f, both, pf1_only), 0);
        assert_int_equal(f->target.n_pfs, 1);
        assert_int_equal(f->target.pfs[0].host, 1);
        assert_int_equal(plan_compute(&f->host, &f->target, &f->plan), 0);
        assert_int_equal(f->plan.n, 1);
        assert_int_equal(f->plan.changes[0].field, CHANGE_NUM_VFS);

        assert_int_equal(resolve_only(f, both, pf0_only), 0);
        assert_int_equal(f->target.n_pfs, 1);
        assert_int_equal(f->target.pfs[0].host, 0);
        assert_int_equal(plan_compute(&f->host, &f->target, &f->plan), 0);
        assert_int_equal(f->plan.n, 1);
        assert_int_equal(f->plan.changes[0].vf, 0);
        assert_int_equal(f->plan.changes[0].config_bit, SRIOV_VF_CONFIG_VLAN);

        /* A PF the document does not describe: an empty target, nothing to do. */
        assert_int_equal(resolve_only(f, both, none), 0);
        assert_int_equal(f->target.n_pfs, 0);
        assert_int_equal(resolve_only(f, DOC("{\"pci\": \"" PF0 "\", \"num_vfs\": 2}"), pf1_only), 0);
        assert_int_equal(f->target.n_pfs, 0);

        /* Another PF that is away, or whose values this host refuses: no matter for PF1. */
        assert_int_equal(resolve_only(f, DOC("{\"ifname\": \"eth9\", \"num_vfs\": 1},"
                                             "{\"pci\": \"" PF0 "\", \"num_vfs\": 99},"
                                             "{\"pci\": \"" PF1 "\", \"num_vfs\": 3}"),
                                      pf1_only),
                         0);
        assert_int_equal(f->target.n_pfs, 1);
        assert_int_equal(f->target.pfs[0].num_vfs, 3);
        /* ... but PF1's own are checked, and a PF claimed twice is refused whichever is asked. */
        assert_int_equal(resolve_only(f, DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 8}"), pf1_only),
                         -EINVAL);
        assert_string_equal(f->err, "$.pfs[0].num_vfs: 8: above sriov_totalvfs 7 of PF 0000:03:00.1");
        assert_int_equal(resolve_only(f, DOC("{\"pci\": \"03:00.0\"}, {\"match\": {\"driver\": \"igb\"}}"),
                                      pf1_only),
                         -EINVAL);
        assert_string_equal(f->err, "$.pfs[1]: PF 0000:03:00.0 is already configured by $.pfs[0]");
        assert_null(f->target.pfs);

        /* NULL: every PF, as target_resolve(). */
        assert_int_equal(resolve(f, both), 0);
        target_free(&f->target);
        assert_int_equal(target_resolve_only(&f->doc, &f->host, NULL, &f->target, f->err), 0);
        assert_int_equal(f->target.n_pfs, 2);
}

static void values_are_checked_against_the_pf(void **state)
{
        struct fixture *f = *state;

        resolve_fails(f, DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 8}"),
                      "$.pfs[0].num_vfs: 8: above sriov_totalvfs 7 of PF 0000:03:00.1");
        /* num_vfs = total_vfs is fine. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 7}")), 1);

        resolve_fails(
                f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0}, {\"vf\": 2, \"vlan\": 1}]}"),
                "$.pfs[0].vfs[1].vf: VF 2 does not exist: PF 0000:03:00.0 has 2 VFs");
        resolve_fails(f,
                      DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 3, \"vfs\": [{\"vf\": \"0-3\"}]}"),
                      "$.pfs[0].vfs[0].vf: VF 3 does not exist: PF 0000:03:00.1 is to have 3 VFs");
        /* Shrinking below an index the document sets. */
        resolve_fails(f,
                      DOC("{\"pci\": \"" PF0 "\", \"num_vfs\": 1, \"vfs\": [{\"vf\": 1, "
                          "\"driver\": \"default\"}]}"),
                      "$.pfs[0].vfs[0].vf: VF 1 does not exist: PF 0000:03:00.0 is to have 1 VFs");

        resolve_fails(f, DOC("{\"pci\": \"" PF_BARE "\", \"num_vfs\": 2}"),
                      "$.pfs[0].num_vfs: 2: PF 0000:05:00.0 has no driver bound, and only its "
                      "driver can create VFs");
        resolve_fails(f, DOC("{\"pci\": \"" PF_BARE "\", \"drivers_autoprobe\": true}"),
                      "$.pfs[0].drivers_autoprobe: PF 0000:05:00.0: this kernel has no "
                      "sriov_drivers_autoprobe");
}

/* VF settings go through the PF's netdev; drivers do not. */
static void vf_settings_need_the_pf_netdev(void **state)
{
        struct fixture *f = *state;

        /* Give the bare PF a driver without netdev (vfio-pci on the PF, say) and 2 VFs. */
        free(f->host.pfs[2].vfs);
        f->host.pfs[2].num_vfs = 2;
        f->host.pfs[2].vfs = calloc(2, sizeof(struct host_vf));
        snprintf(f->host.pfs[2].driver, STATE_NAME_MAX, "mlx5_core");
        snprintf(f->host.pfs[2].vfs[0].driver, STATE_NAME_MAX, DRIVER_DEFAULT);
        snprintf(f->host.pfs[2].vfs[1].driver, STATE_NAME_MAX, DRIVER_DEFAULT);

        resolve_fails(f, DOC("{\"pci\": \"" PF_BARE "\", \"vfs\": [{\"vf\": 1, \"vlan\": 3}]}"),
                      "$.pfs[0]: PF 0000:05:00.0 has no netdev, and VF settings are made through "
                      "it (is its driver bound?)");
        resolve_fails(f,
                      DOC("{\"pci\": \"" PF_BARE "\", \"vfs\": [{\"vf\": 0, \"mac\": \"auto\"}]}"),
                      "$.pfs[0]: PF 0000:05:00.0 has no netdev, and VF settings are made through "
                      "it (is its driver bound?)");
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF_BARE "\", \"vfs\": [{\"vf\": 1, \"driver\": "
                                     "\"vfio-pci\"}]}")),
                         1);
        assert_int_equal(f->plan.changes[0].field, CHANGE_DRIVER);
}

static void auto_needs_a_permanent_mac(void **state)
{
        struct fixture *f = *state;

        resolve_fails(f,
                      DOC("{\"pci\": \"" PF_NOPERM "\", \"num_vfs\": 2, \"vfs\": ["
                          "{\"vf\": 0, \"vlan\": 1}, {\"vf\": 1, \"mac\": \"auto\"}]}"),
                      "$.pfs[0].vfs[1].mac: \"auto\": PF 0000:06:00.0 reports no permanent MAC "
                      "address to derive VF MACs from; give them explicitly");
        /* Explicit MACs are fine there. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF_NOPERM "\", \"num_vfs\": 1, \"vfs\": ["
                                     "{\"vf\": 0, \"mac\": \"02:00:00:00:00:42\"}]}")),
                         2);
}

static void a_mac_is_given_to_one_vf(void **state)
{
        struct fixture *f = *state;

        /* Two VFs of the document, on two PFs. */
        resolve_fails(f,
                      DOC("{\"pci\": \"" PF0
                          "\", \"vfs\": [{\"vf\": 1, \"mac\": \"02:aa:00:00:00:01\"}]},"
                          "{\"pci\": \"" PF1 "\", \"num_vfs\": 2, \"vfs\": [{\"vf\": 1, "
                          "\"mac\": \"02:AA:00:00:00:01\"}]}"),
                      "$.pfs[1].vfs[0].mac: \"02:aa:00:00:00:01\": VF 0000:03:10.2 (enp3s0f0/1) is given it "
                      "as well");
        /* Two VFs of one range. */
        resolve_fails(f,
                      DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 2, \"vfs\": [{\"vf\": \"0-1\", "
                          "\"mac\": \"02:aa:00:00:00:01\"}]}"),
                      "$.pfs[0].vfs[0].mac: \"02:aa:00:00:00:01\": VF enp3s0f1/0 is given it "
                      "as well");
        /* A VF the document leaves alone has it. */
        resolve_fails(
                f,
                DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 1, \"vfs\": [{\"vf\": 0, "
                    "\"mac\": \"02:00:00:00:00:10\"}]}"),
                "$.pfs[0].vfs[0].mac: \"02:00:00:00:00:10\": VF 0000:03:10.0 (enp3s0f0/0) has it already");
        /* ... also when that VF's PF comes later in host order. */
        free(f->host.pfs[1].vfs);
        igb_pf(&f->host.pfs[1], PF1, "enp3s0f1", perm1, 1);
        memcpy(f->host.pfs[1].vfs[0].cfg.mac, ((uint8_t[]){ 2, 0xbb, 0, 0, 0, 1 }), 6);
        resolve_fails(
                f,
                DOC("{\"pci\": \"" PF0
                    "\", \"vfs\": [{\"vf\": 1, \"mac\": \"02:bb:00:00:00:01\"}]}"),
                "$.pfs[0].vfs[0].mac: \"02:bb:00:00:00:01\": VF 0000:03:10.0 (enp3s0f1/0) has it already");
        /* Moving a MAC from one VF to another in one document is fine. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": ["
                                     "{\"vf\": 0, \"mac\": \"02:00:00:00:00:11\"},"
                                     "{\"vf\": 1, \"mac\": \"02:00:00:00:00:10\"}]}")),
                         2);
        /* Two VFs the document leaves alone may share one (bonded VFs do): not its business. */
        memcpy(f->host.pfs[0].vfs[1].cfg.mac, ((uint8_t[]){ 2, 0xbb, 0, 0, 0, 1 }), 6);
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 0, \"vlan\": 7, "
                                     "\"qos\": 3}]},"
                                     "{\"pci\": \"" PF1 "\", \"num_vfs\": 1}")),
                         1);
        /* ... and a document that gives each of them the MAC it has (a dump does) is no new
         * duplicate either: it round-trips to no change. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF0 "\", \"vfs\": [{\"vf\": 1, "
                                     "\"mac\": \"02:bb:00:00:00:01\"}]},"
                                     "{\"pci\": \"" PF1 "\", \"vfs\": [{\"vf\": 0, "
                                     "\"mac\": \"02:bb:00:00:00:01\"}]}")),
                         0);
        /* All zero is "no MAC", which any number of VFs share. */
        assert_int_equal(plan(f, DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 3, \"vfs\": ["
                                     "{\"vf\": \"0-2\", \"mac\": \"00:00:00:00:00:00\"}]}")),
                         4);
}

/* FNV-1a 64 as mac-auto.c documents it, written again here. */
static void expected_auto_mac(const uint8_t perm[6], unsigned int index, uint8_t salt,
                              uint8_t ret[6])
{
        uint8_t input[15 + 6 + 4 + 1];
        uint64_t h = 0xcbf29ce484222325ull;

        memcpy(input, "libsriov-vf-mac", 15);
        memcpy(input + 15, perm, 6);
        input[21] = (uint8_t)index;
        input[22] = (uint8_t)(index >> 8);
        input[23] = (uint8_t)(index >> 16);
        input[24] = (uint8_t)(index >> 24);
        input[25] = salt;
        for (size_t i = 0; i < sizeof(input); i++) {
                h ^= input[i];
                h *= 0x100000001b3ull;
        }
        for (int i = 0; i < 6; i++)
                ret[i] = (uint8_t)(h >> (56 - 8 * i));
        ret[0] = (uint8_t)((ret[0] & 0xfe) | 0x02);
}

static void auto_mac_known_answer(void **state)
{
        /* FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c: the constants are the standard ones. */
        uint64_t h = (0xcbf29ce484222325ull ^ 'a') * 0x100000001b3ull;
        uint8_t want[6], got[6];

        (void)state;
        assert_true(h == 0xaf63dc4c8601ec8cull);

        /*
         * Pinned bytes (also computed by a separate Python FNV-1a), so that a change of the
         * construction, which sriovctl(8) documents for other tools, shows here.
         */
        expected_auto_mac(perm0, 3, 0, want);
        assert_memory_equal(want, ((uint8_t[]){ 0x76, 0x27, 0x8b, 0x0a, 0xfc, 0x4e }), 6);
        mac_auto_derive(perm0, 3, 0, got);
        assert_memory_equal(got, want, 6);
        mac_auto_derive((const uint8_t[]){ 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }, 0, 0, got);
        assert_memory_equal(got, ((uint8_t[]){ 0xaa, 0xe1, 0x93, 0x18, 0x6d, 0x6f }), 6);
        /* Every input byte counts: index bytes above the first, and the salt. */
        for (unsigned int index = 0; index < 3; index++)
                for (unsigned int salt = 0; salt < 3; salt++) {
                        expected_auto_mac(perm1, index << 16, (uint8_t)salt, want);
                        mac_auto_derive(perm1, index << 16, (uint8_t)salt, got);
                        assert_memory_equal(got, want, 6);
                }
        mac_auto_derive(perm1, 0x10000, 0, got);
        mac_auto_derive(perm1, 0, 0, want);
        assert_memory_not_equal(got, want, 6);
}

static void auto_macs_are_stable_unique_and_local(void **state)
{
        struct fixture *f = *state;
        static const char doc[] = DOC(
                "{\"match\": {\"driver\": \"igb\"}, \"num_vfs\": 7, \"vfs\": [{\"vf\": \"0-6\", "
                "\"mac\": \"auto\"}]}");
        uint8_t first[2][7][6];

        /* Per PF: num_vfs, and a MAC for each of the 7 VFs (none has its "auto" one yet). */
        assert_int_equal(plan(f, doc), 2 * (1 + 7));
        assert_int_equal(f->target.n_pfs, 2);
        for (size_t k = 0; k < 2; k++) {
                const uint8_t *perm = k ? perm1 : perm0;

                for (unsigned int i = 0; i < 7; i++) {
                        const struct target_vf *tv = &f->target.pfs[k].vfs[i];
                        uint8_t want[6];

                        assert_true(tv->auto_mac);
                        assert_true(tv->cfg.mask & SRIOV_VF_CONFIG_MAC);
                        /* Unicast, locally administered. */
                        assert_int_equal(tv->cfg.mac[0] & 3, 2);
                        expected_auto_mac(perm, i, 0, want);
                        assert_memory_equal(tv->cfg.mac, want, 6);
                        memcpy(first[k][i], tv->cfg.mac, 6);
                        for (size_t k2 = 0; k2 <= k; k2++)
                                for (unsigned int j = 0; j < (k2 == k ? i : 7); j++)
                                        assert_memory_not_equal(first[k2][j], tv->cfg.mac, 6);
                }
        }
        /* The same on the next apply. */
        assert_int_equal(resolve(f, doc), 0);
        for (size_t k = 0; k < 2; k++)
                for (unsigned int i = 0; i < 7; i++)
                        assert_memory_equal(f->target.pfs[k].vfs[i].cfg.mac, first[k][i], 6);

        /* Once applied, the next plan is empty. */
        for (size_t k = 0; k < 2; k++) {
                struct host_pf *h = &f->host.pfs[k];

                free(h->vfs);
                igb_pf(h, k ? PF1 : PF0, k ? "enp3s0f1" : "enp3s0f0", k ? perm1 : perm0, 7);
                for (unsigned int i = 0; i < 7; i++)
                        memcpy(h->vfs[i].cfg.mac, first[k][i], 6);
        }
        assert_int_equal(plan(f, doc), 0);
}

/* An "auto" MAC that is another VF's steps the salt; nothing else moves. */
static void auto_steps_past_a_taken_mac(void **state)
{
        struct fixture *f = *state;
        uint8_t taken[6], salted[6], vf2[6];
        char text[1024], mac[18];

        mac_auto_derive(perm1, 1, 0, taken);
        mac_auto_derive(perm1, 1, 1, salted);
        mac_auto_derive(perm1, 2, 0, vf2);
        sriov_mac_format(taken, mac);

        /* The document gives VF 0 the MAC VF 1 would derive. */
        snprintf(text, sizeof(text),
                 DOC("{\"pci\": \"" PF1
                     "\", \"num_vfs\": 3, \"vfs\": [{\"vf\": 0, \"mac\": \"%s\"},"
                     "{\"vf\": \"1-2\", \"mac\": \"auto\"}]}"),
                 mac);
        assert_int_equal(resolve(f, text), 0);
        assert_memory_equal(f->target.pfs[0].vfs[0].cfg.mac, taken, 6);
        assert_false(f->target.pfs[0].vfs[0].auto_mac);
        assert_memory_equal(f->target.pfs[0].vfs[1].cfg.mac, salted, 6);
        assert_memory_equal(f->target.pfs[0].vfs[2].cfg.mac, vf2, 6);
        assert_int_equal(salted[0] & 3, 2);

        /* The same when a VF on another PF, left alone by the document, has it. */
        memcpy(f->host.pfs[0].vfs[1].cfg.mac, taken, 6);
        snprintf(text, sizeof(text),
                 DOC("{\"pci\": \"" PF1 "\", \"num_vfs\": 3, \"vfs\": [{\"vf\": \"0-2\", "
                     "\"mac\": \"auto\"}]}"));
        assert_int_equal(resolve(f, text), 0);
        assert_memory_equal(f->target.pfs[0].vfs[1].cfg.mac, salted, 6);
        assert_memory_equal(f->target.pfs[0].vfs[2].cfg.mac, vf2, 6);

        /* A VF the document re-MACs frees its old MAC for "auto". */
        snprintf(text, sizeof(text),
                 DOC("{\"pci\": \"" PF0
                     "\", \"vfs\": [{\"vf\": 1, \"mac\": \"02:00:00:00:00:77\"}]},"
                     "{\"pci\": \"" PF1 "\", \"num_vfs\": 3, \"vfs\": [{\"vf\": \"0-2\", "
                     "\"mac\": \"auto\"}]}"));
        assert_int_equal(resolve(f, text), 0);
        assert_memory_equal(f->target.pfs[1].vfs[1].cfg.mac, taken, 6);

        /* A VF that is removed does not hold its MAC. */
        snprintf(text, sizeof(text),
                 DOC("{\"pci\": \"" PF0 "\", \"num_vfs\": 1},"
                     "{\"pci\": \"" PF1 "\", \"num_vfs\": 3, \"vfs\": [{\"vf\": \"0-2\", "
                     "\"mac\": \"auto\"}]}"));
        assert_int_equal(resolve(f, text), 0);
        assert_memory_equal(f->target.pfs[1].vfs[1].cfg.mac, taken, 6);
}


/* ---- switchdev: the eswitch mode, rate groups and leaves ---- */

static int setup_switchdev(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        make_switchdev_host(&f->host);
        *state = f;
        return 0;
}

/* The netdevsim PF as legacy mode has it: no groups, no leaves. */
static void make_legacy(struct host_pf *h)
{
        h->eswitch_mode = SRIOV_ESWITCH_MODE_LEGACY;
        h->n_groups = 0;
        for (unsigned int i = 0; i < h->num_vfs; i++)
                h->vfs[i].rate = (struct sriov_rate){ 0 };
}

/* "key" of each change, or "rate_groups NAME" for a group, joined by spaces. */
static const char *plan_keys(const struct fixture *f)
{
        static char buf[512];
        size_t len = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < f->plan.n && len < sizeof(buf); i++) {
                const struct change *c = &f->plan.changes[i];

                len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? " " : "",
                                        change_key(c));
                if (c->field == CHANGE_RATE_GROUP)
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
                                                c->to_known ? "+" : "-",
                                                c->to_known ? c->to_rate.name : c->from_rate.name);
                else if (c->vf >= 0)
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "/%d", c->vf);
        }
        return buf;
}

static void a_switchdev_dump_applies_to_no_change(void **state)
{
        struct fixture *f = *state;
        struct json_object *dump = state_dump_json(&f->host), *pf, *vf;
        char *text = strdup(json_object_to_json_string_ext(dump, JSON_C_TO_STRING_PRETTY));

        /* igb has no mode to dump; netdevsim its mode, groups and every leaf. */
        pf = json_object_array_get_idx(json_object_object_get(dump, "pfs"), 0);
        assert_null(json_object_object_get(pf, "eswitch_mode"));
        assert_null(json_object_object_get(pf, "rate_groups"));
        pf = json_object_array_get_idx(json_object_object_get(dump, "pfs"), 1);
        assert_string_equal(json_object_get_string(json_object_object_get(pf, "eswitch_mode")),
                            "switchdev");
        assert_string_equal(json_object_to_json_string_ext(json_object_object_get(pf, "rate_groups"),
                                                           JSON_C_TO_STRING_PLAIN),
                            "[{\"name\":\"tenant\",\"tx_share\":0,\"tx_max\":12500000,\"parent\":null},"
                            "{\"name\":\"gold\",\"tx_share\":1250000,\"tx_max\":0,\"parent\":\"tenant\"}]");
        vf = json_object_array_get_idx(json_object_object_get(pf, "vfs"), 0);
        assert_int_equal(json_object_get_int64(json_object_object_get(vf, "tx_max")), 6250000);
        assert_string_equal(json_object_get_string(json_object_object_get(vf, "rate_group")), "gold");
        vf = json_object_array_get_idx(json_object_object_get(pf, "vfs"), 2);
        assert_string_equal(json_object_get_string(json_object_object_get(vf, "rate_group")), "");
        json_object_put(dump);

        assert_int_equal(plan(f, text), 0);
        assert_true(f->target.pfs[1].manage_groups);
        assert_int_equal(f->target.pfs[1].eswitch_mode, SRIOV_ESWITCH_MODE_SWITCHDEV);
        free(text);
}

/* From legacy: the mode, then groups parents first, whatever the document's order, then the
 * leaves that join them. */
static void switchdev_from_legacy_comes_in_order(void **state)
{
        struct fixture *f = *state;
        const struct change *c;

        make_legacy(&f->host.pfs[1]);
        plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"eswitch_mode\": \"switchdev\", "
                    "\"rate_groups\": [{\"name\": \"gold\", \"parent\": \"tenant\", \"tx_share\": \"10mbit\"},"
                    "                  {\"name\": \"tenant\", \"tx_max\": \"100mbit\"}],"
                    "\"vfs\": [{\"vf\": 0, \"tx_max\": \"50mbit\", \"rate_group\": \"gold\"}]}"));
        assert_string_equal(plan_keys(f), "eswitch_mode rate_groups+tenant rate_groups+gold "
                                          "tx_max/0 rate_group/0");
        c = &f->plan.changes[0];
        assert_true(c->from_known);
        assert_int_equal(c->from_n, SRIOV_ESWITCH_MODE_LEGACY);
        assert_int_equal(c->to_n, SRIOV_ESWITCH_MODE_SWITCHDEV);
        c = &f->plan.changes[2];
        assert_false(c->from_known);
        assert_int_equal(c->to_rate.rate.tx_share, 1250000);
        assert_string_equal(c->to_rate.rate.parent, "tenant");
        /* A VF of a PF in legacy mode has no leaf: nothing known to come from. */
        c = &f->plan.changes[3];
        assert_false(c->from_known);
        assert_int_equal(c->to_rate.rate.tx_max, 6250000);

        /* And back: devlink takes legacy only once the groups are gone, children first. */
        host_state_free(&f->host);
        make_switchdev_host(&f->host);
        plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"eswitch_mode\": \"legacy\"}"));
        assert_string_equal(plan_keys(f), "rate_groups-gold rate_groups-tenant eswitch_mode");
        /* Legacy with no groups is what legacy has. */
        plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"eswitch_mode\": \"legacy\", "
                    "\"rate_groups\": []}"));
        assert_string_equal(plan_keys(f), "rate_groups-gold rate_groups-tenant eswitch_mode");
        /* A PF in legacy mode already: nothing. */
        make_legacy(&f->host.pfs[1]);
        assert_int_equal(plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"eswitch_mode\": \"legacy\"}")), 0);
}

/* Groups that go: their leaves leave first, then children before parents. */
static void groups_that_go_are_emptied_then_deleted_children_first(void **state)
{
        struct fixture *f = *state;

        plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"rate_groups\": [], "
                    "\"vfs\": [{\"vf\": \"0-1\", \"rate_group\": \"\"}]}"));
        assert_string_equal(plan_keys(f), "rate_group/0 rate_group/1 rate_groups-gold "
                                          "rate_groups-tenant");
        /* A group changed is one change, from what it was to what it is to be. */
        plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"rate_groups\": ["
                    "{\"name\": \"tenant\", \"tx_max\": 12500000}, {\"name\": \"gold\", \"parent\": \"tenant\", "
                    "\"tx_share\": \"20mbit\"}]}"));
        assert_string_equal(plan_keys(f), "rate_groups+gold");
        assert_true(f->plan.changes[0].from_known);
        assert_int_equal(f->plan.changes[0].from_rate.rate.tx_share, 1250000);
        assert_int_equal(f->plan.changes[0].to_rate.rate.tx_share, 2500000);
        /* A leaf's field as it is: no change. */
        assert_int_equal(plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"vfs\": [{\"vf\": 0, "
                                     "\"tx_max\": \"50mbit\", \"tx_share\": 0}]}")),
                         0);
}

/* A resize goes through 0 VFs, where netdevsim goes back to legacy: the PF keeps its mode. */
static void a_resize_keeps_the_eswitch_mode(void **state)
{
        struct fixture *f = *state;

        plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"num_vfs\": 2}"));
        assert_string_equal(plan_keys(f), "num_vfs");
        assert_int_equal(f->target.pfs[0].eswitch_mode, SRIOV_ESWITCH_MODE_SWITCHDEV);
        /* Without a resize the mode is left alone, and igb has none to keep. */
        plan(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\"}, {\"pci\": \"" PF0 "\", \"num_vfs\": 1}"));
        assert_int_equal(f->target.pfs[1].eswitch_mode, -1);
        assert_int_equal(f->target.pfs[0].eswitch_mode, -1);
}

static void switchdev_values_are_checked_against_the_pf(void **state)
{
        struct fixture *f = *state;

        resolve_fails(f, DOC("{\"pci\": \"" PF0 "\", \"eswitch_mode\": \"legacy\"}"),
                      "$.pfs[0].eswitch_mode: \"legacy\": PF 0000:03:00.0: not supported by igb "
                      "(no devlink eswitch)");
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"eswitch_mode\": \"legacy\", "
                             "\"rate_groups\": [{\"name\": \"x\"}]}"),
                      "$.pfs[0].rate_groups: PF netdevsim10 is to be in legacy mode, and rate groups "
                      "are switchdev's: set \"eswitch_mode\": \"switchdev\"");
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"eswitch_mode\": \"legacy\", "
                             "\"vfs\": [{\"vf\": 1, \"tx_share\": \"1mbit\"}]}"),
                      "$.pfs[0].vfs[0].tx_share: PF netdevsim10 is to be in legacy mode, where VFs "
                      "have no devlink rate: set \"eswitch_mode\": \"switchdev\"");
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"vfs\": [{\"vf\": 1, \"rate_group\": "
                             "\"silver\"}]}"),
                      "$.pfs[0].vfs[0].rate_group: \"silver\": PF netdevsim10 has no such group");
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"rate_groups\": [{\"name\": \"silver\"}], "
                             "\"vfs\": [{\"vf\": 1, \"rate_group\": \"gold\"}]}"),
                      "$.pfs[0].vfs[0].rate_group: \"gold\": PF netdevsim10 is to have no such group");
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"rate_groups\": [{\"name\": \"a\"}, "
                             "{\"name\": \"b\", \"parent\": \"c\"}]}"),
                      "$.pfs[0].rate_groups[1].parent: \"c\": no group of this name in rate_groups");
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"rate_groups\": [{\"name\": \"a\", "
                             "\"parent\": \"b\"}, {\"name\": \"b\", \"parent\": \"a\"}]}"),
                      "$.pfs[0].rate_groups[0].parent: \"b\": the groups are each other's parents");
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"rate_groups\": [{\"name\": \"tenant\"}]}"),
                      "$.pfs[0].rate_groups: group \"gold\" is to go, but VF netdevsim10/0 "
                      "(eni10np1/0) is in it: give the VF a \"rate_group\"");
        /* From legacy, groups come new: a VF joins only one the document makes. */
        make_legacy(&f->host.pfs[1]);
        resolve_fails(f, DOC("{\"ifname\": \"" NSIM_IFNAME "\", \"eswitch_mode\": \"switchdev\", "
                             "\"vfs\": [{\"vf\": 1, \"rate_group\": \"gold\"}]}"),
                      "$.pfs[0].vfs[0].rate_group: \"gold\": PF netdevsim10 has no such group");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(no_change_when_the_document_is_the_host, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(a_dump_applies_to_no_change, setup, teardown),
                cmocka_unit_test_setup_teardown(one_field_is_one_change, setup, teardown),
                cmocka_unit_test_setup_teardown(a_vf_changes_in_order, setup, teardown),
                cmocka_unit_test_setup_teardown(a_vlan_alone_means_qos_0_and_8021q, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(a_dump_leaves_out_what_the_vlan_implies, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(creating_vfs_lists_num_vfs_first, setup, teardown),
                cmocka_unit_test_setup_teardown(a_resize_rebinds_vfio_vfs, setup, teardown),
                cmocka_unit_test_setup_teardown(a_vf_whose_override_driver_is_not_bound_is_bound_again, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(drivers_autoprobe_comes_first, setup, teardown),
                cmocka_unit_test_setup_teardown(a_match_takes_every_pf_it_matches, setup, teardown),
                cmocka_unit_test_setup_teardown(names_must_exist_but_a_match_may_find_nothing,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(one_pf_is_configured_once, setup, teardown),
                cmocka_unit_test_setup_teardown(only_the_selected_pfs_are_resolved, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(values_are_checked_against_the_pf, setup, teardown),
                cmocka_unit_test_setup_teardown(vf_settings_need_the_pf_netdev, setup, teardown),
                cmocka_unit_test_setup_teardown(auto_needs_a_permanent_mac, setup, teardown),
                cmocka_unit_test_setup_teardown(a_mac_is_given_to_one_vf, setup, teardown),
                cmocka_unit_test(auto_mac_known_answer),
                cmocka_unit_test_setup_teardown(auto_macs_are_stable_unique_and_local, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(auto_steps_past_a_taken_mac, setup, teardown),
                cmocka_unit_test_setup_teardown(a_switchdev_dump_applies_to_no_change,
                                                setup_switchdev, teardown),
                cmocka_unit_test_setup_teardown(switchdev_from_legacy_comes_in_order,
                                                setup_switchdev, teardown),
                cmocka_unit_test_setup_teardown(groups_that_go_are_emptied_then_deleted_children_first,
                                                setup_switchdev, teardown),
                cmocka_unit_test_setup_teardown(a_resize_keeps_the_eswitch_mode, setup_switchdev,
                                                teardown),
                cmocka_unit_test_setup_teardown(switchdev_values_are_checked_against_the_pf,
                                                setup_switchdev, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
