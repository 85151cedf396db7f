/* clean.h - decides which responses are analysed. Each rule is a small unit
 * that marks a response with a reason; a response is excluded by its first
 * failing rule, in the order of sp_exclusion. Always read = valid + excluded. */
#ifndef SATPIPE_CLEAN_H
#define SATPIPE_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/dataset.h"

/* Exclusion reasons, in the order rules are applied. */
typedef enum sp_exclusion {
    SP_KEEP = 0,
    SP_EXCLUDE_CUT_OFF,          /* a quoted field never closed */
    SP_EXCLUDE_RAGGED,           /* more or fewer fields than the header */
    SP_EXCLUDE_NUL_BYTES,        /* NUL bytes in the row */
    SP_EXCLUDE_OVERSIZED_FIELD,  /* a field over SP_MAX_FIELD_BYTES */
    SP_EXCLUDE_NO_ANSWERS,       /* not one rating answered */
    SP_EXCLUDE__COUNT
} sp_exclusion;

typedef struct sp_cleaning {
    size_t read, valid;
    size_t excluded[SP_EXCLUDE__COUNT];  /* by reason; [SP_KEEP] is 0 */
    uint8_t *reason;                     /* per row: an sp_exclusion */
} sp_cleaning;

/* Applies the rules to every row. *out is new; free with sp_cleaning_free. */
sp_error sp_clean_run(const sp_dataset *ds, sp_cleaning **out, sp_diag *diag);
/* NULL-safe. */
void sp_cleaning_free(sp_cleaning *cleaning);

/* Stable key of a reason, as in the JSON ("no_answers"), and its plain
 * description for the workbook. */
const char *sp_exclusion_key(sp_exclusion reason);
const char *sp_exclusion_description(sp_exclusion reason);

#endif
