/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * PCI addresses as the kernel names them ("0000:01:00.0"), and the short form people type
 * ("01:00.0", domain 0). One parser for the library, sriovctl and the tests: two parsers of
 * one thing drift apart (a document parser once took only 4-digit domains while the library
 * took VMD's 5-digit ones).
 */
#ifndef SHARED_PCI_ADDR_H
#define SHARED_PCI_ADDR_H

/* Longest address the kernel prints: an 8-digit domain, "12345678:00:00.0", and its NUL. */
#define SRIOV_PCI_ADDR_MAX 32

struct sriov_pci_addr {
        unsigned int domain, bus, dev, fn;
};

/* "DDDD:BB:DD.F" (a domain of 1 to 8 hex digits) or "BB:DD.F". Returns 0 or -EINVAL. */
int sriov_pci_addr_parse(const char *s, struct sriov_pci_addr *ret);
/* The kernel's form: at least 4 domain digits, "0000:01:00.0", "10000:e1:00.0". */
void sriov_pci_addr_format(const struct sriov_pci_addr *a, char buf[SRIOV_PCI_ADDR_MAX]);
/* Numeric order: 0000:0a:00.0 sorts before 10000:00:00.0. */
int sriov_pci_addr_cmp(const struct sriov_pci_addr *a, const struct sriov_pci_addr *b);
/* Parse and print back in the kernel's form; -EINVAL when @s is no PCI address. */
int sriov_pci_addr_canonical(const char *s, char buf[SRIOV_PCI_ADDR_MAX]);

#endif
