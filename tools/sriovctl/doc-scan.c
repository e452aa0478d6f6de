/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What json-c does not check in a document, found in one linear pass over its text before
 * json-c builds anything: how many values it holds (json-c spends about 750 bytes on an empty
 * object, so a 16 MiB document of "{}" would cost gigabytes), and keys repeated within one
 * object (json-c keeps the last silently, so {"num_vfs": 7, "num_vfs": 0} would apply 0).
 *
 * The scan follows JSON's structure only as far as it must; text that is not JSON is left for
 * json-c to report with its line and column.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

/* json-c refuses deeper documents (JSON_TOKENER_DEFAULT_DEPTH); a document needs 5 levels. */
#define SCAN_MAX_DEPTH 32

struct frame {
        bool object;
        uint32_t id;        /* objects: which one, for the key set */
        size_t index;       /* arrays: the element being read */
        const char *key;    /* objects: the current key, decoded */
        size_t key_len;
};

struct key_entry {
        uint32_t object; /* 0: free */
        uint32_t len;
        uint64_t hash;
        const char *key;
};

struct scan {
        const char *p, *end;
        struct frame stack[SCAN_MAX_DEPTH];
        int depth;
        uint32_t objects, arrays, scalars;
        /* Every key of every object: open addressing, grown at half full. */
        struct key_entry *keys;
        size_t n_keys, cap_keys;
        /* Decoded keys live here, so entries can point at them. */
        char **blocks;
        size_t n_blocks, block_size, block_used;
        bool malformed; /* not JSON: json-c will say where */
};

static uint64_t fnv1a(const char *s, size_t n, uint32_t object)
{
        uint64_t h = 0xcbf29ce484222325ull ^ object;

        for (size_t i = 0; i < n; i++) {
                h ^= (unsigned char)s[i];
                h *= 0x100000001b3ull;
        }
        return h;
}

static int keys_grow(struct scan *s)
{
        size_t cap = s->cap_keys ? s->cap_keys * 2 : 256;
        struct key_entry *k = calloc(cap, sizeof(*k));

        if (!k)
                return -ENOMEM;
        for (size_t i = 0; i < s->cap_keys; i++) {
                struct key_entry *e = &s->keys[i];
                size_t j;

                if (!e->object)
                        continue;
                for (j = e->hash & (cap - 1); k[j].object; j = (j + 1) & (cap - 1))
                        ;
                k[j] = *e;
        }
        free(s->keys);
        s->keys = k;
        s->cap_keys = cap;
        return 0;
}

/* 1 when @object already has @key, else records it and returns 0; -ENOMEM. */
static int key_seen(struct scan *s, uint32_t object, const char *key, size_t len)
{
        uint64_t h = fnv1a(key, len, object);
        size_t j;

        if (2 * (s->n_keys + 1) > s->cap_keys && keys_grow(s) < 0)
                return -ENOMEM;
        for (j = h & (s->cap_keys - 1); s->keys[j].object; j = (j + 1) & (s->cap_keys - 1)) {
                const struct key_entry *e = &s->keys[j];

                if (e->object == object && e->hash == h && e->len == len &&
                    memcmp(e->key, key, len) == 0)
                        return 1;
        }
        s->keys[j] = (struct key_entry){ .object = object, .len = (uint32_t)len, .hash = h,
                                         .key = key };
        s->n_keys++;
        return 0;
}

static int utf8_put(char *out, uint32_t c)
{
        if (c < 0x80) {
                out[0] = (char)c;
                return 1;
        }
        if (c < 0x800) {
                out[0] = (char)(0xc0 | c >> 6);
                out[1] = (char)(0x80 | (c & 0x3f));
                return 2;
        }
        if (c < 0x10000) {
                out[0] = (char)(0xe0 | c >> 12);
                out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
                out[2] = (char)(0x80 | (c & 0x3f));
                return 3;
        }
        out[0] = (char)(0xf0 | c >> 18);
        out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[3] = (char)(0x80 | (c & 0x3f));
        return 4;
}

