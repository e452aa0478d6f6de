/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The desired-state document of `sriovctl apply`, parsed strictly: a wrong type, an unknown
 * key, a value out of range or a VF given twice is an error that names the JSON path, the
 * value and the reason, so a typo never turns into "leave it as it is".
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mac.h"
#include "pci-addr.h"
#include "rate-units.h"
#include "sriovctl.h"
#include "state.h"

struct parser {
        const char *source;
        char *err;
        uint32_t *vf_owner; /* DOC_MAX_VF_INDEX + 1 entries: check_vf_overlap() */
        size_t vf_entries;  /* so far, of every PF */
        size_t rate_groups; /* so far, of every PF */
};

/* "SOURCE: PATH: VALUE: REASON"; the value as JSON, left out when there is none. */
static int fail(struct parser *p, const char *path, struct json_object *value,
                const char *format, ...) __attribute__((format(printf, 4, 5)));
static int fail(struct parser *p, const char *path, struct json_object *value,
                const char *format, ...)
{
        char reason[256];
        va_list args;

        va_start(args, format);
        vsnprintf(reason, sizeof(reason), format, args);
        va_end(args);
        if (value)
                snprintf(p->err, STATE_ERROR_MAX, "%s: %s: %.64s: %s", p->source, path,
                         json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN |
                                                                       JSON_C_TO_STRING_NOSLASHESCAPE),
                         reason);
        else
                snprintf(p->err, STATE_ERROR_MAX, "%s: %s: %s", p->source, path, reason);
        return -EINVAL;
}

/* A path too deep for the buffer ends in "..." rather than misleading. */
static void path_cut(char out[STATE_PATH_MAX], int len)
{
        if (len >= STATE_PATH_MAX)
                strcpy(out + STATE_PATH_MAX - 4, "...");
}

static void path_key(char out[STATE_PATH_MAX], const char *path, const char *key)
{
        path_cut(out, snprintf(out, STATE_PATH_MAX, "%s.%s", path, key));
}

static void path_index(char out[STATE_PATH_MAX], const char *path, size_t i)
{
        path_cut(out, snprintf(out, STATE_PATH_MAX, "%s[%zu]", path, i));
}

static int want_type(struct parser *p, const char *path, struct json_object *v, json_type type,
                     const char *what)
{
        if (json_object_is_type(v, type))
                return 0;
        return fail(p, path, v, "expected %s", what);
}

static int parse_uint(struct parser *p, const char *path, struct json_object *v, uint64_t max,
                      uint64_t *ret)
{
        int64_t n;

        if (!json_object_is_type(v, json_type_int))
                return fail(p, path, v, "expected a whole number 0-%llu", (unsigned long long)max);
        errno = 0;
        n = json_object_get_int64(v);
        /* json-c keeps numbers above INT64_MAX as uint64 and says so through errno. */
        if (errno || n < 0 || (uint64_t)n > max)
                return fail(p, path, v, "out of range 0-%llu", (unsigned long long)max);
        *ret = (uint64_t)n;
        return 0;
}

static int parse_bool(struct parser *p, const char *path, struct json_object *v, bool *ret)
{
        int r = want_type(p, path, v, json_type_boolean, "true or false");

        if (r == 0)
                *ret = json_object_get_boolean(v);
        return r;
}

/* One of @words (NULL-terminated), case-insensitively; its index. */
static int parse_word(struct parser *p, const char *path, struct json_object *v,
                      const char *const *words, const char *expected, int *ret)
{
        if (!json_object_is_type(v, json_type_string))
                return fail(p, path, v, "expected %s", expected);
        for (int i = 0; words[i]; i++)
                if (strcasecmp(json_object_get_string(v), words[i]) == 0) {
                        *ret = i;
                        return 0;
                }
        return fail(p, path, v, "expected %s", expected);
}

