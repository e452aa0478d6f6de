/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host the bind and lease tests run against: the igb shape on umockdev, a fake kernel
 * behind the context's sysfs writes, fake rtnetlink behind its netlink seams, and a fake
 * libkmod behind its module loader.
 */
#ifndef IGB_HOST_H
#define IGB_HOST_H

#include "fake-pci-kernel.h"
#include "fake-rtnl.h"
#include "fakesys.h"

struct sriov_ctx;

struct igb_host {
        struct fakesys *fs;
        struct sriov_ctx *ctx;
        char lease_dir[64];  /* the context's, a temporary directory of its own */
        char proc_dir[80];   /* a fake /proc for vfio-holders.c, made by igb_host_add_holder() */
        struct fake_pci_kernel kernel;
        struct fake_rtnl rtnl;
        struct fake_rtnl rtnl2; /* the second PF's link, with igb_host_add_second_pf() */
        /* The fake libkmod: modules it has, what it was asked. */
        const char *modules[4];
        int kmod_err; /* what loading a module it has returns; 0: it loads */
        char kmod_calls[256];
        /* What the library logged at LOG_WARNING, a line each, with igb_host_keep_warnings(). */
        char warnings[2048];
};

/*
 * Set up @h as the igb shape: VFs 01:10.0 and 01:10.2 on igbvf with netdevs enp1s0v0 and
 * enp1s0v1 (all ifindex 2, as the PF), IOMMU groups 10 and 11; vfio-pci is a module not yet
 * loaded. The kmod seam has no data pointer of its own, so one host is set up at a time.
 */
void igb_host_setup(struct igb_host *h);
void igb_host_teardown(struct igb_host *h);
/*
 * A second igb PF, 0000:02:00.0 (enp2s0, ifindex 3), with 3 of 7 VFs on igbvf (enp2s0v0..,
 * IOMMU groups 20..): a host of two PFs, each with its own fake rtnetlink link. The links
 * follow sriov_numvfs as the kernel does: a resize gives every VF the driver's defaults.
 */
void igb_host_add_second_pf(struct igb_host *h);
/* Process @pid, named @comm, holds @path open (as /proc/PID/fd/3 shows it), in a fake /proc
 * that @h's context looks at for holders of VFIO nodes. */
void igb_host_add_holder(struct igb_host *h, int pid, const char *comm, const char *path);
/* Keep @h's context's LOG_WARNING messages (its log priority becomes LOG_WARNING) in
 * @h->warnings, each ended by a newline: what sriovctl prints as "warning:" lines. */
void igb_host_keep_warnings(struct igb_host *h);
/* Remove @path and everything under it (a test's temporary tree). */
void remove_tree(const char *path);
/* The driver @vf is bound to now ("" for none) is @driver, or the test fails. */
void igb_host_assert_driver(struct igb_host *h, const char *vf, const char *driver);

#endif
