/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sriov_pf_set_num_vfs() against a fake kernel on umockdev trees: what is written, in which
 * order, what is refused before writing, and that failures put the host back as it was. And
 * sriov_pf_set_drivers_autoprobe(), which writes the same PF's sriov_drivers_autoprobe alone.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assert-error.h"
#include "fake-pci-kernel.h"
#include "fake-rtnl.h"
#include "fakesys.h"
#include "libsriov-private.h"

struct fixture {
        struct fakesys *fs;
        struct sriov_ctx *ctx;
        struct fake_pci_kernel kernel;
        struct sriov_pf *pf;
};

/* An igb PF without VFs (the no-driver shape, given its driver). */
static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        f->fs = fakesys_new();
        shape_no_driver(f->fs);
        fakesys_bind_driver(f->fs, "0000:05:00.0", "igb");
        fakesys_activate(f->fs);
        assert_int_equal(sriov_ctx_new(&f->ctx), 0);
        assert_int_equal(sriov_ctx_set_lease_dir(f->ctx, fakesys_lease_dir(f->fs)), 0);
        f->kernel = (struct fake_pci_kernel){ .fs = f->fs, .vf_driver = "igbvf",
                                          .ifname_fmt = "enp5s0v%u", .first_group = 50 };
        fake_pci_kernel_attach(&f->kernel, f->ctx);
        assert_int_equal(sriov_pf_new_from_name(f->ctx, "0000:05:00.0", &f->pf), 0);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        sriov_pf_unref(f->pf);
        sriov_ctx_unref(f->ctx);
        fakesys_free(f->fs);
        free(f);
        return 0;
}

static void creating_vfs_writes_numvfs_once_and_returns_with_them_ready(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 3, 0), 0);
        assert_string_equal(f->kernel.writes, "sriov_numvfs=3");
        assert_int_equal(sriov_pf_get_num_vfs(f->pf), 3); /* the PF object was read again */
        assert_int_equal(sriov_pf_get_vf(f->pf, 2, &vf), 0);
        assert_string_equal(sriov_vf_get_driver(vf), "igbvf");
        assert_string_equal(sriov_vf_get_ifname(vf), "enp5s0v2");
        sriov_vf_unref(vf);
}

static void the_same_count_again_writes_nothing(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 0, 0), 0);
        assert_string_equal(f->kernel.writes, "");
}

static void a_count_above_total_vfs_is_refused_before_writing(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 8, 0), -ERANGE);
        assert_string_equal(f->kernel.writes, "");
        assert_error_says(f->ctx, "PF 0000:05:00.0: sriov_numvfs 8: out of range, sriov_totalvfs is 7");
}

static void a_pf_without_driver_is_refused_before_writing(void **state)
{
        struct fixture *f = *state;
        struct sriov_pf *pf;

        fakesys_add_pci(f->fs, "pci0000:00/0000:00:07.0", "0000:07:00.0", 0x8086, 0x10c9, -1);
        fakesys_add_sriov(f->fs, "0000:07:00.0", 7, 0x10ca, 128, 2);
        assert_int_equal(sriov_pf_new_from_name(f->ctx, "0000:07:00.0", &pf), 0);
        assert_int_equal(sriov_pf_set_num_vfs(pf, 2, 0), -ENOENT);
        assert_string_equal(f->kernel.writes, "");
        assert_error_says(f->ctx, "no driver is bound to the PF");
        sriov_pf_unref(pf);
}

static void autoprobe_off_is_written_before_the_vfs_and_leaves_them_driverless(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 2, SRIOV_AUTOPROBE_OFF), 0);
        assert_string_equal(f->kernel.writes, "sriov_drivers_autoprobe=0 sriov_numvfs=2");
        assert_int_equal(sriov_pf_get_drivers_autoprobe(f->pf), 0);
        assert_int_equal(sriov_pf_get_vf(f->pf, 1, &vf), 0);
        assert_null(sriov_vf_get_driver(vf));
        sriov_vf_unref(vf);
}

static void both_autoprobe_flags_are_refused(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 2, SRIOV_AUTOPROBE_ON | SRIOV_AUTOPROBE_OFF),
                         -EINVAL);
        assert_string_equal(f->kernel.writes, "");
}

static void dry_run_writes_nothing(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 4, SRIOV_DRY_RUN | SRIOV_AUTOPROBE_OFF), 0);
        assert_string_equal(f->kernel.writes, "");
        assert_int_equal(fakesys_read_uint(f->fs, "0000:05:00.0", "sriov_numvfs"), 0);
}

