/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * IOMMU groups and VFIO facts on fake sysfs trees (run under umockdev): members, bridges,
 * viability and its reason, /dev/vfio paths, cdevs, the host's IOMMU mode, and handing the
 * nodes to another owner (in a directory standing in for /dev, see fakeiommu.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakeiommu.h"
#include "fakesys.h"
#include "shape-host.h"
#include "libsriov-private.h"

struct fixture {
        struct shape_host host;
};

static struct fixture *fixture_new(const shape_fn *shapes)
{
        struct fixture *f = calloc(1, sizeof(*f));

        shape_host_setup(&f->host, shapes);
        return f;
}

static int setup_vfio(void **state)
{
        static const shape_fn shapes[] = { shape_iommu_on, shape_vfio, shape_igb,
                                                           shape_dual_port, NULL };

        *state = fixture_new(shapes);
        return 0;
}

static int setup_off(void **state)
{
        static const shape_fn shapes[] = { shape_iommu_off, NULL };

        *state = fixture_new(shapes);
        return 0;
}

static int setup_noiommu(void **state)
{
        static const shape_fn shapes[] = { shape_noiommu, NULL };

        *state = fixture_new(shapes);
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        shape_host_teardown(&f->host);
        free(f);
        return 0;
}

static struct sriov_iommu_group *group_of(struct sriov_vf *vf)
{
        struct sriov_iommu_group *g = NULL;

        assert_int_equal(sriov_vf_get_iommu_group_info(vf, &g), 0);
        return g;
}

static void assert_has(const char *haystack, const char *needle)
{
        if (!haystack || !strstr(haystack, needle))
                fail_msg("\"%s\" lacks \"%s\"", haystack ? haystack : "(null)", needle);
}

static void group_lists_members_sorted_with_drivers_and_bridges(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp2s0/3");
        struct sriov_iommu_group *g = group_of(vf);
        const char *why = "untouched";

        assert_int_equal(sriov_iommu_group_get_number(g), 62);
        assert_string_equal(sriov_iommu_group_get_type(g), "DMA-FQ");
        assert_false(sriov_iommu_group_is_noiommu(g));
        assert_int_equal(sriov_iommu_group_get_member_count(g), 3);
        assert_string_equal(sriov_iommu_group_get_member_pci_address(g, 0), "0000:00:1c.0");
        assert_string_equal(sriov_iommu_group_get_member_driver(g, 0), "pcieport");
        assert_true(sriov_iommu_group_member_is_bridge(g, 0));
        assert_string_equal(sriov_iommu_group_get_member_pci_address(g, 1), "0000:00:1f.3");
        assert_null(sriov_iommu_group_get_member_driver(g, 1));
        assert_false(sriov_iommu_group_member_is_bridge(g, 1));
        assert_string_equal(sriov_iommu_group_get_member_pci_address(g, 2), "0000:02:10.6");
        assert_string_equal(sriov_iommu_group_get_member_driver(g, 2), "vfio-pci");
        assert_null(sriov_iommu_group_get_member_pci_address(g, 3));
        assert_false(sriov_iommu_group_member_is_bridge(g, 3));
        /* A bridge on pcieport and a driverless device leave the group viable. */
        assert_true(sriov_iommu_group_is_viable(g, &why));
        assert_string_equal(why, "untouched");
        assert_string_equal(sriov_iommu_group_get_vfio_path(g), "/dev/vfio/62");
        assert_string_equal(sriov_vf_get_vfio_cdev_path(vf), "/dev/vfio/devices/vfio2");
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
}

static void group_with_a_member_on_a_host_driver_is_not_viable_and_names_it(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "0000:02:10.2");
        struct sriov_iommu_group *g = group_of(vf);
        const char *why = NULL;

        assert_int_equal(sriov_iommu_group_get_number(g), 61);
        assert_false(sriov_iommu_group_is_viable(g, &why));
        assert_string_equal(why, "0000:02:10.4 is bound to the host driver igbvf");
        /* vfio made the node when it took 02:10.2, viable or not. */
        assert_string_equal(sriov_iommu_group_get_vfio_path(g), "/dev/vfio/61");
        why = NULL;
        assert_int_equal(sriov_vf_iommu_group_is_viable(vf, &why), 0);
        assert_string_equal(why, "0000:02:10.4 is bound to the host driver igbvf");
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
}

