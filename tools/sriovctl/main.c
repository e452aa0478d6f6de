/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl: option parsing and dispatch to the per-object command tables. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "sriovctl.h"


/*
 * The library's log on stderr: "sriovctl: warning: ..." always, "sriovctl: error: ..." and
 * "sriovctl: ..." (info) with -v, "sriovctl: debug: ..." with -vv. The prefix people grep for
 * stays at every level; the library's function, which only a developer reads, comes after it
 * from -vv on ("sriovctl: warning: sriov_lease_release: ...").
 */
static void log_stderr(void *data, int priority, const char *file, int line, const char *fn,
                       const char *format, va_list args)
{
        const struct cli *cli = data;
        const char *level = priority <= LOG_ERR       ? "error: "
                            : priority == LOG_WARNING ? "warning: "
                            : priority >= LOG_DEBUG   ? "debug: "
                                                      : "";

        (void)file, (void)line;
        /* A failure is printed once, by cli_fail(); a warning (a lease broken with -f) always. */
        if (priority <= LOG_ERR && cli->verbose == 0)
                return;
        fprintf(stderr, "sriovctl: %s", level);
        if (cli->verbose >= 2 && fn)
                fprintf(stderr, "%s: ", fn);
        vfprintf(stderr, format, args);
        fputc('\n', stderr);
}

int main(int argc, char **argv)
{
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },    { "pretty", no_argument, NULL, 'p' },
                { "verbose", no_argument, NULL, 'v' }, { "dry-run", no_argument, NULL, 'n' },
                { "force", no_argument, NULL, 'f' },   { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' }, { "timeout", required_argument, NULL, 't' },
                { "stats", no_argument, NULL, 's' },
                {},
        };
        const struct object *obj;
        struct cli cli = { 0 };
        unsigned int timeout_sec = 0;
        bool ambiguous;
        int c, r;

        /* "+": options come before OBJECT, as with ip(8). Our own message for bad options, so
         * every usage error starts with "sriovctl:" and not with the program's path. */
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+:jpvnfshVt:", options, NULL)) >= 0) {
                switch (c) {
                case 'j': cli.json = true; break;
                case 'p': cli.pretty = true; break;
                case 'v': cli.verbose++; break;
                case 'n': cli.dry_run = true; break;
                case 'f': cli.force = true; break;
                case 's': cli.stats = true; break;
                case 'h': print_help(stdout); return EXIT_OK;
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
                return usage_error("an object (%s) is missing", object_names());

        obj = find_object(argv[0], &ambiguous);
        if (!obj)
                return ambiguous ? EXIT_USAGE
                                 : usage_error("unknown object \"%s\" (%s)", argv[0],
                                               object_names());
        r = sriov_ctx_new(&cli.ctx);
        if (r < 0) {
                fprintf(stderr, "sriovctl: cannot create a library context: %s\n", strerror(-r));
                return EXIT_FAILED;
        }
        sriov_ctx_set_log_fn(cli.ctx, log_stderr, &cli);
        cli.timeout_sec = timeout_sec;
        if (timeout_sec)
                sriov_ctx_set_timeout(cli.ctx, timeout_sec * 1000);
        /* Warnings always; the rest of the log with -v. */
        sriov_ctx_set_log_priority(cli.ctx, cli.verbose == 0   ? LOG_WARNING
                                            : cli.verbose == 1 ? LOG_INFO
                                                               : LOG_DEBUG);
        r = run_object(&cli, obj, argc - 1, argv + 1);
        sriov_ctx_unref(cli.ctx);
        return r;
}
