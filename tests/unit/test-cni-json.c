/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni's JSON (tools/cni/cni-json.c), pure: the network config with sriov-cni's keys,
 * what a bad one is told, IPAM results and prevResult as an IPAM plugin or a runtime may
 * write them (untrusted: shapes json-c would assert on are errors), and the result in each
 * CNI version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/cni/cni.h"

static int parse(const char *text, struct cni_conf *c, struct cni_error *e)
{
        memset(e, 0, sizeof(*e));
        return cni_conf_parse(text, strlen(text), c, e);
}

static int parse_del(const char *text, struct cni_conf *c, struct cni_error *e)
{
        memset(e, 0, sizeof(*e));
        return cni_conf_parse_del(text, strlen(text), c, e);
}

static void sriov_cni_keys_set_the_vf_config(void **state)
{
        struct cni_conf c;
        struct cni_error e;

        (void)state;
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"sriov-net\",\"type\":\"libsriov-cni\","
                               "\"deviceID\":\"01:10.0\",\"vlan\":100,\"vlanQoS\":3,\"spoofchk\":\"on\","
                               "\"trust\":\"off\",\"link_state\":\"disable\",\"max_tx_rate\":100,"
                               "\"runtimeConfig\":{\"mac\":\"02:00:00:00:c0:02\"},"
                               "\"ipam\":{\"type\":\"host-local\"}}", &c, &e), 0);
        assert_string_equal(c.device_id, "0000:01:10.0");
        assert_int_equal(c.vf.vlan, 100);
        assert_int_equal(c.vf.qos, 3);
        assert_int_equal(c.vf.vlan_proto, SRIOV_VLAN_PROTO_8021Q); /* with a bare vlan */
        assert_true(c.vf.spoofchk);
        assert_false(c.vf.trust);
        assert_int_equal(c.vf.link_state, SRIOV_LINK_STATE_DISABLE);
        assert_int_equal(c.vf.max_tx_rate, 100);
        assert_memory_equal(c.vf.mac, ((uint8_t[]){ 2, 0, 0, 0, 0xc0, 2 }), 6);
        assert_true(c.vf.mask & SRIOV_VF_CONFIG_MAC);
        /* Not given, but sent as 0 with max_tx_rate, as sriov-cni sets the two together. */
        assert_true(c.vf.mask & SRIOV_VF_CONFIG_MIN_TX_RATE);
        assert_int_equal(c.vf.min_tx_rate, 0);
        assert_string_equal(c.ipam_type, "host-local");
        cni_conf_free(&c);
}

/* A vlan without vlanQoS or vlanProto means QoS 0 and 802.1q, as in sriov-cni, `vf set` and
 * apply: the kernel sets the three together, so none keeps what the VF had. */
static void a_bare_vlan_means_qos_0_and_8021q(void **state)
{
        struct cni_conf c;
        struct cni_error e;
        const uint32_t group = SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                               SRIOV_VF_CONFIG_VLAN_PROTO;

        (void)state;
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"vlan\":100}", &c, &e),
                         0);
        assert_int_equal(c.vf.mask & group, group);
        assert_int_equal(c.vf.vlan, 100);
        assert_int_equal(c.vf.qos, 0);
        assert_int_equal(c.vf.vlan_proto, SRIOV_VLAN_PROTO_8021Q);
        cni_conf_free(&c);
        /* No vlan: the VF's VLAN is not the config's business. */
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}", &c, &e), 0);
        assert_int_equal(c.vf.mask & group, 0);
        cni_conf_free(&c);
}

