/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni's node policy (tools/cni/policy.c) and CNI_ARGS (tools/cni/cni-args.c), pure:
 * what a broken policy file is told (its JSON path and what is wrong), which files are not
 * trusted (a link, not root's, writable by others, too big), and the decisions on requests:
 * allowed, or refused naming the namespace, the network, the rule and what it allows.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tools/cni/cni.h"

/* ---- CNI_ARGS --------------------------------------------------------------------------------- */

static void cni_args_as_kubernetes_runtimes_send_them(void **state)
{
        struct cni_args a;
        struct cni_error e = { 0 };

        (void)state;
        assert_int_equal(cni_args_parse("IgnoreUnknown=1;K8S_POD_NAMESPACE=tenant-a;"
                                        "K8S_POD_NAME=web-7d4b9.x;K8S_POD_INFRA_CONTAINER_ID=4f2a;"
                                        "K8S_POD_UID=0b6e2c1a-5f4e-4c1e-9d0a-1b2c3d4e5f60",
                                        &a, &e), 0);
        assert_true(a.have_namespace);
        assert_string_equal(a.pod_namespace, "tenant-a");
        assert_true(a.have_name);
        assert_string_equal(a.pod_name, "web-7d4b9.x");
        assert_int_equal(cni_args_parse(NULL, &a, &e), 0);
        assert_false(a.have_namespace);
        assert_int_equal(cni_args_parse("", &a, &e), 0);
        assert_false(a.have_namespace);
        /* Unknown keys are skipped whatever IgnoreUnknown says; values of any printable kind. */
        assert_int_equal(cni_args_parse("NOMAD_JOB_ID=a b/c:d;MAC=02:00:00:00:00:01", &a, &e), 0);
        assert_false(a.have_namespace);
        assert_int_equal(e.code, 0);
}

static void bad_cni_args_are_refused_naming_the_pair(void **state)
{
        static const struct {
                const char *args, *msg;
        } cases[] = {
                { "K8S_POD_NAMESPACE=Tenant-A",
                  "CNI_ARGS: K8S_POD_NAMESPACE \"Tenant-A\": not a Kubernetes namespace name" },
                { "K8S_POD_NAMESPACE=-a", "K8S_POD_NAMESPACE \"-a\": not a Kubernetes namespace" },
                { "K8S_POD_NAMESPACE=", "K8S_POD_NAMESPACE \"\": not a Kubernetes namespace" },
                { "K8S_POD_NAMESPACE=a.b", "K8S_POD_NAMESPACE \"a.b\": not a Kubernetes namespace" },
                { "K8S_POD_NAMESPACE=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                  "K8S_POD_NAMESPACE: longer than 63 characters" },
                { "K8S_POD_NAME=a..b", "K8S_POD_NAME \"a..b\": not a Kubernetes pod name" },
                { "K8S_POD_NAME=web_1", "K8S_POD_NAME \"web_1\": not a Kubernetes pod name" },
                { "K8S_POD_NAMESPACE=a;K8S_POD_NAMESPACE=b", "CNI_ARGS: K8S_POD_NAMESPACE given twice" },
                { "a=1;;b=2", "CNI_ARGS: pair 2 \"\": not KEY=VALUE" },
                { "a=1;", "CNI_ARGS: pair 2 \"\": not KEY=VALUE" },
                { "novalue", "CNI_ARGS: pair 1 \"novalue\": not KEY=VALUE" },
                { "=v", "CNI_ARGS: pair 1 \"=v\": not KEY=VALUE" },
                { "a=b=c", "CNI_ARGS: pair 1 \"a=b=c\": not KEY=VALUE" },
                { "a b=c", "CNI_ARGS: pair 1: key \"a b\": only letters, digits" },
                { "K=a\tb", "CNI_ARGS: K: a control character in the value" },
        };
        struct cni_args a;

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct cni_error e = { 0 };

                assert_int_equal(cni_args_parse(cases[i].args, &a, &e), -1);
                assert_int_equal(e.code, CNI_ERR_ENV);
                if (!strstr(e.msg, cases[i].msg))
                        fail_msg("CNI_ARGS \"%s\": got \"%s\", expected \"%s\"", cases[i].args,
                                 e.msg, cases[i].msg);
        }
}

static void cni_args_are_bounded(void **state)
{
        char many[1024] = "", big[CNI_ARGS_MAX_LEN + 2];
        struct cni_args a;
        struct cni_error e = { 0 };

        (void)state;
        for (int i = 0; i <= CNI_ARGS_MAX_PAIRS; i++)
                snprintf(many + strlen(many), sizeof(many) - strlen(many), "%sK%d=v",
                         i ? ";" : "", i);
        assert_int_equal(cni_args_parse(many, &a, &e), -1);
        assert_string_equal(e.msg, "CNI_ARGS: more than 32 pairs");
        memset(big, 'a', sizeof(big) - 1);
        big[0] = 'K';
        big[1] = '=';
        big[sizeof(big) - 1] = '\0';
        memset(&e, 0, sizeof(e));
        assert_int_equal(cni_args_parse(big, &a, &e), -1);
        assert_string_equal(e.msg, "CNI_ARGS: longer than 4096 bytes");
}

/* ---- the file's syntax ------------------------------------------------------------------------ */

static void broken_policies_name_the_json_path_and_the_reason(void **state)
{
        static const struct {
                const char *text, *msg;
        } cases[] = {
                { "{", "$: not JSON: unexpected end of data" },
                { "{\"version\":1} x", "$: not JSON: unexpected character at byte 14" },
                { "[]", "$: expected an object, got []" },
                { "{}", "$.version: missing (this plugin reads version 1)" },
                { "{\"version\":2}", "$.version: 2: not a version this plugin reads (1)" },
                { "{\"version\":\"1\"}", "$.version: \"1\": not a version this plugin reads" },
                { "{\"version\":1,\"namespace\":{}}", "$: unknown key \"namespace\" (the keys here: "
                  "version, namespaces, default, no_namespace, reserved_networks)" },
                { "{\"version\":1,\"namespaces\":[]}", "$.namespaces: expected an object of "
                  "namespaces, got []" },
                { "{\"version\":1,\"namespaces\":{\"Tenant_A\":{}}}", "$.namespaces[\"Tenant_A\"]: "
                  "not a Kubernetes namespace name" },
                { "{\"version\":1,\"namespaces\":{\"a\":[]}}", "$.namespaces[\"a\"]: expected an "
                  "object (a rule), got []" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlan\":[1]}}}", "$.namespaces[\"a\"]: "
                  "unknown key \"vlan\" (the keys here: pfs, vfs, vlans," },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":100}}}",
                  "$.namespaces[\"a\"].vlans: expected an array, got 100" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":[4095]}}}",
                  "$.namespaces[\"a\"].vlans[0]: 4095: out of range 0-4094" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":[1,\"200-100\"]}}}",
                  "$.namespaces[\"a\"].vlans[1]: \"200-100\": its first number is above its last" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":[\"100 - 199\"]}}}",
                  "$.namespaces[\"a\"].vlans[0]: \"100 - 199\": expected a range \"FIRST-LAST\" of "
                  "numbers 0-4094" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":[\"100\"]}}}",
                  "$.namespaces[\"a\"].vlans[0]: \"100\": expected a range \"FIRST-LAST\" (a single "
                  "one is a JSON number)" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":[100.0]}}}",
                  "$.namespaces[\"a\"].vlans[0]: expected a number or a range \"FIRST-LAST\"" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlan_qos\":[\"0-8\"]}}}",
                  "$.namespaces[\"a\"].vlan_qos[0]: \"0-8\": expected a range \"FIRST-LAST\" of "
                  "numbers 0-7" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"pfs\":[\"eth/0\"]}}}",
                  "$.namespaces[\"a\"].pfs[0]: \"eth/0\": neither a PCI address (0000:01:00.0) nor "
                  "a netdev name" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"pfs\":[\"*\",\"eth0\"]}}}",
                  "$.namespaces[\"a\"].pfs[0]: \"*\" (any PF) is alone in its list" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vfs\":[\"eth0\"]}}}",
                  "$.namespaces[\"a\"].vfs[0]: \"eth0\": not a PCI address (0000:01:10.0)" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"allow_trust\":\"yes\"}}}",
                  "$.namespaces[\"a\"].allow_trust: expected true or false, got \"yes\"" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"min_tx_rate_max\":-1}}}",
                  "$.namespaces[\"a\"].min_tx_rate_max: -1: out of range 0-4294967295" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"networks\":{\"n\":{\"networks\":{}}}}}}",
                  "$.namespaces[\"a\"].networks[\"n\"].networks: a network's rule has no networks "
                  "of its own" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"networks\":{\"a b\":{}}}}}",
                  "$.namespaces[\"a\"].networks[\"a b\"]: not a network name" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"networks\":{\"n\":{\"vlans\":[\"x\"]}}}}}",
                  "$.namespaces[\"a\"].networks[\"n\"].vlans[0]: \"x\": expected a range" },
                { "{\"version\":1,\"default\":{\"pfs\":\"eth0\"}}",
                  "$.default.pfs: expected an array, got \"eth0\"" },
                { "{\"version\":1,\"no_namespace\":{\"x\":1}}", "$.no_namespace: unknown key \"x\"" },
                { "{\"version\":1,\"reserved_networks\":{\"n\":\"a\"}}",
                  "$.reserved_networks[\"n\"]: expected an array, got \"a\"" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":[100],\"vlans\":[0]}}}",
                  "$: key \"vlans\" given twice in one object (at byte 46; JSON readers keep only "
                  "one)" },
                { "{\"version\":1,\"namespaces\":{\"a\":{\"vl\\u0061ns\":[0]}}}",
                  "$: key \"vl\\u0061ns\" at byte 32: an escape in a key (write it plainly)" },
                { "{\"version\":1,\"namespaces\":{\"a\":{},\"b\":{\"x\":{\"a\":1}},\"a\":{}}}",
                  "$: key \"a\" given twice in one object (at byte" },
                { "{\"version\":1,\"reserved_networks\":{\"n\":[\"A\"]}}",
                  "$.reserved_networks[\"n\"][0]: \"A\": not a Kubernetes namespace name" },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct cni_policy *p = (struct cni_policy *)1;
                struct cni_error e = { 0 };
                char want[1024];

                assert_int_equal(cni_policy_parse("/etc/p.json", cases[i].text,
                                                  strlen(cases[i].text), &p, &e), -1);
                assert_null(p);
                assert_int_equal(e.code, CNI_ERR_POLICY);
                snprintf(want, sizeof(want), "policy /etc/p.json: %s", cases[i].msg);
                if (strncmp(e.msg, want, strlen(want)) != 0 ||
                    !strstr(e.msg, "every ADD is refused until it is fixed"))
                        fail_msg("policy %s:\n got      \"%s\"\n expected \"%s...\"", cases[i].text,
                                 e.msg, want);
        }
}

