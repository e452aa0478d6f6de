/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Applying VF settings, white box: PF and VF objects built in memory, and a fake kernel behind
 * ctx->netlink_transact that keeps per-VF state, applies SETLINK entries in the kernel's order
 * and stops at the first refusal (fake-rtnl.c). No socket, no sysfs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <unistd.h>

#include <cmocka.h>
#include <linux/if_link.h>

#include "fake-rtnl.h"
#include "libsriov-private.h"

#define IFINDEX 7

struct env {
        struct sriov_ctx *ctx;
        struct sriov_pf *pf;
        struct fake_rtnl k;
        char lease_dir[32]; /* its own: the host lock of a change lives there, not in /run */
};

/* A PF "0000:01:00.0" driven by @driver with @num_vfs VFs; its VF list is read through the
 * fake once, which is how it learns its ifindex (sysfs is not there). */
static struct sriov_pf *fake_pf(struct sriov_ctx *ctx, const char *driver, unsigned int num_vfs)
{
        struct sriov_pf *pf = calloc(1, sizeof(*pf));

        pf->refcount = 1;
        pf->ctx = sriov_ctx_ref(ctx);
        pf->dirfd = -1;
        strcpy(pf->name, "0000:01:00.0");
        pf->st.driver = strdup(driver);
        pf->st.ifnames = calloc(2, sizeof(char *));
        pf->st.ifnames[0] = strdup("enp1s0");
        pf->st.total_vfs = 7;
        pf->st.num_vfs = num_vfs;
        /* VF N at 0000:01:10.N, as igb's first PF has them: messages name VFs by address. */
        pf->st.vf_offset = 0x80;
        pf->st.vf_stride = 1;
        pf->st.numa_node = -1;
        pf->names_looked_up = true;
        pf->link = calloc(1, sizeof(*pf->link));
        assert_int_equal(netlink_get_link_vfs(ctx, IFINDEX, false, pf->link), 0);
        return pf;
}

static struct sriov_vf *fake_vf(struct sriov_pf *pf, unsigned int index)
{
        struct sriov_vf *vf = calloc(1, sizeof(*vf));

        vf->refcount = 1;
        vf->pf = sriov_pf_ref(pf);
        vf->index = index;
        snprintf(vf->pci, sizeof(vf->pci), "0000:01:10.%u", index);
        vf_label_format(pf, index, vf->pci, vf->label, sizeof(vf->label));
        vf->iommu_group = -1;
        vf->numa_node = -1;
        return vf;
}

static struct env *env_new(bool igb, unsigned int num_vfs)
{
        struct env *e = calloc(1, sizeof(*e));

        assert_int_equal(sriov_ctx_new(&e->ctx), 0);
        snprintf(e->lease_dir, sizeof(e->lease_dir), "/tmp/leases.XXXXXX");
        assert_non_null(mkdtemp(e->lease_dir));
        assert_int_equal(sriov_ctx_set_lease_dir(e->ctx, e->lease_dir), 0);
        if (igb)
                fake_rtnl_igb(&e->k, IFINDEX, num_vfs);
        else
                fake_rtnl_full(&e->k, IFINDEX, num_vfs);
        e->ctx->netlink_transact = fake_transact;
        e->ctx->seam_data = &e->k;
        e->pf = fake_pf(e->ctx, igb ? "igb" : "fakenic", num_vfs);
        e->k.getlinks = 0;
        return e;
}

static void env_free(struct env *e)
{
        char lock[48];

        sriov_pf_unref(e->pf);
        sriov_ctx_unref(e->ctx);
        snprintf(lock, sizeof(lock), "%s/lock", e->lease_dir);
        unlink(lock);
        rmdir(e->lease_dir);
        free(e);
}

static int set_one(struct env *e, unsigned int index, const struct sriov_vf_config *c,
                   unsigned int flags, struct sriov_vf_config *change)
{
        return sriov_pf_set_vf_configs(e->pf, &index, c, 1, flags, change);
}

static void assert_error_has(struct env *e, const char *const *words)
{
        const char *msg = sriov_ctx_get_error(e->ctx);

        for (; *words; words++)
                if (!strstr(msg, *words))
                        fail_msg("error \"%s\" lacks \"%s\"", msg, *words);
}

/* ---- validation -------------------------------------------------------------------------- */

