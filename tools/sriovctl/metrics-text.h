/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prometheus' text exposition format 0.0.4, the writing of it: pure, no library, so that the
 * escaping of values others chose (a lease's holder, a pod's name) is tested on its own.
 */
#ifndef SRIOVCTL_METRICS_TEXT_H
#define SRIOVCTL_METRICS_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * @in as a label value: backslash, double quote and newline escaped as the format says (\\,
 * \", \n), a byte that is not valid UTF-8 replaced by U+FFFD, so that no value ends its quotes
 * or its line. Writes at most @size bytes with the NUL; returns the length the whole value
 * takes, as snprintf() does.
 */
size_t metrics_escape_label(const char *in, char *out, size_t size);

/* A label; one with a NULL value is left out (what is not known is absent, never ""). */
struct metrics_label {
        const char *name;
        const char *value;
};

/* "# HELP name help" and "# TYPE name type" (gauge, counter). */
void metrics_family(FILE *out, const char *name, const char *type, const char *help);
/* One sample: name{labels} value. */
void metrics_sample(FILE *out, const char *name, const struct metrics_label *labels, size_t n,
                    uint64_t value);

#endif
