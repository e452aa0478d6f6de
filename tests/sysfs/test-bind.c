/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sriov_vf_bind_driver() and sriov_vf_unbind_driver() against a fake kernel on a umockdev
 * tree: the writes and their order, what is refused before writing, module loading, and
 * that a failure part-way puts the old driver and driver_override back.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>
#include <linux/rtnetlink.h>

#include "assert-error.h"
#include "igb-host.h"
#include "libsriov-private.h"

#define VF0 "0000:01:10.0"
/* How messages name it (sriov_vf_get_label()). */
#define VF0_LABEL VF0 " (enp1s0/0)"

struct fixture {
        struct igb_host host;
        struct sriov_vf *vf;
};

/* The igb host (igb-host.h) and its VF 0. */
static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        igb_host_setup(&f->host);
        assert_int_equal(sriov_vf_new_from_name(f->host.ctx, VF0, &f->vf), 0);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        sriov_vf_unref(f->vf);
        igb_host_teardown(&f->host);
        free(f);
        return 0;
}

/* The fake tree's driver and override of VF 0, as the kernel would show them. */
static void assert_kernel_state(struct fixture *f, const char *driver, const char *override)
{
        char buf[64];

        fakesys_driver_of(f->host.fs, VF0, buf, sizeof(buf));
        assert_string_equal(buf, driver);
        assert_true(fakesys_read_str(f->host.fs, VF0, "driver_override", buf, sizeof(buf)));
        assert_string_equal(buf, override);
}

static void bind_vfio(struct fixture *f)
{
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), 1);
        f->host.kernel.writes[0] = '\0';
}

/* ---- binding and giving back ---------------------------------------------------------------- */

static void binding_to_vfio_pci_writes_override_then_unbind_then_probe(void **state)
{
        struct fixture *f = *state;
        char buf[16];

        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), 1);
        assert_string_equal(f->host.kernel.writes, "driver_override=vfio-pci "
                                                   "drivers/igbvf/unbind=" VF0 " "
                                                   "drivers_probe=" VF0);
        assert_kernel_state(f, "vfio-pci", "vfio-pci");
        /* The VF object was read again. */
        assert_string_equal(sriov_vf_get_driver(f->vf), "vfio-pci");
        assert_string_equal(sriov_vf_get_driver_override(f->vf), "vfio-pci");
        assert_null(sriov_vf_get_ifname(f->vf));
        assert_false(fakesys_read_str(f->host.fs, VF0, "net/enp1s0v0/ifindex", buf, sizeof(buf)));
        /* Its addresses and routes were asked for before the netdev went. */
        assert_int_equal(f->host.rtnl.dumps, 3);
}

static void giving_back_clears_the_override_and_the_netdev_returns(void **state)
{
        struct fixture *f = *state;

        bind_vfio(f);
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), 1);
        assert_string_equal(f->host.kernel.writes, "driver_override=\n "
                                                   "drivers/vfio-pci/unbind=" VF0 " "
                                                   "drivers_probe=" VF0);
        assert_kernel_state(f, "igbvf", "(null)");
        assert_string_equal(sriov_vf_get_driver(f->vf), "igbvf");
        assert_null(sriov_vf_get_driver_override(f->vf));
        assert_string_equal(sriov_vf_get_ifname(f->vf), "enp1s0v0");
}

static void the_driver_the_vf_already_has_writes_nothing(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_vf_bind_driver(f->vf, "igbvf", 0), 0);
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), 0);
        assert_string_equal(f->host.kernel.writes, "");
        bind_vfio(f);
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), 0);
        assert_string_equal(f->host.kernel.writes, "");
}

static void vfio_pci_bound_without_an_override_is_not_the_host_default(void **state)
{
        struct fixture *f = *state;

        /* As `echo ID > vfio-pci/new_id` leaves it: bound, with no override. */
        fakesys_unbind_driver(f->host.fs, VF0);
        fakesys_bind_driver(f->host.fs, VF0, "vfio-pci");
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), 1);
        assert_string_equal(f->host.kernel.writes, "drivers/vfio-pci/unbind=" VF0 " "
                                                   "drivers_probe=" VF0);
        assert_kernel_state(f, "igbvf", "(null)");
}

static void a_driver_that_is_not_loaded_is_loaded_once(void **state)
{
        struct fixture *f = *state;

        bind_vfio(f);
        assert_string_equal(f->host.kmod_calls, "vfio-pci");
        assert_true(fakesys_driver_loaded(f->host.fs, "vfio-pci"));
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), 1);
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), 1);
        assert_string_equal(f->host.kmod_calls, "vfio-pci"); /* loaded now: not asked again */
}

