/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl: option parsing and dispatch to the per-object command tables. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "sriovctl.h"


static void print_usage(FILE *out)
{
        fputs("Usage: sriovctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
              "\n"
              "Objects and commands:\n"
              "  pf list                 list the SR-IOV capable physical functions\n"
              "  pf show PF              show one PF and its VFs\n"
              "  vf list [PF]            list the VFs of every PF, or of one\n"
              "  pf set PF [numvfs N] [autoprobe on|off]\n"
              "                          create, resize or remove VFs\n"
              "  vf show [-s] VF         show one VF (-s: with its traffic counters)\n"
              "  vf set VF [mac MAC] [vlan ID [qos Q] [proto 802.1Q|802.1ad]]\n"
              "            [min_tx_rate MBPS] [max_tx_rate MBPS] [spoofchk on|off]\n"
              "            [trust on|off] [state auto|enable|disable] [query_rss on|off]\n"
              "                          set a VF's settings, all or nothing\n"
              "  vf bind VF DRIVER|default\n"
              "                          bind a VF to a driver (vfio-pci), or give it back\n"
              "                          to its host driver; PF/all: every VF of PF\n"
              "  vf unbind VF            leave a VF without a driver\n"
              "  vfio chown VF USER[:GROUP]\n"
              "                          hand a vfio-pci VF's /dev/vfio nodes to a VMM's user\n"
              "  check                   host preflight: IOMMU, interrupt remapping, vfio,\n"
              "                          PFs, IOMMU groups; exit 1 when a problem is found\n"
              "  dump                    the host's SR-IOV state as a document for apply\n"
              "  apply [--dry-run] [--force] FILE|-\n"
              "                          make the host what the document says: plan, apply\n"
              "                          in order, verify; put back on failure\n"
              "\n"
              "  PF := PCI address (0000:01:00.0 or 01:00.0) or netdev name (eth0)\n"
              "  VF := VF PCI address (0000:01:10.0) or PF/INDEX (eth0/3)\n"
              "        (bind, unbind: also PF/all)\n"
              "\n"
              "Options:\n"
              "  -j, --json      print JSON\n"
              "  -p, --pretty    indent JSON\n"
              "  -v, --verbose   log what the library does (twice for debug)\n"
              "  -n, --dry-run   say what would change, change nothing\n"
              "  -f, --force     go ahead although a VF is in use\n"
              "  -t, --timeout S wait at most S seconds for VFs to be ready (default 30)\n"
              "  -h, --help      this text\n"
              "  -V, --version   the version\n",
              out);
}

static void log_stderr(void *data, int priority, const char *file, int line, const char *fn,
                       const char *format, va_list args)
{
        const struct cli *cli = data;

        (void)file, (void)line;
        /* A failure is printed once, by cli_fail(); a warning (a lease broken with -f) always. */
        if (priority <= LOG_ERR && cli->verbose == 0)
                return;
        if (priority == LOG_WARNING && cli->verbose == 0) {
                fputs("sriovctl: warning: ", stderr);
        } else {
                fprintf(stderr, "sriovctl: %s%s: ", priority >= LOG_DEBUG ? "debug: " : "", fn);
        }
        vfprintf(stderr, format, args);
        fputc('\n', stderr);
}

#define OBJECT_NAMES "pf, vf, vfio, lease, check, apply, dump"

/* An object has a command table, or (check) a run function that takes the words itself. */
static const struct {
        const char *name;
        const struct command *table;
        int (*run)(struct cli *cli, int argc, char **argv);
} objects[] = {
        { "pf", pf_commands, NULL },
        { "vf", vf_commands, NULL },
        { "vfio", vfio_commands, NULL },
        { "lease", lease_commands, NULL },
        { "check", NULL, check_run },
        { "apply", NULL, apply_run },
        { "dump", NULL, dump_run },
};

int main(int argc, char **argv)
{
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },    { "pretty", no_argument, NULL, 'p' },
                { "verbose", no_argument, NULL, 'v' }, { "dry-run", no_argument, NULL, 'n' },
                { "force", no_argument, NULL, 'f' },   { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' }, { "timeout", required_argument, NULL, 't' },
                {},
        };
        struct cli cli = { 0 };
        unsigned int timeout_sec = 0;
        int c, r;

        /* "+": options come before OBJECT, as with ip(8). Our own message for bad options, so
         * every usage error starts with "sriovctl:" and not with the program's path. */
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+:jpvnfhVt:", options, NULL)) >= 0) {
                switch (c) {
                case 'j': cli.json = true; break;
                case 'p': cli.pretty = true; break;
                case 'v': cli.verbose++; break;
                case 'n': cli.dry_run = true; break;
                case 'f': cli.force = true; break;
                case 'h': print_usage(stdout); return EXIT_OK;
                case 'V': puts("sriovctl " SRIOVCTL_VERSION); return EXIT_OK;
                case 't':
                        /* Whole seconds, up to a day: the library counts milliseconds. */
                        if (parse_uint_arg(optarg, 86400, &timeout_sec) < 0 || timeout_sec == 0)
                                return usage_error("--timeout \"%s\": expected seconds, 1 to 86400",
                                                   optarg);
                        break;
                case ':':
                        return usage_error("option \"%s\" needs a value", argv[optind - 1]);
                default:
                        return usage_error("unknown option \"%s\"", argv[optind - 1]);
                }
        }
        argc -= optind;
        argv += optind;
        if (argc < 1)
                return usage_error("an object (" OBJECT_NAMES ") is missing");

        for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
                if (strcmp(argv[0], objects[i].name) != 0)
                        continue;
                r = sriov_ctx_new(&cli.ctx);
                if (r < 0) {
                        fprintf(stderr, "sriovctl: cannot create a library context: %s\n",
                                strerror(-r));
                        return EXIT_FAILED;
                }
                sriov_ctx_set_log_fn(cli.ctx, log_stderr, &cli);
                if (timeout_sec)
                        sriov_ctx_set_timeout(cli.ctx, timeout_sec * 1000);
                /* Warnings always; the rest of the log with -v. */
                sriov_ctx_set_log_priority(cli.ctx, cli.verbose == 0   ? LOG_WARNING
                                                    : cli.verbose == 1 ? LOG_INFO
                                                                       : LOG_DEBUG);
                r = objects[i].run ? objects[i].run(&cli, argc - 1, argv + 1)
                                   : run_command(&cli, objects[i].name, objects[i].table, argc - 1,
                                                 argv + 1);
                sriov_ctx_unref(cli.ctx);
                return r;
        }
        return usage_error("unknown object \"%s\" (" OBJECT_NAMES ")", argv[0]);
}
