/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The node's policy file, parsed strictly (libsriov-cni(8), POLICY): an unknown key, a key
 * given twice, a wrong type, a number out of range or a range backwards is an error naming its
 * JSON path, never a rule read as "anything goes". A rule's keys left out stay "not given"
 * (-1, an empty list not given): policy.c decides what that means for a namespace's rule (deny)
 * and a network's (no narrowing).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ifname.h"
#include "parse-num.h"
#include "policy.h"

const struct policy_allow policy_allows[ALLOW_COUNT] = {
        [ALLOW_TRUST] = { "allow_trust", "trust on" },
        [ALLOW_SPOOFCHK_OFF] = { "allow_spoofchk_off", "spoofchk off" },
        [ALLOW_VFIO] = { "allow_vfio", "vfio mode (the VF on vfio-pci, for a VM or DPDK)" },
        [ALLOW_MAC] = { "allow_mac", "a MAC of its own (mac or runtimeConfig.mac)" },
        [ALLOW_LINK_STATE] = { "allow_link_state", "link_state" },
        [ALLOW_8021AD] = { "allow_vlan_proto_8021ad", "vlanProto 802.1ad" },
};

/* ---- parsing ---------------------------------------------------------------------------------- */

struct parser {
        const char *source;
        struct cni_error *e;
};