/* A kernel name: a driver or a netdev, no slash, no space. */
static int parse_name(struct parser *p, const char *path, struct json_object *v, size_t max,
                      char *ret)
{
        const char *s;

        if (!json_object_is_type(v, json_type_string))
                return fail(p, path, v, "expected a name");
        s = json_object_get_string(v);
        if (!*s || strlen(s) >= max)
                return fail(p, path, v, "expected a name of 1 to %zu characters", max - 1);
        for (const char *c = s; *c; c++)
                if (*c == '/' || isspace((unsigned char)*c) || !isprint((unsigned char)*c))
                        return fail(p, path, v, "not a valid name");
        strcpy(ret, s);
        return 0;
}

/* "0000:03:00.0" or "03:00.0", as the library takes them, written back in the kernel's form. */
static int parse_pci(struct parser *p, const char *path, struct json_object *v, char *ret)
{
        if (!json_object_is_type(v, json_type_string) ||
            sriov_pci_addr_canonical(json_object_get_string(v), ret) < 0)
                return fail(p, path, v, "expected a PCI address (0000:03:00.0)");
        return 0;
}

static int parse_hex16(struct parser *p, const char *path, struct json_object *v, int *ret)
{
        const char *s;
        char *end;
        unsigned long n;

        if (!json_object_is_type(v, json_type_string))
                return fail(p, path, v, "expected a 4-digit hex ID (\"8086\")");
        s = json_object_get_string(v);
        n = strtoul(s, &end, 16);
        /* strtoul() would take "0x12" and " +12": four hex digits, nothing else. */
        if (strlen(s) != 4 || *end || strspn(s, "0123456789abcdefABCDEF") != 4)
                return fail(p, path, v, "expected a 4-digit hex ID (\"8086\")");
        *ret = (int)n;
        return 0;
}

/* "vf": 3 or "vf": "0-6". */
static int parse_vf_index(struct parser *p, const char *path, struct json_object *v,
                          struct doc_vf *vf)
{
        if (json_object_is_type(v, json_type_int)) {
                uint64_t n;
                int r = parse_uint(p, path, v, 65535, &n);

                if (r < 0)
                        return r;
                vf->first = vf->last = (unsigned int)n;
                return 0;
        }
        if (json_object_is_type(v, json_type_string)) {
                unsigned int a, b;
                int n = 0;
                const char *s = json_object_get_string(v);

                /* Widths: "0-4294967297" would wrap to 0-1. */
                if (isdigit((unsigned char)s[0]) && sscanf(s, "%5u-%5u%n", &a, &b, &n) == 2 &&
                    (size_t)n == strlen(s) && !strchr(s, ' ') && !strchr(s, '+') &&
                    isdigit((unsigned char)*(strchr(s, '-') + 1))) {
                        if (a > b || b > 65535)
                                return fail(p, path, v,
                                            "expected a range FIRST-LAST, FIRST <= LAST <= 65535");
                        vf->first = a;
                        vf->last = b;
                        return 0;
                }
        }
        return fail(p, path, v, "expected a VF index (3) or a range (\"0-6\")");
}

/* A devlink rate: bytes per second as a number (as devlink -j prints it), or tc's words as a
 * string ("100mbit", "1gbit"), as devlink(8) takes them. */
static int parse_rate(struct parser *p, const char *path, struct json_object *v, uint64_t *ret)
{
        int r;

        if (json_object_is_type(v, json_type_int))
                return parse_uint(p, path, v, INT64_MAX, ret);
        if (!json_object_is_type(v, json_type_string))
                return fail(p, path, v,
                            "expected bytes per second (1250000) or a rate with its unit "
                            "(\"10mbit\")");
        r = sriov_rate_parse(json_object_get_string(v), ret);
        if (r == -ERANGE)
                return fail(p, path, v, "too large a rate");
        if (r < 0)
                return fail(p, path, v,
                            "expected a rate with its unit, as tc(8) writes them (\"10mbit\", "
                            "\"1gbit\", \"500kbps\")");
        return 0;
}