static void a_policy_with_a_nul_byte_or_too_deep_or_too_big_is_refused(void **state)
{
        static const char nul[] = "{\"version\":1}\0{}";
        char deep[128];
        struct cni_policy *p = NULL;
        struct cni_error e = { 0 };
        char *big;

        (void)state;
        assert_int_equal(cni_policy_parse("p", nul, sizeof(nul) - 1, &p, &e), -1);
        assert_non_null(strstr(e.msg, "policy p: $: a NUL byte at byte 13"));
        memset(deep, '[', sizeof(deep));
        memset(&e, 0, sizeof(e));
        assert_int_equal(cni_policy_parse("p", deep, sizeof(deep), &p, &e), -1);
        assert_non_null(strstr(e.msg, "policy p: $: not JSON: nesting too deep"));
        big = malloc(CNI_POLICY_MAX_BYTES + 1);
        assert_non_null(big);
        memset(big, ' ', CNI_POLICY_MAX_BYTES + 1);
        memset(&e, 0, sizeof(e));
        assert_int_equal(cni_policy_parse("p", big, CNI_POLICY_MAX_BYTES + 1, &p, &e), -1);
        assert_non_null(strstr(e.msg, "policy p: $: longer than 1048576 bytes"));
        free(big);
}

/* ---- the file itself -------------------------------------------------------------------------- */

