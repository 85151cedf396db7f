/* spec_keys.c - known spec keys and typo suggestions (see spec_keys.h). */
#include "spec_keys.h"

#include "../core/util.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const spec_column_key column_keys[] = {
    {"id", SP_ROLE_ID, offsetof(sp_spec, id)},
    {"duration", SP_ROLE_DURATION, offsetof(sp_spec, duration)},
    {"weight", SP_ROLE_WEIGHT, offsetof(sp_spec, weight)},
    {"wave", SP_ROLE_WAVE, offsetof(sp_spec, wave)},
    {"overall", SP_ROLE_OVERALL, offsetof(sp_spec, overall)},
    {"nps", SP_ROLE_NPS, offsetof(sp_spec, nps)},
    {"comment", SP_ROLE_COMMENT, offsetof(sp_spec, comment)},
    {"contact", SP_ROLE_CONTACT, offsetof(sp_spec, contact)},
    {"consent", SP_ROLE_CONSENT, offsetof(sp_spec, consent)},
};

const char *const spec_top_keys[] = {
    "title", "language", "scale", "missing", "labels", "segments",
    "dimensions", "id", "duration", "weight", "wave", "overall", "nps",
    "comment", "contact", "consent", "layout", "encoding", "required",
    "cleaning", "top_box", "targets", "priorities", "min_base", "recovery",
    "kano", NULL};

const char *const spec_dimension_keys[] = {"key", "label", "items",
                                           "reverse", "expectations", NULL};

const spec_column_key *spec_find_column_key(const char *key)
{
    for (size_t i = 0; i < sizeof column_keys / sizeof column_keys[0]; i++)
        if (strcmp(column_keys[i].key, key) == 0)
            return &column_keys[i];
    return NULL;
}

void spec_warn_unknown_key(sp_diag *diag, const char *file, long line,
                           const char *key, const char *const known[])
{
    size_t n = 0;
    while (known[n])
        n++;
    const char *best = sp_closest_name(key, known, n);
    if (best)
        sp_diag_add(diag, SP_WARNING, file, line, 0,
                    "unknown key '%s' is ignored; did you mean '%s'?", key,
                    best);
    else
        sp_diag_add(diag, SP_WARNING, file, line, 0,
                    "unknown key '%s' is ignored", key);
}