static void with_autoprobe_off_the_host_default_is_no_driver(void **state)
{
        struct fixture *f = *state;

        bind_vfio(f);
        fakesys_set_attr(f->host.fs, "0000:01:00.0", "sriov_drivers_autoprobe", "0");
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), 1);
        assert_kernel_state(f, "", "(null)");
        assert_null(sriov_vf_get_driver(f->vf));
        /* And that is the default now: nothing more to do. */
        f->host.kernel.writes[0] = '\0';
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), 0);
        assert_string_equal(f->host.kernel.writes, "");
}

/* ---- refusals before any write ------------------------------------------------------------------ */

static void an_up_netdev_is_refused_unless_forced(void **state)
{
        struct fixture *f = *state;

        fakesys_set_attr(f->host.fs, VF0, "net/enp1s0v0/flags", "0x1003");
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -EBUSY);
        assert_string_equal(f->host.kernel.writes, "");
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": bind to vfio-pci (from igbvf): in use: its netdev "
                            "enp1s0v0 is up; take it down, or force");
        assert_string_equal(sriov_vf_get_driver(f->vf), "igbvf");
        /* Forced, it says what it broke: a warning, which sriovctl prints without -v. */
        igb_host_keep_warnings(&f->host);
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", SRIOV_FORCE), 1);
        assert_kernel_state(f, "vfio-pci", "vfio-pci");
        assert_string_equal(f->host.warnings, "VF " VF0_LABEL ": in use: its netdev enp1s0v0 is up; "
                                              "bind to vfio-pci (from igbvf) anyway, as forced\n");
}

static void an_address_on_the_netdev_is_refused(void **state)
{
        struct fixture *f = *state;

        fakesys_set_attr(f->host.fs, VF0, "net/enp1s0v0/ifindex", "7");
        /* A kernel without strict checking sends every link's; the PF's is not the VF's. */
        f->host.rtnl.addrs[0] = (struct fake_addr){ 2, AF_INET, "198.51.100.1", 24 };
        f->host.rtnl.addrs[1] = (struct fake_addr){ 7, AF_INET, "192.0.2.1", 24 };
        f->host.rtnl.n_addrs = 2;
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -EBUSY);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": bind to vfio-pci (from igbvf): in use: its netdev "
                            "enp1s0v0 has address 192.0.2.1/24 (1 address, 0 routes); remove "
                            "them, or force");
        assert_string_equal(f->host.kernel.writes, "");
        assert_kernel_state(f, "igbvf", "(null)");
}

static void a_route_through_the_netdev_is_refused(void **state)
{
        struct fixture *f = *state;

        fakesys_set_attr(f->host.fs, VF0, "net/enp1s0v0/ifindex", "7");
        f->host.rtnl.routes[0] = (struct fake_route){ 7, AF_INET, "198.51.100.0", 24, RTPROT_BOOT,
                                                      RT_TABLE_MAIN, false };
        f->host.rtnl.n_routes = 1;
        assert_int_equal(sriov_vf_unbind_driver(f->vf, 0), -EBUSY);
        assert_error_says(f->host.ctx, "VF " VF0_LABEL ": unbind from igbvf: in use: its netdev "
                          "enp1s0v0 has route 198.51.100.0/24 (0 addresses, 1 route)");
        assert_string_equal(f->host.kernel.writes, "");
}

static void addresses_of_other_links_do_not_count(void **state)
{
        struct fixture *f = *state;

        fakesys_set_attr(f->host.fs, VF0, "net/enp1s0v0/ifindex", "7");
        f->host.rtnl.addrs[0] = (struct fake_addr){ 2, AF_INET, "198.51.100.1", 24 };
        f->host.rtnl.addrs[1] = (struct fake_addr){ 7, AF_INET6, "fe80::1", 64 };
        f->host.rtnl.n_addrs = 2;
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), 1);
}

static void a_module_that_does_not_exist_is_refused_with_a_hint(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_vf_bind_driver(f->vf, "no_such_drv", 0), -ENOENT);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": bind to no_such_drv (from igbvf): no driver no_such_drv "
                            "is loaded and no module has that name (modprobe no_such_drv)");
        assert_string_equal(f->host.kernel.writes, "");
        assert_kernel_state(f, "igbvf", "(null)");
}

static void a_module_that_fails_to_load_says_modprobe(void **state)
{
        struct fixture *f = *state;

        f->host.kmod_err = -EPERM;
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -ENOENT);
        assert_error_says(f->host.ctx, "loading module vfio-pci failed: Operation not permitted "
                        "(modprobe vfio-pci)");
        assert_string_equal(f->host.kernel.writes, "");
}

