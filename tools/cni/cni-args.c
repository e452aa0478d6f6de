/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CNI_ARGS, what the runtime says beside the network config: "K1=V1;K2=V2". The spec calls
 * them alphanumeric key-value pairs separated by semicolons; libcni (types.LoadArgs) splits
 * on ';' and each pair on '=', refuses a pair that is not exactly KEY=VALUE, and skips keys it
 * does not know when IgnoreUnknown is set, which every Kubernetes runtime sets. We read three
 * keys, the pod's namespace and name and sriov-cni's MAC, and skip the others whatever IgnoreUnknown says: the
 * keys a runtime adds (K8S_POD_UID, K8S_POD_INFRA_CONTAINER_ID, a Nomad job's) are not ours to
 * refuse. Bounded: a runtime sends a few hundred bytes.
 */
#include <stdio.h>
#include <string.h>

#include "cni.h"

/* Kubernetes: a namespace is a DNS-1123 label, a pod's name a DNS-1123 subdomain. */
static bool dns_label_valid(const char *s, size_t len)
{
        if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
                return false;
        for (size_t i = 0; i < len; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
                        return false;
        return true;
}

bool cni_k8s_label_valid(const char *s)
{
        return dns_label_valid(s, strlen(s));
}

bool cni_k8s_subdomain_valid(const char *s)
{
        size_t len = strlen(s);

        if (len == 0 || len > 253)
                return false;
        for (const char *p = s;;) {
                const char *dot = strchr(p, '.');
                size_t n = dot ? (size_t)(dot - p) : strlen(p);

                if (!dns_label_valid(p, n))
                        return false;
                if (!dot)
                        return true;
                p = dot + 1;
        }
}

/* A value whose meaning its user checks (MAC: cni_conf_apply_args()); control characters are
 * refused for every value below. */
static bool printable(const char *s)
{
        (void)s;
        return true;
}

/* A key: letters, digits, '_', '-', '.'; a value: printable, without the separators. */
static bool key_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
}

static int take(const char *key, const char *value, size_t len, char *buf, size_t size,
                bool *have, bool (*valid)(const char *), const char *what, struct cni_error *e)
{
        if (*have)
                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: %s given twice", key);
        if (len >= size)
                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: %s: longer than %zu characters, the "
                                "most %s has", key, size - 1, what);
        memcpy(buf, value, len);
        buf[len] = '\0';
        if (!valid(buf))
                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: %s \"%s\": not %s (lowercase letters, "
                                "digits and '-'%s)", key, buf, what,
                                valid == cni_k8s_label_valid ? ", at most 63" :
                                ", dot-separated labels, at most 253");
        *have = true;
        return 0;
}

int cni_args_parse(const char *text, struct cni_args *ret, struct cni_error *e)
{
        size_t pairs = 0;

        memset(ret, 0, sizeof(*ret));
        if (!text || !text[0])
                return 0;
        if (strlen(text) > CNI_ARGS_MAX_LEN)
                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: longer than %d bytes", CNI_ARGS_MAX_LEN);
        for (const char *p = text;;) {
                const char *end = strchr(p, ';'), *eq;
                size_t len = end ? (size_t)(end - p) : strlen(p), klen;

                if (++pairs > CNI_ARGS_MAX_PAIRS)
                        return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: more than %d pairs",
                                        CNI_ARGS_MAX_PAIRS);
                eq = memchr(p, '=', len);
                if (!eq || eq == p || memchr(eq + 1, '=', len - (size_t)(eq + 1 - p)))
                        return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: pair %zu \"%.*s\": not "
                                        "KEY=VALUE", pairs, (int)(len > 64 ? 64 : len), p);
                klen = (size_t)(eq - p);
                for (size_t i = 0; i < klen; i++)
                        if (!key_char(p[i]))
                                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: pair %zu: key \"%.*s\":"
                                                " only letters, digits, '_', '-' and '.'", pairs,
                                                (int)(klen > 64 ? 64 : klen), p);
                for (const char *v = eq + 1; v < p + len; v++)
                        if ((unsigned char)*v < 0x20 || *v == 0x7f)
                                return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS: %.*s: a control "
                                                "character in the value", (int)klen, p);
                if (klen == 17 && memcmp(p, "K8S_POD_NAMESPACE", klen) == 0) {
                        if (take("K8S_POD_NAMESPACE", eq + 1, len - klen - 1, ret->pod_namespace,
                                 sizeof(ret->pod_namespace), &ret->have_namespace,
                                 cni_k8s_label_valid, "a Kubernetes namespace name", e) < 0)
                                return -1;
                } else if (klen == 3 && memcmp(p, "MAC", klen) == 0) {
                        if (take("MAC", eq + 1, len - klen - 1, ret->mac, sizeof(ret->mac),
                                 &ret->have_mac, printable, "a MAC address", e) < 0)
                                return -1;
                } else if (klen == 12 && memcmp(p, "K8S_POD_NAME", klen) == 0) {
                        if (take("K8S_POD_NAME", eq + 1, len - klen - 1, ret->pod_name,
                                 sizeof(ret->pod_name), &ret->have_name,
                                 cni_k8s_subdomain_valid, "a Kubernetes pod name", e) < 0)
                                return -1;
                }
                if (!end)
                        return 0;
                p = end + 1;
        }
}