/* tx_share may not be above a tx_max that limits. */
static int check_share(struct parser *p, const char *path, struct json_object *o,
                       const struct sriov_rate *rate)
{
        char at[STATE_PATH_MAX], max[32];

        if (!(rate->mask & SRIOV_RATE_TX_SHARE) || !(rate->mask & SRIOV_RATE_TX_MAX) ||
            !rate->tx_max || rate->tx_share <= rate->tx_max)
                return 0;
        path_key(at, path, "tx_share");
        return fail(p, at, json_object_object_get(o, "tx_share"),
                    "above tx_max %s (0 would be no limit)",
                    sriov_rate_format(rate->tx_max, max, sizeof(max)));
}

/* A rate group's name: what devlink(8) takes after PF/, and not a number, which it would take
 * for a port. */
static int parse_group_name(struct parser *p, const char *path, struct json_object *v,
                            char ret[SRIOV_RATE_NAME_MAX])
{
        int r = parse_name(p, path, v, SRIOV_RATE_NAME_MAX, ret);

        if (r == 0 && strspn(ret, "0123456789") == strlen(ret))
                return fail(p, path, v, "a number names a port in devlink, not a group");
        return r;
}

/* One of "rate_groups": every field is what the group is to have; one left out is 0 (no
 * guarantee, no limit) or no parent. */
static int parse_rate_group(struct parser *p, const char *path, struct json_object *o,
                            struct doc_rate_group *g)
{
        struct sriov_rate *rate = &g->node.rate;
        char at[STATE_PATH_MAX];
        bool has_name = false;
        int r;

        snprintf(g->path, sizeof(g->path), "%s", path);
        rate->mask = SRIOV_RATE_TX_SHARE | SRIOV_RATE_TX_MAX | SRIOV_RATE_PARENT;
        r = want_type(p, path, o, json_type_object, "an object with \"name\" and rates");
        if (r < 0)
                return r;
        json_object_object_foreach(o, key, v) {
                path_key(at, path, key);
                if (strcmp(key, "name") == 0) {
                        r = parse_group_name(p, at, v, g->node.name);
                        has_name = true;
                } else if (strcmp(key, "tx_share") == 0 || strcmp(key, "tx_max") == 0) {
                        r = v ? parse_rate(p, at, v,
                                           key[3] == 's' ? &rate->tx_share : &rate->tx_max)
                              : 0;
                } else if (strcmp(key, "parent") == 0) {
                        r = v ? parse_group_name(p, at, v, rate->parent) : 0;
                } else {
                        r = fail(p, at, NULL, "unknown key (name, tx_share, tx_max, parent)");
                }
                if (r < 0)
                        return r;
        }
        if (!has_name)
                return fail(p, path, NULL, "\"name\" is missing");
        if (strcmp(rate->parent, g->node.name) == 0) {
                path_key(at, path, "parent");
                return fail(p, at, json_object_object_get(o, "parent"),
                            "a group cannot be its own parent");
        }
        return check_share(p, path, o, rate);
}

static int parse_rate_groups(struct parser *p, const char *path, struct json_object *a,
                             struct doc_pf *pf)
{
        char at[STATE_PATH_MAX];
        size_t n;
        int r = want_type(p, path, a, json_type_array, "an array of rate group objects");

        if (r < 0)
                return r;
        n = json_object_array_length(a);
        if (p->rate_groups + n > DOC_MAX_RATE_GROUPS)
                return fail(p, path, NULL, "%zu entries: a document has at most %d rate groups",
                            n, DOC_MAX_RATE_GROUPS);
        p->rate_groups += n;
        pf->manage_groups = true;
        pf->groups = calloc(n ? n : 1, sizeof(*pf->groups));
        if (!pf->groups)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                path_index(at, path, i);
                pf->n_groups = i + 1;
                r = parse_rate_group(p, at, json_object_array_get_idx(a, i), &pf->groups[i]);
                if (r < 0)
                        return r;
                for (size_t j = 0; j < i; j++)
                        if (strcmp(pf->groups[j].node.name, pf->groups[i].node.name) == 0) {
                                path_key(at, pf->groups[i].path, "name");
                                return fail(p, at,
                                            json_object_object_get(json_object_array_get_idx(a, i),
                                                                   "name"),
                                            "the group is %s already", pf->groups[j].path);
                        }
        }
        return 0;
}