static void bad_configs_name_the_key_value_and_reason(void **state)
{
        static const struct {
                const char *conf;
                int code;
                const char *msg;
        } cases[] = {
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"vlan\":5000}", 7,
                  "config: vlan 5000: out of range 0-4094" },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"vlanQoS\":1}", 7,
                  "config: vlanQoS and vlanProto need a vlan" },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"deviceID\":\"0000:01:10\"}", 7,
                  "config: deviceID \"0000:01:10\": not a PCI address (0000:01:10.0)" },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"mac\":\"01:00:5e:00:00:01\"}", 7,
                  "config: mac \"01:00:5e:00:00:01\": a multicast address" },
                { "{\"cniVersion\":\"2.0.0\",\"name\":\"n\"}", 1,
                  "config: cniVersion \"2.0.0\": not supported (0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, "
                  "1.0.0 and 1.1.0 are)" },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"../x\"}}", 7,
                  "config: ipam.type \"../x\": a plugin name, not a path" },
                /* json-c asserts in json_object_object_length() on anything but an object. */
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":[1]}", 7,
                  "config: ipam [ 1 ]: expected an object" },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":\"x\"}", 7,
                  "config: ipam \"x\": expected an object" },
                { "{\"cniVersion\":\"1.0.0\"} x", 6, NULL },
                /* The plugin as its own IPAM would run itself again and again. */
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"libsriov-cni\"}}", 7,
                  "config: ipam.type \"libsriov-cni\": this plugin itself; IPAM is another "
                  "plugin (host-local, static, dhcp, ...)" },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"a\\tb\"}}", 7,
                  "config: ipam.type: a space, control or non-ASCII character at offset 1: a "
                  "plugin name is printable ASCII" },
                /* The CNI library's rule for network names. */
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"-net\"}", 7,
                  "config: name \"-net\": not a network name (a letter or digit, then letters, "
                  "digits, '-', '_' and '.')" },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{\"type\":\"libsriov-cni\"}]}", 7,
                  "config: \"plugins\": a network configuration list; libsriov-cni takes one "
                  "plugin's config (the runtime splits the list)" },
                { "{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"cni.dev/attachments\":{}}", 7,
                  "config: cni.dev/attachments: expected an array" },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct cni_conf c;
                struct cni_error e;

                if (parse(cases[i].conf, &c, &e) == 0)
                        fail_msg("%s: parsed", cases[i].conf);
                if (e.code != cases[i].code)
                        fail_msg("%s: code %d, expected %d (%s)", cases[i].conf, e.code,
                                 cases[i].code, e.msg);
                if (cases[i].msg)
                        assert_string_equal(e.msg, cases[i].msg);
                cni_conf_free(&c);
        }
}

/* GC's list of the attachments still there, in either spelling; without one, none is given. */
static void gc_reads_valid_attachments_in_either_spelling(void **state)
{
        static const char *const keys[] = { "cni.dev/valid-attachments", "cni.dev/attachments" };
        struct cni_conf c;
        struct cni_error e;
        char text[256];

        (void)state;
        for (size_t i = 0; i < 2; i++) {
                snprintf(text, sizeof(text), "{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"%s\":"
                         "[{\"containerID\":\"c1\",\"ifname\":\"net1\"}]}", keys[i]);
                assert_int_equal(parse(text, &c, &e), 0);
                assert_true(c.have_valid);
                assert_int_equal(c.n_valid, 1);
                assert_string_equal(c.valid[0].container_id, "c1");
                cni_conf_free(&c);
        }
        assert_int_equal(parse("{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"cni.dev/valid-attachments\""
                               ":[]}", &c, &e), 0);
        assert_true(c.have_valid);
        assert_int_equal(c.n_valid, 0);
        cni_conf_free(&c);
        assert_int_equal(parse("{\"cniVersion\":\"1.1.0\",\"name\":\"n\"}", &c, &e), 0);
        assert_false(c.have_valid);
        cni_conf_free(&c);
}

/* The runtime's CNI_* values: the CNI library's and the kernel's rules, code 4 naming them. */
static void env_values_are_checked_by_the_runtimes_rules(void **state)
{
        static const struct {
                struct cni_env env;
                const char *msg; /* NULL: taken */
        } cases[] = {
                { { .container_id = "4f2a_b.c-d", .ifname = "net1", .netns = "/run/netns/p",
                    .args = "IgnoreUnknown=1;K8S_POD_NAMESPACE=ns" }, NULL },
                { { .container_id = "bad/id" }, "CNI_CONTAINERID \"bad/id\": not a container ID "
                  "(a letter or digit, then letters, digits, '_', '.' and '-')" },
                { { .container_id = "a\tb" }, "CNI_CONTAINERID \"a\tb\": not a container ID "
                  "(a letter or digit, then letters, digits, '_', '.' and '-')" },
                { { .ifname = "0123456789abcdef" }, "CNI_IFNAME \"0123456789abcdef\": longer than "
                  "15 characters" },
                { { .ifname = ".." }, "CNI_IFNAME \"..\": not an interface name (no '/', ':', "
                  "spaces or control characters, not \".\" or \"..\")" },
                { { .ifname = "a:1" }, "CNI_IFNAME \"a:1\": not an interface name (no '/', ':', "
                  "spaces or control characters, not \".\" or \"..\")" },
                { { .netns = "ns1" }, "CNI_NETNS \"ns1\": not an absolute path of printable "
                  "characters, shorter than 256" },
                { { .args = "A=1;B" }, "CNI_ARGS: pair 2 \"B\": not KEY=VALUE" },
                { { .args = "=1" }, "CNI_ARGS: pair 1 \"=1\": not KEY=VALUE" },
                { { .args = "A=\n" }, "CNI_ARGS: A: a control character in the value" },
                { { .args = "A=1;B=2;" }, "CNI_ARGS: pair 3 \"\": not KEY=VALUE" },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct cni_error e = { 0 };
                int r = cni_env_validate(&cases[i].env, &e);

                if (!cases[i].msg) {
                        assert_int_equal(r, 0);
                        continue;
                }
                assert_int_equal(r, -1);
                assert_int_equal(e.code, CNI_ERR_ENV);
                assert_string_equal(e.msg, cases[i].msg);
        }
}