static void bad_arguments_are_refused(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_vf_bind_driver(NULL, "vfio-pci", 0), -EINVAL);
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 1u << 20), -EINVAL);
        assert_int_equal(sriov_vf_bind_driver(f->vf, "../igb", 0), -EINVAL);
        assert_error_says(f->host.ctx, "VF " VF0_LABEL ": bind to \"../igb\": not a driver name");
        assert_int_equal(sriov_vf_bind_driver(f->vf, "", 0), -EINVAL);
        assert_int_equal(sriov_vf_unbind_driver(f->vf, SRIOV_AUTOPROBE_ON), -EINVAL);
        assert_string_equal(f->host.kernel.writes, "");
        assert_string_equal(f->host.kmod_calls, "");
}

static void dry_run_checks_everything_and_writes_nothing(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", SRIOV_DRY_RUN), 1);
        assert_int_equal(sriov_vf_unbind_driver(f->vf, SRIOV_DRY_RUN), 1);
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, SRIOV_DRY_RUN), 0);
        assert_string_equal(f->host.kernel.writes, "");
        /* The module is looked up, not loaded. */
        assert_string_equal(f->host.kmod_calls, "vfio-pci?");
        assert_false(fakesys_driver_loaded(f->host.fs, "vfio-pci"));
        fakesys_set_attr(f->host.fs, VF0, "net/enp1s0v0/flags", "0x1003");
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", SRIOV_DRY_RUN), -EBUSY);
        assert_kernel_state(f, "igbvf", "(null)");
}

/* ---- failures part-way ------------------------------------------------------------------------ */

static void a_driver_that_does_not_take_the_vf_fails_and_the_host_driver_comes_back(void **state)
{
        struct fixture *f = *state;

        f->host.kernel.probe_refuses = "vfio-pci";
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -EIO);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": bind to vfio-pci (from igbvf): vfio-pci did not take "
                            "it (its probe refused the device; see the kernel log); put back "
                            "igbvf with driver_override unset");
        assert_string_equal(f->host.kernel.writes, "driver_override=vfio-pci "
                                                   "drivers/igbvf/unbind=" VF0 " "
                                                   "drivers_probe=" VF0 " "
                                                   "driver_override=\n "
                                                   "drivers_probe=" VF0);
        assert_kernel_state(f, "igbvf", "(null)");
        assert_string_equal(sriov_vf_get_driver(f->vf), "igbvf");
        assert_string_equal(sriov_vf_get_ifname(f->vf), "enp1s0v0");
}

static void a_probe_the_kernel_refuses_is_reported_with_its_errno_and_undone(void **state)
{
        struct fixture *f = *state;

        f->host.kernel.fail_attr = "drivers_probe";
        f->host.kernel.fail_errno = ENOMEM;
        f->host.kernel.fail_times = 1;
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -ENOMEM);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": bind to vfio-pci (from igbvf): write drivers_probe \""
                            VF0 "\": Cannot allocate memory; put back igbvf with driver_override "
                            "unset");
        assert_kernel_state(f, "igbvf", "(null)");
        assert_string_equal(sriov_vf_get_ifname(f->vf), "enp1s0v0");
}

static void when_putting_back_fails_too_the_message_says_both(void **state)
{
        struct fixture *f = *state;

        f->host.kernel.fail_attr = "drivers_probe";
        f->host.kernel.fail_errno = ENOMEM;
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -ENOMEM);
        assert_error_says(f->host.ctx, "Cannot allocate memory; putting back failed too: "
                          "VF " VF0_LABEL ": put back igbvf: write drivers_probe \"" VF0 "\": Cannot "
                          "allocate memory");
        /* The object shows what the kernel has: no driver. */
        assert_null(sriov_vf_get_driver(f->vf));
}

static void an_unbind_the_kernel_refuses_puts_the_override_back(void **state)
{
        struct fixture *f = *state;

        f->host.kernel.fail_attr = "drivers/igbvf/unbind";
        f->host.kernel.fail_errno = EBUSY;
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -EBUSY);
        assert_string_equal(f->host.kernel.writes, "driver_override=vfio-pci "
                                                   "drivers/igbvf/unbind=" VF0 " "
                                                   "driver_override=\n");
        assert_kernel_state(f, "igbvf", "(null)");
        assert_error_says(f->host.ctx, "put back igbvf with driver_override unset");
}

static void an_override_the_kernel_refuses_changes_nothing(void **state)
{
        struct fixture *f = *state;

        f->host.kernel.fail_attr = "driver_override";
        f->host.kernel.fail_errno = EINVAL;
        assert_int_equal(sriov_vf_bind_driver(f->vf, "vfio-pci", 0), -EINVAL);
        /* Nothing had changed, so nothing is said to be put back. */
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": bind to vfio-pci (from igbvf): write driver_override "
                            "\"vfio-pci\": Invalid argument");
        assert_kernel_state(f, "igbvf", "(null)");
}

