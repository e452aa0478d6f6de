/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every JSON libsriov-cni reads or writes: the network config on stdin (sriov-cni's keys where
 * they mean the same, so an existing NetworkAttachmentDefinition works unchanged), the results
 * of IPAM and of an earlier ADD (prevResult), and the answers on stdout.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "cni.h"
#include "mac.h"
#include "pci-addr.h"

/* The versions whose results we write: 0.1.0 and 0.2.0 in their own shape (ip4, ip6), 0.3.x
 * and 0.4.0 ips say their "version". The CNI library sriov-cni is built with speaks all of
 * them (its version.All), so a config of any of them works there and here. */
static const char *const versions[] = { "0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0",
                                        "1.1.0", NULL };

bool cni_version_supported(const char *v)
{
        for (const char *const *s = versions; *s; s++)
                if (strcmp(*s, v) == 0)
                        return true;
        return false;
}

static void version_split(const char *v, int n[3])
{
        n[0] = n[1] = n[2] = 0;
        sscanf(v, "%d.%d.%d", &n[0], &n[1], &n[2]);
}

bool cni_version_at_least(const char *v, const char *min)
{
        int a[3], b[3];

        version_split(v, a);
        version_split(min, b);
        for (int i = 0; i < 3; i++)
                if (a[i] != b[i])
                        return a[i] > b[i];
        return true;
}

/* An older plugin (an IPAM plugin of CNI 1.0 under a 1.1 runtime): the highest version we
 * speak, not above @max, that its VERSION answer @answer lists; NULL for none. */
const char *cni_version_common(const char *answer, const char *max)
{
        struct json_object *o = json_tokener_parse(answer), *list = NULL;
        const char *best = NULL;

        if (o && json_object_object_get_ex(o, "supportedVersions", &list) &&
            json_object_is_type(list, json_type_array))
                for (size_t i = 0; i < json_object_array_length(list); i++) {
                        const char *v = json_object_get_string(json_object_array_get_idx(list, i));

                        /* Not below 0.3.0: a result without "ips" is no answer to a newer
                         * config, which is all this is asked for. */
                        for (const char *const *s = versions; v && *s; s++)
                                if (strcmp(*s, v) == 0 && cni_version_at_least(v, "0.3.0") &&
                                    cni_version_at_least(max, v) &&
                                    (!best || !cni_version_at_least(best, v)))
                                        best = *s;
                }
        json_object_put(o);
        return best;
}

/* The config as it was, but for its cniVersion and prevResult's (malloc'd; NULL on failure). */
char *cni_conf_with_version(const char *raw, const char *version)
{
        struct json_object *o = json_tokener_parse(raw), *prev = NULL;
        char *text = NULL;

        if (o && json_object_is_type(o, json_type_object)) {
                json_object_object_add(o, "cniVersion", json_object_new_string(version));
                if (json_object_object_get_ex(o, "prevResult", &prev) &&
                    json_object_is_type(prev, json_type_object))
                        json_object_object_add(prev, "cniVersion", json_object_new_string(version));
                text = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
        }
        json_object_put(o);
        return text;
}

/* The code of a plugin's error answer, 0 when it is none. */
int cni_answer_code(const char *answer)
{
        struct json_object *o = json_tokener_parse(answer), *code = NULL;
        int r = 0;

        if (o && json_object_object_get_ex(o, "code", &code) &&
            json_object_is_type(code, json_type_int))
                r = json_object_get_int(code);
        json_object_put(o);
        return r;
}

/* ---- reading ---------------------------------------------------------------------------------- */

/* The length of the character of @doc_key at @p as Go's encoding/json folds it, and the ASCII
 * letter it folds to in *@c; 0 when it folds to none. Go matches a key to a field "preferring
 * an exact match but also accepting a case-insensitive match", by bytes.EqualFold: ASCII case,
 * and the two characters whose simple folding reaches an ASCII letter, U+017F (long s) and
 * U+212A (Kelvin sign). */
static size_t fold_char(const unsigned char *p, char *c)
{
        if (p[0] < 0x80) {
                *c = (char)(p[0] >= 'A' && p[0] <= 'Z' ? p[0] + ('a' - 'A') : p[0]);
                return 1;
        }
        if (p[0] == 0xc5 && p[1] == 0xbf) {
                *c = 's';
                return 2;
        }
        if (p[0] == 0xe2 && p[1] == 0x84 && p[2] == 0xaa) {
                *c = 'k';
                return 3;
        }
        return 0;
}

/* @doc_key as Go's matching sees it: folded where it folds, other bytes as they are. */
static void fold_key(const char *doc_key, char *out, size_t size)
{
        const unsigned char *p = (const unsigned char *)doc_key;
        size_t n = 0;

        while (*p && n + 1 < size) {
                char c;
                size_t len = fold_char(p, &c);

                out[n++] = len ? c : (char)*p;
                p += len ? len : 1;
        }
        out[n] = '\0';
}

/*
 * Two spellings of one key in one object ("deviceID" and "deviceid") are refused, anywhere in
 * the document: Go takes the last, and which is last is not the tenant's to choose when a
 * runtime adds the key (Multus writes "deviceID" into the tenant's config, and Go's maps are
 * marshalled sorted, so a tenant's "deviceid" would come after it and win).
 */