/* An IPAM plugin's result with a member of the wrong shape: json-c's array calls assert. */
static void results_of_the_wrong_shape_are_errors(void **state)
{
        static const struct {
                const char *text, *msg;
        } cases[] = {
                { "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.56.0.2/24\"}],\"routes\":{}}",
                  "result: routes { }: expected an array" },
                { "{\"cniVersion\":\"1.0.0\",\"ips\":{}}", "result: ips { }: expected an array" },
                { "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.0.0.1/8\",\"interface\":\"0\"}]}",
                  "result: ips.interface \"0\": expected a whole number" },
                { "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.0.0.1/8; rm\"}]}",
                  "result: ips.address \"10.0.0.1\\/8; rm\": not an IP address" },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct cni_result r = { 0 };
                struct cni_error e = { 0 };

                assert_int_equal(cni_result_parse(cases[i].text, &r, &e), -1);
                assert_int_equal(e.code, CNI_ERR_IPAM);
                assert_string_equal(e.msg, cases[i].msg);
                cni_result_free(&r);
        }
}

/* What ADD writes, CHECK reads back as prevResult, in every version; 0.x IPs say their version. */
static void results_round_trip_in_every_version(void **state)
{
        static const char *const versions[] = { "0.3.1", "0.4.0", "1.0.0", "1.1.0" };
        struct cni_result r = {
                .have_interface = true, .ifname = "net1", .have_mac = true,
                .mac = { 2, 0, 0, 0, 0xc0, 1 }, .sandbox = "/run/netns/pod1", .pci = "0000:01:10.0",
                .ips = { { "10.56.0.2/24", "10.56.0.1", 0 }, { "2001:db8::2/64", "", 0 } }, .n_ips = 2,
                .routes = { { "0.0.0.0/0", "" } }, .n_routes = 1,
        };

        (void)state;
        for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++) {
                char *text = cni_result_format(versions[v], &r);
                struct cni_result back = { 0 };
                struct cni_error e = { 0 };

                assert_non_null(text);
                assert_non_null(strstr(text, "\"pciID\":\"0000:01:10.0\""));
                assert_true((strstr(text, "\"version\":\"4\"") != NULL) == (versions[v][0] == '0'));
                assert_int_equal(cni_result_parse(text, &back, &e), 0);
                assert_string_equal(back.ifname, "net1");
                assert_string_equal(back.pci, "0000:01:10.0");
                assert_memory_equal(back.mac, r.mac, 6);
                assert_int_equal(back.n_ips, 2);
                assert_string_equal(back.ips[1].address, "2001:db8::2/64");
                assert_int_equal(back.n_routes, 1);
                cni_result_free(&back);
                free(text);
        }
}

