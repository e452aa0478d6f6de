/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl's shared pieces: global options, the command table type, output helpers. */
#ifndef SRIOVCTL_H
#define SRIOVCTL_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "libsriov.h"

/* Exit status, as sriovctl(8) documents. */
enum {
        EXIT_OK = 0,
        EXIT_FAILED = 1,
        EXIT_USAGE = 2,
};

struct cli {
        struct sriov_ctx *ctx;
        bool json;
        bool pretty;
        bool dry_run;
        bool force;
        int verbose;
};

struct command {
        const char *name;
        int (*run)(struct cli *cli, int argc, char **argv);
        const char *usage;
};

/* Find @argv[0] in @table and run it; prints the table's usage on a miss. */
int run_command(struct cli *cli, const char *object, const struct command *table, int argc,
                char **argv);

/* "sriovctl: <library's message>" on stderr; returns EXIT_FAILED. */
int cli_fail(struct cli *cli);
/* "sriovctl: <message>" and a usage hint on stderr; returns EXIT_USAGE. */
int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Objects: each file provides its table. */
extern const struct command pf_commands[];
extern const struct command vf_commands[];

/* json.c: the JSON schema of sriovctl(8), from library objects. */
struct json_object *json_pf(struct sriov_pf *pf);
struct json_object *json_vf(struct sriov_vf *vf);
/* Print @obj (consumed) on stdout, pretty with -p. */
void json_print(struct cli *cli, struct json_object *obj);

/* table.c: columns aligned like `ip -br link`. */
struct table;
struct table *table_new(const char *const *headers);
void table_add(struct table *t, const char *const *cells);
void table_print(struct table *t, FILE *out, const char *indent);
void table_free(struct table *t);

/* text.c: readable text output. */
void text_pf_list(struct sriov_pf_list *list);
void text_pf_show(struct sriov_pf *pf);
void text_vf_table(struct sriov_vf **vfs, size_t n, FILE *out, const char *indent);
void text_vf_show(struct sriov_vf *vf);

/* Collect every VF of @pf that still exists. Returns count; frees with vfs_free(). */
size_t pf_collect_vfs(struct cli *cli, struct sriov_pf *pf, struct sriov_vf ***ret);
void vfs_free(struct sriov_vf **vfs, size_t n);

#endif