static int refuse_ambiguous_keys(struct json_object *o, const char *where, struct cni_error *e)
{
        if (json_object_is_type(o, json_type_array)) {
                for (size_t i = 0; i < json_object_array_length(o); i++)
                        if (refuse_ambiguous_keys(json_object_array_get_idx(o, i), where, e) < 0)
                                return -1;
                return 0;
        }
        if (!json_object_is_type(o, json_type_object))
                return 0;
        json_object_object_foreach(o, k1, v1) {
                char f1[256], f2[256];
                bool after = false;

                fold_key(k1, f1, sizeof(f1));
                json_object_object_foreach(o, k2, v2) {
                        (void)v2;
                        if (k2 == k1) {
                                after = true;
                                continue;
                        }
                        fold_key(k2, f2, sizeof(f2));
                        if (after && strcmp(f1, f2) == 0)
                                return cni_fail(e, CNI_ERR_CONFIG, "config: %s: \"%.64s\" and "
                                                "\"%.64s\": one key spelled two ways; which one "
                                                "counts would not be the config's choice", where,
                                                k1, k2);
                }
                if (refuse_ambiguous_keys(v1, k1, e) < 0)
                        return -1;
        }
        return 0;
}

/* Whether @doc_key is @key (ours, ASCII) as Go's encoding/json would match them. */
static bool key_matches(const char *doc_key, const char *key)
{
        const unsigned char *p = (const unsigned char *)doc_key;

        for (const char *k = key; *k; k++) {
                char want = (char)(*k >= 'A' && *k <= 'Z' ? *k + ('a' - 'A') : *k), got;
                size_t n = fold_char(p, &got);

                if (n == 0 || got != want)
                        return false;
                p += n;
        }
        return *p == '\0';
}

/*
 * The value of @key in @o, found as sriov-cni's Go decoding finds it: in any case, and of
 * several spellings the last in the document (each sets the field in turn). A key sriov-cni
 * reads in another case is read, never ignored: "Vlan": 5000 is refused here as there, not
 * dropped. One rule for every key, ours too (pf, mode). json-c keeps a key written twice in
 * the same spelling once, at its first place with its last value: of "a", "A", "a" this takes
 * "A" where Go takes the second "a" -- a config that spells one key three ways is not one a
 * cluster runs.
 */
static struct json_object *get(struct json_object *o, const char *key)
{
        struct json_object *found = NULL;

        if (!o || !json_object_is_type(o, json_type_object))
                return NULL;
        json_object_object_foreach(o, k, v) {
                if (key_matches(k, key))
                        found = v;
        }
        return found;
}

static int want_string(struct json_object *v, const char *key, char *buf, size_t size,
                       struct cni_error *e)
{
        const char *s;

        if (!json_object_is_type(v, json_type_string))
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s: expected a string, got %s", key,
                                json_object_to_json_string(v));
        s = json_object_get_string(v);
        if (strlen(s) >= size)
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s \"%s\": longer than %zu characters",
                                key, s, size - 1);
        snprintf(buf, size, "%s", s);
        return 0;
}

static int want_uint(struct json_object *v, const char *key, int64_t max, uint32_t *ret,
                     struct cni_error *e)
{
        int64_t n;

        if (!json_object_is_type(v, json_type_int))
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s: expected a whole number, got %s",
                                key, json_object_to_json_string(v));
        n = json_object_get_int64(v);
        if (n < 0 || n > max)
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s %lld: out of range 0-%lld", key,
                                (long long)n, (long long)max);
        *ret = (uint32_t)n;
        return 0;
}

/* sriov-cni's strings that "" leaves unset (Go's zero value, which every use of them tests
 * for): mac, runtimeConfig.mac, spoofchk, trust, link_state. null is unset for every key. */
static struct json_object *get_set(struct json_object *o, const char *key)
{
        struct json_object *v = get(o, key);

        return json_object_is_type(v, json_type_string) && json_object_get_string_len(v) == 0
                       ? NULL
                       : v;
}

/* sriov-cni's spoofchk and trust: "on" is on and any other string off, applied, never refused
 * (sriov.go: `if conf.SpoofChk == "on"`); so "ON" is off here as there, not on. A JSON boolean
 * is ours (sriov-cni refuses it). */
static int want_on_off(struct json_object *v, const char *key, bool *ret, struct cni_error *e)
{
        if (json_object_is_type(v, json_type_boolean))
                *ret = json_object_get_boolean(v);
        else if (json_object_is_type(v, json_type_string))
                *ret = strcmp(json_object_get_string(v), "on") == 0;
        else
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s %s: expected \"on\" or \"off\"",
                                key, json_object_to_json_string(v));
        return 0;
}

static int want_mac(struct json_object *v, const char *key, uint8_t mac[6], struct cni_error *e)
{
        char s[32];

        if (want_string(v, key, s, sizeof(s), e) < 0)
                return -1;
        if (sriov_mac_parse(s, mac) < 0)
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s \"%s\": not a MAC address", key, s);
        if (sriov_mac_is_multicast(mac) || sriov_mac_is_zero(mac))
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s \"%s\": %s", key, s,
                                sriov_mac_is_zero(mac) ? "all zero" : "a multicast address");
        return 0;
}

