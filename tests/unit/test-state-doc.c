/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The apply document's parser (tools/sriovctl/state-doc.c): a full document to the values it
 * asks for, and bad documents to the message sriovctl prints (source, JSON path, value, reason).
 * Pure: no sysfs, no sockets.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "../../tools/sriovctl/state.h"

static const char full_doc[] =
        "{\n"
        "  \"version\": 1,\n"
        "  \"pfs\": [\n"
        "    {\"pci\": \"03:00.0\", \"num_vfs\": 7, \"drivers_autoprobe\": false,\n"
        "     \"vfs\": [\n"
        "       {\"vf\": 0, \"mac\": \"02:aB:cd:00:00:01\", \"vlan\": 10, \"qos\": 3,\n"
        "        \"vlan_proto\": \"802.1AD\", \"min_tx_rate\": 10, \"max_tx_rate\": 100,\n"
        "        \"spoofchk\": false, \"trust\": true, \"link_state\": \"Disable\",\n"
        "        \"query_rss\": true, \"driver\": \"vfio-pci\"},\n"
        "       {\"vf\": \"1-6\", \"mac\": \"auto\", \"vlan\": null, \"qos\": null,\n"
        "        \"driver\": \"default\", \"link_state\": \"ENABLE\", \"spoofchk\": true}\n"
        "     ]},\n"
        "    {\"ifname\": \"enp3s0f1\", \"drivers_autoprobe\": true,\n"
        "     \"vfs\": [{\"vf\": 2, \"vlan_proto\": \"802.1q\", \"spoofchk\": null, \"mac\": "
        "null,\n"
        "               \"driver\": \"none\", \"link_state\": \"auto\", \"vlan\": 0,\n"
        "               \"min_tx_rate\": 0, \"max_tx_rate\": 4294967295}]},\n"
        "    {\"match\": {\"vendor\": \"8086\", \"device\": \"10C9\", \"driver\": \"igb\"},\n"
        "     \"num_vfs\": 0, \"vfs\": []},\n"
        "    {\"match\": {\"driver\": \"ixgbe\"}},\n"
        "    {\"pci\": \"0000:81:1f.7\", \"num_vfs\": null, \"drivers_autoprobe\": null,\n"
        "     \"vfs\": null}\n"
        "  ]\n"
        "}\n";

static void full_document_parses_to_its_values(void **state)
{
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX] = "";
        const struct doc_pf *pf;
        const struct doc_vf *vf;

        (void)state;
        assert_int_equal(state_doc_parse("t.json", full_doc, &doc, err), 0);
        assert_string_equal(err, "");
        assert_int_equal(doc.n_pfs, 5);

        /* PF 0: by PCI address, the short form written long. */
        pf = &doc.pfs[0];
        assert_int_equal(pf->select, SELECT_PCI);
        assert_string_equal(pf->pci, "0000:03:00.0");
        assert_string_equal(pf->path, "$.pfs[0]");
        assert_int_equal(pf->num_vfs, 7);
        assert_int_equal(pf->drivers_autoprobe, 0);
        assert_int_equal(pf->match_vendor, -1);
        assert_int_equal(pf->match_device, -1);
        assert_int_equal(pf->n_vfs, 2);

        vf = &pf->vfs[0];
        assert_int_equal(vf->first, 0);
        assert_int_equal(vf->last, 0);
        assert_string_equal(vf->path, "$.pfs[0].vfs[0]");
        assert_int_equal(vf->cfg.mask, SRIOV_VF_CONFIG_ALL);
        assert_int_equal(vf->implied, 0);
        assert_false(vf->mac_auto);
        assert_memory_equal(vf->cfg.mac, ((uint8_t[]){ 0x02, 0xab, 0xcd, 0, 0, 1 }), 6);
        assert_int_equal(vf->cfg.vlan, 10);
        assert_int_equal(vf->cfg.qos, 3);
        assert_int_equal(vf->cfg.vlan_proto, SRIOV_VLAN_PROTO_8021AD);
        assert_int_equal(vf->cfg.min_tx_rate, 10);
        assert_int_equal(vf->cfg.max_tx_rate, 100);
        assert_false(vf->cfg.spoofchk);
        assert_true(vf->cfg.trust);
        assert_int_equal(vf->cfg.link_state, SRIOV_LINK_STATE_DISABLE);
        assert_true(vf->cfg.query_rss);
        assert_string_equal(vf->driver, "vfio-pci");

        /* A range, "auto", and nulls: not managed. */
        vf = &pf->vfs[1];
        assert_int_equal(vf->first, 1);
        assert_int_equal(vf->last, 6);
        assert_string_equal(vf->path, "$.pfs[0].vfs[1]");
        assert_true(vf->mac_auto);
        assert_int_equal(vf->cfg.mask, SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_LINK_STATE |
                                               SRIOV_VF_CONFIG_SPOOFCHK);
        assert_int_equal(vf->cfg.link_state, SRIOV_LINK_STATE_ENABLE);
        assert_true(vf->cfg.spoofchk);
        assert_string_equal(vf->driver, "default");

        /* PF 1: by netdev name. */
        pf = &doc.pfs[1];
        assert_int_equal(pf->select, SELECT_IFNAME);
        assert_string_equal(pf->ifname, "enp3s0f1");
        assert_int_equal(pf->num_vfs, -1);
        assert_int_equal(pf->drivers_autoprobe, 1);
        assert_int_equal(pf->n_vfs, 1);
        vf = &pf->vfs[0];
        assert_int_equal(vf->first, 2);
        assert_int_equal(vf->last, 2);
        assert_false(vf->mac_auto);
        /* A VLAN without its QoS means QoS 0: the kernel sets the three together. */
        assert_int_equal(vf->cfg.mask, SRIOV_VF_CONFIG_VLAN_PROTO | SRIOV_VF_CONFIG_LINK_STATE |
                                               SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                                               SRIOV_VF_CONFIG_MIN_TX_RATE |
                                               SRIOV_VF_CONFIG_MAX_TX_RATE);
        assert_int_equal(vf->implied, SRIOV_VF_CONFIG_QOS);
        assert_int_equal(vf->cfg.qos, 0);
        assert_int_equal(vf->cfg.vlan_proto, SRIOV_VLAN_PROTO_8021Q);
        assert_int_equal(vf->cfg.link_state, SRIOV_LINK_STATE_AUTO);
        assert_int_equal(vf->cfg.vlan, 0);
        assert_int_equal(vf->cfg.min_tx_rate, 0);
        assert_int_equal(vf->cfg.max_tx_rate, 4294967295u);
        assert_string_equal(vf->driver, "none");

        /* PF 2: a match of every key; hex IDs in either case. */
        pf = &doc.pfs[2];
        assert_int_equal(pf->select, SELECT_MATCH);
        assert_int_equal(pf->match_vendor, 0x8086);
        assert_int_equal(pf->match_device, 0x10c9);
        assert_string_equal(pf->match_driver, "igb");
        assert_int_equal(pf->num_vfs, 0);
        assert_int_equal(pf->drivers_autoprobe, -1);
        assert_int_equal(pf->n_vfs, 0);

        /* PF 3: a match of one key. */
        pf = &doc.pfs[3];
        assert_int_equal(pf->select, SELECT_MATCH);
        assert_int_equal(pf->match_vendor, -1);
        assert_int_equal(pf->match_device, -1);
        assert_string_equal(pf->match_driver, "ixgbe");

        /* PF 4: nulls leave the PF's fields unmanaged. */
        pf = &doc.pfs[4];
        assert_int_equal(pf->select, SELECT_PCI);
        assert_string_equal(pf->pci, "0000:81:1f.7");
        assert_int_equal(pf->num_vfs, -1);
        assert_int_equal(pf->drivers_autoprobe, -1);
        assert_int_equal(pf->n_vfs, 0);

        state_doc_free(&doc);
        assert_null(doc.pfs);
        assert_int_equal(doc.n_pfs, 0);
}

