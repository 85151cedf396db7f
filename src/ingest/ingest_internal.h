/* ingest_internal.h - what the ingest stage's files share: row storage of
 * the dataset and cell conversion. Not installed. */
#ifndef SATPIPE_INGEST_INTERNAL_H
#define SATPIPE_INGEST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/dataset.h"

/* Appends a row with every cell missing; its cells may then be set at
 * index ds->n_rows until dataset_end_row. */
sp_error dataset_begin_row(sp_dataset *ds, uint32_t source, uint32_t line);
void dataset_end_row(sp_dataset *ds);
/* Drops a row begun but never ended (a record cut off by an error). */
void dataset_discard_row(sp_dataset *ds);
/* Registers an input file; *index is its number for rows. */
sp_error dataset_add_source(sp_dataset *ds, const char *path,
                            uint32_t *index);

typedef enum value_status {
    VALUE_OK,
    VALUE_EMPTY,          /* blank cell: no answer */
    VALUE_MISSING_CODE,   /* one of the spec's missing codes */
    VALUE_INVALID,        /* not a number (nor a label) */
    VALUE_OUT_OF_RANGE,   /* a number outside the column's answers */
} value_status;

/* Converts a rating cell: answer label or whole number, missing codes,
 * range. *code is set when VALUE_OK. */
value_status ingest_convert_rating(const sp_spec *spec,
                                   const sp_variable *var, const char *text,
                                   size_t len, int *code);

/* Converts a numeric cell (duration, weight). *out is set when VALUE_OK. */
value_status ingest_convert_number(const char *text, size_t len,
                                   double *out);

/* Trims blanks at both ends of text[0..*len); returns the new start. */
const char *ingest_trim(const char *text, size_t *len);

#endif
