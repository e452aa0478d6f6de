/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl monitor [--count N] [--type TYPE[,TYPE...]] [PF...]: a line per event, as
 * `ip monitor` and `devlink monitor` print theirs; -j, a JSON object per line. It waits in
 * poll() on the library's one descriptor, with no timer unless --timeout was given: idle, it
 * makes no system call.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rate-units.h"
#include "sriovctl.h"

static void text_time(int64_t usec)
{
        char buf[48];

        event_time_text(usec, buf);
        fputs(buf, stdout);
}

static const char *or_dash(const char *s)
{
        return s ? s : "-";
}

/* vf-netns: a netdev name, or the namespace it went to, which this one cannot name. */
static const char *or_dash_ns(const char *s)
{
        return s ? s : "another network namespace";
}

static void text_rate_field(uint32_t bit, const struct sriov_rate *r, char *buf, size_t size)
{
        if (bit == SRIOV_RATE_PARENT)
                snprintf(buf, size, "%s", r->parent[0] ? r->parent : "-");
        else
                sriov_rate_format(bit == SRIOV_RATE_TX_SHARE ? r->tx_share : r->tx_max, buf, size);
}

/* "node grp made: tx_max 100Mbit" (the fields it has that are not 0 or none), "leaf deleted",
 * "tx_share 0bit -> 10Mbit, parent - -> grp": in devlink(8)'s words and units. */
static void text_rate(const struct sriov_event *e)
{
        static const struct {
                uint32_t bit;
                const char *name;
        } fields[] = { { SRIOV_RATE_TX_SHARE, "tx_share" },
                       { SRIOV_RATE_TX_MAX, "tx_max" },
                       { SRIOV_RATE_PARENT, "parent" } };
        struct sriov_rate o, n;
        uint32_t changed = sriov_event_get_rates(e, &o, &n);
        const char *node = sriov_event_get_rate_node(e);
        const bool changed_only = o.mask && n.mask;
        const struct sriov_rate *has = n.mask ? &n : &o;
        const char *sep = ": ";

        printf(" %s", node ? "node" : "leaf");
        if (node)
                printf(" %s", node);
        if (!changed_only)
                printf(" %s", o.mask ? "deleted" : "made");
        else
                sep = " ";
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
                uint32_t bit = fields[i].bit;
                char a[64], b[64];

                if (!(changed & bit))
                        continue;
                text_rate_field(bit, &o, a, sizeof(a));
                text_rate_field(bit, &n, b, sizeof(b));
                if (changed_only) {
                        printf("%s%s %s -> %s", sep, fields[i].name, a, b);
                        sep = ", ";
                } else if (bit == SRIOV_RATE_PARENT ? has->parent[0] != '\0'
                                                    : (bit == SRIOV_RATE_TX_SHARE ? has->tx_share
                                                                                  : has->tx_max)) {
                        printf("%s%s %s", sep, fields[i].name, n.mask ? b : a);
                        sep = " ";
                }
        }
}

/* TIME EVENT OBJECT WHAT: "... vf-config 0000:01:00.0/1 (0000:01:10.2) vlan 0 -> 7". */
static void text_event(const struct sriov_event *e)
{
        enum sriov_event_type type = sriov_event_get_type(e);
        const char *pci = sriov_event_get_vf_pci_address(e);
        int vf = sriov_event_get_vf_index(e);
        unsigned int old, new;

        text_time(sriov_event_get_timestamp(e));
        printf(" %s", sriov_event_type_to_string(type));
        if (sriov_event_get_pf(e))
                printf(" %s", sriov_event_get_pf(e));
        if (vf >= 0)
                printf("/%d", vf);
        if (pci)
                printf(" (%s)", pci);
        switch (type) {
        case SRIOV_EVENT_NUM_VFS:
                sriov_event_get_counts(e, &old, &new);
                printf(" %u -> %u", old, new);
                break;
        case SRIOV_EVENT_PF_CARRIER:
                sriov_event_get_counts(e, &old, &new);
                printf(" %s -> %s", old ? "up" : "down", new ? "up" : "down");
                break;
        case SRIOV_EVENT_VF_CONFIG: {
                struct sriov_vf_config o, n;
                uint32_t changed = sriov_event_get_vf_configs(e, &o, &n);
                const char *sep = " ";

                for (size_t i = 0; i < SRIOV_VF_FIELDS; i++) {
                        uint32_t bit = sriov_vf_field_show_order[i];
                        char a[64], b[64];

                        if (!(changed & bit))
                                continue;
                        printf("%s%s %s -> %s", sep, sriov_vf_field_name(bit),
                               text_vf_field(bit, &o, a, sizeof(a)),
                               text_vf_field(bit, &n, b, sizeof(b)));
                        sep = ", ";
                }
                break;
        }
        case SRIOV_EVENT_RATE:
                text_rate(e);
                break;
        case SRIOV_EVENT_VF_NETNS:
                printf(" %s -> %s", or_dash_ns(sriov_event_get_old_value(e)),
                       or_dash_ns(sriov_event_get_new_value(e)));
                break;
        case SRIOV_EVENT_RESYNC:
                printf(" events were lost: read the host again");
                break;
        case SRIOV_EVENT_VF_ADDED:
        case SRIOV_EVENT_VF_REMOVED:
                break;
        default:
                printf(" %s -> %s", or_dash(sriov_event_get_old_value(e)),
                       or_dash(sriov_event_get_new_value(e)));
                break;
        }
        putchar('\n');
}

