/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni: the CNI plugin's entry. The runtime's environment and stdin in, one JSON
 * answer on stdout (a result, or an error with the spec's code), the exit status; nothing
 * else is ever written to stdout (libsriov logs to stderr).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cni.h"

#define STDIN_MAX (1024u * 1024u)

/* Whether stdin has another byte: past STDIN_MAX, only its end is welcome. */
static bool more_to_read(void)
{
        char extra;
        ssize_t n;

        while ((n = read(STDIN_FILENO, &extra, 1)) < 0 && errno == EINTR)
                ;
        return n != 0;
}

/* All of stdin (at most STDIN_MAX bytes), NUL-terminated; NULL with @e set when it cannot
 * be had. */
static char *read_stdin(size_t *len, struct cni_error *e)
{
        size_t cap = 8192, used = 0;
        char *buf = malloc(cap);

        if (!buf)
                goto oom;
        for (;;) {
                ssize_t n;

                if (used == STDIN_MAX) {
                        if (!more_to_read())
                                break;
                        free(buf);
                        cni_fail(e, CNI_ERR_IO, "stdin: more than %u MiB",
                                 STDIN_MAX / (1024u * 1024u));
                        return NULL;
                }
                if (used + 1 >= cap) {
                        /* Room for STDIN_MAX bytes and the NUL, no more. */
                        size_t next = cap * 2 > STDIN_MAX + 1 ? STDIN_MAX + 1 : cap * 2;
                        char *bigger = realloc(buf, next);

                        if (!bigger) {
                                free(buf);
                                goto oom;
                        }
                        buf = bigger;
                        cap = next;
                }
                n = read(STDIN_FILENO, buf + used, cap - used - 1);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        cni_fail(e, CNI_ERR_IO, "stdin: %s", strerror(errno));
                        free(buf);
                        return NULL;
                }
                if (n == 0)
                        break;
                used += (size_t)n;
        }
        buf[used] = '\0';
        *len = used;
        return buf;
oom:
        cni_fail(e, CNI_ERR_IO, "stdin: out of memory");
        return NULL;
}

static const char *env_or_null(const char *name)
{
        const char *v = getenv(name);

        return v && v[0] ? v : NULL;
}

/* What each command needs of the environment, as the spec lists it. */
static int check_env(const struct cni_env *env, const struct cni_conf *c, struct cni_error *e)
{
        bool attach = strcmp(env->command, "ADD") == 0 || strcmp(env->command, "DEL") == 0 ||
                      strcmp(env->command, "CHECK") == 0;

        if (attach && !env->container_id)
                return cni_fail(e, CNI_ERR_ENV, "CNI_CONTAINERID is not set");
        if (attach && !env->ifname)
                return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME is not set");
        if ((strcmp(env->command, "ADD") == 0 || strcmp(env->command, "CHECK") == 0) && !env->netns)
                return cni_fail(e, CNI_ERR_ENV, "CNI_NETNS is not set");
        if ((attach || strcmp(env->command, "GC") == 0) && c->ipam_type[0] && !env->path)
                return cni_fail(e, CNI_ERR_ENV, "CNI_PATH is not set, and ipam %s is to be run",
                                c->ipam_type);
        return 0;
}