static void bad_values_are_refused_by_name_before_anything_is_sent(void **state)
{
        static const struct {
                struct sriov_vf_config c;
                const char *words[4];
        } bad[] = {
                { { .mask = SRIOV_VF_CONFIG_VLAN, .vlan = 4096 }, { "vlan 4096", "0-4095" } },
                { { .mask = SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS, .vlan = 5, .qos = 8 },
                  { "qos 8", "0-7" } },
                { { .mask = SRIOV_VF_CONFIG_QOS, .qos = 3 }, { "qos 3", "needs vlan" } },
                { { .mask = SRIOV_VF_CONFIG_VLAN_PROTO, .vlan_proto = SRIOV_VLAN_PROTO_8021AD },
                  { "vlan_proto 802.1ad", "needs vlan" } },
                { { .mask = SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_VLAN_PROTO, .vlan = 5,
                    .vlan_proto = 0x0800 },
                  { "vlan_proto 0x0800", "802.1Q" } },
                { { .mask = SRIOV_VF_CONFIG_MIN_TX_RATE | SRIOV_VF_CONFIG_MAX_TX_RATE,
                    .min_tx_rate = 500, .max_tx_rate = 100 },
                  { "min_tx_rate 500", "above max_tx_rate 100" } },
                { { .mask = SRIOV_VF_CONFIG_LINK_STATE, .link_state = 3 },
                  { "link_state 3", "auto" } },
                { { .mask = SRIOV_VF_CONFIG_MAC, .mac = { 0x01, 0, 0x5e, 0, 0, 1 } },
                  { "mac 01:00:5e:00:00:01", "multicast" } },
                { { .mask = SRIOV_VF_CONFIG_MAC, .mac = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
                  { "mac ff:ff:ff:ff:ff:ff", "multicast" } },
                { { .mask = 1u << 20 }, { "mask 0x100000" } },
                { { .mask = SRIOV_VF_CONFIG_TRUST, .reserved = { 0, 1 } },
                  { "reserved[1] 1", "zero" } },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct env *e = env_new(false, 4);
                struct sriov_vf_config change = { .mask = 0xdead };

                if (set_one(e, 1, &bad[i].c, 0, &change) != -EINVAL)
                        fail_msg("case %zu: not -EINVAL: %s", i, sriov_ctx_get_error(e->ctx));
                assert_error_has(e, (const char *const[]){ "VF 0000:01:10.1 (enp1s0/1): ", NULL });
                assert_error_has(e, bad[i].words);
                assert_int_equal(e->k.setlinks, 0);
                assert_int_equal(change.mask, 0xdead); /* untouched */
                env_free(e);
        }
}

static void an_index_past_num_vfs_or_given_twice_is_refused(void **state)
{
        struct env *e = env_new(false, 4);
        struct sriov_vf_config c[2] = { { .mask = SRIOV_VF_CONFIG_TRUST, .trust = true },
                                        { .mask = SRIOV_VF_CONFIG_SPOOFCHK } };
        unsigned int past[2] = { 0, 4 }, twice[2] = { 2, 2 };

        (void)state;
        assert_int_equal(sriov_pf_set_vf_configs(e->pf, past, c, 2, 0, NULL), -EINVAL);
        assert_error_has(e, (const char *const[]){ "VF 0000:01:00.0/4", "index 4",
                                                   "4 VFs", NULL });
        assert_int_equal(sriov_pf_set_vf_configs(e->pf, twice, c, 2, 0, NULL), -EINVAL);
        assert_error_has(e, (const char *const[]){ "VF 0000:01:10.2 (enp1s0/2): index 2", "twice", NULL });
        assert_int_equal(e->k.setlinks, 0);
        assert_int_equal(e->k.getlinks, 0); /* refused before asking the kernel anything */
        assert_false(e->k.vfs[0].trust);
        env_free(e);
}

static void an_all_zero_mac_is_allowed(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_MAC };

        (void)state;
        assert_int_equal(set_one(e, 0, &c, 0, NULL), 0);
        assert_memory_equal(e->k.vfs[0].mac, "\0\0\0\0\0\0", 6);
        env_free(e);
}

static void a_min_rate_above_the_current_max_is_refused_unsent(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_MIN_TX_RATE, .min_tx_rate = 300 };

        (void)state;
        e->k.vfs[1].max_tx_rate = 100;
        assert_int_equal(set_one(e, 1, &c, 0, NULL), -EINVAL);
        assert_error_has(e, (const char *const[]){ "min_tx_rate 300", "above max_tx_rate 100",
                                                   NULL });
        assert_int_equal(e->k.setlinks, 0);
        env_free(e);
}

/* ---- what is sent ------------------------------------------------------------------------ */

static void only_fields_that_differ_are_sent(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_TRUST |
                                             SRIOV_VF_CONFIG_SPOOFCHK,
                                     .mac = { 0x02, 0, 0, 0, 0, 1 }, /* what VF 1 has */
                                     .trust = true,                  /* it has off */
                                     .spoofchk = true };             /* it has on */
        struct sriov_vf_config change;

        (void)state;
        assert_int_equal(set_one(e, 1, &c, 0, &change), 0);
        assert_int_equal(e->k.setlinks, 1);
        assert_int_equal(e->k.n_sent[0], 1);
        assert_int_equal(e->k.sent[0][0].vf, 1);
        assert_int_equal(e->k.sent[0][0].attrs, 1u << IFLA_VF_TRUST);
        assert_int_equal(change.mask, SRIOV_VF_CONFIG_TRUST);
        assert_true(change.trust);
        assert_int_equal(e->k.vfs[1].trust, 1);
        env_free(e);
}