static void switchdev_keys_parse_to_their_values(void **state)
{
        static const char text[] =
                "{\"version\": 1, \"pfs\": [{\"ifname\": \"eni10np1\", \"eswitch_mode\": \"switchdev\",\n"
                " \"rate_groups\": [{\"name\": \"tenant\", \"tx_share\": \"10mbit\", \"tx_max\": 125000000},\n"
                "                  {\"name\": \"gold\", \"parent\": \"tenant\"}, {\"name\": \"free\", \"parent\": null}],\n"
                " \"vfs\": [{\"vf\": \"0-1\", \"tx_max\": \"50mbit\", \"rate_group\": \"gold\"},\n"
                "         {\"vf\": 2, \"tx_share\": 0, \"rate_group\": \"\"}, {\"vf\": 3, \"rate_group\": null}]},\n"
                " {\"pci\": \"03:00.0\", \"eswitch_mode\": \"legacy\", \"rate_groups\": []},\n"
                " {\"pci\": \"04:00.0\", \"eswitch_mode\": null, \"rate_groups\": null}]}";
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX] = "";
        const struct doc_pf *pf;
        const uint32_t all = SRIOV_RATE_TX_SHARE | SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT;

        (void)state;
        assert_int_equal(state_doc_parse("t.json", text, &doc, err), 0);
        pf = &doc.pfs[0];
        assert_int_equal(pf->eswitch_mode, SRIOV_ESWITCH_MODE_SWITCHDEV);
        assert_true(pf->manage_groups);
        assert_int_equal(pf->n_groups, 3);
        /* A group is what its entry says: every field, 0 or no parent when left out. */
        assert_string_equal(pf->groups[0].node.name, "tenant");
        assert_int_equal(pf->groups[0].node.rate.mask, all);
        assert_int_equal(pf->groups[0].node.rate.tx_share, 1250000);
        assert_int_equal(pf->groups[0].node.rate.tx_max, 125000000);
        assert_string_equal(pf->groups[0].node.rate.parent, "");
        assert_string_equal(pf->groups[0].path, "$.pfs[0].rate_groups[0]");
        assert_int_equal(pf->groups[1].node.rate.mask, all);
        assert_int_equal(pf->groups[1].node.rate.tx_share, 0);
        assert_int_equal(pf->groups[1].node.rate.tx_max, 0);
        assert_string_equal(pf->groups[1].node.rate.parent, "tenant");
        assert_string_equal(pf->groups[2].node.rate.parent, "");
        /* A VF's leaf: only the keys given; "" is in no group, null not managed. */
        assert_int_equal(pf->vfs[0].rate.mask, SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT);
        assert_int_equal(pf->vfs[0].rate.tx_max, 6250000);
        assert_string_equal(pf->vfs[0].rate.parent, "gold");
        assert_int_equal(pf->vfs[1].rate.mask, SRIOV_RATE_TX_SHARE | SRIOV_RATE_PARENT);
        assert_string_equal(pf->vfs[1].rate.parent, "");
        assert_int_equal(pf->vfs[2].rate.mask, 0);
        assert_int_equal(pf->vfs[2].cfg.mask, 0);

        pf = &doc.pfs[1];
        assert_int_equal(pf->eswitch_mode, SRIOV_ESWITCH_MODE_LEGACY);
        assert_true(pf->manage_groups);
        assert_int_equal(pf->n_groups, 0);
        pf = &doc.pfs[2];
        assert_int_equal(pf->eswitch_mode, -1);
        assert_false(pf->manage_groups);
        state_doc_free(&doc);
}