static int bad(struct parser *ps, const char *path, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static int bad(struct parser *ps, const char *path, const char *fmt, ...)
{
        char why[512];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(why, sizeof(why), fmt, ap);
        va_end(ap);
        return cni_fail(ps->e, CNI_ERR_POLICY, "policy %s: %s: %s; every ADD is refused until "
                        "it is fixed", ps->source, path, why);
}

static const char *json_text(struct json_object *v)
{
        return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

/* A JSON path into @out (POLICY_PATH_MAX): cut short rather than refused when it is long. */
static const char *at_path(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *at_path(char *out, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(out, POLICY_PATH_MAX, fmt, ap);
        va_end(ap);
        return out;
}

/* Each key of @o one of @keys (NULL-terminated). */
static int known_keys(struct parser *ps, struct json_object *o, const char *path,
                      const char *const *keys)
{
        json_object_object_foreach(o, key, val) {
                const char *const *k = keys;
                char list[384] = "";
                size_t n = 0;

                (void)val;
                while (*k && strcmp(*k, key) != 0)
                        k++;
                if (*k)
                        continue;
                for (k = keys; *k && n < sizeof(list); k++)
                        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
                                              k == keys ? "" : ", ", *k);
                return bad(ps, path, "unknown key \"%.64s\" (the keys here: %s)", key, list);
        }
        return 0;
}

static int want_type(struct parser *ps, struct json_object *v, const char *path, json_type t,
                     const char *what)
{
        if (!json_object_is_type(v, t))
                return bad(ps, path, "expected %s, got %.64s", what, json_text(v));
        return 0;
}

/* An array of at most POLICY_MAX_LIST entries: room for them (@size each), their number in @n;
 * NULL on failure. */
static void *want_array(struct parser *ps, struct json_object *v, const char *path, size_t size,
                        size_t *n)
{
        void *room;

        if (want_type(ps, v, path, json_type_array, "an array") < 0)
                return NULL;
        *n = json_object_array_length(v);
        if (*n > POLICY_MAX_LIST) {
                bad(ps, path, "more than %d entries", POLICY_MAX_LIST);
                return NULL;
        }
        room = calloc(*n ? *n : 1, size);
        if (!room)
                bad(ps, path, "out of memory");
        return room;
}

/* "A-B", or a JSON number, within 0-@max. */
static int parse_range(struct parser *ps, struct json_object *v, const char *path, uint32_t max,
                       struct range *r)
{
        char first[16], *dash;
        const char *s;
        uint64_t a, b;

        if (json_object_is_type(v, json_type_int)) {
                int64_t n = json_object_get_int64(v);

                if (n < 0 || n > max)
                        return bad(ps, path, "%lld: out of range 0-%u", (long long)n, max);
                r->first = r->last = (uint32_t)n;
                return 0;
        }
        if (!json_object_is_type(v, json_type_string))
                return bad(ps, path, "expected a number or a range \"FIRST-LAST\", got %.64s",
                           json_text(v));
        s = json_object_get_string(v);
        dash = strchr(s, '-');
        if (!dash || (size_t)(dash - s) >= sizeof(first))
                return bad(ps, path, "\"%.64s\": expected a range \"FIRST-LAST\" (a single one "
                           "is a JSON number)", s);
        memcpy(first, s, (size_t)(dash - s));
        first[dash - s] = '\0';
        if (sriov_parse_uint(first, max, &a) < 0 || sriov_parse_uint(dash + 1, max, &b) < 0)
                return bad(ps, path, "\"%.64s\": expected a range \"FIRST-LAST\" of numbers "
                           "0-%u", s, max);
        if (a > b)
                return bad(ps, path, "\"%.64s\": its first number is above its last", s);
        r->first = (uint32_t)a;
        r->last = (uint32_t)b;
        return 0;
}

static int parse_ranges(struct parser *ps, struct json_object *v, const char *path, uint32_t max,
                        struct ranges *out)
{
        size_t n;

        out->given = true;
        out->v = want_array(ps, v, path, sizeof(*out->v), &n);
        if (!out->v)
                return -1;
        for (size_t i = 0; i < n; i++) {
                char at[POLICY_PATH_MAX];

                at_path(at, "%s[%zu]", path, i);
                if (parse_range(ps, json_object_array_get_idx(v, i), at, max, &out->v[i]) < 0)
                        return -1;
                out->n = i + 1;
        }
        return 0;
}

static int parse_names(struct parser *ps, struct json_object *v, const char *path, bool pfs,
                       struct names *out)
{
        size_t n;

        out->given = true;
        out->v = want_array(ps, v, path, sizeof(*out->v), &n);
        if (!out->v)
                return -1;
        for (size_t i = 0; i < n; i++) {
                struct json_object *x = json_object_array_get_idx(v, i);
                char at[POLICY_PATH_MAX];
                const char *s;

                at_path(at, "%s[%zu]", path, i);
                if (want_type(ps, x, at, json_type_string, "a string") < 0)
                        return -1;
                s = json_object_get_string(x);
                if (pfs && strcmp(s, "*") == 0) {
                        if (n != 1)
                                return bad(ps, at, "\"*\" (any PF) is alone in its list or not "
                                           "there");
                        out->any = true;
                } else if (sriov_pci_addr_canonical(s, out->v[out->n]) < 0) {
                        if (!pfs)
                                return bad(ps, at, "\"%.64s\": not a PCI address (0000:01:10.0)", s);
                        if (!sriov_ifname_valid(s))
                                return bad(ps, at, "\"%.64s\": neither a PCI address "
                                           "(0000:01:00.0) nor a netdev name", s);
                        snprintf(out->v[out->n], sizeof(out->v[0]), "%s", s);
                }
                out->n += !out->any;
        }
        return 0;
}

static int parse_limit(struct parser *ps, struct json_object *v, const char *path, int64_t *ret)
{
        int64_t n;

        if (want_type(ps, v, path, json_type_int, "a whole number (Mbit/s)") < 0)
                return -1;
        n = json_object_get_int64(v);
        if (n < 0 || n > UINT32_MAX)
                return bad(ps, path, "%lld: out of range 0-%u", (long long)n, UINT32_MAX);
        *ret = n;
        return 0;
}

/* A network's name as the config may give one: letters, digits, '-', '_', '.'. */
static bool network_name_valid(const char *s)
{
        size_t n = strlen(s);

        return n > 0 && n < 128 &&
               strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == n;
}

static int parse_rule(struct parser *ps, struct json_object *o, const char *path, bool top,
                      int depth, struct rule *r);

static int parse_networks(struct parser *ps, struct json_object *o, const char *path,
                          int depth, struct rule *r)
{
        size_t i = 0;

        if (want_type(ps, o, path, json_type_object, "an object of network names") < 0)
                return -1;
        if (json_object_object_length(o) > POLICY_MAX_LIST)
                return bad(ps, path, "more than %d networks", POLICY_MAX_LIST);
        r->has_networks = true;
        r->networks = calloc((size_t)json_object_object_length(o) + 1, sizeof(*r->networks));
        if (!r->networks)
                return bad(ps, path, "out of memory");
        json_object_object_foreach(o, name, val) {
                struct network_rule *n = &r->networks[i];
                char at[POLICY_PATH_MAX];

                at_path(at, "%s[\"%.127s\"]", path, name);
                if (strcmp(name, "*") != 0 && !network_name_valid(name))
                        return bad(ps, at, "not a network name (letters, digits, '-', '_' and "
                                   "'.', at most 127) nor \"*\"");
                snprintf(n->name, sizeof(n->name), "%s", name);
                r->n_networks = ++i;
                if (parse_rule(ps, val, at, false, depth + 1, &n->rule) < 0)
                        return -1;
        }
        return 0;
}

static int parse_rule(struct parser *ps, struct json_object *o, const char *path, bool top,
                      int depth, struct rule *r)
{
        static const char *const keys[] = {
                "pfs", "vfs", "vlans", "vlan_qos", "min_tx_rate_max", "max_tx_rate_max",
                "allow_trust", "allow_spoofchk_off", "allow_vfio", "allow_mac", "allow_link_state",
                "allow_vlan_proto_8021ad", "networks", NULL,
        };
        struct json_object *v;
        char at[POLICY_PATH_MAX];

        at_path(r->path, "%s", path);
        r->min_tx_rate_max = r->max_tx_rate_max = -1;
        for (int a = 0; a < ALLOW_COUNT; a++)
                r->allow[a] = -1;
        if (depth > POLICY_MAX_DEPTH ||
            want_type(ps, o, path, json_type_object, "an object (a rule)") < 0 ||
            known_keys(ps, o, path, keys) < 0)
                return -1;
#define AT(key) at_path(at, "%s.%s", path, key)
        if (json_object_object_get_ex(o, "pfs", &v) &&
            parse_names(ps, v, AT("pfs"), true, &r->pfs) < 0)
                return -1;
        if (json_object_object_get_ex(o, "vfs", &v) &&
            parse_names(ps, v, AT("vfs"), false, &r->vfs) < 0)
                return -1;
        if (json_object_object_get_ex(o, "vlans", &v) &&
            parse_ranges(ps, v, AT("vlans"), 4094, &r->vlans) < 0)
                return -1;
        if (json_object_object_get_ex(o, "vlan_qos", &v) &&
            parse_ranges(ps, v, AT("vlan_qos"), 7, &r->vlan_qos) < 0)
                return -1;
        if (json_object_object_get_ex(o, "min_tx_rate_max", &v) &&
            parse_limit(ps, v, AT("min_tx_rate_max"), &r->min_tx_rate_max) < 0)
                return -1;
        if (json_object_object_get_ex(o, "max_tx_rate_max", &v) &&
            parse_limit(ps, v, AT("max_tx_rate_max"), &r->max_tx_rate_max) < 0)
                return -1;
        for (int a = 0; a < ALLOW_COUNT; a++) {
                if (!json_object_object_get_ex(o, policy_allows[a].key, &v))
                        continue;
                if (want_type(ps, v, AT(policy_allows[a].key), json_type_boolean,
                              "true or false") < 0)
                        return -1;
                r->allow[a] = json_object_get_boolean(v);
        }
        if (json_object_object_get_ex(o, "networks", &v)) {
                if (!top)
                        return bad(ps, AT("networks"), "a network's rule has no networks of its "
                                   "own");
                if (parse_networks(ps, v, AT("networks"), depth, r) < 0)
                        return -1;
        }
#undef AT
        return 0;
}

static int parse_namespaces(struct parser *ps, struct json_object *o, struct cni_policy *p)
{
        size_t i = 0;

        if (want_type(ps, o, "$.namespaces", json_type_object, "an object of namespaces") < 0)
                return -1;
        if (json_object_object_length(o) > POLICY_MAX_LIST)
                return bad(ps, "$.namespaces", "more than %d namespaces", POLICY_MAX_LIST);
        p->namespaces = calloc((size_t)json_object_object_length(o) + 1, sizeof(*p->namespaces));
        if (!p->namespaces)
                return bad(ps, "$.namespaces", "out of memory");
        json_object_object_foreach(o, name, val) {
                struct namespace_rule *n = &p->namespaces[i];
                char at[POLICY_PATH_MAX];

                at_path(at, "$.namespaces[\"%.63s%s\"]", name,
                         strlen(name) > 63 ? "..." : "");
                if (!cni_k8s_label_valid(name))
                        return bad(ps, at, "not a Kubernetes namespace name (lowercase letters, "
                                   "digits and '-', at most 63)");
                snprintf(n->name, sizeof(n->name), "%s", name);
                p->n_namespaces = ++i;
                if (parse_rule(ps, val, at, true, 1, &n->rule) < 0)
                        return -1;
        }
        return 0;
}

static int parse_reserved(struct parser *ps, struct json_object *o, struct cni_policy *p)
{
        const char *path = "$.reserved_networks";
        size_t i = 0;

        if (want_type(ps, o, path, json_type_object, "an object of network names") < 0)
                return -1;
        if (json_object_object_length(o) > POLICY_MAX_LIST)
                return bad(ps, path, "more than %d networks", POLICY_MAX_LIST);
        p->reserved = calloc((size_t)json_object_object_length(o) + 1, sizeof(*p->reserved));
        if (!p->reserved)
                return bad(ps, path, "out of memory");
        json_object_object_foreach(o, name, val) {
                struct reservation *r = &p->reserved[i];
                char at[POLICY_PATH_MAX];
                size_t n;

                at_path(at, "%s[\"%.127s\"]", path, name);
                if (!network_name_valid(name))
                        return bad(ps, at, "not a network name (letters, digits, '-', '_' and "
                                   "'.', at most 127)");
                snprintf(r->network, sizeof(r->network), "%s", name);
                p->n_reserved = ++i;
                r->namespaces = want_array(ps, val, at, sizeof(*r->namespaces), &n);
                if (!r->namespaces)
                        return -1;
                for (size_t k = 0; k < n; k++) {
                        struct json_object *x = json_object_array_get_idx(val, k);
                        char xat[POLICY_PATH_MAX];

                        at_path(xat, "%s[%zu]", at, k);
                        if (want_type(ps, x, xat, json_type_string, "a namespace's name") < 0)
                                return -1;
                        if (!cni_k8s_label_valid(json_object_get_string(x)))
                                return bad(ps, xat, "\"%.64s\": not a Kubernetes namespace name",
                                           json_object_get_string(x));
                        snprintf(r->namespaces[k], sizeof(r->namespaces[k]), "%s",
                                 json_object_get_string(x));
                        r->n = k + 1;
                }
        }
        return 0;
}

static int parse_top_rule(struct parser *ps, struct json_object *root, const char *key,
                          struct rule **ret)
{
        struct json_object *v;
        char at[POLICY_PATH_MAX];

        if (!json_object_object_get_ex(root, key, &v))
                return 0;
        *ret = calloc(1, sizeof(**ret));
        if (!*ret)
                return bad(ps, "$", "out of memory");
        at_path(at, "$.%s", key);
        return parse_rule(ps, v, at, true, 1, *ret);
}

static int parse_root(struct parser *ps, struct json_object *root, struct cni_policy *p)
{
        static const char *const keys[] = { "version", "namespaces", "default", "no_namespace",
                                            "reserved_networks", NULL };
        struct json_object *v;

        if (want_type(ps, root, "$", json_type_object, "an object") < 0 ||
            known_keys(ps, root, "$", keys) < 0)
                return -1;
        if (!json_object_object_get_ex(root, "version", &v))
                return bad(ps, "$.version", "missing (this plugin reads version %d)",
                           POLICY_VERSION);
        if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) != POLICY_VERSION)
                return bad(ps, "$.version", "%.64s: not a version this plugin reads (%d)",
                           json_text(v), POLICY_VERSION);
        if (json_object_object_get_ex(root, "namespaces", &v) && parse_namespaces(ps, v, p) < 0)
                return -1;
        if (parse_top_rule(ps, root, "default", &p->dflt) < 0 ||
            parse_top_rule(ps, root, "no_namespace", &p->no_namespace) < 0)
                return -1;
        if (json_object_object_get_ex(root, "reserved_networks", &v) &&
            parse_reserved(ps, v, p) < 0)
                return -1;
        return 0;
}