struct dir {
        char path[160];
};

static void write_file(const char *path, const char *text, mode_t mode)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
        assert_int_equal(fchmod(fd, mode), 0);
        close(fd);
}

static int load(const struct dir *d, struct cni_error *e)
{
        struct cni_policy *p = NULL;
        int r;

        memset(e, 0, sizeof(*e));
        r = cni_policy_load(d->path, "cni-policy.json", &p, e);
        assert_true(r == 1 ? p != NULL : p == NULL);
        cni_policy_free(p);
        return r;
}

static void expect_refused(const struct dir *d, const char *msg)
{
        struct cni_error e;

        assert_int_equal(load(d, &e), -1);
        assert_int_equal(e.code, CNI_ERR_POLICY);
        if (!strstr(e.msg, msg))
                fail_msg("got \"%s\", expected \"%s\"", e.msg, msg);
}

static void only_a_regular_file_that_only_root_may_write_is_read(void **state)
{
        struct dir d = { .path = "/tmp/test-cni-policy.XXXXXX" };
        char file[128], other[128], sub[128], msg[256];
        struct cni_error e;

        (void)state;
        if (geteuid() != 0)
                skip(); /* the files must be root's, and others' to be refused */
        assert_non_null(mkdtemp(d.path));
        snprintf(file, sizeof(file), "%s/cni-policy.json", d.path);
        snprintf(other, sizeof(other), "%s/other.json", d.path);

        /* No file: no policy, as today. */
        assert_int_equal(load(&d, &e), 0);
        write_file(file, "{\"version\":1}", 0644);
        assert_int_equal(load(&d, &e), 1);

        snprintf(msg, sizeof(msg), "policy %s: the file writable by its group (mode 0664)", file);
        assert_int_equal(chmod(file, 0664), 0);
        expect_refused(&d, msg);
        snprintf(msg, sizeof(msg), "policy %s: the file writable by others (mode 0646)", file);
        assert_int_equal(chmod(file, 0646), 0);
        expect_refused(&d, msg);
        assert_int_equal(chmod(file, 0600), 0);
        assert_int_equal(chown(file, 65534, 0), 0);
        snprintf(msg, sizeof(msg), "policy %s: the file owned by uid 65534, not root", file);
        expect_refused(&d, msg);

        /* A link, even to a good file, is not followed. */
        assert_int_equal(rename(file, other), 0);
        assert_int_equal(chown(other, 0, 0), 0);
        assert_int_equal(symlink(other, file), 0);
        snprintf(msg, sizeof(msg), "policy %s: a symbolic link, which is not followed", file);
        expect_refused(&d, msg);
        assert_int_equal(unlink(file), 0);

        /* A FIFO must not hang the ADD; a directory is no policy either. */
        assert_int_equal(mkfifo(file, 0600), 0);
        snprintf(msg, sizeof(msg), "policy %s: not a regular file", file);
        expect_refused(&d, msg);
        assert_int_equal(unlink(file), 0);
        assert_int_equal(mkdir(file, 0700), 0);
        expect_refused(&d, msg);
        assert_int_equal(rmdir(file), 0);

        /* Broken: refused with its path in the JSON. */
        write_file(file, "{\"version\":1,\"namespaces\":{\"a\":{\"vlans\":[5000]}}}", 0644);
        snprintf(msg, sizeof(msg), "policy %s: $.namespaces[\"a\"].vlans[0]: 5000: out of range",
                 file);
        expect_refused(&d, msg);

        /* Whoever may write the directory may remove the policy. */
        write_file(file, "{\"version\":1}", 0644);
        assert_int_equal(chmod(d.path, 0777), 0);
        snprintf(msg, sizeof(msg), "policy %s: %s writable by its group and others (mode 0777)", file, d.path);
        expect_refused(&d, msg);
        assert_int_equal(chmod(d.path, 0755), 0);
        assert_int_equal(load(&d, &e), 1);

        /* Too big, before it is read. */
        {
                int fd = open(file, O_WRONLY | O_TRUNC | O_CLOEXEC);

                assert_true(fd >= 0);
                assert_int_equal(ftruncate(fd, CNI_POLICY_MAX_BYTES + 1), 0);
                close(fd);
        }
        snprintf(msg, sizeof(msg), "policy %s: 1048577 bytes, more than 1048576", file);
        expect_refused(&d, msg);

        /* The directory a link: refused, not followed. */
        snprintf(sub, sizeof(sub), "%s/link", d.path);
        assert_int_equal(symlink(d.path, sub), 0);
        {
                struct dir l = { 0 };

                snprintf(l.path, sizeof(l.path), "%s", sub);
                expect_refused(&l, "not a directory (a symbolic link?)");
                snprintf(l.path, sizeof(l.path), "%s/none", d.path);
                assert_int_equal(load(&l, &e), 0); /* no directory: no policy */
        }
        unlink(sub);
        unlink(file);
        unlink(other);
        rmdir(d.path);
}