static int want_pci(struct json_object *v, const char *key, char buf[32], struct cni_error *e)
{
        char s[64], canon[SRIOV_PCI_ADDR_MAX];

        if (want_string(v, key, s, sizeof(s), e) < 0)
                return -1;
        if (sriov_pci_addr_canonical(s, canon) < 0)
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s \"%s\": not a PCI address "
                                "(0000:01:10.0)", key, s);
        snprintf(buf, 32, "%s", canon);
        return 0;
}

/* The VF settings of the config, sriov-cni's keys: each sets its SRIOV_VF_CONFIG_* bit. */
static int parse_vf_settings(struct json_object *root, struct sriov_vf_config *vf,
                             struct cni_error *e)
{
        struct json_object *v;
        uint32_t n;
        char s[32];

        if ((v = get_set(root, "mac"))) {
                if (want_mac(v, "mac", vf->mac, e) < 0)
                        return -1;
                vf->mask |= SRIOV_VF_CONFIG_MAC;
        }
        if ((v = get(root, "vlan"))) {
                if (want_uint(v, "vlan", 4094, &n, e) < 0)
                        return -1;
                vf->vlan = (uint16_t)n;
                vf->mask |= SRIOV_VF_CONFIG_VLAN;
        }
        if ((v = get(root, "vlanQoS"))) {
                if (want_uint(v, "vlanQoS", 7, &n, e) < 0)
                        return -1;
                vf->qos = (uint8_t)n;
                vf->mask |= SRIOV_VF_CONFIG_QOS;
        }
        if ((v = get(root, "vlanProto"))) {
                if (want_string(v, "vlanProto", s, sizeof(s), e) < 0)
                        return -1;
                if (strcasecmp(s, "802.1q") == 0)
                        vf->vlan_proto = SRIOV_VLAN_PROTO_8021Q;
                else if (strcasecmp(s, "802.1ad") == 0)
                        vf->vlan_proto = SRIOV_VLAN_PROTO_8021AD;
                else
                        return cni_fail(e, CNI_ERR_CONFIG, "config: vlanProto \"%s\": expected "
                                        "\"802.1q\" or \"802.1ad\"", s);
                vf->mask |= SRIOV_VF_CONFIG_VLAN_PROTO;
        }
        /* As sriov-cni: a QoS or protocol without a VLAN means nothing to the kernel. */
        if ((vf->mask & (SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO)) &&
            !(vf->mask & SRIOV_VF_CONFIG_VLAN))
                return cni_fail(e, CNI_ERR_CONFIG, "config: vlanQoS and vlanProto need a vlan");
        if ((vf->mask & SRIOV_VF_CONFIG_VLAN) && vf->vlan == 0 &&
            ((vf->mask & SRIOV_VF_CONFIG_QOS && vf->qos) ||
             (vf->mask & SRIOV_VF_CONFIG_VLAN_PROTO && vf->vlan_proto != SRIOV_VLAN_PROTO_8021Q)))
                return cni_fail(e, CNI_ERR_CONFIG, "config: vlan 0 (none) with a vlanQoS or a "
                                "vlanProto other than 802.1q: no tag to carry them");
        if (vf->mask & SRIOV_VF_CONFIG_VLAN) {
                /* The kernel sets the three together: the defaults go with a bare vlan. */
                if (!(vf->mask & SRIOV_VF_CONFIG_VLAN_PROTO))
                        vf->vlan_proto = SRIOV_VLAN_PROTO_8021Q;
                vf->mask |= SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO;
        }
        if ((v = get_set(root, "spoofchk"))) {
                if (want_on_off(v, "spoofchk", &vf->spoofchk, e) < 0)
                        return -1;
                vf->mask |= SRIOV_VF_CONFIG_SPOOFCHK;
        }
        if ((v = get_set(root, "trust"))) {
                if (want_on_off(v, "trust", &vf->trust, e) < 0)
                        return -1;
                vf->mask |= SRIOV_VF_CONFIG_TRUST;
        }
        if ((v = get_set(root, "link_state"))) {
                if (want_string(v, "link_state", s, sizeof(s), e) < 0)
                        return -1;
                if (strcmp(s, "auto") == 0)
                        vf->link_state = SRIOV_LINK_STATE_AUTO;
                else if (strcmp(s, "enable") == 0)
                        vf->link_state = SRIOV_LINK_STATE_ENABLE;
                else if (strcmp(s, "disable") == 0)
                        vf->link_state = SRIOV_LINK_STATE_DISABLE;
                else
                        return cni_fail(e, CNI_ERR_CONFIG, "config: link_state \"%s\": expected "
                                        "\"auto\", \"enable\" or \"disable\"", s);
                vf->mask |= SRIOV_VF_CONFIG_LINK_STATE;
        }
        if ((v = get(root, "min_tx_rate"))) {
                if (want_uint(v, "min_tx_rate", UINT32_MAX, &vf->min_tx_rate, e) < 0)
                        return -1;
                vf->mask |= SRIOV_VF_CONFIG_MIN_TX_RATE;
        }
        if ((v = get(root, "max_tx_rate"))) {
                if (want_uint(v, "max_tx_rate", UINT32_MAX, &vf->max_tx_rate, e) < 0)
                        return -1;
                vf->mask |= SRIOV_VF_CONFIG_MAX_TX_RATE;
        }
        /* As sriov-cni, which sets the two together: the one not given is 0 (no limit), not
         * what the VF had. */
        if (vf->mask & (SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE))
                vf->mask |= SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE;
        if ((vf->mask & SRIOV_VF_CONFIG_MIN_TX_RATE) && vf->max_tx_rate &&
            vf->min_tx_rate > vf->max_tx_rate)
                return cni_fail(e, CNI_ERR_CONFIG, "config: min_tx_rate %u: above max_tx_rate %u",
                                vf->min_tx_rate, vf->max_tx_rate);
        return 0;
}

