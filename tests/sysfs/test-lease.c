/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Leases against a fake kernel on a umockdev tree: the journal on disk, the hand-over to
 * vfio-pci and back, exclusivity, recovery of a dead holder's lease, and the error paths
 * (corrupt or missing journal, a group that is not viable).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <syslog.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "assert-error.h"
#include "fakeiommu.h"
#include "igb-host.h"
#include "libsriov-private.h"

#define VF0 "0000:01:10.0"
/* How messages name it (sriov_vf_get_label()). */
#define VF0_LABEL VF0 " (enp1s0/0)"
#define VF1 "0000:01:10.2"
#define VF1_LABEL VF1 " (enp1s0/1)"

struct fixture {
        struct igb_host host;
        const char *dir; /* the host's lease directory */
};

/* The igb host (igb-host.h), with its own lease directory. */
static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        igb_host_setup(&f->host);
        f->dir = f->host.lease_dir;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        igb_host_teardown(&f->host);
        free(f);
        return 0;
}

static void read_journal(struct fixture *f, const char *vf, char *buf, size_t size)
{
        char path[128];
        FILE *fp;
        size_t n;

        snprintf(path, sizeof(path), "%s/%s.lease", f->dir, vf);
        fp = fopen(path, "re");
        if (!fp) {
                buf[0] = '\0';
                return;
        }
        n = fread(buf, 1, size - 1, fp);
        buf[n] = '\0';
        fclose(fp);
}

static void write_journal(struct fixture *f, const char *vf, const char *text)
{
        char path[128];
        FILE *fp;

        snprintf(path, sizeof(path), "%s/%s.lease", f->dir, vf);
        fp = fopen(path, "we");
        assert_non_null(fp);
        fputs(text, fp);
        fclose(fp);
}

/*
 * The kernel's random generator before it is initialised (early at boot on a machine without
 * a hardware source, as the testbed's guest): a getrandom() that may wait is counted here. The
 * library's calls, linked into this test, resolve to this definition.
 */
static unsigned int waiting_getrandom;

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
        if (!(flags & (GRND_NONBLOCK | GRND_INSECURE)))
                waiting_getrandom++;
        return syscall(SYS_getrandom, buf, len, flags);
}

static struct sriov_lease *acquire(struct fixture *f, const char *pf, const char *vf)
{
        struct sriov_acquire_args a = { .pf = pf, .vf = vf, .owner_pid = -1 };
        struct sriov_lease *l = NULL;

        if (sriov_vf_acquire(f->host.ctx, &a, &l) < 0)
                fail_msg("acquire: %s", sriov_ctx_get_error(f->host.ctx));
        return l;
}

static void acquire_binds_vfio_pci_applies_settings_and_journals_the_old_state(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = "enp1s0/0", .owner_pid = 0 };
        struct sriov_lease *l = NULL;
        char text[1024];

        a.config.mask = SRIOV_VF_CONFIG_MAC;
        memcpy(a.config.mac, (uint8_t[]){ 0x02, 0xbb, 0, 0, 0, 1 }, 6);
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), 0);
        igb_host_assert_driver(&f->host, VF0, "vfio-pci");
        assert_memory_equal(f->host.rtnl.vfs[0].mac, ((uint8_t[]){ 0x02, 0xbb, 0, 0, 0, 1 }), 6);
        assert_string_equal(sriov_lease_get_pci_address(l), VF0);
        assert_string_equal(sriov_lease_get_pf_ifname(l), "enp1s0");
        assert_int_equal(sriov_lease_get_vf_index(l), 0);
        assert_int_equal(sriov_lease_get_iommu_group(l), 10);
        assert_int_equal(sriov_lease_get_owner_pid(l), getpid());
        assert_int_equal(sriov_lease_is_stale(l), 0);
        read_journal(f, VF0, text, sizeof(text));
        assert_non_null(strstr(text, "state held\n"));
        assert_non_null(strstr(text, "\ndriver igbvf\n"));
        assert_non_null(strstr(text, "\nmac 02:00:00:00:00:00\n")); /* before: fake default */
        assert_non_null(strstr(text, sriov_lease_get_cookie(l)));
        sriov_lease_unref(l);
}

/*
 * A VF the device plugin's admin bound to vfio-pci: in use to everyone, but the caller it was
 * assigned to (SRIOV_ACQUIRE_ASSIGNED: a CNI plugin with the pod's deviceID) takes it while
 * no process holds it open, and its release leaves it on vfio-pci. (Before, a CNI plugin had
 * no way to lease a VF the device plugin hands out on vfio-pci.)
 */