static void nothing_is_sent_when_nothing_differs(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_SPOOFCHK | SRIOV_VF_CONFIG_VLAN,
                                     .spoofchk = true, .vlan = 0 };
        struct sriov_vf_config change = { .mask = 0xdead };

        (void)state;
        assert_int_equal(set_one(e, 0, &c, 0, &change), 0);
        assert_int_equal(e->k.setlinks, 0);
        assert_int_equal(change.mask, 0);
        env_free(e);
}

static void a_vlan_change_keeps_the_qos_and_protocol_it_did_not_name(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_VLAN, .vlan = 20 };
        struct sriov_vf_config change;

        (void)state;
        e->k.vfs[0].vlan = 10;
        e->k.vfs[0].qos = 3;
        assert_int_equal(set_one(e, 0, &c, 0, &change), 0);
        assert_int_equal(e->k.sent[0][0].attrs, 1u << IFLA_VF_VLAN_LIST);
        assert_int_equal(e->k.vfs[0].vlan, 20);
        assert_int_equal(e->k.vfs[0].qos, 3);
        assert_int_equal(e->k.vfs[0].vlan_proto, 0x8100);
        assert_int_equal(change.mask, SRIOV_VF_CONFIG_VLAN);
        env_free(e);
}

static void a_max_rate_change_keeps_the_min_rate(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_MAX_TX_RATE, .max_tx_rate = 800 };

        (void)state;
        e->k.vfs[1].min_tx_rate = 50;
        e->k.vfs[1].max_tx_rate = 100;
        assert_int_equal(set_one(e, 1, &c, 0, NULL), 0);
        assert_int_equal(e->k.sent[0][0].attrs, 1u << IFLA_VF_RATE);
        assert_int_equal(e->k.vfs[1].min_tx_rate, 50);
        assert_int_equal(e->k.vfs[1].max_tx_rate, 800);
        env_free(e);
}

static void many_vfs_go_in_one_setlink(void **state)
{
        struct env *e = env_new(false, 4);
        unsigned int idx[3] = { 3, 0, 2 };
        struct sriov_vf_config c[3] = {
                { .mask = SRIOV_VF_CONFIG_TRUST, .trust = true },
                { .mask = SRIOV_VF_CONFIG_MAC, .mac = { 0x02, 0xaa, 0, 0, 0, 0 } },
                { .mask = SRIOV_VF_CONFIG_LINK_STATE, .link_state = SRIOV_LINK_STATE_DISABLE },
        };
        struct sriov_vf_config changes[3];

        (void)state;
        assert_int_equal(sriov_pf_set_vf_configs(e->pf, idx, c, 3, 0, changes), 0);
        assert_int_equal(e->k.setlinks, 1);
        assert_int_equal(e->k.vfinfo_lists, 1);
        assert_int_equal(e->k.n_sent[0], 3);
        /* In the caller's order: the kernel applies them in message order. */
        assert_int_equal(e->k.sent[0][0].vf, 3);
        assert_int_equal(e->k.sent[0][1].vf, 0);
        assert_int_equal(e->k.sent[0][2].vf, 2);
        assert_int_equal(e->k.vfs[3].trust, 1);
        assert_int_equal(e->k.vfs[0].mac[1], 0xaa);
        assert_int_equal(e->k.vfs[2].link_state, IFLA_VF_LINK_STATE_DISABLE);
        assert_int_equal(changes[2].mask, SRIOV_VF_CONFIG_LINK_STATE);
        /* One read before, one to verify after. */
        assert_int_equal(e->k.getlinks, 2);
        env_free(e);
}

static void dry_run_reports_the_changes_and_sends_nothing(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_SPOOFCHK |
                                             SRIOV_VF_CONFIG_MAX_TX_RATE,
                                     .mac = { 0x02, 0xbb, 0, 0, 0, 1 },
                                     .spoofchk = true,
                                     .max_tx_rate = 1000 };
        struct sriov_vf_config change;

        (void)state;
        assert_int_equal(set_one(e, 1, &c, SRIOV_DRY_RUN, &change), 0);
        assert_int_equal(e->k.setlinks, 0);
        assert_int_equal(change.mask, SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_MAX_TX_RATE);
        assert_int_equal(change.mac[1], 0xbb);
        assert_int_equal(change.max_tx_rate, 1000);
        assert_int_equal(e->k.vfs[1].mac[1], 0);
        env_free(e);
}

/* ---- failures and putting back ----------------------------------------------------------- */

