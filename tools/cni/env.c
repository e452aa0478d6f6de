/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime's CNI_* values, checked before anything is done with them, by the rules the
 * runtime's side keeps (the CNI library's for container IDs, the kernel's for interface
 * names): a bad one is refused here with code 4 and its name, not met later as a lease holder
 * libsriov refuses or a netdev name the kernel does. Pure: no environment is read here, so
 * the fuzzer calls it with anything.
 */
#include <stdio.h>
#include <string.h>

#include "cni.h"

/* CNI_ARGS is short in practice (IgnoreUnknown, K8S_POD_*): a bound, not a guess at a need. */
#define CNI_ARGS_MAX 16384u

static bool is_alnum(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool cni_name_is_valid(const char *s)
{
        if (!s || !is_alnum(s[0]))
                return false;
        for (const char *p = s + 1; *p; p++)
                if (!is_alnum(*p) && !strchr("_.-", *p))
                        return false;
        return true;
}

/* Printable ASCII but space: what a name, a path or an argument may be made of here. */
static bool all_graphic(const char *s)
{
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
                if (*p <= ' ' || *p >= 0x7f)
                        return false;
        return true;
}

/* The kernel's dev_valid_name(): what it refuses, refused before it is asked; and control
 * characters, which the kernel takes but no tool shows. Bytes of UTF-8 pass, as there (the
 * kernel's isspace() counts 0xa0 too). */
static int check_ifname(const char *ifname, struct cni_error *e)
{
        size_t len = strlen(ifname);
        bool bad = strcmp(ifname, ".") == 0 || strcmp(ifname, "..") == 0 || strpbrk(ifname, "/:");

        for (const unsigned char *p = (const unsigned char *)ifname; *p && !bad; p++)
                bad = *p <= ' ' || *p == 0x7f || *p == 0xa0;

        if (len > 15)
                return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME \"%.64s\": longer than 15 characters",
                                ifname);
        if (bad)
                return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME \"%s\": not an interface name (no "
                                "'/', ':', spaces or control characters, not \".\" or \"..\")",
                                ifname);
        return 0;
}

/* "K=V;K=V", as the CNI library's LoadArgs splits it: each pair has a key and a '='. */
static int check_args(const char *args, struct cni_error *e)
{
        const char *p = args;

        if (strlen(args) > CNI_ARGS_MAX)
                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: longer than %u characters",
                                CNI_ARGS_MAX);
        while (*p) {
                size_t len = strcspn(p, ";");
                const char *eq = memchr(p, '=', len);

                if (len > 0 && (!eq || eq == p))
                        return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: \"%.*s\": not KEY=VALUE",
                                        (int)(len > 64 ? 64 : len), p);
                for (size_t i = 0; i < len; i++)
                        if ((unsigned char)p[i] < ' ' || (unsigned char)p[i] == 0x7f)
                                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: a control character "
                                                "at offset %zu", (size_t)(p - args) + i);
                p += len;
                if (*p == ';')
                        p++;
        }
        return 0;
}

int cni_args_get(const char *args, const char *key, char *buf, size_t size)
{
        size_t key_len = strlen(key);
        int found = 0;

        for (const char *p = args; p && *p;) {
                size_t len = strcspn(p, ";");

                if (len > key_len && strncmp(p, key, key_len) == 0 && p[key_len] == '=') {
                        size_t n = len - key_len - 1;

                        if (n >= size)
                                return -1;
                        memcpy(buf, p + key_len + 1, n);
                        buf[n] = '\0';
                        found = 1;
                }
                p += len;
                if (*p == ';')
                        p++;
        }
        return found;
}

int cni_env_validate(const struct cni_env *env, struct cni_error *e)
{
        if (env->container_id && !cni_name_is_valid(env->container_id))
                return cni_fail(e, CNI_ERR_ENV, "CNI_CONTAINERID \"%.128s\": not a container ID "
                                "(a letter or digit, then letters, digits, '_', '.' and '-')",
                                env->container_id);
        if (env->ifname && check_ifname(env->ifname, e) < 0)
                return -1;
        /* Written into the result's sandbox and opened: an absolute path of a sane length. */
        if (env->netns && (env->netns[0] != '/' || strlen(env->netns) >= CNI_NETNS_MAX ||
                           !all_graphic(env->netns)))
                return cni_fail(e, CNI_ERR_ENV, "CNI_NETNS \"%.128s\": not an absolute path of "
                                "printable characters, shorter than %d", env->netns,
                                CNI_NETNS_MAX);
        if (env->args && check_args(env->args, e) < 0)
                return -1;
        return 0;
}
