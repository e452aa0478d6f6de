/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "mac": "auto": a VF's MAC derived from its PF's permanent MAC and its index, so the same
 * document gives the same VF the same MAC on every apply and every host rebuild, with nothing
 * stored. The permanent MAC is globally unique, so hashing it with the index spreads VFs of
 * different PFs (and hosts) over 46 bits; the caller steps @salt on the rare collision.
 * sriovctl(8) documents the construction: other tools may need to compute the same address.
 */
#include "state.h"

#define FNV64_OFFSET 0xcbf29ce484222325ull
#define FNV64_PRIME 0x100000001b3ull

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
        const uint8_t *p = data;

        for (size_t i = 0; i < len; i++) {
                h ^= p[i];
                h *= FNV64_PRIME;
        }
        return h;
}

void mac_auto_derive(const uint8_t perm_mac[6], unsigned int index, uint8_t salt,
                     uint8_t ret[6])
{
        static const char domain[] = "libsriov-vf-mac";
        const uint8_t idx[4] = { index & 0xff, (index >> 8) & 0xff, (index >> 16) & 0xff,
                                 (index >> 24) & 0xff };
        uint64_t h = FNV64_OFFSET;

        h = fnv1a(h, domain, sizeof(domain) - 1);
        h = fnv1a(h, perm_mac, 6);
        h = fnv1a(h, idx, sizeof(idx));
        h = fnv1a(h, &salt, 1);
        for (int i = 0; i < 6; i++)
                ret[i] = (uint8_t)(h >> (56 - 8 * i));
        /* Unicast, locally administered: IEEE 802 says such an address is ours to pick. */
        ret[0] = (uint8_t)((ret[0] & ~0x01u) | 0x02u);
}
