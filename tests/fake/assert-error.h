/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The assertion every error-path test makes: the context's message says @text. Include after
 * <cmocka.h>; a macro, so cmocka reports the test's own file and line. */
#ifndef ASSERT_ERROR_H
#define ASSERT_ERROR_H

#include <string.h>

#include "libsriov.h"

#define assert_error_says(ctx, text)                                                             \
        do {                                                                                     \
                if (!strstr(sriov_ctx_get_error(ctx), (text)))                                   \
                        fail_msg("error \"%s\" lacks \"%s\"", sriov_ctx_get_error(ctx), (text)); \
        } while (0)

#endif
