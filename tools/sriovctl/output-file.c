/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `sriovctl metrics -o FILE`: the scrape replaces FILE whole (output-file.h says why). The new
 * file is made in FILE's own directory, so that rename() is atomic (same file system), and is
 * named with a leading dot and a random suffix, so that node_exporter, which reads *.prom,
 * never reads it.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output-file.h"

static int say(int err, const char *what, const char *path)
{
        fprintf(stderr, "sriovctl: %s %s: %s\n", what, path, strerror(err));
        return -err;
}

int output_file_open(struct output_file *o, const char *path)
{
        char dir[sizeof(o->tmp)], base[sizeof(o->tmp)];
        int fd, n;

        memset(o, 0, sizeof(*o));
        o->path = path;
        if (strlen(path) >= sizeof(dir))
                return say(ENAMETOOLONG, "write", path);
        strcpy(dir, path);
        strcpy(base, path);
        n = snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.XXXXXX", dirname(dir), basename(base));
        if (n < 0 || (size_t)n >= sizeof(o->tmp))
                return say(ENAMETOOLONG, "write", path);
        fd = mkostemp(o->tmp, O_CLOEXEC);
        if (fd < 0)
                return say(errno, "create a new file for", path);
        /* mkostemp() makes it 0600: node_exporter runs as its own user and must read it. */
        if (fchmod(fd, 0644) < 0 || !(o->f = fdopen(fd, "w"))) {
                int err = errno;

                close(fd);
                unlink(o->tmp);
                return say(err, "write", o->tmp);
        }
        return 0;
}

int output_file_close(struct output_file *o, bool keep)
{
        int err = 0;

        if (!o->f)
                return 0;
        if (keep && (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) < 0))
                err = errno ? errno : EIO;
        if (fclose(o->f) != 0 && keep && !err)
                err = errno;
        o->f = NULL;
        if (keep && !err && rename(o->tmp, o->path) < 0)
                err = errno;
        if (!keep || err)
                unlink(o->tmp);
        return err ? say(err, "write", o->path) : 0;
}
