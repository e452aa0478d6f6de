/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The node's policy for ADD (libsriov-cni(8), POLICY). Three parties speak to the plugin: the
 * tenant writes the network config (the VF, the VLAN, trust, the network's name), the runtime
 * says the pod's Kubernetes namespace (CNI_ARGS), the node's admin writes this file. The file
 * says, per namespace and optionally per network name within it, what a config may ask; a
 * network's rule only narrows its namespace's, since the name is the tenant's own word.
 *
 * Here: reading the file (root's, not writable by others, no link, bounded), parsing it
 * strictly (an unknown key, a wrong type or a bad range is an error naming its JSON path,
 * never a rule read as "anything goes"), and deciding on one request. No libsriov here:
 * policy-add.c finds what a request is on the host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cni.h"
#include "parse-num.h"
#include "pci-addr.h"

#define POLICY_VERSION 1
#define POLICY_PATH_MAX 256
/* Entries of one list (PFs, VFs, VLAN ranges), and rules of one object: a node has a few
 * PFs and a few hundred namespaces; the file's 1 MiB bounds the rest. */
#define POLICY_MAX_LIST 4096
#define POLICY_MAX_DEPTH 16

enum allow {
        ALLOW_TRUST,
        ALLOW_SPOOFCHK_OFF,
        ALLOW_VFIO,
        ALLOW_MAC,
        ALLOW_LINK_STATE,
        ALLOW_8021AD,
        ALLOW_COUNT,
};

static const struct {
        const char *key;
        const char *asked; /* what the config asked, as a person says it */
} allows[ALLOW_COUNT] = {
        [ALLOW_TRUST] = { "allow_trust", "trust on" },
        [ALLOW_SPOOFCHK_OFF] = { "allow_spoofchk_off", "spoofchk off" },
        [ALLOW_VFIO] = { "allow_vfio", "vfio mode (the VF on vfio-pci, for a VM or DPDK)" },
        [ALLOW_MAC] = { "allow_mac", "a MAC of its own (mac or runtimeConfig.mac)" },
        [ALLOW_LINK_STATE] = { "allow_link_state", "link_state" },
        [ALLOW_8021AD] = { "allow_vlan_proto_8021ad", "vlanProto 802.1ad" },
};

struct range {
        uint32_t first, last;
};

struct ranges {
        bool given;
        struct range *v;
        size_t n;
};

/* PFs by netdev name or PCI address (canonical), VFs by PCI address; "*": any PF. */
struct names {
        bool given, any;
        char (*v)[SRIOV_PCI_ADDR_MAX];
        size_t n;
};

struct network_rule;

struct rule {
        char path[POLICY_PATH_MAX]; /* $.namespaces["a"], for messages */
        struct names pfs, vfs;
        struct ranges vlans, vlan_qos;
        int allow[ALLOW_COUNT];               /* -1 not given, 0, 1 */
        int64_t min_tx_rate_max, max_tx_rate_max; /* -1 not given */
        bool has_networks;
        struct network_rule *networks;
        size_t n_networks;
};

struct network_rule {
        char name[128]; /* "*": every network the list does not name */
        struct rule rule;
};

struct namespace_rule {
        char name[64];
        struct rule rule;
};

struct reservation {
        char network[128];
        char (*namespaces)[64];
        size_t n;
};

struct cni_policy {
        char source[256];
        struct namespace_rule *namespaces;
        size_t n_namespaces;
        struct rule *dflt, *no_namespace;
        struct reservation *reserved;
        size_t n_reserved;
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

/* A netdev name as the kernel takes one (dev_valid_name): 1-15 bytes, no '/', ':' or space. */
static bool ifname_valid(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n > 15 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
                return false;
        for (; *s; s++)
                if (*s == '/' || *s == ':' || (unsigned char)*s <= ' ' || *s == 0x7f)
                        return false;
        return true;
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
                        if (!ifname_valid(s))
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
                if (!json_object_object_get_ex(o, allows[a].key, &v))
                        continue;
                if (want_type(ps, v, AT(allows[a].key), json_type_boolean, "true or false") < 0)
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

/* ---- reading the file ------------------------------------------------------------------------- */

/* Only root may have written it: owned by root, not writable by group or others. */
static int trusted(const struct stat *st, const char *path, const char *what, struct cni_error *e)
{
        if (st->st_uid != 0)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: %s owned by uid %u, not root: "
                                "every ADD is refused until it is root's", path, what,
                                (unsigned int)st->st_uid);
        if (st->st_mode & (S_IWGRP | S_IWOTH))
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: %s writable by %s (mode %04o): "
                                "every ADD is refused until only root may write it", path, what,
                                (st->st_mode & (S_IWGRP | S_IWOTH)) == (S_IWGRP | S_IWOTH) ?
                                "its group and others" : st->st_mode & S_IWGRP ? "its group" :
                                "others",
                                (unsigned int)(st->st_mode & 07777));
        return 0;
}

static int read_bounded(int fd, const char *path, char **ret, size_t *len, struct cni_error *e)
{
        char *buf = malloc(CNI_POLICY_MAX_BYTES + 1);
        size_t used = 0;

        if (!buf)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: out of memory", path);
        for (;;) {
                ssize_t n = read(fd, buf + used, CNI_POLICY_MAX_BYTES + 1 - used);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        cni_fail(e, CNI_ERR_POLICY, "policy %s: %s", path, strerror(errno));
                        free(buf);
                        return -1;
                }
                if (n == 0)
                        break;
                used += (size_t)n;
                if (used > CNI_POLICY_MAX_BYTES) {
                        free(buf);
                        return cni_fail(e, CNI_ERR_POLICY, "policy %s: longer than %u bytes: "
                                        "every ADD is refused", path, CNI_POLICY_MAX_BYTES);
                }
        }
        buf[used] = '\0';
        *ret = buf;
        *len = used;
        return 0;
}

int cni_policy_load(const char *dir, const char *file, struct cni_policy **ret,
                    struct cni_error *e)
{
        char path[512];
        struct stat st;
        char *text = NULL;
        size_t len = 0;
        int dfd, fd, r;

        *ret = NULL;
        snprintf(path, sizeof(path), "%s/%s", dir, file);
        /* Whoever may write the directory may remove the file, and with it the policy. */
        dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0 && errno == ENOENT)
                return 0;
        if (dfd < 0)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: directory %s: %s: every ADD is "
                                "refused", path, dir, errno == ENOTDIR || errno == ELOOP ?
                                "not a directory (a symbolic link?)" : strerror(errno));
        if (fstat(dfd, &st) < 0 || trusted(&st, path, dir, e) < 0) {
                if (!e->code)
                        cni_fail(e, CNI_ERR_POLICY, "policy %s: %s: %s", path, dir, strerror(errno));
                close(dfd);
                return -1;
        }
        /* O_NONBLOCK: a FIFO put there must not hang every ADD; it is refused below. */
        fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        close(dfd);
        if (fd < 0 && errno == ENOENT)
                return 0;
        if (fd < 0)
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: %s: every ADD is refused", path,
                                errno == ELOOP ? "a symbolic link, which is not followed"
                                               : strerror(errno));
        if (fstat(fd, &st) < 0) {
                cni_fail(e, CNI_ERR_POLICY, "policy %s: %s", path, strerror(errno));
                close(fd);
                return -1;
        }
        if (!S_ISREG(st.st_mode)) {
                close(fd);
                return cni_fail(e, CNI_ERR_POLICY, "policy %s: not a regular file: every ADD is "
                                "refused", path);
        }
        r = trusted(&st, path, "the file", e);
        if (r == 0 && st.st_size > (off_t)CNI_POLICY_MAX_BYTES)
                r = cni_fail(e, CNI_ERR_POLICY, "policy %s: %lld bytes, more than %u: every "
                             "ADD is refused", path, (long long)st.st_size, CNI_POLICY_MAX_BYTES);
        if (r == 0)
                r = read_bounded(fd, path, &text, &len, e);
        close(fd);
        if (r == 0)
                r = cni_policy_parse(path, text, len, ret, e);
        free(text);
        return r < 0 ? -1 : 1;
}

