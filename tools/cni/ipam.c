/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IPAM plugin, run as the CNI spec says a plugin runs another: found by its type in the
 * CNI_PATH directories, the same environment with CNI_COMMAND set, the same network config on
 * stdin, its result or error on its stdout. It gets a deadline: a DHCP server that never
 * answers must not hang the runtime's ADD.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "clock.h"
#include "cni.h"

/* dhcp's own client waits up to about a minute for a lease. */
#define IPAM_DEADLINE_MS 90000u
#define IPAM_OUTPUT_MAX (256u * 1024u)

static int find_plugin(const char *type, const char *path_list, char *buf, size_t size)
{
        const char *p = path_list;

        while (p && *p) {
                const char *colon = strchr(p, ':');
                size_t len = colon ? (size_t)(colon - p) : strlen(p);

                if (len > 0 && len + strlen(type) + 2 < size) {
                        snprintf(buf, size, "%.*s/%s", (int)len, p, type);
                        if (access(buf, X_OK) == 0)
                                return 0;
                }
                p = colon ? colon + 1 : NULL;
        }
        return -ENOENT;
}

static void set_or_unset(const char *name, const char *value)
{
        if (value)
                setenv(name, value, 1);
        else
                unsetenv(name);
}

/* Whether @plugin is this very program (a link to it, or a hard link, under any name): a
 * copy is caught by the marker it inherits (CNI_PARENT_MARKER). */
static bool is_self(const char *plugin)
{
        struct stat self, other;

        return stat("/proc/self/exe", &self) == 0 && stat(plugin, &other) == 0 &&
               self.st_dev == other.st_dev && self.st_ino == other.st_ino;
}

/* The attachment's environment is @env's, not ours: GC runs IPAM's DEL for attachments
 * that are not the one (there is none) it was called for. The child leads a process group
 * of its own, so that what it starts dies with it at the deadline; it gets SIGPIPE back
 * (we ignore it, and exec() would pass that on). */
static void child(const char *plugin, const char *command, const struct cni_env *env, int in,
                  int out)
{
        char parent[32];

        if (setpgid(0, 0) < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0)
                _exit(127);
        signal(SIGPIPE, SIG_DFL);
        snprintf(parent, sizeof(parent), "%d", (int)getppid());
        setenv(CNI_PARENT_MARKER, parent, 1);
        setenv("CNI_COMMAND", command, 1);
        set_or_unset("CNI_CONTAINERID", env->container_id);
        set_or_unset("CNI_NETNS", env->netns);
        set_or_unset("CNI_IFNAME", env->ifname);
        set_or_unset("CNI_PATH", env->path);
        execl(plugin, plugin, (char *)NULL);
        _exit(127);
}

/* Feed stdin, read stdout, until the plugin closes it or the deadline passes. */
static int talk(pid_t pid, int to, int from, const char *in, size_t in_len, char **out,
                struct cni_error *e, const char *type)
{
        uint64_t deadline = sriov_now_msec() + IPAM_DEADLINE_MS;
        size_t used = 0, sent = 0, cap = 4096;
        char *buf = malloc(cap);

        if (!buf) {
                close(to);
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        }
        for (;;) {
                struct pollfd p[2] = { { .fd = from, .events = POLLIN },
                                       { .fd = to, .events = POLLOUT } };
                int n = poll(p, to >= 0 ? 2 : 1, (int)sriov_msec_left(deadline));

                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        kill(-pid, SIGKILL);
                        free(buf);
                        if (to >= 0)
                                close(to);
                        return cni_fail(e, CNI_ERR_IPAM, "ipam %s: no answer within %u s; killed",
                                        type, IPAM_DEADLINE_MS / 1000);
                }
                if (to >= 0 && p[1].revents) {
                        ssize_t w = write(to, in + sent, in_len - sent);

                        if (w > 0)
                                sent += (size_t)w;
                        if (w < 0 || sent == in_len) {
                                close(to);
                                to = -1;
                        }
                }
                if (p[0].revents) {
                        ssize_t r;

                        if (used + 1 >= cap) {
                                char *bigger = cap < IPAM_OUTPUT_MAX ? realloc(buf, cap * 2) : NULL;

                                if (!bigger) {
                                        kill(-pid, SIGKILL);
                                        free(buf);
                                        if (to >= 0)
                                                close(to);
                                        return cni_fail(e, CNI_ERR_IPAM,
                                                        "ipam %s: more than %u bytes of output",
                                                        type, IPAM_OUTPUT_MAX);
                                }
                                buf = bigger;
                                cap *= 2;
                        }
                        r = read(from, buf + used, cap - used - 1);
                        if (r <= 0)
                                break;
                        used += (size_t)r;
                }
        }
        if (to >= 0)
                close(to);
        buf[used] = '\0';
        *out = buf;
        return 0;
}

/* The plugin's error answer, in its words. */
static void say_plugin_error(const char *type, const char *command, int status, const char *out,
                             struct cni_error *e)
{
        struct json_object *o = json_tokener_parse(out), *msg = NULL, *details = NULL;

