/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriovctl's shared pieces: global options, the command table type, output helpers. */
#ifndef SRIOVCTL_H
#define SRIOVCTL_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include "libsriov.h"
#include "mac.h"
#include "vf-fields.h"

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
        bool stats; /* -s: traffic counters in vf list and vf show */
        unsigned int dropped; /* VFs a listing could not read (each said on stderr) */
        unsigned int timeout_sec; /* --timeout, 0 when not given */
};

/* One command of an object: its word, what runs it, its arguments as `--help` shows them
 * (after "OBJECT "), and what it does, in one line. */
struct command {
        const char *name;
        int (*run)(struct cli *cli, int argc, char **argv);
        const char *usage;
        const char *help;
};

/* An object: a table of commands, or (check, apply, dump) one command that takes the words
 * after the object itself, with @usage and @help of its own. */
struct object {
        const char *name;
        const struct command *table;
        int (*run)(struct cli *cli, int argc, char **argv);
        const char *usage;
        const char *help;
};

/* commands.c: every object, in the order `--help` lists them; NULL-named at the end. */
extern const struct object sriovctl_objects[];
/* The object @name names, spelled out or a unique prefix; NULL when none, or when ambiguous
 * (then said on stderr, and *@ambiguous true). */
const struct object *find_object(const char *name, bool *ambiguous);
/* "pf, vf, ...": every object's name, for usage errors. */
const char *object_names(void);
/* Run @obj with the words after its name; a missing or unknown command is a usage error
 * that lists the object's commands. */
int run_object(struct cli *cli, const struct object *obj, int argc, char **argv);
/* `sriovctl --help`, made from the tables: every object and command, then the options. */
void print_help(FILE *out);

/* "sriovctl: <library's message>" on stderr; returns EXIT_FAILED. */
int cli_fail(struct cli *cli);
/* "sriovctl: <message>" and a usage hint on stderr; returns EXIT_USAGE. */
int usage_error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* match.c: a word that may be a unique prefix of the one meant. match_start(), then
 * match_offer() for every word possible at that place (an entry may be offered under more than
 * one name), then match_end(): the entry @word spells out, else the one it is a prefix of; NULL
 * when none, or when it is a prefix of several: then @ambiguous is set, and it was said on
 * stderr as a usage error listing them ("@context: "s" is ambiguous: show, set"). An empty
 * word matches nothing. */
#define MATCH_MAX 32
struct match {
        const char *word;
        const void *exact;
        const void *entries[MATCH_MAX];
        const char *names[MATCH_MAX];
        size_t n;
        bool ambiguous;
};
void match_start(struct match *m, const char *word);
void match_offer(struct match *m, const char *name, const void *entry);
const void *match_end(struct match *m, const char *context);

/* parse.c: the words of the command line. */
/* A decimal number up to @max, no sign, no spaces. Returns 0 or -EINVAL. */
int parse_uint_arg(const char *s, unsigned int max, unsigned int *ret);
/* "on" -> 1, "off" -> 0, anything else -> -1. */
int parse_on_off(const char *s);
/* USER, USER:GROUP, :GROUP or USER: (the user's login group), names or numbers, as chown(1);
 * (uid_t)-1 or (gid_t)-1 for the one not given. Returns 0, or EXIT_USAGE after saying why. */
int parse_owner(const char *what, const char *s, uid_t *uid, gid_t *gid);

/* Objects: each file provides its table. */
extern const struct command pf_commands[];
extern const struct command lease_commands[];
/* lease.c: vf acquire and vf release, in vf_commands. */
int vf_acquire(struct cli *cli, int argc, char **argv);
int vf_release(struct cli *cli, int argc, char **argv);
/* vf-settings.c: the vf set keywords (mac, vlan, ...) into @c; 0, or EXIT_USAGE after saying
 * why. */
int parse_vf_settings(int argc, char **argv, struct sriov_vf_config *c);
/* Offer the vf set keywords to @m (vf acquire's own words come first); whether an entry
 * match_end() returned is one of them. */