/* Debian 12's host-local knows CNI 1.0.0: a 1.1.0 config is passed on to it as 1.0.0. */
static void an_older_plugin_gets_the_highest_version_both_speak(void **state)
{
        const char *host_local = "{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.1.0\","
                                 "\"0.2.0\",\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\"]}";
        char *conf;

        (void)state;
        assert_string_equal(cni_version_common(host_local, "1.1.0"), "1.0.0");
        assert_string_equal(cni_version_common(host_local, "0.4.0"), "0.4.0");
        assert_null(cni_version_common("{\"supportedVersions\":[\"0.2.0\"]}", "1.1.0"));
        assert_null(cni_version_common("{\"supportedVersions\":{}}", "1.1.0"));
        assert_null(cni_version_common("not json", "1.1.0"));
        conf = cni_conf_with_version("{\"cniVersion\":\"1.1.0\",\"name\":\"n\","
                                     "\"prevResult\":{\"cniVersion\":\"1.1.0\"}}", "1.0.0");
        assert_string_equal(conf, "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
                                  "\"prevResult\":{\"cniVersion\":\"1.0.0\"}}");
        free(conf);
        assert_int_equal(cni_answer_code("{\"code\":1,\"msg\":\"incompatible\"}"), 1);
        assert_int_equal(cni_answer_code("{\"ips\":[]}"), 0);
}

/* Go's encoding/json, which sriov-cni decodes with, matches keys in any case (bytes.EqualFold:
 * ASCII, and U+017F and U+212A to s and k); of several spellings the last wins. Each value
 * is checked as read, not only that the config passes. */
static void keys_are_read_in_any_case_as_sriov_cni_reads_them(void **state)
{
        struct cni_conf c;
        struct cni_error e;

        (void)state;
        assert_int_equal(parse("{\"CNIVERSION\":\"1.0.0\",\"Name\":\"n\",\"DeviceId\":\"01:10.0\","
                               "\"VLAN\":100,\"VlanQos\":2,\"VLANPROTO\":\"802.1ad\",\"MAC\":"
                               "\"02:00:00:00:00:07\",\"spoofChk\":\"on\",\"Trust\":\"on\","
                               "\"Link_State\":\"enable\",\"MIN_TX_RATE\":10,\"Max_Tx_Rate\":20,"
                               "\"MTU\":9000,\"IPAM\":{\"TYPE\":\"host-local\"},"
                               "\"RuntimeConfig\":{\"Mac\":\"02:00:00:00:00:08\"}}", &c, &e), 0);
        assert_string_equal(c.cni_version, "1.0.0");
        assert_string_equal(c.device_id, "0000:01:10.0");
        assert_int_equal(c.vf.vlan, 100);
        assert_int_equal(c.vf.qos, 2);
        assert_int_equal(c.vf.vlan_proto, SRIOV_VLAN_PROTO_8021AD);
        assert_memory_equal(c.vf.mac, ((uint8_t[]){ 2, 0, 0, 0, 0, 8 }), 6); /* runtimeConfig's */
        assert_true(c.runtime_mac);
        assert_true(c.vf.spoofchk);
        assert_true(c.vf.trust);
        assert_int_equal(c.vf.link_state, SRIOV_LINK_STATE_ENABLE);
        assert_int_equal(c.vf.min_tx_rate, 10);
        assert_int_equal(c.vf.max_tx_rate, 20);
        assert_int_equal(c.mtu, 9000);
        assert_string_equal(c.ipam_type, "host-local");
        cni_conf_free(&c);

        /* The two non-ASCII folds; no other. */
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"vlan\":6,"
                               "\"tru\u017Ft\":\"on\",\"lin\u212A_state\":\"disable\","
                               "\"spoofch\u212A\":\"on\",\"m\u00e1c\":\"zz\",\"mtu \":1}", &c, &e), 0);
        assert_int_equal(c.vf.vlan, 6);
        assert_true(c.vf.trust);
        assert_int_equal(c.vf.link_state, SRIOV_LINK_STATE_DISABLE);
        assert_true(c.vf.spoofchk);
        assert_false(c.vf.mask & SRIOV_VF_CONFIG_MAC);
        assert_int_equal(c.mtu, 0);
        cni_conf_free(&c);
        /* One key spelled two ways is refused, anywhere: which one Go takes depends on an
         * order a runtime that adds keys (Multus: deviceID) decides, not the tenant. */
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"vlan\":6,\"Vlan\":5000}",
                               &c, &e), -1);
        assert_string_equal(e.msg, "config: (top): \"vlan\" and \"Vlan\": one key spelled two "
                                   "ways; which one counts would not be the config's choice");
        cni_conf_free(&c);
        memset(&e, 0, sizeof(e));
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"deviceID\":"
                               "\"0000:3b:02.0\",\"deviceid\":\"0000:3b:02.7\"}", &c, &e), -1);
        assert_int_equal(e.code, CNI_ERR_CONFIG);
        cni_conf_free(&c);
        memset(&e, 0, sizeof(e));
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"runtimeConfig\":"
                               "{\"deviceID\":\"0000:3b:02.0\",\"deviceI\u212A\":1,\"DeviceId\":"
                               "\"0000:3b:02.7\"}}", &c, &e), -1);
        assert_non_null(strstr(e.msg, "config: runtimeConfig: \"deviceID\" and \"DeviceId\""));
        cni_conf_free(&c);
        memset(&e, 0, sizeof(e));
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"Plugins\":[]}", &c, &e), -1);
        assert_int_equal(e.code, CNI_ERR_CONFIG);
        cni_conf_free(&c);
}