static void vf_alone_on_vfio_pci_is_viable_with_group_node_and_cdev(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp2s0/0");
        struct sriov_iommu_group *g = group_of(vf);
        const char *why = "untouched";

        assert_int_equal(sriov_iommu_group_get_member_count(g), 1);
        assert_int_equal(sriov_vf_iommu_group_is_viable(vf, &why), 1);
        assert_string_equal(why, "untouched");
        assert_string_equal(sriov_iommu_group_get_vfio_path(g), "/dev/vfio/60");
        assert_string_equal(sriov_vf_get_vfio_cdev_path(vf), "/dev/vfio/devices/vfio0");
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
}

/* 6.1 to 6.5 put vfio's device at vfio-dev/vfioX without a cdev: no device number. */
static void vfio_dev_without_a_device_number_is_no_cdev(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp2s0/0");

        fakesys_remove_attr(f->host.fs, "0000:02:10.0", "vfio-dev/vfio0/dev");
        assert_null(sriov_vf_get_vfio_cdev_path(vf));
        sriov_vf_unref(vf);
}

static void vf_on_its_host_driver_is_not_viable_and_has_no_vfio_node(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp1s0/0");
        struct sriov_iommu_group *g = group_of(vf);
        const char *why = NULL;

        assert_false(sriov_iommu_group_is_viable(g, &why));
        assert_string_equal(why, "0000:01:10.0 is bound to the host driver igbvf");
        assert_null(sriov_iommu_group_get_vfio_path(g));
        assert_null(sriov_iommu_group_get_type(g)); /* the igb shape's groups show no type */
        assert_null(sriov_vf_get_vfio_cdev_path(vf));
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
}

static void driverless_vf_alone_is_viable_without_a_node(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp3s0f0np0/1");
        struct sriov_iommu_group *g = group_of(vf);

        assert_true(sriov_iommu_group_is_viable(g, NULL));
        assert_null(sriov_iommu_group_get_vfio_path(g));
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
}

/* pci-stub does no DMA and keeps a group viable; uio drivers hand DMA to user space. */
static void pci_stub_keeps_a_group_viable_and_uio_does_not(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp2s0/3");
        struct sriov_iommu_group *g;
        const char *why = NULL;

        fakesys_bind_driver(f->host.fs, "0000:00:1f.3", "pci-stub");
        g = group_of(vf);
        assert_true(sriov_iommu_group_is_viable(g, NULL));
        sriov_iommu_group_unref(g);

        fakesys_unbind_driver(f->host.fs, "0000:00:1f.3");
        fakesys_bind_driver(f->host.fs, "0000:00:1f.3", "uio_pci_generic");
        g = group_of(vf);
        assert_false(sriov_iommu_group_is_viable(g, &why));
        assert_string_equal(why, "0000:00:1f.3 is bound to the host driver uio_pci_generic");
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
}

static void two_members_on_host_drivers_are_counted(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp2s0/3");
        struct sriov_iommu_group *g;
        const char *why = NULL;

        fakesys_bind_driver(f->host.fs, "0000:00:1f.3", "snd_hda_intel");
        fakesys_unbind_driver(f->host.fs, "0000:02:10.6");
        fakesys_bind_driver(f->host.fs, "0000:02:10.6", "igbvf");
        g = group_of(vf);
        assert_false(sriov_iommu_group_is_viable(g, &why));
        assert_string_equal(why, "0000:00:1f.3 is bound to the host driver snd_hda_intel, and 1 "
                                 "more members to host drivers");
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
}