void vf_settings_offer(struct match *m);
bool vf_settings_has(const void *entry);
extern const struct command vf_commands[];
extern const struct command vfio_commands[];
/* check.c: `sriovctl check` has no command words of its own. */
int check_run(struct cli *cli, int argc, char **argv);
/* apply.c: `sriovctl apply FILE|-` and `sriovctl dump`, which take their words themselves. */
#define APPLY_ARGS "[--dry-run] [--force] [--deadline S] [--pf PF]... FILE|-"
int apply_run(struct cli *cli, int argc, char **argv);
int dump_run(struct cli *cli, int argc, char **argv);
/* monitor.c: `sriovctl monitor`, a line per event (libsriov.h "Events"). */
int monitor_run(struct cli *cli, int argc, char **argv);
/* json-event.c: one event as a JSON object (a line of monitor -j). */
struct json_object *json_event(const struct sriov_event *e);
/* An event's time as both forms print it: RFC 3339 in UTC with microseconds (json-event.c). */
void event_time_text(int64_t usec, char buf[48]);
/* A string, or JSON null for NULL (json.c). */
struct json_object *json_string_or_null(const char *s);

/* metrics.c: `sriovctl metrics [PF...]`, Prometheus' text exposition format. */
int metrics_run(struct cli *cli, int argc, char **argv);
/* The same on @out, for the tests of what it prints against a fake kernel. */
int metrics_print(struct cli *cli, int argc, char **argv, FILE *out);

/* json.c: the JSON schema of sriovctl(8), from library objects. */
struct json_object *json_pf(struct sriov_pf *pf);
struct json_object *json_vf(struct sriov_vf *vf);
struct json_object *json_check_report(const struct sriov_check_report *r);
/* Print @obj (consumed) on stdout, pretty with -p. */
void json_print(struct cli *cli, struct json_object *obj);
/* The words of VF settings, shared by JSON, text and `vf set`; NULL for a value with none. */
static inline const char *vf_vlan_proto_name(uint16_t proto)
{
        return proto == SRIOV_VLAN_PROTO_8021Q    ? "802.1Q"
               : proto == SRIOV_VLAN_PROTO_8021AD ? "802.1ad"
                                                  : NULL;
}

static inline const char *vf_link_state_name(enum sriov_link_state s)
{
        return s == SRIOV_LINK_STATE_AUTO      ? "auto"
               : s == SRIOV_LINK_STATE_ENABLE  ? "enable"
               : s == SRIOV_LINK_STATE_DISABLE ? "disable"
                                               : NULL;
}

/* VF settings: the key of a SRIOV_VF_CONFIG_* field, and its value (NULL when not in mask). */
const char *json_vf_key(uint32_t field);
struct json_object *json_vf_field(uint32_t field, const struct sriov_vf_config *c);
struct json_object *json_vf_stats(const struct sriov_vf_stats *st);
/* What the commands print with -j, each as sriovctl(8) documents it. */
struct json_object *json_pf_list(struct sriov_pf_list *list);
struct json_object *json_pf_show(struct sriov_pf *pf, struct sriov_vf **vfs, size_t n);
struct json_object *json_vf_list(struct sriov_vf **vfs, size_t n);
/* json_print() of json_vf_list(), one VF object at a time: a listing of thousands of VFs
 * never holds all their objects at once. */
void json_print_vf_list(struct cli *cli, struct sriov_vf **vfs, size_t n);
/* vf list -s: json_vf_list() with a "stats" key each, null where @st[i] is NULL. */
struct json_object *json_vf_list_stats(struct sriov_vf **vfs, const struct sriov_vf_stats *const *st,
                                       size_t n);
/* With @stats, a "stats" key: the counters, or null when @st is NULL (none reported). */
struct json_object *json_vf_show(struct sriov_vf *vf, bool stats, const struct sriov_vf_stats *st);
/* pf set: @autoprobe -1 when the kernel has no such file. */
struct json_object *json_pf_set(struct sriov_pf *pf, bool changed, bool dry_run,
                                unsigned int num_vfs, unsigned int old_num_vfs, int autoprobe,
                                const char *eswitch_mode, const char *old_eswitch_mode);
/* rate show: the list, then one node (@vf NULL, @name its name) or leaf (@name the VF index,
 * @port its devlink port) after another, as text_rates_add. */
struct json_object *json_rates_new(void);
void json_rates_add(struct json_object *list, struct sriov_pf *pf, const char *name,
                    struct sriov_vf *vf, const char *port, const struct sriov_rate *rate);
