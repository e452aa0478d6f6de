/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sriov_host_check() on fake hosts (run under umockdev, which also serves the fake
 * /proc/cmdline): which findings come out, with which severity, object, message and remedy,
 * for IOMMU on and off, the kernel command line's say, interrupt remapping, vfio modules, PFs
 * that cannot make VFs and groups that are not viable.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fakeiommu.h"
#include "fakesys.h"
#include "shape-host.h"
#include "libsriov-private.h"

struct fixture {
        struct shape_host host; /* each test adds its shapes */
        struct sriov_check_report *report;
};

static int setup(void **state)
{
        static const shape_fn none[] = { NULL };
        struct fixture *f = calloc(1, sizeof(*f));

        shape_host_setup(&f->host, none);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        sriov_check_report_unref(f->report);
        shape_host_teardown(&f->host);
        free(f);
        return 0;
}

/* Run the check; returns the report's ids, one line each as "severity id object". */
static const char *run(struct fixture *f)
{
        static char out[2048];
        size_t len = 0;

        sriov_check_report_unref(f->report);
        f->report = NULL;
        assert_int_equal(sriov_host_check(f->host.ctx, &f->report), 0);
        out[0] = '\0';
        for (size_t i = 0; i < sriov_check_report_get_count(f->report); i++)
                len += (size_t)snprintf(out + len, sizeof(out) - len, "%d %s %s\n",
                                        sriov_check_report_get_severity(f->report, i),
                                        sriov_check_report_get_id(f->report, i),
                                        sriov_check_report_get_object(f->report, i));
        return out;
}

/* The finding with @id about @object; fails the test when there is none. */
static size_t find(struct fixture *f, const char *id, const char *object)
{
        for (size_t i = 0; i < sriov_check_report_get_count(f->report); i++)
                if (strcmp(sriov_check_report_get_id(f->report, i), id) == 0 &&
                    (!object || strcmp(sriov_check_report_get_object(f->report, i), object) == 0))
                        return i;
        fail_msg("no finding %s %s", id, object ? object : "");
        return 0;
}

static void assert_has(const char *haystack, const char *needle)
{
        if (!haystack || !strstr(haystack, needle))
                fail_msg("\"%s\" lacks \"%s\"", haystack ? haystack : "(null)", needle);
}

static void expect(struct fixture *f, const char *id, const char *object,
                   enum sriov_check_severity severity, const char *message, const char *remedy)
{
        size_t i = find(f, id, object);

        assert_int_equal(sriov_check_report_get_severity(f->report, i), severity);
        assert_has(sriov_check_report_get_message(f->report, i), message);
        if (remedy)
                assert_has(sriov_check_report_get_remedy(f->report, i), remedy);
        else
                assert_null(sriov_check_report_get_remedy(f->report, i));
}

static void a_ready_host_passes_every_check(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        shape_igb(f->host.fs);
        assert_string_equal(run(f), "0 iommu-on iommu\n"
                                    "0 interrupt-remapping interrupt-remapping\n"
                                    "0 vfio vfio\n"
                                    "0 vfio-pci vfio-pci\n"
                                    "0 pf-sriov 0000:01:00.0\n");
        assert_int_equal(sriov_check_report_get_worst(f->report), SRIOV_CHECK_OK);
        expect(f, "iommu-on", "iommu", SRIOV_CHECK_OK, "IOMMU: on (dmar0)", NULL);
        expect(f, "pf-sriov", "0000:01:00.0", SRIOV_CHECK_OK, "PF 0000:01:00.0 (igb): 2 of 7 VFs",
               NULL);
        /* Out of range: OK and NULL, never a crash. */
        assert_null(sriov_check_report_get_id(f->report, 99));
        assert_int_equal(sriov_check_report_get_severity(f->report, 99), SRIOV_CHECK_OK);
}

static void no_iommu_and_no_intel_iommu_on_is_a_problem_with_the_command_line_remedy(void **state)
{
        struct fixture *f = *state;

        shape_iommu_off(f->host.fs);
        /* No interrupt remapping finding: there is nothing to remap with. */
        assert_string_equal(run(f), "2 iommu-off iommu\n"
                                    "0 vfio vfio\n"
                                    "0 vfio-pci vfio-pci\n"
                                    "0 pf-sriov 0000:07:00.0\n");
        assert_int_equal(sriov_check_report_get_worst(f->report), SRIOV_CHECK_PROBLEM);
        expect(f, "iommu-off", "iommu", SRIOV_CHECK_PROBLEM,
               "the kernel command line has no intel_iommu=on or amd_iommu=on",
               "add intel_iommu=on (or amd_iommu=on) to the kernel command line and reboot");
}