static const char *const vlan_protos[] = { "802.1Q", "802.1ad", NULL };
static const char *const link_states[] = { "auto", "enable", "disable", NULL };

/* One VF setting, by its JSON schema key (is_vf_setting() says which are). */
static int parse_vf_setting(struct parser *p, const char *path, const char *key,
                            struct json_object *v, struct doc_vf *vf)
{
        struct sriov_vf_config *c = &vf->cfg;
        uint64_t n = 0;
        bool b = false;
        int r, i = 0;

        if (strcmp(key, "mac") == 0) {
                if (!json_object_is_type(v, json_type_string))
                        return fail(p, path, v, "expected a MAC address or \"auto\"");
                if (strcmp(json_object_get_string(v), "auto") == 0) {
                        vf->mac_auto = true;
                } else if (sriov_mac_parse(json_object_get_string(v), c->mac) < 0) {
                        return fail(p, path, v,
                                    "expected a MAC address (02:00:00:00:00:01) or \"auto\"");
                } else if (sriov_mac_is_multicast(c->mac)) {
                        return fail(p, path, v, "a multicast address cannot be a VF's MAC");
                }
                c->mask |= SRIOV_VF_CONFIG_MAC;
                return 0;
        }
        if (strcmp(key, "vlan") == 0 || strcmp(key, "qos") == 0 ||
            strcmp(key, "min_tx_rate") == 0 || strcmp(key, "max_tx_rate") == 0) {
                bool vlan = key[0] == 'v', qos = key[0] == 'q';

                r = parse_uint(p, path, v, vlan ? 4095 : qos ? 7 : UINT32_MAX, &n);
                if (r < 0)
                        return r;
                if (vlan)
                        c->vlan = (uint16_t)n, c->mask |= SRIOV_VF_CONFIG_VLAN;
                else if (qos)
                        c->qos = (uint8_t)n, c->mask |= SRIOV_VF_CONFIG_QOS;
                else if (key[1] == 'i')
                        c->min_tx_rate = (uint32_t)n, c->mask |= SRIOV_VF_CONFIG_MIN_TX_RATE;
                else
                        c->max_tx_rate = (uint32_t)n, c->mask |= SRIOV_VF_CONFIG_MAX_TX_RATE;
                return 0;
        }
        if (strcmp(key, "vlan_proto") == 0) {
                r = parse_word(p, path, v, vlan_protos, "\"802.1Q\" or \"802.1ad\"", &i);
                if (r == 0) {
                        c->vlan_proto = i ? SRIOV_VLAN_PROTO_8021AD : SRIOV_VLAN_PROTO_8021Q;
                        c->mask |= SRIOV_VF_CONFIG_VLAN_PROTO;
                }
                return r;
        }
        if (strcmp(key, "link_state") == 0) {
                r = parse_word(p, path, v, link_states, "\"auto\", \"enable\" or \"disable\"", &i);
                if (r == 0) {
                        c->link_state = (enum sriov_link_state)i;
                        c->mask |= SRIOV_VF_CONFIG_LINK_STATE;
                }
                return r;
        }
        if (strcmp(key, "spoofchk") == 0 || strcmp(key, "trust") == 0 ||
            strcmp(key, "query_rss") == 0) {
                r = parse_bool(p, path, v, &b);
                if (r < 0)
                        return r;
                if (key[0] == 's')
                        c->spoofchk = b, c->mask |= SRIOV_VF_CONFIG_SPOOFCHK;
                else if (key[0] == 't')
                        c->trust = b, c->mask |= SRIOV_VF_CONFIG_TRUST;
                else
                        c->query_rss = b, c->mask |= SRIOV_VF_CONFIG_QUERY_RSS;
                return 0;
        }
        if (strcmp(key, "tx_share") == 0 || strcmp(key, "tx_max") == 0) {
                bool share = key[3] == 's';

                vf->rate.mask |= share ? SRIOV_RATE_TX_SHARE : SRIOV_RATE_TX_MAX;
                return parse_rate(p, path, v, share ? &vf->rate.tx_share : &vf->rate.tx_max);
        }
        if (strcmp(key, "rate_group") == 0) {
                vf->rate.mask |= SRIOV_RATE_PARENT;
                /* "": in no group. */
                if (json_object_is_type(v, json_type_string) && !*json_object_get_string(v))
                        return 0;
                return parse_group_name(p, path, v, vf->rate.parent);
        }
        return parse_name(p, path, v, sizeof(vf->driver), vf->driver); /* "driver" */
}

