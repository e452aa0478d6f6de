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

static char *read_stdin(size_t *len)
{
        size_t cap = 8192, used = 0;
        char *buf = malloc(cap);

        while (buf) {
                ssize_t n;

                if (used + 1 >= cap) {
                        char *bigger = cap < STDIN_MAX ? realloc(buf, cap * 2) : NULL;

                        if (!bigger) {
                                free(buf);
                                return NULL;
                        }
                        buf = bigger;
                        cap *= 2;
                }
                n = read(STDIN_FILENO, buf + used, cap - used - 1);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        free(buf);
                        return NULL;
                }
                if (n == 0)
                        break;
                used += (size_t)n;
        }
        if (buf)
                buf[used] = '\0';
        *len = used;
        return buf;
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
        if (attach && strlen(env->ifname) > 15)
                return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME \"%s\": longer than 15 characters",
                                env->ifname);
        if ((strcmp(env->command, "ADD") == 0 || strcmp(env->command, "CHECK") == 0) && !env->netns)
                return cni_fail(e, CNI_ERR_ENV, "CNI_NETNS is not set");
        if ((attach || strcmp(env->command, "GC") == 0) && c->ipam_type[0] && !env->path)
                return cni_fail(e, CNI_ERR_ENV, "CNI_PATH is not set, and ipam %s is to be run",
                                c->ipam_type);
        return 0;
}

static int run(struct sriov_ctx *ctx, const struct cni_conf *c, const struct cni_env *env,
               char **answer, struct cni_error *e)
{
        struct cni_result res = { 0 };
        const char *cmd = env->command;
        int r;

        if (check_env(env, c, e) < 0)
                return -1;
        if (strcmp(cmd, "ADD") == 0) {
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
        struct cni_error e = { 0 };
        struct cni_conf c = { .cni_version = "" };
        struct sriov_ctx *ctx = NULL;
        char *in, *answer = NULL;
        size_t len = 0;
        int r = -1;

        in = read_stdin(&len);
        if (!env.command) {
                cni_fail(&e, CNI_ERR_ENV, "CNI_COMMAND is not set");
        } else if (!in) {
                cni_fail(&e, CNI_ERR_IO, "stdin: %s", strerror(errno ? errno : ENOMEM));
        } else if (cni_conf_parse(in, len, &c, &e) == 0) {
                if (strcmp(env.command, "VERSION") == 0) {
                        answer = cni_version_format(c.cni_version);
                        r = 0;
                } else if (sriov_ctx_new(&ctx) < 0) {
                        cni_fail(&e, CNI_ERR_LIBSRIOV, "libsriov: no context");
                } else {
                        r = run(ctx, &c, &env, &answer, &e);
                }
                if (r < 0)
                        answer = cni_error_format(c.cni_version, &e);
        } else if (strcmp(env.command, "VERSION") == 0 && e.code != CNI_ERR_DECODE) {
                /* VERSION's input is {"cniVersion": ...} alone. */
                answer = cni_version_format(reply_version(&c));
                r = 0;
        } else {
                answer = cni_error_format(reply_version(&c), &e);
        }
        cni_conf_free(&c);
        if (r < 0 && !answer)
                answer = cni_error_format("1.1.0", &e);
        if (answer) {
                fputs(answer, stdout);
                fputc('\n', stdout);
        }
        free(answer);
        free(in);
        sriov_ctx_unref(ctx);
        return r < 0 ? 1 : 0;
}
