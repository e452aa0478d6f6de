/* SPDX-License-Identifier: MIT */
/*
 * vmm-watch: the event loop of a virtual machine monitor that passes a VF through, reacting
 * when the host takes it away.
 *
 *   vmm-watch VF [SECONDS]
 *
 * Follows the VF's PF with libsriov's event source, in the program's own poll() loop (a VMM
 * adds the descriptor to its main loop), and:
 *   - the PF's link going down or up: what a VMM tells its guest as the link state;
 *   - the VF removed (its PF reset, resized or unplugged), the VF's driver changed under it,
 *     or its PF's driver unbound: the device is gone, so the VM must be told (hot-unplug) and
 *     the program exits 3;
 *   - a resync (events were lost): whether the VF is still there is read again.
 * Exits 0 when SECONDS pass (default: wait forever), 1 on failure.
 *
 *   cc -o vmm-watch vmm-watch.c $(pkg-config --cflags --libs libsriov)
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsriov.h>

/* Whether the VF is still there: after a resync, nothing else can tell. */
static int vf_exists(struct sriov_ctx *ctx, const char *pci)
{
        struct sriov_vf *vf;

        if (sriov_vf_new_from_name(ctx, pci, &vf) < 0)
                return 0;
        sriov_vf_unref(vf);
        return 1;
}

/* 1 when @e takes the VF at @pci away, and says how. */
static int vf_lost(const struct sriov_event *e, const char *pci)
{
        const char *ev_pci = sriov_event_get_vf_pci_address(e);
        const char *new = sriov_event_get_new_value(e);

        switch (sriov_event_get_type(e)) {
        case SRIOV_EVENT_VF_REMOVED:
                if (ev_pci && strcmp(ev_pci, pci) == 0) {
                        printf("VF %s lost: removed from PF %s\n", pci, sriov_event_get_pf(e));
                        return 1;
                }
                return 0;
        case SRIOV_EVENT_VF_DRIVER:
                /* Ours is on vfio-pci (or a variant); a host driver bound now took it over. */
                if (ev_pci && strcmp(ev_pci, pci) == 0 && (!new || !strstr(new, "vfio"))) {
                        printf("VF %s lost: driver now %s\n", pci, new ? new : "none");
                        return 1;
                }
                return 0;
        case SRIOV_EVENT_PF_DRIVER:
        case SRIOV_EVENT_PF_REMOVED:
                if (!new) {
                        printf("VF %s lost: PF %s %s\n", pci, sriov_event_get_pf(e),
                               sriov_event_get_type(e) == SRIOV_EVENT_PF_REMOVED
                                       ? "removed"
                                       : "driver unbound");
                        return 1;
                }
                return 0;
        default:
                return 0;
        }
}

int main(int argc, char **argv)
{
        struct sriov_ctx *ctx = NULL;
        struct sriov_monitor *mon = NULL;
        struct sriov_vf *vf = NULL;
        struct pollfd pfd;
        char pci[32];
        long seconds = argc == 3 ? strtol(argv[2], NULL, 10) : -1;
        time_t end;
        int status = 1, r;

        if (argc < 2 || argc > 3 || (argc == 3 && seconds <= 0)) {
                fprintf(stderr, "usage: vmm-watch VF [SECONDS]\n");
                return 2;
        }
        if (sriov_ctx_new(&ctx) < 0)
                return 1;
        if (sriov_vf_new_from_name(ctx, argv[1], &vf) < 0 ||
            sriov_monitor_new(ctx, &mon) < 0 ||
            sriov_monitor_add_pf(mon, sriov_pf_get_name(sriov_vf_get_pf(vf))) < 0 ||
            sriov_monitor_set_types(mon, 1ull << SRIOV_EVENT_VF_REMOVED |
                                                 1ull << SRIOV_EVENT_VF_DRIVER |
                                                 1ull << SRIOV_EVENT_PF_DRIVER |
                                                 1ull << SRIOV_EVENT_PF_REMOVED |
                                                 1ull << SRIOV_EVENT_PF_CARRIER) < 0) {
                fprintf(stderr, "vmm-watch: %s\n", sriov_ctx_get_error(ctx));
                goto out;
        }
        snprintf(pci, sizeof(pci), "%s", sriov_vf_get_pci_address(vf));
        printf("watching VF %s of PF %s\n", pci, sriov_pf_get_name(sriov_vf_get_pf(vf)));
        fflush(stdout);
        end = seconds > 0 ? time(NULL) + seconds : 0;
        pfd = (struct pollfd){ .fd = sriov_monitor_get_fd(mon), .events = POLLIN };
        for (;;) {
                struct sriov_event *e;
                int wait = end ? (int)(end - time(NULL)) * 1000 : -1;

                while ((r = sriov_monitor_next(mon, &e)) == 1) {
                        unsigned int was, now;
                        int lost = 0;

                        if (sriov_event_get_type(e) == SRIOV_EVENT_PF_CARRIER &&
                            sriov_event_get_counts(e, &was, &now) == 0)
                                printf("link %s (tell the guest)\n", now ? "up" : "down");
                        else if (sriov_event_get_type(e) == SRIOV_EVENT_RESYNC &&
                                 !vf_exists(ctx, pci))
                                lost = printf("VF %s lost: gone after a resync\n", pci) > 0;
                        else
                                lost = vf_lost(e, pci);
                        sriov_event_unref(e);
                        fflush(stdout);
                        if (lost) {
                                status = 3;
                                goto out;
                        }
                }
                if (r < 0) {
                        fprintf(stderr, "vmm-watch: %s\n", sriov_ctx_get_error(ctx));
                        goto out;
                }
                if (end && wait <= 0) {
                        status = 0;
                        goto out;
                }
                if (poll(&pfd, 1, wait) < 0 && errno != EINTR) {
                        perror("vmm-watch: poll");
                        goto out;
                }
        }
out:
        sriov_monitor_unref(mon);
        sriov_vf_unref(vf);
        sriov_ctx_unref(ctx);
        return status;
}