#define VLAN_GROUP (SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO)

/*
 * The kernel sets a VF's VLAN, QoS and protocol together (IFLA_VF_VLAN_LIST): a VLAN without
 * its QoS or protocol means QoS 0 and 802.1Q, as in `vf set VF vlan 100` and `ip link set`,
 * whatever the VF had before; a QoS or protocol without a VLAN has nothing to go with.
 */
static int vlan_group(struct parser *p, const char *path, struct json_object *o,
                      struct doc_vf *vf)
{
        struct sriov_vf_config *c = &vf->cfg;
        char at[STATE_PATH_MAX];

        if (!(c->mask & VLAN_GROUP))
                return 0;
        if (!(c->mask & SRIOV_VF_CONFIG_VLAN)) {
                const char *key = c->mask & SRIOV_VF_CONFIG_QOS ? "qos" : "vlan_proto";

                path_key(at, path, key);
                return fail(p, at, json_object_object_get(o, key),
                            "needs \"vlan\" in the same entry: the kernel sets the VLAN, its QoS "
                            "and its protocol together");
        }
        vf->implied = VLAN_GROUP & ~c->mask;
        if (vf->implied & SRIOV_VF_CONFIG_QOS)
                c->qos = 0;
        if (vf->implied & SRIOV_VF_CONFIG_VLAN_PROTO)
                c->vlan_proto = SRIOV_VLAN_PROTO_8021Q;
        c->mask |= VLAN_GROUP;
        return 0;
}

static bool is_vf_setting(const char *key)
{
        return sriov_vf_field_by_name(key) != 0 || strcmp(key, "driver") == 0 ||
               strcmp(key, "tx_share") == 0 || strcmp(key, "tx_max") == 0 ||
               strcmp(key, "rate_group") == 0;
}

static int parse_vf(struct parser *p, const char *path, struct json_object *o, struct doc_vf *vf)
{
        char at[STATE_PATH_MAX];
        bool has_index = false;
        int r;

        snprintf(vf->path, sizeof(vf->path), "%s", path);
        r = want_type(p, path, o, json_type_object, "an object with \"vf\" and settings");
        if (r < 0)
                return r;
        json_object_object_foreach(o, key, v) {
                path_key(at, path, key);
                if (strcmp(key, "vf") == 0) {
                        r = parse_vf_index(p, at, v, vf);
                        has_index = true;
                } else if (!is_vf_setting(key)) {
                        r = fail(p, at, NULL,
                                 "unknown key (vf, mac, vlan, qos, vlan_proto, min_tx_rate, "
                                 "max_tx_rate, spoofchk, trust, link_state, query_rss, tx_share, "
                                 "tx_max, rate_group, driver)");
                } else {
                        /* null: not managed, the same as leaving the key out. */
                        r = v ? parse_vf_setting(p, at, key, v, vf) : 0;
                }
                if (r < 0)
                        return r;
        }
        if (!has_index)
                return fail(p, path, NULL, "\"vf\" (an index or a range) is missing");
        r = vlan_group(p, path, o, vf);
        if (r < 0)
                return r;
        {
                const struct sriov_vf_config *c = &vf->cfg;

                if ((c->mask & SRIOV_VF_CONFIG_MIN_TX_RATE) &&
                    (c->mask & SRIOV_VF_CONFIG_MAX_TX_RATE) &&
                    c->max_tx_rate && c->min_tx_rate > c->max_tx_rate) {
                        path_key(at, path, "min_tx_rate");
                        return fail(p, at, json_object_object_get(o, "min_tx_rate"),
                                    "above max_tx_rate %u (0 would be no limit)", c->max_tx_rate);
                }
        }
        return check_share(p, path, o, &vf->rate);
}

