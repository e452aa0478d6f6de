/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A signal during a wait of the library, on a fake kernel under umockdev. The library installs
 * no signal handler; when the application's handler interrupts a wait (for new VFs, for the
 * host lock), the call ends with -EINTR at once, having put back what it changed, rather than
 * at the end of its timeout: the caller acts on the signal now (sriovctl apply stops and
 * undoes on SIGTERM). Each wait here would otherwise last the whole timeout (20 s); a pinger
 * process sends the signal every 100 ms until the call returns, and alarm() fails the test
 * rather than letting it hang.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "assert-error.h"
#include "clock.h"
#include "fake-pci-kernel.h"
#include "fakesys.h"
#include "igb-host.h"
#include "libsriov-private.h"

#define PF "0000:05:00.0"
#define TIMEOUT_MSEC 20000

struct fixture {
        struct fakesys *fs;
        struct sriov_ctx *ctx;
        struct fake_pci_kernel kernel;
        struct sriov_pf *pf;
        char lease_dir[64];
        struct sigaction old;
};

static volatile sig_atomic_t signals_seen;

static void count_signal(int signo)
{
        (void)signo;
        signals_seen++;
}

/* An igb PF without VFs whose new VFs never get a driver: a wait for them lasts the timeout. */
static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        struct sigaction sa = { .sa_handler = count_signal };

        assert_non_null(f);
        f->fs = fakesys_new();
        shape_no_driver(f->fs);
        fakesys_bind_driver(f->fs, PF, "igb");
        fakesys_activate(f->fs);
        assert_int_equal(sriov_ctx_new(&f->ctx), 0);
        snprintf(f->lease_dir, sizeof(f->lease_dir), "/tmp/leases.XXXXXX");
        assert_non_null(mkdtemp(f->lease_dir));
        assert_int_equal(sriov_ctx_set_lease_dir(f->ctx, f->lease_dir), 0);
        sriov_ctx_set_timeout(f->ctx, TIMEOUT_MSEC);
        f->kernel = (struct fake_pci_kernel){ .fs = f->fs, .vf_driver = "igbvf",
                                              .ifname_fmt = "enp5s0v%u", .first_group = 50,
                                              .no_probe = true };
        fake_pci_kernel_attach(&f->kernel, f->ctx);
        assert_int_equal(sriov_pf_new_from_name(f->ctx, PF, &f->pf), 0);
        /* The application's handler, as sriovctl apply installs one: no SA_RESTART either
         * way, which poll() would ignore. */
        sigemptyset(&sa.sa_mask);
        assert_int_equal(sigaction(SIGUSR1, &sa, &f->old), 0);
        signals_seen = 0;
        alarm(120);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        alarm(0);
        sigaction(SIGUSR1, &f->old, NULL);
        sriov_pf_unref(f->pf);
        sriov_ctx_unref(f->ctx);
        fakesys_free(f->fs);
        remove_tree(f->lease_dir);
        free(f);
        return 0;
}

/* A process that sends this one SIGUSR1 every 100 ms until stopped. */
static pid_t start_pinger(void)
{
        pid_t parent = getpid(), child = fork();

        assert_true(child >= 0);
        if (child == 0) {
                for (;;) {
                        usleep(100000);
                        if (kill(parent, SIGUSR1) < 0)
                                _exit(0);
                }
        }
        return child;
}

static void stop(pid_t child)
{
        int status;

        kill(child, SIGKILL);
        assert_int_equal(waitpid(child, &status, 0), child);
}

static void a_signal_ends_the_wait_for_new_vfs_and_they_are_removed(void **state)
{
        struct fixture *f = *state;
        uint64_t start = sriov_now_msec(), took;
        pid_t pinger = start_pinger();
        int r;

        r = sriov_pf_set_num_vfs(f->pf, 2, 0);
        took = sriov_now_msec() - start;
        stop(pinger);
        print_message("set num_vfs interrupted after %llu ms (timeout %u ms)\n",
                      (unsigned long long)took, TIMEOUT_MSEC);
        assert_int_equal(r, -EINTR);
        assert_true(took < TIMEOUT_MSEC);
        assert_true(signals_seen > 0);
        assert_error_says(f->ctx, "PF " PF ": wait for VFs: interrupted by a signal");
        /* As on any failure, the call put back what it changed. */
        assert_int_equal(fakesys_read_uint(f->fs, PF, "sriov_numvfs"), 0);
}

static void a_signal_ends_the_wait_for_the_host_lock(void **state)
{
        struct fixture *f = *state;
        int ready[2];
        pid_t holder, pinger;
        uint64_t start, took;
        char c;
        int r;

        /* Another process holds the host lock, and keeps it. */
        assert_int_equal(pipe(ready), 0);
        holder = fork();
        assert_true(holder >= 0);
        if (holder == 0) {
                struct sriov_ctx *ctx;

                if (sriov_ctx_new(&ctx) < 0 || sriov_ctx_set_lease_dir(ctx, f->lease_dir) < 0 ||
                    sriov_ctx_lock_host(ctx, 0) < 0)
                        _exit(1);
                (void)write(ready[1], "y", 1);
                for (;;)
                        pause();
        }
        close(ready[1]);
        assert_int_equal(read(ready[0], &c, 1), 1);
        close(ready[0]);

        start = sriov_now_msec();
        pinger = start_pinger();
        r = sriov_ctx_lock_host(f->ctx, 0);
        took = sriov_now_msec() - start;
        stop(pinger);
        stop(holder);
        print_message("host lock wait interrupted after %llu ms (timeout %u ms)\n",
                      (unsigned long long)took, TIMEOUT_MSEC);
        assert_int_equal(r, -EINTR);
        assert_true(took < TIMEOUT_MSEC);
        assert_error_says(f->ctx, "interrupted by a signal while process");
        /* Its holder gone, the lock is this context's. */
        assert_int_equal(sriov_ctx_lock_host(f->ctx, 0), 0);
        assert_int_equal(sriov_ctx_unlock_host(f->ctx), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        const struct CMUnitTest tests[] = {
                T(a_signal_ends_the_wait_for_new_vfs_and_they_are_removed),
                T(a_signal_ends_the_wait_for_the_host_lock),
        };

        return cmocka_run_group_tests_name("sysfs/signals", tests, NULL, NULL);
}