static void an_assigned_vf_on_vfio_pci_is_taken_while_nobody_holds_it(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF1, .owner_pid = -1 };
        struct sriov_vf *vf = NULL;
        struct sriov_lease *l = NULL;

        assert_int_equal(sriov_vf_new_from_name(f->host.ctx, VF1, &vf), 0);
        assert_int_equal(sriov_vf_bind_driver(vf, "vfio-pci", 0), 1);
        sriov_vf_unref(vf);
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EBUSY);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx), "VF " VF1_LABEL ": acquire: bound to vfio-pci");

        a.flags = SRIOV_ACQUIRE_ASSIGNED;
        a.config.mask = SRIOV_VF_CONFIG_VLAN;
        a.config.vlan = 300;
        if (sriov_vf_acquire(f->host.ctx, &a, &l) < 0)
                fail_msg("assigned acquire: %s", sriov_ctx_get_error(f->host.ctx));
        igb_host_assert_driver(&f->host, VF1, "vfio-pci");
        assert_int_equal(f->host.rtnl.vfs[1].vlan, 300);
        assert_int_equal(sriov_lease_release(l), 0);
        sriov_lease_unref(l);
        igb_host_assert_driver(&f->host, VF1, "vfio-pci");
        assert_int_equal(f->host.rtnl.vfs[1].vlan, 0);

        /* Held open by a VMM: in use, assigned or not. */
        fakesys_add_vfio_group(f->host.fs, 11, false);
        igb_host_add_holder(&f->host, 4244, "qemu-system-x86", "/dev/vfio/11");
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EBUSY);
        assert_non_null(strstr(sriov_ctx_get_error(f->host.ctx), "held open by"));

        /* DPDK's uio drivers as vfio-pci, but left there (before, only the vfio family was
         * taken assigned). */
        a.vf = VF0;
        a.config.mask = 0;
        fakesys_add_driver(f->host.fs, "uio_pci_generic");
        fakesys_bind_driver(f->host.fs, VF0, "uio_pci_generic");
        a.flags = 0;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EBUSY);
        assert_string_equal(sriov_ctx_get_error(f->host.ctx),
                            "VF " VF0_LABEL ": acquire: bound to uio_pci_generic");
        a.flags = SRIOV_ACQUIRE_ASSIGNED;
        if (sriov_vf_acquire(f->host.ctx, &a, &l) < 0)
                fail_msg("assigned acquire on uio: %s", sriov_ctx_get_error(f->host.ctx));
        igb_host_assert_driver(&f->host, VF0, "uio_pci_generic"); /* DPDK opens it there */
        if (sriov_lease_release(l) < 0)
                fail_msg("release on uio: %s", sriov_ctx_get_error(f->host.ctx));
        sriov_lease_unref(l);
        igb_host_assert_driver(&f->host, VF0, "uio_pci_generic");
        /* A DPDK application holds /dev/uio0: someone's, whatever a configuration names. */
        fakesys_set_attr(f->host.fs, VF0, "uio/uio0/dev", "240:0");
        igb_host_add_holder(&f->host, 4245, "dpdk-testpmd", "/dev/uio0");
        l = NULL;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EBUSY);
        assert_null(l);

        /* Assigned names one VF: a pool has none assigned. */
        a.vf = NULL;
        a.pf = "enp1s0";
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
}

/*
 * A VF the kernel's VF list leaves out (past 334 VFs): its settings cannot be read, so none
 * can be applied under a lease, which could not put them back; without settings it is leased
 * and released as any other. (Before, its settings journaled as "none known" and stayed.)
 */
static void a_vf_whose_settings_cannot_be_read_is_leased_only_without_settings(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF1, .owner_pid = -1 };
        struct sriov_lease *l = NULL;

        f->host.rtnl.list_max = 1;
        a.config.mask = SRIOV_VF_CONFIG_MAC;
        memcpy(a.config.mac, (uint8_t[]){ 0x02, 0xbb, 0, 0, 0, 2 }, 6);
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -ENODATA);
        assert_error_says(f->host.ctx, "VF " VF1_LABEL ": read settings: not in the kernel's VF "
                                           "list, which holds 1 of the PF's 2 VFs");
        assert_error_says(f->host.ctx, "acquire it without them");
        assert_null(l);
        igb_host_assert_driver(&f->host, VF1, "igbvf");
        assert_memory_equal(f->host.rtnl.vfs[1].mac, ((uint8_t[]){ 0x02, 0, 0, 0, 0, 1 }), 6);
        a.config.mask = 0;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), 0);
        igb_host_assert_driver(&f->host, VF1, "vfio-pci");
        assert_int_equal(sriov_lease_release(l), 0);
        igb_host_assert_driver(&f->host, VF1, "igbvf");
        sriov_lease_unref(l);
}

static void release_puts_the_driver_and_settings_back_and_removes_the_lease(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1 };
        struct sriov_lease *l = NULL;
        char text[1024], override[64];

        a.config.mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_TRUST;
        a.config.mac[0] = 0x02;
        a.config.mac[5] = 0x42;
        a.config.trust = true;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), 0);
        assert_int_equal(sriov_lease_release(l), 0);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        assert_true(fakesys_read_str(f->host.fs, VF0, "driver_override", override,
                                     sizeof(override)));
        assert_string_equal(override, "(null)");
        assert_memory_equal(f->host.rtnl.vfs[0].mac, ((uint8_t[]){ 0x02, 0, 0, 0, 0, 0 }), 6);
        assert_int_equal(f->host.rtnl.vfs[0].trust, 0);
        read_journal(f, VF0, text, sizeof(text));
        assert_string_equal(text, "");
        /* Once released, the object cannot release again. */
        assert_int_equal(sriov_lease_release(l), -ESTALE);
        sriov_lease_unref(l);
}

/* A netdev lease (a container's): the VF stays on igbvf, its netdev is journaled for the
 * holder to put back, the holder is named wherever the VF is refused, and release puts the
 * PF-side settings back. */
