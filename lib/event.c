/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Events (sriov_event_*) and the queue that holds them until the consumer takes them
 * (monitor.h). The queue is bounded: a consumer that falls behind by more than its bound gets
 * one RESYNC instead of the events it missed, as when the kernel's socket overflows, so memory
 * does not grow with a slow reader.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libsriov-private.h"
#include "monitor.h"

struct sriov_event *event_new(enum sriov_event_type type, const char *pf, const struct snap_vf *vf)
{
        struct sriov_event *e = calloc(1, sizeof(*e));
        struct timespec ts;

        if (!e)
                return NULL;
        e->refcount = 1;
        e->type = type;
        clock_gettime(CLOCK_REALTIME, &ts);
        e->usec = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
        snprintf(e->pf, sizeof(e->pf), "%s", pf ? pf : "");
        e->vf = vf ? (int)vf->index : -1;
        if (vf)
                snprintf(e->pci, sizeof(e->pci), "%s", vf->pci);
        return e;
}

int event_set_values(struct sriov_event *e, const char *old, const char *new)
{
        if ((old && !(e->old_value = strdup(old))) || (new && !(e->new_value = strdup(new))))
                return -ENOMEM;
        return 0;
}

void event_queue_init(struct event_queue *q, size_t max)
{
        memset(q, 0, sizeof(*q));
        q->max = max ? max : 1;
}

void event_queue_clear(struct event_queue *q)
{
        struct sriov_event *e;

        while ((e = event_queue_pop(q)))
                sriov_event_unref(e);
        free(q->ev);
        q->ev = NULL;
        q->head = q->count = q->size = 0;
        q->overflowed = false;
}

static void drop_all(struct event_queue *q)
{
        while (q->count) {
                sriov_event_unref(q->ev[q->head]);
                q->head = (q->head + 1) % q->size;
                q->count--;
        }
        q->head = 0;
}

void event_queue_push(struct event_queue *q, struct sriov_event *e)
{
        if (q->overflowed || !e || q->count >= q->max) {
                /* Lost events: what is queued no longer tells the whole story. One RESYNC,
                 * made when taken (event_queue_pop), replaces it all. */
                if (e)
                        sriov_event_unref(e);
                drop_all(q);
                q->overflowed = true;
                return;
        }
        if (q->count == q->size) {
                size_t size = q->size ? q->size * 2 : 64;
                struct sriov_event **ev = calloc(size, sizeof(*ev));

                if (!ev) {
                        sriov_event_unref(e);
                        drop_all(q);
                        q->overflowed = true;
                        return;
                }
                for (size_t i = 0; i < q->count; i++)
                        ev[i] = q->ev[(q->head + i) % q->size];
                free(q->ev);
                q->ev = ev;
                q->size = size;
                q->head = 0;
        }
        q->ev[(q->head + q->count) % q->size] = e;
        q->count++;
}

struct sriov_event *event_queue_pop(struct event_queue *q)
{
        struct sriov_event *e;

        if (q->overflowed) {
                e = event_new(SRIOV_EVENT_RESYNC, NULL, NULL);
                /* Out of memory: the RESYNC is still owed, and said at the next call. */
                if (e)
                        q->overflowed = false;
                return e;
        }
        if (!q->count)
                return NULL;
        e = q->ev[q->head];
        q->head = (q->head + 1) % q->size;
        q->count--;
        return e;
}

/* ---- the public object ---- */

SRIOV_EXPORT struct sriov_event *sriov_event_ref(struct sriov_event *e)
{
        if (e)
                e->refcount++;
        return e;
}

SRIOV_EXPORT struct sriov_event *sriov_event_unref(struct sriov_event *e)
{
        if (!e || --e->refcount > 0)
                return NULL;
        free(e->old_value);
        free(e->new_value);
        free(e);
        return NULL;
}

SRIOV_EXPORT enum sriov_event_type sriov_event_get_type(const struct sriov_event *e)
{
        return e ? e->type : SRIOV_EVENT_RESYNC;
}

