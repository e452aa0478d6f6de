/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl apply (tools/sriovctl/state-*.c) and the leases against a fake host of two igb PFs
 * (igb-host.h), by failing and crashing at every step in turn:
 *   - every sysfs write and every RTM_SETLINK of an apply of a realistic document (2 PFs, a
 *     resize, settings, driver binds) fails in turn, with EIO and with ENOMEM: each time the
 *     host is as it was (N of N);
 *   - the apply is killed (SIGKILL) after each of them in turn: each time a second apply brings
 *     the host to what the document says (and no change is left to make); SIGTERM after each,
 *     or during a wait of the library, stops it and puts the host back;
 *   - the same for vf acquire (each time the host is as before) and for release;
 *   - races: a thousand acquires of PF/any over 7 VFs at once, and acquires racing apply and
 *     vf set: every VF has one holder, and nothing changes a leased VF.
 * The fixture lives in shared memory, so that what a child process did to the fake kernel
 * (kept there) is what the parent sees, as with a real one.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tools/sriovctl/state.h"
#include "assert-error.h"
#include "clock.h"
#include "igb-host.h"
#include "libsriov-private.h"

#define PF1 "0000:01:00.0"
#define PF2 "0000:02:00.0"

/* Two PFs: PF1 grows from 2 to 4 VFs (its old VFs' settings kept, so re-applied), settings on
 * both, VFs bound to vfio-pci and left driverless, autoprobe off on PF2. */
static const char document[] =
        "{\"version\": 1, \"pfs\": ["
        " {\"pci\": \"" PF1 "\", \"num_vfs\": 4, \"vfs\": ["
        "   {\"vf\": \"0-2\", \"vlan\": 100, \"qos\": 2, \"trust\": true},"
        "   {\"vf\": 3, \"mac\": \"02:00:00:00:aa:03\", \"vlan\": 200, \"driver\": \"vfio-pci\"}]},"
        " {\"pci\": \"" PF2 "\", \"drivers_autoprobe\": false, \"vfs\": ["
        "   {\"vf\": 0, \"vlan\": 7, \"spoofchk\": false},"
        "   {\"vf\": 1, \"mac\": \"02:00:00:00:bb:01\", \"driver\": \"vfio-pci\"},"
        "   {\"vf\": 2, \"driver\": \"none\"}]}]}";

struct fixture {
        struct igb_host host;
        char start[16384];  /* the host before */
        char target[16384]; /* the host after a clean apply */
};

static int setup(void **state)
{
        struct fixture *f = mmap(NULL, sizeof(*f), PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);

        assert_true(f != MAP_FAILED);
        memset(f, 0, sizeof(*f));
        igb_host_setup(&f->host);
        igb_host_add_second_pf(&f->host);
        /* Settings a resize must keep: PF1's VF 0 has a MAC of its own, VF 1 a VLAN. */
        memcpy(f->host.rtnl.vfs[0].mac, (uint8_t[]){ 0x02, 0xaa, 0, 0, 0, 0x10 }, 6);
        f->host.rtnl.vfs[1].vlan = 10;
        f->host.rtnl.vfs[1].qos = 3;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        igb_host_teardown(&f->host);
        munmap(f, sizeof(*f));
        return 0;
}

