/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The igb host of the bind and lease tests (see igb-host.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "igb-host.h"
#include "libsriov-private.h"

/* The kmod seam has no data pointer of its own; one host is set up at a time. */
static struct igb_host *current;

static int fake_kmod(struct sriov_ctx *ctx, const char *name, bool dry_run)
{
        struct igb_host *h = current;
        size_t len = strlen(h->kmod_calls);

        (void)ctx;
        snprintf(h->kmod_calls + len, sizeof(h->kmod_calls) - len, "%s%s%s", len ? " " : "",
                 name, dry_run ? "?" : "");
        for (size_t i = 0; i < sizeof(h->modules) / sizeof(h->modules[0]); i++) {
                if (!h->modules[i] || strcmp(h->modules[i], name) != 0)
                        continue;
                if (h->kmod_err)
                        return h->kmod_err;
                if (!dry_run)
                        fakesys_add_driver(h->fs, name); /* its module_init registers it */
                return 0;
        }
        return -ENOENT;
}

/* The kernel destroys every VF with its settings; new ones start from the driver's defaults. */
static void follow_numvfs(struct fake_pci_kernel *k, const char *pf, unsigned int n)
{
        struct igb_host *h = k->data;
        struct fake_rtnl *link = strcmp(pf, "0000:02:00.0") == 0 ? &h->rtnl2 : &h->rtnl;

        link->num_vf = n;
        for (unsigned int i = 0; i < FAKE_MAX_VFS; i++) {
                fake_vf_init(&link->vfs[i], i);
                /* As fake_rtnl_igb(): igb reports no rss_query_en. */
                if (link->refuse & SRIOV_VF_CONFIG_QUERY_RSS)
                        link->vfs[i].rss_query = FAKE_UNREPORTED;
        }
}

void igb_host_add_second_pf(struct igb_host *h)
{
        const char *pf = "0000:02:00.0";

        fakesys_add_pci(h->fs, "pci0000:00/0000:00:02.0", pf, 0x8086, 0x10c9, 0);
        fakesys_add_sriov(h->fs, pf, 7, 0x10ca, 128, 2);
        fakesys_bind_driver(h->fs, pf, "igb");
        fakesys_add_netdev(h->fs, pf, "enp2s0");
        fakesys_set_attr(h->fs, pf, "net/enp2s0/ifindex", "3");
        fakesys_set_iommu_group(h->fs, pf, 19);
        fakesys_add_vfs(h->fs, pf, 3, "igbvf", "enp2s0v%u", 20);
        h->kernel.per_pf[0].pf = "0000:01:00.0";
        h->kernel.per_pf[0].ifname_fmt = "enp1s0v%u";
        h->kernel.per_pf[0].first_group = 10;
        h->kernel.per_pf[1].pf = pf;
        h->kernel.per_pf[1].ifname_fmt = "enp2s0v%u";
        h->kernel.per_pf[1].first_group = 20;
        fake_rtnl_igb(&h->rtnl2, 3, 3);
        h->rtnl2.ifname = "enp2s0";
        memcpy(h->rtnl2.perm_addr, (uint8_t[]){ 0x00, 0x1b, 0x21, 0x0a, 0x0b, 0x0d }, 6);
        h->rtnl.next = &h->rtnl2;
}

void igb_host_setup(struct igb_host *h)
{
        *h = (struct igb_host){ 0 };
        h->fs = fakesys_new();
        shape_igb(h->fs);
        fakesys_activate(h->fs);
        assert_int_equal(sriov_ctx_new(&h->ctx), 0);
        h->kernel = (struct fake_pci_kernel){ .fs = h->fs, .vf_driver = "igbvf",
                                              .ifname_fmt = "enp1s0v%u", .first_group = 10,
                                              .numvfs_changed = follow_numvfs, .data = h };
        fake_pci_kernel_attach(&h->kernel, h->ctx);
        fake_rtnl_igb(&h->rtnl, 2, 2);
        h->ctx->netlink_transact = fake_transact;
        h->ctx->netlink_dump = fake_dump;
        h->ctx->seam_data = &h->rtnl;
        h->modules[0] = "vfio-pci";
        h->ctx->kmod_load = fake_kmod;
        snprintf(h->lease_dir, sizeof(h->lease_dir), "/tmp/leases.XXXXXX");
        assert_non_null(mkdtemp(h->lease_dir));
        assert_int_equal(sriov_ctx_set_lease_dir(h->ctx, h->lease_dir), 0);
        current = h;
}

void remove_tree(const char *path)
{
        DIR *d = opendir(path);
        struct dirent *de;

        if (!d) {
                (void)unlink(path);
                return;
        }
        while ((de = readdir(d))) {
                char sub[4096];
                struct stat st;

                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
                if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
                        remove_tree(sub);
                else
                        (void)unlink(sub);
        }
        closedir(d);
        (void)rmdir(path);
}

void igb_host_add_holder(struct igb_host *h, int pid, const char *comm, const char *path)
{
        char dir[160], file[200];
        FILE *f;

        if (!h->proc_dir[0]) {
                snprintf(h->proc_dir, sizeof(h->proc_dir), "/tmp/proc.XXXXXX");
                assert_non_null(mkdtemp(h->proc_dir));
                h->ctx->proc_dir = h->proc_dir;
        }
        snprintf(dir, sizeof(dir), "%s/%d", h->proc_dir, pid);
        assert_int_equal(mkdir(dir, 0755), 0);
        snprintf(file, sizeof(file), "%s/comm", dir);
        f = fopen(file, "we");
        assert_non_null(f);
        fprintf(f, "%s\n", comm);
        fclose(f);
        snprintf(file, sizeof(file), "%s/fd", dir);
        assert_int_equal(mkdir(file, 0755), 0);
        snprintf(file, sizeof(file), "%s/fd/3", dir);
        assert_int_equal(symlink(path, file), 0);
}

static void keep_warnings(void *data, int priority, const char *file, int line, const char *fn,
                          const char *format, va_list args)
{
        struct igb_host *h = data;
        size_t len = strlen(h->warnings);

        (void)file, (void)line, (void)fn;
        if (priority != LOG_WARNING || len >= sizeof(h->warnings) - 1)
                return;
        vsnprintf(h->warnings + len, sizeof(h->warnings) - len, format, args);
        len = strlen(h->warnings);
        snprintf(h->warnings + len, sizeof(h->warnings) - len, "\n");
}

void igb_host_keep_warnings(struct igb_host *h)
{
        sriov_ctx_set_log_fn(h->ctx, keep_warnings, h);
        sriov_ctx_set_log_priority(h->ctx, LOG_WARNING);
}

void igb_host_teardown(struct igb_host *h)
{
        sriov_ctx_unref(h->ctx);
        fakesys_free(h->fs);
        remove_tree(h->lease_dir);
        if (h->proc_dir[0])
                remove_tree(h->proc_dir);
        current = NULL;
}

void igb_host_assert_driver(struct igb_host *h, const char *vf, const char *driver)
{
        char buf[64];

        fakesys_driver_of(h->fs, vf, buf, sizeof(buf));
        assert_string_equal(buf, driver);
}