static void a_kernel_refusal_is_reported_with_its_errno_and_autoprobe_put_back(void **state)
{
        struct fixture *f = *state;

        f->kernel.fail_attr = "sriov_numvfs";
        f->kernel.fail_value = "3";
        f->kernel.fail_errno = ENOMEM;
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 3, SRIOV_AUTOPROBE_OFF), -ENOMEM);
        assert_error_says(f->ctx, "PF 0000:05:00.0: write sriov_numvfs 3: Cannot allocate memory");
        assert_error_says(f->ctx, "put back 0 VFs as before");
        assert_string_equal(f->kernel.writes, "sriov_drivers_autoprobe=0 sriov_numvfs=3 "
                                              "sriov_drivers_autoprobe=1");
        assert_int_equal(fakesys_read_uint(f->fs, "0000:05:00.0", "sriov_drivers_autoprobe"), 1);
}

static void a_partial_enable_is_reported_and_undone(void **state)
{
        struct fixture *f = *state;

        f->kernel.enable_at_most = 2;
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 5, 0), -EIO);
        assert_error_says(f->ctx, "the driver enabled 2 of 5 VFs");
        assert_int_equal(fakesys_read_uint(f->fs, "0000:05:00.0", "sriov_numvfs"), 0);
        assert_string_equal(f->kernel.writes, "sriov_numvfs=5 sriov_numvfs=0");
}

static void vfs_not_ready_by_the_deadline_are_named_and_removed(void **state)
{
        struct fixture *f = *state;

        f->kernel.no_probe = true;
        sriov_ctx_set_timeout(f->ctx, 200);
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 2, 0), -ETIMEDOUT);
        assert_error_says(f->ctx, "PF 0000:05:00.0: wait for VFs: 2 of 2 VFs not ready after 200 ms: "
                            "0000:05:10.0 (no driver bound), 0000:05:10.2 (no driver bound)");
        assert_int_equal(fakesys_read_uint(f->fs, "0000:05:00.0", "sriov_numvfs"), 0);
}

static void no_wait_returns_once_the_count_is_written(void **state)
{
        struct fixture *f = *state;

        f->kernel.no_probe = true;
        sriov_ctx_set_timeout(f->ctx, 60000); /* would fail the test by its length if waited */
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 2, SRIOV_NO_WAIT), 0);
        assert_int_equal(sriov_pf_get_num_vfs(f->pf), 2);
}

/* ---- sriov_drivers_autoprobe on its own ---------------------------------------------------- */

static void drivers_autoprobe_off_then_on_writes_each_and_reads_back(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, 0), 1);
        assert_string_equal(f->kernel.writes, "sriov_drivers_autoprobe=0");
        assert_int_equal(sriov_pf_get_drivers_autoprobe(f->pf), 0);
        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, true, 0), 1);
        assert_string_equal(f->kernel.writes,
                            "sriov_drivers_autoprobe=0 sriov_drivers_autoprobe=1");
        assert_int_equal(sriov_pf_get_drivers_autoprobe(f->pf), 1);
        assert_int_equal(fakesys_read_uint(f->fs, "0000:05:00.0", "sriov_drivers_autoprobe"), 1);
}

/* The kernel's value decides, not the PF object's older snapshot (which says 1 here). */
static void drivers_autoprobe_the_kernel_already_has_is_not_written(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, true, 0), 0);
        fakesys_set_attr(f->fs, "0000:05:00.0", "sriov_drivers_autoprobe", "0");
        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, 0), 0);
        assert_string_equal(f->kernel.writes, "");
        assert_int_equal(sriov_pf_get_drivers_autoprobe(f->pf), 0);
}

static void drivers_autoprobe_dry_run_says_it_would_write_and_writes_nothing(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, SRIOV_DRY_RUN), 1);
        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, true, SRIOV_DRY_RUN), 0);
        assert_string_equal(f->kernel.writes, "");
        assert_int_equal(fakesys_read_uint(f->fs, "0000:05:00.0", "sriov_drivers_autoprobe"), 1);
}

static void drivers_autoprobe_on_a_kernel_without_it_is_not_supported(void **state)
{
        struct fixture *f = *state;

        fakesys_remove_attr(f->fs, "0000:05:00.0", "sriov_drivers_autoprobe");
        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, 0), -EOPNOTSUPP);
        assert_string_equal(f->kernel.writes, "");
        assert_error_says(f->ctx, "PF 0000:05:00.0: set autoprobe: this kernel has no "
                                  "sriov_drivers_autoprobe");
}

