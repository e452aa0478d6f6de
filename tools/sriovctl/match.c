/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Words that may be shortened, as ip(8) and devlink(8) take them: objects, commands and
 * keywords, all through here. ip takes the first table entry a prefix matches, so that a new
 * command can change what an old prefix meant; here a prefix is taken only when it names one
 * entry among the words possible at that place, and a word spelled out always wins.
 */
#include <string.h>

#include "sriovctl.h"

void match_start(struct match *m, const char *word)
{
        *m = (struct match){ .word = word };
}

void match_offer(struct match *m, const char *name, const void *entry)
{
        if (!name || !*m->word)
                return;
        if (strcmp(name, m->word) == 0) {
                m->exact = entry;
                return;
        }
        if (strncmp(name, m->word, strlen(m->word)) != 0)
                return;
        /* An entry by two names (state and link_state) is one candidate. */
        for (size_t i = 0; i < m->n; i++)
                if (m->entries[i] == entry)
                        return;
        if (m->n < MATCH_MAX) {
                m->entries[m->n] = entry;
                m->names[m->n] = name;
        }
        m->n++;
}

const void *match_end(struct match *m, const char *context)
{
        char list[256] = "";
        size_t len = 0;

        if (m->exact)
                return m->exact;
        if (m->n == 1)
                return m->entries[0];
        if (m->n == 0)
                return NULL;
        m->ambiguous = true;
        for (size_t i = 0; i < m->n && i < MATCH_MAX && len < sizeof(list); i++)
                len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
                                        m->names[i]);
        usage_error("%s%s\"%s\" is ambiguous: %s%s", context ? context : "", context ? ": " : "",
                    m->word, list, m->n > MATCH_MAX ? ", ..." : "");
        return NULL;
}
