/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The objects and their command tables, how a command is found and run, and `--help`, made
 * from the tables so that it names every command. main.c calls this file, this file calls the
 * command files, and they call only cli.c: no file calls back.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sriovctl.h"

const struct object sriovctl_objects[] = {
        { "pf", pf_commands, NULL, NULL, NULL },
        { "vf", vf_commands, NULL, NULL, NULL },
        { "vfio", vfio_commands, NULL, NULL, NULL },
        { "lease", lease_commands, NULL, NULL, NULL },
        { "rate", rate_commands, NULL, NULL, NULL },
        { "check", NULL, check_run, "",
          "host preflight: IOMMU, interrupt remapping, vfio, PFs, IOMMU groups; exit 1 when "
          "a problem is found" },
        { "dump", NULL, dump_run, "", "the host's SR-IOV state as a document for apply" },
        { "apply", NULL, apply_run, APPLY_ARGS,
          "make the host what the document says: plan, apply in order, verify; put back what "
          "it changed on failure, deadline or SIGTERM" },
        {},
};

const struct object *find_object(const char *name)
{
        for (const struct object *o = sriovctl_objects; o->name; o++)
                if (strcmp(o->name, name) == 0)
                        return o;
        return NULL;
}

#define HELP_WIDTH 79
#define HELP_COLUMN 26

/* The length of the unit @s starts with: a bracketed group with what it nests, or a word. */
static size_t unit_len(const char *s, bool groups)
{
        size_t n = 0;
        int depth = 0;

        if (!groups || *s != '[')
                return strcspn(s, " ");
        do {
                depth += s[n] == '[' ? 1 : s[n] == ']' ? -1 : 0;
                n++;
        } while (s[n] && depth > 0);
        return n;
}

/* @text from column @col, broken before a unit that would pass HELP_WIDTH and continued at
 * @indent. Returns the column it ends at. */
static size_t print_units(FILE *out, const char *text, size_t col, size_t indent, bool groups)
{
        bool first = true;

        while (*text) {
                size_t len = unit_len(text, groups);

                if (!first && col + 1 + len > HELP_WIDTH) {
                        fprintf(out, "\n%*s", (int)indent, "");
                        col = indent;
                } else if (!first) {
                        fputc(' ', out);
                        col++;
                }
                fwrite(text, 1, len, out);
                col += len;
                text += len;
                text += strspn(text, " ");
                first = false;
        }
        return col;
}

/*
 * @prefix then the command's @words, their bracketed groups kept whole and continued under
 * the first word after the command's own; then @help, at HELP_COLUMN on the same line when
 * there is room, else on its own line.
 */
static void print_wrapped(FILE *out, const char *prefix, const char *words, const char *help)
{
        size_t col = strlen(prefix);

        fputs(prefix, out);
        col = print_units(out, words, col, col + strcspn(words, " ") + 1, true);
        if (help) {
                if (col + 2 <= HELP_COLUMN)
                        fprintf(out, "%*s", (int)(HELP_COLUMN - col), "");
                else
                        fprintf(out, "\n%*s", HELP_COLUMN, "");
                print_units(out, help, HELP_COLUMN, HELP_COLUMN, false);
        }
        fputc('\n', out);
}

static void print_object(FILE *out, const struct object *o, const char *lead, bool help)
{
        char prefix[64];

        if (!o->table) {
                snprintf(prefix, sizeof(prefix), "%s%s%s", lead, o->name, o->usage[0] ? " " : "");
                print_wrapped(out, prefix, o->usage, help ? o->help : NULL);
                return;
        }
        snprintf(prefix, sizeof(prefix), "%s%s ", lead, o->name);
        for (const struct command *c = o->table; c->name; c++) {
                print_wrapped(out, prefix, c->usage, help ? c->help : NULL);
        }
}

void print_help(FILE *out)
{
        fputs("Usage: sriovctl [OPTIONS] OBJECT COMMAND [ARGS]\n\nObjects and commands:\n", out);
        for (const struct object *o = sriovctl_objects; o->name; o++)
                print_object(out, o, "  ", true);
        fputs("\n"
              "  PF := PCI address (0000:01:00.0 or 01:00.0), netdevsim device (netdevsim10)\n"
              "        or netdev name (eth0)\n"
              "  VF := VF PCI address (0000:01:10.0) or PF/INDEX (eth0/3, netdevsim10/3)\n"
              "  SETTING := a vf set keyword and its value (mac MAC, vlan ID, ...)\n"
              "\n"
              "Options:\n"
              "  -j, --json      print JSON\n"
              "  -p, --pretty    indent JSON\n"
              "  -v, --verbose   log what the library does (twice for debug)\n"
              "  -n, --dry-run   say what would change, change nothing\n"
              "  -f, --force     go ahead although a VF is in use or leased (with a warning)\n"
              "  -t, --timeout S wait at most S seconds for the host lock and for VFs to be\n"
              "                  ready (default 30)\n"
              "  -h, --help      this text\n"
              "  -V, --version   the version\n",
              out);
}

/* A command missing or unknown: say so, and list the object's commands. */
static int object_usage(const struct object *o, const char *what)
{
        fprintf(stderr, "sriovctl: %s: %s\nUsage:\n", o->name, what);
        print_object(stderr, o, "  sriovctl ", false);
        return EXIT_USAGE;
}

int run_object(struct cli *cli, const struct object *o, int argc, char **argv)
{
        char what[128];

        if (!o->table)
                return o->run(cli, argc, argv);
        if (argc < 1)
                return object_usage(o, "a command is missing");
        for (const struct command *c = o->table; c->name; c++)
                if (strcmp(argv[0], c->name) == 0)
                        return c->run(cli, argc - 1, argv + 1);
        snprintf(what, sizeof(what), "unknown command \"%.64s\"", argv[0]);
        return object_usage(o, what);
}
