/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A lease journal (<lease dir>/<VF>.lease) as lease gc reads it after a crash: whatever the
 * bytes, lease_journal_parse() takes them or refuses them; what it takes formats and parses
 * back to the same journal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsriov-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct lease_journal j, again;
        char *text = malloc(size + 1);
        char out[4096];
        int bad_line = 0;

        if (!text)
                return 0;
        memcpy(text, data, size);
        text[size] = '\0';
        memset(&j, 0, sizeof(j));
        if (lease_journal_parse(text, &j, &bad_line) == 0) {
                if (lease_journal_format(&j, out, sizeof(out)) < 0)
                        abort();
                memset(&again, 0, sizeof(again));
                if (lease_journal_parse(out, &again, NULL) < 0)
                        abort();
                if (lease_journal_format(&again, text, size + 1) >= 0 &&
                    strcmp(text, out) != 0)
                        abort();
        } else if (bad_line < 1) {
                abort(); /* a refusal must name its line */
        }
        free(text);
        return 0;
}