static void vf_without_a_group_gets_enoent_and_is_not_viable(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp7s0/1");
        struct sriov_iommu_group *sentinel = (struct sriov_iommu_group *)0x1, *g = sentinel;
        const char *why = NULL;

        assert_int_equal(sriov_vf_get_iommu_group(vf), -1);
        assert_int_equal(sriov_vf_get_iommu_group_info(vf, &g), -ENOENT);
        assert_ptr_equal(g, sentinel);
        assert_has(sriov_ctx_get_error(f->host.ctx), "VF 0000:07:10.2 (enp7s0/1): IOMMU group: it has none");
        assert_int_equal(sriov_vf_iommu_group_is_viable(vf, &why), 0);
        assert_has(why, "no IOMMU group");
        assert_null(sriov_vf_get_vfio_cdev_path(vf));
        sriov_vf_unref(vf);
}

static void unknown_group_number_is_enoent_naming_it(void **state)
{
        struct fixture *f = *state;
        struct sriov_iommu_group *sentinel = (struct sriov_iommu_group *)0x1, *g = sentinel;

        assert_int_equal(sriov_iommu_group_new(f->host.ctx, 999, &g), -ENOENT);
        assert_ptr_equal(g, sentinel);
        assert_has(sriov_ctx_get_error(f->host.ctx), "IOMMU group 999: open");
        assert_int_equal(sriov_iommu_group_new(f->host.ctx, -1, &g), -EINVAL);
        assert_int_equal(sriov_iommu_group_new(f->host.ctx, 60, &g), 0);
        assert_int_equal(sriov_iommu_group_get_member_count(g), 1);
        assert_ptr_equal(sriov_iommu_group_ref(g), g);
        sriov_iommu_group_unref(g);
        sriov_iommu_group_unref(g);
        assert_null(sriov_iommu_group_unref(NULL));
}

static void iommu_mode_is_dma_with_a_unit_and_translated_groups(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_ctx_get_iommu_mode(f->host.ctx), SRIOV_IOMMU_MODE_DMA);
}

static void iommu_mode_is_passthrough_when_every_group_is_identity(void **state)
{
        struct fixture *f = *state;
        static const int groups[] = { 9, 10, 11, 20, 21, 30, 31, 59, 60, 61, 62 };

        for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
                fakesys_set_group_type(f->host.fs, groups[i], "identity");
        assert_int_equal(sriov_ctx_get_iommu_mode(f->host.ctx), SRIOV_IOMMU_MODE_PASSTHROUGH);
        /* One translated group makes the host DMA again. */
        fakesys_set_group_type(f->host.fs, 60, "DMA");
        assert_int_equal(sriov_ctx_get_iommu_mode(f->host.ctx), SRIOV_IOMMU_MODE_DMA);
}

static void iommu_mode_is_none_without_units_or_groups(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_ctx_get_iommu_mode(f->host.ctx), SRIOV_IOMMU_MODE_NONE);
}

static void noiommu_mode_is_seen_and_its_group_has_the_noiommu_node(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp8s0/0");
        struct sriov_iommu_group *g = group_of(vf);

        assert_int_equal(sriov_ctx_get_iommu_mode(f->host.ctx), SRIOV_IOMMU_MODE_NOIOMMU);
        assert_true(sriov_iommu_group_is_noiommu(g));
        assert_true(sriov_iommu_group_is_viable(g, NULL));
        assert_string_equal(sriov_iommu_group_get_vfio_path(g), "/dev/vfio/noiommu-0");
        sriov_iommu_group_unref(g);
        sriov_vf_unref(vf);
        /* The mode parameter off: no IOMMU at all. */
        fakesys_write(f->host.fs, "sys/module/vfio/parameters/enable_unsafe_noiommu_mode", "N");
        assert_int_equal(sriov_ctx_get_iommu_mode(f->host.ctx), SRIOV_IOMMU_MODE_NONE);
}

static void iommufd_is_seen_through_its_misc_device(void **state)
{
        struct fixture *f = *state;

        assert_int_equal(sriov_ctx_has_iommufd(f->host.ctx), 0);
        fakesys_add_misc_device(f->host.fs, "iommu");
        assert_int_equal(sriov_ctx_has_iommufd(f->host.ctx), 1);
}

