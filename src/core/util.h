/* util.h - small internal helpers shared by every stage: checked growth of
 * arrays, string duplication and formatting. Internal: not installed. */
#ifndef SATPIPE_UTIL_H
#define SATPIPE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "satpipe/error.h"

/* Ensures *array has room for `needed` elements of `size` bytes, doubling
 * *capacity as needed. On failure *array is untouched: SP_ERR_NOMEM. */
sp_error sp_grow(void **array, size_t *capacity, size_t needed, size_t size);

/* Allocates a copy of s (or of its first n bytes); NULL when out of memory. */
char *sp_strdup(const char *s);
char *sp_strndup(const char *s, size_t n);

/* Strings copied one after the other into large blocks: no allocation,
 * header or free per string. A list of blocks, newest first. */
typedef struct sp_text_block {
    struct sp_text_block *next;
    size_t used, size;
    char bytes[];
} sp_text_block;

/* A copy of text[0..len), NUL-terminated, in *blocks (a new block when the
 * newest is full); NULL when out of memory. */
const char *sp_text_store(sp_text_block **blocks, const char *text,
                          size_t len);
/* Frees every block; *blocks becomes NULL. */
void sp_text_blocks_free(sp_text_block **blocks);

/* FNV-1a hashing: SP_HASH_START is the hash of nothing; each call adds
 * bytes to hash h. */
#define SP_HASH_START 1469598103934665603ULL

static inline uint64_t sp_hash_byte(uint64_t h, uint8_t byte)
{
    return (h ^ byte) * 1099511628211ULL;
}

static inline uint64_t sp_hash_bytes(uint64_t h, const char *bytes,
                                     size_t len)
{
    for (size_t i = 0; i < len; i++)
        h = sp_hash_byte(h, (uint8_t)bytes[i]);
    return h;
}

/* Allocates a formatted string; NULL when out of memory. */
char *sp_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *sp_vformat(const char *fmt, va_list ap);

/* Frees the n strings of a vector, then the vector. NULL-safe. */
void sp_strv_free(char **v, size_t n);

/* Edit distance between a and b (optimal string alignment: a swap of
 * neighbours counts as one edit), for "did you mean" suggestions; strings
 * over 64 bytes count as entirely different. */
size_t sp_edit_distance(const char *a, const char *b);

/* The candidate closest to `name` when it is near enough to be a typo
 * (at most a third of its letters away), else NULL. */
const char *sp_closest_name(const char *name, const char *const *candidates,
                            size_t n);

#endif
