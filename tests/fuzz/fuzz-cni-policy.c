/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libsriov-cni's node policy file (tools/cni/policy.c): root writes it, but a broken one must
 * be refused with a message, never crash the plugin or read past what it was given. When it
 * parses, a few requests are decided against it (every rule kind, a deviceID and a pool, with
 * and without a namespace): a decision is an answer or a refusal, nothing else.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/cni/cni.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ifnames[] = { "enp1s0", "eth0", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const namespaces[] = { "tenant-a", "default", NULL };
        static const char *const networks[] = { "net-a", "sriov-net", "*" };
        struct cni_policy *p = NULL;
        struct cni_error e = { 0 };

        if (cni_policy_parse("fuzz.json", (const char *)data, size, &p, &e) < 0) {
                if (p || e.code != CNI_ERR_POLICY || !e.msg[0])
                        abort(); /* a refusal says why, and leaves nothing behind */
                return 0;
        }
        for (size_t n = 0; n < sizeof(namespaces) / sizeof(namespaces[0]); n++)
                for (size_t k = 0; k < sizeof(networks) / sizeof(networks[0]); k++)
                        for (int form = 0; form < 2; form++) {
                                struct cni_policy_request q = {
                                        .pod_namespace = namespaces[n],
                                        .network = networks[k],
                                        .pf_pci = "0000:01:00.0",
                                        .pf_ifnames = ifnames,
                                        .vf_pci = form ? "0000:01:10.0" : NULL,
                                        .vfio = form,
                                        .vf = { .mask = SRIOV_VF_CONFIG_ALL, .vlan = 150,
                                                .qos = (uint8_t)k, .trust = form,
                                                .spoofchk = !form, .min_tx_rate = 10,
                                                .max_tx_rate = form ? 0u : 100u,
                                                .vlan_proto = SRIOV_VLAN_PROTO_8021Q },
                                };
                                struct cni_error d = { 0 };
                                int r = cni_policy_decide(p, &q, &d);

                                if (r != 0 && (r != -1 || d.code != CNI_ERR_POLICY || !d.msg[0]))
                                        abort();
                        }
        cni_policy_free(p);
        return 0;
}
