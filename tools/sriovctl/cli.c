/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every command of sriovctl shares: how it fails (one line on stderr, exit 1), how it
 * refuses its words (a usage line, exit 2), and how an object's command table is run. Apart
 * from main.c, so that command files and main never call each other.
 */
#include <stdarg.h>
#include <string.h>

#include "sriovctl.h"

int usage_error(const char *format, ...)
{
        va_list args;

        fputs("sriovctl: ", stderr);
        va_start(args, format);
        vfprintf(stderr, format, args);
        va_end(args);
        fputs("\nTry 'sriovctl --help'.\n", stderr);
        return EXIT_USAGE;
}

int cli_fail(struct cli *cli)
{
        fprintf(stderr, "sriovctl: %s\n", sriov_ctx_get_error(cli->ctx));
        return EXIT_FAILED;
}

int run_command(struct cli *cli, const char *object, const struct command *table, int argc,
                char **argv)
{
        if (argc < 1) {
                fprintf(stderr, "sriovctl: %s: a command is missing\nUsage:\n", object);
                for (const struct command *c = table; c->name; c++)
                        fprintf(stderr, "  sriovctl %s %s\n", object, c->usage);
                return EXIT_USAGE;
        }
        for (const struct command *c = table; c->name; c++)
                if (strcmp(argv[0], c->name) == 0)
                        return c->run(cli, argc - 1, argv + 1);
        fprintf(stderr, "sriovctl: %s: unknown command \"%s\"\nUsage:\n", object, argv[0]);
        for (const struct command *c = table; c->name; c++)
                fprintf(stderr, "  sriovctl %s %s\n", object, c->usage);
        return EXIT_USAGE;
}
