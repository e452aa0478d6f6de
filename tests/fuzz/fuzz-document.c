/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The apply document, untrusted input read at boot: parse it (doc-scan.c's bounds and
 * repeated keys, then state-doc.c), and when it parses, resolve it against made-up hosts
 * (igb PFs; igb and a netdevsim PF in switchdev mode with rate groups) and plan it, as
 * `sriovctl apply --dry-run` does. Anything but a clean error is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/sriovctl/state.h"
#include "made-up-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static void (*const hosts[])(struct host_state *) = { make_host, make_switchdev_host };
        struct state_doc doc = { 0 };
        char err[STATE_ERROR_MAX];
        char *text = malloc(size + 1);

        if (!text)
                return 0;
        memcpy(text, data, size);
        text[size] = '\0';
        if (state_doc_parse("fuzz.json", text, &doc, err) == 0) {
                for (size_t h = 0; h < sizeof(hosts) / sizeof(hosts[0]); h++) {
                        struct host_state host = { 0 };
                        struct target t = { 0 };
                        struct plan p = { 0 };

                        hosts[h](&host);
                        if (target_resolve(&doc, &host, &t, err) == 0 &&
                            plan_compute(&host, &t, &p) == 0)
                                for (size_t i = 0; i < p.n; i++)
                                        (void)change_key(&p.changes[i]);
                        plan_free(&p);
                        target_free(&t);
                        host_state_free(&host);
                }
                state_doc_free(&doc);
        } else if (!err[0]) {
                abort(); /* a refusal that does not say why */
        }
        free(text);
        return 0;
}
