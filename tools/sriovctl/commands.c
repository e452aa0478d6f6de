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

static int help_run(struct cli *cli, int argc, char **argv);

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
        { "metrics", NULL, metrics_run, "[-o FILE] [PF...]",
          "the host's PFs, VFs, counters and leases in Prometheus' text format (-o: replace "
          "FILE with it whole, for node_exporter)" },
        { "monitor", NULL, monitor_run, "[--count N] [--type TYPE[,TYPE...]] [PF...]",
          "a line per change of the host's PFs, VFs and leases as it happens (-j: JSON lines); "
          "until --count events, the global --timeout, or a signal" },
        { "apply", NULL, apply_run, APPLY_ARGS,
          "make the host what the document says: plan, apply in order, verify; put back what "
          "it changed on failure, deadline or SIGTERM" },
        { "help", NULL, help_run, "[OBJECT]", "this text, or the commands of one object" },
        {},
};

const struct object *find_object(const char *name, bool *ambiguous)
{
        struct match m;
        const struct object *o;

        match_start(&m, name);
        for (o = sriovctl_objects; o->name; o++)
                match_offer(&m, o->name, o);
        o = match_end(&m, NULL);
        *ambiguous = m.ambiguous;
        return o;
}

const char *object_names(void)
{
        static char names[128];
        size_t len = 0;

        for (const struct object *o = sriovctl_objects; o->name && len < sizeof(names); o++)
                len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
                                        o == sriovctl_objects ? "" : ", ", o->name);
        return names;
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

/* What the words in capitals of the commands' arguments are (@args), and how words may be
 * shortened. */
static void print_names(FILE *out, bool args)
{
        fputs("\n", out);
        if (args)
                fputs("  PF := PCI address (0000:01:00.0 or 01:00.0), netdevsim device "
                      "(netdevsim10)\n"
                      "        or netdev name (eth0)\n"
                      "  VF := VF PCI address (0000:01:10.0), PF/INDEX (eth0/3, "
                      "netdevsim10/3),\n"
                      "        the VF's netdev (eth0v3) or its representor (eni10npf0vf3)\n"
                      "  SETTING := a vf set keyword and its value (mac MAC, vlan ID, ...)\n",
                      out);
        fputs("  Objects, commands and keywords may be shortened while unique (vf sh).\n", out);
}

void print_help(FILE *out)
{
        fputs("Usage: sriovctl [OPTIONS] OBJECT COMMAND [ARGS]\n\nObjects and commands:\n", out);
        for (const struct object *o = sriovctl_objects; o->name; o++)
                print_object(out, o, "  ", true);
        print_names(out, true);
        fputs("\n"
              "Options:\n"
              "  -j, --json      print JSON\n"
              "  -p, --pretty    indent JSON\n"
              "  -v, --verbose   log what the library does (twice for debug)\n"
              "  -n, --dry-run   say what would change, change nothing\n"
              "  -f, --force     go ahead although a VF is in use or leased (with a warning)\n"
              "  -t, --timeout S wait at most S seconds for the host lock and for VFs to be\n"
              "                  ready (default 30)\n"
              "  -s, --stats     with traffic counters (vf list, vf show)\n"
              "  -h, --help      this text (after an object: its commands)\n"
              "  -V, --version   the version\n",
              out);
}

/* sriovctl OBJECT help, OBJECT --help, help OBJECT: the object's part of --help. */
static void print_object_help(FILE *out, const struct object *o)
{
        const char *args = o->table ? "COMMAND [ARGS]" : o->usage;

        fprintf(out, "Usage: sriovctl [OPTIONS] %s%s%s\n\n", o->name, args[0] ? " " : "", args);
        print_object(out, o, "  ", true);
        print_names(out, o->table != NULL);
        fputs("\nOptions: sriovctl --help; more in sriovctl(8).\n", out);
}

/* sriovctl help [OBJECT] */
static int help_run(struct cli *cli, int argc, char **argv)
{
        const struct object *o;
        bool ambiguous;

        (void)cli;
        if (argc == 0) {
                print_help(stdout);
                return EXIT_OK;
        }
        if (argc > 1)
                return usage_error("help: expected at most one object, got \"%s\" too", argv[1]);
        o = find_object(argv[0], &ambiguous);
        if (!o)
                return ambiguous ? EXIT_USAGE
                                 : usage_error("help: unknown object \"%s\" (%s)", argv[0],
                                               object_names());
        print_object_help(stdout, o);
        return EXIT_OK;
}

/* The words after an object that ask for its help: help, --help, -h. "help" is a word only
 * where it cannot be an argument: apply's would be a file. */
static bool asks_help(const struct object *o, const char *word)
{
        return strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0 ||
               (strcmp(word, "help") == 0 && (o->table || !o->usage[0]));
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
        const struct command *c;
        struct match m;
        char what[128];

        if (argc >= 1 && o->run != help_run && asks_help(o, argv[0])) {
                print_object_help(stdout, o);
                return EXIT_OK;
        }
        if (!o->table)
                return o->run(cli, argc, argv);
        if (argc < 1)
                return object_usage(o, "a command is missing");
        match_start(&m, argv[0]);
        for (c = o->table; c->name; c++)
                match_offer(&m, c->name, c);
        c = match_end(&m, o->name);
        if (c)
                return c->run(cli, argc - 1, argv + 1);
        if (m.ambiguous)
                return EXIT_USAGE;
        snprintf(what, sizeof(what), "unknown command \"%.64s\"", argv[0]);
        return object_usage(o, what);
}
