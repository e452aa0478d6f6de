/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The library at a thousand VFs and more: no resource held per VF object, and one request for
 * an answer that does not come rather than one per VF.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "igb-host.h"
#include "libsriov-private.h"
#include "shape-host.h"

/*
 * 4 PFs x 1024 VFs, every VF object alive at once, under systemd's default soft limit of 1024
 * open files: a VF that kept a descriptor (as each once did) made the 1017th lookup fail.
 */
static void four_thousand_vfs_need_no_descriptor_each(void **state)
{
        static const shape_fn shapes[] = { shape_mlx5_4x1024, NULL };
        static const char *const pfs[] = { "0000:81:00.0", "0000:86:00.0", "0000:8b:00.0",
                                           "0000:90:00.0" };
        struct rlimit old, low = { .rlim_cur = 1024 };
        struct sriov_vf **vfs = calloc(4096, sizeof(*vfs));
        struct shape_host h;
        size_t n = 0;

        (void)state;
        assert_non_null(vfs);
        shape_host_setup(&h, shapes);
        assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
        low.rlim_max = old.rlim_max;
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
        for (size_t p = 0; p < 4; p++) {
                struct sriov_pf *pf = shape_host_pf(&h, pfs[p]);

                for (unsigned int i = 0; i < sriov_pf_get_num_vfs(pf); i++) {
                        if (sriov_pf_get_vf(pf, i, &vfs[n]) < 0)
                                fail_msg("VF %zu of %s: %s", (size_t)i, pfs[p],
                                         sriov_ctx_get_error(h.ctx));
                        n++;
                }
                sriov_pf_unref(pf);
        }
        assert_int_equal(n, 4096);
        /* Each still answers what needs its sysfs directory. */
        assert_string_equal(sriov_vf_get_driver(vfs[4095]), "mlx5_core");
        assert_int_equal(sriov_vf_get_iommu_group(vfs[4095]), 1000 + 4095);
        assert_int_equal(sriov_vf_is_in_use(vfs[4095], NULL), 0);
        assert_null(sriov_vf_get_vfio_cdev_path(vfs[0]));
        /* Looked up by address, each comes back as its index (computed from the SR-IOV
         * offset and stride, then checked against its virtfn link). */
        for (size_t i = 0; i < n; i += 97) {
                struct sriov_vf *byaddr = shape_host_vf(&h, sriov_vf_get_pci_address(vfs[i]));

                assert_int_equal(sriov_vf_get_index(byaddr), sriov_vf_get_index(vfs[i]));
                assert_string_equal(sriov_pf_get_pci_address(sriov_vf_get_pf(byaddr)),
                                    sriov_pf_get_pci_address(sriov_vf_get_pf(vfs[i])));
                sriov_vf_unref(byaddr);
        }
        for (size_t i = 0; i < n; i++)
                sriov_vf_unref(vfs[i]);
        free(vfs);
        assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
        shape_host_teardown(&h);
}

/* A failed RTM_GETLINK is remembered with the PF: its VFs ask once, not once each. */
static void a_failed_read_of_the_vf_list_is_asked_once_for_all_vfs(void **state)
{
        struct igb_host *h = calloc(1, sizeof(*h));
        struct sriov_vf_config c;
        struct sriov_pf *pf;
        char first[256];

        (void)state;
        igb_host_setup(h);
        h->rtnl.getlink_err = -EPERM;
        h->rtnl.getlinks = 0;
        assert_int_equal(sriov_pf_new_from_name(h->ctx, "0000:01:00.0", &pf), 0);
        for (unsigned int i = 0; i < sriov_pf_get_num_vfs(pf); i++) {
                struct sriov_vf *vf;

                assert_int_equal(sriov_pf_get_vf(pf, i, &vf), 0);
                assert_int_equal(sriov_vf_get_config(vf, &c), -EPERM);
                if (i == 0)
                        snprintf(first, sizeof(first), "%s", sriov_ctx_get_error(h->ctx));
                /* Every VF says why, as the first did. */
                assert_string_equal(sriov_ctx_get_error(h->ctx), first);
                sriov_vf_unref(vf);
        }
        assert_non_null(strstr(first, "read VF settings (RTM_GETLINK"));
        assert_int_equal(h->rtnl.getlinks, 1);
        /* Read again once the PF changes: the kept answer, or its failure, is stale then. */
        h->rtnl.getlink_err = 0;
        assert_int_equal(sriov_pf_reread(pf), 0);
        {
                struct sriov_vf *vf;

                assert_int_equal(sriov_pf_get_vf(pf, 0, &vf), 0);
                assert_int_equal(sriov_vf_get_config(vf, &c), 0);
                sriov_vf_unref(vf);
        }
        assert_int_equal(h->rtnl.getlinks, 2);
        sriov_pf_unref(pf);
        igb_host_teardown(h);
        free(h);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(four_thousand_vfs_need_no_descriptor_each),
                cmocka_unit_test(a_failed_read_of_the_vf_list_is_asked_once_for_all_vfs),
        };

        return cmocka_run_group_tests_name("sysfs/scale", tests, NULL, NULL);
}