/*
 * Each VF once per PF: a range may not overlap an earlier entry. @owner has an entry per VF
 * index, 0 or 1 + the entry that set it; cleared again by clear_vf_owners() so that it serves
 * every PF, and the check stays linear in the VFs the document names.
 */
static int check_vf_overlap(struct parser *p, const struct doc_pf *pf, size_t i,
                            struct json_object *entry)
{
        const struct doc_vf *b = &pf->vfs[i];

        for (unsigned int vf = b->first; vf <= b->last; vf++) {
                if (p->vf_owner[vf]) {
                        const struct doc_vf *a = &pf->vfs[p->vf_owner[vf] - 1];
                        char at[STATE_PATH_MAX];

                        path_key(at, b->path, "vf");
                        return fail(p, at, json_object_object_get(entry, "vf"),
                                    "VF %u is already set by %s", vf, a->path);
                }
                p->vf_owner[vf] = (uint32_t)i + 1;
        }
        return 0;
}

static void clear_vf_owners(struct parser *p, const struct doc_pf *pf)
{
        for (size_t i = 0; i < pf->n_vfs; i++)
                for (unsigned int vf = pf->vfs[i].first; vf <= pf->vfs[i].last; vf++)
                        if (p->vf_owner[vf] == i + 1)
                                p->vf_owner[vf] = 0;
}

static int parse_match(struct parser *p, const char *path, struct json_object *o,
                       struct doc_pf *pf)
{
        char at[STATE_PATH_MAX];
        int r = want_type(p, path, o, json_type_object,
                          "an object with vendor, device and/or driver");

        if (r < 0)
                return r;
        json_object_object_foreach(o, key, v) {
                path_key(at, path, key);
                if (strcmp(key, "vendor") == 0)
                        r = parse_hex16(p, at, v, &pf->match_vendor);
                else if (strcmp(key, "device") == 0)
                        r = parse_hex16(p, at, v, &pf->match_device);
                else if (strcmp(key, "driver") == 0)
                        r = parse_name(p, at, v, sizeof(pf->match_driver), pf->match_driver);
                else
                        r = fail(p, at, NULL, "unknown key (vendor, device, driver)");
                if (r < 0)
                        return r;
        }
        if (pf->match_vendor < 0 && pf->match_device < 0 && !pf->match_driver[0])
                return fail(p, path, NULL, "needs at least one of vendor, device, driver");
        return 0;
}

static int parse_vfs(struct parser *p, const char *path, struct json_object *a, struct doc_pf *pf)
{
        size_t n;
        int r = want_type(p, path, a, json_type_array, "an array of VF objects");

        if (r < 0)
                return r;
        n = json_object_array_length(a);
        if (p->vf_entries + n > DOC_MAX_VF_ENTRIES)
                return fail(p, path, NULL,
                            "%zu entries: a document has at most %d VF entries in all (a range "
                            "such as \"0-99\" is one)",
                            n, DOC_MAX_VF_ENTRIES);
        p->vf_entries += n;
        pf->vfs = calloc(n ? n : 1, sizeof(*pf->vfs));
        if (!pf->vfs)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                struct json_object *entry = json_object_array_get_idx(a, i);
                char at[STATE_PATH_MAX];

                path_index(at, path, i);
                r = parse_vf(p, at, entry, &pf->vfs[i]);
                if (r == 0)
                        r = check_vf_overlap(p, pf, i, entry);
                pf->n_vfs = i + 1;
                if (r < 0)
                        break;
        }
        clear_vf_owners(p, pf);
        return r;
}