static void a_netdev_lease_keeps_the_driver_and_names_its_holder(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .pf = "enp1s0", .owner_pid = -1,
                                        .flags = SRIOV_ACQUIRE_NETDEV,
                                        .holder = "libsriov-cni 9f86d081/net1" };
        struct sriov_lease *l = NULL, *again = NULL;
        struct sriov_vf *vf = NULL;
        struct sriov_vf_config vlan = { .mask = SRIOV_VF_CONFIG_VLAN, .vlan = 7 };
        uint8_t mac[6];
        char text[1024];

        a.config.mask = SRIOV_VF_CONFIG_VLAN;
        a.config.vlan = 100;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), 0);
        assert_string_equal(sriov_lease_get_pci_address(l), VF0);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        assert_int_equal(f->host.rtnl.vfs[0].vlan, 100);
        assert_string_equal(sriov_lease_get_holder(l), "libsriov-cni 9f86d081/net1");
        assert_non_null(sriov_lease_get_ifname(l));
        assert_int_equal(sriov_lease_get_mtu(l), 1500);
        assert_int_equal(sriov_lease_get_mac(l, mac), 0);
        assert_memory_equal(mac, ((uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x56 }), 6);
        read_journal(f, VF0, text, sizeof(text));
        assert_non_null(strstr(text, "\nkind netdev\n"));
        assert_non_null(strstr(text, "\nholder libsriov-cni 9f86d081/net1\n"));
        assert_non_null(strstr(text, "\nmtu 1500\n"));

        /* Another process finds it by VF and sees the holder; a change is refused naming it. */
        assert_int_equal(sriov_lease_new_from_vf(f->host.ctx, VF0, &again), 0);
        assert_string_equal(sriov_lease_get_holder(again), "libsriov-cni 9f86d081/net1");
        assert_string_equal(sriov_lease_get_ifname(again), sriov_lease_get_ifname(l));
        assert_int_equal(sriov_vf_new_from_name(f->host.ctx, VF0, &vf), 0);
        assert_int_equal(sriov_vf_set_config(vf, &vlan, 0, NULL), -EBUSY);
        assert_error_says(f->host.ctx, "leased to libsriov-cni 9f86d081/net1, until released");

        assert_int_equal(sriov_lease_release(l), 0);
        assert_int_equal(f->host.rtnl.vfs[0].vlan, 0);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        sriov_vf_unref(vf);
        sriov_lease_unref(again);
        sriov_lease_unref(l);
}

/* Since when: the journal's last write, as the acquirer saw it and as another process reads
 * it from the file. */
/* A cookie tells leases apart and is no secret: it must not wait for the generator, which
 * made the first acquire of a boot take 0.3-0.6 s more in the testbed (#30). */
static void an_acquire_never_waits_for_the_kernels_random_generator(void **state)
{
        struct fixture *f = *state;
        struct sriov_lease *l, *m;

        waiting_getrandom = 0;
        l = acquire(f, NULL, VF0);
        m = acquire(f, NULL, VF1);
        assert_int_equal(waiting_getrandom, 0);
        assert_int_equal(strlen(sriov_lease_get_cookie(l)), 32);
        assert_string_not_equal(sriov_lease_get_cookie(l), sriov_lease_get_cookie(m));
        sriov_lease_unref(l);
        sriov_lease_unref(m);
}

static void a_lease_says_since_when_it_is_in_its_state(void **state)
{
        struct fixture *f = *state;
        struct sriov_lease *l, *again = NULL;
        time_t before = time(NULL), after;
        char path[128];

        l = acquire(f, NULL, VF0);
        after = time(NULL);
        assert_in_range(sriov_lease_get_since(l), before - 1, after + 1);
        snprintf(path, sizeof(path), "%s/%s.lease", f->dir, VF0);
        assert_int_equal(utimensat(AT_FDCWD, path,
                                   (struct timespec[]){ { 1700000000, 0 }, { 1700000000, 0 } }, 0),
                         0);
        assert_int_equal(sriov_lease_new_from_vf(f->host.ctx, VF0, &again), 0);
        assert_int_equal(sriov_lease_get_since(again), 1700000000);
        assert_int_equal(sriov_lease_get_since(NULL), 0);
        assert_int_equal(sriov_lease_release(l), 0);
        sriov_lease_unref(again);
        sriov_lease_unref(l);
}

/* A VFIO lease has no netdev to journal; bad holders and flag mixes are refused. */
static void a_vfio_lease_has_no_netdev_and_bad_args_are_refused(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1 };
        struct sriov_lease *l = acquire(f, NULL, VF1);
        uint8_t mac[6];

        assert_null(sriov_lease_get_ifname(l));
        assert_null(sriov_lease_get_holder(l));
        assert_int_equal(sriov_lease_get_mtu(l), 0);
        assert_int_equal(sriov_lease_get_mac(l, mac), -ENODATA);
        /* Each refusal says what was wrong: a CNI plugin passes the message to the runtime. */
        a.holder = "two\nlines";
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        assert_error_says(f->host.ctx, "acquire: holder, byte 3: a control character");
        a.holder = "";
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        assert_error_says(f->host.ctx, "acquire: holder \"\": 1 to 255 bytes");
        a.holder = "-";
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        a.holder = NULL;
        a.flags = SRIOV_ACQUIRE_NETDEV | SRIOV_ACQUIRE_VFIO_OWNER;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        assert_error_says(f->host.ctx, "a netdev lease has no VFIO nodes");
        a.flags = 0;
        a.owner_pid = -2;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        assert_error_says(f->host.ctx, "acquire: owner_pid -2: not a pid, 0 or -1");
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        sriov_lease_release(l);
        sriov_lease_unref(l);
}