static void drivers_autoprobe_takes_no_flag_but_dry_run(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, SRIOV_FORCE), -EINVAL);
        assert_string_equal(f->kernel.writes, "");
        assert_error_says(f->ctx, "PF 0000:05:00.0: set sriov_drivers_autoprobe: flags 0x1: "
                                  "unknown flags");
}

static void drivers_autoprobe_refused_by_the_kernel_is_reported(void **state)
{
        struct fixture *f = *state;

        f->kernel.fail_attr = "sriov_drivers_autoprobe";
        f->kernel.fail_errno = EACCES;
        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, 0), -EACCES);
        assert_error_says(f->ctx, "PF 0000:05:00.0: write sriov_drivers_autoprobe 0: "
                                  "Permission denied");
        assert_int_equal(sriov_pf_get_drivers_autoprobe(f->pf), 1);
}

/* ---- PFs that have VFs: settings kept across resizes, VFs in use ---------------------------- */

struct vf_fixture {
        struct fakesys *fs;
        struct sriov_ctx *ctx;
        struct fake_pci_kernel kernel;
        struct fake_rtnl rtnl;
        struct sriov_pf *pf;
};

/* The kernel destroys every VF with its settings; new ones start from the driver's defaults. */
static void rtnl_follows_numvfs(struct fake_pci_kernel *k, const char *pf, unsigned int n)
{
        struct fake_rtnl *rt = k->data;

        (void)pf;
        rt->num_vf = n;
        for (unsigned int i = 0; i < FAKE_MAX_VFS; i++)
                fake_vf_init(&rt->vfs[i], i);
}

/* The igb shape: enp1s0 (ifindex 2) with VFs 01:10.0 and 01:10.2; VF 0 has a MAC, VF 1 a VLAN. */
static int setup_with_vfs(void **state)
{
        struct vf_fixture *f = calloc(1, sizeof(*f));

        f->fs = fakesys_new();
        shape_igb(f->fs);
        fakesys_activate(f->fs);
        assert_int_equal(sriov_ctx_new(&f->ctx), 0);
        assert_int_equal(sriov_ctx_set_lease_dir(f->ctx, fakesys_lease_dir(f->fs)), 0);
        f->kernel = (struct fake_pci_kernel){ .fs = f->fs, .vf_driver = "igbvf",
                                              .ifname_fmt = "enp1s0v%u", .first_group = 10,
                                              .numvfs_changed = rtnl_follows_numvfs,
                                              .data = &f->rtnl };
        fake_pci_kernel_attach(&f->kernel, f->ctx);
        fake_rtnl_igb(&f->rtnl, 2, 2);
        memcpy(f->rtnl.vfs[0].mac, (uint8_t[]){ 0x02, 0xaa, 0, 0, 0, 0x10 }, 6);
        f->rtnl.vfs[1].vlan = 10;
        f->rtnl.vfs[1].qos = 3;
        f->ctx->netlink_transact = fake_transact;
        f->ctx->netlink_dump = fake_dump; /* the host's addresses: none but what a test adds */
        f->ctx->seam_data = &f->rtnl;
        assert_int_equal(sriov_pf_new_from_name(f->ctx, "enp1s0", &f->pf), 0);
        *state = f;
        return 0;
}

static int teardown_with_vfs(void **state)
{
        struct vf_fixture *f = *state;

        sriov_pf_unref(f->pf);
        sriov_ctx_unref(f->ctx);
        fakesys_free(f->fs);
        free(f);
        return 0;
}

static void assert_settings_kept(struct vf_fixture *f)
{
        assert_memory_equal(f->rtnl.vfs[0].mac, ((uint8_t[]){ 0x02, 0xaa, 0, 0, 0, 0x10 }), 6);
        assert_int_equal(f->rtnl.vfs[1].vlan, 10);
        assert_int_equal(f->rtnl.vfs[1].qos, 3);
}

static void growing_goes_through_zero_and_keeps_the_old_vfs_settings(void **state)
{
        struct vf_fixture *f = *state;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 4, 0), 0);
        assert_string_equal(f->kernel.writes, "sriov_numvfs=0 sriov_numvfs=4");
        assert_int_equal(sriov_pf_get_num_vfs(f->pf), 4);
        assert_settings_kept(f);
        /* The new VFs keep the driver's defaults. */
        assert_int_equal(f->rtnl.vfs[3].vlan, 0);
}

static void shrinking_keeps_the_settings_of_the_survivors(void **state)
{
        struct vf_fixture *f = *state;

        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 1, 0), 0);
        assert_string_equal(f->kernel.writes, "sriov_numvfs=0 sriov_numvfs=1");
        assert_memory_equal(f->rtnl.vfs[0].mac, ((uint8_t[]){ 0x02, 0xaa, 0, 0, 0, 0x10 }), 6);
        assert_int_equal(f->rtnl.setlinks, 1); /* one SETLINK puts VF 0's MAC back */
}