static int hex4(const char *p, const char *end, uint32_t *ret)
{
        uint32_t v = 0;

        if (end - p < 4)
                return -1;
        for (int i = 0; i < 4; i++) {
                char c = p[i];

                v <<= 4;
                if (c >= '0' && c <= '9')
                        v |= (uint32_t)(c - '0');
                else if (c >= 'a' && c <= 'f')
                        v |= (uint32_t)(c - 'a' + 10);
                else if (c >= 'A' && c <= 'F')
                        v |= (uint32_t)(c - 'A' + 10);
                else
                        return -1;
        }
        *ret = v;
        return 0;
}

/* Room for @n bytes that live as long as the scan: keys are pointed at, never moved. */
static char *arena_alloc(struct scan *s, size_t n)
{
        enum { BLOCK = 64 * 1024 };
        char *b;

        if (s->n_blocks && s->block_used + n <= s->block_size) {
                b = s->blocks[s->n_blocks - 1] + s->block_used;
                s->block_used += n;
                return b;
        }
        {
                size_t size = n > BLOCK ? n : BLOCK;
                char **blocks = realloc(s->blocks, (s->n_blocks + 1) * sizeof(*blocks));

                if (!blocks)
                        return NULL;
                s->blocks = blocks;
                b = malloc(size);
                if (!b)
                        return NULL;
                s->blocks[s->n_blocks++] = b;
                s->block_size = size;
                s->block_used = n;
                return b;
        }
}

/*
 * Past the string at s->p (its opening quote): 0, or -EINVAL when it is no JSON string (left
 * for json-c to report). A backslash always takes the next character with it.
 */
static int skip_string(struct scan *s)
{
        const char *p = s->p + 1;

        while (p < s->end && *p != '"') {
                if ((unsigned char)*p < 0x20)
                        return -EINVAL;
                p += *p == '\\' ? 2 : 1;
        }
        if (p >= s->end)
                return -EINVAL;
        s->p = p + 1;
        return 0;
}

/* The string at s->p as json-c compares keys: escapes resolved. Returns 0, -EINVAL or -ENOMEM. */
static int key_string(struct scan *s, const char **ret, size_t *len)
{
        const char *p = s->p + 1, *end;
        char *out;
        size_t n = 0;
        int r = skip_string(s);

        if (r < 0)
                return r;
        end = s->p - 1; /* the closing quote */
        /* Decoded, a string is never longer than its text. */
        out = arena_alloc(s, (size_t)(end - p) + 1);
        if (!out)
                return -ENOMEM;
        while (p < end) {
                if (*p != '\\') {
                        out[n++] = *p++;
                        continue;
                }
                p++;
                if (*p == 'u') {
                        uint32_t c, lo;

                        if (hex4(p + 1, end, &c) < 0)
                                return -EINVAL;
                        p += 5;
                        /* A surrogate pair is one character. */
                        if (c >= 0xd800 && c < 0xdc00 && end - p >= 6 && p[0] == '\\' &&
                            p[1] == 'u' && hex4(p + 2, end, &lo) == 0 && lo >= 0xdc00 &&
                            lo < 0xe000) {
                                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                                p += 6;
                        }
                        /* 4 bytes at most, where the text had 6 or 12. */
                        n += (size_t)utf8_put(out + n, c);
                        continue;
                }
                {
                        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
                        const char *k = *p ? strchr(from, *p) : NULL;

                        if (!k)
                                return -EINVAL;
                        out[n++] = to[k - from];
                        p++;
                }
        }
        out[n] = '\0';
        *ret = out;
        /* json-c keeps keys as C strings: "a\u0000b" is "a" to it, so it is here too. */
        *len = strlen(out);
        return 0;
}

static void skip_space(struct scan *s)
{
        while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
                s->p++;
}

/* "$.pfs[0].num_vfs": where the stack is, with @key (may be NULL) as the last step. */
static void stack_path(const struct scan *s, char out[STATE_PATH_MAX])
{
        size_t len = 0;
        int n;

        n = snprintf(out, STATE_PATH_MAX, "$");
        len = (size_t)n;
        for (int i = 0; i < s->depth && len < STATE_PATH_MAX; i++) {
                const struct frame *f = &s->stack[i];

                if (f->object)
                        n = snprintf(out + len, STATE_PATH_MAX - len, ".%.*s", (int)f->key_len,
                                     f->key);
                else
                        n = snprintf(out + len, STATE_PATH_MAX - len, "[%zu]", f->index);
                if (n < 0)
                        break;
                len += (size_t)n;
        }
        if (len >= STATE_PATH_MAX)
                strcpy(out + STATE_PATH_MAX - 4, "...");
}

