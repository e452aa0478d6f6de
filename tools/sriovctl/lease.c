/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl vf acquire/release and sriovctl lease ...: VFs handed to VMMs. */
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "sriovctl.h"

static void text_lease(struct sriov_lease *l)
{
        const char *ifname = sriov_lease_get_pf_ifname(l);
        int owner = sriov_lease_get_owner_pid(l);
        char buf[32];

        printf("VF %s (%s/%u) ", sriov_lease_get_pci_address(l),
               ifname ? ifname : sriov_lease_get_pf_pci_address(l), sriov_lease_get_vf_index(l));
        if (sriov_lease_get_state(l) != SRIOV_LEASE_HELD)
                printf("being %s%s\n",
                       sriov_lease_get_state(l) == SRIOV_LEASE_RELEASING ? "released" : "acquired",
                       sriov_lease_is_stale(l) ? ", by a process that is gone (stale)" : "");
        else if (owner >= 0)
                printf("leased to process %d%s\n", owner,
                       sriov_lease_is_stale(l) ? ", which is gone (stale)" : "");
        else if (sriov_lease_get_holder(l))
                printf("leased to %s until released\n", sriov_lease_get_holder(l));
        else
                printf("leased until released\n");
        if (sriov_lease_get_ifname(l))
                printf("    netdev:       %s (when leased; a netdev lease)\n",
                       sriov_lease_get_ifname(l));
        if (sriov_lease_get_broken_pid(l) >= 0)
                printf("    broken by:    process %d, with force\n", sriov_lease_get_broken_pid(l));
        printf("    vfio group:   %s\n",
               sriov_lease_get_vfio_group_path(l) ? sriov_lease_get_vfio_group_path(l) : "-");
        printf("    vfio cdev:    %s\n",
               sriov_lease_get_vfio_cdev_path(l) ? sriov_lease_get_vfio_cdev_path(l) : "-");
        snprintf(buf, sizeof(buf), "%d", sriov_lease_get_iommu_group(l));
        printf("    iommu group:  %s\n", sriov_lease_get_iommu_group(l) >= 0 ? buf : "-");
        snprintf(buf, sizeof(buf), "%d", sriov_lease_get_numa_node(l));
        printf("    numa node:    %s\n", sriov_lease_get_numa_node(l) >= 0 ? buf : "-");
        printf("    cookie:       %s\n", sriov_lease_get_cookie(l));
}

/* "PF/any" asks for any free VF of PF; anything else names a VF. */
static void split_target(const char *arg, struct sriov_acquire_args *a, char *pf_buf, size_t size)
{
        const char *slash = strrchr(arg, '/');

        if (slash && strcmp(slash, "/any") == 0 && (size_t)(slash - arg) < size) {
                memcpy(pf_buf, arg, (size_t)(slash - arg));
                pf_buf[slash - arg] = '\0';
                a->pf = pf_buf;
        } else {
                a->vf = arg;
        }
}

int vf_acquire(struct cli *cli, int argc, char **argv)
{
        struct sriov_acquire_args a = { .owner_pid = -1 };
        const char *labels[17] = { NULL };
        size_t n_labels = 0;
        struct sriov_lease *l;
        char pf[64];
        int i = 1, r;

        if (argc < 1)
                return usage_error("vf acquire: expected a VF or PF/any, as in: "
                                   "sriovctl vf acquire eth0/any");
        split_target(argv[0], &a, pf, sizeof(pf));
        /* owner, vfio-owner and labels first, in any order; then VF settings. A prefix is
         * taken when it is unique among both. */
        while (i + 1 < argc) {
                static const char *const words[] = { "owner", "vfio-owner", "label" };
                const char *const *w;
                struct match m;

                match_start(&m, argv[i]);
                for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
                        match_offer(&m, words[k], &words[k]);
                vf_settings_offer(&m);
                w = match_end(&m, "vf acquire");
                if (m.ambiguous)
                        return EXIT_USAGE;
                if (!w || vf_settings_has(w))
                        break;
                if (w == &words[0]) {
                        unsigned int pid;

                        if (strcmp(argv[i + 1], "none") != 0) {
                                if (parse_uint_arg(argv[i + 1], 0x7fffffff, &pid) < 0 || pid == 0)
                                        return usage_error("vf acquire: owner \"%s\": expected a "
                                                           "process id or none", argv[i + 1]);
                                a.owner_pid = (int)pid;
                        }
                } else if (w == &words[1]) {
                        uid_t uid;
                        gid_t gid;

                        r = parse_owner("vf acquire: vfio-owner", argv[i + 1], &uid, &gid);
                        if (r)
                                return r;
                        a.flags |= SRIOV_ACQUIRE_VFIO_OWNER;
                        a.vfio_uid = (uint32_t)uid;
                        a.vfio_gid = (uint32_t)gid;
                } else {
                        /* label: the library checks each and says what is wrong with it. */
                        if (n_labels == sizeof(labels) / sizeof(labels[0]) - 1)
                                return usage_error("vf acquire: label \"%s\": at most 16 labels",
                                                   argv[i + 1]);
                        labels[n_labels++] = argv[i + 1];
                        a.labels = labels;
                }
                i += 2;
        }
        /* Settings are optional here, unlike in vf set. */
        if (argc > i) {
                r = parse_vf_settings(argc - i, argv + i, &a.config);
                if (r)
                        return r;
        }
        if (cli->dry_run)
                return usage_error("vf acquire: --dry-run is not supported; "
                                   "sriovctl vf show tells what a VF is like");
        if (sriov_vf_acquire(cli->ctx, &a, &l) < 0)
                return cli_fail(cli);
        if (cli->json)
                json_print(cli, json_lease(l));
        else
                text_lease(l);
        sriov_lease_unref(l);
        return EXIT_OK;
}