/* rate add, set, del: the object as named on the command line. */
struct json_object *json_rate_change(const char *name, bool changed, bool dry_run);
struct json_object *json_vf_set(struct sriov_vf *vf, const struct sriov_vf_config *change,
                                bool dry_run);
/* One VF of `vf bind` and `vf unbind`. */
struct json_binding {
        unsigned int index;
        const char *pci, *driver, *old_driver;
};
struct json_object *json_bindings(const struct json_binding *b, size_t n, bool changed,
                                  bool dry_run);
/* vfio chown: @nodes has up to 2 paths (NULL after the last). */
struct json_object *json_vfio_owner(const char *vf, const char *const nodes[2], uid_t uid,
                                    gid_t gid, bool dry_run);
struct json_object *json_lease(struct sriov_lease *l);
struct json_object *json_lease_list(struct sriov_lease *const *leases);
struct json_object *json_lease_gc(unsigned int recovered, unsigned int lost);
/* table.c: columns aligned like `ip -br link`. */
struct table;
struct table *table_new(const char *const *headers);
void table_add(struct table *t, const char *const *cells);
void table_print(struct table *t, FILE *out, const char *indent);
void table_free(struct table *t);

/* text.c: readable text output. */
void text_pf_list(struct sriov_pf_list *list);
void text_pf_show(struct sriov_pf *pf, struct sriov_vf **vfs, size_t n);
void text_vf_table(struct sriov_vf **vfs, size_t n, FILE *out, const char *indent);
void text_vf_show(struct sriov_vf *vf);
/* PASS|WARN|FAIL  message — remedy, one line per finding, and a count. */
void text_check_report(const struct sriov_check_report *r);
/* A VF setting as a person reads it ("on", "802.1ad"), or "-" when not in @c's mask. */
const char *text_vf_field(uint32_t field, const struct sriov_vf_config *c, char *buf,
                          size_t size);
void text_vf_stats(const struct sriov_vf_stats *st);
/* rate show: a table of rate objects, filled a row at a time. */
struct text_rates;
struct text_rates *text_rates_new(void);
void text_rates_add(struct text_rates *t, struct sriov_pf *pf, const char *name,
                    struct sriov_vf *vf, const char *port, const struct sriov_rate *rate);
void text_rates_print(struct text_rates *t);
void text_rates_free(struct text_rates *t);

/* devlink-view.c: what json.c and text.c show of devlink, asked in one place. */
/* @vf's devlink port, with its name "pci/0000:01:00.0/129" in @name: false without one
 * (legacy mode, no devlink; the library's log says why with -v). */
bool cli_vf_port(struct sriov_vf *vf, struct sriov_vf_port *port, char *name, size_t size);
/* @pf's eswitch: false when its driver has none, or it cannot be read (said with -v). */
bool cli_pf_eswitch(struct sriov_pf *pf, struct sriov_eswitch *e);
/* devlink(8)'s word for @field of @e ("switchdev"), NULL for one not known. */
const char *cli_eswitch_word(const struct sriov_eswitch *e, uint32_t field);
/* switchdev.c: the rate object, and vf function. */
extern const struct command rate_commands[];
int vf_function(struct cli *cli, int argc, char **argv);

/* vf-collect.c: every VF of @pf that still exists. Returns count; frees with vfs_free(). A VF
 * that exists but cannot be read is said on stderr and counted in cli->dropped, for the
 * command to fail after printing the rest. */
size_t pf_collect_vfs(struct cli *cli, struct sriov_pf *pf, struct sriov_vf ***ret);
/* The VF @name names (sriov_vf_new_from_name()): 0; else EXIT_USAGE for a name of no VF's
 * form, EXIT_FAILED for one that names no VF, after saying why. */
int cli_vf_lookup(struct cli *cli, const char *name, struct sriov_vf **ret);

/* vf-bind.c: vf bind VF DRIVER|default, vf unbind VF (VF may be PF/all). */
int vf_bind(struct cli *cli, int argc, char **argv);
int vf_unbind(struct cli *cli, int argc, char **argv);
void vfs_free(struct sriov_vf **vfs, size_t n);

#endif
