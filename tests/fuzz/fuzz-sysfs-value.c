/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Values read from sysfs (lib/sysfs.c over shared/parse-num.c) and the PCI addresses and MACs
 * every command line and document gives (shared/pci-addr.c, shared/mac.c). The input is an
 * attribute's bytes, read back through the library's own readers from a file; what parses
 * formats and parses back to the same value.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsriov-private.h"
#include "mac.h"
#include "pci-addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int dirfd = -1;

static void addresses(const char *s)
{
        struct sriov_pci_addr a, b;
        char buf[SRIOV_PCI_ADDR_MAX], canon[SRIOV_PCI_ADDR_MAX];
        uint8_t mac[6], mac2[6];
        char mtext[SRIOV_MAC_TEXT_MAX];

        if (sriov_pci_addr_parse(s, &a) == 0) {
                sriov_pci_addr_format(&a, buf);
                if (sriov_pci_addr_parse(buf, &b) < 0 || sriov_pci_addr_cmp(&a, &b) != 0)
                        abort();
                if (sriov_pci_addr_canonical(s, canon) < 0 || strcmp(canon, buf) != 0)
                        abort();
        }
        if (sriov_mac_parse(s, mac) == 0) {
                sriov_mac_format(mac, mtext);
                if (sriov_mac_parse(mtext, mac2) < 0 || memcmp(mac, mac2, 6) != 0)
                        abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char buf[64], *s;
        unsigned int u;
        uint16_t h;
        int fd, i;

        if (dirfd < 0) {
                char tmpl[] = "/tmp/fuzz-sysfs-value.XXXXXX";

                if (!mkdtemp(tmpl))
                        abort();
                dirfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (dirfd < 0)
                        abort();
        }
        fd = openat(dirfd, "attr", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || write(fd, data, size) != (ssize_t)size)
                abort();
        close(fd);
        if (sysfs_read_uint(dirfd, "attr", &u) == 0) {
                snprintf(buf, sizeof(buf), "%u", u);
                if (sriov_parse_uint(buf, UINT_MAX, &(uint64_t){ 0 }) < 0)
                        abort();
        }
        if (sysfs_read_int(dirfd, "attr", &i) == 0) {
                snprintf(buf, sizeof(buf), "%d", i);
                if (sriov_parse_int(buf, INT_MIN, INT_MAX, &(int64_t){ 0 }) < 0)
                        abort();
        }
        if (sysfs_read_hex16(dirfd, "attr", &h) == 0) {
                snprintf(buf, sizeof(buf), "0x%04x", h);
                if (sriov_parse_hex(buf, 0xffff, &(uint64_t){ 0 }) < 0)
                        abort();
        }
        if (sysfs_read_str(dirfd, "attr", buf, sizeof(buf)) >= 0)
                addresses(buf);
        /* The same text as a command line gives it, without sysfs's trimming. */
        s = malloc(size + 1);
        if (!s)
                return 0;
        memcpy(s, data, size);
        s[size] = '\0';
        addresses(s);
        free(s);
        return 0;
}
