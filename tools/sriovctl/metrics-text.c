/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The text exposition format's lines: HELP, TYPE, samples with escaped label values. */
#include <stdbool.h>
#include <stdlib.h>

#include "metrics-text.h"

/* The length of the valid UTF-8 sequence @s starts with, 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
        size_t len;
        uint32_t cp;

        if (s[0] < 0x80)
                return 1;
        if (s[0] >= 0xc2 && s[0] <= 0xdf)
                len = 2, cp = s[0] & 0x1f;
        else if (s[0] >= 0xe0 && s[0] <= 0xef)
                len = 3, cp = s[0] & 0x0f;
        else if (s[0] >= 0xf0 && s[0] <= 0xf4)
                len = 4, cp = s[0] & 0x07;
        else
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                cp = cp << 6 | (s[i] & 0x3f);
        }
        /* Overlong forms, UTF-16 surrogates and past U+10FFFF are not UTF-8. */
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
                return 0;
        return len;
}

size_t metrics_escape_label(const char *in, char *out, size_t size)
{
        const unsigned char *s = (const unsigned char *)in;
        size_t n = 0;

        while (*s) {
                char esc[4] = { 0 };
                const char *piece = esc;
                size_t len = utf8_len(s), step = len;

                if (*s == '\\' || *s == '"' || *s == '\n') {
                        esc[0] = '\\';
                        esc[1] = *s == '\n' ? 'n' : (char)*s;
                        len = 2;
                } else if (len == 0) {
                        piece = "\xef\xbf\xbd";
                        len = 3;
                        step = 1;
                } else {
                        piece = (const char *)s;
                }
                for (size_t i = 0; i < len; i++, n++)
                        if (n + 1 < size)
                                out[n] = piece[i];
                s += step;
        }
        if (size)
                out[n < size ? n : size - 1] = '\0';
        return n;
}

void metrics_family(FILE *out, const char *name, const char *type, const char *help)
{
        fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_sample(FILE *out, const char *name, const struct metrics_label *labels, size_t n,
                    uint64_t value)
{
        bool first = true;

        fputs(name, out);
        for (size_t i = 0; i < n; i++) {
                char small[256], *buf = small;
                size_t len;

                if (!labels[i].value)
                        continue;
                len = metrics_escape_label(labels[i].value, small, sizeof(small));
                if (len >= sizeof(small)) {
                        buf = malloc(len + 1);
                        if (!buf)
                                abort();
                        metrics_escape_label(labels[i].value, buf, len + 1);
                }
                fprintf(out, "%s%s=\"%s\"", first ? "{" : ",", labels[i].name, buf);
                first = false;
                if (buf != small)
                        free(buf);
        }
        fprintf(out, "%s %llu\n", first ? "" : "}", (unsigned long long)value);
}