static void documents_without_pfs_are_empty(void **state)
{
        static const char *const texts[] = {
                "{\"version\": 1}",
                "{\"version\": 1, \"pfs\": []}",
                "{\"version\": 1, \"pfs\": null}",
                "  {\"pfs\": [], \"version\": 1}  \n\n",
        };
        char err[STATE_ERROR_MAX];

        (void)state;
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
                struct state_doc doc = { 0 };

                assert_int_equal(state_doc_parse("t.json", texts[i], &doc, err), 0);
                assert_int_equal(doc.n_pfs, 0);
                state_doc_free(&doc);
        }
}

/* A source name other than a file's: stdin. */
static void the_source_name_leads_the_message(void **state)
{
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX];

        (void)state;
        assert_int_equal(
                state_doc_parse("-", "{\"version\": 1, \"pfs\": [{\"pci\": 3}]}", &doc, err),
                -EINVAL);
        assert_string_equal(err, "-: $.pfs[0].pci: 3: expected a PCI address (0000:03:00.0)");
        assert_null(doc.pfs);
}

struct bad {
        const char *text;
        const char *err;
};

/* A PF of one VF entry made of @vf (JSON object members), for brevity. */
#define PF_VF(vf)                                                                                  \
        "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": 0, " vf "}]}]}"
#define PF(members) "{\"version\": 1, \"pfs\": [{" members "}]}"
#define UNKNOWN_VF_KEY                                                                             \
        "unknown key (vf, mac, vlan, qos, vlan_proto, min_tx_rate, max_tx_rate, spoofchk, trust, " \
        "link_state, query_rss, tx_share, tx_max, rate_group, driver)"
#define NOT_MAC "expected a MAC address (02:00:00:00:00:01) or \"auto\""
#define NOT_PCI "expected a PCI address (0000:03:00.0)"
#define NOT_RANGE "expected a VF index (3) or a range (\"0-6\")"

