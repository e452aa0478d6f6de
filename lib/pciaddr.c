/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parsing of the names users type: PCI addresses, interface names and "PF/INDEX". No I/O. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

/* Parse exactly @digits..@max_digits hex digits; strtoul would accept signs and spaces. */
static const char *parse_hex(const char *s, int min_digits, int max_digits, unsigned int max,
                             unsigned int *ret)
{
        unsigned int v = 0;
        int n = 0;

        for (; n < max_digits; n++, s++) {
                int d;

                if (*s >= '0' && *s <= '9')
                        d = *s - '0';
                else if (*s >= 'a' && *s <= 'f')
                        d = *s - 'a' + 10;
                else if (*s >= 'A' && *s <= 'F')
                        d = *s - 'A' + 10;
                else
                        break;
                v = v * 16 + d;
        }
        if (n < min_digits || v > max)
                return NULL;
        *ret = v;
        return s;
}

int sriov_pci_addr_parse(const char *s, struct sriov_pci_addr *ret)
{
        struct sriov_pci_addr a = { 0 };
        const char *p;

        if (!s)
                return -EINVAL;
        /* With a domain there are two colons: "0000:01:00.0"; without, one: "01:00.0". */
        p = strchr(s, ':');
        if (p && strchr(p + 1, ':')) {
                s = parse_hex(s, 1, 8, 0xffffffffu, &a.domain);
                if (!s || *s++ != ':')
                        return -EINVAL;
        }
        s = parse_hex(s, 1, 2, 0xff, &a.bus);
        if (!s || *s++ != ':')
                return -EINVAL;
        s = parse_hex(s, 1, 2, 0x1f, &a.dev);
        if (!s || *s++ != '.')
                return -EINVAL;
        s = parse_hex(s, 1, 1, 7, &a.fn);
        if (!s || *s != '\0')
                return -EINVAL;
        *ret = a;
        return 0;
}

void sriov_pci_addr_format(const struct sriov_pci_addr *a, char buf[SRIOV_PCI_ADDR_MAX])
{
        snprintf(buf, SRIOV_PCI_ADDR_MAX, "%04x:%02x:%02x.%x", a->domain, a->bus, a->dev, a->fn);
}

int sriov_pci_addr_cmp(const struct sriov_pci_addr *a, const struct sriov_pci_addr *b)
{
        const unsigned int x[] = { a->domain, a->bus, a->dev, a->fn };
        const unsigned int y[] = { b->domain, b->bus, b->dev, b->fn };

        for (size_t i = 0; i < 4; i++)
                if (x[i] != y[i])
                        return x[i] < y[i] ? -1 : 1;
        return 0;
}

bool sriov_ifname_valid(const char *s)
{
        size_t n;

        if (!s)
                return false;
        n = strlen(s);
        if (n == 0 || n >= SRIOV_IFNAME_MAX || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
                return false;
        /* The kernel's dev_valid_name() refuses '/', ':' and white space. */
        for (const char *c = s; *c; c++)
                if (*c == '/' || *c == ':' || *c <= ' ' || *c == 0x7f)
                        return false;
        return true;
}

int sriov_vf_name_split(const char *s, char pf[SRIOV_PCI_ADDR_MAX], unsigned int *index)
{
        const char *slash, *p;
        unsigned long v = 0;

        if (!s)
                return -EINVAL;
        slash = strrchr(s, '/');
        if (!slash || slash == s || (size_t)(slash - s) >= SRIOV_PCI_ADDR_MAX || !slash[1])
                return -EINVAL;
        for (p = slash + 1; *p; p++) {
                if (*p < '0' || *p > '9')
                        return -EINVAL;
                v = v * 10 + (unsigned long)(*p - '0');
                if (v > 65535) /* sriov_totalvfs is a 16-bit field */
                        return -EINVAL;
        }
        memcpy(pf, s, slash - s);
        pf[slash - s] = '\0';
        *index = (unsigned int)v;
        return 0;
}