/* sriov-cni's Go strings: "" is their zero value, unset. Not vlanProto, which it refuses. */
static void empty_strings_are_unset_where_sriov_cni_has_them_so(void **state)
{
        struct cni_conf c;
        struct cni_error e;

        (void)state;
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"mac\":\"\",\"spoofchk\":\"\","
                               "\"trust\":\"\",\"link_state\":\"\",\"runtimeConfig\":{\"mac\":\"\"}}",
                               &c, &e), 0);
        assert_int_equal(c.vf.mask, 0);
        assert_false(c.runtime_mac);
        cni_conf_free(&c);
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"vlan\":1,\"vlanProto\":\"\"}",
                               &c, &e), -1);
        assert_int_equal(e.code, CNI_ERR_CONFIG);
        cni_conf_free(&c);
}

/* Only "on" is on, as sriov-cni (sriov.go `== "on"`): "ON" and "yes" are off, never on. */
static void spoofchk_and_trust_are_on_only_for_on(void **state)
{
        static const struct {
                const char *value;
                bool on;
        } cases[] = { { "\"on\"", true }, { "\"off\"", false }, { "\"ON\"", false },
                      { "\"On\"", false }, { "\"yes\"", false }, { "true", true }, { "false", false } };
        char text[256];
        struct cni_conf c;
        struct cni_error e;

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                snprintf(text, sizeof(text), "{\"cniVersion\":\"1.0.0\",\"name\":\"n\","
                         "\"spoofchk\":%s,\"trust\":%s}", cases[i].value, cases[i].value);
                assert_int_equal(parse(text, &c, &e), 0);
                assert_true(c.vf.mask & SRIOV_VF_CONFIG_SPOOFCHK);
                assert_true(c.vf.mask & SRIOV_VF_CONFIG_TRUST);
                assert_int_equal(c.vf.spoofchk, cases[i].on);
                assert_int_equal(c.vf.trust, cases[i].on);
                cni_conf_free(&c);
        }
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"trust\":1}", &c, &e), -1);
        cni_conf_free(&c);
}

/* Either rate alone sends the other as 0 (no limit), as sriov-cni's one LinkSetVfRate. */
static void one_rate_given_sets_the_other_to_zero(void **state)
{
        struct cni_conf c;
        struct cni_error e;

        (void)state;
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"min_tx_rate\":100}", &c, &e), 0);
        assert_int_equal(c.vf.mask, SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE);
        assert_int_equal(c.vf.min_tx_rate, 100);
        assert_int_equal(c.vf.max_tx_rate, 0);
        cni_conf_free(&c);
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}", &c, &e), 0);
        assert_int_equal(c.vf.mask, 0);
        cni_conf_free(&c);
}

/* The CNI library takes a missing or "" cniVersion as 0.1.0, and speaks 0.1.0 and 0.2.0. */
static void old_and_missing_versions_are_taken(void **state)
{
        static const struct {
                const char *conf, *version;
        } cases[] = {
                { "{\"name\":\"n\"}", "0.1.0" },
                { "{\"cniVersion\":\"\",\"name\":\"n\"}", "0.1.0" },
                { "{\"cniVersion\":null,\"name\":\"n\"}", "0.1.0" },
                { "{\"cniVersion\":\"0.1.0\",\"name\":\"n\"}", "0.1.0" },
                { "{\"cniVersion\":\"0.2.0\",\"name\":\"n\"}", "0.2.0" },
        };
        struct cni_conf c;
        struct cni_error e;
        char *v;

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                assert_int_equal(parse(cases[i].conf, &c, &e), 0);
                assert_string_equal(c.cni_version, cases[i].version);
                assert_false(cni_version_at_least(c.cni_version, "0.4.0")); /* no CHECK */
                cni_conf_free(&c);
        }
        v = cni_version_format("1.1.0");
        assert_non_null(strstr(v, "\"0.1.0\""));
        assert_non_null(strstr(v, "\"0.2.0\""));
        free(v);
}

