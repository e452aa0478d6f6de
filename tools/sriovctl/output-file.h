/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A file replaced whole or not at all: written to a new file beside it, synced, then renamed
 * over it, so that a reader (node_exporter's textfile collector, every 15 s or so) sees the
 * old text or the new one, never half of one.
 */
#ifndef SRIOVCTL_OUTPUT_FILE_H
#define SRIOVCTL_OUTPUT_FILE_H

#include <stdbool.h>
#include <stdio.h>

struct output_file {
        FILE *f;
        const char *path;
        char tmp[4096];
};

/* Opens the new file for @path (mode 0644) as @o->f. Returns 0, or -errno after saying on
 * stderr what could not be done to which file. */
int output_file_open(struct output_file *o, const char *path);
/* @keep: rename the new file over @path (after flushing and syncing it), else remove it and
 * leave @path as it was. Returns 0, or -errno after saying why on stderr; the new file is
 * gone either way. */
int output_file_close(struct output_file *o, bool keep);

#endif
