/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sriovctl metrics' lines: label values that others chose (a lease's holder, a pod's name)
 * escaped so that none ends its quotes or its line, whatever bytes it holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/sriovctl/metrics-text.h"

static void expect_escaped(const char *in, const char *want)
{
        char out[128];

        assert_int_equal(metrics_escape_label(in, out, sizeof(out)), strlen(want));
        assert_string_equal(out, want);
}

static void the_three_escapes_of_the_format(void **state)
{
        (void)state;
        expect_escaped("qemu-vm1", "qemu-vm1");
        expect_escaped("a\\b", "a\\\\b");
        expect_escaped("say \"hi\"", "say \\\"hi\\\"");
        expect_escaped("two\nlines", "two\\nlines");
        /* A value that tries to close its quotes and start a series of its own. */
        expect_escaped("x\"} 1\nsriov_fake 1\n", "x\\\"} 1\\nsriov_fake 1\\n");
        expect_escaped("", "");
        /* Tabs and carriage returns end no line of the format: kept. */
        expect_escaped("a\tb\rc", "a\tb\rc");
}

static void utf8_kept_invalid_bytes_replaced(void **state)
{
        (void)state;
        expect_escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
        /* A lone continuation byte, a cut sequence, an overlong '"' (0xc0 0xa2), a surrogate. */
        expect_escaped("a\x80z", "a\xef\xbf\xbdz");
        expect_escaped("a\xe2\x82", "a\xef\xbf\xbd\xef\xbf\xbd");
        expect_escaped("\xc0\xa2", "\xef\xbf\xbd\xef\xbf\xbd");
        expect_escaped("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}

/* As snprintf(): the whole length returned, the output cut and terminated. */
static void a_small_buffer_is_cut_and_terminated(void **state)
{
        char out[4];

        (void)state;
        memset(out, 'x', sizeof(out));
        assert_int_equal(metrics_escape_label("\"\"\"", out, sizeof(out)), 6);
        assert_string_equal(out, "\\\"\\");
        assert_int_equal(metrics_escape_label("abc", NULL, 0), 3);
}

/* Every byte value in a label: one line, the value between its quotes unbroken. */
static void no_value_breaks_a_line(void **state)
{
        char in[256], *text = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);
        struct metrics_label l[] = { { "pf", "0000:01:00.0" }, { "holder", in }, { "gone", NULL } };

        (void)state;
        for (int i = 1; i < 256; i++)
                in[i - 1] = (char)i;
        in[255] = '\0';
        metrics_sample(f, "sriov_lease_info", l, 3, 1);
        fclose(f);
        assert_non_null(strchr(text, '\n'));
        assert_ptr_equal(strchr(text, '\n'), text + size - 1);
        assert_int_equal(strncmp(text, "sriov_lease_info{pf=\"0000:01:00.0\",holder=\"", 43), 0);
        assert_string_equal(text + size - 4, "} 1\n");
        assert_null(strstr(text, "gone"));
        /* Between the opening and the closing quote, every quote is escaped. */
        for (char *p = text + 43; p < text + size - 5; p++)
                if (*p == '"')
                        assert_int_equal(p[-1], '\\');
        free(text);
}

static void a_sample_without_labels_and_a_long_value(void **state)
{
        char *text = NULL, *big = malloc(5001);
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);
        struct metrics_label l[] = { { "holder", big } };

        (void)state;
        memset(big, '"', 5000);
        big[5000] = '\0';
        metrics_family(f, "sriov_pf_vfs", "gauge", "VFs enabled now.");
        metrics_sample(f, "sriov_pf_vfs", NULL, 0, 18446744073709551615ull);
        metrics_sample(f, "sriov_lease_info", l, 1, 1);
        fclose(f);
        assert_int_equal(strncmp(text,
                                 "# HELP sriov_pf_vfs VFs enabled now.\n# TYPE sriov_pf_vfs gauge\n"
                                 "sriov_pf_vfs 18446744073709551615\nsriov_lease_info{holder=\"",
                                 strlen("# HELP sriov_pf_vfs VFs enabled now.\n# TYPE sriov_pf_vfs "
                                        "gauge\nsriov_pf_vfs 18446744073709551615\n"
                                        "sriov_lease_info{holder=\"")),
                         0);
        assert_int_equal(size, strlen("# HELP sriov_pf_vfs VFs enabled now.\n# TYPE sriov_pf_vfs "
                                      "gauge\nsriov_pf_vfs 18446744073709551615\n"
                                      "sriov_lease_info{holder=\"\"} 1\n") + 10000);
        free(text);
        free(big);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(the_three_escapes_of_the_format),
                cmocka_unit_test(utf8_kept_invalid_bytes_replaced),
                cmocka_unit_test(a_small_buffer_is_cut_and_terminated),
                cmocka_unit_test(no_value_breaks_a_line),
                cmocka_unit_test(a_sample_without_labels_and_a_long_value),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