static int too_many(const char *source, const char *what, unsigned long max, char *err)
{
        snprintf(err, STATE_ERROR_MAX,
                 "%s: more than %lu %s: a document describes at most %d PFs, %d rate groups and %d "
                 "VF entries",
                 source, max, what, DOC_MAX_PFS, DOC_MAX_RATE_GROUPS, DOC_MAX_VF_ENTRIES);
        return -E2BIG;
}

int doc_scan(const char *source, const char *text, size_t size, char err[STATE_ERROR_MAX])
{
        struct scan s = { .p = text, .end = text + size };
        uint32_t next_object = 1;
        bool want_value = true; /* a value may start here (else a ',', ':' or closer) */
        int r = 0;

        while (r == 0) {
                struct frame *top = s.depth ? &s.stack[s.depth - 1] : NULL;
                const char *key;
                size_t key_len;

                skip_space(&s);
                if (s.p >= s.end)
                        break;
                if (top && top->object && want_value && top->key == NULL) {
                        /* A key, or the end of an empty object. */
                        if (*s.p == '}')
                                goto close;
                        if (*s.p != '"')
                                break;
                        r = key_string(&s, &key, &key_len);
                        if (r == -EINVAL) {
                                r = 0;
                                break;
                        }
                        if (r < 0)
                                break;
                        top->key = key;
                        top->key_len = key_len;
                        r = key_seen(&s, top->id, key, key_len);
                        if (r == 1) {
                                char path[STATE_PATH_MAX];

                                stack_path(&s, path);
                                snprintf(err, STATE_ERROR_MAX,
                                         "%s: %s: given twice in one object (JSON would keep only "
                                         "the last)",
                                         source, path);
                                r = -EINVAL;
                                break;
                        }
                        if (r < 0)
                                break;
                        skip_space(&s);
                        if (s.p >= s.end || *s.p != ':')
                                break;
                        s.p++;
                        continue;
                }
                if (!want_value) {
                        if (*s.p == ',' && top) {
                                s.p++;
                                want_value = true;
                                if (top->object)
                                        top->key = NULL;
                                else
                                        top->index++;
                                continue;
                        }
                        if (top && *s.p == (top->object ? '}' : ']'))
                                goto close;
                        break;
                }
                switch (*s.p) {
                case '{':
                case '[':
                        if (s.depth == SCAN_MAX_DEPTH)
                                goto done; /* json-c says "nesting too deep" */
                        if (*s.p == '{' && ++s.objects > DOC_MAX_OBJECTS) {
                                r = too_many(source, "objects", DOC_MAX_OBJECTS, err);
                                break;
                        }
                        if (*s.p == '[' && ++s.arrays > DOC_MAX_ARRAYS) {
                                r = too_many(source, "arrays", DOC_MAX_ARRAYS, err);
                                break;
                        }
                        s.stack[s.depth++] = (struct frame){ .object = *s.p == '{',
                                                             .id = next_object++ };
                        s.p++;
                        want_value = true;
                        continue;
                case ']':
                        if (top && !top->object && top->index == 0)
                                goto close; /* an empty array */
                        goto done;
                case '"':
                        if (skip_string(&s) < 0)
                                goto done;
                        break;
                default:
                        /* A number or literal: its characters up to the next delimiter. */
                        while (s.p < s.end && !strchr(",]} \t\r\n:", *s.p))
                                s.p++;
                        break;
                }
                if (r)
                        break;
                if (++s.scalars > DOC_MAX_SCALARS) {
                        r = too_many(source, "values", DOC_MAX_SCALARS, err);
                        break;
                }
                want_value = false;
                continue;
close:
                s.p++;
                s.depth--;
                want_value = false;
                if (s.depth == 0) {
                        skip_space(&s);
                        break;
                }
        }
done:
        for (size_t i = 0; i < s.n_blocks; i++)
                free(s.blocks[i]);
        free(s.blocks);
        free(s.keys);
        if (r == -ENOMEM)
                snprintf(err, STATE_ERROR_MAX, "%s: out of memory", source);
        return r < 0 ? r : 0;
}
