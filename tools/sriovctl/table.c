/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text tables whose columns line up, as `ip -br link` and `lspci` print them. */
#include <stdlib.h>
#include <string.h>

#include "sriovctl.h"

struct table {
        size_t ncols, nrows;
        char **cells; /* nrows * ncols, row 0 the headers */
};

static char *dup_cell(const char *s)
{
        char *d = strdup(s && *s ? s : "-");

        if (!d)
                abort(); /* a CLI out of memory has nothing better to do */
        return d;
}

struct table *table_new(const char *const *headers)
{
        struct table *t = calloc(1, sizeof(*t));

        if (!t)
                abort();
        while (headers[t->ncols])
                t->ncols++;
        table_add(t, headers);
        return t;
}

void table_add(struct table *t, const char *const *cells)
{
        char **c = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof(*c));

        if (!c)
                abort();
        t->cells = c;
        for (size_t i = 0; i < t->ncols; i++)
                t->cells[t->nrows * t->ncols + i] = dup_cell(cells[i]);
        t->nrows++;
}

void table_print(struct table *t, FILE *out, const char *indent)
{
        size_t *width = calloc(t->ncols, sizeof(*width));

        if (!width)
                abort();
        for (size_t r = 0; r < t->nrows; r++)
                for (size_t c = 0; c < t->ncols; c++) {
                        size_t n = strlen(t->cells[r * t->ncols + c]);

                        if (n > width[c])
                                width[c] = n;
                }
        for (size_t r = 0; r < t->nrows; r++) {
                fputs(indent, out);
                for (size_t c = 0; c < t->ncols; c++) {
                        const char *s = t->cells[r * t->ncols + c];

                        if (c + 1 == t->ncols)
                                fprintf(out, "%s\n", s);
                        else
                                fprintf(out, "%-*s  ", (int)width[c], s);
                }
        }
        free(width);
}

void table_free(struct table *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->nrows * t->ncols; i++)
                free(t->cells[i]);
        free(t->cells);
        free(t);
}
