/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rate groups as a tree: the kernel takes a node's parent only once it exists, and deletes a
 * node only once nothing belongs to it, so groups are created parents first and deleted
 * children first. Pure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

const struct sriov_rate_node *rate_group_find(const struct sriov_rate_node *groups, size_t n,
                                              const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(groups[i].name, name) == 0)
                        return &groups[i];
        return NULL;
}

/* How many parents up from @g to the root; -ENOENT with @bad the group whose parent is not
 * among @groups, or -ELOOP with @bad @g. */
static long depth(const struct sriov_rate_node *groups, size_t n, size_t g, size_t *bad)
{
        const struct sriov_rate_node *at = &groups[g], *up;
        long d = 0;

        /* A chain longer than the groups there are has gone round. */
        for (; at->rate.parent[0]; at = up) {
                up = rate_group_find(groups, n, at->rate.parent);
                if (!up) {
                        *bad = (size_t)(at - groups);
                        return -ENOENT;
                }
                if ((size_t)++d > n) {
                        *bad = g;
                        return -ELOOP;
                }
        }
        return d;
}

struct ranked {
        long depth;
        size_t index;
        struct sriov_rate_node node;
};

static int by_depth(const void *a, const void *b)
{
        const struct ranked *x = a, *y = b;

        /* By depth, then as they came: the order stays the document's where it can. */
        if (x->depth != y->depth)
                return x->depth < y->depth ? -1 : 1;
        return x->index < y->index ? -1 : x->index > y->index;
}

int rate_groups_sort(struct sriov_rate_node *groups, size_t n, size_t *bad)
{
        struct ranked *r = calloc(n + 1, sizeof(*r));

        if (!r)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                r[i] = (struct ranked){ .depth = depth(groups, n, i, bad), .index = i,
                                        .node = groups[i] };
                if (r[i].depth < 0) {
                        int e = (int)r[i].depth;

                        free(r);
                        return e;
                }
        }
        qsort(r, n, sizeof(*r), by_depth);
        for (size_t i = 0; i < n; i++)
                groups[i] = r[i].node;
        free(r);
        return 0;
}
