/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The apply document, untrusted input read at boot: parse it (doc-scan.c's bounds and
 * repeated keys, then state-doc.c), and when it parses, resolve it against made-up hosts
 * (igb PFs; igb and a netdevsim PF in switchdev mode with rate groups) and plan it, as
 * `sriovctl apply --dry-run` does, and as `apply --pf` does for each PF alone: a plan for one
 * PF that changes another is a bug too. Anything but a clean error is a bug.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/sriovctl/state.h"
#include "made-up-host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Resolve and plan @doc for the PFs @only marks (NULL: all); abort when a change is for a PF
 * not marked. */
static void plan_for(const struct state_doc *doc, const struct host_state *host, const bool *only)
{
        char err[STATE_ERROR_MAX];
        struct target t = { 0 };
        struct plan p = { 0 };

        if (target_resolve_only(doc, host, only, &t, err) == 0 && plan_compute(host, &t, &p) == 0)
                for (size_t i = 0; i < p.n; i++) {
                        (void)change_key(&p.changes[i]);
                        if (only && !only[t.pfs[p.changes[i].pf].host])
                                abort();
                }
        plan_free(&p);
        target_free(&t);
}

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
                        bool *only;

                        hosts[h](&host);
                        plan_for(&doc, &host, NULL);
                        only = calloc(host.n_pfs + 1, sizeof(*only));
                        for (size_t k = 0; only && k < host.n_pfs; k++) {
                                only[k] = true;
                                plan_for(&doc, &host, only);
                                only[k] = false;
                        }
                        free(only);
                        host_state_free(&host);
                }
                state_doc_free(&doc);
        } else if (!err[0]) {
                abort(); /* a refusal that does not say why */
        }
        free(text);
        return 0;
}