SRIOV_EXPORT const char *sriov_event_type_to_string(enum sriov_event_type type)
{
        static const char *const names[] = {
                [SRIOV_EVENT_RESYNC] = "resync",       [SRIOV_EVENT_PF_ADDED] = "pf-added",
                [SRIOV_EVENT_PF_REMOVED] = "pf-removed", [SRIOV_EVENT_PF_DRIVER] = "pf-driver",
                [SRIOV_EVENT_PF_CARRIER] = "pf-carrier", [SRIOV_EVENT_NUM_VFS] = "num-vfs",
                [SRIOV_EVENT_VF_ADDED] = "vf-added",   [SRIOV_EVENT_VF_REMOVED] = "vf-removed",
                [SRIOV_EVENT_VF_DRIVER] = "vf-driver", [SRIOV_EVENT_VF_NETDEV] = "vf-netdev",
                [SRIOV_EVENT_VF_CONFIG] = "vf-config", [SRIOV_EVENT_LEASE] = "lease",
                [SRIOV_EVENT_ESWITCH_MODE] = "eswitch-mode",
                [SRIOV_EVENT_REPRESENTOR] = "representor", [SRIOV_EVENT_RATE] = "rate",
                [SRIOV_EVENT_VF_NETNS] = "vf-netns",
        };

        return (unsigned int)type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

SRIOV_EXPORT int sriov_event_type_from_string(const char *s)
{
        for (int t = 0; t < SRIOV_EVENT_TYPES; t++)
                if (s && strcmp(s, sriov_event_type_to_string((enum sriov_event_type)t)) == 0)
                        return t;
        return -EINVAL;
}

SRIOV_EXPORT int64_t sriov_event_get_timestamp(const struct sriov_event *e)
{
        return e ? e->usec : 0;
}

SRIOV_EXPORT const char *sriov_event_get_pf(const struct sriov_event *e)
{
        return e && e->pf[0] ? e->pf : NULL;
}

SRIOV_EXPORT int sriov_event_get_vf_index(const struct sriov_event *e)
{
        return e ? e->vf : -1;
}

SRIOV_EXPORT const char *sriov_event_get_vf_pci_address(const struct sriov_event *e)
{
        return e && e->pci[0] ? e->pci : NULL;
}

SRIOV_EXPORT const char *sriov_event_get_old_value(const struct sriov_event *e)
{
        return e ? e->old_value : NULL;
}

SRIOV_EXPORT const char *sriov_event_get_new_value(const struct sriov_event *e)
{
        return e ? e->new_value : NULL;
}

SRIOV_EXPORT int sriov_event_get_counts(const struct sriov_event *e, unsigned int *old,
                                        unsigned int *new)
{
        if (!e || (e->type != SRIOV_EVENT_NUM_VFS && e->type != SRIOV_EVENT_PF_CARRIER))
                return -EINVAL;
        if (old)
                *old = e->old_count;
        if (new)
                *new = e->new_count;
        return 0;
}

SRIOV_EXPORT uint32_t sriov_event_get_vf_configs(const struct sriov_event *e,
                                                 struct sriov_vf_config *old,
                                                 struct sriov_vf_config *new)
{
        if (!e || e->type != SRIOV_EVENT_VF_CONFIG)
                return 0;
        if (old)
                *old = e->old_cfg;
        if (new)
                *new = e->new_cfg;
        return e->changed;
}

SRIOV_EXPORT const char *sriov_event_get_rate_node(const struct sriov_event *e)
{
        return e && e->type == SRIOV_EVENT_RATE && e->rate_node[0] ? e->rate_node : NULL;
}

SRIOV_EXPORT uint32_t sriov_event_get_rates(const struct sriov_event *e, struct sriov_rate *old,
                                            struct sriov_rate *new)
{
        if (!e || e->type != SRIOV_EVENT_RATE)
                return 0;
        if (old)
                *old = e->old_rate;
        if (new)
                *new = e->new_rate;
        return e->changed;
}