static void iommu_turned_off_on_the_command_line_is_named(void **state)
{
        struct fixture *f = *state;

        shape_iommu_off(f->host.fs);
        fakesys_write(f->host.fs, "proc/cmdline", "root=/dev/sda1 intel_iommu=on intel_iommu=off quiet");
        run(f);
        expect(f, "iommu-off", "iommu", SRIOV_CHECK_PROBLEM,
               "the kernel command line turns it off (intel_iommu=off)", "remove the =off word");
}

static void intel_iommu_on_without_an_iommu_blames_the_firmware(void **state)
{
        struct fixture *f = *state;

        shape_iommu_off(f->host.fs);
        /* After "--" the words are init's, not the kernel's. */
        fakesys_write(f->host.fs, "proc/cmdline", "ro intel_iommu=sm_on,on quiet -- intel_iommu=off");
        run(f);
        expect(f, "iommu-off", "iommu", SRIOV_CHECK_PROBLEM,
               "although the kernel command line has intel_iommu=on: the firmware describes no "
               "IOMMU",
               "enable VT-d (Intel) or AMD-Vi/IOMMU in the firmware (BIOS) setup");
}

static void noiommu_mode_is_called_unsafe(void **state)
{
        struct fixture *f = *state;

        shape_noiommu(f->host.fs);
        assert_string_equal(run(f), "2 iommu-off iommu\n"
                                    "2 noiommu-unsafe vfio\n"
                                    "0 vfio vfio\n"
                                    "0 vfio-pci vfio-pci\n"
                                    "0 pf-sriov 0000:08:00.0\n"
                                    "0 group-viable 0000:08:10.0\n");
        expect(f, "noiommu-unsafe", "vfio", SRIOV_CHECK_PROBLEM,
               "a device given to user space can DMA anywhere in host memory and take over the "
               "host; this is UNSAFE",
               "enable_unsafe_noiommu_mode");
        expect(f, "group-viable", "0000:08:10.0", SRIOV_CHECK_OK,
               "VF 0000:08:10.0 (enp8s0/0): IOMMU group 0 is viable (/dev/vfio/noiommu-0)", NULL);
}

static void noiommu_parameter_with_an_iommu_is_a_warning(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        fakesys_write(f->host.fs, "sys/module/vfio/parameters/enable_unsafe_noiommu_mode", "Y");
        run(f);
        expect(f, "noiommu-unsafe", "vfio", SRIOV_CHECK_WARNING,
               "a device that no IOMMU covers would be given to user space without protection",
               "echo N >");
        assert_int_equal(sriov_check_report_get_worst(f->report), SRIOV_CHECK_WARNING);
}

static void passthrough_mode_passes_and_says_so(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        shape_igb(f->host.fs);
        for (int g = 9; g <= 11; g++)
                fakesys_set_group_type(f->host.fs, g, "identity");
        run(f);
        expect(f, "iommu-on", "iommu", SRIOV_CHECK_OK,
               "in passthrough mode (iommu=pt): host drivers' DMA is not translated, devices "
               "given to VFIO are isolated",
               NULL);
}

static void groups_of_vfs_on_vfio_pci_are_checked_for_viability(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        shape_vfio(f->host.fs);
        assert_has(run(f), "0 pf-sriov 0000:02:00.0\n"
                           "0 group-viable 0000:02:10.0\n"
                           "2 group-not-viable 0000:02:10.2\n"
                           "0 group-viable 0000:02:10.6\n");
        expect(f, "group-not-viable", "0000:02:10.2", SRIOV_CHECK_PROBLEM,
               "VF 0000:02:10.2 (enp2s0/1): IOMMU group 61 is not viable: 0000:02:10.4 is bound to the host "
               "driver igbvf",
               "bind every member of IOMMU group 61 to vfio-pci or unbind it from its driver");
        expect(f, "group-viable", "0000:02:10.6", SRIOV_CHECK_OK,
               "IOMMU group 62 is viable (/dev/vfio/62)", NULL);
        assert_int_equal(sriov_check_report_get_worst(f->report), SRIOV_CHECK_PROBLEM);
}