/* ---- keys given twice ------------------------------------------------------------------------- */

/* json-c keeps the last of a key given twice in one object, silently: {"vlans": [100],
 * "vlans": [0]} would allow untagged. One pass over text json-c has already taken as JSON
 * (so its syntax is sound): each object's keys, sorted when it closes, side by side. Every
 * key of a policy is plain ASCII, so a key with an escape ("vl\u0061ns") is refused rather
 * than decoded to be compared. */
struct key_ref {
        const char *p;
        size_t n;
};

static int key_cmp(const void *a, const void *b)
{
        const struct key_ref *x = a, *y = b;
        int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);

        return c ? c : (x->n > y->n) - (x->n < y->n);
}

static int repeated_keys(struct parser *ps, const char *text, size_t len)
{
        struct {
                bool object, want_key;
                size_t first_key;
        } stack[POLICY_MAX_DEPTH + 1];
        struct key_ref *keys = NULL;
        size_t n_keys = 0, cap = 0;
        int depth = 0, r = 0;

        for (size_t i = 0; i < len && r == 0; i++) {
                char c = text[i];

                if (c == '{' || c == '[') {
                        if (depth > POLICY_MAX_DEPTH)
                                break; /* json-c refused it already */
                        stack[depth].object = c == '{';
                        stack[depth].want_key = c == '{';
                        stack[depth++].first_key = n_keys;
                } else if ((c == '}' || c == ']') && depth > 0) {
                        size_t first = stack[--depth].first_key;

                        if (c == '}' && n_keys - first > 1) {
                                qsort(keys + first, n_keys - first, sizeof(*keys), key_cmp);
                                for (size_t k = first + 1; k < n_keys && r == 0; k++)
                                        if (key_cmp(&keys[k - 1], &keys[k]) == 0)
                                                r = bad(ps, "$", "key \"%.*s\" given twice in one "
                                                        "object (at byte %zu; JSON readers keep "
                                                        "only one)", (int)(keys[k].n > 64 ? 64 :
                                                        keys[k].n), keys[k].p,
                                                        (size_t)(keys[k].p - 1 - text));
                        }
                        n_keys = first;
                } else if (c == ',' && depth > 0 && stack[depth - 1].object) {
                        stack[depth - 1].want_key = true;
                } else if (c == '"') {
                        size_t start = ++i;

                        while (i < len && text[i] != '"')
                                i += text[i] == '\\' ? 2 : 1;
                        if (depth > 0 && stack[depth - 1].want_key) {
                                stack[depth - 1].want_key = false;
                                if (memchr(text + start, '\\', i - start)) {
                                        r = bad(ps, "$", "key \"%.*s\" at byte %zu: an escape in "
                                                "a key (write it plainly)", (int)(i - start > 64 ?
                                                64 : i - start), text + start, start - 1);
                                        break;
                                }
                                if (n_keys == cap) {
                                        struct key_ref *more;

                                        cap = cap ? 2 * cap : 64;
                                        more = realloc(keys, cap * sizeof(*keys));
                                        if (!more) {
                                                r = bad(ps, "$", "out of memory");
                                                break;
                                        }
                                        keys = more;
                                }
                                keys[n_keys++] = (struct key_ref){ text + start, i - start };
                        }
                }
        }
        free(keys);
        return r;
}