/* ---- decisions -------------------------------------------------------------------------------- */

static const char policy_text[] =
        "{\"version\": 1,\n"
        " \"namespaces\": {\n"
        "  \"tenant-a\": {\"pfs\": [\"enp1s0\"], \"vfs\": [\"0000:02:10.0\"],\n"
        "                \"vlans\": [\"100-199\"],\n"
        "                \"networks\": {\"net-a\": {\"vlans\": [\"100-109\"]}, \"*\": {}}},\n"
        "  \"tenant-b\": {\"pfs\": [\"0000:03:00.0\"], \"vlans\": [0, 300],\n"
        "                \"allow_trust\": true, \"allow_spoofchk_off\": true,\n"
        "                \"allow_vfio\": true, \"allow_mac\": true, \"allow_link_state\": true,\n"
        "                \"vlan_qos\": [\"0-3\"], \"min_tx_rate_max\": 100,\n"
        "                \"max_tx_rate_max\": 1000,\n"
        "                \"networks\": {\"vm\": {\"allow_trust\": false}, \"*\": {}}},\n"
        "  \"tenant-c\": {\"pfs\": [\"*\"], \"vlans\": [\"0-4094\"],\n"
        "                \"networks\": {\"only\": {}}}\n"
        " },\n"
        " \"reserved_networks\": {\"net-a\": [\"tenant-a\"]}\n"
        "}\n";