static void igb_refusing_link_state_names_it_and_puts_the_mac_back(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_LINK_STATE,
                                     .mac = { 0x02, 0x12, 0x34, 0x56, 0x78, 0x9a },
                                     .link_state = SRIOV_LINK_STATE_ENABLE };
        struct sriov_vf_config change = { .mask = 0xdead };

        (void)state;
        assert_int_equal(set_one(e, 1, &c, 0, &change), -EOPNOTSUPP);
        assert_error_has(e, (const char *const[]){ "VF 0000:01:10.1 (enp1s0/1): ", "link_state enable",
                                                   "igb", "Operation not supported",
                                                   "; put back VF 1 mac", NULL });
        if (strstr(sriov_ctx_get_error(e->ctx), "set mac"))
                fail_msg("blames the mac: %s", sriov_ctx_get_error(e->ctx));
        /* The kernel applied the MAC before refusing the link state; it was put back. */
        assert_int_equal(e->k.setlinks, 2);
        assert_int_equal(e->k.sent[0][0].attrs, 1u << IFLA_VF_MAC | 1u << IFLA_VF_LINK_STATE);
        assert_int_equal(e->k.sent[1][0].attrs, 1u << IFLA_VF_MAC);
        assert_memory_equal(e->k.vfs[1].mac, "\x02\0\0\0\0\x01", 6);
        assert_int_equal(change.mask, 0xdead);
        /* The kept VF list is the state after putting back. */
        assert_memory_equal(link_vfs_find(e->pf->link, 1)->cfg.mac, "\x02\0\0\0\0\x01", 6);
        env_free(e);
}

static void a_refusal_in_a_later_vf_puts_back_the_earlier_vfs(void **state)
{
        struct env *e = env_new(true, 4);
        unsigned int idx[3] = { 0, 1, 2 };
        struct sriov_vf_config c[3] = {
                { .mask = SRIOV_VF_CONFIG_MAC, .mac = { 0x02, 0xaa, 0, 0, 0, 0 } },
                { .mask = SRIOV_VF_CONFIG_TRUST | SRIOV_VF_CONFIG_VLAN, .trust = true,
                  .vlan = 100 },
                { .mask = SRIOV_VF_CONFIG_SPOOFCHK | SRIOV_VF_CONFIG_MIN_TX_RATE,
                  .spoofchk = false, .min_tx_rate = 100 },
        };

        (void)state;
        assert_int_equal(sriov_pf_set_vf_configs(e->pf, idx, c, 3, 0, NULL), -EINVAL);
        assert_error_has(e, (const char *const[]){ "VF 0000:01:10.2 (enp1s0/2): ", "min_tx_rate 100",
                                                   "igb", "Invalid argument",
                                                   "; put back VF 0 mac, VF 1 vlan trust", NULL });
        assert_int_equal(e->k.setlinks, 2);
        /* VF 2's spoofchk was never applied: the kernel stopped at the rate before it. */
        assert_int_equal(e->k.n_sent[1], 2);
        assert_int_equal(e->k.sent[1][0].vf, 0);
        assert_int_equal(e->k.sent[1][0].attrs, 1u << IFLA_VF_MAC);
        assert_int_equal(e->k.sent[1][1].vf, 1);
        assert_int_equal(e->k.sent[1][1].attrs, 1u << IFLA_VF_VLAN_LIST | 1u << IFLA_VF_TRUST);
        for (unsigned int i = 0; i < 3; i++) {
                struct fake_vf v;

                fake_vf_init(&v, i);
                v.rss_query = FAKE_UNREPORTED;
                assert_memory_equal(&e->k.vfs[i], &v, sizeof(v));
        }
        env_free(e);
}

static void igb_refusing_8021ad_names_the_protocol(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_VLAN | SRIOV_VF_CONFIG_QOS |
                                             SRIOV_VF_CONFIG_VLAN_PROTO,
                                     .vlan = 0, .qos = 0,
                                     .vlan_proto = SRIOV_VLAN_PROTO_8021AD };

        (void)state;
        assert_int_equal(set_one(e, 0, &c, 0, NULL), -EPROTONOSUPPORT);
        assert_error_has(e, (const char *const[]){ "set vlan_proto 802.1ad", "igb",
                                                   "nothing else had changed", NULL });
        assert_int_equal(e->k.setlinks, 1);
        env_free(e);
}

/* igb reports no query_rss and refuses it: the unreported field is the refused one. */
static void an_unreported_field_that_the_kernel_refused_is_named(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_QUERY_RSS | SRIOV_VF_CONFIG_TRUST,
                                     .query_rss = true, .trust = true };

        (void)state;
        assert_int_equal(set_one(e, 0, &c, 0, NULL), -EOPNOTSUPP);
        assert_error_has(e, (const char *const[]){ "set query_rss on", NULL });
        assert_int_equal(e->k.vfs[0].trust, 0);
        env_free(e);
}