/* devlink(8)'s words for the mode. */
static int parse_eswitch_mode(struct parser *p, const char *path, struct json_object *v,
                              int *ret)
{
        int mode = json_object_is_type(v, json_type_string)
                           ? sriov_eswitch_value_from_string(SRIOV_ESWITCH_MODE,
                                                             json_object_get_string(v))
                           : -EINVAL;

        if (mode < 0)
                return fail(p, path, v, "expected \"legacy\" or \"switchdev\"");
        *ret = mode;
        return 0;
}

static int parse_pf(struct parser *p, const char *path, struct json_object *o, struct doc_pf *pf)
{
        char at[STATE_PATH_MAX];
        int selectors = 0;
        uint64_t n;
        bool b;
        int r;

        pf->match_vendor = pf->match_device = -1;
        pf->num_vfs = pf->drivers_autoprobe = pf->eswitch_mode = -1;
        snprintf(pf->path, sizeof(pf->path), "%s", path);
        r = want_type(p, path, o, json_type_object, "an object naming a PF");
        if (r < 0)
                return r;
        json_object_object_foreach(o, key, v) {
                path_key(at, path, key);
                if (strcmp(key, "pci") == 0) {
                        pf->select = SELECT_PCI, selectors++;
                        r = parse_pci(p, at, v, pf->pci);
                } else if (strcmp(key, "ifname") == 0) {
                        pf->select = SELECT_IFNAME, selectors++;
                        r = parse_name(p, at, v, 16, pf->ifname);
                } else if (strcmp(key, "match") == 0) {
                        pf->select = SELECT_MATCH, selectors++;
                        r = parse_match(p, at, v, pf);
                } else if (strcmp(key, "num_vfs") == 0) {
                        r = v ? parse_uint(p, at, v, 65535, &n) : 0;
                        if (v && r == 0)
                                pf->num_vfs = (int)n;
                } else if (strcmp(key, "drivers_autoprobe") == 0) {
                        r = v ? parse_bool(p, at, v, &b) : 0;
                        if (v && r == 0)
                                pf->drivers_autoprobe = b;
                } else if (strcmp(key, "eswitch_mode") == 0) {
                        r = v ? parse_eswitch_mode(p, at, v, &pf->eswitch_mode) : 0;
                } else if (strcmp(key, "rate_groups") == 0) {
                        r = v ? parse_rate_groups(p, at, v, pf) : 0; /* null: not managed */
                } else if (strcmp(key, "vfs") == 0) {
                        r = v ? parse_vfs(p, at, v, pf) : 0; /* null: no VF managed */
                } else {
                        r = fail(p, at, NULL,
                                 "unknown key (pci, ifname, match, num_vfs, drivers_autoprobe, "
                                 "eswitch_mode, rate_groups, vfs)");
                }
                if (r < 0)
                        return r;
        }
        if (selectors != 1)
                return fail(p, path, NULL, "needs exactly one of \"pci\", \"ifname\", \"match\"");
        return 0;
}