static void labels_stay_with_the_lease_and_bad_ones_are_refused_naming_them(void **state)
{
        struct fixture *f = *state;
        static const char *const labels[] = { "k8s.pod.namespace=web", "k8s.pod.name=api-7d9f",
                                              "cni.ifname=net1", NULL };
        static const char *const twice[] = { "a=1", "a=2", NULL };
        static const char *const upper[] = { "Pod=x", NULL };
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1, .labels = labels };
        struct sriov_lease *l = NULL, *again = NULL;
        const char *const *all;

        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), 0);
        assert_int_equal(sriov_lease_new_from_vf(f->host.ctx, VF0, &again), 0);
        assert_string_equal(sriov_lease_get_label(again, "k8s.pod.name"), "api-7d9f");
        assert_null(sriov_lease_get_label(again, "k8s.pod"));
        all = sriov_lease_get_labels(again);
        assert_string_equal(all[0], "k8s.pod.namespace=web");
        assert_string_equal(all[2], "cni.ifname=net1");
        assert_null(all[3]);
        sriov_lease_unref(again);
        assert_int_equal(sriov_lease_release(l), 0);
        /* After the release, the object still says what it held. */
        assert_string_equal(sriov_lease_get_label(l, "cni.ifname"), "net1");
        sriov_lease_unref(l);
        l = NULL;

        a.labels = twice;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        assert_error_says(f->host.ctx, "acquire: label \"a=2\": its key twice");
        a.labels = upper;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        assert_error_says(f->host.ctx, "a key starts with a lower-case letter or a digit");
        assert_null(l);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
}

static void a_leased_vf_is_not_given_twice(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1 };
        struct sriov_lease *l = acquire(f, NULL, VF0), *l2 = NULL;

        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l2), -EBUSY);
        assert_null(l2);
        assert_error_says(f->host.ctx, "VF " VF0_LABEL ": acquire: leased with no owner process (cookie ");
        assert_error_says(f->host.ctx, "), until released");
        sriov_lease_unref(l);
}

static void pf_any_takes_the_next_free_vf_and_then_says_none_is_left(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .pf = "enp1s0", .owner_pid = -1 };
        struct sriov_lease *l0 = acquire(f, "enp1s0", NULL), *l1 = acquire(f, "enp1s0", NULL);
        struct sriov_lease *l2 = NULL;

        assert_string_equal(sriov_lease_get_pci_address(l0), VF0);
        assert_string_equal(sriov_lease_get_pci_address(l1), VF1);
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l2), -EBUSY);
        assert_error_says(f->host.ctx,
                          "PF 0000:01:00.0: acquire a VF: every VF is leased or in use");
        sriov_lease_unref(l0);
        sriov_lease_unref(l1);
}

/* A journal as a holder that died would leave it: its pid no longer exists. */
static void leave_stale_lease(struct fixture *f)
{
        struct sriov_acquire_args a = { .vf = VF0 };
        struct sriov_lease *l = NULL;
        pid_t child = fork();
        int status;

        assert_true(child >= 0);
        if (child == 0) {
                /* The holder: acquire (owner = itself) and die without releasing. */
                a.owner_pid = 0;
                _exit(sriov_vf_acquire(f->host.ctx, &a, &l) == 0 ? 0 : 1);
        }
        assert_int_equal(waitpid(child, &status, 0), child);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        igb_host_assert_driver(&f->host, VF0, "vfio-pci");
}

static void a_dead_holders_lease_is_recovered_by_the_next_acquire(void **state)
{
        struct fixture *f = *state;
        struct sriov_lease **all, *l;

        leave_stale_lease(f);
        assert_int_equal(sriov_lease_list(f->host.ctx, &all), 0);
        assert_non_null(all[0]);
        assert_int_equal(sriov_lease_is_stale(all[0]), 1);
        sriov_lease_list_free(all);
        l = acquire(f, NULL, VF0);
        assert_int_equal(sriov_lease_get_owner_pid(l), -1);
        assert_int_equal(sriov_lease_release(l), 0);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        sriov_lease_unref(l);
}

static void gc_recovers_stale_leases_and_keeps_live_ones(void **state)
{
        struct fixture *f = *state;
        struct sriov_lease *live;
        unsigned int n = 99;

        leave_stale_lease(f);
        live = acquire(f, NULL, VF1);
        assert_int_equal(sriov_lease_gc(f->host.ctx, &n), 0);
        assert_int_equal(n, 1);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        igb_host_assert_driver(&f->host, VF1, "vfio-pci");
        assert_int_equal(sriov_lease_release(live), 0);
        sriov_lease_unref(live);
}

/*
 * A holder in a PID namespace of its own, as a VMM in a container is: pid 1 there. With
 * @own_proc, /proc is mounted for its namespace (unshare -p -f --mount-proc); without, it reads
 * its parent's /proc. It acquires VF0 for itself, then waits until *@let_go is closed. Returns
 * the outer process (the namespace's parent), which exits when the holder does.
 */
