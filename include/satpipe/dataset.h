/* dataset.h - the responses as ingest leaves them: one column per spec
 * variable (same order as sp_spec.variables), rating answers as compact
 * int16 codes, plus where each row came from (file, line) for messages and
 * exclusion logs. Crosses ingest -> clean -> score -> analyze. */
#ifndef SATPIPE_DATASET_H
#define SATPIPE_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/spec.h"

/* A rating cell with no usable answer (empty, missing code, invalid). */
#define SP_CODE_MISSING INT16_MIN

typedef struct sp_column {
    int16_t *codes;    /* SP_VALUE_RATING */
    double *numbers;   /* SP_VALUE_NUMBER: NAN when missing */
    char **texts;      /* SP_VALUE_TEXT: NULL when empty */
} sp_column;

typedef struct sp_source {
    char *path;
    size_t rows;       /* data rows read from this file */
    size_t invalid;    /* cells made missing because invalid or out of range */
} sp_source;

typedef struct sp_dataset {
    const sp_spec *spec;   /* borrowed; must outlive the dataset */
    size_t n_rows, row_capacity;
    sp_column *columns;    /* spec->n_variables of them */
    uint32_t *source;      /* per row: index into sources */
    uint32_t *line;        /* per row: line of its file where it starts */
    uint16_t *invalid;     /* per row: invalid cells made missing */
    size_t n_sources, source_capacity;
    sp_source *sources;
} sp_dataset;

/* Allocates an empty dataset for spec's variables; NULL when out of memory.
 * Free with sp_dataset_free. */
sp_dataset *sp_dataset_new(const sp_spec *spec);
/* NULL-safe. */
void sp_dataset_free(sp_dataset *ds);

/* The rating code at (row, variable), or SP_CODE_MISSING. */
static inline int sp_dataset_code(const sp_dataset *ds, size_t variable,
                                  size_t row)
{
    return ds->columns[variable].codes[row];
}

#endif