static const struct bad bad_docs[] = {
        /* The contract's own example. */
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"0000:03:00.0\", \"vfs\": [{\"vf\": 0}, "
          "{\"vf\": 1, \"vlan\": 5000}]}]}",
          "t.json: $.pfs[0].vfs[1].vlan: 5000: out of range 0-4095" },

        /* Wrong types. */
        { PF_VF("\"vlan\": \"10\""),
          "t.json: $.pfs[0].vfs[0].vlan: \"10\": expected a whole number 0-4095" },
        { PF_VF("\"vlan\": 1.5"),
          "t.json: $.pfs[0].vfs[0].vlan: 1.5: expected a whole number 0-4095" },
        { PF_VF("\"vlan\": true"),
          "t.json: $.pfs[0].vfs[0].vlan: true: expected a whole number 0-4095" },
        { PF_VF("\"spoofchk\": 1"), "t.json: $.pfs[0].vfs[0].spoofchk: 1: expected true or false" },
        { PF_VF("\"trust\": \"yes\""),
          "t.json: $.pfs[0].vfs[0].trust: \"yes\": expected true or false" },
        { PF_VF("\"query_rss\": []"),
          "t.json: $.pfs[0].vfs[0].query_rss: []: expected true or false" },
        { PF_VF("\"mac\": 2"),
          "t.json: $.pfs[0].vfs[0].mac: 2: expected a MAC address or \"auto\"" },
        { PF_VF("\"driver\": 1"), "t.json: $.pfs[0].vfs[0].driver: 1: expected a name" },
        { PF_VF("\"vlan_proto\": 33024"),
          "t.json: $.pfs[0].vfs[0].vlan_proto: 33024: expected \"802.1Q\" or \"802.1ad\"" },
        { "{\"version\": 1, \"pfs\": {}}", "t.json: $.pfs: {}: expected an array of PF objects" },
        { "{\"version\": 1, \"pfs\": [[]]}",
          "t.json: $.pfs[0]: []: expected an object naming a PF" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": {}}]}",
          "t.json: $.pfs[0].vfs: {}: expected an array of VF objects" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [3]}]}",
          "t.json: $.pfs[0].vfs[0]: 3: expected an object with \"vf\" and settings" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [null]}]}",
          "t.json: $.pfs[0].vfs[0]: expected an object with \"vf\" and settings" },
        { "[]", "t.json: $: []: expected an object with \"version\" and \"pfs\"" },
        { "[{\"version\": 1}]",
          "t.json: $: [{\"version\":1}]: expected an object with \"version\" and \"pfs\"" },
        { "\"x\"", "t.json: $: \"x\": expected an object with \"version\" and \"pfs\"" },
        { "null", "t.json: $: expected an object with \"version\" and \"pfs\"" },
        { PF("\"match\": \"igb\""),
          "t.json: $.pfs[0].match: \"igb\": expected an object with vendor, device and/or driver" },
        { PF("\"ifname\": 0"), "t.json: $.pfs[0].ifname: 0: expected a name" },
        { PF("\"pci\": null"), "t.json: $.pfs[0].pci: " NOT_PCI },
        { PF("\"pci\": \"03:00.0\", \"num_vfs\": \"7\""),
          "t.json: $.pfs[0].num_vfs: \"7\": expected a whole number 0-65535" },
        { PF("\"pci\": \"03:00.0\", \"drivers_autoprobe\": 0"),
          "t.json: $.pfs[0].drivers_autoprobe: 0: expected true or false" },
        { PF("\"match\": {\"vendor\": 32902}"),
          "t.json: $.pfs[0].match.vendor: 32902: expected a 4-digit hex ID (\"8086\")" },

        /* Unknown keys at every level. */
        { "{\"version\": 1, \"pfs\": [], \"pf\": []}", "t.json: $.pf: unknown key (version, pfs)" },
        { PF("\"pci\": \"03:00.0\", \"numvfs\": 7"),
          "t.json: $.pfs[0].numvfs: unknown key (pci, ifname, match, num_vfs, drivers_autoprobe, "
          "eswitch_mode, rate_groups, vfs)" },
        { PF("\"match\": {\"vendor\": \"8086\", \"bus\": \"03\"}"),
          "t.json: $.pfs[0].match.bus: unknown key (vendor, device, driver)" },
        { PF_VF("\"vlan\": 1, \"vlna\": 2"), "t.json: $.pfs[0].vfs[0].vlna: " UNKNOWN_VF_KEY },
        /* An unknown key with null is still unknown: a typo is never "leave it". */
        { PF_VF("\"Vlan\": null"), "t.json: $.pfs[0].vfs[0].Vlan: " UNKNOWN_VF_KEY },
        /* Keys of `vf show -j` that are not settings. */
        { PF_VF("\"pci\": \"0000:03:10.0\""), "t.json: $.pfs[0].vfs[0].pci: " UNKNOWN_VF_KEY },

        /* Out of range. */
        { PF_VF("\"vlan\": 4096"), "t.json: $.pfs[0].vfs[0].vlan: 4096: out of range 0-4095" },
        { PF_VF("\"vlan\": -1"), "t.json: $.pfs[0].vfs[0].vlan: -1: out of range 0-4095" },
        { PF_VF("\"qos\": 8"), "t.json: $.pfs[0].vfs[0].qos: 8: out of range 0-7" },
        /* The kernel sets the VLAN, its QoS and its protocol together. */
        { PF_VF("\"qos\": 3"),
          "t.json: $.pfs[0].vfs[0].qos: 3: needs \"vlan\" in the same entry: the kernel sets "
          "the VLAN, its QoS and its protocol together" },
        { PF_VF("\"vlan\": null, \"vlan_proto\": \"802.1ad\""),
          "t.json: $.pfs[0].vfs[0].vlan_proto: \"802.1ad\": needs \"vlan\" in the same entry: the "
          "kernel sets the VLAN, its QoS and its protocol together" },
        { PF("\"pci\": \"03:00.0\", \"num_vfs\": 70000"),
          "t.json: $.pfs[0].num_vfs: 70000: out of range 0-65535" },
        { PF("\"pci\": \"03:00.0\", \"num_vfs\": -1"),
          "t.json: $.pfs[0].num_vfs: -1: out of range 0-65535" },
        { PF_VF("\"max_tx_rate\": 4294967296"),
          "t.json: $.pfs[0].vfs[0].max_tx_rate: 4294967296: out of range 0-4294967295" },
        { PF_VF("\"min_tx_rate\": -5"),
          "t.json: $.pfs[0].vfs[0].min_tx_rate: -5: out of range 0-4294967295" },
        /* Above INT64_MAX json-c keeps a uint64 (huge_numbers_are_out_of_range() goes past it). */
        { PF_VF("\"max_tx_rate\": 9223372036854775808"),
          "t.json: $.pfs[0].vfs[0].max_tx_rate: 9223372036854775808: out of range 0-4294967295" },
        { PF_VF("\"min_tx_rate\": 100, \"max_tx_rate\": 50"),
          "t.json: $.pfs[0].vfs[0].min_tx_rate: 100: above max_tx_rate 50 (0 would be no limit)" },
        { PF_VF("\"max_tx_rate\": 50, \"min_tx_rate\": 51"),
          "t.json: $.pfs[0].vfs[0].min_tx_rate: 51: above max_tx_rate 50 (0 would be no limit)" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": 65536}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: 65536: out of range 0-65535" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": -1}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: -1: out of range 0-65535" },

        /* Words. */
        { PF_VF("\"vlan_proto\": \"802.1x\""),
          "t.json: $.pfs[0].vfs[0].vlan_proto: \"802.1x\": expected \"802.1Q\" or \"802.1ad\"" },
        { PF_VF("\"vlan_proto\": \"\""),
          "t.json: $.pfs[0].vfs[0].vlan_proto: \"\": expected \"802.1Q\" or \"802.1ad\"" },
        { PF_VF("\"link_state\": \"up\""), "t.json: $.pfs[0].vfs[0].link_state: \"up\": expected "
                                           "\"auto\", \"enable\" or \"disable\"" },
        { PF_VF("\"link_state\": true"), "t.json: $.pfs[0].vfs[0].link_state: true: expected "
                                         "\"auto\", \"enable\" or \"disable\"" },

        /* MACs. */
        { PF_VF("\"mac\": \"02:00:00:00:00\""),
          "t.json: $.pfs[0].vfs[0].mac: \"02:00:00:00:00\": " NOT_MAC },
        { PF_VF("\"mac\": \"02:00:00:00:00:01:02\""),
          "t.json: $.pfs[0].vfs[0].mac: \"02:00:00:00:00:01:02\": " NOT_MAC },
        { PF_VF("\"mac\": \"01:00:5e:00:00:01\""),
          "t.json: $.pfs[0].vfs[0].mac: \"01:00:5e:00:00:01\": a multicast address cannot be a "
          "VF's MAC" },
        { PF_VF("\"mac\": \"ff:ff:ff:ff:ff:ff\""),
          "t.json: $.pfs[0].vfs[0].mac: \"ff:ff:ff:ff:ff:ff\": a multicast address cannot be a "
          "VF's MAC" },
        { PF_VF("\"mac\": \"02:00:00:00:00:zz\""),
          "t.json: $.pfs[0].vfs[0].mac: \"02:00:00:00:00:zz\": " NOT_MAC },
        { PF_VF("\"mac\": \"02:00:00:00:0:012\""),
          "t.json: $.pfs[0].vfs[0].mac: \"02:00:00:00:0:012\": " NOT_MAC },
        { PF_VF("\"mac\": \"02:00:00:00:00:+1\""),
          "t.json: $.pfs[0].vfs[0].mac: \"02:00:00:00:00:+1\": " NOT_MAC },
        { PF_VF("\"mac\": \"02-00-00-00-00-01\""),
          "t.json: $.pfs[0].vfs[0].mac: \"02-00-00-00-00-01\": " NOT_MAC },
        { PF_VF("\"mac\": \"AUTO\""), "t.json: $.pfs[0].vfs[0].mac: \"AUTO\": " NOT_MAC },
        { PF_VF("\"mac\": \"\""), "t.json: $.pfs[0].vfs[0].mac: \"\": " NOT_MAC },

        /* PCI addresses. */
        { PF("\"pci\": \"0000:03:00\""), "t.json: $.pfs[0].pci: \"0000:03:00\": " NOT_PCI },
        { PF("\"pci\": \"0000:03:20.0\""), "t.json: $.pfs[0].pci: \"0000:03:20.0\": " NOT_PCI },
        { PF("\"pci\": \"0000:03:00.8\""), "t.json: $.pfs[0].pci: \"0000:03:00.8\": " NOT_PCI },
        { PF("\"pci\": \"03:00.0x\""), "t.json: $.pfs[0].pci: \"03:00.0x\": " NOT_PCI },
        { PF("\"pci\": \" 3:00.0\""), "t.json: $.pfs[0].pci: \" 3:00.0\": " NOT_PCI },
        { PF("\"pci\": \"0x00:03:00.0\""), "t.json: $.pfs[0].pci: \"0x00:03:00.0\": " NOT_PCI },
        { PF("\"pci\": \"0000:0x:00.0\""), "t.json: $.pfs[0].pci: \"0000:0x:00.0\": " NOT_PCI },
        { PF("\"pci\": \"eth0\""), "t.json: $.pfs[0].pci: \"eth0\": " NOT_PCI },
        { PF("\"pci\": \"\""), "t.json: $.pfs[0].pci: \"\": " NOT_PCI },

        /* Hex IDs and names of a match, netdev names. */
        { PF("\"match\": {\"vendor\": \"808\"}"),
          "t.json: $.pfs[0].match.vendor: \"808\": expected a 4-digit hex ID (\"8086\")" },
        { PF("\"match\": {\"device\": \"0x12\"}"),
          "t.json: $.pfs[0].match.device: \"0x12\": expected a 4-digit hex ID (\"8086\")" },
        { PF("\"match\": {\"device\": \"10c9 \"}"),
          "t.json: $.pfs[0].match.device: \"10c9 \": expected a 4-digit hex ID (\"8086\")" },
        { PF("\"match\": {\"driver\": \"\"}"),
          "t.json: $.pfs[0].match.driver: \"\": expected a name of 1 to 63 characters" },
        { PF("\"ifname\": \"eth 0\""), "t.json: $.pfs[0].ifname: \"eth 0\": not a valid name" },
        { PF("\"ifname\": \"abcdefghijklmnop\""),
          "t.json: $.pfs[0].ifname: \"abcdefghijklmnop\": expected a name of 1 to 15 characters" },
        { PF_VF("\"driver\": \"../vfio-pci\""),
          "t.json: $.pfs[0].vfs[0].driver: \"../vfio-pci\": not a valid name" },
        { PF_VF("\"driver\": \"\""),
          "t.json: $.pfs[0].vfs[0].driver: \"\": expected a name of 1 to 63 characters" },

        /* VF indexes and ranges. */
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"6-0\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"6-0\": expected a range FIRST-LAST, FIRST <= LAST <= "
          "65535" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"0-65536\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"0-65536\": expected a range FIRST-LAST, FIRST <= LAST <= "
          "65535" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"1-\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"1-\": " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"a-b\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"a-b\": " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"-1-2\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"-1-2\": " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"1 - 2\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"1 - 2\": " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"1-+2\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"1-+2\": " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"3\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"3\": " NOT_RANGE },
        /* Would wrap to 0-1 through a 32-bit %u. */
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": "
          "\"0-4294967297\"}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: \"0-4294967297\": " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": 1.0}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: 1.0: " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": null}]}]}",
          "t.json: $.pfs[0].vfs[0].vf: " NOT_RANGE },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vlan\": 1}]}]}",
          "t.json: $.pfs[0].vfs[0]: \"vf\" (an index or a range) is missing" },

        /* Each VF once per PF: the message names the earlier entry. */
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": 2}, {\"vf\": "
          "2}]}]}",
          "t.json: $.pfs[0].vfs[1].vf: 2: VF 2 is already set by $.pfs[0].vfs[0]" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"0-3\"}, {\"vf\": "
          "5}, "
          "{\"vf\": \"4-6\"}]}]}",
          "t.json: $.pfs[0].vfs[2].vf: \"4-6\": VF 5 is already set by $.pfs[0].vfs[1]" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"2-4\"}, "
          "{\"vf\": \"0-6\"}]}]}",
          "t.json: $.pfs[0].vfs[1].vf: \"0-6\": VF 2 is already set by $.pfs[0].vfs[0]" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [{\"vf\": \"0-3\"}, {\"vf\": "
          "3}]}]}",
          "t.json: $.pfs[0].vfs[1].vf: 3: VF 3 is already set by $.pfs[0].vfs[0]" },

        /* The top level. */
        { "{\"pfs\": []}", "t.json: $: \"version\": 1 is missing" },
        { "{}", "t.json: $: \"version\": 1 is missing" },
        { "{\"version\": 2, \"pfs\": []}", "t.json: $.version: 2: this sriovctl reads version 1" },
        { "{\"version\": 0}", "t.json: $.version: 0: this sriovctl reads version 1" },
        { "{\"version\": \"1\"}",
          "t.json: $.version: \"1\": expected a whole number 0-4294967295" },
        { "{\"version\": null}", "t.json: $.version: expected a whole number 0-4294967295" },

        /* Selectors. */
        { PF("\"num_vfs\": 1"),
          "t.json: $.pfs[0]: needs exactly one of \"pci\", \"ifname\", \"match\"" },
        { PF(""), "t.json: $.pfs[0]: needs exactly one of \"pci\", \"ifname\", \"match\"" },
        { PF("\"pci\": \"03:00.0\", \"ifname\": \"eth0\""),
          "t.json: $.pfs[0]: needs exactly one of \"pci\", \"ifname\", \"match\"" },
        { PF("\"ifname\": \"eth0\", \"match\": {\"driver\": \"igb\"}"),
          "t.json: $.pfs[0]: needs exactly one of \"pci\", \"ifname\", \"match\"" },
        { PF("\"match\": {}"),
          "t.json: $.pfs[0].match: needs at least one of vendor, device, driver" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\"}, {\"num_vfs\": 2}]}",
          "t.json: $.pfs[1]: needs exactly one of \"pci\", \"ifname\", \"match\"" },

        /* A key given twice: JSON keeps the last, so the first would be dropped unseen. */
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"num_vfs\": 7}], \"pfs\": []}",
          "t.json: $.pfs: given twice in one object (JSON would keep only the last)" },
        { PF("\"pci\": \"03:00.0\", \"num_vfs\": 7, \"vfs\": [], \"num_vfs\": 0"),
          "t.json: $.pfs[0].num_vfs: given twice in one object (JSON would keep only the last)" },
        { "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\"}, {\"pci\": \"03:00.1\", "
          "\"vfs\": [{\"vf\": 0}, {\"vf\": 1, \"vlan\": 1, \"vlan\": 2}]}]}",
          "t.json: $.pfs[1].vfs[1].vlan: given twice in one object (JSON would keep only the "
          "last)" },
        /* The same key spelt with an escape is the same key to JSON. */
        { PF("\"pci\": \"03:00.0\", \"num_vfs\": 7, \"num\\u005fvfs\": 0"),
          "t.json: $.pfs[0].num_vfs: given twice in one object (JSON would keep only the last)" },
        { PF("\"match\": {\"driver\": \"igb\", \"driver\": \"ixgbe\"}"),
          "t.json: $.pfs[0].match.driver: given twice in one object (JSON would keep only the "
          "last)" },

        /* Switchdev: the mode's words, rate groups as a tree, rates with their unit. */
        { PF("\"pci\": \"03:00.0\", \"eswitch_mode\": \"offload\""),
          "t.json: $.pfs[0].eswitch_mode: \"offload\": expected \"legacy\" or \"switchdev\"" },
        { PF("\"pci\": \"03:00.0\", \"eswitch_mode\": 1"),
          "t.json: $.pfs[0].eswitch_mode: 1: expected \"legacy\" or \"switchdev\"" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": {}"),
          "t.json: $.pfs[0].rate_groups: {}: expected an array of rate group objects" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": [{\"tx_max\": \"1gbit\"}]"),
          "t.json: $.pfs[0].rate_groups[0]: \"name\" is missing" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": [{\"name\": \"g\", \"rate\": 1}]"),
          "t.json: $.pfs[0].rate_groups[0].rate: unknown key (name, tx_share, tx_max, parent)" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": [{\"name\": \"129\"}]"),
          "t.json: $.pfs[0].rate_groups[0].name: \"129\": a number names a port in devlink, not a "
          "group" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": [{\"name\": \"a/b\"}]"),
          "t.json: $.pfs[0].rate_groups[0].name: \"a/b\": not a valid name" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": [{\"name\": \"g\"}, {\"name\": \"g\"}]"),
          "t.json: $.pfs[0].rate_groups[1].name: \"g\": the group is $.pfs[0].rate_groups[0] "
          "already" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": [{\"name\": \"g\", \"parent\": \"g\"}]"),
          "t.json: $.pfs[0].rate_groups[0].parent: \"g\": a group cannot be its own parent" },
        { PF("\"pci\": \"03:00.0\", \"rate_groups\": [{\"name\": \"g\", \"tx_share\": "
             "\"2gbit\", \"tx_max\": \"1gbit\"}]"),
          "t.json: $.pfs[0].rate_groups[0].tx_share: \"2gbit\": above tx_max 1Gbit (0 would be no "
          "limit)" },
        { PF_VF("\"tx_max\": \"fast\""),
          "t.json: $.pfs[0].vfs[0].tx_max: \"fast\": expected a rate with its unit, as tc(8) "
          "writes them (\"10mbit\", \"1gbit\", \"500kbps\")" },
        { PF_VF("\"tx_share\": -1"), "t.json: $.pfs[0].vfs[0].tx_share: -1: out of range "
                                    "0-9223372036854775807" },
        { PF_VF("\"tx_share\": true"),
          "t.json: $.pfs[0].vfs[0].tx_share: true: expected bytes per second (1250000) or a rate "
          "with its unit (\"10mbit\")" },
        { PF_VF("\"rate_group\": 3"), "t.json: $.pfs[0].vfs[0].rate_group: 3: expected a name" },
        { PF_VF("\"tx_share\": \"20mbit\", \"tx_max\": \"10mbit\""),
          "t.json: $.pfs[0].vfs[0].tx_share: \"20mbit\": above tx_max 10Mbit (0 would be no "
          "limit)" },

        /* Not JSON: where, as line:column. */
        { "{\"version\": 1,\n  \"pfs\": [,]}",
          "t.json:2:11: not valid JSON: unexpected character" },
        { "{\"version\": 1} x", "t.json:1:16: not valid JSON: unexpected character" },
        { "{\"version\": 1}\n{}", "t.json:2:1: not valid JSON: unexpected character" },
        /* Strict RFC 8259: what json-c would otherwise let through. */
        { "{\"version\": 1, /* c */ \"pfs\": []}", "t.json:1:16: not valid JSON: quoted object property name expected" },
        { "{\"version\": 1, \"pfs\": [],}", "t.json:1:26: not valid JSON: unexpected character" },
        { "{\"version\": 1,", "t.json:1:15: not valid JSON: the document ends too early" },
        { "", "t.json:1:1: not valid JSON: the document ends too early" },
        { "  \n  ", "t.json:2:3: not valid JSON: the document ends too early" },
};