/* ipam.type names a plugin in CNI_PATH: a file name, never a path, never this plugin (which
 * would run itself as its own IPAM, again and again). "" is no IPAM, as in sriov-cni. */
static int check_ipam_type(const char *type, struct cni_error *e)
{
        if (type[0] == '.' || strchr(type, '/'))
                return cni_fail(e, CNI_ERR_CONFIG, "config: ipam.type \"%s\": a plugin name, not "
                                "a path", type);
        for (const unsigned char *p = (const unsigned char *)type; *p; p++)
                if (*p <= ' ' || *p >= 0x7f)
                        return cni_fail(e, CNI_ERR_CONFIG, "config: ipam.type: a space, control "
                                        "or non-ASCII character at offset %zu: a plugin name is "
                                        "printable ASCII", (size_t)(p - (const unsigned char *)type));
        if (strcmp(type, "libsriov-cni") == 0)
                return cni_fail(e, CNI_ERR_CONFIG, "config: ipam.type \"%s\": this plugin itself; "
                                "IPAM is another plugin (host-local, static, dhcp, ...)", type);
        return 0;
}

static int parse_valid_attachments(struct json_object *list, const char *key, struct cni_conf *c,
                                   struct cni_error *e)
{
        size_t n;

        if (!json_object_is_type(list, json_type_array))
                return cni_fail(e, CNI_ERR_CONFIG, "config: %s: expected an array", key);
        n = json_object_array_length(list);
        c->valid = calloc(n ? n : 1, sizeof(*c->valid));
        if (!c->valid)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        c->have_valid = true;
        for (size_t i = 0; i < n; i++) {
                struct json_object *a = json_object_array_get_idx(list, i);
                struct json_object *id = get(a, "containerID"), *ifn = get(a, "ifname");

                if (!json_object_is_type(id, json_type_string) ||
                    !json_object_is_type(ifn, json_type_string))
                        return cni_fail(e, CNI_ERR_CONFIG, "config: %s[%zu]: expected "
                                        "containerID and ifname strings", key, i);
                c->valid[i].container_id = strdup(json_object_get_string(id));
                c->valid[i].ifname = strdup(json_object_get_string(ifn));
                c->n_valid = i + 1;
                if (!c->valid[i].container_id || !c->valid[i].ifname)
                        return cni_fail(e, CNI_ERR_IO, "out of memory");
        }
        return 0;
}

static int parse_result_object(struct json_object *o, struct cni_result *r, struct cni_error *e);

/* @text as one JSON object (trailing whitespace is fine); NULL with @e set when it is not. */
static struct json_object *parse_document(const char *text, size_t len, struct cni_error *e)
{
        struct json_tokener *tok = json_tokener_new();
        struct json_object *root;

        if (!tok) {
                cni_fail(e, CNI_ERR_IO, "out of memory");
                return NULL;
        }
        root = json_tokener_parse_ex(tok, text, (int)len);
        if (!root || json_tokener_get_error(tok) != json_tokener_success ||
            tok->char_offset != (int)len) {
                /* Trailing whitespace is fine; anything else is not one JSON value. */
                size_t at = (size_t)tok->char_offset;

                while (root && at < len && strchr(" \t\r\n", text[at]))
                        at++;
                if (!root || at != len) {
                        cni_fail(e, CNI_ERR_DECODE, "config: not a JSON object: %s at byte %zu",
                                 json_tokener_error_desc(json_tokener_get_error(tok)), at);
                        json_object_put(root);
                        root = NULL;
                }
        }
        json_tokener_free(tok);
        if (root && !json_object_is_type(root, json_type_object)) {
                cni_fail(e, CNI_ERR_DECODE, "config: not a JSON object");
                json_object_put(root);
                root = NULL;
        }
        return root;
}

/* @c emptied, its raw text set, and @text's object. */
static struct json_object *conf_document(const char *text, size_t len, struct cni_conf *c,
                                         struct cni_error *e)
{
        memset(c, 0, sizeof(*c));
        c->raw = text;
        c->raw_len = len;
        return parse_document(text, len, e);
}

/* What the CNI library itself checks of every config, before a plugin sees it (skel): the
 * version, and the network name. A missing or "" cniVersion is 0.1.0, as its ConfigDecoder
 * takes it (types/create). */