static void a_failed_resize_puts_back_the_count_and_the_settings(void **state)
{
        struct vf_fixture *f = *state;

        f->kernel.fail_attr = "sriov_numvfs";
        f->kernel.fail_value = "4";
        f->kernel.fail_errno = ENOSPC;
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 4, 0), -ENOSPC);
        assert_string_equal(f->kernel.writes, "sriov_numvfs=0 sriov_numvfs=4 sriov_numvfs=2");
        assert_int_equal(fakesys_read_uint(f->fs, "0000:01:00.0", "sriov_numvfs"), 2);
        assert_settings_kept(f);
        if (!strstr(sriov_ctx_get_error(f->ctx), "put back 2 VFs as before"))
                fail_msg("%s", sriov_ctx_get_error(f->ctx));
}

static void expect_in_use_refusal(struct vf_fixture *f, const char *text)
{
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 0, 0), -EBUSY);
        assert_string_equal(f->kernel.writes, "");
        if (!strstr(sriov_ctx_get_error(f->ctx), text))
                fail_msg("error \"%s\" lacks \"%s\"", sriov_ctx_get_error(f->ctx), text);
}

static void a_vf_bound_to_vfio_pci_is_not_removed_unless_forced(void **state)
{
        struct vf_fixture *f = *state;

        fakesys_bind_driver(f->fs, "0000:01:10.2", "vfio-pci");
        expect_in_use_refusal(f, "PF 0000:01:00.0: sriov_numvfs 0: 1 VF in use: "
                                 "VF 0000:01:10.2 (enp1s0/1): bound to vfio-pci; release it or "
                                 "force");
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 0, SRIOV_FORCE), 0);
        assert_string_equal(f->kernel.writes, "sriov_numvfs=0");
}

static void a_vf_whose_netdev_is_up_is_not_removed(void **state)
{
        struct vf_fixture *f = *state;

        fakesys_set_attr(f->fs, "0000:01:10.0", "net/enp1s0v0/flags", "0x1003");
        expect_in_use_refusal(f, "VF 0000:01:10.0 (enp1s0/0): its netdev enp1s0v0 is up;");
}

/* A pod's netdev: moved by a CNI plugin into the pod's namespace, gone from our sysfs view. */
static void a_vf_whose_netdev_is_in_another_namespace_is_not_removed(void **state)
{
        struct vf_fixture *f = *state;
        struct sriov_vf *vf = NULL;
        const char *why = NULL;

        fakesys_move_netdevs_away(f->fs, "0000:01:10.0");
        assert_int_equal(sriov_vf_new_from_name(f->ctx, "0000:01:10.0", &vf), 0);
        assert_int_equal(sriov_vf_is_in_use(vf, &why), 1);
        assert_string_equal(why, "its netdev is in another network namespace");
        sriov_vf_unref(vf);
        expect_in_use_refusal(f, "VF 0000:01:10.0 (enp1s0/0): its netdev is in another network "
                                 "namespace;");
}

/* A VF whose driver made no netdev at all (or whose netdev was deleted) has nobody on it. */
static void a_vf_without_any_netdev_is_not_in_use(void **state)
{
        struct vf_fixture *f = *state;
        struct sriov_vf *vf = NULL;

        fakesys_unbind_driver(f->fs, "0000:01:10.0");
        assert_int_equal(sriov_vf_new_from_name(f->ctx, "0000:01:10.0", &vf), 0);
        assert_int_equal(sriov_vf_is_in_use(vf, NULL), 0);
        sriov_vf_unref(vf);
}

static void a_driver_override_marks_a_vf_in_use(void **state)
{
        struct vf_fixture *f = *state;

        fakesys_set_attr(f->fs, "0000:01:10.2", "driver_override", "vfio-pci");
        expect_in_use_refusal(f, "VF 0000:01:10.2 (enp1s0/1): driver_override is vfio-pci;");
}

static void an_unset_driver_override_is_no_use(void **state)
{
        struct vf_fixture *f = *state;

        fakesys_set_attr(f->fs, "0000:01:10.2", "driver_override", "(null)");
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 0, 0), 0);
}