static pid_t start_holder_in_its_own_pid_namespace(struct fixture *f, bool own_proc,
                                                   bool many_groups, int *let_go)
{
        int ready[2], hold[2];
        pid_t outer;
        char c = 0;

        assert_int_equal(pipe(ready), 0);
        assert_int_equal(pipe(hold), 0);
        outer = fork();
        assert_true(outer >= 0);
        if (outer == 0) {
                pid_t inner;
                int status;

                close(ready[0]);
                close(hold[1]);
                if (unshare(CLONE_NEWPID | (own_proc ? CLONE_NEWNS : 0)) < 0)
                        _exit(2);
                inner = fork();
                if (inner == 0) {
                        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = 0 };
                        struct sriov_lease *l = NULL;

                        c = 'n';
                        /* A pod's supplementalGroups: a "Groups:" line of several KiB comes
                         * before "NSpid:" in /proc/PID/status. */
                        if (many_groups) {
                                static gid_t groups[1500];

                                for (size_t i = 0; i < 1500; i++)
                                        groups[i] = (gid_t)(100000 + i);
                                if (setgroups(1500, groups) < 0)
                                        _exit(6);
                        }
                        if (own_proc &&
                            (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
                             mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                                   NULL) < 0))
                                _exit(3);
                        if (getpid() == 1 && sriov_vf_acquire(f->host.ctx, &a, &l) == 0)
                                c = 'y';
                        if (write(ready[1], &c, 1) != 1 || read(hold[0], &c, 1) < 0)
                                _exit(4);
                        _exit(0);
                }
                close(ready[1]);
                close(hold[0]);
                if (inner < 0 || waitpid(inner, &status, 0) != inner)
                        _exit(5);
                _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 6);
        }
        close(ready[1]);
        close(hold[0]);
        assert_int_equal(read(ready[0], &c, 1), 1);
        close(ready[0]);
        assert_int_equal(c, 'y');
        *let_go = hold[1];
        return outer;
}

static void a_holder_in_another_pid_namespace_keeps_its_lease_until_it_dies(struct fixture *f,
                                                                            bool own_proc,
                                                                            bool many_groups)
{
        struct sriov_lease **all;
        unsigned int n = 99;
        int let_go, status;
        pid_t outer = start_holder_in_its_own_pid_namespace(f, own_proc, many_groups, &let_go);

        /* Alive, seen from here: neither stale nor recovered. */
        assert_int_equal(sriov_lease_list(f->host.ctx, &all), 0);
        assert_non_null(all[0]);
        assert_int_equal(sriov_lease_is_stale(all[0]), 0);
        assert_int_not_equal(sriov_lease_get_owner_pid(all[0]), 1);
        sriov_lease_list_free(all);
        assert_int_equal(sriov_lease_gc(f->host.ctx, &n), 0);
        assert_int_equal(n, 0);
        igb_host_assert_driver(&f->host, VF0, "vfio-pci");

        /* Dead, with its namespace: recovered. */
        close(let_go);
        assert_int_equal(waitpid(outer, &status, 0), outer);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        assert_int_equal(sriov_lease_gc(f->host.ctx, &n), 0);
        assert_int_equal(n, 1);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
}

static void a_holder_in_a_container_with_its_own_proc_is_alive_and_then_recovered(void **state)
{
        a_holder_in_another_pid_namespace_keeps_its_lease_until_it_dies(*state, true, false);
}

static void a_holder_with_many_groups_in_a_container_is_alive_and_then_recovered(void **state)
{
        a_holder_in_another_pid_namespace_keeps_its_lease_until_it_dies(*state, true, true);
}

static void a_holder_in_a_pid_namespace_reading_the_hosts_proc_is_alive_and_then_recovered(
        void **state)
{
        a_holder_in_another_pid_namespace_keeps_its_lease_until_it_dies(*state, false, false);
}

static void a_corrupt_journal_is_refused_naming_its_line_and_nothing_changes(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1 };
        struct sriov_lease *l = NULL;

        write_journal(f, VF0, "libsriov-lease 1\nstate sideways\n");
        assert_int_equal(sriov_lease_new_from_vf(f->host.ctx, VF0, &l), -EBADMSG);
        assert_error_says(f->host.ctx, ".lease: corrupt at line 2");
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EBADMSG);
        assert_null(l);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        assert_string_equal(f->host.kernel.writes, "");
}

static void a_missing_journal_means_no_lease(void **state)
{
        struct fixture *f = *state;
        struct sriov_lease *l = acquire(f, NULL, VF0), *again = NULL;
        char path[128];

        snprintf(path, sizeof(path), "%s/%s.lease", f->dir, VF0);
        assert_int_equal(unlink(path), 0);
        assert_int_equal(sriov_lease_release(l), -ESTALE);
        assert_error_says(f->host.ctx, "the lease was recovered or released already");
        assert_int_equal(sriov_lease_new_from_vf(f->host.ctx, VF0, &again), -ENOENT);
        assert_error_says(f->host.ctx, "VF " VF0_LABEL ": lease: it has no lease");
        sriov_lease_unref(l);
}

static void a_group_that_is_not_viable_fails_the_acquire_and_the_vf_is_put_back(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1 };
        struct sriov_lease *l = NULL;
        char text[1024];

        /* A NIC on its host driver shares VF 0's IOMMU group. */
        shape_plain_nic(f->host.fs);
        fakesys_set_iommu_group(f->host.fs, "0000:00:19.0", 10);
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EPERM);
        assert_error_says(f->host.ctx, "VF " VF0_LABEL ": IOMMU group 10 is not viable for VFIO");
        assert_error_says(f->host.ctx, "the VF was put back as it was");
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        read_journal(f, VF0, text, sizeof(text));
        assert_string_equal(text, "");
}

