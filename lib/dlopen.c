/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Libraries that few commands need, loaded when first needed: libkmod (which brings libcrypto,
 * libzstd and liblzma) only to load vfio-pci, libpci (with libz) only for vendor and device
 * names. Linking them would make every process that uses libsriov load and relocate them at
 * start, which costs a "pf list" a third of its time. As systemd does for its optional
 * libraries: dlopen() by soname, every symbol resolved at once, the result kept for the
 * process (never closed: the symbols may be in use on other threads).
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "libsriov-private.h"

int dl_load(struct dl_lib *lib)
{
        int r;

        pthread_mutex_lock(&lib->lock);
        if (lib->state == 0) {
                void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
                const char *err = NULL;

                for (const struct dl_sym *s = lib->syms; h && s->name && !err; s++) {
                        *s->fn = dlsym(h, s->name);
                        if (!*s->fn)
                                err = dlerror();
                }
                if (!h)
                        err = dlerror();
                if (err) {
                        snprintf(lib->error, sizeof(lib->error), "cannot load %s: %s",
                                 lib->soname, err);
                        lib->state = -ENOPKG;
                        /* Some symbols may be set: none is used after a failure. */
                } else {
                        lib->state = 1;
                }
        }
        r = lib->state;
        pthread_mutex_unlock(&lib->lock);
        return r < 0 ? r : 0;
}
