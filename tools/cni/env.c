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
#include "ifname.h"

/* CNI_ARGS is short in practice (IgnoreUnknown, K8S_POD_*): a bound, not a guess at a need. */

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

/* The kernel's rule (sriov_ifname_valid()), with the length said apart. */
static int check_ifname(const char *ifname, struct cni_error *e)
{
        if (strlen(ifname) > 15)
                return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME \"%.64s\": longer than 15 characters",
                                ifname);
        if (!sriov_ifname_valid(ifname))
                return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME \"%s\": not an interface name (no "
                                "'/', ':', spaces or control characters, not \".\" or \"..\")",
                                ifname);
        return 0;
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
        /* One reading of CNI_ARGS for every command (cni-args.c), whoever needs its values. */
        if (env->args) {
                struct cni_args args;

                if (cni_args_parse(env->args, &args, e) < 0)
                        return -1;
        }
        return 0;
}
