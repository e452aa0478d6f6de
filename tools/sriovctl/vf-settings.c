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

/*
 * The words after `vf set VF`, iproute2's: vlan ID [qos Q] [proto P], where qos and proto
 * belong to the vlan they follow, and a vlan without them means qos 0 and 802.1Q, as with
 * `ip link set ... vf N vlan ID`. Returns 0 or EXIT_USAGE (after saying why).
 */
int parse_vf_settings(int argc, char **argv, struct sriov_vf_config *c)
{
        static const char *const keywords = "mac, vlan [qos] [proto], min_tx_rate, "
                                            "max_tx_rate, spoofchk, trust, state, query_rss";
        const char *prev = NULL;
        uint32_t given = 0; /* keywords seen: vlan fills in qos and proto without giving them */

        memset(c, 0, sizeof(*c));
        if (argc == 0)
                return usage_error("vf set: nothing to set (%s)", keywords);
        for (int i = 0; i < argc; prev = argv[i], i += 2) {
                const char *key = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
                unsigned int n, bit = 0;
                int on;

                if (strcmp(key, "mac") == 0)
                        bit = SRIOV_VF_CONFIG_MAC;
                else if (strcmp(key, "vlan") == 0)
                        bit = SRIOV_VF_CONFIG_VLAN;
                else if (strcmp(key, "qos") == 0)
                        bit = SRIOV_VF_CONFIG_QOS;
                else if (strcmp(key, "proto") == 0)
                        bit = SRIOV_VF_CONFIG_VLAN_PROTO;
                else if (strcmp(key, "min_tx_rate") == 0)
                        bit = SRIOV_VF_CONFIG_MIN_TX_RATE;
                else if (strcmp(key, "max_tx_rate") == 0)
                        bit = SRIOV_VF_CONFIG_MAX_TX_RATE;
                else if (strcmp(key, "spoofchk") == 0)
                        bit = SRIOV_VF_CONFIG_SPOOFCHK;
                else if (strcmp(key, "trust") == 0)
                        bit = SRIOV_VF_CONFIG_TRUST;
                else if (strcmp(key, "state") == 0)
                        bit = SRIOV_VF_CONFIG_LINK_STATE;
                else if (strcmp(key, "query_rss") == 0)
                        bit = SRIOV_VF_CONFIG_QUERY_RSS;
                else
                        return usage_error("vf set: unknown keyword \"%s\" (%s)", key, keywords);
                if (!val)
                        return usage_error("vf set: %s needs a value", key);
                if ((bit == SRIOV_VF_CONFIG_QOS || bit == SRIOV_VF_CONFIG_VLAN_PROTO) &&
                    (!prev || (strcmp(prev, "vlan") && strcmp(prev, "qos") &&
                               strcmp(prev, "proto"))))
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
        }
        return 0;
}