static void pfs_without_driver_or_vfs_are_found(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        shape_no_driver(f->host.fs);
        shape_zero_vfs(f->host.fs);
        shape_plain_nic(f->host.fs);
        assert_has(run(f), "2 pf-no-driver 0000:05:00.0\n"
                           "1 pf-zero-vfs 0000:06:00.0\n");
        expect(f, "pf-no-driver", "0000:05:00.0", SRIOV_CHECK_PROBLEM,
               "PF 0000:05:00.0: no driver is bound, and only the PF's driver can create VFs",
               "bind the PF's own driver");
        expect(f, "pf-zero-vfs", "0000:06:00.0", SRIOV_CHECK_WARNING,
               "PF 0000:06:00.0 (mlx5_core): the device allows 0 VFs", "enable SR-IOV");
}

static void a_pf_on_vfio_pci_needs_enable_sriov(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        shape_no_driver(f->host.fs);
        fakesys_bind_driver(f->host.fs, "0000:05:00.0", "vfio-pci");
        run(f);
        expect(f, "pf-driver-no-sriov", "0000:05:00.0", SRIOV_CHECK_PROBLEM,
               "vfio-pci creates VFs only with its enable_sriov parameter on", "enable_sriov=1");
        fakesys_write(f->host.fs, "sys/module/vfio_pci/parameters/enable_sriov", "Y");
        run(f);
        expect(f, "pf-sriov", "0000:05:00.0", SRIOV_CHECK_OK, "(vfio-pci): 0 of 7 VFs", NULL);
}

static void a_host_without_sr_iov_is_warned_about(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        shape_plain_nic(f->host.fs);
        run(f);
        expect(f, "no-pf", "sriov", SRIOV_CHECK_WARNING, "no PCI device of this host has SR-IOV",
               "enable SR-IOV");
}

static void interrupt_remapping_off_on_the_command_line_is_a_problem(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        fakesys_write(f->host.fs, "proc/cmdline", "ro intel_iommu=on intremap=off");
        run(f);
        expect(f, "no-interrupt-remapping", "interrupt-remapping", SRIOV_CHECK_PROBLEM,
               "turned off on the kernel command line (intremap=off); VFIO refuses devices "
               "without it",
               "remove intremap=off");
        fakesys_write(f->host.fs, "proc/cmdline", "ro intel_iommu=on nointremap");
        run(f);
        expect(f, "no-interrupt-remapping", "interrupt-remapping", SRIOV_CHECK_PROBLEM,
               "(nointremap)", "remove intremap=off");
        /* With unsafe interrupts allowed VFIO works, unsafely: a warning. */
        fakesys_write(f->host.fs, "sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", "Y");
        run(f);
        expect(f, "no-interrupt-remapping", "interrupt-remapping", SRIOV_CHECK_WARNING,
               "a device can inject interrupts into the host", "remove intremap=off");
}

static void an_iommu_without_the_ir_capability_is_a_problem(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        fakesys_add_iommu(f->host.fs, "dmar1", "f00f56"); /* bit 3 clear */
        run(f);
        expect(f, "no-interrupt-remapping", "interrupt-remapping", SRIOV_CHECK_PROBLEM,
               "interrupt remapping: dmar1 cannot remap interrupts (ecap IR bit clear)",
               "allow_unsafe_interrupts=1");
}

static void unsafe_interrupts_allowed_with_remapping_is_a_warning(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        fakesys_write(f->host.fs, "sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", "Y");
        run(f);
        expect(f, "interrupt-remapping", "interrupt-remapping", SRIOV_CHECK_OK,
               "supported by the IOMMU", NULL);
        expect(f, "unsafe-interrupts", "interrupt-remapping", SRIOV_CHECK_WARNING,
               "allow_unsafe_interrupts=Y", "echo N >");
}