static void bad_documents_say_where_what_and_why(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(bad_docs) / sizeof(bad_docs[0]); i++) {
                const struct bad *b = &bad_docs[i];
                struct state_doc doc = { 0 };
                char err[STATE_ERROR_MAX] = "";
                int r = state_doc_parse("t.json", b->text, &doc, err);

                if (r != -EINVAL)
                        fail_msg("bad_docs[%zu] %s: returned %d (%s)", i, b->text, r, err);
                if (strcmp(err, b->err) != 0)
                        fail_msg("bad_docs[%zu] %s:\n  got  %s\n  want %s", i, b->text, err,
                                 b->err);
                /* A failed parse hands nothing back. */
                assert_null(doc.pfs);
                assert_int_equal(doc.n_pfs, 0);
        }
}

/* Above the ranges json-c can hold, the value it prints is not the one written, but the reason is.
 */
static void huge_numbers_are_out_of_range(void **state)
{
        static const char *const texts[] = {
                PF_VF("\"max_tx_rate\": 18446744073709551616"),
                PF_VF("\"max_tx_rate\": 1000000000000000000000000"),
                PF_VF("\"vlan\": -9223372036854775809"),
        };
        char err[STATE_ERROR_MAX];

        (void)state;
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
                struct state_doc doc = { 0 };
                const char *tail;

                assert_int_equal(state_doc_parse("t.json", texts[i], &doc, err), -EINVAL);
                tail = strrchr(err, ':');
                assert_non_null(tail);
                if (strstr(texts[i], "vlan\""))
                        assert_string_equal(tail, ": out of range 0-4095");
                else
                        assert_string_equal(tail, ": out of range 0-4294967295");
        }
}

