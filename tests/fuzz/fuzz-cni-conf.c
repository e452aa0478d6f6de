/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni's stdin, the network config with its prevResult, written by whoever can write
 * a NetworkAttachmentDefinition: parse it; when it parses, write its prevResult back in every
 * CNI version we speak and parse that again, which must work (what ADD writes, CHECK reads).
 * The input is also read as an IPAM plugin's result, and as the runtime's CNI_* values (lines:
 * CNI_ARGS, CNI_IFNAME, CNI_CONTAINERID, CNI_NETNS), where what is taken must keep the rules
 * the plugin relies on later. Anything but a clean error is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/cni/cni.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct cni_result *r)
{
        static const char *const versions[] = { "0.3.1", "0.4.0", "1.0.0", "1.1.0" };

        for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++) {
                struct cni_result again = { 0 };
                struct cni_error e = { 0 };
                char *text = cni_result_format(versions[v], r);

                if (!text)
                        abort();
                if (cni_result_parse(text, &again, &e) < 0 || again.n_ips != r->n_ips ||
                    again.n_routes != r->n_routes)
                        abort(); /* a result we wrote that we cannot read back */
                cni_result_free(&again);
                free(text);
        }
}

/* What cni_env_validate() takes, the plugin passes on: a lease holder (printable), a netdev
 * name the kernel takes, a result's sandbox. */
static void check_env(char *text)
{
        char *field[4] = { NULL }, *p = text;
        struct cni_error e = { 0 };
        struct cni_env env;

        for (size_t i = 0; i < 4 && p; i++) {
                field[i] = p;
                p = strchr(p, '\n');
                if (p)
                        *p++ = '\0';
        }
        env = (struct cni_env){ .args = field[0], .ifname = field[1], .container_id = field[2],
                                .netns = field[3] };
        if (cni_env_validate(&env, &e) < 0) {
                if (e.code != CNI_ERR_ENV || !e.msg[0])
                        abort(); /* an error answer without its code or message */
                return;
        }
        if (env.ifname && (strlen(env.ifname) > 15 || strpbrk(env.ifname, "/: \t\n") ||
                           strcmp(env.ifname, ".") == 0 || strcmp(env.ifname, "..") == 0))
                abort();
        if (env.container_id && !cni_name_is_valid(env.container_id))
                abort();
        for (const char *c = env.container_id; c && *c; c++)
                if (*c == '/' || *c < ' ')
                        abort();
        if (env.netns && (env.netns[0] != '/' || strlen(env.netns) >= CNI_NETNS_MAX))
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = malloc(size + 1);
        struct cni_conf c;
        struct cni_result r = { 0 };
        struct cni_error e = { 0 };

        if (!text)
                return 0;
        memcpy(text, data, size);
        text[size] = '\0';
        if (cni_conf_parse(text, size, &c, &e) == 0 && c.have_prev)
                round_trip(&c.prev);
        cni_conf_free(&c);
        /* DEL's reading, which refuses less: the same text must not hurt it either. */
        memset(&e, 0, sizeof(e));
        if (cni_conf_parse_del(text, size, &c, &e) == 0 && strlen(c.ipam_problem) >= sizeof(c.ipam_problem))
                abort();
        cni_conf_free(&c);
        memset(&e, 0, sizeof(e));
        if (cni_result_parse(text, &r, &e) == 0)
                round_trip(&r);
        cni_result_free(&r);
        memcpy(text, data, size);
        text[size] = '\0';
        check_env(text);
        free(text);
        return 0;
}