/* ---- deciding --------------------------------------------------------------------------------- */

static bool in_ranges(const struct ranges *r, uint32_t x)
{
        for (size_t i = 0; i < r->n; i++)
                if (x >= r->v[i].first && x <= r->v[i].last)
                        return true;
        return false;
}

static void ranges_text(const struct ranges *r, char *buf, size_t size)
{
        size_t n = 0;

        buf[0] = '\0';
        if (r->n == 0)
                snprintf(buf, size, "none");
        for (size_t i = 0; i < r->n && n < size; i++) {
                if (r->v[i].first == r->v[i].last)
                        n += (size_t)snprintf(buf + n, size - n, "%s%u", i ? ", " : "",
                                              r->v[i].first);
                else
                        n += (size_t)snprintf(buf + n, size - n, "%s%u-%u", i ? ", " : "",
                                              r->v[i].first, r->v[i].last);
        }
}

static void names_text(const struct names *a, char *buf, size_t size)
{
        size_t n = 0;

        buf[0] = '\0';
        if (a->any)
                snprintf(buf, size, "any");
        else if (a->n == 0)
                snprintf(buf, size, "none");
        for (size_t i = 0; i < a->n && n < size; i++)
                n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", a->v[i]);
}

static bool names_has(const struct names *a, const char *s)
{
        for (size_t i = 0; s && i < a->n; i++)
                if (strcmp(a->v[i], s) == 0)
                        return true;
        return false;
}

