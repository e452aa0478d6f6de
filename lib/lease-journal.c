/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The lease journal: one small text file per leased VF that records who holds it and what the
 * VF was like before, so that a release, or a recovery after the holder crashed, can put it
 * back. Line-based "key value" text: readable by a person in /run/libsriov, versioned, and
 * parsed strictly, because a journal that is misread would "restore" the wrong state.
 *
 * Version 2 added the state "releasing" and the process acquiring or releasing (so that a
 * crash of either is recovered, even for a lease without owner), and who broke the lease with
 * force. Version 1 journals, which a libsriov before the upgrade may have left in /run, still
 * read. Version 3 added the holder's name and the netdev lease: the VF's netdev name, MTU and
 * MAC before it was handed over; version 2 journals read as vfio leases without a holder.
 * Version 4 added the PID namespace of the owner and of the busy process (process.c): their
 * pids are then their own namespace's; in an older journal they are the writer's, and are
 * judged in the reader's /proc as they were (a VMM's running lease keeps its meaning across
 * an upgrade). Version 4 also added the acquirer's labels, a "label key=value" line each, after
 * every other key.
 *
 * Version 5 added "dev_ino": the inode number of the VF's sysfs directory when it was leased,
 * which tells the leased device from one made since at the same PCI address (a PF reset or
 * resize removes its VFs and makes new ones there). sysfs (kernfs) numbers its nodes
 * cyclically with 32 high bits that count the wraps (__kernfs_new_node() since 5.5), so a new
 * device never has an old one's number. 0 means "not known": a journal of version 4 or older,
 * whose VF is lost only once no VF of its PF is at its address any more (lease.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsriov-private.h"

#define JOURNAL_MAGIC_V1 "libsriov-lease 1"
#define JOURNAL_MAGIC_V2 "libsriov-lease 2"
#define JOURNAL_MAGIC_V3 "libsriov-lease 3"
#define JOURNAL_MAGIC_V4 "libsriov-lease 4"
#define JOURNAL_MAGIC "libsriov-lease 5"

int lease_journal_format(const struct lease_journal *j, char *buf, size_t size)
{
        const struct sriov_vf_config *c = &j->orig_config;
        char mac[SRIOV_MAC_TEXT_MAX], ifmac[SRIOV_MAC_TEXT_MAX];
        int n = snprintf(buf, size,
                         JOURNAL_MAGIC "\n"
                         "state %s\n"
                         "pci %s\n"
                         "pf %s\n"
                         "vf %u\n"
                         "owner_pid %d\n"
                         "owner_start %llu\n"
                         "cookie %s\n"
                         "driver %s\n"
                         "driver_override %s\n"
                         "mask 0x%x\n"
                         "mac %s\n"
                         "vlan %u\n"
                         "qos %u\n"
                         "vlan_proto 0x%04x\n"
                         "min_tx_rate %u\n"
                         "max_tx_rate %u\n"
                         "spoofchk %d\n"
                         "trust %d\n"
                         "link_state %d\n"
                         "query_rss %d\n"
                         "busy_pid %d\n"
                         "busy_start %llu\n"
                         "broken_pid %d\n"
                         "broken_what %s\n"
                         "holder %s\n"
                         "kind %s\n"
                         "ifname %s\n"
                         "mtu %u\n"
                         "ifmac %s\n"
                         "owner_pidns %llu\n"
                         "busy_pidns %llu\n"
                         "dev_ino %llu\n",
                         j->state == LEASE_HELD        ? "held"
                         : j->state == LEASE_RELEASING ? "releasing"
                                                       : "acquiring",
                         j->pci, j->pf, j->vf, j->owner_pid,
                         (unsigned long long)j->owner_start, j->cookie,
                         j->orig_driver[0] ? j->orig_driver : "-",
                         j->orig_override[0] ? j->orig_override : "-", c->mask,
                         sriov_mac_format(c->mac, mac), c->vlan, c->qos, c->vlan_proto,
                         c->min_tx_rate, c->max_tx_rate, c->spoofchk, c->trust,
                         (int)c->link_state, c->query_rss, j->busy_pid,
                         (unsigned long long)j->busy_start, j->broken_pid,
                         j->broken_what[0] ? j->broken_what : "-",
                         j->holder[0] ? j->holder : "-", j->netdev ? "netdev" : "vfio",
                         j->ifname[0] ? j->ifname : "-", j->mtu, sriov_mac_format(j->ifmac, ifmac),
                         (unsigned long long)j->owner_pidns, (unsigned long long)j->busy_pidns,
                         (unsigned long long)j->dev_ino);

        for (unsigned int i = 0; i < j->n_labels && n >= 0 && (size_t)n < size; i++)
                n += snprintf(buf + n, size - (size_t)n, "label %s\n", j->labels[i]);
        if (n < 0 || (size_t)n >= size)
                return -EOVERFLOW;
        return n;
}

const char *lease_label_invalid(const char *label)
{
        const char *eq = strchr(label, '=');
        size_t klen = eq ? (size_t)(eq - label) : 0;

        if (!eq)
                return "not key=value";
        if (klen == 0 || klen > SRIOV_LEASE_LABEL_KEY_MAX)
                return "a key of 1 to 63 characters";
        if (!((label[0] >= 'a' && label[0] <= 'z') || (label[0] >= '0' && label[0] <= '9')))
                return "a key starts with a lower-case letter or a digit";
        for (size_t i = 0; i < klen; i++)
                if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789._-/", label[i]))
                        return "a key of lower-case letters, digits and . _ - /";
        if (strlen(eq + 1) > SRIOV_LEASE_LABEL_VALUE_MAX)
                return "a value of at most 255 bytes";
        for (const char *c = eq + 1; *c; c++)
                if ((unsigned char)*c < ' ' || *c == 0x7f)
                        return "a value without control characters";
        return NULL;
}

int lease_journal_add_label(struct lease_journal *j, const char *label)
{
        size_t klen = strcspn(label, "=");

        if (lease_label_invalid(label) || j->n_labels == SRIOV_LEASE_LABELS_MAX)
                return -EINVAL;
        for (unsigned int i = 0; i < j->n_labels; i++)
                if (strncmp(j->labels[i], label, klen + 1) == 0)
                        return -EINVAL; /* the key again */
        snprintf(j->labels[j->n_labels++], SRIOV_LEASE_LABEL_MAX, "%s", label);
        return 0;
}

/* A decimal, or 0x-hex, number within [min, max]. */
static int parse_num(const char *s, long long min, long long max, long long *ret)
{
        int64_t v;
        uint64_t u;
        int r;

        if (s[0] == '0' && s[1] == 'x') {
                r = sriov_parse_hex(s + 2, (uint64_t)max, &u);
                v = (int64_t)u;
        } else {
                r = sriov_parse_int(s, min, max, &v);
        }
        if (r < 0 || v < min)
                return -EINVAL;
        *ret = v;
        return 0;
}

/* A PCI address as the library writes it (0000:01:10.2): gc builds sysfs paths from it. */
static int copy_pci(const char *v, char *dst, size_t size)
{
        char canon[SRIOV_PCI_ADDR_MAX];

        if (sriov_pci_addr_canonical(v, canon) < 0 || strcmp(canon, v) != 0 ||
            strlen(v) >= size)
                return -EINVAL;
        strcpy(dst, v);
        return 0;
}

/* A driver's name, or "-" for none: release and gc bind to it and write it to sysfs. */
static int copy_driver(const char *v, char *dst, size_t size)
{
        if (strcmp(v, "-") == 0) {
                dst[0] = '\0';
                return 0;
        }
        if (!sriov_driver_name_valid(v) || strlen(v) >= size)
                return -EINVAL;
        strcpy(dst, v);
        return 0;
}

/* Free text for a person: printable, a line of its own. */
static int copy_text(const char *v, char *dst, size_t size)
{
        if (!*v || strlen(v) >= size)
                return -EINVAL;
        for (const char *c = v; *c; c++)
                if ((unsigned char)*c < ' ' || *c == 0x7f)
                        return -EINVAL;
        strcpy(dst, strcmp(v, "-") == 0 ? "" : v);
        return 0;
}

static const char *const keys[] = {
        "state",       "pci",         "pf",       "vf",    "owner_pid",  "owner_start",
        "cookie",      "driver",      "driver_override", "mask", "mac",   "vlan",
        "qos",         "vlan_proto",  "min_tx_rate",     "max_tx_rate", "spoofchk",
        "trust",       "link_state",  "query_rss",
        /* Version 2. */
        "busy_pid", "busy_start", "broken_pid", "broken_what",
        /* Version 3. */
        "holder", "kind", "ifname", "mtu", "ifmac",
        /* Version 4. */
        "owner_pidns", "busy_pidns",
        /* Version 5. */
        "dev_ino",
};
#define N_KEYS_V1 20u
#define N_KEYS_V2 24u
#define N_KEYS_V3 29u
#define N_KEYS_V4 31u
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
_Static_assert(N_KEYS < 64, "a bit of the parser's uint64_t for each key");

/* One "key value" line into @j. */
static int parse_line(const char *key, const char *v, struct lease_journal *j, unsigned int n_keys,
                      uint64_t *seen)
{
        struct sriov_vf_config *c = &j->orig_config;
        long long n = 0;
        size_t k;
        int r = 0;

        for (k = 0; k < n_keys && strcmp(keys[k], key); k++)
                ;
        if (k == n_keys || (*seen & (UINT64_C(1) << k)))
                return -EINVAL; /* unknown or repeated */
        *seen |= UINT64_C(1) << k;

        switch (k) {
        case 0:
                if (strcmp(v, "held") == 0)
                        j->state = LEASE_HELD;
                else if (strcmp(v, "acquiring") == 0)
                        j->state = LEASE_ACQUIRING;
                else if (strcmp(v, "releasing") == 0 && n_keys >= N_KEYS_V2)
                        j->state = LEASE_RELEASING;
                else
                        return -EINVAL;
                return 0;
        case 1: return copy_pci(v, j->pci, sizeof(j->pci));
        case 2: return copy_pci(v, j->pf, sizeof(j->pf));
        case 6:
                if (strlen(v) != 32 || strspn(v, "0123456789abcdef") != 32)
                        return -EINVAL;
                memcpy(j->cookie, v, 33);
                return 0;
        case 7: return copy_driver(v, j->orig_driver, sizeof(j->orig_driver));
        case 8: return copy_driver(v, j->orig_override, sizeof(j->orig_override));
        case 10: return sriov_mac_parse(v, c->mac);
        case 23: return copy_text(v, j->broken_what, sizeof(j->broken_what));
        case 24: return copy_text(v, j->holder, sizeof(j->holder));
        case 25:
                if (strcmp(v, "netdev") != 0 && strcmp(v, "vfio") != 0)
                        return -EINVAL;
                j->netdev = strcmp(v, "netdev") == 0;
                return 0;
        case 26:
                if (strcmp(v, "-") == 0) {
                        j->ifname[0] = '\0';
                        return 0;
                }
                if (!sriov_ifname_valid(v))
                        return -EINVAL;
                snprintf(j->ifname, sizeof(j->ifname), "%s", v);
                return 0;
        case 28: return sriov_mac_parse(v, j->ifmac);
        default: break;
        }

        switch (k) {
        case 3: r = parse_num(v, 0, 65535, &n); j->vf = (unsigned int)n; break;
        case 4: r = parse_num(v, -1, 0x7fffffff, &n); j->owner_pid = (int)n; break;
        case 5: r = parse_num(v, 0, 0x7fffffffffffffffLL, &n); j->owner_start = (uint64_t)n; break;
        case 9: r = parse_num(v, 0, SRIOV_VF_CONFIG_ALL, &n); c->mask = (uint32_t)n; break;
        case 11: r = parse_num(v, 0, 4095, &n); c->vlan = (uint16_t)n; break;
        case 12: r = parse_num(v, 0, 7, &n); c->qos = (uint8_t)n; break;
        case 13: r = parse_num(v, 0, 0xffff, &n); c->vlan_proto = (uint16_t)n; break;
        case 14: r = parse_num(v, 0, 0xffffffffLL, &n); c->min_tx_rate = (uint32_t)n; break;
        case 15: r = parse_num(v, 0, 0xffffffffLL, &n); c->max_tx_rate = (uint32_t)n; break;
        case 16: r = parse_num(v, 0, 1, &n); c->spoofchk = n; break;
        case 17: r = parse_num(v, 0, 1, &n); c->trust = n; break;
        case 18: r = parse_num(v, 0, 2, &n); c->link_state = (enum sriov_link_state)n; break;
        case 19: r = parse_num(v, 0, 1, &n); c->query_rss = n; break;
        case 20: r = parse_num(v, -1, 0x7fffffff, &n); j->busy_pid = (int)n; break;
        case 21:
                r = parse_num(v, 0, 0x7fffffffffffffffLL, &n);
                j->busy_start = (uint64_t)n;
                break;
        case 22: r = parse_num(v, -1, 0x7fffffff, &n); j->broken_pid = (int)n; break;
        case 27: r = parse_num(v, 0, 0xffffffffLL, &n); j->mtu = (unsigned int)n; break;
        case 29: r = parse_num(v, 0, 0xffffffffLL, &n); j->owner_pidns = (uint64_t)n; break;
        case 30: r = parse_num(v, 0, 0xffffffffLL, &n); j->busy_pidns = (uint64_t)n; break;
        case 31: r = parse_num(v, 0, 0x7fffffffffffffffLL, &n); j->dev_ino = (uint64_t)n; break;
        default: r = -EINVAL; break;
        }
        return r;
}

/* The bits of @seen a journal with @n_keys keys has when it has every one. */
static uint64_t all_keys(unsigned int n_keys)
{
        return (UINT64_C(1) << n_keys) - 1;
}

int lease_journal_parse(const char *text, struct lease_journal *ret, int *bad_line)
{
        struct lease_journal j = { .busy_pid = -1, .broken_pid = -1 };
        const char *p = text;
        uint64_t seen = 0;
        unsigned int n_keys = N_KEYS;
        int line = 0;

        while (*p) {
                char buf[SRIOV_LEASE_LABEL_MAX + 16], *sp;
                const char *nl = strchr(p, '\n');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);

                line++;
                if (len >= sizeof(buf))
                        goto bad;
                memcpy(buf, p, len);
                buf[len] = '\0';
                p += len + (nl ? 1 : 0);
                if (line == 1) {
                        if (strcmp(buf, JOURNAL_MAGIC_V1) == 0)
                                n_keys = N_KEYS_V1;
                        else if (strcmp(buf, JOURNAL_MAGIC_V2) == 0)
                                n_keys = N_KEYS_V2;
                        else if (strcmp(buf, JOURNAL_MAGIC_V3) == 0)
                                n_keys = N_KEYS_V3;
                        else if (strcmp(buf, JOURNAL_MAGIC_V4) == 0)
                                n_keys = N_KEYS_V4;
                        else if (strcmp(buf, JOURNAL_MAGIC) != 0)
                                goto bad;
                        continue;
                }
                sp = strchr(buf, ' ');
                if (!sp)
                        goto bad;
                *sp = '\0';
                /* Labels, as many as were given, come last: after every other key. */
                if (strcmp(buf, "label") == 0 && n_keys >= N_KEYS_V4 && seen == all_keys(n_keys)) {
                        if (lease_journal_add_label(&j, sp + 1) < 0)
                                goto bad;
                        continue;
                }
                if (j.n_labels || parse_line(buf, sp + 1, &j, n_keys, &seen) < 0)
                        goto bad;
        }
        /* Every key, exactly once: a journal cut short by a crash is not half-trusted. */
        if (line == 0 || seen != all_keys(n_keys)) {
                line = line ? line + 1 : 1;
                goto bad;
        }
        *ret = j;
        return 0;
bad:
        if (bad_line)
                *bad_line = line;
        return -EBADMSG;
}