/* DEL refuses only what the CNI library refuses; the rest may be anything by now. */
static void del_refuses_only_what_the_cni_library_refuses(void **state)
{
        static const struct {
                const char *conf;
                int code;
        } cases[] = {
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"vlan\":5000,\"mac\":\"x\","
                  "\"deviceID\":7,\"link_state\":\"up\",\"mtu\":\"big\"}", 0 },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"plugins\":[{}]}", 0 },
                { "{\"name\":\"n\"}", 0 },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"n\"", CNI_ERR_DECODE },
                { "{\"cniVersion\":\"1.0.0\"}", CNI_ERR_CONFIG },
                { "{\"cniVersion\":\"1.0.0\",\"name\":\"-n\"}", CNI_ERR_CONFIG },
                { "{\"cniVersion\":\"9.9.9\",\"name\":\"n\"}", CNI_ERR_VERSION },
        };
        struct cni_conf c;
        struct cni_error e;

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                assert_int_equal(parse_del(cases[i].conf, &c, &e), cases[i].code ? -1 : 0);
                assert_int_equal(e.code, cases[i].code);
                cni_conf_free(&c);
        }
        /* IPAM as far as it can be read: its problem kept for DEL to say. */
        memset(&e, 0, sizeof(e));
        assert_int_equal(parse_del("{\"name\":\"n\",\"IPAM\":{\"type\":\"dhcp\"}}", &c, &e), 0);
        assert_string_equal(c.ipam_type, "dhcp");
        cni_conf_free(&c);
        assert_int_equal(parse_del("{\"name\":\"n\",\"ipam\":{\"type\":\"/x\"}}", &c, &e), 0);
        assert_string_equal(c.ipam_type, "");
        assert_string_equal(c.ipam_problem, "config: ipam.type \"/x\": a plugin name, not a path");
        cni_conf_free(&c);
}

/* CNI_ARGS MAC= (Multus): over the config's mac, under runtimeConfig.mac; "" is unset. */
static void cni_args_mac_has_sriov_cnis_precedence(void **state)
{
        struct cni_conf c;
        struct cni_error e;

        (void)state;
        struct cni_args args;

        assert_int_equal(cni_args_parse("IgnoreUnknown=1;MAC=02:00:00:00:00:09;K=v", &args, &e),
                         0);
        assert_true(args.have_mac);
        assert_string_equal(args.mac, "02:00:00:00:00:09");
        /* Keys in the CNI library's exact case. */
        assert_int_equal(cni_args_parse("mac=02:00:00:00:00:09", &args, &e), 0);
        assert_false(args.have_mac);
        memset(&e, 0, sizeof(e));
        assert_int_equal(cni_args_parse("MAC=1;MAC=2", &args, &e), -1);
        assert_string_equal(e.msg, "CNI_ARGS: MAC given twice");
        memset(&e, 0, sizeof(e));
        assert_int_equal(cni_args_parse("MAC=02:00:00:00:00:09:02:00:00:00:00:09", &args, &e), -1);
        assert_int_equal(e.code, CNI_ERR_ENV);
        memset(&e, 0, sizeof(e));

        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"mac\":\"02:00:00:00:00:01\"}",
                               &c, &e), 0);
        assert_int_equal(cni_conf_apply_args(&c, "IgnoreUnknown=1;MAC=CA:FE:C0:FF:EE:00", &e), 0);
        assert_memory_equal(c.vf.mac, ((uint8_t[]){ 0xca, 0xfe, 0xc0, 0xff, 0xee, 0 }), 6);
        assert_int_equal(cni_conf_apply_args(&c, "MAC=", &e), 0); /* unset: kept */
        assert_memory_equal(c.vf.mac, ((uint8_t[]){ 0xca, 0xfe, 0xc0, 0xff, 0xee, 0 }), 6);
        assert_int_equal(cni_conf_apply_args(&c, "MAC=nonsense", &e), -1);
        assert_int_equal(e.code, CNI_ERR_ENV);
        assert_string_equal(e.msg, "CNI_ARGS MAC \"nonsense\": not a unicast MAC address");
        cni_conf_free(&c);
        assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"runtimeConfig\":"
                               "{\"mac\":\"02:00:00:00:00:02\"}}", &c, &e), 0);
        assert_int_equal(cni_conf_apply_args(&c, "MAC=02:00:00:00:00:03", &e), 0);
        assert_memory_equal(c.vf.mac, ((uint8_t[]){ 2, 0, 0, 0, 0, 2 }), 6);
        cni_conf_free(&c);
}