static int parse_identity(struct json_object *root, struct cni_conf *c, struct cni_error *e)
{
        struct json_object *v = get(root, "cniVersion");

        if (v && want_string(v, "cniVersion", c->cni_version, sizeof(c->cni_version), e) < 0)
                return -1;
        if (!c->cni_version[0])
                snprintf(c->cni_version, sizeof(c->cni_version), "0.1.0");
        if (!cni_version_supported(c->cni_version))
                return cni_fail(e, CNI_ERR_VERSION, "config: cniVersion \"%s\": not supported "
                                "(0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0 and 1.1.0 are)",
                                c->cni_version);
        if (!(v = get(root, "name")) || want_string(v, "name", c->name, sizeof(c->name), e) < 0)
                return cni_fail(e, CNI_ERR_CONFIG, "config: name is missing");
        /* The CNI library's rule, which a runtime applies to the list it reads this from. */
        if (!cni_name_is_valid(c->name))
                return cni_fail(e, CNI_ERR_CONFIG, "config: name \"%s\": not a network name (a "
                                "letter or digit, then letters, digits, '-', '_' and '.')",
                                c->name);
        return 0;
}

/* The ipam section: "" type or {} is no IPAM. */
static int parse_ipam(struct json_object *root, struct cni_conf *c, struct cni_error *e)
{
        struct json_object *v = get(root, "ipam"), *t;

        if (v && !json_object_is_type(v, json_type_object))
                return cni_fail(e, CNI_ERR_CONFIG, "config: ipam %s: expected an object",
                                json_object_to_json_string(v));
        if (!v || json_object_object_length(v) == 0)
                return 0;
        t = get(v, "type");
        if (!t || want_string(t, "ipam.type", c->ipam_type, sizeof(c->ipam_type), e) < 0) {
                c->ipam_type[0] = '\0';
                return cni_fail(e, CNI_ERR_CONFIG, "config: ipam.type is missing");
        }
        if (check_ipam_type(c->ipam_type, e) < 0) {
                c->ipam_type[0] = '\0';
                return -1;
        }
        return 0;
}

/*
 * DEL's config: DEL must give back what ADD took whatever the config says by now (a NAD
 * edited since, into something ADD would refuse), so only what the CNI library refuses before
 * any plugin is refused: not JSON, a name missing or bad, an unknown version. The rest is not
 * checked; of it DEL needs only the IPAM plugin, and an ipam section it cannot use is noted in
 * ipam_problem for cni_del() to say, after the VF is given back.
 */
int cni_conf_parse_del(const char *text, size_t len, struct cni_conf *c, struct cni_error *e)
{
        struct json_object *root;
        struct cni_error ipam = { 0 };
        int r = -1;

        root = conf_document(text, len, c, e);
        if (!root)
                return -1;
        if (parse_identity(root, c, e) < 0)
                goto out;
        if (parse_ipam(root, c, &ipam) < 0)
                snprintf(c->ipam_problem, sizeof(c->ipam_problem), "%.191s", ipam.msg);
        r = 0;
out:
        json_object_put(root);
        return r;
}

int cni_conf_parse(const char *text, size_t len, struct cni_conf *c, struct cni_error *e)
{
        struct json_object *root, *v, *rc;
        char mode[16];
        int r = -1;

        root = conf_document(text, len, c, e);
        if (!root)
                return -1;
        if (refuse_ambiguous_keys(root, "(top)", e) < 0)
                goto out;
        /* A runtime hands each plugin of a list its own config; a list here is a mistake
         * that would otherwise run with every key of ours missing. */
        if (get(root, "plugins")) {
                cni_fail(e, CNI_ERR_CONFIG, "config: \"plugins\": a network configuration list; "
                         "libsriov-cni takes one plugin's config (the runtime splits the list)");
                goto out;
        }
        if (parse_identity(root, c, e) < 0)
                goto out;
        if ((v = get(root, "deviceID")) && want_pci(v, "deviceID", c->device_id, e) < 0)
                goto out;
        rc = get(root, "runtimeConfig");
        if ((v = get(rc, "deviceID")) && want_pci(v, "runtimeConfig.deviceID", c->device_id, e) < 0)
                goto out;
        if ((v = get(root, "pf")) && want_string(v, "pf", c->pf, sizeof(c->pf), e) < 0)
                goto out;
        if ((v = get(root, "mode"))) {
                if (want_string(v, "mode", mode, sizeof(mode), e) < 0)
                        goto out;
                if (strcmp(mode, "vfio") != 0 && strcmp(mode, "netdev") != 0) {
                        cni_fail(e, CNI_ERR_CONFIG, "config: mode \"%s\": expected \"netdev\" or "
                                 "\"vfio\"", mode);
                        goto out;
                }
                c->vfio = strcmp(mode, "vfio") == 0;
                c->mode_given = true;
        }
        if (parse_vf_settings(root, &c->vf, e) < 0)
                goto out;
        /* runtimeConfig.mac (the "mac" capability) wins over the config's, as in sriov-cni. */
        if ((v = get_set(rc, "mac"))) {
                if (want_mac(v, "runtimeConfig.mac", c->vf.mac, e) < 0)
                        goto out;
                c->vf.mask |= SRIOV_VF_CONFIG_MAC;
                c->runtime_mac = true;
        }
        if ((v = get(root, "mtu")) && want_uint(v, "mtu", 65535, &c->mtu, e) < 0)
                goto out;
        if (c->mtu && c->mtu < 68) {
                cni_fail(e, CNI_ERR_CONFIG, "config: mtu %u: below 68, the least IPv4 allows",
                         c->mtu);
                goto out;
        }
        if (parse_ipam(root, c, e) < 0)
                goto out;
        if ((v = get(root, "prevResult"))) {
                c->have_prev = true;
                if (parse_result_object(v, &c->prev, e) < 0)
                        goto out;
        }
        if ((v = get(root, "cni.dev/valid-attachments")) &&
            parse_valid_attachments(v, "cni.dev/valid-attachments", c, e) < 0)
                goto out;
        /* The spelling of some runtimes; the spec's wins when both are there. */
        if (!v && (v = get(root, "cni.dev/attachments")) &&
            parse_valid_attachments(v, "cni.dev/attachments", c, e) < 0)
                goto out;
        r = 0;
out:
        json_object_put(root);
        return r;
}