static const char *const enp1s0[] = { "enp1s0", NULL };
static const char *const enp3s0[] = { "enp3s0", NULL };

/* A request: a VF from the pool of PF 0000:01:00.0 (enp1s0) on VLAN 150, from tenant-a. */
static struct cni_policy_request request(void)
{
        return (struct cni_policy_request){
                .pod_namespace = "tenant-a",
                .network = "net-x",
                .pf_pci = "0000:01:00.0",
                .pf_ifnames = enp1s0,
                .vf = { .mask = SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                                SRIOV_VF_CONFIG_VLAN_PROTO,
                        .vlan = 150,
                        .vlan_proto = SRIOV_VLAN_PROTO_8021Q },
        };
}

static struct cni_policy *the_policy(const char *text)
{
        struct cni_policy *p = NULL;
        struct cni_error e = { 0 };

        if (cni_policy_parse("/etc/libsriov/cni-policy.json", text, strlen(text), &p, &e) < 0)
                fail_msg("%s", e.msg);
        return p;
}

static void allowed(const struct cni_policy *p, const struct cni_policy_request *q)
{
        struct cni_error e = { 0 };

        if (cni_policy_decide(p, q, &e) < 0)
                fail_msg("refused: %s", e.msg);
}

static void refused(const struct cni_policy *p, const struct cni_policy_request *q,
                    const char *msg)
{
        struct cni_error e = { 0 };
        char want[768];

        assert_int_equal(cni_policy_decide(p, q, &e), -1);
        assert_int_equal(e.code, CNI_ERR_POLICY);
        snprintf(want, sizeof(want), "policy /etc/libsriov/cni-policy.json: %s", msg);
        if (strcmp(e.msg, want) != 0)
                fail_msg("\n got      \"%s\"\n expected \"%s\"", e.msg, want);
}

static void namespaces_without_a_rule_are_refused(void **state)
{
        struct cni_policy *p = the_policy(policy_text);
        struct cni_policy_request q = request();

        (void)state;
        allowed(p, &q);
        q.pod_namespace = "tenant-z";
        refused(p, &q, "namespace \"tenant-z\", network \"net-x\": no rule for this namespace in "
                "$.namespaces, and no $.default rule");
        q.pod_namespace = NULL;
        refused(p, &q, "no namespace (CNI_ARGS has no K8S_POD_NAMESPACE), network \"net-x\": an "
                "ADD without the pod's namespace is refused: the policy has no $.no_namespace "
                "rule");
        cni_policy_free(p);
}

static void a_default_and_a_no_namespace_rule_apply_when_written(void **state)
{
        struct cni_policy *p = the_policy("{\"version\":1,\"namespaces\":{\"a\":{}},"
                                          "\"default\":{\"pfs\":[\"enp1s0\"],\"vlans\":[150]},"
                                          "\"no_namespace\":{\"pfs\":[\"*\"],\"vlans\":[7]}}");
        struct cni_policy_request q = request();

        (void)state;
        q.pod_namespace = "tenant-z";
        allowed(p, &q);
        q.vf.vlan = 151;
        refused(p, &q, "namespace \"tenant-z\", network \"net-x\": vlan 151: not allowed by "
                "$.default.vlans (150)");
        /* A namespace with its own rule does not fall back to the default. */
        q.pod_namespace = "a";
        q.vf.vlan = 150;
        refused(p, &q, "namespace \"a\", network \"net-x\": pf 0000:01:00.0 (enp1s0) (any free VF "
                "of it): not allowed by $.namespaces[\"a\"] (pfs: none)");
        q.pod_namespace = NULL;
        q.vf.vlan = 7;
        allowed(p, &q);
        cni_policy_free(p);
}

