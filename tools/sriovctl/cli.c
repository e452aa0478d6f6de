/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every command of sriovctl shares: how it fails (one line on stderr, exit 1) and how it
 * refuses its words (a usage line, exit 2). It calls no command: command files call it.
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
