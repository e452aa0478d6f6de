/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Libraries loaded on first use (lib/dlopen.c): loaded once, every symbol or none, and a
 * library or symbol that is not there is -ENOPKG with the error naming it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "libsriov-private.h"

static size_t (*sym_strlen)(const char *);
static int (*sym_no_such_function)(void);

static void a_library_that_is_there_gives_every_symbol(void **state)
{
        static const struct dl_sym syms[] = { DL_SYM(strlen), { NULL, NULL } };
        static struct dl_lib lib = { .soname = "libc.so.6", .syms = syms,
                                     .lock = PTHREAD_MUTEX_INITIALIZER };

        (void)state;
        assert_int_equal(dl_load(&lib), 0);
        assert_non_null(sym_strlen);
        assert_int_equal(sym_strlen("netdevsim"), 9);
        assert_int_equal(dl_load(&lib), 0); /* again: loaded already */
}

static void a_missing_library_is_enopkg_naming_it_every_time(void **state)
{
        static const struct dl_sym syms[] = { DL_SYM(strlen), { NULL, NULL } };
        static struct dl_lib lib = { .soname = "libsriov-test-missing.so.9", .syms = syms,
                                     .lock = PTHREAD_MUTEX_INITIALIZER };

        (void)state;
        assert_int_equal(dl_load(&lib), -ENOPKG);
        assert_non_null(strstr(lib.error, "cannot load libsriov-test-missing.so.9: "));
        assert_int_equal(dl_load(&lib), -ENOPKG); /* not tried again, same answer */
        assert_non_null(strstr(lib.error, "libsriov-test-missing.so.9"));
}

static void a_missing_symbol_fails_the_whole_library(void **state)
{
        static const struct dl_sym syms[] = { DL_SYM(strlen), DL_SYM(no_such_function),
                                              { NULL, NULL } };
        static struct dl_lib lib = { .soname = "libc.so.6", .syms = syms,
                                     .lock = PTHREAD_MUTEX_INITIALIZER };

        (void)state;
        assert_int_equal(dl_load(&lib), -ENOPKG);
        assert_non_null(strstr(lib.error, "cannot load libc.so.6: "));
        assert_non_null(strstr(lib.error, "no_such_function"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(a_library_that_is_there_gives_every_symbol),
                cmocka_unit_test(a_missing_library_is_enopkg_naming_it_every_time),
                cmocka_unit_test(a_missing_symbol_fails_the_whole_library),
        };

        return cmocka_run_group_tests_name("unit/dlopen", tests, NULL, NULL);
}