static void pfs_and_vfs_decide_which_vfs(void **state)
{
        struct cni_policy *p = the_policy(policy_text);
        struct cni_policy_request q = request();

        (void)state;
        /* By PF netdev name, pool or deviceID. */
        q.vf_pci = "0000:01:10.3";
        allowed(p, &q);
        /* Another PF, by its PCI address or name. */
        q.pf_pci = "0000:03:00.0";
        q.pf_ifnames = enp3s0;
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": deviceID 0000:01:10.3, a VF of "
                "PF 0000:03:00.0 (enp3s0): not allowed by $.namespaces[\"tenant-a\"] (pfs: enp1s0; "
                "vfs: 0000:02:10.0)");
        q.vf_pci = NULL;
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": pf 0000:03:00.0 (enp3s0) (any "
                "free VF of it): not allowed by $.namespaces[\"tenant-a\"] (pfs: enp1s0; the vfs "
                "listed there are for a deviceID only)");
        /* A VF listed by itself: by deviceID, not its PF's pool. */
        q.pf_pci = "0000:02:00.0";
        q.pf_ifnames = NULL;
        q.vf_pci = "0000:02:10.0";
        allowed(p, &q);
        q.vf_pci = "0000:02:10.1";
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": deviceID 0000:02:10.1, a VF of "
                "PF 0000:02:00.0: not allowed by $.namespaces[\"tenant-a\"] (pfs: enp1s0; vfs: "
                "0000:02:10.0)");
        /* tenant-b names its PF by PCI address; "*" is any PF. */
        q = request();
        q.pod_namespace = "tenant-b";
        q.vf.vlan = 300;
        refused(p, &q, "namespace \"tenant-b\", network \"net-x\": pf 0000:01:00.0 (enp1s0) (any "
                "free VF of it): not allowed by $.namespaces[\"tenant-b\"] (pfs: 0000:03:00.0)");
        q.pf_pci = "0000:03:00.0";
        q.pf_ifnames = enp3s0;
        allowed(p, &q);
        q.pod_namespace = "tenant-c";
        q.network = "only";
        allowed(p, &q);
        cni_policy_free(p);
}

static void vlans_are_ranges_and_untagged_is_vlan_0(void **state)
{
        struct cni_policy *p = the_policy(policy_text);
        struct cni_policy_request q = request();

        (void)state;
        q.vf.vlan = 100;
        allowed(p, &q);
        q.vf.vlan = 199;
        allowed(p, &q);
        q.vf.vlan = 200;
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": vlan 200: not allowed by "
                "$.namespaces[\"tenant-a\"].vlans (100-199)");
        q.vf.vlan = 0;
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": vlan 0: not allowed by "
                "$.namespaces[\"tenant-a\"].vlans (100-199)");
        q.vf.mask = 0;
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": no vlan (the VF keeps its own, "
                "counted as 0, untagged): not allowed by $.namespaces[\"tenant-a\"].vlans "
                "(100-199)");
        /* tenant-b lists 0: untagged, asked or left. */
        q.pod_namespace = "tenant-b";
        q.pf_pci = "0000:03:00.0";
        allowed(p, &q);
        q.vf.mask = SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO;
        q.vf.vlan = 0;
        allowed(p, &q);
        q.vf.vlan = 301;
        refused(p, &q, "namespace \"tenant-b\", network \"net-x\": vlan 301: not allowed by "
                "$.namespaces[\"tenant-b\"].vlans (0, 300)");
        /* Priorities: 0 always; others as listed. 802.1ad only when allowed. */
        q.vf.vlan = 300;
        q.vf.qos = 3;
        allowed(p, &q);
        q.vf.qos = 5;
        refused(p, &q, "namespace \"tenant-b\", network \"net-x\": vlanQoS 5: not allowed by "
                "$.namespaces[\"tenant-b\"].vlan_qos (0-3)");
        q.vf.qos = 0;
        q.vf.vlan_proto = SRIOV_VLAN_PROTO_8021AD;
        refused(p, &q, "namespace \"tenant-b\", network \"net-x\": vlanProto 802.1ad: not allowed "
                "by $.namespaces[\"tenant-b\"].allow_vlan_proto_8021ad (not set: false)");
        q = request();
        q.vf.qos = 1;
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": vlanQoS 1: not allowed by "
                "$.namespaces[\"tenant-a\"].vlan_qos (none)");
        cni_policy_free(p);
}

