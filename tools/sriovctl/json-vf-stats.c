/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vf list -s -j: the VF objects of vf list, each with the "stats" key of vf show -s. Built
 * whole, not streamed as json_print_vf_list() is: the counters are asked of the kernel a VF
 * at a time anyway, and a list with them is asked for rarely.
 */
#include "sriovctl.h"

struct json_object *json_vf_list_stats(struct sriov_vf **vfs, const struct sriov_vf_stats *const *st,
                                       size_t n)
{
        struct json_object *a = json_object_new_array();

        for (size_t i = 0; i < n; i++) {
                struct json_object *o = json_vf(vfs[i]);

                /* null when the driver reports none, as in vf show -s. */
                json_object_object_add(o, "stats", st[i] ? json_vf_stats(st[i]) : NULL);
                json_object_array_add(a, o);
        }
        return a;
}