/* ---- sriov_vf_set_vfio_owner(): nodes in a stand-in for /dev -------------------------------- */

static void make_node(const char *dir, const char *rel)
{
        char path[PATH_MAX];
        int fd;

        snprintf(path, sizeof(path), "%s/vfio", dir);
        mkdir(path, 0755);
        snprintf(path, sizeof(path), "%s/vfio/devices", dir);
        mkdir(path, 0755);
        snprintf(path, sizeof(path), "%s/%s", dir, rel);
        fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        assert_true(fd >= 0);
        close(fd);
}

static void owner_of(const char *dir, const char *rel, uid_t *uid, gid_t *gid)
{
        char path[PATH_MAX];
        struct stat st;

        snprintf(path, sizeof(path), "%s/%s", dir, rel);
        assert_int_equal(stat(path, &st), 0);
        *uid = st.st_uid;
        *gid = st.st_gid;
}

/* A /dev stand-in with enp2s0/0's group node and cdev, made the context's /dev. */
static void dev_with_both_nodes(struct fixture *f, char *dev, size_t size)
{
        snprintf(dev, size, "%s/dev-standin", fakesys_root(f->host.fs));
        mkdir(dev, 0755);
        make_node(dev, "vfio/60");
        make_node(dev, "vfio/devices/vfio0");
        f->host.ctx->dev_dir = dev;
}

static void vfio_owner_goes_to_the_group_node_and_the_cdev(void **state)
{
        struct fixture *f = *state;
        char dev[512];
        struct sriov_vf *vf;
        uid_t uid;
        gid_t gid;

        if (geteuid() != 0)
                skip(); /* chown to another user needs root (CI runs as root) */
        dev_with_both_nodes(f, dev, sizeof(dev));
        vf = shape_host_vf(&f->host, "enp2s0/0");

        assert_int_equal(sriov_vf_set_vfio_owner(vf, 4242, 4343, SRIOV_DRY_RUN), 0);
        owner_of(dev, "vfio/60", &uid, &gid);
        assert_int_equal(uid, 0);
        assert_int_equal(sriov_vf_set_vfio_owner(vf, 4242, 4343, 0), 0);
        owner_of(dev, "vfio/60", &uid, &gid);
        assert_int_equal(uid, 4242);
        assert_int_equal(gid, 4343);
        owner_of(dev, "vfio/devices/vfio0", &uid, &gid);
        assert_int_equal(uid, 4242);
        assert_int_equal(gid, 4343);
        /* -1 leaves that one alone, as chown(2). */
        assert_int_equal(sriov_vf_set_vfio_owner(vf, (uid_t)-1, 77, 0), 0);
        owner_of(dev, "vfio/60", &uid, &gid);
        assert_int_equal(uid, 4242);
        assert_int_equal(gid, 77);
        sriov_vf_unref(vf);
}

/* A VF object read before vfio-pci took the VF: the owner goes to the nodes it has now. */
static void vfio_owner_of_a_vf_bound_after_its_lookup_reaches_both_nodes(void **state)
{
        struct fixture *f = *state;
        char dev[512];
        struct sriov_vf *vf;
        uid_t uid;
        gid_t gid;

        if (geteuid() != 0)
                skip(); /* chown to another user needs root (CI runs as root) */
        dev_with_both_nodes(f, dev, sizeof(dev));
        fakesys_unbind_driver(f->host.fs, "0000:02:10.0");
        vf = shape_host_vf(&f->host, "enp2s0/0");
        assert_null(sriov_vf_get_driver(vf));
        fakesys_bind_driver(f->host.fs, "0000:02:10.0", "vfio-pci");

        assert_int_equal(sriov_vf_set_vfio_owner(vf, 4242, 4343, 0), 0);
        owner_of(dev, "vfio/60", &uid, &gid);
        assert_int_equal(uid, 4242);
        owner_of(dev, "vfio/devices/vfio0", &uid, &gid);
        assert_int_equal(uid, 4242);
        assert_int_equal(gid, 4343);
        assert_string_equal(sriov_vf_get_driver(vf), "vfio-pci");
        sriov_vf_unref(vf);
}

