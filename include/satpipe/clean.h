/* clean.h - decides which responses are analysed. Each rule is a small unit
 * that marks a response with a reason, configured by the spec's `cleaning:`
 * block; a response is excluded by its first failing rule, in the order of
 * sp_exclusion, and every rule it failed is kept for the exclusion log.
 * Always read = valid + excluded. */
#ifndef SATPIPE_CLEAN_H
#define SATPIPE_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/dataset.h"

/* Exclusion reasons, in the order rules are applied: first rows ingest
 * found malformed, then what the survey platform says, then the rules on
 * the answers. */
typedef enum sp_exclusion {
    SP_KEEP = 0,
    SP_EXCLUDE_CUT_OFF,          /* a quoted field never closed */
    SP_EXCLUDE_RAGGED,           /* more or fewer fields than the header */
    SP_EXCLUDE_NUL_BYTES,        /* NUL bytes in the row */
    SP_EXCLUDE_OVERSIZED_FIELD,  /* a field over SP_MAX_FIELD_BYTES */
    SP_EXCLUDE_PREVIEW,          /* platform: a preview response */
    SP_EXCLUDE_UNFINISHED,       /* platform: not finished */
    SP_EXCLUDE_NO_ANSWERS,       /* not one rating answered */
    SP_EXCLUDE_DUPLICATE,        /* same id, or same answers, as another */
    SP_EXCLUDE_ATTENTION,        /* failed an attention check */
    SP_EXCLUDE_SPEEDER,          /* too fast */
    SP_EXCLUDE_STRAIGHTLINER,    /* one answer for every item of each grid */
    SP_EXCLUDE_LOW_VARIABILITY,  /* answers vary too little (opt-in) */
    SP_EXCLUDE_INVALID_VALUES,   /* more than max_invalid invalid values */
    SP_EXCLUDE_TOO_LITTLE,       /* fewer than min_answered of the items */
    SP_EXCLUDE__COUNT
} sp_exclusion;
/* sp_cleaning.failed has a bit for each reason. */
_Static_assert(SP_EXCLUDE__COUNT <= 16, "sp_cleaning.failed is 16 bits");

typedef struct sp_cleaning {
    size_t read, valid;
    size_t excluded[SP_EXCLUDE__COUNT];  /* by first reason; [SP_KEEP] 0 */
    uint8_t *reason;                     /* per row: the first reason */
    uint16_t *failed;                    /* per row: 1 << reason, each rule */
    double median_duration;   /* of well-formed rows; NAN when unknown */
    double speeder_seconds;   /* faster than this is a speeder; NAN: off */
} sp_cleaning;

/* Applies the rules to every row; with threads > 1, duplicates are found
 * on a second thread (the same result). *out is new; free with
 * sp_cleaning_free. */
sp_error sp_clean_run(const sp_dataset *ds, int threads, sp_cleaning **out,
                      sp_diag *diag);
/* NULL-safe. */
void sp_cleaning_free(sp_cleaning *cleaning);

/* Stable key of a reason, as in the JSON ("no_answers"), and its plain
 * description for the workbook. */
const char *sp_exclusion_key(sp_exclusion reason);
const char *sp_exclusion_description(sp_exclusion reason);

#endif