/* A long value is cut in the message, a long key's path ends in "...": the message stays whole. */
static void long_values_and_keys_are_cut(void **state)
{
        char text[1024], key[301], err[STATE_ERROR_MAX];
        struct state_doc doc = { 0 };
        char want[STATE_ERROR_MAX];

        (void)state;
        memset(key, 'k', 300);
        key[300] = '\0';
        snprintf(text, sizeof(text), "{\"version\": 1, \"%s\": 1}", key);
        assert_int_equal(state_doc_parse("t.json", text, &doc, err), -EINVAL);
        /* "$." and the key, cut to STATE_PATH_MAX - 1 characters, the last three "...". */
        snprintf(want, sizeof(want), "t.json: $.%.*s...: unknown key (version, pfs)",
                 STATE_PATH_MAX - 1 - 2 - 3, key);
        assert_string_equal(err, want);

        snprintf(text, sizeof(text), PF_VF("\"vlan_proto\": \"%s\""), key);
        assert_int_equal(state_doc_parse("t.json", text, &doc, err), -EINVAL);
        snprintf(want, sizeof(want),
                 "t.json: $.pfs[0].vfs[0].vlan_proto: \"%.63s: expected \"802.1Q\" or \"802.1ad\"",
                 key);
        assert_string_equal(err, want);
        assert_null(doc.pfs);
}

