/* util.c - checked allocation helpers (see util.h). Out-of-memory is
 * reported as SP_ERR_NOMEM and propagated; nothing here aborts. */
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sp_error sp_grow(void **array, size_t *capacity, size_t needed, size_t size)
{
    if (needed <= *capacity)
        return SP_OK;
    size_t cap = *capacity ? *capacity : 8;
    while (cap < needed) {
        if (cap > SIZE_MAX / 2)
            return SP_ERR_NOMEM;
        cap *= 2;
    }
    if (size && cap > SIZE_MAX / size)
        return SP_ERR_NOMEM;
    void *grown = realloc(*array, cap * size);
    if (!grown)
        return SP_ERR_NOMEM;
    *array = grown;
    *capacity = cap;
    return SP_OK;
}

char *sp_strndup(const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

#define TEXT_BLOCK_BYTES (1u << 20)

const char *sp_text_store(sp_text_block **blocks, const char *text,
                          size_t len)
{
    sp_text_block *b = *blocks;
    if (!b || b->size - b->used < len + 1) {
        size_t size = len + 1 > TEXT_BLOCK_BYTES ? len + 1 : TEXT_BLOCK_BYTES;
        if (!(b = malloc(sizeof *b + size)))
            return NULL;
        *b = (sp_text_block){.next = *blocks, .size = size};
        *blocks = b;
    }
    char *copy = b->bytes + b->used;
    memcpy(copy, text, len);
    copy[len] = '\0';
    b->used += len + 1;
    return copy;
}

void sp_text_blocks_free(sp_text_block **blocks)
{
    while (*blocks) {
        sp_text_block *next = (*blocks)->next;
        free(*blocks);
        *blocks = next;
    }
}

char *sp_strdup(const char *s)
{
    return sp_strndup(s, strlen(s));
}

char *sp_vformat(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *out = len < 0 ? NULL : malloc((size_t)len + 1);
    if (out)
        vsnprintf(out, (size_t)len + 1, fmt, again);
    va_end(again);
    return out;
}

char *sp_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = sp_vformat(fmt, ap);
    va_end(ap);
    return out;
}

void sp_strv_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

size_t sp_edit_distance(const char *a, const char *b)
{
    /* Optimal string alignment distance: insertions, deletions,
     * substitutions and swaps of neighbours (titel -> title) cost 1. */
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)   /* names compared are short; a long one is no typo */
        return la > lb ? la : lb;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *sp_closest_name(const char *name, const char *const *candidates,
                            size_t n)
{
    const char *best = NULL;
    size_t best_distance = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = sp_edit_distance(name, candidates[i]);
        if (d < best_distance) {
            best_distance = d;
            best = candidates[i];
        }
    }
    size_t limit = strlen(name) / 3 > 1 ? strlen(name) / 3 : 1;
    return best && best_distance <= limit ? best : NULL;
}
