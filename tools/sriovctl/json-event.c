/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * monitor -j: an event as one JSON object, a line each (schemas/monitor.schema.json). Every
 * object has "time", "event", "pf", "vf" and "pci" (null where the event has none), then what
 * its type says changed: "old" and "new", or for vf-config "changed", each field's old and new
 * value in the form vf show -j gives it; a rate event's "old" and "new" are its rates, and
 * "node" names a node (null for a VF's leaf).
 */
#include <time.h>

#include "sriovctl.h"

/* RFC 3339 in UTC with microseconds: sortable, and what jq's fromdate reads once cut. */
void event_time_text(int64_t usec, char buf[48])
{
        time_t sec = (time_t)(usec / 1000000);
        char when[32];
        struct tm tm;

        gmtime_r(&sec, &tm);
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(buf, 48, "%s.%06dZ", when, (int)(usec % 1000000));
}

static struct json_object *json_time(int64_t usec)
{
        char buf[48];

        event_time_text(usec, buf);
        return json_object_new_string(buf);
}

static struct json_object *json_changed(const struct sriov_event *e)
{
        struct sriov_vf_config old, new;
        uint32_t changed = sriov_event_get_vf_configs(e, &old, &new);
        struct json_object *o = json_object_new_object();

        for (size_t i = 0; i < SRIOV_VF_FIELDS; i++) {
                uint32_t bit = sriov_vf_field_show_order[i];
                struct json_object *pair;

                if (!(changed & bit))
                        continue;
                pair = json_object_new_object();
                json_object_object_add(pair, "old", json_vf_field(bit, &old));
                json_object_object_add(pair, "new", json_vf_field(bit, &new));
                json_object_object_add(o, json_vf_key(bit), pair);
        }
        return o;
}

/* A rate object as rate show -j gives its rates; null for none (made, or deleted). */
static struct json_object *json_event_rate(const struct sriov_rate *r)
{
        struct json_object *o;

        if (!r->mask)
                return NULL;
        o = json_object_new_object();
        json_object_object_add(o, "tx_share", r->mask & SRIOV_RATE_TX_SHARE
                                                      ? json_object_new_uint64(r->tx_share)
                                                      : NULL);
        json_object_object_add(o, "tx_max", r->mask & SRIOV_RATE_TX_MAX
                                                    ? json_object_new_uint64(r->tx_max)
                                                    : NULL);
        json_object_object_add(o, "parent", json_string_or_null(r->parent[0] ? r->parent : NULL));
        return o;
}

struct json_object *json_event(const struct sriov_event *e)
{
        struct json_object *o = json_object_new_object();
        enum sriov_event_type type = sriov_event_get_type(e);
        int vf = sriov_event_get_vf_index(e);
        unsigned int old, new;

        json_object_object_add(o, "time", json_time(sriov_event_get_timestamp(e)));
        json_object_object_add(o, "event", json_string_or_null(sriov_event_type_to_string(type)));
        json_object_object_add(o, "pf", json_string_or_null(sriov_event_get_pf(e)));
        json_object_object_add(o, "vf", vf >= 0 ? json_object_new_int(vf) : NULL);
        json_object_object_add(o, "pci", json_string_or_null(sriov_event_get_vf_pci_address(e)));
        switch (type) {
        case SRIOV_EVENT_NUM_VFS:
                sriov_event_get_counts(e, &old, &new);
                json_object_object_add(o, "old", json_object_new_int64(old));
                json_object_object_add(o, "new", json_object_new_int64(new));
                break;
        case SRIOV_EVENT_PF_CARRIER:
                sriov_event_get_counts(e, &old, &new);
                json_object_object_add(o, "old", json_object_new_boolean(old));
                json_object_object_add(o, "new", json_object_new_boolean(new));
                break;
        case SRIOV_EVENT_VF_CONFIG:
                json_object_object_add(o, "changed", json_changed(e));
                break;
        case SRIOV_EVENT_RATE: {
                struct sriov_rate ro, rn;

                sriov_event_get_rates(e, &ro, &rn);
                json_object_object_add(o, "node", json_string_or_null(sriov_event_get_rate_node(e)));
                json_object_object_add(o, "old", json_event_rate(&ro));
                json_object_object_add(o, "new", json_event_rate(&rn));
                break;
        }
        case SRIOV_EVENT_RESYNC:
        case SRIOV_EVENT_VF_ADDED:
        case SRIOV_EVENT_VF_REMOVED:
                break;
        default:
                json_object_object_add(o, "old", json_string_or_null(sriov_event_get_old_value(e)));
                json_object_object_add(o, "new", json_string_or_null(sriov_event_get_new_value(e)));
                break;
        }
        return o;
}