static int run(struct sriov_ctx *ctx, struct cni_conf *c, const struct cni_env *env,
               char **answer, struct cni_error *e)
{
        struct cni_result res = { 0 };
        const char *cmd = env->command;
        int r;

        if (cni_env_validate(env, e) < 0 || check_env(env, c, e) < 0)
                return -1;
        if (strcmp(cmd, "ADD") == 0) {
                if (cni_conf_apply_args(c, env->args, e) < 0)
                        return -1;
                r = cni_add(ctx, c, env, &res, e);
                if (r == 0)
                        *answer = cni_result_format(c->cni_version, &res);
                cni_result_free(&res);
                return r;
        }
        if (strcmp(cmd, "DEL") == 0)
                return cni_del(ctx, c, env, e);
        if (strcmp(cmd, "CHECK") == 0) {
                if (!cni_version_at_least(c->cni_version, "0.4.0"))
                        return cni_fail(e, CNI_ERR_VERSION, "CHECK: not in CNI %s (0.4.0 on)",
                                        c->cni_version);
                return cni_check(ctx, c, env, e);
        }
        if (strcmp(cmd, "GC") == 0 || strcmp(cmd, "STATUS") == 0) {
                if (!cni_version_at_least(c->cni_version, "1.1.0"))
                        return cni_fail(e, CNI_ERR_VERSION, "%s: not in CNI %s (1.1.0 on)", cmd,
                                        c->cni_version);
                return strcmp(cmd, "GC") == 0 ? cni_gc(ctx, c, env, e) : cni_status(ctx, c, e);
        }
        return cni_fail(e, CNI_ERR_ENV, "CNI_COMMAND \"%s\": not ADD, DEL, CHECK, GC, STATUS or "
                        "VERSION", cmd);
}

/* Answer in the version asked for, when it is one we speak. */
static const char *reply_version(const struct cni_conf *c)
{
        return cni_version_supported(c->cni_version) ? c->cni_version : "1.1.0";
}

/* Every error answer has a code and a message: a path that forgot one still says what failed. */
static void name_the_error(struct cni_error *e, const char *command)
{
        if (!e->code)
                e->code = CNI_ERR_LIBSRIOV;
        if (!e->msg[0])
                snprintf(e->msg, sizeof(e->msg), "%s failed (code %d) and no step said why",
                         command ? command : "libsriov-cni", e->code);
}

int main(void)
{
        struct cni_env env = {
                .command = env_or_null("CNI_COMMAND"),
                .container_id = env_or_null("CNI_CONTAINERID"),
                .netns = env_or_null("CNI_NETNS"),
                .ifname = env_or_null("CNI_IFNAME"),
                .path = env_or_null("CNI_PATH"),
                .args = env_or_null("CNI_ARGS"),
        };
        const char *parent = getenv(CNI_PARENT_MARKER);
        struct cni_error e = { 0 }, stdin_err = { 0 };
        struct cni_conf c = { .cni_version = "" };
        struct sriov_ctx *ctx = NULL;
        char *in, *answer = NULL;
        size_t len = 0;
        int r = -1;

        in = read_stdin(&len, &stdin_err);
        if (!env.command) {
                cni_fail(&e, CNI_ERR_ENV, "CNI_COMMAND is not set");
        } else if (!in) {
                e = stdin_err;
        } else if ((strcmp(env.command, "DEL") == 0 ? cni_conf_parse_del
                                                    : cni_conf_parse)(in, len, &c, &e) == 0) {
                if (parent) {
                        /* Our own IPAM run, or something it started, ran us: the config's
                         * ipam.type leads back here, and each round would start another. */
                        cni_fail(&e, CNI_ERR_CONFIG, "config: ipam.type \"%s\" of network %s "
                                 "leads back to libsriov-cni (run under the IPAM plugin of "
                                 "libsriov-cni process %.16s); IPAM is another plugin",
                                 c.ipam_type, c.name, parent);
                } else if (strcmp(env.command, "VERSION") == 0) {
                        answer = cni_version_format(c.cni_version);
                        r = 0;
                } else if (sriov_ctx_new(&ctx) < 0) {
                        cni_fail(&e, CNI_ERR_LIBSRIOV, "libsriov: no context");
                } else {
                        r = run(ctx, &c, &env, &answer, &e);
                }
        } else if (strcmp(env.command, "VERSION") == 0 && e.code != CNI_ERR_DECODE && !parent) {
                /* VERSION's input is {"cniVersion": ...} alone. */
                answer = cni_version_format(reply_version(&c));
                r = 0;
        }
        if (r < 0) {
                name_the_error(&e, env.command);
                free(answer);
                answer = cni_error_format(reply_version(&c), &e);
        }
        cni_conf_free(&c);
        if (answer) {
                fputs(answer, stdout);
                fputc('\n', stdout);
        }
        free(answer);
        free(in);
        sriov_ctx_unref(ctx);
        return r < 0 ? 1 : 0;
}