/* Link state comes before query_rss in do_setvfinfo(): igb refuses both, the first is named. */
static void two_refused_fields_the_first_in_kernel_order_is_named(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_QUERY_RSS |
                                             SRIOV_VF_CONFIG_LINK_STATE,
                                     .query_rss = true,
                                     .link_state = SRIOV_LINK_STATE_ENABLE };

        (void)state;
        assert_int_equal(set_one(e, 0, &c, 0, NULL), -EOPNOTSUPP);
        assert_error_has(e, (const char *const[]){ "set link_state enable", NULL });
        env_free(e);
}

static void the_kernels_extended_ack_message_is_in_the_error(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_LINK_STATE,
                                     .link_state = SRIOV_LINK_STATE_DISABLE };

        (void)state;
        e->k.extack = "VF link state is not supported";
        assert_int_equal(set_one(e, 1, &c, 0, NULL), -EOPNOTSUPP);
        assert_error_has(e, (const char *const[]){ "link_state disable",
                                                   "VF link state is not supported", NULL });
        env_free(e);
}

static void a_value_the_driver_silently_ignores_fails_and_is_rolled_back(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_SPOOFCHK,
                                     .mac = { 0x02, 0xcc, 0, 0, 0, 0 },
                                     .spoofchk = false };

        (void)state;
        e->k.ignore = SRIOV_VF_CONFIG_SPOOFCHK;
        assert_int_equal(set_one(e, 0, &c, 0, NULL), -EIO);
        assert_error_has(e, (const char *const[]){ "set spoofchk off", "fakenic",
                                                   "reports spoofchk on", "; put back VF 0 mac",
                                                   NULL });
        assert_int_equal(e->k.setlinks, 2);
        assert_int_equal(e->k.sent[1][0].attrs, 1u << IFLA_VF_MAC);
        assert_int_equal(e->k.vfs[0].mac[1], 0);
        env_free(e);
}

static void a_permission_error_blames_no_vf_or_driver(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_TRUST, .trust = true };
        const char *msg;

        (void)state;
        e->k.setlink_err = -EPERM;
        assert_int_equal(set_one(e, 1, &c, 0, NULL), -EPERM);
        msg = sriov_ctx_get_error(e->ctx);
        assert_error_has(e, (const char *const[]){ "PF 0000:01:00.0: set VF settings: "
                                                   "Operation not permitted", NULL });
        if (strstr(msg, "igb") || strstr(msg, "trust on"))
                fail_msg("blames a VF or the driver: %s", msg);
        assert_int_equal(e->k.setlinks, 1); /* nothing to put back */
        env_free(e);
}

/* ---- reading ----------------------------------------------------------------------------- */

/* The ifindex comes from sysfs: if it names another netdev by now, nothing is sent to it. */
static void an_ifindex_that_names_another_netdev_is_not_used(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_TRUST, .trust = true };

        (void)state;
        free(e->pf->st.ifnames[0]);
        e->pf->st.ifnames[0] = strdup("eth9");
        assert_int_equal(set_one(e, 0, &c, 0, NULL), -ENODEV);
        assert_error_has(e, (const char *const[]){ "PF 0000:01:00.0: ifindex 7",
                                                   "enp1s0", "not eth9", NULL });
        assert_int_equal(e->k.setlinks, 0);
        assert_int_equal(e->k.vfs[0].trust, 0);
        env_free(e);
}

static void get_config_reports_what_the_driver_reports(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf *vf;
        struct sriov_vf_config c;

        (void)state;
        e->k.vfs[1].vlan = 42;
        e->k.vfs[1].trust = 1;
        sriov_pf_unref(e->pf); /* a fresh PF, read after the fake changed */
        e->pf = fake_pf(e->ctx, "igb", 2);
        e->k.getlinks = 0;
        vf = fake_vf(e->pf, 1);
        assert_int_equal(sriov_vf_get_config(vf, &c), 0);
        assert_int_equal(c.mask, SRIOV_VF_CONFIG_ALL & ~SRIOV_VF_CONFIG_QUERY_RSS);
        assert_int_equal(c.vlan, 42);
        assert_true(c.trust);
        assert_true(c.spoofchk);
        assert_int_equal(c.vlan_proto, SRIOV_VLAN_PROTO_8021Q);
        /* Read once, kept with the PF. */
        assert_int_equal(sriov_vf_get_config(vf, &c), 0);
        assert_int_equal(e->k.getlinks, 0);
        assert_int_equal(sriov_pf_get_vf_info_truncated(e->pf), 0);
        sriov_vf_unref(vf);
        env_free(e);
}

static void get_config_after_a_set_shows_the_new_value_without_another_read(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf *vf = fake_vf(e->pf, 0);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_TRUST, .trust = true }, got;

        (void)state;
        assert_int_equal(sriov_vf_set_config(vf, &c, 0, NULL), 0);
        e->k.getlinks = 0;
        assert_int_equal(sriov_vf_get_config(vf, &got), 0);
        assert_true(got.trust);
        assert_int_equal(e->k.getlinks, 0);
        sriov_vf_unref(vf);
        env_free(e);
}