int cni_policy_parse(const char *source, const char *text, size_t len, struct cni_policy **ret,
                     struct cni_error *e)
{
        struct parser ps = { .source = source, .e = e };
        struct json_tokener *tok = NULL;
        struct json_object *root = NULL;
        struct cni_policy *p;
        int r = -1;

        *ret = NULL;
        p = calloc(1, sizeof(*p));
        if (!p)
                return bad(&ps, "$", "out of memory");
        snprintf(p->source, sizeof(p->source), "%s", source);
        if (len > CNI_POLICY_MAX_BYTES) {
                bad(&ps, "$", "longer than %u bytes", CNI_POLICY_MAX_BYTES);
                goto out;
        }
        if (memchr(text, '\0', len)) {
                bad(&ps, "$", "a NUL byte at byte %zu: not JSON text",
                    (size_t)((const char *)memchr(text, '\0', len) - text));
                goto out;
        }
        tok = json_tokener_new_ex(POLICY_MAX_DEPTH);
        if (!tok) {
                bad(&ps, "$", "out of memory");
                goto out;
        }
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        root = json_tokener_parse_ex(tok, text, (int)len);
        if (!root || json_tokener_get_error(tok) != json_tokener_success) {
                enum json_tokener_error err = json_tokener_get_error(tok);

                bad(&ps, "$", "not JSON: %s at byte %zu",
                    json_tokener_error_desc(err == json_tokener_continue ? json_tokener_error_parse_eof
                                                                         : err),
                    json_tokener_get_parse_end(tok));
                goto out;
        }
        if (json_tokener_get_parse_end(tok) != len) {
                size_t at = json_tokener_get_parse_end(tok);

                while (at < len && strchr(" \t\r\n", text[at]))
                        at++;
                if (at != len) {
                        bad(&ps, "$", "not JSON: text after the object at byte %zu", at);
                        goto out;
                }
        }
        if (repeated_keys(&ps, text, len) < 0 || parse_root(&ps, root, p) < 0)
                goto out;
        *ret = p;
        p = NULL;
        r = 0;
out:
        json_object_put(root);
        if (tok)
                json_tokener_free(tok);
        cni_policy_free(p);
        return r;
}

static void rule_free(struct rule *r)
{
        free(r->pfs.v);
        free(r->vfs.v);
        free(r->vlans.v);
        free(r->vlan_qos.v);
        for (size_t i = 0; i < r->n_networks; i++)
                rule_free(&r->networks[i].rule);
        free(r->networks);
}

void cni_policy_free(struct cni_policy *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n_namespaces; i++)
                rule_free(&p->namespaces[i].rule);
        free(p->namespaces);
        if (p->dflt)
                rule_free(p->dflt);
        free(p->dflt);
        if (p->no_namespace)
                rule_free(p->no_namespace);
        free(p->no_namespace);
        for (size_t i = 0; i < p->n_reserved; i++)
                free(p->reserved[i].namespaces);
        free(p->reserved);
        free(p);
}