static int parse_top(struct parser *p, struct json_object *o, struct state_doc *doc)
{
        struct json_object *pfs = NULL;
        bool has_version = false;
        char at[STATE_PATH_MAX];
        uint64_t version;
        int r;

        r = want_type(p, "$", o, json_type_object, "an object with \"version\" and \"pfs\"");
        if (r < 0)
                return r;
        json_object_object_foreach(o, key, v) {
                path_key(at, "$", key);
                if (strcmp(key, "version") == 0) {
                        r = parse_uint(p, at, v, UINT32_MAX, &version);
                        if (r == 0 && version != STATE_DOC_VERSION)
                                r = fail(p, at, v, "this sriovctl reads version %d",
                                         STATE_DOC_VERSION);
                        has_version = true;
                } else if (strcmp(key, "pfs") == 0) {
                        /* null: no PF managed, like leaving it out. */
                        r = v ? want_type(p, at, v, json_type_array, "an array of PF objects") : 0;
                        pfs = v;
                } else {
                        r = fail(p, at, NULL, "unknown key (version, pfs)");
                }
                if (r < 0)
                        return r;
        }
        if (!has_version)
                return fail(p, "$", NULL, "\"version\": %d is missing", STATE_DOC_VERSION);
        if (!pfs)
                return 0;
        if (json_object_array_length(pfs) > DOC_MAX_PFS)
                return fail(p, "$.pfs", NULL, "%zu entries: a document describes at most %d PFs",
                            json_object_array_length(pfs), DOC_MAX_PFS);
        doc->pfs = calloc(json_object_array_length(pfs) + 1, sizeof(*doc->pfs));
        if (!doc->pfs)
                return -ENOMEM;
        for (size_t i = 0; i < json_object_array_length(pfs); i++) {
                path_index(at, "$.pfs", i);
                doc->n_pfs = i + 1;
                r = parse_pf(p, at, json_object_array_get_idx(pfs, i), &doc->pfs[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Where json-c stopped, as line:column for an editor. */
static void syntax_error(struct parser *p, const char *text, size_t offset, const char *what)
{
        unsigned int line = 1, col = 1;

        for (size_t i = 0; i < offset && text[i]; i++) {
                if (text[i] == '\n')
                        line++, col = 1;
                else
                        col++;
        }
        snprintf(p->err, STATE_ERROR_MAX, "%s:%u:%u: not valid JSON: %s", p->source, line, col,
                 what);
}

int state_doc_parse(const char *source, const char *text, struct state_doc *ret,
                    char err[STATE_ERROR_MAX])
{
        struct parser p = { .source = source, .err = err };
        struct state_doc doc = { 0 };
        struct json_tokener *tok;
        struct json_object *root;
        size_t len = strlen(text);
        int r;

        if (len > DOC_MAX_BYTES) {
                snprintf(err, STATE_ERROR_MAX, "%s: larger than %u MiB", source,
                         DOC_MAX_BYTES >> 20);
                return -E2BIG;
        }
        /* Bounds and repeated keys first: json-c would build the whole tree before either. */
        r = doc_scan(source, text, len, err);
        if (r < 0)
                return r == -E2BIG ? -EINVAL : r;
        tok = json_tokener_new();
        if (!tok)
                return -ENOMEM;
        /* JSON as RFC 8259 has it: no comments, single quotes or trailing commas, which
         * another tool reading the same document might take differently. */
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        /* With the final '\0', so that a bare number or literal ends; "null" is no error here. */
        root = json_tokener_parse_ex(tok, text, (int)len + 1);
        if (json_tokener_get_error(tok) != json_tokener_success) {
                enum json_tokener_error e = json_tokener_get_error(tok);

                syntax_error(&p, text, json_tokener_get_parse_end(tok),
                             e == json_tokener_continue || e == json_tokener_error_parse_eof
                                     ? "the document ends too early"
                                     : json_tokener_error_desc(e));
                json_tokener_free(tok);
                return -EINVAL;
        }
        /* Strict mode also refuses anything but white space after the document. */
        json_tokener_free(tok);

        p.vf_owner = calloc(DOC_MAX_VF_INDEX + 1, sizeof(*p.vf_owner));
        r = p.vf_owner ? parse_top(&p, root, &doc) : -ENOMEM;
        free(p.vf_owner);
        json_object_put(root);
        if (r < 0) {
                if (r == -ENOMEM)
                        snprintf(err, STATE_ERROR_MAX, "%s: out of memory", source);
                state_doc_free(&doc);
                return r;
        }
        *ret = doc;
        return 0;
}

void state_doc_free(struct state_doc *doc)
{
        for (size_t i = 0; i < doc->n_pfs; i++) {
                free(doc->pfs[i].groups);
                free(doc->pfs[i].vfs);
        }
        free(doc->pfs);
        doc->pfs = NULL;
        doc->n_pfs = 0;
}
