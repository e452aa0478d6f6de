/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A lease's owner is a process, and the process may live in another PID namespace than the
 * one reading the lease: a VMM in a container (KubeVirt's virt-launcher, libvirt in a pod) is
 * pid 1 or 57 there and 4242 on the host. A pid alone means nothing across namespaces, so a
 * process is recorded as the kernel names it from inside: its pid in its own namespace, that
 * namespace's inode, and its start time (docs/design.md, "Leases across PID namespaces").
 *
 * Found again from the same namespace, the pid is looked up as it is. From another, every
 * process this /proc shows is a candidate: the one whose namespace inode and innermost NSpid
 * match, with the same start time, is the owner. Not finding it proves it gone only when its
 * namespace is below ours (we saw another process of it, or ours is the initial one, below
 * which all are); otherwise nobody here can tell, and it counts as running.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "process.h"

/* The initial PID namespace's inode, fixed by the kernel (PROC_PID_INIT_INO, proc_ns.h). */
#define PID_NS_INIT_INO 0xEFFFFFFCu

static ssize_t read_proc(const char *dir, const char *file, char *buf, size_t size)
{
        char path[64];
        ssize_t n;
        int fd;

        snprintf(path, sizeof(path), "%.40s/%.16s", dir, file);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = read(fd, buf, size - 1);
        if (n < 0)
                n = -errno;
        else
                buf[n] = '\0';
        close(fd);
        return n;
}

static int read_start(const char *dir, uint64_t *ret)
{
        char buf[1024], *p;
        unsigned long long start;
        ssize_t n = read_proc(dir, "stat", buf, sizeof(buf));

        if (n <= 0)
                return n < 0 ? (int)n : -EIO;
        /* The command name may hold spaces and parentheses: fields start after the last ')'. */
        p = strrchr(buf, ')');
        if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
                                "%*d %*d %*d %*d %llu", &start) != 1)
                return -EIO;
        *ret = start;
        return 0;
}

/* NSpid: the pid in each namespace from this /proc's down to the process's own. The last
 * one and how many there are; -ENOENT on a kernel without the line (before 4.1). Read line by
 * line: "Groups:" comes before it and may be long (a pod's supplementalGroups), so a buffer
 * of any fixed size could miss it. */
static int read_nspid(const char *dir, int *innermost, unsigned int *levels)
{
        char path[64], *line = NULL, *tok, *save = NULL;
        size_t cap = 0;
        unsigned int k = 0;
        int r = -ENOENT;
        FILE *f;

        snprintf(path, sizeof(path), "%.40s/status", dir);
        f = fopen(path, "re");
        if (!f)
                return -errno;
        while (getline(&line, &cap, f) > 0) {
                if (strncmp(line, "NSpid:", 6) != 0)
                        continue;
                for (tok = strtok_r(line + 6, " \t\n", &save); tok;
                     tok = strtok_r(NULL, " \t\n", &save)) {
                        *innermost = atoi(tok);
                        k++;
                }
                r = k ? 0 : -EIO;
                break;
        }
        free(line);
        fclose(f);
        *levels = k;
        return r;
}

static int read_pidns(const char *dir, uint64_t *ret)
{
        char path[64];
        struct stat st;

        snprintf(path, sizeof(path), "%.40s/ns/pid", dir);
        if (stat(path, &st) < 0)
                return -errno;
        *ret = st.st_ino;
        return 0;
}

int process_id_read(int pid, struct process_id *ret)
{
        struct process_id id = { .pid = pid };
        char dir[32];
        unsigned int levels;
        int r;

        if (pid == 0)
                snprintf(dir, sizeof(dir), "/proc/self");
        else
                snprintf(dir, sizeof(dir), "/proc/%d", pid);
        r = read_start(dir, &id.start);
        if (r < 0)
                return r;
        /* Without its namespace (a kernel without NSpid, a /proc that hides the namespace),
         * the pid as seen here, judged here as before version 4 journals. */
        if (read_pidns(dir, &id.pidns) < 0) {
                id.pidns = 0;
                id.pid = pid ? pid : (int)getpid();
        } else {
                r = read_nspid(dir, &id.pid, &levels);
                if (r == -ENOENT) {
                        id.pidns = 0;
                        id.pid = pid ? pid : (int)getpid();
                } else if (r < 0) {
                        return r;
                }
        }
        *ret = id;
        return 0;
}

static bool started_at(int local_pid, uint64_t start)
{
        char dir[32];
        uint64_t now;

        snprintf(dir, sizeof(dir), "/proc/%d", local_pid);
        return local_pid > 0 && read_start(dir, &now) == 0 && now == start;
}

/* Whether this /proc shows our own PID namespace: then a pid of it is looked up directly. */
static bool proc_is_ours(uint64_t *own)
{
        unsigned int levels = 0;
        int innermost;

        return read_pidns("/proc/self", own) == 0 &&
               read_nspid("/proc/self", &innermost, &levels) == 0 && levels == 1;
}

/* Every process of /proc in namespace @id->pidns: its pid here, or 0 with what was seen. */
static int scan_proc(const struct process_id *id, bool *seen_ns, bool *hidden)
{
        DIR *d = opendir("/proc");
        struct dirent *de;
        int found = 0;

        if (!d) {
                *hidden = true;
                return 0;
        }
        while (!found && (de = readdir(d))) {
                char dir[32];
                uint64_t ns = 0;
                unsigned int levels;
                int inner, r;

                if (de->d_name[0] < '1' || de->d_name[0] > '9')
                        continue;
                snprintf(dir, sizeof(dir), "/proc/%.20s", de->d_name);
                r = read_pidns(dir, &ns);
                /* A process whose namespace we may not see may be the one, unless its start
                 * time says otherwise (stat is readable by everyone). */
                if ((r == -EACCES || r == -EPERM) && started_at(atoi(de->d_name), id->start))
                        *hidden = true;
                if (r < 0 || ns != id->pidns)
                        continue;
                *seen_ns = true;
                r = read_nspid(dir, &inner, &levels);
                /* Of the namespace but unreadable: it may be the one. */
                if (r < 0 && r != -ENOENT && started_at(atoi(de->d_name), id->start))
                        *hidden = true;
                if (r == 0 && inner == id->pid && started_at(atoi(de->d_name), id->start))
                        found = atoi(de->d_name);
        }
        closedir(d);
        return found;
}

int process_id_find(const struct process_id *id)
{
        bool seen_ns = false, hidden = false, ours;
        uint64_t own = 0;
        int found;

        if (id->pid <= 0)
                return 0;
        if (id->pidns == 0)
                return started_at(id->pid, id->start) ? id->pid : 0;
        ours = proc_is_ours(&own);
        if (ours && id->pidns == own)
                return started_at(id->pid, id->start) ? id->pid : 0;
        found = scan_proc(id, &seen_ns, &hidden);
        if (found || hidden)
                return found ? found : -EREMOTE;
        return seen_ns || (ours && own == PID_NS_INIT_INO) ? 0 : -EREMOTE;
}

void process_name(int local_pid, char *buf, size_t size)
{
        char dir[32];
        ssize_t n;

        snprintf(dir, sizeof(dir), "/proc/%d", local_pid);
        n = local_pid > 0 ? read_proc(dir, "comm", buf, size) : -EINVAL;
        if (n <= 0) {
                /* Words for the reader of "process 330 (...)", never a bare "?". */
                snprintf(buf, size, "%s", n == -ENOENT ? "no longer running" : "name unknown");
                return;
        }
        buf[strcspn(buf, "\n")] = '\0';
}