int cni_conf_apply_args(struct cni_conf *c, const char *text, struct cni_error *e)
{
        struct cni_args args;
        uint8_t mac[6];

        if (cni_args_parse(text, &args, e) < 0)
                return -1;
        if (!args.have_mac || !args.mac[0] || c->runtime_mac)
                return 0;
        if (sriov_mac_parse(args.mac, mac) < 0 || sriov_mac_is_multicast(mac) ||
            sriov_mac_is_zero(mac))
                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS MAC \"%s\": not a unicast MAC address",
                                args.mac);
        memcpy(c->vf.mac, mac, 6);
        c->vf.mask |= SRIOV_VF_CONFIG_MAC;
        return 0;
}

void cni_conf_free(struct cni_conf *c)
{
        for (size_t i = 0; i < c->n_valid; i++) {
                free(c->valid[i].container_id);
                free(c->valid[i].ifname);
        }
        free(c->valid);
        cni_result_free(&c->prev);
}

/* "192.0.2.10/24" or "2001:db8::1" style text, for the fields we hand to netlink. */
static int copy_addr(struct json_object *v, const char *what, char *buf, size_t size,
                     struct cni_error *e)
{
        if (!json_object_is_type(v, json_type_string) ||
            strlen(json_object_get_string(v)) >= size ||
            strspn(json_object_get_string(v), "0123456789abcdefABCDEF.:/") !=
                    strlen(json_object_get_string(v)))
                return cni_fail(e, CNI_ERR_IPAM, "result: %s %s: not an IP address", what,
                                json_object_to_json_string(v));
        snprintf(buf, size, "%s", json_object_get_string(v));
        return 0;
}

/* A result of CNI 0.1.0 or 0.2.0 (an IPAM plugin's, for a config of that version): "ip4" and
 * "ip6", each {"ip", "gateway", "routes"}, taken as the CNI library converts them to 0.3.0 on
 * (types/040 convertFrom02x): an IP each, the routes after. */
static int parse_result_020(struct json_object *o, struct cni_result *r, struct cni_error *e)
{
        static const char *const families[] = { "ip4", "ip6" };

        for (size_t f = 0; f < 2; f++) {
                struct json_object *ipc = get(o, families[f]), *v, *routes;
                struct cni_ip *out = &r->ips[r->n_ips];
                char what[32];

                if (!ipc)
                        continue;
                if (!json_object_is_type(ipc, json_type_object))
                        return cni_fail(e, CNI_ERR_IPAM, "result: %s %s: expected an object",
                                        families[f], json_object_to_json_string(ipc));
                snprintf(what, sizeof(what), "%s.ip", families[f]);
                if (copy_addr(get(ipc, "ip"), what, out->address, sizeof(out->address), e) < 0)
                        return -1;
                snprintf(what, sizeof(what), "%s.gateway", families[f]);
                if ((v = get(ipc, "gateway")) &&
                    copy_addr(v, what, out->gateway, sizeof(out->gateway), e) < 0)
                        return -1;
                out->interface = -1;
                r->n_ips++;
                routes = get(ipc, "routes");
                if (routes && !json_object_is_type(routes, json_type_array))
                        return cni_fail(e, CNI_ERR_IPAM, "result: %s.routes %s: expected an array",
                                        families[f], json_object_to_json_string(routes));
                for (size_t i = 0; routes && i < json_object_array_length(routes); i++) {
                        struct json_object *rt = json_object_array_get_idx(routes, i);
                        struct cni_route *ro = &r->routes[r->n_routes];

                        if (r->n_routes == CNI_MAX_ROUTES)
                                return cni_fail(e, CNI_ERR_IPAM, "result: more than %d routes",
                                                CNI_MAX_ROUTES);
                        if (copy_addr(get(rt, "dst"), "routes.dst", ro->dst, sizeof(ro->dst), e) < 0)
                                return -1;
                        if ((v = get(rt, "gw")) &&
                            copy_addr(v, "routes.gw", ro->gw, sizeof(ro->gw), e) < 0)
                                return -1;
                        r->n_routes++;
                }
        }
        return 0;
}