/* The PF driven by @driver from now on: which one decides whether counters are real. */
static void pf_driver(struct env *e, const char *driver)
{
        free(e->pf->st.driver);
        e->pf->st.driver = strdup(driver);
}

static void get_stats_asks_the_kernel_each_time(void **state)
{
        struct env *e = env_new(false, 2);
        struct sriov_vf *vf = fake_vf(e->pf, 1);
        struct sriov_vf_stats st;

        (void)state;
        pf_driver(e, "ixgbe");
        e->k.vfs[1].stats.rx_packets = 10;
        e->k.vfs[1].stats.multicast = 4;
        e->k.vfs[1].stats.tx_dropped = 2;
        assert_int_equal(sriov_vf_get_stats(vf, &st), 0);
        assert_int_equal(st.rx_packets, 10);
        assert_int_equal(st.multicast, 4);
        assert_int_equal(st.tx_dropped, 2);
        e->k.vfs[1].stats.rx_packets = 11;
        assert_int_equal(sriov_vf_get_stats(vf, &st), 0);
        assert_int_equal(st.rx_packets, 11);
        assert_int_equal(e->k.getlinks, 2);
        sriov_vf_unref(vf);
        env_free(e);
}

/* Every VF's counters from one answer; past a list cut short, none, never zeros. */
static void pf_stats_read_every_vf_in_one_request(void **state)
{
        struct env *e = env_new(false, 4);
        struct sriov_vf_stats st[5];
        bool have[5];

        (void)state;
        pf_driver(e, "mlx5_core");
        for (unsigned int i = 0; i < 4; i++) {
                e->k.vfs[i].stats.rx_bytes = 1000 + i;
                e->k.vfs[i].stats.broadcast = 7 * i;
        }
        e->k.getlinks = 0;
        memset(have, 1, sizeof(have));
        assert_int_equal(sriov_pf_get_vf_stats(e->pf, st, have, 5), 4);
        assert_int_equal(e->k.getlinks, 1);
        for (unsigned int i = 0; i < 4; i++) {
                assert_true(have[i]);
                assert_int_equal(st[i].rx_bytes, 1000 + i);
                assert_int_equal(st[i].broadcast, 7 * i);
        }
        assert_false(have[4]);
        /* The list with counters cut after 3 VFs: the fourth has none. */
        e->k.list_max = 3;
        assert_int_equal(sriov_pf_get_vf_stats(e->pf, st, have, 4), 3);
        assert_true(have[2]);
        assert_false(have[3]);
        assert_int_equal(sriov_pf_get_vf_stats(e->pf, NULL, NULL, 1), -EINVAL);
        env_free(e);
}

/* igb has no ndo_get_vf_stats: the kernel's IFLA_VF_STATS for it are zeros, not counts (defect:
 * they were given as counters, and `vf show -s` printed them). Not asked, and said. */
static void a_driver_without_vf_counters_gives_none_not_zeros(void **state)
{
        struct env *e = env_new(true, 2);
        struct sriov_vf *vf = fake_vf(e->pf, 1);
        struct sriov_vf_stats st = { .rx_packets = 42 };
        bool have[2] = { true, true };

        (void)state;
        e->k.getlinks = 0;
        assert_int_equal(sriov_vf_get_stats(vf, &st), -EOPNOTSUPP);
        assert_string_equal(sriov_ctx_get_error(e->ctx),
                            "VF 0000:01:10.1 (enp1s0/1): read counters: driver igb reports no VF "
                            "counters (it has no ndo_get_vf_stats: the kernel's are zeros)");
        assert_int_equal(st.rx_packets, 42);
        assert_int_equal(sriov_pf_get_vf_stats(e->pf, &st, have, 2), -EOPNOTSUPP);
        assert_int_equal(e->k.getlinks, 0);
        sriov_vf_unref(vf);
        env_free(e);
}

/* Left out of a list cut short: not an empty mask, which would read as "nothing set", but
 * -ENODATA saying how many the kernel listed, and @ret untouched. */
