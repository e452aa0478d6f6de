/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CNI_ARGS (tools/cni/cni-args.c), as a runtime passes it: parsed, or refused with code 4 and
 * a message; what it takes is a Kubernetes name of the length it may have.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/cni/cni.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = malloc(size + 1);
        struct cni_args a;
        struct cni_error e = { 0 };

        if (!text)
                return 0;
        memcpy(text, data, size);
        text[size] = '\0'; /* the environment's strings end at their first NUL */
        if (cni_args_parse(text, &a, &e) == 0) {
                if ((a.have_namespace && !cni_k8s_label_valid(a.pod_namespace)) ||
                    (a.have_name && !cni_k8s_subdomain_valid(a.pod_name)))
                        abort();
        } else if (e.code != CNI_ERR_ENV || !e.msg[0]) {
                abort();
        }
        free(text);
        return 0;
}