/* Autoprobe is for VFs created later: the ones there keep their driver and their count. */
static void drivers_autoprobe_off_leaves_the_existing_vfs_on_their_driver(void **state)
{
        struct vf_fixture *f = *state;
        char driver[32];

        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, 0), 1);
        assert_string_equal(f->kernel.writes, "sriov_drivers_autoprobe=0");
        assert_int_equal(sriov_pf_get_num_vfs(f->pf), 2);
        fakesys_driver_of(f->fs, "0000:01:10.0", driver, sizeof(driver));
        assert_string_equal(driver, "igbvf");
        fakesys_driver_of(f->fs, "0000:01:10.2", driver, sizeof(driver));
        assert_string_equal(driver, "igbvf");
}

/*
 * A PF whose sysfs stops making sense mid-call (garbage in sriov_totalvfs; a driver reload does
 * the like) fails the call, and the object keeps the state it had: getters and later calls on
 * it work, where a half-forgotten PF once crashed them on a NULL list of netdevs.
 */
static void a_pf_that_cannot_be_read_again_keeps_what_it_had(void **state)
{
        struct vf_fixture *f = *state;
        struct sriov_vf_config cfg = { .mask = SRIOV_VF_CONFIG_TRUST, .trust = true };
        struct sriov_vf *vf;

        assert_int_equal(sriov_pf_get_vf(f->pf, 1, &vf), 0);
        fakesys_set_attr(f->fs, "0000:01:00.0", "sriov_totalvfs", "garbage");
        assert_int_equal(sriov_pf_set_num_vfs(f->pf, 4, 0), -EINVAL);
        assert_error_says(f->ctx, "PF 0000:01:00.0: read sriov_totalvfs: Invalid argument");
        assert_string_equal(f->kernel.writes, "");
        assert_string_equal(sriov_pf_get_ifname(f->pf), "enp1s0");
        assert_string_equal(sriov_pf_get_ifnames(f->pf)[0], "enp1s0");
        assert_int_equal(sriov_pf_get_num_vfs(f->pf), 2);
        assert_int_equal(sriov_pf_get_total_vfs(f->pf), 7);
        assert_string_equal(sriov_pf_get_driver(f->pf), "igb");
        /* The VF's calls go through its PF: they work, on what the PF had. */
        assert_int_equal(sriov_vf_set_config(vf, &cfg, 0, NULL), 0);
        assert_int_equal(f->rtnl.vfs[1].trust, 1);
        assert_int_equal(sriov_pf_set_drivers_autoprobe(f->pf, false, 0), -EINVAL);
        assert_string_equal(sriov_pf_get_ifname(f->pf), "enp1s0");
        sriov_vf_unref(vf);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        const struct CMUnitTest tests[] = {
                T(creating_vfs_writes_numvfs_once_and_returns_with_them_ready),
                T(the_same_count_again_writes_nothing),
                T(a_count_above_total_vfs_is_refused_before_writing),
                T(a_pf_without_driver_is_refused_before_writing),
                T(autoprobe_off_is_written_before_the_vfs_and_leaves_them_driverless),
                T(both_autoprobe_flags_are_refused),
                T(dry_run_writes_nothing),
                T(a_kernel_refusal_is_reported_with_its_errno_and_autoprobe_put_back),
                T(a_partial_enable_is_reported_and_undone),
                T(vfs_not_ready_by_the_deadline_are_named_and_removed),
                T(no_wait_returns_once_the_count_is_written),
                T(drivers_autoprobe_off_then_on_writes_each_and_reads_back),
                T(drivers_autoprobe_the_kernel_already_has_is_not_written),
                T(drivers_autoprobe_dry_run_says_it_would_write_and_writes_nothing),
                T(drivers_autoprobe_on_a_kernel_without_it_is_not_supported),
                T(drivers_autoprobe_takes_no_flag_but_dry_run),
                T(drivers_autoprobe_refused_by_the_kernel_is_reported),
#define TV(name) cmocka_unit_test_setup_teardown(name, setup_with_vfs, teardown_with_vfs)
                TV(growing_goes_through_zero_and_keeps_the_old_vfs_settings),
                TV(shrinking_keeps_the_settings_of_the_survivors),
                TV(a_failed_resize_puts_back_the_count_and_the_settings),
                TV(a_vf_bound_to_vfio_pci_is_not_removed_unless_forced),
                TV(a_vf_whose_netdev_is_up_is_not_removed),
                TV(a_vf_whose_netdev_is_in_another_namespace_is_not_removed),
                TV(a_vf_without_any_netdev_is_not_in_use),
                TV(a_driver_override_marks_a_vf_in_use),
                TV(an_unset_driver_override_is_no_use),
                TV(drivers_autoprobe_off_leaves_the_existing_vfs_on_their_driver),
                TV(a_pf_that_cannot_be_read_again_keeps_what_it_had),
        };

        return cmocka_run_group_tests_name("sysfs/num-vfs", tests, NULL, NULL);
}