static void a_netdev_that_never_comes_times_out_and_vfio_pci_comes_back(void **state)
{
        struct fixture *f = *state;

        bind_vfio(f);
        f->host.kernel.no_netdev = true;
        sriov_ctx_set_timeout(f->host.ctx, 200);
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), -ETIMEDOUT);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": give back to the host driver (from vfio-pci): igbvf: no "
                            "netdev after 200 ms; put back vfio-pci with driver_override "
                            "vfio-pci");
        assert_kernel_state(f, "vfio-pci", "vfio-pci");
}

static void a_driverless_vf_whose_netdev_never_comes_is_left_driverless_again(void **state)
{
        struct fixture *f = *state;

        fakesys_unbind_driver(f->host.fs, VF0);
        f->host.kernel.no_netdev = true;
        sriov_ctx_set_timeout(f->host.ctx, 200);
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), -ETIMEDOUT);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": give back to the host driver (from no driver): igbvf: no "
                            "netdev after 200 ms; put back no driver");
        assert_string_equal(f->host.kernel.writes, "drivers_probe=" VF0 " "
                                                   "drivers/igbvf/unbind=" VF0);
        assert_kernel_state(f, "", "(null)");
}

/* ---- unbinding ------------------------------------------------------------------------------- */

static void unbinding_sets_the_none_override_first_and_stays_unbound(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_vf_unbind_driver(f->vf, 0), 1);
        assert_string_equal(f->host.kernel.writes, "driver_override=none "
                                                   "drivers/igbvf/unbind=" VF0);
        assert_kernel_state(f, "", "none");
        assert_null(sriov_vf_get_driver(f->vf));
        assert_null(sriov_vf_get_ifname(f->vf));
        assert_string_equal(sriov_vf_get_driver_override(f->vf), "none");
        /* Someone else's probe binds nothing: the override names no driver. */
        assert_int_equal(f->host.ctx->sysfs_write(f->host.ctx, -1, VF0, "drivers_probe", VF0), 0);
        assert_kernel_state(f, "", "none");
        /* Again: nothing to do. */
        f->host.kernel.writes[0] = '\0';
        assert_int_equal(sriov_vf_unbind_driver(f->vf, 0), 0);
        assert_string_equal(f->host.kernel.writes, "");
        /* And back. */
        assert_int_equal(sriov_vf_bind_driver(f->vf, NULL, 0), 1);
        assert_string_equal(f->host.kernel.writes, "driver_override=\n drivers_probe=" VF0);
        assert_kernel_state(f, "igbvf", "(null)");
        assert_string_equal(sriov_vf_get_ifname(f->vf), "enp1s0v0");
}

static void unbinding_a_vf_whose_netdev_is_up_is_refused(void **state)
{
        struct fixture *f = *state;

        fakesys_set_attr(f->host.fs, VF0, "net/enp1s0v0/flags", "0x1003");
        assert_int_equal(sriov_vf_unbind_driver(f->vf, 0), -EBUSY);
        assert_error_says(f->host.ctx,
                          "VF " VF0_LABEL ": unbind from igbvf: in use: its netdev enp1s0v0 is up");
        assert_string_equal(f->host.kernel.writes, "");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        const struct CMUnitTest tests[] = {
                T(binding_to_vfio_pci_writes_override_then_unbind_then_probe),
                T(giving_back_clears_the_override_and_the_netdev_returns),
                T(the_driver_the_vf_already_has_writes_nothing),
                T(vfio_pci_bound_without_an_override_is_not_the_host_default),
                T(a_driver_that_is_not_loaded_is_loaded_once),
                T(with_autoprobe_off_the_host_default_is_no_driver),
                T(an_up_netdev_is_refused_unless_forced),
                T(an_address_on_the_netdev_is_refused),
                T(a_route_through_the_netdev_is_refused),
                T(addresses_of_other_links_do_not_count),
                T(a_module_that_does_not_exist_is_refused_with_a_hint),
                T(a_module_that_fails_to_load_says_modprobe),
                T(bad_arguments_are_refused),
                T(dry_run_checks_everything_and_writes_nothing),
                T(a_driver_that_does_not_take_the_vf_fails_and_the_host_driver_comes_back),
                T(a_probe_the_kernel_refuses_is_reported_with_its_errno_and_undone),
                T(when_putting_back_fails_too_the_message_says_both),
                T(an_unbind_the_kernel_refuses_puts_the_override_back),
                T(an_override_the_kernel_refuses_changes_nothing),
                T(a_netdev_that_never_comes_times_out_and_vfio_pci_comes_back),
                T(a_driverless_vf_whose_netdev_never_comes_is_left_driverless_again),
                T(unbinding_sets_the_none_override_first_and_stays_unbound),
                T(unbinding_a_vf_whose_netdev_is_up_is_refused),
        };

        return cmocka_run_group_tests_name("sysfs/bind", tests, NULL, NULL);
}
