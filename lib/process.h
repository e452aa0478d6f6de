/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A process named so that it is found again from any PID namespace: what a lease records of
 * its owner, and how a reader, in the same namespace or another, tells whether it still runs.
 */
#ifndef LIBSRIOV_PROCESS_H
#define LIBSRIOV_PROCESS_H

#include <stdint.h>

struct process_id {
        int pid;        /* in its own PID namespace (the last NSpid of /proc/PID/status) */
        uint64_t start; /* field 22 of /proc/PID/stat: tells it from a later one with its pid */
        /* The inode of its PID namespace (/proc/PID/ns/pid); 0 when not known (a journal
         * from before version 4): @pid is then read in the reader's /proc, as it was. */
        uint64_t pidns;
};

/* The process @pid as /proc shows it here; "self" for the caller when @pid is 0. */
int process_id_read(int pid, struct process_id *ret);

/*
 * Where the process is now, seen from here: > 0 its pid in this /proc (it runs); 0 it is gone;
 * -EREMOTE when nobody can tell from here (its PID namespace is not below ours, or /proc hides
 * some processes' namespaces from a caller without privileges). A process that cannot be told
 * gone counts as running: a lease is never taken from a live holder.
 */
int process_id_find(const struct process_id *id);

/* Its name (/proc/PID/comm) by its pid here; "no longer running" when it is gone, "name
 * unknown" when it cannot be read. */
void process_name(int local_pid, char *buf, size_t size);

#endif
