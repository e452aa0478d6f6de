/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni's GC, DEL and give-back (tools/cni/gc.c, attach.c) against leases on the fake
 * igb host: DEL gives back its attachment's VF and no other; GC touches only its network's
 * attachments that the runtime no longer lists, and this network's leases whose process
 * died; never another holder's lease, dead or alive; never anything without a list of valid
 * attachments. A lease released by a racing DEL or GC is given back, not an error. VFIO leases (no netdev to move): no network namespace is
 * needed here.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tools/cni/cni.h"
#include "igb-host.h"

#define VF0 "0000:01:10.0"
#define VF1 "0000:01:10.2"

static int setup(void **state)
{
        struct igb_host *h = calloc(1, sizeof(*h));

        igb_host_setup(h);
        *state = h;
        return 0;
}

static int teardown(void **state)
{
        igb_host_teardown(*state);
        free(*state);
        return 0;
}

/* A lease of @vf held by @holder until released (as libsriov-cni takes one: no owner). */
static struct sriov_lease *lease(struct igb_host *h, const char *vf, const char *holder)
{
        struct sriov_acquire_args a = { .vf = vf, .owner_pid = -1, .holder = holder };
        struct sriov_lease *l = NULL;

        if (sriov_vf_acquire(h->ctx, &a, &l) < 0)
                fail_msg("acquire %s: %s", vf, sriov_ctx_get_error(h->ctx));
        return l;
}