static void a_vf_the_kernel_did_not_list_cannot_be_read_and_says_why(void **state)
{
        struct env *e = env_new(false, 3);
        struct sriov_vf *vf;
        struct sriov_vf_config c;

        (void)state;
        /* The kernel says 3 VFs but lists 2: a list cut short. */
        link_vfs_free(e->pf->link);
        e->k.num_vf = 2;
        assert_int_equal(netlink_get_link_vfs(e->ctx, IFINDEX, false, e->pf->link), 0);
        e->pf->link->num_vf = 3;
        vf = fake_vf(e->pf, 2);
        memset(&c, 0xff, sizeof(c));
        assert_int_equal(sriov_vf_get_config(vf, &c), -ENODATA);
        assert_int_equal(c.mask, 0xffffffffu);
        assert_string_equal(sriov_ctx_get_error(e->ctx),
                            "VF 0000:01:10.2 (enp1s0/2): read settings: not in the kernel's VF list, which "
                            "holds 2 of the PF's 3 VFs (one RTM_GETLINK answer cannot hold more)");
        assert_int_equal(sriov_pf_get_vf_info_truncated(e->pf), 1);
        sriov_vf_unref(vf);
        env_free(e);
}

static void keep_warning(void *data, int priority, const char *file, int line, const char *fn,
                         const char *format, va_list args)
{
        (void)file, (void)line, (void)fn;
        if (priority == LOG_WARNING)
                vsnprintf(data, 512, format, args);
}

/*
 * Past about 330 VFs the kernel's answer leaves VFs out: a setting of one of them is acked but
 * cannot be read back. The call succeeds, and says it is unverified (it once said nothing).
 */
static void a_vf_past_the_kernels_list_is_set_and_said_to_be_unverified(void **state)
{
        struct env *e = env_new(false, 3);
        struct sriov_vf_config c = { .mask = SRIOV_VF_CONFIG_VLAN, .vlan = 5 };
        char warning[512] = "";

        (void)state;
        e->k.list_max = 2;
        sriov_pf_forget_link(e->pf);
        sriov_ctx_set_log_fn(e->ctx, keep_warning, warning);
        sriov_ctx_set_log_priority(e->ctx, LOG_WARNING);
        e->pf->link = calloc(1, sizeof(*e->pf->link));
        assert_int_equal(netlink_get_link_vfs(e->ctx, IFINDEX, false, e->pf->link), 0);
        assert_int_equal(e->pf->link->count, 2);
        assert_int_equal(set_one(e, 2, &c, 0, NULL), 0);
        assert_int_equal(e->k.vfs[2].vlan, 5);
        assert_non_null(strstr(warning, "VF 0000:01:00.0/2: set, but not read back"));
        assert_non_null(strstr(warning, "lists 2 of the PF's 3 VFs"));
        /* A VF it lists is verified as before, and no word is said. */
        warning[0] = '\0';
        assert_int_equal(set_one(e, 1, &c, 0, NULL), 0);
        assert_string_equal(warning, "");
        env_free(e);
}

/* ---- the PF's permanent MAC ------------------------------------------------------------ */

static void permanent_mac_comes_from_the_kept_vf_list_without_a_request(void **state)
{
        struct env *e = env_new(true, 2);
        uint8_t mac[6];

        (void)state;
        assert_int_equal(sriov_pf_get_permanent_mac(e->pf, mac), 0);
        assert_memory_equal(mac, ((uint8_t[]){ 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0c }), 6);
        assert_int_equal(e->k.getlinks, 0);
        env_free(e);
}

static void no_permanent_mac_reported_is_enodata_and_leaves_mac_alone(void **state)
{
        struct env *e = env_new(true, 2);
        uint8_t mac[6] = { 1, 2, 3, 4, 5, 6 };

        (void)state;
        /* The kernel leaves out an all-zero one: read the PF's VF list again without it. */
        memset(e->k.perm_addr, 0, sizeof(e->k.perm_addr));
        link_vfs_free(e->pf->link);
        assert_int_equal(netlink_get_link_vfs(e->ctx, IFINDEX, false, e->pf->link), 0);
        assert_int_equal(sriov_pf_get_permanent_mac(e->pf, mac), -ENODATA);
        assert_memory_equal(mac, ((uint8_t[]){ 1, 2, 3, 4, 5, 6 }), 6);
        assert_error_has(e, (const char *const[]){ "PF 0000:01:00.0", "permanent MAC of enp1s0",
                                                   "the driver reports none", NULL });
        env_free(e);
}

static void a_pf_without_netdev_has_no_permanent_mac(void **state)
{
        struct env *e = env_new(true, 2);
        uint8_t mac[6] = { 1, 2, 3, 4, 5, 6 };

        (void)state;
        link_vfs_free(e->pf->link);
        free(e->pf->link);
        e->pf->link = NULL;
        free(e->pf->st.ifnames[0]);
        e->pf->st.ifnames[0] = NULL;
        assert_int_equal(sriov_pf_get_permanent_mac(e->pf, mac), -ENODEV);
        assert_memory_equal(mac, ((uint8_t[]){ 1, 2, 3, 4, 5, 6 }), 6);
        assert_int_equal(e->k.getlinks, 0);
        assert_error_has(e, (const char *const[]){ "PF 0000:01:00.0", "no network interface",
                                                   NULL });
        env_free(e);
}