static void a_setting_out_of_range_is_refused_before_the_vf_changes_hands(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1 };
        struct sriov_lease *l = NULL;
        char text[1024];

        a.config.mask = SRIOV_VF_CONFIG_VLAN;
        a.config.vlan = 5000;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), -EINVAL);
        assert_null(l);
        assert_error_says(f->host.ctx, "vlan 5000: out of range 0-4095");
        if (strstr(sriov_ctx_get_error(f->host.ctx), "put back"))
                fail_msg("refused after a change: \"%s\"", sriov_ctx_get_error(f->host.ctx));
        assert_string_equal(f->host.kernel.writes, "");
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        read_journal(f, VF0, text, sizeof(text));
        assert_string_equal(text, "");
}

/* ---- lost leases: the VF went away ---------------------------------------------------------- */

/* PF enp1s0's VFs removed, with force, past the lease on VF0: "sriovctl -f pf set enp1s0
 * numvfs 0". */
static void remove_the_vfs(struct fixture *f)
{
        struct sriov_pf *pf = NULL;

        assert_int_equal(sriov_pf_new_from_name(f->host.ctx, "enp1s0", &pf), 0);
        if (sriov_pf_set_num_vfs(pf, 0, SRIOV_FORCE) < 0)
                fail_msg("numvfs 0: %s", sriov_ctx_get_error(f->host.ctx));
        sriov_pf_unref(pf);
        assert_false(fakesys_device_exists(f->host.fs, VF0));
}

/* What the library said at LOG_NOTICE, a line each. */
static char notices[2048];

static void keep_notices(void *data, int priority, const char *file, int line, const char *fn,
                         const char *format, va_list args)
{
        size_t len = strlen(notices);

        (void)data, (void)file, (void)line, (void)fn;
        if (priority != LOG_NOTICE || len >= sizeof(notices) - 1)
                return;
        vsnprintf(notices + len, sizeof(notices) - len, format, args);
        len = strlen(notices);
        snprintf(notices + len, sizeof(notices) - len, "\n");
}

/* VF0 leased with a setting its release would put back (trust on), its sysfs directory held
 * open so that the file system cannot give its inode number to a VF made later, as kernfs
 * never does. Returns that directory's fd. */
static int lease_vf0_pinned(struct fixture *f, struct sriov_lease **l)
{
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = -1 };
        int dir = open("/sys/bus/pci/devices/" VF0, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        assert_true(dir >= 0);
        a.config.mask = SRIOV_VF_CONFIG_TRUST;
        a.config.trust = true;
        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, l), 0);
        return dir;
}

/* Keep what the library says at LOG_NOTICE in @notices. */
static void keep_notices_of(struct fixture *f)
{
        notices[0] = '\0';
        sriov_ctx_set_log_fn(f->host.ctx, keep_notices, NULL);
        sriov_ctx_set_log_priority(f->host.ctx, LOG_NOTICE);
}

/* The one lease listed, and whether it is lost. */
static int the_lease_is_lost(struct fixture *f)
{
        struct sriov_lease **all;
        int lost;

        assert_int_equal(sriov_lease_list(f->host.ctx, &all), 0);
        assert_non_null(all[0]);
        assert_null(all[1]);
        lost = sriov_lease_is_lost(all[0]);
        /* Lost is not stale: its holder (this process) lives. */
        assert_int_equal(sriov_lease_is_stale(all[0]), 0);
        sriov_lease_list_free(all);
        return lost;
}

/* A VF removed under its lease: the lease is lost, and gc ends it, saying so, whoever holds
 * it (before, gc left it for as long as its holder lived, listed as held). */
static void a_lease_whose_vf_went_away_is_lost_and_gc_ends_it(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = 0 };
        struct sriov_lease *l = NULL;
        unsigned int recovered = 99, lost = 99;
        char text[1024];

        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), 0);
        assert_int_equal(the_lease_is_lost(f), 0);
        remove_the_vfs(f);
        assert_int_equal(the_lease_is_lost(f), 1);
        keep_notices_of(f);
        f->host.kernel.writes[0] = '\0';
        assert_int_equal(sriov_lease_gc_report(f->host.ctx, &recovered, &lost), 0);
        assert_int_equal(recovered, 0);
        assert_int_equal(lost, 1);
        assert_string_equal(f->host.kernel.writes, "");
        if (!strstr(notices, "VF " VF0_LABEL ": lost: its PCI function " VF0
                             " is gone; its lease (leased to process ") ||
            !strstr(notices, ") is ended with nothing put back\n"))
                fail_msg("gc said: \"%s\"", notices);
        read_journal(f, VF0, text, sizeof(text));
        assert_string_equal(text, "");
        /* Its holder's release: ended already, as after any recovery. */
        assert_int_equal(sriov_lease_release(l), -ESTALE);
        sriov_lease_unref(l);
}

/* The PF's VFs made again ("sriovctl pf set enp1s0 numvfs 2"): new devices, VF0's at the
 * address of the lost lease. */
static void recreate_the_vfs(struct fixture *f)
{
        struct sriov_pf *pf = NULL;

        assert_int_equal(sriov_pf_new_from_name(f->host.ctx, "enp1s0", &pf), 0);
        if (sriov_pf_set_num_vfs(pf, 2, 0) < 0)
                fail_msg("numvfs 2: %s", sriov_ctx_get_error(f->host.ctx));
        sriov_pf_unref(pf);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
}