/* A lease of @vf by @holder whose process died holding it: stale, for a recovery to finish. */
static void leave_stale_lease(struct igb_host *h, const char *vf, const char *holder)
{
        struct sriov_acquire_args a = { .vf = vf, .owner_pid = 0, .holder = holder };
        struct sriov_lease *l = NULL;
        pid_t child = fork();
        int status;

        assert_true(child >= 0);
        if (child == 0)
                _exit(sriov_vf_acquire(h->ctx, &a, &l) == 0 ? 0 : 1);
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static bool leased(struct igb_host *h, const char *vf)
{
        struct sriov_lease *l = NULL;
        int r = sriov_lease_new_from_vf(h->ctx, vf, &l);

        sriov_lease_unref(l);
        return r == 0;
}

/* GC (CNI 1.1) of network @name with @valid (a JSON member, or "" for none). */
static int gc(struct igb_host *h, const char *name, const char *valid, struct cni_error *e)
{
        struct cni_env env = { .command = "GC" };
        struct cni_conf c;
        char text[512];
        int r;

        snprintf(text, sizeof(text), "{\"cniVersion\":\"1.1.0\",\"name\":\"%s\","
                 "\"type\":\"libsriov-cni\"%s%s}", name, valid[0] ? "," : "", valid);
        memset(e, 0, sizeof(*e));
        assert_int_equal(cni_conf_parse(text, strlen(text), &c, e), 0);
        r = cni_gc(h->ctx, &c, &env, e);
        cni_conf_free(&c);
        return r;
}

static void gc_without_valid_attachments_refuses_and_changes_nothing(void **state)
{
        struct igb_host *h = *state;
        struct sriov_lease *l = lease(h, VF0, "libsriov-cni x c1/net1");
        struct cni_error e;

        h->kernel.writes[0] = '\0';
        assert_int_equal(gc(h, "x", "", &e), -1);
        assert_int_equal(e.code, CNI_ERR_CONFIG);
        assert_string_equal(e.msg, "config: GC of network x names no valid attachments "
                                   "(cni.dev/valid-attachments): nothing is given back, as every "
                                   "attachment of the network would be");
        assert_true(leased(h, VF0));
        assert_string_equal(h->kernel.writes, "");
        igb_host_assert_driver(h, VF0, "vfio-pci");
        assert_int_equal(sriov_lease_release(l), 0);
        sriov_lease_unref(l);
}

static void gc_gives_back_only_its_networks_attachments_not_listed(void **state)
{
        struct igb_host *h = *state;
        struct sriov_lease *mine = lease(h, VF0, "libsriov-cni x c1/net1");
        struct sriov_lease *other = lease(h, VF1, "libsriov-cni y c2/net1");
        struct cni_error e;

        /* Listed: kept. */
        assert_int_equal(gc(h, "x", "\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\","
                                    "\"ifname\":\"net1\"}]", &e), 0);
        assert_true(leased(h, VF0));
        /* Not listed (in the other spelling): given back; network y's is not GC x's. */
        assert_int_equal(gc(h, "x", "\"cni.dev/attachments\":[]", &e), 0);
        assert_int_equal(e.code, 0);
        assert_false(leased(h, VF0));
        igb_host_assert_driver(h, VF0, "igbvf");
        assert_true(leased(h, VF1));
        igb_host_assert_driver(h, VF1, "vfio-pci");
        assert_int_equal(sriov_lease_release(other), 0);
        sriov_lease_unref(other);
        sriov_lease_unref(mine);
}

/* A VMM's lease whose process is gone is for sriovctl lease gc (or its VMM) to recover, not
 * for a GC of some CNI network. */
static void gc_leaves_another_holders_stale_lease_alone(void **state)
{
        struct igb_host *h = *state;
        struct cni_error e;

        leave_stale_lease(h, VF0, "vmm-guest1");
        assert_int_equal(gc(h, "other-net", "\"cni.dev/valid-attachments\":[]", &e), 0);
        assert_true(leased(h, VF0));
        igb_host_assert_driver(h, VF0, "vfio-pci");
}

/* Its own network's lease whose process died is finished, whatever the list says. */
static void gc_finishes_its_networks_lease_whose_process_died(void **state)
{
        struct igb_host *h = *state;
        struct cni_error e;

        leave_stale_lease(h, VF0, "libsriov-cni x c9/net1");
        leave_stale_lease(h, VF1, "libsriov-cni y c9/net1");
        assert_int_equal(gc(h, "x", "\"cni.dev/valid-attachments\":[{\"containerID\":\"c9\","
                                    "\"ifname\":\"net1\"}]", &e), 0);
        assert_false(leased(h, VF0));
        igb_host_assert_driver(h, VF0, "igbvf");
        assert_true(leased(h, VF1));
}

/* DEL (CNI 1.0) of attachment @container_id/net1 of network @name, without IPAM. */
static int del(struct igb_host *h, const char *name, const char *container_id,
               struct cni_error *e)
{
        struct cni_env env = { .command = "DEL", .container_id = container_id, .ifname = "net1" };
        struct cni_conf c;
        char text[256];
        int r;

        snprintf(text, sizeof(text), "{\"cniVersion\":\"1.0.0\",\"name\":\"%s\","
                 "\"type\":\"libsriov-cni\"}", name);
        memset(e, 0, sizeof(*e));
        assert_int_equal(cni_conf_parse_del(text, strlen(text), &c, e), 0);
        r = cni_del(h->ctx, &c, &env, e);
        cni_conf_free(&c);
        return r;
}

/* DEL gives the attachment's VF back (released, on its host driver again) and no other; a DEL
 * of an attachment that has no lease (never added, or given back already) succeeds. */
static void del_gives_back_the_attachments_vf_and_no_other(void **state)
{
        struct igb_host *h = *state;
        struct sriov_lease *mine = lease(h, VF0, "libsriov-cni x c1/net1");
        struct sriov_lease *other = lease(h, VF1, "libsriov-cni x c2/net1");
        struct cni_error e;

        assert_int_equal(del(h, "x", "c1", &e), 0);
        assert_int_equal(e.code, 0);
        assert_false(leased(h, VF0));
        igb_host_assert_driver(h, VF0, "igbvf");
        assert_true(leased(h, VF1));
        igb_host_assert_driver(h, VF1, "vfio-pci");
        /* Again: nothing left to give back, and no error. */
        h->kernel.writes[0] = '\0';
        assert_int_equal(del(h, "x", "c1", &e), 0);
        assert_int_equal(e.code, 0);
        assert_string_equal(h->kernel.writes, "");
        assert_true(leased(h, VF1));
        assert_int_equal(sriov_lease_release(other), 0);
        sriov_lease_unref(other);
        sriov_lease_unref(mine);
}

/* Two DELs of one attachment at once, or a DEL racing GC: the second finds it given back. */
static void give_back_of_a_lease_released_meanwhile_is_done(void **state)
{
        struct igb_host *h = *state;
        struct sriov_lease *l = lease(h, VF0, "libsriov-cni x c1/net1"), *same = NULL;
        struct cni_error e = { 0 };

        assert_int_equal(sriov_lease_new_from_vf(h->ctx, VF0, &same), 0);
        assert_int_equal(sriov_lease_release(l), 0);
        assert_int_equal(cni_give_back(h->ctx, same, NULL, &e), 0);
        assert_int_equal(e.code, 0);
        /* Leased anew to another attachment meanwhile: not touched either. */
        sriov_lease_unref(l);
        l = lease(h, VF0, "libsriov-cni x c2/net1");
        assert_int_equal(cni_give_back(h->ctx, same, NULL, &e), 0);
        assert_int_equal(e.code, 0);
        assert_true(leased(h, VF0));
        assert_int_equal(sriov_lease_release(l), 0);
        sriov_lease_unref(l);
        sriov_lease_unref(same);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        const struct CMUnitTest tests[] = {
                T(gc_without_valid_attachments_refuses_and_changes_nothing),
                T(gc_gives_back_only_its_networks_attachments_not_listed),
                T(gc_leaves_another_holders_stale_lease_alone),
                T(gc_finishes_its_networks_lease_whose_process_died),
                T(give_back_of_a_lease_released_meanwhile_is_done),
                T(del_gives_back_the_attachments_vf_and_no_other),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
