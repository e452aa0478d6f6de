/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PCI addresses: parsing and printing, no I/O (pci-addr.h). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "pci-addr.h"

/* Exactly @min_digits..@max_digits hex digits; strtoul would accept signs and spaces. */
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
                v = v * 16 + (unsigned int)d;
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

        if (!s || !ret)
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

int sriov_pci_addr_canonical(const char *s, char buf[SRIOV_PCI_ADDR_MAX])
{
        struct sriov_pci_addr a;
        int r = sriov_pci_addr_parse(s, &a);

        if (r < 0)
                return r;
        sriov_pci_addr_format(&a, buf);
        return 0;
}