struct decision {
        const struct cni_policy *p;
        const struct cni_policy_request *q;
        struct cni_error *e;
};

static int refuse(const struct decision *d, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static int refuse(const struct decision *d, const char *fmt, ...)
{
        char why[600];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(why, sizeof(why), fmt, ap);
        va_end(ap);
        if (d->q->pod_namespace)
                return cni_fail(d->e, CNI_ERR_POLICY, "policy %s: namespace \"%s\", network "
                                "\"%s\": %s", d->p->source, d->q->pod_namespace, d->q->network,
                                why);
        return cni_fail(d->e, CNI_ERR_POLICY, "policy %s: no namespace (CNI_ARGS has no "
                        "K8S_POD_NAMESPACE), network \"%s\": %s", d->p->source, d->q->network,
                        why);
}

static bool pf_listed(const struct names *pfs, const struct cni_policy_request *q)
{
        if (pfs->any || names_has(pfs, q->pf_pci))
                return true;
        for (const char *const *n = q->pf_ifnames; n && *n; n++)
                if (names_has(pfs, *n))
                        return true;
        return false;
}

static int check_device(const struct decision *d, const struct rule *r, bool base)
{
        const struct cni_policy_request *q = d->q;
        char pfs[256], vfs[256], pf[64];

        if (!base && !r->pfs.given && !r->vfs.given)
                return 0;
        if (pf_listed(&r->pfs, q) || (q->vf_pci && names_has(&r->vfs, q->vf_pci)))
                return 0;
        names_text(&r->pfs, pfs, sizeof(pfs));
        names_text(&r->vfs, vfs, sizeof(vfs));
        if (q->pf_ifnames && q->pf_ifnames[0])
                snprintf(pf, sizeof(pf), "%s (%s)", q->pf_pci, q->pf_ifnames[0]);
        else
                snprintf(pf, sizeof(pf), "%s", q->pf_pci);
        if (q->vf_pci)
                return refuse(d, "deviceID %s, a VF of PF %s: not allowed by %s (pfs: %s; "
                              "vfs: %s)", q->vf_pci, pf, r->path, pfs, vfs);
        return refuse(d, "pf %s (any free VF of it): not allowed by %s (pfs: %s%s)", pf, r->path,
                      pfs, r->vfs.n ? "; the vfs listed there are for a deviceID only" : "");
}

static int check_allow(const struct decision *d, const struct rule *r, bool base, enum allow a)
{
        if (r->allow[a] == 1 || (!base && r->allow[a] == -1))
                return 0;
        return refuse(d, "%s: not allowed by %s.%s (%s)", allows[a].asked, r->path, allows[a].key,
                      r->allow[a] == 0 ? "false" : "not set: false");
}

static int check_rule(const struct decision *d, const struct rule *r, bool base)
{
        const struct sriov_vf_config *vf = &d->q->vf;
        char list[256];

        if (check_device(d, r, base) < 0)
                return -1;
        if (base || r->vlans.given) {
                /* No vlan in the config leaves the VF's as it is: counted as 0, untagged. */
                uint32_t vlan = vf->mask & SRIOV_VF_CONFIG_VLAN ? vf->vlan : 0;

                if (!in_ranges(&r->vlans, vlan)) {
                        ranges_text(&r->vlans, list, sizeof(list));
                        if (vf->mask & SRIOV_VF_CONFIG_VLAN)
                                return refuse(d, "vlan %u: not allowed by %s.vlans (%s)", vlan,
                                              r->path, list);
                        return refuse(d, "no vlan (the VF keeps its own, counted as 0, "
                                      "untagged): not allowed by %s.vlans (%s)", r->path, list);
                }
        }
        if ((vf->mask & SRIOV_VF_CONFIG_QOS) && vf->qos && (base || r->vlan_qos.given) &&
            !in_ranges(&r->vlan_qos, vf->qos)) {
                ranges_text(&r->vlan_qos, list, sizeof(list));
                return refuse(d, "vlanQoS %u: not allowed by %s.vlan_qos (%s)", vf->qos, r->path,
                              list);
        }
        if ((vf->mask & SRIOV_VF_CONFIG_VLAN_PROTO) && vf->vlan_proto == SRIOV_VLAN_PROTO_8021AD &&
            check_allow(d, r, base, ALLOW_8021AD) < 0)
                return -1;
        if (((vf->mask & SRIOV_VF_CONFIG_TRUST) && vf->trust &&
             check_allow(d, r, base, ALLOW_TRUST) < 0) ||
            ((vf->mask & SRIOV_VF_CONFIG_SPOOFCHK) && !vf->spoofchk &&
             check_allow(d, r, base, ALLOW_SPOOFCHK_OFF) < 0) ||
            (d->q->vfio && check_allow(d, r, base, ALLOW_VFIO) < 0) ||
            ((vf->mask & SRIOV_VF_CONFIG_MAC) && check_allow(d, r, base, ALLOW_MAC) < 0) ||
            ((vf->mask & SRIOV_VF_CONFIG_LINK_STATE) &&
             check_allow(d, r, base, ALLOW_LINK_STATE) < 0))
                return -1;
        /* A guaranteed rate is taken from the other VFs of the PF: none unless allowed. */
        if ((vf->mask & SRIOV_VF_CONFIG_MIN_TX_RATE) && vf->min_tx_rate &&
            (base || r->min_tx_rate_max >= 0) && vf->min_tx_rate > r->min_tx_rate_max)
                return refuse(d, "min_tx_rate %u: not allowed by %s.min_tx_rate_max (%s%lld)",
                              vf->min_tx_rate, r->path, r->min_tx_rate_max < 0 ? "not set: " : "",
                              (long long)(r->min_tx_rate_max < 0 ? 0 : r->min_tx_rate_max));
        /* A ceiling limits only the VF's own traffic: bounded only when the policy says so. */
        if ((vf->mask & SRIOV_VF_CONFIG_MAX_TX_RATE) && r->max_tx_rate_max >= 0 &&
            (vf->max_tx_rate == 0 || vf->max_tx_rate > r->max_tx_rate_max))
                return refuse(d, "max_tx_rate %u%s: not allowed by %s.max_tx_rate_max (1-%lld)",
                              vf->max_tx_rate, vf->max_tx_rate ? "" : " (no limit)", r->path,
                              (long long)r->max_tx_rate_max);
        return 0;
}

static const struct rule *namespace_rule(const struct decision *d)
{
        const struct cni_policy *p = d->p;
        const char *ns = d->q->pod_namespace;

        if (!ns) {
                if (!p->no_namespace)
                        refuse(d, "an ADD without the pod's namespace is refused: the policy has "
                               "no $.no_namespace rule");
                return p->no_namespace;
        }
        for (size_t i = 0; i < p->n_namespaces; i++)
                if (strcmp(p->namespaces[i].name, ns) == 0)
                        return &p->namespaces[i].rule;
        if (!p->dflt)
                refuse(d, "no rule for this namespace in $.namespaces, and no $.default rule");
        return p->dflt;
}

static int check_reserved(const struct decision *d)
{
        const struct cni_policy *p = d->p;

        for (size_t i = 0; i < p->n_reserved; i++) {
                const struct reservation *r = &p->reserved[i];
                char list[256];
                size_t n = 0;

                if (strcmp(r->network, d->q->network) != 0)
                        continue;
                for (size_t k = 0; k < r->n; k++)
                        if (d->q->pod_namespace && strcmp(r->namespaces[k], d->q->pod_namespace) == 0)
                                return 0;
                list[0] = '\0';
                for (size_t k = 0; k < r->n && n < sizeof(list); k++)
                        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", k ? ", " : "",
                                              r->namespaces[k]);
                return refuse(d, "the network name is reserved by $.reserved_networks[\"%s\"] "
                              "to namespace%s %s", r->network, r->n == 1 ? "" : "s",
                              r->n ? list : "(none)");
        }
        return 0;
}

int cni_policy_decide(const struct cni_policy *p, const struct cni_policy_request *q,
                      struct cni_error *e)
{
        struct decision d = { .p = p, .q = q, .e = e };
        const struct rule *r, *net = NULL;

        if (check_reserved(&d) < 0 || !(r = namespace_rule(&d)))
                return -1;
        if (r->has_networks) {
                for (size_t i = 0; i < r->n_networks && !net; i++)
                        if (strcmp(r->networks[i].name, q->network) == 0)
                                net = &r->networks[i].rule;
                for (size_t i = 0; i < r->n_networks && !net; i++)
                        if (strcmp(r->networks[i].name, "*") == 0)
                                net = &r->networks[i].rule;
                if (!net)
                        return refuse(&d, "the network is not in %s.networks, which has no "
                                      "\"*\"", r->path);
        }
        if (check_rule(&d, r, true) < 0 || (net && check_rule(&d, net, false) < 0))
                return -1;
        return 0;
}