/* sriov_vf_get_label()'s forms: the address, then PF/INDEX by the PF's netdev, else by its
 * address; the address unknown (a virtfn link unread), PF/INDEX alone. */
static void a_vf_label_is_its_address_then_pf_slash_index(void **state)
{
        struct env *e = env_new(true, 2);
        char label[VF_LABEL_MAX];

        (void)state;
        pf_vf_label(e->pf, 1, label, sizeof(label));
        assert_string_equal(label, "0000:01:10.1 (enp1s0/1)");
        free(e->pf->st.ifnames[0]);
        e->pf->st.ifnames[0] = NULL;
        pf_vf_label(e->pf, 1, label, sizeof(label));
        assert_string_equal(label, "0000:01:10.1 (0000:01:00.0/1)");
        e->pf->st.vf_offset = 0; /* no address to compute, no sysfs to read it from */
        pf_vf_label(e->pf, 1, label, sizeof(label));
        assert_string_equal(label, "0000:01:00.0/1");
        env_free(e);
}

/* The plan of `sriovctl apply` leans on this: only fields set in both are compared. */
static void config_diff_names_the_fields_set_in_both_that_differ(void **state)
{
        struct sriov_vf_config a = { .mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN |
                                             SRIOV_VF_CONFIG_TRUST | SRIOV_VF_CONFIG_QOS,
                                     .mac = { 2, 0, 0, 0, 0, 1 }, .vlan = 10, .trust = true };
        struct sriov_vf_config b = a;

        (void)state;
        assert_int_equal(sriov_vf_config_diff(&a, &b), 0);
        b.mac[5] = 2;
        b.vlan = 11;
        b.spoofchk = true; /* in neither mask: not compared */
        assert_int_equal(sriov_vf_config_diff(&a, &b), SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_VLAN);
        b.mask &= ~SRIOV_VF_CONFIG_VLAN; /* set in one only: not compared */
        b.trust = false;
        assert_int_equal(sriov_vf_config_diff(&a, &b), SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_TRUST);
        assert_int_equal(sriov_vf_config_diff(NULL, &b), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(bad_values_are_refused_by_name_before_anything_is_sent),
                cmocka_unit_test(an_index_past_num_vfs_or_given_twice_is_refused),
                cmocka_unit_test(an_all_zero_mac_is_allowed),
                cmocka_unit_test(a_min_rate_above_the_current_max_is_refused_unsent),
                cmocka_unit_test(only_fields_that_differ_are_sent),
                cmocka_unit_test(nothing_is_sent_when_nothing_differs),
                cmocka_unit_test(a_vlan_change_keeps_the_qos_and_protocol_it_did_not_name),
                cmocka_unit_test(a_max_rate_change_keeps_the_min_rate),
                cmocka_unit_test(many_vfs_go_in_one_setlink),
                cmocka_unit_test(dry_run_reports_the_changes_and_sends_nothing),
                cmocka_unit_test(igb_refusing_link_state_names_it_and_puts_the_mac_back),
                cmocka_unit_test(a_refusal_in_a_later_vf_puts_back_the_earlier_vfs),
                cmocka_unit_test(igb_refusing_8021ad_names_the_protocol),
                cmocka_unit_test(an_unreported_field_that_the_kernel_refused_is_named),
                cmocka_unit_test(two_refused_fields_the_first_in_kernel_order_is_named),
                cmocka_unit_test(the_kernels_extended_ack_message_is_in_the_error),
                cmocka_unit_test(a_value_the_driver_silently_ignores_fails_and_is_rolled_back),
                cmocka_unit_test(a_permission_error_blames_no_vf_or_driver),
                cmocka_unit_test(an_ifindex_that_names_another_netdev_is_not_used),
                cmocka_unit_test(get_config_reports_what_the_driver_reports),
                cmocka_unit_test(get_config_after_a_set_shows_the_new_value_without_another_read),
                cmocka_unit_test(get_stats_asks_the_kernel_each_time),
                cmocka_unit_test(pf_stats_read_every_vf_in_one_request),
                cmocka_unit_test(a_driver_without_vf_counters_gives_none_not_zeros),
                cmocka_unit_test(a_vf_the_kernel_did_not_list_cannot_be_read_and_says_why),
                cmocka_unit_test(a_vf_past_the_kernels_list_is_set_and_said_to_be_unverified),
                cmocka_unit_test(permanent_mac_comes_from_the_kept_vf_list_without_a_request),
                cmocka_unit_test(no_permanent_mac_reported_is_enodata_and_leaves_mac_alone),
                cmocka_unit_test(a_pf_without_netdev_has_no_permanent_mac),
                cmocka_unit_test(config_diff_names_the_fields_set_in_both_that_differ),
                cmocka_unit_test(a_vf_label_is_its_address_then_pf_slash_index),
        };

        return cmocka_run_group_tests_name("unit/vf-config", tests, NULL, NULL);
}