static void trust_spoofchk_vfio_mac_and_link_state_need_an_allow(void **state)
{
        struct cni_policy *p = the_policy(policy_text);
        struct cni_policy_request q = request(), b;
        static const char *const pre = "namespace \"tenant-a\", network \"net-x\": ";
        char msg[512];

        (void)state;
        q.vf.mask |= SRIOV_VF_CONFIG_TRUST | SRIOV_VF_CONFIG_SPOOFCHK;
        q.vf.spoofchk = true;
        allowed(p, &q); /* trust off, spoofchk on: nothing to allow */
        q.vf.trust = true;
        snprintf(msg, sizeof(msg), "%strust on: not allowed by $.namespaces[\"tenant-a\"]."
                 "allow_trust (not set: false)", pre);
        refused(p, &q, msg);
        q.vf.trust = false;
        q.vf.spoofchk = false;
        snprintf(msg, sizeof(msg), "%sspoofchk off: not allowed by $.namespaces[\"tenant-a\"]."
                 "allow_spoofchk_off (not set: false)", pre);
        refused(p, &q, msg);
        q.vf.spoofchk = true;
        q.vfio = true;
        snprintf(msg, sizeof(msg), "%svfio mode (the VF on vfio-pci, for a VM or DPDK): not "
                 "allowed by $.namespaces[\"tenant-a\"].allow_vfio (not set: false)", pre);
        refused(p, &q, msg);
        q.vfio = false;
        q.vf.mask |= SRIOV_VF_CONFIG_MAC;
        snprintf(msg, sizeof(msg), "%sa MAC of its own (mac or runtimeConfig.mac): not allowed "
                 "by $.namespaces[\"tenant-a\"].allow_mac (not set: false)", pre);
        refused(p, &q, msg);
        q.vf.mask &= ~SRIOV_VF_CONFIG_MAC;
        q.vf.mask |= SRIOV_VF_CONFIG_LINK_STATE;
        snprintf(msg, sizeof(msg), "%slink_state: not allowed by $.namespaces[\"tenant-a\"]."
                 "allow_link_state (not set: false)", pre);
        refused(p, &q, msg);

        /* tenant-b may, on any network but "vm", whose rule narrows trust away. */
        b = q;
        b.pod_namespace = "tenant-b";
        b.pf_pci = "0000:03:00.0";
        b.vf.vlan = 300;
        b.vf.mask |= SRIOV_VF_CONFIG_MAC;
        b.vf.trust = true;
        b.vf.spoofchk = false;
        b.vfio = true;
        allowed(p, &b);
        b.network = "vm";
        refused(p, &b, "namespace \"tenant-b\", network \"vm\": trust on: not allowed by "
                "$.namespaces[\"tenant-b\"].networks[\"vm\"].allow_trust (false)");
        b.vf.trust = false;
        allowed(p, &b);
        cni_policy_free(p);
}

static void rates_are_bounded_as_written(void **state)
{
        struct cni_policy *p = the_policy(policy_text);
        struct cni_policy_request q = request();

        (void)state;
        q.vf.mask |= SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE;
        allowed(p, &q); /* 0 and 0: no guarantee, no ceiling */
        q.vf.min_tx_rate = 10;
        refused(p, &q, "namespace \"tenant-a\", network \"net-x\": min_tx_rate 10: not allowed by "
                "$.namespaces[\"tenant-a\"].min_tx_rate_max (not set: 0)");
        q.vf.min_tx_rate = 0;
        q.vf.max_tx_rate = 50000;
        allowed(p, &q); /* a ceiling on itself only: tenant-a's rule sets none */
        q.pod_namespace = "tenant-b";
        q.pf_pci = "0000:03:00.0";
        q.vf.vlan = 300;
        q.vf.min_tx_rate = 100;
        q.vf.max_tx_rate = 1000;
        allowed(p, &q);
        q.vf.min_tx_rate = 101;
        refused(p, &q, "namespace \"tenant-b\", network \"net-x\": min_tx_rate 101: not allowed "
                "by $.namespaces[\"tenant-b\"].min_tx_rate_max (100)");
        q.vf.min_tx_rate = 0;
        q.vf.max_tx_rate = 0;
        refused(p, &q, "namespace \"tenant-b\", network \"net-x\": max_tx_rate 0 (no limit): not "
                "allowed by $.namespaces[\"tenant-b\"].max_tx_rate_max (1-1000)");
        q.vf.max_tx_rate = 1001;
        refused(p, &q, "namespace \"tenant-b\", network \"net-x\": max_tx_rate 1001: not allowed "
                "by $.namespaces[\"tenant-b\"].max_tx_rate_max (1-1000)");
        cni_policy_free(p);
}