/* A new device at a lost lease's address is not touched: neither by the guard (a change of the
 * new VF goes ahead without force) nor by gc (no driver, override or setting put back onto it;
 * before, gc left the lease while its holder lived, and recovering it put the old VF's driver
 * and settings onto the new device). */
static void a_new_vf_at_a_lost_leases_address_is_left_as_it_is(void **state)
{
        struct fixture *f = *state;
        struct sriov_vf_config mac = { .mask = SRIOV_VF_CONFIG_MAC,
                                       .mac = { 0x02, 0xee, 0, 0, 0, 1 } };
        struct sriov_lease *l = NULL;
        struct sriov_vf *vf = NULL;
        unsigned int recovered = 99, lost = 99;
        int old_dir = lease_vf0_pinned(f, &l);

        remove_the_vfs(f);
        recreate_the_vfs(f);
        assert_int_equal(the_lease_is_lost(f), 1);
        keep_notices_of(f);
        /* The new VF is nobody's: changed without force. */
        assert_int_equal(sriov_vf_new_from_name(f->host.ctx, VF0, &vf), 0);
        if (sriov_vf_set_config(vf, &mac, 0, NULL) < 0)
                fail_msg("set the new VF's MAC: %s", sriov_ctx_get_error(f->host.ctx));
        sriov_vf_unref(vf);
        f->host.kernel.writes[0] = '\0';
        f->host.rtnl.n_setlinks = 0;
        assert_int_equal(sriov_lease_gc_report(f->host.ctx, &recovered, &lost), 0);
        assert_int_equal(recovered, 0);
        assert_int_equal(lost, 1);
        assert_string_equal(f->host.kernel.writes, "");
        assert_int_equal(f->host.rtnl.n_setlinks, 0);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        assert_memory_equal(f->host.rtnl.vfs[0].mac, mac.mac, 6);
        if (!strstr(notices, "lost: it went away, and the device at " VF0 " now is a new one") ||
            !strstr(notices, "is ended with nothing put back, and the device now at " VF0
                             " is left as it is\n"))
                fail_msg("gc said: \"%s\"", notices);
        sriov_lease_unref(l);
        close(old_dir);
}

/* Its holder releases a lost lease: it succeeds, says it was lost, and touches nothing; so does
 * an acquire of the new VF over one (before, release "put back" the old driver and settings
 * onto the new device, and acquire refused it as leased). */
static void a_lost_lease_is_released_or_acquired_over_without_touching_the_new_vf(void **state)
{
        struct fixture *f = *state;
        struct sriov_lease *l = NULL, *again = NULL, *by_name = NULL;
        int old_dir = lease_vf0_pinned(f, &l);

        remove_the_vfs(f);
        /* Found by its address while no VF is there: its holder releases it by name. */
        assert_int_equal(sriov_lease_new_from_vf(f->host.ctx, VF0, &by_name), 0);
        assert_int_equal(sriov_lease_is_lost(by_name), 1);
        sriov_lease_unref(by_name);
        recreate_the_vfs(f);
        f->host.kernel.writes[0] = '\0';
        f->host.rtnl.n_setlinks = 0;
        /* 1: the forced numvfs 0 broke it. */
        assert_int_equal(sriov_lease_release(l), 1);
        assert_int_equal(sriov_lease_is_lost(l), 1);
        assert_string_equal(f->host.kernel.writes, "");
        assert_int_equal(f->host.rtnl.n_setlinks, 0);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        sriov_lease_unref(l);

        /* Again, ended by the next acquire of the new VF. */
        close(old_dir);
        old_dir = lease_vf0_pinned(f, &l);
        remove_the_vfs(f);
        recreate_the_vfs(f);
        again = acquire(f, NULL, VF0);
        igb_host_assert_driver(&f->host, VF0, "vfio-pci");
        assert_int_equal(sriov_lease_is_lost(again), 0);
        assert_int_equal(sriov_lease_release(again), 0);
        igb_host_assert_driver(&f->host, VF0, "igbvf");
        assert_int_equal(sriov_lease_release(l), -ESTALE);
        sriov_lease_unref(again);
        sriov_lease_unref(l);
        close(old_dir);
}

/* ---- the word for a lease's state ------------------------------------------------------------ */

/* Journal key @key of @vf's lease set to @value, the other lines as they were. */
static void set_journal_key(struct fixture *f, const char *vf, const char *key, const char *value)
{
        char text[2048], out[2048], *line, *save = NULL;
        size_t klen = strlen(key), n = 0;

        read_journal(f, vf, text, sizeof(text));
        out[0] = '\0';
        for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                bool ours = strncmp(line, key, klen) == 0 && line[klen] == ' ';

                n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s%s\n", ours ? key : line,
                                      ours ? " " : "", ours ? value : "");
                assert_true(n < sizeof(out));
        }
        write_journal(f, vf, out);
}

/* The value of journal key @key of @vf's lease. */
static void journal_key(struct fixture *f, const char *vf, const char *key, char *buf,
                        size_t size)
{
        char text[2048], want[64];
        const char *at;

        read_journal(f, vf, text, sizeof(text));
        snprintf(want, sizeof(want), "\n%s ", key);
        at = strstr(text, want);
        assert_non_null(at);
        at += strlen(want);
        snprintf(buf, size, "%.*s", (int)strcspn(at, "\n"), at);
}

