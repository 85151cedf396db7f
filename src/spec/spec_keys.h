/* spec_keys.h - the table of keys a survey spec may hold, and the warning
 * for an unknown key that suggests the closest known one. Internal to the
 * spec stage. */
#ifndef SATPIPE_SPEC_KEYS_H
#define SATPIPE_SPEC_KEYS_H

#include <stddef.h>

#include "satpipe/spec.h"

/* A top-level key that names one column, and where sp_spec keeps it. */
typedef struct spec_column_key {
    const char *key;
    sp_role role;
    size_t offset;   /* offsetof(sp_spec, <slot>) */
} spec_column_key;

/* NULL when key is not a single-column key. */
const spec_column_key *spec_find_column_key(const char *key);

/* NULL-terminated lists of the known keys. */
extern const char *const spec_top_keys[];
extern const char *const spec_dimension_keys[];

/* Warns that `key` is unknown and ignored, suggesting the closest of
 * `known` when it is near enough to be a typo. */
void spec_warn_unknown_key(sp_diag *diag, const char *file, long line,
                           const char *key, const char *const known[]);

#endif