/* --type pf-added,vf-config: the mask of sriov_monitor_set_types(). */
static int parse_types(const char *arg, uint64_t *mask)
{
        char *copy = strdup(arg), *save = NULL;

        if (!copy)
                abort();
        for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                int t = sriov_event_type_from_string(w);

                if (t < 0) {
                        usage_error("monitor: --type \"%s\": no such event type (pf-added, "
                                    "pf-removed, pf-driver, pf-carrier, num-vfs, vf-added, "
                                    "vf-removed, vf-driver, vf-netdev, vf-netns, vf-config, "
                                    "lease, eswitch-mode, representor, rate, resync)",
                                    w);
                        free(copy);
                        return EXIT_USAGE;
                }
                *mask |= 1ull << t;
        }
        free(copy);
        return *mask ? 0 : usage_error("monitor: --type: no event type given");
}

static int64_t now_msec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int monitor_run(struct cli *cli, int argc, char **argv)
{
        struct sriov_monitor *m;
        unsigned int count = 0, seen = 0;
        uint64_t types = 0;
        int64_t deadline;
        struct pollfd pfd;
        int r, i;

        for (i = 0; i < argc && argv[i][0] == '-'; i++) {
                const char *opt = argv[i];

                if (strcmp(opt, "--count") == 0 || strcmp(opt, "--type") == 0) {
                        if (i + 1 == argc)
                                return usage_error("monitor: %s needs a value", opt);
                        i++;
                        if (opt[2] == 'c' && (parse_uint_arg(argv[i], 1000000, &count) < 0 ||
                                              count == 0))
                                return usage_error("monitor: --count \"%s\": expected 1 to "
                                                   "1000000 events", argv[i]);
                        if (opt[2] == 't' && (r = parse_types(argv[i], &types)))
                                return r;
                } else {
                        return usage_error("monitor: unknown option \"%s\"", opt);
                }
        }
        r = sriov_monitor_new(cli->ctx, &m);
        if (r < 0)
                return cli_fail(cli);
        if (types && sriov_monitor_set_types(m, types) < 0)
                abort();
        for (; i < argc; i++)
                if (sriov_monitor_add_pf(m, argv[i]) < 0) {
                        sriov_monitor_unref(m);
                        return cli_fail(cli);
                }
        if (cli->verbose)
                fprintf(stderr, "sriovctl: monitor: watching\n");
        deadline = cli->timeout_sec ? now_msec() + (int64_t)cli->timeout_sec * 1000 : -1;
        pfd = (struct pollfd){ .fd = sriov_monitor_get_fd(m), .events = POLLIN };
        for (;;) {
                struct sriov_event *e;
                int wait;

                while ((r = sriov_monitor_next(m, &e)) == 1) {
                        if (cli->json)
                                json_print(cli, json_event(e));
                        else
                                text_event(e);
                        /* A script reading a pipe acts on each event as it comes. */
                        fflush(stdout);
                        sriov_event_unref(e);
                        if (count && ++seen == count) {
                                sriov_monitor_unref(m);
                                return EXIT_OK;
                        }
                }
                if (r < 0) {
                        sriov_monitor_unref(m);
                        return cli_fail(cli);
                }
                wait = deadline < 0 ? -1 : (int)(deadline - now_msec());
                if (deadline >= 0 && wait <= 0)
                        break;
                if (poll(&pfd, 1, wait) < 0 && errno != EINTR) {
                        fprintf(stderr, "sriovctl: monitor: poll: %s\n", strerror(errno));
                        sriov_monitor_unref(m);
                        return EXIT_FAILED;
                }
        }
        sriov_monitor_unref(m);
        if (count) {
                fprintf(stderr, "sriovctl: monitor: %u of %u events before the timeout (%u s)\n",
                        seen, count, cli->timeout_sec);
                return EXIT_FAILED;
        }
        return EXIT_OK;
}