int vf_release(struct cli *cli, int argc, char **argv)
{
        struct sriov_lease *l;
        int r;

        if (argc != 1)
                return usage_error("vf release: expected one VF, as in: sriovctl vf release eth0/3");
        if (sriov_lease_new_from_vf(cli->ctx, argv[0], &l) < 0)
                return cli_fail(cli);
        r = sriov_lease_release(l);
        sriov_lease_unref(l);
        return r < 0 ? cli_fail(cli) : EXIT_OK;
}

static int lease_list(struct cli *cli, int argc, char **argv)
{
        struct sriov_lease **leases;

        if (argc > 0)
                return usage_error("lease list: unexpected argument \"%s\"", argv[0]);
        if (sriov_lease_list(cli->ctx, &leases) < 0)
                return cli_fail(cli);
        if (cli->json) {
                json_print(cli, json_lease_list(leases));
        } else if (leases[0]) {
                static const char *const headers[] = { "VF", "PF", "INDEX", "OWNER", "STATE",
                                                       "VFIO", "HOLDER", NULL };
                struct table *t = table_new(headers);

                for (struct sriov_lease **l = leases; *l; l++) {
                        char idx[16], owner[16];
                        const char *const row[] = {
                                sriov_lease_get_pci_address(*l),
                                sriov_lease_get_pf_ifname(*l) ? sriov_lease_get_pf_ifname(*l)
                                                              : sriov_lease_get_pf_pci_address(*l),
                                (snprintf(idx, sizeof(idx), "%u", sriov_lease_get_vf_index(*l)), idx),
                                sriov_lease_get_owner_pid(*l) < 0
                                        ? "none"
                                        : (snprintf(owner, sizeof(owner), "%d",
                                                    sriov_lease_get_owner_pid(*l)),
                                           owner),
                                sriov_lease_get_state_name(*l),
                                sriov_lease_get_vfio_group_path(*l),
                                sriov_lease_get_holder(*l),
                        };
                        table_add(t, row);
                }
                table_print(t, stdout, "");
                table_free(t);
        }
        sriov_lease_list_free(leases);
        return EXIT_OK;
}

static int lease_gc(struct cli *cli, int argc, char **argv)
{
        unsigned int n = 0, lost = 0;
        int r;

        if (argc > 0)
                return usage_error("lease gc: unexpected argument \"%s\"", argv[0]);
        /* Each lost lease ended is a LOG_NOTICE naming it and how its VF went: said always. */
        if (sriov_ctx_get_log_priority(cli->ctx) < LOG_NOTICE)
                sriov_ctx_set_log_priority(cli->ctx, LOG_NOTICE);
        r = sriov_lease_gc_report(cli->ctx, &n, &lost);
        /* How many, none too: sriovctl(8) promises the count, and a cron job's log tells a
         * run that found nothing from one that did not run. */
        if (cli->json)
                json_print(cli, json_lease_gc(n, lost));
        else if (lost)
                printf("recovered %u stale lease%s, ended %u lost lease%s\n", n,
                       n == 1 ? "" : "s", lost, lost == 1 ? "" : "s");
        else
                printf("recovered %u stale lease%s\n", n, n == 1 ? "" : "s");
        return r < 0 ? cli_fail(cli) : EXIT_OK;
}

const struct command lease_commands[] = {
        { "list", lease_list, "list", "list the leases, their holders and states" },
        { "gc", lease_gc, "gc", "recover the leases whose holder is gone, end those whose VF is" },
        {},
};