/* Keys that only look alike are different keys; one key in two objects is no repetition. */
static void keys_repeat_only_within_one_object(void **state)
{
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX] = "";

        (void)state;
        assert_int_equal(state_doc_parse("t.json",
                                         "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", "
                                         "\"vfs\": [{\"vf\": 0, \"vlan\": 1}, {\"vf\": 1, "
                                         "\"vlan\": 1}]}, {\"pci\": \"03:00.1\", \"vfs\": "
                                         "[{\"vf\": 0, \"vlan\": 1}]}]}",
                                         &doc, err),
                         0);
        assert_int_equal(doc.n_pfs, 2);
        state_doc_free(&doc);
        /* json-c keeps keys as C strings, so "num_vfs\u0000x" is "num_vfs" to it: repeated. */
        assert_int_equal(state_doc_parse("t.json", PF("\"pci\": \"03:00.0\", \"num_vfs\": 1, "
                                                      "\"num_vfs\\u0000x\": 1"),
                                         &doc, err),
                         -EINVAL);
        assert_string_equal(err, "t.json: $.pfs[0].num_vfs: given twice in one object (JSON "
                                 "would keep only the last)");
}

/* PCI domains of 5 and 8 digits (VMD, multi-segment hosts), as `sriovctl dump` prints them. */
static void long_pci_domains_parse_as_the_library_reads_them(void **state)
{
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX] = "";

        (void)state;
        assert_int_equal(state_doc_parse("t.json",
                                         "{\"version\": 1, \"pfs\": [{\"pci\": \"10000:e1:00.0\"}, "
                                         "{\"pci\": \"fffffffe:01:1f.7\"}, {\"pci\": \"1:2:3.4\"}]}",
                                         &doc, err),
                         0);
        assert_int_equal(doc.n_pfs, 3);
        assert_string_equal(doc.pfs[0].pci, "10000:e1:00.0");
        assert_string_equal(doc.pfs[1].pci, "fffffffe:01:1f.7");
        assert_string_equal(doc.pfs[2].pci, "0001:02:03.4");
        state_doc_free(&doc);
        assert_int_equal(state_doc_parse("t.json", PF("\"pci\": \"123456789:00:00.0\""), &doc,
                                         err),
                         -EINVAL);
        assert_string_equal(err, "t.json: $.pfs[0].pci: \"123456789:00:00.0\": " NOT_PCI);
}