static void a_non_intel_iommu_leaves_interrupt_remapping_unknown(void **state)
{
        struct fixture *f = *state;

        shape_iommu_on(f->host.fs);
        fakesys_add_iommu(f->host.fs, "ivhd0", NULL);
        run(f);
        expect(f, "interrupt-remapping-unknown", "interrupt-remapping", SRIOV_CHECK_WARNING,
               "cannot be read from sysfs for ivhd0", "dmesg");
}

/* vfio-pci not loaded: the running kernel's modules.dep (a seam points it at a fixture). */
static void vfio_pci_not_loaded_is_looked_up_in_modules_dep(void **state)
{
        struct fixture *f = *state;
        char mods[PATH_MAX];

        shape_iommu_on(f->host.fs);
        fakesys_remove(f->host.fs, "sys/bus/pci/drivers/vfio-pci");
        fakesys_remove(f->host.fs, "sys/module/vfio_pci/parameters/enable_sriov");
        fakesys_remove(f->host.fs, "sys/module/vfio_pci/parameters");
        fakesys_remove(f->host.fs, "sys/module/vfio_pci");
        snprintf(mods, sizeof(mods), "%s/lib-modules", fakesys_root(f->host.fs));
        f->host.ctx->modules_dir = mods;

        run(f);
        expect(f, "vfio-pci-missing", "vfio-pci", SRIOV_CHECK_PROBLEM,
               "vfio-pci: not loaded, and", "CONFIG_VFIO_PCI");
        assert_has(sriov_check_report_get_message(f->report, find(f, "vfio-pci-missing", NULL)),
                   "modules.dep cannot be read");

        fakesys_write(f->host.fs, "lib-modules/modules.dep",
                      "kernel/drivers/net/ethernet/intel/igb/igb.ko.xz: kernel/lib/dca.ko.xz\n"
                      "kernel/drivers/vfio/vfio.ko.xz: kernel/drivers/iommu/iommufd/iommufd.ko.xz");
        run(f);
        expect(f, "vfio-pci-missing", "vfio-pci", SRIOV_CHECK_PROBLEM,
               "the running kernel has no such module", "CONFIG_VFIO_PCI");

        fakesys_write(f->host.fs, "lib-modules/modules.dep",
                      "kernel/drivers/vfio/vfio.ko.xz:\n"
                      "kernel/drivers/vfio/pci/vfio-pci.ko.xz: kernel/drivers/vfio/pci/"
                      "vfio-pci-core.ko.xz kernel/drivers/vfio/vfio.ko.xz");
        run(f);
        expect(f, "vfio-pci-not-loaded", "vfio-pci", SRIOV_CHECK_WARNING,
               "vfio-pci: not loaded, can be loaded from", "modprobe vfio-pci");
        /* Warnings alone: the host is still fine. */
        assert_int_equal(sriov_check_report_get_worst(f->report), SRIOV_CHECK_WARNING);

        fakesys_write(f->host.fs, "lib-modules/modules.builtin", "kernel/drivers/vfio/pci/vfio-pci.ko");
        run(f);
        expect(f, "vfio-pci", "vfio-pci", SRIOV_CHECK_OK, "vfio-pci: built into the kernel", NULL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
                T(a_ready_host_passes_every_check),
                T(no_iommu_and_no_intel_iommu_on_is_a_problem_with_the_command_line_remedy),
                T(iommu_turned_off_on_the_command_line_is_named),
                T(intel_iommu_on_without_an_iommu_blames_the_firmware),
                T(noiommu_mode_is_called_unsafe),
                T(noiommu_parameter_with_an_iommu_is_a_warning),
                T(passthrough_mode_passes_and_says_so),
                T(groups_of_vfs_on_vfio_pci_are_checked_for_viability),
                T(pfs_without_driver_or_vfs_are_found),
                T(a_pf_on_vfio_pci_needs_enable_sriov),
                T(a_host_without_sr_iov_is_warned_about),
                T(interrupt_remapping_off_on_the_command_line_is_a_problem),
                T(an_iommu_without_the_ir_capability_is_a_problem),
                T(unsafe_interrupts_allowed_with_remapping_is_a_warning),
                T(a_non_intel_iommu_leaves_interrupt_remapping_unknown),
                T(vfio_pci_not_loaded_is_looked_up_in_modules_dep),
#undef T
        };

        return cmocka_run_group_tests_name("sysfs/check", tests, NULL, NULL);
}