/* 0.1.0 and 0.2.0: ip4 and ip6 (the first IP of each, the routes of its family), dns, no
 * interfaces; as the CNI library's types/040 convertTo02x. Read back as it reads them. */
static void results_of_0_2_0_have_its_shape(void **state)
{
        struct cni_result r = {
                .have_interface = true, .ifname = "net1", .sandbox = "/run/netns/p",
                .ips = { { "10.56.0.2/24", "10.56.0.1", 0 }, { "10.56.0.3/24", "", 0 },
                         { "2001:db8::2/64", "", 0 } }, .n_ips = 3,
                .routes = { { "0.0.0.0/0", "" }, { "::/0", "2001:db8::1" } }, .n_routes = 2,
        };
        struct cni_result back = { 0 };
        struct cni_error e = { 0 };
        char *text = cni_result_format("0.2.0", &r);

        (void)state;
        assert_string_equal(text, "{\n"
                            "  \"cniVersion\":\"0.2.0\",\n"
                            "  \"ip4\":{\n"
                            "    \"ip\":\"10.56.0.2/24\",\n"
                            "    \"gateway\":\"10.56.0.1\",\n"
                            "    \"routes\":[\n"
                            "      {\n"
                            "        \"dst\":\"0.0.0.0/0\"\n"
                            "      }\n"
                            "    ]\n"
                            "  },\n"
                            "  \"ip6\":{\n"
                            "    \"ip\":\"2001:db8::2/64\",\n"
                            "    \"routes\":[\n"
                            "      {\n"
                            "        \"dst\":\"::/0\",\n"
                            "        \"gw\":\"2001:db8::1\"\n"
                            "      }\n"
                            "    ]\n"
                            "  },\n"
                            "  \"dns\":{\n"
                            "  }\n"
                            "}");
        assert_int_equal(cni_result_parse(text, &back, &e), 0);
        assert_int_equal(back.n_ips, 2);
        assert_string_equal(back.ips[0].address, "10.56.0.2/24");
        assert_string_equal(back.ips[0].gateway, "10.56.0.1");
        assert_string_equal(back.ips[1].address, "2001:db8::2/64");
        assert_int_equal(back.n_routes, 2);
        assert_string_equal(back.routes[1].gw, "2001:db8::1");
        cni_result_free(&back);
        free(text);
        r.n_ips = 0;
        text = cni_result_format("0.1.0", &r);
        assert_string_equal(text, "{\n  \"cniVersion\":\"0.1.0\",\n  \"dns\":{\n  }\n}");
        free(text);
        assert_int_equal(cni_result_parse("{\"ip4\":[]}", &back, &e), -1);
        assert_int_equal(e.code, CNI_ERR_IPAM);
        cni_result_free(&back);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(sriov_cni_keys_set_the_vf_config),
                cmocka_unit_test(a_bare_vlan_means_qos_0_and_8021q),
                cmocka_unit_test(bad_configs_name_the_key_value_and_reason),
                cmocka_unit_test(gc_reads_valid_attachments_in_either_spelling),
                cmocka_unit_test(env_values_are_checked_by_the_runtimes_rules),
                cmocka_unit_test(results_of_the_wrong_shape_are_errors),
                cmocka_unit_test(results_round_trip_in_every_version),
                cmocka_unit_test(an_older_plugin_gets_the_highest_version_both_speak),
                cmocka_unit_test(keys_are_read_in_any_case_as_sriov_cni_reads_them),
                cmocka_unit_test(empty_strings_are_unset_where_sriov_cni_has_them_so),
                cmocka_unit_test(spoofchk_and_trust_are_on_only_for_on),
                cmocka_unit_test(one_rate_given_sets_the_other_to_zero),
                cmocka_unit_test(old_and_missing_versions_are_taken),
                cmocka_unit_test(del_refuses_only_what_the_cni_library_refuses),
                cmocka_unit_test(cni_args_mac_has_sriov_cnis_precedence),
                cmocka_unit_test(results_of_0_2_0_have_its_shape),
        };

        return cmocka_run_group_tests_name("cni-json", tests, NULL, NULL);
}