/* Append @s to the growing text @t. */
static void grow(char **t, size_t *len, size_t *cap, const char *s)
{
        size_t n = strlen(s);

        if (*len + n + 1 > *cap) {
                *cap = (*len + n + 1) * 2;
                *t = realloc(*t, *cap);
                assert_non_null(*t);
        }
        memcpy(*t + *len, s, n + 1);
        *len += n;
}

/*
 * A document of more objects than a host can have is refused before json-c builds them (it
 * would spend gigabytes on 16 MiB of "{}"); as many VF entries as a PF can have parse, and the
 * overlap check of 65536 entries is linear.
 */
static void documents_are_bounded_by_what_a_host_can_have(void **state)
{
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX] = "", entry[48];
        size_t len = 0, cap = 0;
        char *t = NULL;

        (void)state;
        grow(&t, &len, &cap, "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [");
        for (int i = 0; i <= DOC_MAX_OBJECTS; i++)
                grow(&t, &len, &cap, i ? ",{}" : "{}");
        grow(&t, &len, &cap, "]}]}");
        assert_int_equal(state_doc_parse("t.json", t, &doc, err), -EINVAL);
        assert_string_equal(err, "t.json: more than 71681 objects: a document describes at most "
                                 "1024 PFs, 4096 rate groups and 65536 VF entries");

        /* Scalars: a long array of numbers. */
        len = 0;
        grow(&t, &len, &cap, "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [");
        for (int i = 0; i <= DOC_MAX_SCALARS; i++)
                grow(&t, &len, &cap, i ? ",1" : "1");
        grow(&t, &len, &cap, "]}]}");
        assert_int_equal(state_doc_parse("t.json", t, &doc, err), -EINVAL);
        {
                char want[64];

                snprintf(want, sizeof(want), "t.json: more than %d values", DOC_MAX_SCALARS);
                assert_non_null(strstr(err, want));
        }

        /* Every VF index once: as much as one PF can be told. */
        len = 0;
        grow(&t, &len, &cap, "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", \"vfs\": [");
        for (int i = 0; i < DOC_MAX_VF_ENTRIES; i++) {
                snprintf(entry, sizeof(entry), "%s{\"vf\": %d}", i ? "," : "", i);
                grow(&t, &len, &cap, entry);
        }
        grow(&t, &len, &cap, "]}]}");
        assert_int_equal(state_doc_parse("t.json", t, &doc, err), 0);
        assert_int_equal(doc.pfs[0].n_vfs, DOC_MAX_VF_ENTRIES);
        state_doc_free(&doc);

        /* One more entry, on another PF: too many in all. */
        len = strlen(t) - 2;
        t[len] = '\0';
        grow(&t, &len, &cap, ", {\"pci\": \"03:00.1\", \"vfs\": [{\"vf\": 0}]}]}");
        assert_int_equal(state_doc_parse("t.json", t, &doc, err), -EINVAL);
        assert_string_equal(err, "t.json: $.pfs[1].vfs: 1 entries: a document has at most 65536 "
                                 "VF entries in all (a range such as \"0-99\" is one)");

        /* More PFs than a document describes. */
        len = 0;
        grow(&t, &len, &cap, "{\"version\": 1, \"pfs\": [");
        for (int i = 0; i <= DOC_MAX_PFS; i++)
                grow(&t, &len, &cap, i ? ",{\"match\": {\"driver\": \"x\"}}"
                                       : "{\"match\": {\"driver\": \"x\"}}");
        grow(&t, &len, &cap, "]}");
        assert_int_equal(state_doc_parse("t.json", t, &doc, err), -EINVAL);
        assert_string_equal(err, "t.json: $.pfs: 1025 entries: a document describes at most "
                                 "1024 PFs");
        free(t);
}

/* The last of several errors is not the one reported: the first in document order is. */
static void the_first_error_is_reported(void **state)
{
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX];

        (void)state;
        assert_int_equal(
                state_doc_parse("t.json",
                                "{\"version\": 1, \"pfs\": [{\"pci\": \"03:00.0\", "
                                "\"vfs\": [{\"vf\": 0, \"vlan\": 1}, {\"vf\": 1, \"qos\": 9}]}, "
                                "{\"pci\": \"bad\"}]}",
                                &doc, err),
                -EINVAL);
        assert_string_equal(err, "t.json: $.pfs[0].vfs[1].qos: 9: out of range 0-7");
}

/*
 * --list-bad-documents: the table above as JSON lines {"doc", "err"}, for the schema test
 * (tests/schema/test-documents.py): the document schema must refuse every entry whose rule a
 * schema can express.
 */
static int list_bad_documents(void)
{
        for (size_t i = 0; i < sizeof(bad_docs) / sizeof(bad_docs[0]); i++) {
                struct json_object *o = json_object_new_object();

                json_object_object_add(o, "doc", json_object_new_string(bad_docs[i].text));
                json_object_object_add(o, "err", json_object_new_string(bad_docs[i].err));
                puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
                json_object_put(o);
        }
        return 0;
}

int main(int argc, char **argv)
{
        if (argc == 2 && strcmp(argv[1], "--list-bad-documents") == 0)
                return list_bad_documents();
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(full_document_parses_to_its_values),
                cmocka_unit_test(switchdev_keys_parse_to_their_values),
                cmocka_unit_test(documents_without_pfs_are_empty),
                cmocka_unit_test(the_source_name_leads_the_message),
                cmocka_unit_test(bad_documents_say_where_what_and_why),
                cmocka_unit_test(huge_numbers_are_out_of_range),
                cmocka_unit_test(long_values_and_keys_are_cut),
                cmocka_unit_test(the_first_error_is_reported),
                cmocka_unit_test(keys_repeat_only_within_one_object),
                cmocka_unit_test(long_pci_domains_parse_as_the_library_reads_them),
                cmocka_unit_test(documents_are_bounded_by_what_a_host_can_have),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