static void a_network_rule_only_narrows_and_names_can_be_reserved(void **state)
{
        struct cni_policy *p = the_policy(policy_text);
        struct cni_policy_request q = request();

        (void)state;
        q.network = "net-a";
        q.vf.vlan = 105;
        allowed(p, &q);
        q.vf.vlan = 150; /* the namespace allows it, the network's rule does not */
        refused(p, &q, "namespace \"tenant-a\", network \"net-a\": vlan 150: not allowed by "
                "$.namespaces[\"tenant-a\"].networks[\"net-a\"].vlans (100-109)");
        /* tenant-c lists its networks without "*": others are refused. */
        q.pod_namespace = "tenant-c";
        q.network = "mine";
        refused(p, &q, "namespace \"tenant-c\", network \"mine\": the network is not in "
                "$.namespaces[\"tenant-c\"].networks, which has no \"*\"");
        /* net-a is tenant-a's name: no other namespace makes attachments under it. */
        q.pod_namespace = "tenant-b";
        q.network = "net-a";
        refused(p, &q, "namespace \"tenant-b\", network \"net-a\": the network name is reserved "
                "by $.reserved_networks[\"net-a\"] to namespace tenant-a");
        q.pod_namespace = NULL;
        refused(p, &q, "no namespace (CNI_ARGS has no K8S_POD_NAMESPACE), network \"net-a\": the "
                "network name is reserved by $.reserved_networks[\"net-a\"] to namespace tenant-a");
        cni_policy_free(p);
}

/* A network's rule never widens: an allow_* or a list there is checked after the namespace's. */
static void a_network_rule_cannot_widen_its_namespace(void **state)
{
        struct cni_policy *p = the_policy("{\"version\":1,\"namespaces\":{\"a\":{"
                                          "\"pfs\":[\"enp1s0\"],\"vlans\":[150],\"networks\":{"
                                          "\"n\":{\"pfs\":[\"*\"],\"vlans\":[\"0-4094\"],"
                                          "\"allow_trust\":true}}}}}");
        struct cni_policy_request q = request();

        (void)state;
        q.pod_namespace = "a";
        q.network = "n";
        allowed(p, &q);
        q.vf.vlan = 151;
        refused(p, &q, "namespace \"a\", network \"n\": vlan 151: not allowed by "
                "$.namespaces[\"a\"].vlans (150)");
        q.vf.vlan = 150;
        q.vf.mask |= SRIOV_VF_CONFIG_TRUST;
        q.vf.trust = true;
        refused(p, &q, "namespace \"a\", network \"n\": trust on: not allowed by "
                "$.namespaces[\"a\"].allow_trust (not set: false)");
        q.vf.trust = false;
        q.pf_pci = "0000:03:00.0";
        q.pf_ifnames = enp3s0;
        refused(p, &q, "namespace \"a\", network \"n\": pf 0000:03:00.0 (enp3s0) (any free VF of "
                "it): not allowed by $.namespaces[\"a\"] (pfs: enp1s0)");
        cni_policy_free(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(cni_args_as_kubernetes_runtimes_send_them),
                cmocka_unit_test(bad_cni_args_are_refused_naming_the_pair),
                cmocka_unit_test(cni_args_are_bounded),
                cmocka_unit_test(broken_policies_name_the_json_path_and_the_reason),
                cmocka_unit_test(a_policy_with_a_nul_byte_or_too_deep_or_too_big_is_refused),
                cmocka_unit_test(only_a_regular_file_that_only_root_may_write_is_read),
                cmocka_unit_test(namespaces_without_a_rule_are_refused),
                cmocka_unit_test(a_default_and_a_no_namespace_rule_apply_when_written),
                cmocka_unit_test(pfs_and_vfs_decide_which_vfs),
                cmocka_unit_test(vlans_are_ranges_and_untagged_is_vlan_0),
                cmocka_unit_test(trust_spoofchk_vfio_mac_and_link_state_need_an_allow),
                cmocka_unit_test(rates_are_bounded_as_written),
                cmocka_unit_test(a_network_rule_only_narrows_and_names_can_be_reserved),
                cmocka_unit_test(a_network_rule_cannot_widen_its_namespace),
        };

        return cmocka_run_group_tests_name("cni-policy", tests, NULL, NULL);
}