static int parse_result_object(struct json_object *o, struct cni_result *r, struct cni_error *e)
{
        struct json_object *ips = get(o, "ips"), *routes = get(o, "routes");
        struct json_object *ifs = get(o, "interfaces"), *dns = get(o, "dns");

        memset(r, 0, sizeof(*r));
        if (!json_object_is_type(o, json_type_object))
                return cni_fail(e, CNI_ERR_DECODE, "result: not a JSON object");
        /* json-c asserts on the array calls of anything else: an IPAM plugin's word is not
         * trusted with our process. */
        if (ips && !json_object_is_type(ips, json_type_array))
                return cni_fail(e, CNI_ERR_IPAM, "result: ips %s: expected an array",
                                json_object_to_json_string(ips));
        if (routes && !json_object_is_type(routes, json_type_array))
                return cni_fail(e, CNI_ERR_IPAM, "result: routes %s: expected an array",
                                json_object_to_json_string(routes));
        if (json_object_is_type(ifs, json_type_array) && json_object_array_length(ifs) > 0) {
                struct json_object *i0 = json_object_array_get_idx(ifs, 0), *v;

                r->have_interface = true;
                if ((v = get(i0, "name")) && json_object_is_type(v, json_type_string))
                        snprintf(r->ifname, sizeof(r->ifname), "%s", json_object_get_string(v));
                if ((v = get(i0, "mac")) && json_object_is_type(v, json_type_string))
                        r->have_mac = sriov_mac_parse(json_object_get_string(v), r->mac) == 0;
                if ((v = get(i0, "sandbox")) && json_object_is_type(v, json_type_string))
                        snprintf(r->sandbox, sizeof(r->sandbox), "%s", json_object_get_string(v));
                if ((v = get(i0, "pciID")) && json_object_is_type(v, json_type_string))
                        snprintf(r->pci, sizeof(r->pci), "%s", json_object_get_string(v));
        }
        if (!ips && (get(o, "ip4") || get(o, "ip6")) && parse_result_020(o, r, e) < 0)
                return -1;
        for (size_t i = 0; ips && i < json_object_array_length(ips); i++) {
                struct json_object *ip = json_object_array_get_idx(ips, i), *v;
                struct cni_ip *out = &r->ips[r->n_ips];

                if (r->n_ips == CNI_MAX_IPS)
                        return cni_fail(e, CNI_ERR_IPAM, "result: more than %d ips", CNI_MAX_IPS);
                if (copy_addr(get(ip, "address"), "ips.address", out->address,
                              sizeof(out->address), e) < 0)
                        return -1;
                if ((v = get(ip, "gateway")) &&
                    copy_addr(v, "ips.gateway", out->gateway, sizeof(out->gateway), e) < 0)
                        return -1;
                v = get(ip, "interface");
                if (v && !json_object_is_type(v, json_type_int))
                        return cni_fail(e, CNI_ERR_IPAM, "result: ips.interface %s: expected a "
                                        "whole number", json_object_to_json_string(v));
                out->interface = v ? json_object_get_int(v) : -1;
                r->n_ips++;
        }
        for (size_t i = 0; routes && i < json_object_array_length(routes); i++) {
                struct json_object *rt = json_object_array_get_idx(routes, i), *v;
                struct cni_route *out = &r->routes[r->n_routes];

                if (r->n_routes == CNI_MAX_ROUTES)
                        return cni_fail(e, CNI_ERR_IPAM, "result: more than %d routes",
                                        CNI_MAX_ROUTES);
                if (copy_addr(get(rt, "dst"), "routes.dst", out->dst, sizeof(out->dst), e) < 0)
                        return -1;
                if ((v = get(rt, "gw")) && copy_addr(v, "routes.gw", out->gw, sizeof(out->gw), e) < 0)
                        return -1;
                r->n_routes++;
        }
        if (dns && !(r->dns_json = strdup(json_object_to_json_string_ext(dns, JSON_C_TO_STRING_PLAIN))))
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        return 0;
}

int cni_result_parse(const char *text, struct cni_result *r, struct cni_error *e)
{
        struct json_object *o = json_tokener_parse(text);
        int ret;

        if (!o) {
                memset(r, 0, sizeof(*r));
                return cni_fail(e, CNI_ERR_IPAM, "result: not JSON: \"%.200s\"", text);
        }
        ret = parse_result_object(o, r, e);
        json_object_put(o);
        return ret;
}

void cni_result_free(struct cni_result *r)
{
        free(r->dns_json);
        r->dns_json = NULL;
}

/* ---- writing ---------------------------------------------------------------------------------- */

static char *finish(struct json_object *o)
{
        char *s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE));

        json_object_put(o);
        return s;
}

/* The first IP of a family (0.2.0 has one of each) with the routes of that family, as the
 * CNI library's types/040 convertTo02x writes it; NULL when the family has none. */
static struct json_object *ip_config_020(const struct cni_result *r, bool v6)
{
        struct json_object *o = NULL, *routes;

        for (size_t k = 0; k < r->n_ips && !o; k++) {
                if ((strchr(r->ips[k].address, ':') != NULL) != v6)
                        continue;
                o = json_object_new_object();
                json_object_object_add(o, "ip", json_object_new_string(r->ips[k].address));
                if (r->ips[k].gateway[0])
                        json_object_object_add(o, "gateway",
                                               json_object_new_string(r->ips[k].gateway));
        }
        if (!o)
                return NULL;
        routes = json_object_new_array();
        for (size_t k = 0; k < r->n_routes; k++) {
                struct json_object *rt;

                if ((strchr(r->routes[k].dst, ':') != NULL) != v6)
                        continue;
                rt = json_object_new_object();
                json_object_object_add(rt, "dst", json_object_new_string(r->routes[k].dst));
                if (r->routes[k].gw[0])
                        json_object_object_add(rt, "gw", json_object_new_string(r->routes[k].gw));
                json_object_array_add(routes, rt);
        }
        if (json_object_array_length(routes))
                json_object_object_add(o, "routes", routes);
        else
                json_object_put(routes);
        return o;
}