/* The word for the one lease listed, as `sriovctl lease list` reads it. */
static const char *listed_state_name(struct fixture *f)
{
        static char word[16];
        struct sriov_lease **all;

        assert_int_equal(sriov_lease_list(f->host.ctx, &all), 0);
        assert_non_null(all[0]);
        assert_null(all[1]);
        snprintf(word, sizeof(word), "%s", sriov_lease_get_state_name(all[0]));
        sriov_lease_list_free(all);
        return word;
}

/* A pid that was a process and is none any more. */
static const char *dead_pid(void)
{
        static char pid[16];
        pid_t child = fork();

        assert_true(child >= 0);
        if (child == 0)
                _exit(0);
        assert_int_equal(waitpid(child, NULL, 0), child);
        snprintf(pid, sizeof(pid), "%d", (int)child);
        return pid;
}

/*
 * Each word, and which wins when several hold: lost over stale over acquiring and releasing over
 * broken over held. The journal is set as a forced change, a half-done hand-over and a dead
 * process leave it; the VF's removal makes it lost.
 */
static void each_state_of_a_lease_has_its_word_and_the_first_that_holds_wins(void **state)
{
        struct fixture *f = *state;
        struct sriov_acquire_args a = { .vf = VF0, .owner_pid = 0 };
        struct sriov_lease *l = NULL;
        char me[16], start[32], pidns[32];

        assert_int_equal(sriov_vf_acquire(f->host.ctx, &a, &l), 0);
        assert_string_equal(sriov_lease_get_state_name(l), "held");
        assert_string_equal(listed_state_name(f), "held");
        snprintf(me, sizeof(me), "%d", (int)getpid());
        journal_key(f, VF0, "owner_start", start, sizeof(start));
        journal_key(f, VF0, "owner_pidns", pidns, sizeof(pidns));

        set_journal_key(f, VF0, "broken_pid", me);
        assert_string_equal(listed_state_name(f), "broken");
        /* This process in the middle of a hand-over, the lease still broken. */
        set_journal_key(f, VF0, "busy_pid", me);
        set_journal_key(f, VF0, "busy_start", start);
        set_journal_key(f, VF0, "busy_pidns", pidns);
        set_journal_key(f, VF0, "state", "releasing");
        assert_string_equal(listed_state_name(f), "releasing");
        set_journal_key(f, VF0, "state", "acquiring");
        assert_string_equal(listed_state_name(f), "acquiring");
        /* The process handing it over died. */
        set_journal_key(f, VF0, "busy_pid", dead_pid());
        assert_string_equal(listed_state_name(f), "stale");
        /* Held by an owner that died, broken too. */
        set_journal_key(f, VF0, "state", "held");
        set_journal_key(f, VF0, "owner_pid", dead_pid());
        assert_string_equal(listed_state_name(f), "stale");
        /* Its VF went away: lost, whether its owner lives or not. */
        remove_the_vfs(f);
        assert_string_equal(listed_state_name(f), "lost");
        set_journal_key(f, VF0, "owner_pid", me);
        assert_string_equal(listed_state_name(f), "lost");
        sriov_lease_unref(l);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        const struct CMUnitTest tests[] = {
                T(acquire_binds_vfio_pci_applies_settings_and_journals_the_old_state),
                T(an_assigned_vf_on_vfio_pci_is_taken_while_nobody_holds_it),
                T(a_vf_whose_settings_cannot_be_read_is_leased_only_without_settings),
                T(release_puts_the_driver_and_settings_back_and_removes_the_lease),
                T(a_netdev_lease_keeps_the_driver_and_names_its_holder),
                T(an_acquire_never_waits_for_the_kernels_random_generator),
        T(a_lease_says_since_when_it_is_in_its_state),
                T(a_vfio_lease_has_no_netdev_and_bad_args_are_refused),
                T(a_setting_out_of_range_is_refused_before_the_vf_changes_hands),
                T(labels_stay_with_the_lease_and_bad_ones_are_refused_naming_them),
                T(a_leased_vf_is_not_given_twice),
                T(pf_any_takes_the_next_free_vf_and_then_says_none_is_left),
                T(a_dead_holders_lease_is_recovered_by_the_next_acquire),
                T(gc_recovers_stale_leases_and_keeps_live_ones),
                T(a_holder_in_a_container_with_its_own_proc_is_alive_and_then_recovered),
                T(a_holder_in_a_pid_namespace_reading_the_hosts_proc_is_alive_and_then_recovered),
                T(a_holder_with_many_groups_in_a_container_is_alive_and_then_recovered),
                T(a_corrupt_journal_is_refused_naming_its_line_and_nothing_changes),
                T(a_missing_journal_means_no_lease),
                T(a_group_that_is_not_viable_fails_the_acquire_and_the_vf_is_put_back),
                T(a_lease_whose_vf_went_away_is_lost_and_gc_ends_it),
                T(a_new_vf_at_a_lost_leases_address_is_left_as_it_is),
                T(a_lost_lease_is_released_or_acquired_over_without_touching_the_new_vf),
                T(each_state_of_a_lease_has_its_word_and_the_first_that_holds_wins),
        };

        return cmocka_run_group_tests_name("sysfs/lease", tests, NULL, NULL);
}