static void vfio_owner_changes_nothing_when_a_node_is_missing(void **state)
{
        struct fixture *f = *state;
        char dev[512];
        struct sriov_vf *vf;
        uid_t uid;
        gid_t gid;

        snprintf(dev, sizeof(dev), "%s/dev-standin", fakesys_root(f->host.fs));
        mkdir(dev, 0755);
        make_node(dev, "vfio/60"); /* but no vfio/devices/vfio0 */
        f->host.ctx->dev_dir = dev;
        vf = shape_host_vf(&f->host, "enp2s0/0");
        assert_int_equal(sriov_vf_set_vfio_owner(vf, 4242, 4343, 0), -ENOENT);
        assert_has(sriov_ctx_get_error(f->host.ctx), "VF 0000:02:10.0 (enp2s0/0): VFIO node /dev/vfio/devices/vfio0");
        owner_of(dev, "vfio/60", &uid, &gid);
        assert_int_equal(uid, geteuid());
        sriov_vf_unref(vf);
}

static void vfio_owner_of_a_vf_on_a_host_driver_is_refused(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf *vf = shape_host_vf(&f->host, "enp2s0/2");

        /* Its group has a node (02:10.2 is on vfio-pci), but it is not this VF's to give. */
        assert_int_equal(sriov_vf_set_vfio_owner(vf, 4242, 4343, 0), -ENODEV);
        assert_has(sriov_ctx_get_error(f->host.ctx),
                   "VF 0000:02:10.4 (enp2s0/2): set VFIO owner: it is not bound to vfio-pci");
        assert_int_equal(sriov_vf_set_vfio_owner(vf, 1, 1, 1u << 30), -EINVAL);
        sriov_vf_unref(vf);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
#define T(fn, setup) cmocka_unit_test_setup_teardown(fn, setup, teardown)
                T(group_lists_members_sorted_with_drivers_and_bridges, setup_vfio),
                T(group_with_a_member_on_a_host_driver_is_not_viable_and_names_it, setup_vfio),
                T(vf_alone_on_vfio_pci_is_viable_with_group_node_and_cdev, setup_vfio),
                T(vfio_dev_without_a_device_number_is_no_cdev, setup_vfio),
                T(vf_on_its_host_driver_is_not_viable_and_has_no_vfio_node, setup_vfio),
                T(driverless_vf_alone_is_viable_without_a_node, setup_vfio),
                T(pci_stub_keeps_a_group_viable_and_uio_does_not, setup_vfio),
                T(two_members_on_host_drivers_are_counted, setup_vfio),
                T(vf_without_a_group_gets_enoent_and_is_not_viable, setup_off),
                T(unknown_group_number_is_enoent_naming_it, setup_vfio),
                T(iommu_mode_is_dma_with_a_unit_and_translated_groups, setup_vfio),
                T(iommu_mode_is_passthrough_when_every_group_is_identity, setup_vfio),
                T(iommu_mode_is_none_without_units_or_groups, setup_off),
                T(noiommu_mode_is_seen_and_its_group_has_the_noiommu_node, setup_noiommu),
                T(iommufd_is_seen_through_its_misc_device, setup_vfio),
                T(vfio_owner_goes_to_the_group_node_and_the_cdev, setup_vfio),
                T(vfio_owner_of_a_vf_bound_after_its_lookup_reaches_both_nodes, setup_vfio),
                T(vfio_owner_changes_nothing_when_a_node_is_missing, setup_vfio),
                T(vfio_owner_of_a_vf_on_a_host_driver_is_refused, setup_vfio),
#undef T
        };

        return cmocka_run_group_tests_name("sysfs/iommu", tests, NULL, NULL);
}
