/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The words of VF settings (mac, vlan, qos, ...): what vf set and vf acquire take. */
#include <errno.h>
#include <string.h>

#include "sriovctl.h"

static int parse_link_state(const char *s, enum sriov_link_state *ret)
{
        static const enum sriov_link_state states[] = { SRIOV_LINK_STATE_AUTO,
                                                        SRIOV_LINK_STATE_ENABLE,
                                                        SRIOV_LINK_STATE_DISABLE };

        for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
                if (strcmp(s, vf_link_state_name(states[i])) == 0) {
                        *ret = states[i];
                        return 0;
                }
        }
        return -EINVAL;
}

/* The keywords of vf set, iproute2's; each is taken by its JSON and document key too
 * (json_vf_key: link_state for state, vlan_proto for proto). */
static const struct setting_word {
        const char *word;
        uint32_t bit;
} setting_words[] = {
        { "mac", SRIOV_VF_CONFIG_MAC },
        { "vlan", SRIOV_VF_CONFIG_VLAN },
        { "qos", SRIOV_VF_CONFIG_QOS },
        { "proto", SRIOV_VF_CONFIG_VLAN_PROTO },
        { "min_tx_rate", SRIOV_VF_CONFIG_MIN_TX_RATE },
        { "max_tx_rate", SRIOV_VF_CONFIG_MAX_TX_RATE },
        { "spoofchk", SRIOV_VF_CONFIG_SPOOFCHK },
        { "trust", SRIOV_VF_CONFIG_TRUST },
        { "state", SRIOV_VF_CONFIG_LINK_STATE },
        { "query_rss", SRIOV_VF_CONFIG_QUERY_RSS },
};

void vf_settings_offer(struct match *m)
{
        for (size_t i = 0; i < sizeof(setting_words) / sizeof(setting_words[0]); i++) {
                match_offer(m, setting_words[i].word, &setting_words[i]);
                match_offer(m, json_vf_key(setting_words[i].bit), &setting_words[i]);
        }
}

bool vf_settings_has(const void *entry)
{
        const struct setting_word *w = entry;

        return w >= setting_words && w < setting_words + sizeof(setting_words) / sizeof(*w);
}

/*
 * The words after `vf set VF`, iproute2's: vlan ID [qos Q] [proto P], where qos and proto
 * belong to the vlan they follow, and a vlan without them means qos 0 and 802.1Q, as with
 * `ip link set ... vf N vlan ID`. Keywords may be shortened while unique, values not.
 * Returns 0 or EXIT_USAGE (after saying why).
 */
int parse_vf_settings(int argc, char **argv, struct sriov_vf_config *c)
{
        static const char *const keywords = "mac, vlan [qos] [proto], min_tx_rate, "
                                            "max_tx_rate, spoofchk, trust, state, query_rss";
        uint32_t prev = 0;  /* the keyword before */
        uint32_t given = 0; /* keywords seen: vlan fills in qos and proto without giving them */

        memset(c, 0, sizeof(*c));
        if (argc == 0)
                return usage_error("vf set: nothing to set (%s)", keywords);
        for (int i = 0; i < argc; i += 2) {
                const char *val = i + 1 < argc ? argv[i + 1] : NULL, *key;
                const struct setting_word *w;
                unsigned int n, bit;
                struct match m;
                int on;

                match_start(&m, argv[i]);
                vf_settings_offer(&m);
                w = match_end(&m, "vf set");
                if (!w)
                        return m.ambiguous ? EXIT_USAGE
                                           : usage_error("vf set: unknown keyword \"%s\" (%s)",
                                                         argv[i], keywords);
                key = w->word;
                bit = w->bit;
                if (!val)
                        return usage_error("vf set: %s needs a value", key);
                if ((bit == SRIOV_VF_CONFIG_QOS || bit == SRIOV_VF_CONFIG_VLAN_PROTO) &&
                    !(prev & (SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                              SRIOV_VF_CONFIG_VLAN_PROTO)))
                        return usage_error("vf set: %s belongs to a vlan, as in: vlan 100 %s %s",
                                           key, key, val);
                if (given & bit)
                        return usage_error("vf set: %s given twice", key);
                given |= bit;
                switch (bit) {
                case SRIOV_VF_CONFIG_MAC:
                        if (sriov_mac_parse(val, c->mac) < 0)
                                return usage_error("vf set: mac \"%s\": not a MAC address, as in "
                                                   "02:00:00:00:00:01",
                                                   val);
                        break;
                case SRIOV_VF_CONFIG_VLAN:
                        if (parse_uint_arg(val, UINT16_MAX, &n) < 0)
                                return usage_error("vf set: vlan \"%s\": not a VLAN ID", val);
                        c->vlan = (uint16_t)n;
                        c->qos = 0;
                        c->vlan_proto = SRIOV_VLAN_PROTO_8021Q;
                        c->mask |= SRIOV_VF_CONFIG_QOS | SRIOV_VF_CONFIG_VLAN_PROTO;
                        break;
                case SRIOV_VF_CONFIG_QOS:
                        if (parse_uint_arg(val, UINT8_MAX, &n) < 0)
                                return usage_error("vf set: qos \"%s\": not a priority", val);
                        c->qos = (uint8_t)n;
                        break;
                case SRIOV_VF_CONFIG_VLAN_PROTO:
                        if (strcmp(val, "802.1Q") == 0)
                                c->vlan_proto = SRIOV_VLAN_PROTO_8021Q;
                        else if (strcmp(val, "802.1ad") == 0)
                                c->vlan_proto = SRIOV_VLAN_PROTO_8021AD;
                        else
                                return usage_error("vf set: proto \"%s\": expected 802.1Q or "
                                                   "802.1ad",
                                                   val);
                        break;
                case SRIOV_VF_CONFIG_MIN_TX_RATE:
                case SRIOV_VF_CONFIG_MAX_TX_RATE:
                        if (parse_uint_arg(val, UINT32_MAX, &n) < 0)
                                return usage_error("vf set: %s \"%s\": not a rate in Mbit/s",
                                                   key, val);
                        if (bit == SRIOV_VF_CONFIG_MIN_TX_RATE)
                                c->min_tx_rate = n;
                        else
                                c->max_tx_rate = n;
                        break;
                case SRIOV_VF_CONFIG_SPOOFCHK:
                case SRIOV_VF_CONFIG_TRUST:
                case SRIOV_VF_CONFIG_QUERY_RSS:
                        on = parse_on_off(val);
                        if (on < 0)
                                return usage_error("vf set: %s \"%s\": expected on or off", key,
                                                   val);
                        if (bit == SRIOV_VF_CONFIG_SPOOFCHK)
                                c->spoofchk = on;
                        else if (bit == SRIOV_VF_CONFIG_TRUST)
                                c->trust = on;
                        else
                                c->query_rss = on;
                        break;
                case SRIOV_VF_CONFIG_LINK_STATE:
                        if (parse_link_state(val, &c->link_state) < 0)
                                return usage_error("vf set: state \"%s\": expected auto, enable "
                                                   "or disable",
                                                   val);
                        break;
                }
                c->mask |= bit;
                prev = bit;
        }
        return 0;
}
