/* dataset.h - the responses as ingest leaves them: one column per spec
 * variable (same order as sp_spec.variables), rating answers as compact
 * codes (one byte, or two for a scale beyond 127), plus where each row came from (file, line) for messages and
 * exclusion logs. Crosses ingest -> clean -> score -> analyze. */
#ifndef SATPIPE_DATASET_H
#define SATPIPE_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/spec.h"

/* A rating cell with no usable answer (empty, missing code, invalid). */
#define SP_CODE_MISSING INT16_MIN

/* What is wrong with a row as read, if anything (it is then excluded). */
typedef enum sp_row_defect {
    SP_ROW_OK = 0,
    SP_ROW_CUT_OFF,          /* a quoted field never closed: file cut off */
    SP_ROW_RAGGED,           /* more or fewer fields than the header */
    SP_ROW_NUL_BYTES,        /* NUL bytes in a field */
    SP_ROW_OVERSIZED_FIELD,  /* a field over SP_MAX_FIELD_BYTES */
} sp_row_defect;

/* What the survey platform says of a row (sp_dataset.flags). */
enum {
    SP_FLAG_UNFINISHED = 1,  /* Qualtrics Finished = 0, LimeSurvey no submitdate */
    SP_FLAG_PREVIEW = 2,     /* Qualtrics Status = Survey Preview */
};

/* Longest field read; a longer one marks its row SP_ROW_OVERSIZED_FIELD. */
#define SP_MAX_FIELD_BYTES (1u << 20)

/* Recent distinct values of a text column, so that a segment's few values
 * are stored once however many rows repeat them. */
#define SP_TEXT_CACHE 8

/* A narrow column's "no usable answer" (codes8). */
#define SP_CODE8_MISSING INT8_MIN

/* A text cell: 0 when empty, else where its bytes are, 4 bytes where a
 * pointer takes 8: the dataset's text block (ref >> SP_TEXT_OFFSET_BITS)
 * - 1, at offset ref & SP_TEXT_OFFSET_MASK. Read it with
 * sp_dataset_text. */
typedef uint32_t sp_text_ref;
#define SP_TEXT_OFFSET_BITS 20   /* text blocks hold 1 MiB */
#define SP_TEXT_OFFSET_MASK ((1u << SP_TEXT_OFFSET_BITS) - 1)
/* Text blocks a dataset can have: its text cells hold at most ~4 GiB. */
#define SP_TEXT_MAX_BLOCKS ((1u << (32 - SP_TEXT_OFFSET_BITS)) - 1)

typedef struct sp_column {
    /* SP_VALUE_RATING: one byte a cell when every answer of the variable
     * fits (-127..127: every usual scale), else two. Read them with
     * sp_dataset_code. */
    int narrow;
    int8_t *codes8;    /* narrow: SP_CODE8_MISSING when missing */
    int16_t *codes;    /* wide: SP_CODE_MISSING when missing */
    double *numbers;   /* SP_VALUE_NUMBER: NAN when missing */
    sp_text_ref *texts;   /* SP_VALUE_TEXT: the strings live in the
                           * dataset's text blocks (rows may share one),
                           * never freed one by one */
    sp_text_ref recent[SP_TEXT_CACHE];
    size_t lookups, hits;
} sp_column;

struct sp_text_block;   /* text cells' storage (src/core/util.h) */

typedef struct sp_source {
    char *path;
    const char *layout;     /* static: "qualtrics", ... */
    const char *encoding;   /* static: "UTF-8", ... */
    char delimiter;
    size_t rows;       /* data rows read from this file */
    size_t invalid;    /* cells made missing because invalid or out of range */
    unsigned char *absent;  /* per variable: 1 when the file lacks it */
    char **hints;      /* per variable: closest column name, or NULL */
    char *skipped;     /* why the file was skipped (--keep-going), or NULL */
    int halves;        /* 2 when read in two halves at once, else 1 */
} sp_source;

typedef struct sp_dataset {
    const sp_spec *spec;   /* borrowed; must outlive the dataset */
    size_t n_rows, row_capacity;
    sp_column *columns;    /* spec->n_variables of them */
    uint32_t *source;      /* per row: index into sources */
    uint32_t *line;        /* per row: line of its file where it starts */
    uint16_t *invalid;     /* per row: invalid cells made missing */
    uint8_t *defect;       /* per row: an sp_row_defect */
    double *duration;      /* per row: seconds, NAN when unknown */
    double *submitted;     /* per row: submission time (s), NAN unknown */
    uint8_t *flags;        /* per row: SP_FLAG_* from platform columns */
    char **labels;         /* per variable: question text, or NULL */
    struct sp_text_block *text_blocks;   /* newest first */
    char **text_bases;     /* each block's bytes: a ref's block */
    size_t n_text_bases, text_bases_cap;
    size_t text_current;   /* 1 + the index of text_blocks (the block
                            * being filled) in text_bases; 0: none */
    size_t n_sources, source_capacity;
    sp_source *sources;
} sp_dataset;

/* Allocates an empty dataset for spec's variables; NULL when out of memory.
 * Free with sp_dataset_free. */
sp_dataset *sp_dataset_new(const sp_spec *spec);
/* NULL-safe. */
void sp_dataset_free(sp_dataset *ds);

/* The text cell at (row, variable), NULL when empty. */
static inline const char *sp_dataset_text(const sp_dataset *ds,
                                          size_t variable, size_t row)
{
    sp_text_ref ref = ds->columns[variable].texts[row];
    return ref ? ds->text_bases[(ref >> SP_TEXT_OFFSET_BITS) - 1] +
                     (ref & SP_TEXT_OFFSET_MASK)
               : NULL;
}

/* The rating code at (row, variable), or SP_CODE_MISSING. */
static inline int sp_dataset_code(const sp_dataset *ds, size_t variable,
                                  size_t row)
{
    const sp_column *c = &ds->columns[variable];
    if (!c->narrow)
        return c->codes[row];
    int code = c->codes8[row];
    return code == SP_CODE8_MISSING ? SP_CODE_MISSING : code;
}

#endif