/* The host as a person would compare it: sriovctl dump, and each VF's driver and override. */
static void snapshot(struct fixture *f, char *buf, size_t size)
{
        static const char *const pfs[] = { PF1, PF2 };
        struct host_state host;
        struct json_object *doc;
        size_t len;

        assert_int_equal(host_state_read(f->host.ctx, &host), 0);
        doc = state_dump_json(&host);
        snprintf(buf, size, "%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
        json_object_put(doc);
        host_state_free(&host);
        for (size_t p = 0; p < 2; p++) {
                unsigned int n = fakesys_read_uint(f->host.fs, pfs[p], "sriov_numvfs");

                for (unsigned int i = 0; i < n; i++) {
                        char vf[32], driver[64], override[64] = "";

                        fakesys_vf_address(f->host.fs, pfs[p], i, vf);
                        if (!fakesys_device_exists(f->host.fs, vf))
                                continue;
                        fakesys_driver_of(f->host.fs, vf, driver, sizeof(driver));
                        (void)fakesys_read_str(f->host.fs, vf, "driver_override", override,
                                               sizeof(override));
                        len = strlen(buf);
                        snprintf(buf + len, size - len, "%s %s %s\n", vf, driver, override);
                }
        }
}

/* The first line where two snapshots differ, to say what is not as it should be. */
static void say_diff(const char *what, const char *want, const char *got)
{
        const char *w = want, *g = got;

        while (*w && *w == *g)
                w++, g++;
        while (w > want && w[-1] != '\n' && w[-1] != ',')
                w--, g--;
        print_error("%s:\n  want ...%.160s\n  got  ...%.160s\n", what, w, g);
}

/* What the document would still change on the host: 0 once the host is what it says. */
static size_t changes_left(struct fixture *f)
{
        struct state_doc doc = { 0 };
        struct host_state host = { 0 };
        struct target t = { 0 };
        struct plan p = { 0 };
        char err[STATE_ERROR_MAX];
        size_t n;

        assert_int_equal(state_doc_parse("t.json", document, &doc, err), 0);
        assert_int_equal(host_state_read(f->host.ctx, &host), 0);
        assert_int_equal(target_resolve(&doc, &host, &t, err), 0);
        assert_int_equal(plan_compute(&host, &t, &p), 0);
        n = p.n;
        plan_free(&p);
        target_free(&t);
        host_state_free(&host);
        state_doc_free(&doc);
        return n;
}

/* sriovctl apply of @text, as apply.c does it: parse, lock, read, resolve, plan, apply. */
static int apply_text(struct fixture *f, const char *text, const struct apply_opts *opts,
                      struct apply_result *res, char *err)
{
        struct state_doc doc = { 0 };
        struct host_state host = { 0 };
        struct target t = { 0 };
        int r;

        assert_int_equal(state_doc_parse("t.json", text, &doc, err), 0);
        assert_int_equal(sriov_ctx_lock_host(f->host.ctx, 0), 0);
        r = host_state_read(f->host.ctx, &host);
        if (r == 0)
                r = target_resolve(&doc, &host, &t, err);
        if (r == 0)
                r = state_apply(f->host.ctx, &host, &t, opts, 0, res, err);
        sriov_ctx_unlock_host(f->host.ctx);
        target_free(&t);
        host_state_free(&host);
        state_doc_free(&doc);
        return r;
}

/* The document above. */
static int apply_with(struct fixture *f, const struct apply_opts *opts, struct apply_result *res,
                      char *err)
{
        return apply_text(f, document, opts, res, err);
}

static int apply(struct fixture *f, char *err)
{
        return apply_with(f, NULL, NULL, err);
}

/* The host after a clean apply, as count_steps() left it. */
static char clean_target[16384];

/* A clean apply: how many writes and SETLINKs it makes, and the host it leaves. */
static void count_steps(void **state, unsigned int *writes, unsigned int *setlinks)
{
        struct fixture *f;
        char err[STATE_ERROR_MAX];

        /* The tests that count make a fresh fixture per step: cmocka's goes first. */
        teardown(state);
        setup(state);
        f = *state;
        snapshot(f, f->start, sizeof(f->start));
        if (apply(f, err) < 0)
                fail_msg("apply: %s", err);
        *writes = f->host.kernel.n_writes;
        *setlinks = f->host.rtnl.n_setlinks;
        snapshot(f, clean_target, sizeof(clean_target));
        teardown(state);
}

/* ---- a clean apply, and one that changes nothing ------------------------------------------ */

static void the_document_applies_and_again_writes_nothing(void **state)
{
        struct fixture *f = *state;
        char err[STATE_ERROR_MAX], after[16384];
        unsigned int writes;

        snapshot(f, f->start, sizeof(f->start));
        if (apply(f, err) < 0)
                fail_msg("apply: %s", err);
        snapshot(f, f->target, sizeof(f->target));
        assert_string_not_equal(f->start, f->target);
        assert_int_equal(fakesys_read_uint(f->host.fs, PF1, "sriov_numvfs"), 4);
        assert_int_equal(f->host.rtnl.vfs[2].vlan, 100);
        assert_int_equal(f->host.rtnl2.vfs[0].spoofchk, 0);
        /* The second time, nothing is written at all. */
        writes = f->host.kernel.n_writes;
        f->host.rtnl.n_setlinks = 0;
        assert_int_equal(apply(f, err), 0);
        assert_int_equal(f->host.kernel.n_writes, writes);
        assert_int_equal(f->host.rtnl.n_setlinks, 0);
        snapshot(f, after, sizeof(after));
        assert_string_equal(after, f->target);
}

/* ---- a VLAN without its QoS --------------------------------------------------------------- */

/*
 * "vlan": 10 means QoS 0 and 802.1Q, as `vf set VF vlan 10` and ip do, on the VF that had
 * QoS 3 (VF 1) as on the others; the kernel takes the three together. Applied again, nothing.
 */
static void a_vlan_alone_sets_qos_0_and_8021q(void **state)
{
        static const char doc[] = "{\"version\": 1, \"pfs\": [{\"pci\": \"" PF1 "\", "
                                  "\"vfs\": [{\"vf\": \"0-1\", \"vlan\": 10}]}]}";
        struct fixture *f = *state;
        char err[STATE_ERROR_MAX];

        if (apply_text(f, doc, NULL, NULL, err) < 0)
                fail_msg("apply: %s", err);
        for (unsigned int i = 0; i < 2; i++) {
                assert_int_equal(f->host.rtnl.vfs[i].vlan, 10);
                assert_int_equal(f->host.rtnl.vfs[i].qos, 0);
                assert_int_equal(f->host.rtnl.vfs[i].vlan_proto, SRIOV_VLAN_PROTO_8021Q);
        }
        f->host.rtnl.n_setlinks = 0;
        assert_int_equal(apply_text(f, doc, NULL, NULL, err), 0);
        assert_int_equal(f->host.rtnl.n_setlinks, 0);
}

/* ---- a VF the kernel's list leaves out ---------------------------------------------------- */

/*
 * Past about 330 VFs the kernel's VF list leaves VFs out. Here it lists 2 of PF1's 4: the
 * apply sets VFs 2 and 3 all the same, verifies the others, and names those two as not
 * verified rather than calling them done.
 */
static void vfs_the_kernel_does_not_list_are_applied_and_named_unverified(void **state)
{
        struct fixture *f = *state;
        struct apply_result res = { 0 };
        char err[STATE_ERROR_MAX];

        f->host.rtnl.list_max = 2;
        if (apply_with(f, NULL, &res, err) < 0)
                fail_msg("apply: %s", err);
        assert_int_equal(res.n_unverified, 2);
        assert_int_equal(res.unverified[0].vf, 2);
        assert_int_equal(res.unverified[1].vf, 3);
        assert_int_equal(f->host.rtnl.vfs[2].vlan, 100);
        assert_int_equal(f->host.rtnl.vfs[3].vlan, 200);
        apply_result_free(&res);
}

/* ---- every step fails in turn -------------------------------------------------------------- */

/* Fail each write and each SETLINK of the apply in turn with @err: every time, the host is as
 * it was and the error says so. */
static void fail_every_step(void **state, int err_no)
{
        unsigned int writes, setlinks, passed = 0, total = 0;

        count_steps(state, &writes, &setlinks);
        for (unsigned int n = 1; n <= writes + setlinks; n++) {
                struct fixture *f;
                char err[STATE_ERROR_MAX], after[16384];
                bool sysfs = n <= writes;
                int r;

                setup(state);
                f = *state;
                snapshot(f, f->start, sizeof(f->start));
                if (sysfs) {
                        f->host.kernel.fail_nth = n;
                        f->host.kernel.fail_nth_errno = err_no;
                } else {
                        f->host.rtnl.fail_setlink_nth = n - writes;
                        f->host.rtnl.fail_setlink_errno = err_no;
                }
                total++;
                r = apply(f, err);
                if (r == 0) {
                        print_error("%s %u of the apply failed, yet it succeeded\n",
                                    sysfs ? "write" : "SETLINK", sysfs ? n : n - writes);
                } else {
                        snapshot(f, after, sizeof(after));
                        if (r != -err_no || strcmp(after, f->start) != 0 ||
                            !strstr(err, "everything this apply changed was put back")) {
                                print_error("%s %u failed (%s): r %d: %.300s\n",
                                            sysfs ? "write" : "SETLINK", sysfs ? n : n - writes,
                                            strerror(err_no), r, err);
                                say_diff("the host", f->start, after);
                        } else {
                                passed++;
                        }
                }
                teardown(state);
        }
        setup(state);
        print_message("apply: %u of %u injected failures (%s; %u sysfs writes, %u SETLINKs) put "
                      "the host back\n", passed, total, strerror(err_no), writes, setlinks);
        assert_int_equal(passed, total);
        assert_true(total >= 10);
}

static void every_failing_write_leaves_the_host_as_it_was(void **state)
{
        fail_every_step(state, EIO);
}

/* Out of memory at any step (the kernel's, or the library's own allocations, which fail the
 * same way): what was applied before it is put back, as for any other failure. */
static void out_of_memory_at_every_step_leaves_the_host_as_it_was(void **state)
{
        fail_every_step(state, ENOMEM);
}

/* ---- the apply dies after every step in turn -------------------------------------------------- */

/* Run the apply in a child that SIGKILL ends after its @nth write (or SETLINK, with @setlink).
 * Returns true when it died that way, false when it ended first. */
static bool crash_apply(struct fixture *f, unsigned int nth, bool setlink)
{
        pid_t child = fork();
        int status;

        assert_true(child >= 0);
        if (child == 0) {
                char err[STATE_ERROR_MAX];

                if (setlink)
                        f->host.rtnl.crash_setlink_nth = f->host.rtnl.n_setlinks + nth;
                else
                        f->host.kernel.crash_nth = f->host.kernel.n_writes + nth;
                _exit(apply(f, err) == 0 ? 0 : 1);
        }
        assert_int_equal(waitpid(child, &status, 0), child);
        return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

static void a_killed_apply_converges_when_run_again(void **state)
{
        unsigned int writes, setlinks, passed = 0, total = 0;

        count_steps(state, &writes, &setlinks);
        for (unsigned int n = 1; n <= writes + setlinks; n++) {
                bool setlink = n > writes;
                struct fixture *f;
                char err[STATE_ERROR_MAX];
                size_t left;

                setup(state);
                f = *state;
                if (!crash_apply(f, setlink ? n - writes : n, setlink))
                        fail_msg("the apply was not killed at %s %u", setlink ? "SETLINK" : "write",
                                 setlink ? n - writes : n);
                total++;
                if (apply(f, err) < 0) {
                        print_error("after a kill at %s %u, apply again failed: %s\n",
                                    setlink ? "SETLINK" : "write", setlink ? n - writes : n, err);
                } else if ((left = changes_left(f)) != 0) {
                        /* What the document does not manage a crash may have lost (the
                         * settings of VFs a resize removed): the document's own are there. */
                        print_error("after a kill at %s %u: %zu changes still to make\n",
                                    setlink ? "SETLINK" : "write", setlink ? n - writes : n,
                                    left);
                } else {
                        passed++;
                }
                teardown(state);
        }
        setup(state);
        print_message("apply: killed at each of %u steps, %u re-runs converged\n", total, passed);
        assert_int_equal(passed, total);
}

/* ---- SIGTERM after every step in turn ------------------------------------------------------- */

static volatile sig_atomic_t stop_signal;

static void ask_to_stop(int signo)
{
        stop_signal = signo;
}

/*
 * systemd stops the unit (shutdown, or its start timeout) with SIGTERM: sriovctl apply then
 * stops at its next step and puts back what it changed. Delivered after each step in turn,
 * the host is as before, or (after the last change) as the document says.
 */
static void sigterm_after_every_step_puts_the_host_back(void **state)
{
        struct sigaction sa = { .sa_handler = ask_to_stop }, old;
        unsigned int writes, setlinks, back = 0, finished = 0, total = 0;

        count_steps(state, &writes, &setlinks);
        assert_int_equal(sigaction(SIGTERM, &sa, &old), 0);
        for (unsigned int n = 1; n <= writes + setlinks; n++) {
                struct apply_opts opts = { .stop = &stop_signal, .timeout_msec = 30000 };
                bool setlink = n > writes;
                char err[STATE_ERROR_MAX], after[16384];
                struct fixture *f;
                int r;

                setup(state);
                f = *state;
                snapshot(f, f->start, sizeof(f->start));
                stop_signal = 0;
                if (setlink) {
                        f->host.rtnl.crash_setlink_nth = n - writes;
                        f->host.rtnl.crash_signal = SIGTERM;
                } else {
                        f->host.kernel.crash_nth = n;
                        f->host.kernel.crash_signal = SIGTERM;
                }
                total++;
                r = apply_with(f, &opts, NULL, err);
                snapshot(f, after, sizeof(after));
                if (r < 0 && strstr(err, "interrupted by signal 15") &&
                    strstr(err, "everything this apply changed was put back") &&
                    strcmp(after, f->start) == 0) {
                        back++;
                } else if (r == 0 && strcmp(after, clean_target) == 0) {
                        finished++;
                } else {
                        print_error("SIGTERM at %s %u: r %d: %.300s\n", setlink ? "SETLINK" : "write",
                                    setlink ? n - writes : n, r, err);
                        say_diff("the host", r < 0 ? f->start : clean_target, after);
                }
                teardown(state);
        }
        assert_int_equal(sigaction(SIGTERM, &old, NULL), 0);
        setup(state);
        print_message("apply: SIGTERM after each of %u steps: %u put the host back, %u came after "
                      "the last change and finished\n", total, back, finished);
        assert_int_equal(back + finished, total);
        assert_true(back >= total - 1);
}

/*
 * SIGTERM while the apply waits in the library (PF1's new VFs, which get no driver here) ends
 * the wait at once, not at its 20 s timeout: the apply stops, and puts the host back. A child
 * sends SIGTERM every 100 ms until the apply returns (the undo holds it back); before the
 * first, it lets drivers probe again, so that what is put back comes up.
 */
static void sigterm_during_a_wait_stops_the_apply_at_once(void **state)
{
        struct sigaction sa = { .sa_handler = ask_to_stop }, old;
        sigset_t stop_signals;
        struct apply_opts opts = { .stop = &stop_signal, .stop_signals = &stop_signals,
                                   .timeout_msec = 20000 };
        struct fixture *f = *state;
        char err[STATE_ERROR_MAX], after[16384];
        uint64_t start, took;
        pid_t parent = getpid(), pinger;
        int r, status;

        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGTERM);
        assert_int_equal(sigaction(SIGTERM, &sa, &old), 0);
        snapshot(f, f->start, sizeof(f->start));
        stop_signal = 0;
        f->host.kernel.no_probe = true;
        sriov_ctx_set_timeout(f->host.ctx, opts.timeout_msec); /* each wait's bound */
        alarm(120);
        start = sriov_now_msec();
        pinger = fork();
        assert_true(pinger >= 0);
        if (pinger == 0) {
                usleep(100000);
                f->host.kernel.no_probe = false; /* shared with the parent */
                for (;;) {
                        if (kill(parent, SIGTERM) < 0)
                                _exit(0);
                        usleep(100000);
                }
        }
        r = apply_with(f, &opts, NULL, err);
        took = sriov_now_msec() - start;
        kill(pinger, SIGKILL);
        assert_int_equal(waitpid(pinger, &status, 0), pinger);
        alarm(0);
        assert_int_equal(sigaction(SIGTERM, &old, NULL), 0);
        snapshot(f, after, sizeof(after));
        print_message("apply: SIGTERM during the wait for VFs: returned after %llu ms (timeout "
                      "%u ms): %.200s\n", (unsigned long long)took, opts.timeout_msec, err);
        assert_int_equal(r, -EINTR);
        assert_true(took < opts.timeout_msec);
        assert_non_null(strstr(err, "interrupted by signal 15"));
        assert_non_null(strstr(err, "everything this apply changed was put back"));
        if (strcmp(after, f->start) != 0) {
                say_diff("the host", f->start, after);
                fail();
        }
}

/* ---- acquire and release ---------------------------------------------------------------------- */

static int acquire(struct fixture *f, struct sriov_lease **ret)
{
        struct sriov_acquire_args a = { .vf = PF1 "/1", .owner_pid = -1 };

        a.config.mask = SRIOV_VF_CONFIG_MAC | SRIOV_VF_CONFIG_TRUST;
        memcpy(a.config.mac, (uint8_t[]){ 0x02, 0xcc, 0, 0, 0, 1 }, 6);
        a.config.trust = true;
        return sriov_vf_acquire(f->host.ctx, &a, ret);
}

static unsigned int lease_files(struct fixture *f)
{
        struct sriov_lease **all;
        unsigned int n = 0;

        assert_int_equal(sriov_lease_list(f->host.ctx, &all), 0);
        while (all[n])
                n++;
        sriov_lease_list_free(all);
        return n;
}

static void acquire_and_release_fail_or_die_at_every_step_and_come_back(void **state)
{
        unsigned int writes, setlinks, total = 0, passed = 0;
        struct fixture *f = *state;
        struct sriov_lease *l;
        char after[16384];

        /* How many steps each has. */
        assert_int_equal(acquire(f, &l), 0);
        assert_int_equal(sriov_lease_release(l), 0);
        sriov_lease_unref(l);
        writes = f->host.kernel.n_writes; /* acquire's and release's together */
        setlinks = f->host.rtnl.n_setlinks;
        teardown(state);

        for (unsigned int n = 1; n <= writes + setlinks; n++) {
                for (int crash = 0; crash < 2; crash++) {
                        bool setlink = n > writes;
                        unsigned int k = setlink ? n - writes : n;
                        pid_t child;
                        int status, r;

                        setup(state);
                        f = *state;
                        snapshot(f, f->start, sizeof(f->start));
                        total++;
                        if (!crash) {
                                /* Fail step k of acquire + release: the first call that meets it
                                 * fails; a failed acquire leaves the host as it was, a failed
                                 * release keeps the lease, and releasing again finishes. */
                                if (setlink)
                                        f->host.rtnl.fail_setlink_nth = k;
                                else
                                        f->host.kernel.fail_nth = k;
                                if (acquire(f, &l) < 0) {
                                        r = lease_files(f) == 0 ? 0 : -EEXIST;
                                } else {
                                        r = sriov_lease_release(l);
                                        if (r < 0 && lease_files(f) != 1)
                                                print_error("a failed release dropped its lease\n");
                                        if (r < 0)
                                                r = sriov_lease_release(l);
                                        sriov_lease_unref(l);
                                }
                        } else {
                                /* Die at step k: the next gc puts the VF back. */
                                child = fork();
                                assert_true(child >= 0);
                                if (child == 0) {
                                        if (setlink)
                                                f->host.rtnl.crash_setlink_nth = k;
                                        else
                                                f->host.kernel.crash_nth = k;
                                        if (acquire(f, &l) == 0)
                                                (void)sriov_lease_release(l);
                                        _exit(0);
                                }
                                assert_int_equal(waitpid(child, &status, 0), child);
                                if (!WIFSIGNALED(status))
                                        fail_msg("not killed at %s %u", setlink ? "SETLINK" : "write",
                                                 k);
                                r = sriov_lease_gc(f->host.ctx, NULL);
                        }
                        snapshot(f, after, sizeof(after));
                        if (r < 0 || strcmp(after, f->start) != 0 || lease_files(f) != 0) {
                                print_error("%s at %s %u: r %d (%.300s)\n",
                                            crash ? "killed" : "failed",
                                            setlink ? "SETLINK" : "write", k, r,
                                            sriov_ctx_get_error(f->host.ctx));
                                say_diff("the host", f->start, after);
                        } else {
                                passed++;
                        }
                        teardown(state);
                }
        }
        setup(state);
        print_message("acquire + release: %u steps (%u writes, %u SETLINKs), failed and killed "
                      "at each: %u of %u came back\n", writes + setlinks, writes, setlinks, passed,
                      total);
        assert_int_equal(passed, total);
}

/* ---- races ------------------------------------------------------------------------------------- */

#define RACERS 1000

static void a_thousand_acquires_of_seven_vfs_give_each_vf_one_holder(void **state)
{
        struct fixture *f = *state;
        struct sriov_pf *pf;
        struct sriov_lease **all;
        unsigned int won = 0, busy = 0, other = 0, leases = 0;
        pid_t *kids = calloc(RACERS, sizeof(*kids));

        assert_non_null(kids);
        assert_int_equal(sriov_pf_new_from_name(f->host.ctx, PF1, &pf), 0);
        assert_int_equal(sriov_pf_set_num_vfs(pf, 7, 0), 0);
        sriov_pf_unref(pf);
        for (int i = 0; i < RACERS; i++) {
                kids[i] = fork();
                assert_true(kids[i] >= 0);
                if (kids[i] == 0) {
                        struct sriov_acquire_args a = { .pf = PF1, .owner_pid = -1 };
                        struct sriov_lease *l;
                        int r;

                        sriov_ctx_set_timeout(f->host.ctx, 600000);
                        r = sriov_vf_acquire(f->host.ctx, &a, &l);
                        _exit(r == 0 ? 0 : r == -EBUSY &&
                                                   strstr(sriov_ctx_get_error(f->host.ctx),
                                                          "every VF is leased or in use")
                                                   ? 1
                                                   : 2);
                }
        }
        for (int i = 0; i < RACERS; i++) {
                int status;

                assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
                if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                        won++;
                else if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
                        busy++;
                else
                        other++;
        }
        free(kids);
        assert_int_equal(sriov_lease_list(f->host.ctx, &all), 0);
        for (struct sriov_lease **l = all; *l; l++) {
                char driver[64];

                fakesys_driver_of(f->host.fs, sriov_lease_get_pci_address(*l), driver,
                                  sizeof(driver));
                assert_string_equal(driver, "vfio-pci");
                assert_int_equal(sriov_lease_get_state(*l), SRIOV_LEASE_HELD);
                leases++;
        }
        sriov_lease_list_free(all);
        print_message("race: %d acquires of PF/any over 7 VFs: %u won, %u refused cleanly, %u "
                      "otherwise; %u leases\n", RACERS, won, busy, other, leases);
        assert_int_equal(won, 7);
        assert_int_equal(busy, RACERS - 7);
        assert_int_equal(other, 0);
        assert_int_equal(leases, 7);
}

/*
 * An acquire, an apply of the document and a vf set of every VF of PF2 race, over and over.
 * Whatever the order, a VF is never changed once leased: a change either came before the
 * acquire (the journal then records it as the VF's state before the lease) or was refused
 * naming the lease.
 */
static void acquire_races_apply_and_vf_set_and_a_leased_vf_is_never_changed(void **state)
{
        unsigned int rounds = 20, set_before = 0, set_refused = 0, applied = 0, apply_refused = 0;

        teardown(state); /* a fresh fixture per round */

        for (unsigned int round = 0; round < rounds; round++) {
                struct fixture *f;
                pid_t kids[3];
                int status[3];
                struct sriov_lease **all;
                unsigned int start_vlan;

                setup(state);
                f = *state;
                start_vlan = f->host.rtnl2.vfs[0].vlan;
                for (int k = 0; k < 3; k++) {
                        kids[k] = fork();
                        assert_true(kids[k] >= 0);
                        if (kids[k] != 0)
                                continue;
                        sriov_ctx_set_timeout(f->host.ctx, 60000);
                        if (k == 0) {
                                struct sriov_acquire_args a = { .vf = PF2 "/0", .owner_pid = -1 };
                                struct sriov_lease *l;

                                _exit(sriov_vf_acquire(f->host.ctx, &a, &l) == 0 ? 0 : 2);
                        }
                        if (k == 1) {
                                unsigned int idx[] = { 0, 1, 2 };
                                struct sriov_vf_config c[3] = { 0 };
                                struct sriov_pf *pf;
                                int r;

                                for (int i = 0; i < 3; i++)
                                        c[i] = (struct sriov_vf_config){
                                                .mask = SRIOV_VF_CONFIG_VLAN, .vlan = 42 };
                                if (sriov_pf_new_from_name(f->host.ctx, PF2, &pf) < 0)
                                        _exit(2);
                                r = sriov_pf_set_vf_configs(pf, idx, c, 3, 0, NULL);
                                _exit(r == 0 ? 0 : r == -EBUSY ? 1 : 2);
                        }
                        {
                                char err[STATE_ERROR_MAX];
                                int r = apply(f, err);

                                _exit(r == 0 ? 0 : strstr(err, "leased") ? 1 : 2);
                        }
                }
                for (int k = 0; k < 3; k++) {
                        assert_int_equal(waitpid(kids[k], &status[k], 0), kids[k]);
                        assert_true(WIFEXITED(status[k]));
                        if (WEXITSTATUS(status[k]) == 2)
                                fail_msg("round %u: racer %d failed otherwise", round, k);
                }
                assert_int_equal(WEXITSTATUS(status[0]), 0);
                assert_int_equal(sriov_lease_list(f->host.ctx, &all), 0);
                assert_non_null(all[0]);
                assert_null(all[1]);
                {
                        /* The leased VF's settings now are what the lease found, or the
                         * acquire itself set: nothing after it. */
                        struct lease_journal j;
                        char path[160], text[1024];
                        FILE *fp;
                        size_t n;

                        snprintf(path, sizeof(path), "%s/%s.lease", f->host.lease_dir,
                                 sriov_lease_get_pci_address(all[0]));
                        fp = fopen(path, "re");
                        assert_non_null(fp);
                        n = fread(text, 1, sizeof(text) - 1, fp);
                        fclose(fp);
                        text[n] = '\0';
                        assert_int_equal(lease_journal_parse(text, &j, NULL), 0);
                        assert_int_equal(f->host.rtnl2.vfs[0].vlan, j.orig_config.vlan);
                        assert_int_equal(f->host.rtnl2.vfs[0].spoofchk, j.orig_config.spoofchk);
                        /* Who came before the lease is what the journal found: the vf set
                         * (42), the apply (7, after or without the vf set), or neither. */
                        if (WEXITSTATUS(status[1]) == 0 && WEXITSTATUS(status[2]) == 0)
                                assert_true(j.orig_config.vlan == 42 || j.orig_config.vlan == 7);
                        else if (WEXITSTATUS(status[1]) == 0)
                                assert_int_equal(j.orig_config.vlan, 42);
                        else if (WEXITSTATUS(status[2]) == 0)
                                assert_int_equal(j.orig_config.vlan, 7);
                        else
                                assert_int_equal(j.orig_config.vlan, start_vlan);
                        if (WEXITSTATUS(status[1]) == 0)
                                set_before++;
                        else
                                set_refused++;
                        if (WEXITSTATUS(status[2]) == 0)
                                applied++;
                        else
                                apply_refused++;
                }
                sriov_lease_list_free(all);
                teardown(state);
        }
        setup(state);
        print_message("race: %u rounds of acquire vs vf set vs apply: vf set before the lease "
                      "%u, refused by it %u; apply before %u, refused %u\n", rounds, set_before,
                      set_refused, applied, apply_refused);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        const struct CMUnitTest tests[] = {
                T(the_document_applies_and_again_writes_nothing),
                T(a_vlan_alone_sets_qos_0_and_8021q),
                T(vfs_the_kernel_does_not_list_are_applied_and_named_unverified),
                T(every_failing_write_leaves_the_host_as_it_was),
                T(out_of_memory_at_every_step_leaves_the_host_as_it_was),
                T(a_killed_apply_converges_when_run_again),
                T(sigterm_after_every_step_puts_the_host_back),
                T(sigterm_during_a_wait_stops_the_apply_at_once),
                T(acquire_and_release_fail_or_die_at_every_step_and_come_back),
                T(a_thousand_acquires_of_seven_vfs_give_each_vf_one_holder),
                T(acquire_races_apply_and_vf_set_and_a_leased_vf_is_never_changed),
        };

        return cmocka_run_group_tests_name("sysfs/apply", tests, NULL, NULL);
}