/* CNI 0.1.0 and 0.2.0: {"cniVersion", "ip4", "ip6", "dns"}, no interfaces, no ips. The CNI
 * library refuses to write one without an IP ("cannot convert: no valid IP addresses"), and so
 * fails sriov-cni's ADD of such a config without IPAM; a result without ip4 and ip6 is what
 * it reads back (types/020 NewResult), so that is written instead. */
static char *result_format_020(const char *version, const struct cni_result *r)
{
        struct json_object *o = json_object_new_object(), *ip;

        json_object_object_add(o, "cniVersion", json_object_new_string(version));
        if ((ip = ip_config_020(r, false)))
                json_object_object_add(o, "ip4", ip);
        if ((ip = ip_config_020(r, true)))
                json_object_object_add(o, "ip6", ip);
        json_object_object_add(o, "dns", r->dns_json ? json_tokener_parse(r->dns_json)
                                                     : json_object_new_object());
        return finish(o);
}

char *cni_result_format(const char *version, const struct cni_result *r)
{
        struct json_object *o = json_object_new_object(), *ifs = json_object_new_array();
        struct json_object *ips = json_object_new_array(), *routes = json_object_new_array();
        bool old = !cni_version_at_least(version, "1.0.0");
        char mac[SRIOV_MAC_TEXT_MAX];

        if (!cni_version_at_least(version, "0.3.0")) {
                json_object_put(o);
                json_object_put(ifs);
                json_object_put(ips);
                json_object_put(routes);
                return result_format_020(version, r);
        }

        json_object_object_add(o, "cniVersion", json_object_new_string(version));
        if (r->have_interface) {
                struct json_object *i = json_object_new_object();

                json_object_object_add(i, "name", json_object_new_string(r->ifname));
                if (r->have_mac)
                        json_object_object_add(i, "mac",
                                               json_object_new_string(sriov_mac_format(r->mac, mac)));
                json_object_object_add(i, "sandbox", json_object_new_string(r->sandbox));
                if (r->pci[0])
                        json_object_object_add(i, "pciID", json_object_new_string(r->pci));
                json_object_array_add(ifs, i);
        }
        json_object_object_add(o, "interfaces", ifs);
        for (size_t k = 0; k < r->n_ips; k++) {
                struct json_object *ip = json_object_new_object();

                if (old)
                        json_object_object_add(ip, "version", json_object_new_string(
                                                       strchr(r->ips[k].address, ':') ? "6" : "4"));
                json_object_object_add(ip, "address", json_object_new_string(r->ips[k].address));
                if (r->ips[k].gateway[0])
                        json_object_object_add(ip, "gateway",
                                               json_object_new_string(r->ips[k].gateway));
                if (r->ips[k].interface >= 0)
                        json_object_object_add(ip, "interface",
                                               json_object_new_int(r->ips[k].interface));
                json_object_array_add(ips, ip);
        }
        json_object_object_add(o, "ips", ips);
        for (size_t k = 0; k < r->n_routes; k++) {
                struct json_object *rt = json_object_new_object();

                json_object_object_add(rt, "dst", json_object_new_string(r->routes[k].dst));
                if (r->routes[k].gw[0])
                        json_object_object_add(rt, "gw", json_object_new_string(r->routes[k].gw));
                json_object_array_add(routes, rt);
        }
        json_object_object_add(o, "routes", routes);
        json_object_object_add(o, "dns", r->dns_json ? json_tokener_parse(r->dns_json)
                                                     : json_object_new_object());
        return finish(o);
}

char *cni_error_format(const char *version, const struct cni_error *e)
{
        struct json_object *o = json_object_new_object();

        json_object_object_add(o, "cniVersion", json_object_new_string(version));
        json_object_object_add(o, "code", json_object_new_int(e->code));
        json_object_object_add(o, "msg", json_object_new_string(e->msg));
        if (e->details[0])
                json_object_object_add(o, "details", json_object_new_string(e->details));
        return finish(o);
}

char *cni_version_format(const char *version)
{
        struct json_object *o = json_object_new_object(), *a = json_object_new_array();

        json_object_object_add(o, "cniVersion", json_object_new_string(version));
        for (const char *const *s = versions; *s; s++)
                json_object_array_add(a, json_object_new_string(*s));
        json_object_object_add(o, "supportedVersions", a);
        return finish(o);
}

/* ---- errors ------------------------------------------------------------------------------------ */

int cni_fail(struct cni_error *e, int code, const char *fmt, ...)
{
        va_list ap;

        if (e->code)
                return -1;
        e->code = code;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
        va_end(ap);
        return -1;
}

void cni_detail(struct cni_error *e, const char *fmt, ...)
{
        size_t n = strlen(e->details);
        va_list ap;

        if (n + 3 >= sizeof(e->details))
                return;
        if (n)
                n += (size_t)snprintf(e->details + n, sizeof(e->details) - n, "; ");
        va_start(ap, fmt);
        vsnprintf(e->details + n, sizeof(e->details) - n, fmt, ap);
        va_end(ap);
}