        if (o && json_object_object_get_ex(o, "msg", &msg)) {
                json_object_object_get_ex(o, "details", &details);
                cni_fail(e, CNI_ERR_IPAM, "ipam %s %s: %s%s%s", type, command,
                         json_object_get_string(msg), details ? ": " : "",
                         details ? json_object_get_string(details) : "");
        } else {
                cni_fail(e, CNI_ERR_IPAM, "ipam %s %s: exited %d: \"%.300s\"", type, command,
                         WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out);
        }
        json_object_put(o);
}

/* Run @plugin once with @command and @in on its stdin: 0 with its exit @status and stdout
 * in @out (malloc'd), -1 when it could not be run or talked to. */
static int run_plugin(const char *plugin, const char *type, const char *command,
                      const struct cni_env *env, const char *in, size_t in_len, char **out,
                      int *status, struct cni_error *e)
{
        int in_pipe[2], out_pipe[2], ret;
        pid_t pid;

        *out = NULL;
        if (pipe2(in_pipe, O_CLOEXEC) < 0)
                return cni_fail(e, CNI_ERR_IO, "ipam %s: pipe: %s", type, strerror(errno));
        if (pipe2(out_pipe, O_CLOEXEC) < 0) {
                close(in_pipe[0]);
                close(in_pipe[1]);
                return cni_fail(e, CNI_ERR_IO, "ipam %s: pipe: %s", type, strerror(errno));
        }
        /* A plugin that quits without reading its stdin must not kill us with SIGPIPE. */
        signal(SIGPIPE, SIG_IGN);
        pid = fork();
        if (pid == 0)
                child(plugin, command, env, in_pipe[0], out_pipe[1]);
        /* Here too, so the group exists before we may kill it (whichever runs first). */
        if (pid > 0)
                (void)setpgid(pid, pid);
        close(in_pipe[0]);
        close(out_pipe[1]);
        if (pid < 0) {
                close(in_pipe[1]);
                close(out_pipe[0]);
                return cni_fail(e, CNI_ERR_IO, "ipam %s: fork: %s", type, strerror(errno));
        }
        ret = talk(pid, in_pipe[1], out_pipe[0], in, in_len, out, e, type);
        /* Given up on: the plugin and whatever it started, not left to run on without us. */
        if (ret < 0)
                kill(-pid, SIGKILL);
        close(out_pipe[0]);
        while (waitpid(pid, status, 0) < 0 && errno == EINTR)
                ;
        return ret;
}

static bool failed(int status)
{
        return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

/* A plugin that refuses the config's version (code 1: Debian 12's host-local knows 1.0.0, a
 * runtime may speak 1.1.0) gets the same config in the highest version both speak, as its
 * VERSION says. 1 when @out and @status are now that run's, 0 when there is none. */
static int retry_in_older_version(const struct cni_conf *c, const struct cni_env *env,
                                  const char *plugin, const char *command, char **out,
                                  int *status, struct cni_error *e)
{
        char ask[64], *answer = NULL, *conf;
        const char *v;
        int st = 0, r;

        snprintf(ask, sizeof(ask), "{\"cniVersion\":\"%s\"}", c->cni_version);
        if (run_plugin(plugin, c->ipam_type, "VERSION", env, ask, strlen(ask), &answer, &st, e) < 0)
                return -1;
        v = failed(st) ? NULL : cni_version_common(answer, c->cni_version);
        free(answer);
        if (!v || strcmp(v, c->cni_version) == 0)
                return 0;
        conf = cni_conf_with_version(c->raw, v);
        if (!conf)
                return cni_fail(e, CNI_ERR_IO, "out of memory");
        free(*out);
        r = run_plugin(plugin, c->ipam_type, command, env, conf, strlen(conf), out, status, e);
        free(conf);
        return r < 0 ? -1 : 1;
}

int ipam_exec(const struct cni_conf *c, const struct cni_env *env, const char *command,
              struct cni_result *r, struct cni_error *e)
{
        char plugin[PATH_MAX], *out = NULL;
        int status = 0, ret;

        if (find_plugin(c->ipam_type, env->path, plugin, sizeof(plugin)) < 0)
                return cni_fail(e, CNI_ERR_IPAM, "ipam %s: no such plugin in CNI_PATH \"%s\"",
                                c->ipam_type, env->path ? env->path : "");
        if (is_self(plugin))
                return cni_fail(e, CNI_ERR_CONFIG, "config: ipam.type \"%s\": %s is libsriov-cni "
                                "itself; IPAM is another plugin", c->ipam_type, plugin);
        ret = run_plugin(plugin, c->ipam_type, command, env, c->raw, c->raw_len, &out, &status, e);
        if (ret == 0 && failed(status) && cni_answer_code(out) == CNI_ERR_VERSION &&
            retry_in_older_version(c, env, plugin, command, &out, &status, e) < 0)
                ret = -1;
        if (ret < 0) {
                free(out);
                return ret;
        }
        if (failed(status)) {
                say_plugin_error(c->ipam_type, command, status, out, e);
                ret = -1;
        } else if (r) {
                ret = cni_result_parse(out, r, e);
                if (ret < 0)
                        cni_detail(e, "from ipam %s", c->ipam_type);
        }
        free(out);
        return ret;
}
