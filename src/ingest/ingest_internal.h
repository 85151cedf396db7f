/* ingest_internal.h - what the ingest stage's files share: row storage of
 * the dataset, the header records of a file, export layouts (one detector
 * per platform) and cell conversion. Not installed. */
#ifndef SATPIPE_INGEST_INTERNAL_H
#define SATPIPE_INGEST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "satpipe/dataset.h"

/* ---- dataset rows (dataset.c) ---- */

/* Appends a row of the latest source (file) with every cell missing; its
 * cells may then be set at index ds->n_rows until dataset_end_row. */
sp_error dataset_begin_row(sp_dataset *ds, uint32_t line);
sp_error dataset_end_row(sp_dataset *ds);
/* Drops a row begun but never ended. */
void dataset_discard_row(sp_dataset *ds);
/* Drops the rows from n_rows on (a skipped file's). */
void dataset_truncate(sp_dataset *ds, size_t n_rows);
/* Moves every row and source of `from` to the end of ds (file order kept:
 * a file read on its own thread joining the run's dataset); `from` is left
 * empty, to be freed. */
sp_error dataset_append(sp_dataset *ds, sp_dataset *from);
/* Moves the rows of `from`, the second half of ds's file `source` (its
 * latest) read on a thread of its own (from's one source), to the end of
 * ds, adding its counts to the source's. `from` is left empty, to be freed. */
sp_error dataset_append_part(sp_dataset *ds, sp_dataset *from,
                             uint32_t source);
/* Sets the text cell (row, v) to text[0..len), copied into ds's text
 * blocks unless the column holds it already (as a level, or a value it
 * stored lately). SP_ERR_INPUT when the dataset's text cells would pass
 * ~4 GiB (SP_TEXT_MAX_BLOCKS). */
sp_error dataset_set_text(sp_dataset *ds, size_t v, size_t row,
                          const char *text, size_t len);
/* Sets the rating cell (row, v) to code, which is in the variable's
 * min..max (ingest_convert_rating checked it). */
static inline void dataset_set_code(sp_dataset *ds, size_t v, size_t row,
                                    int code)
{
    sp_column *c = &ds->columns[v];
    unsigned cell = (unsigned)(code - c->base), shift = (row & 1) << 2;
    switch (c->width) {
    case SP_CODES_4BIT:
        c->packed[row >> 1] = (uint8_t)((c->packed[row >> 1] &
                                         ~(SP_CODE4_MISSING << shift)) |
                                        cell << shift);
        break;
    case SP_CODES_8BIT:
        c->packed[row] = (uint8_t)cell;
        break;
    case SP_CODES_16BIT:
        c->codes[row] = (int16_t)code;
        break;
    }
}
/* Sets row's seconds in s (ds's duration or submitted) to x >= 0,
 * turning s into doubles the first time x is not whole. */
sp_error dataset_set_seconds(sp_dataset *ds, sp_seconds *s, size_t row,
                             double x);
/* Says why text could not be kept (err from dataset_set_text or a join:
 * SP_ERR_INPUT past ~4 GiB, SP_ERR_IO the cold store's temporary file),
 * at file and line; nothing for other errors. */
void dataset_text_error(sp_diag *diag, const char *file, long line,
                        sp_error err);

/* ---- the cold store (cold_store.c) ---- */

/* *ref: a copy of text[0..len) in ds's cold store. SP_ERR_IO when the
 * temporary file cannot be written, SP_ERR_INPUT past ~4 GiB. */
sp_error cold_copy(sp_dataset *ds, const char *text, size_t len,
                   sp_text_ref *ref);
/* Writes the block being filled to the file. */
sp_error cold_flush(sp_dataset *ds);
/* Appends from's cold store to ds's; from's cold refs plus *shift are
 * ds's. */
sp_error cold_append(sp_dataset *ds, sp_dataset *from, sp_text_ref *shift);
void cold_free(sp_dataset *ds);

/* Says that path cannot be opened (errno says why) and what to check. */
void ingest_say_cannot_open(sp_diag *diag, const char *path);

/* Registers an input file; *index is its number for rows. */
sp_error dataset_add_source(sp_dataset *ds, const char *path,
                            uint32_t *index);

/* ---- header records and columns (layout.c) ---- */

/* Header rows a layout may have (Qualtrics has three). */
#define INGEST_MAX_HEADER_ROWS 3

/* One record of the file as read, every field copied. */
typedef struct ingest_record {
    size_t n_fields, cap;
    char **fields;     /* NUL-terminated copies */
    size_t *lengths;   /* their lengths: a field may hold NUL bytes */
    long line;
} ingest_record;

/* A column of an export: how the spec may name it. */
typedef struct ingest_column {
    char *id;     /* first header row, or made by the layout (Q3_1) */
    char *text;   /* question text, or NULL */
    char *raw;    /* the header cell as exported, or NULL when = id */
} ingest_column;

typedef struct ingest_layout {
    const char *name;
    /* Nonzero when the first records look like this layout's header. */
    int (*detect)(const ingest_record *head, size_t n_head);
    /* How many of the first records are header rows. */
    size_t (*header_rows)(const ingest_record *head, size_t n_head);
    /* Fills cols[0..head[0].n_fields) from the header rows; NULL means
     * ids from the first row, question text from the second if any. */
    sp_error (*columns)(const ingest_record *head, size_t n_header,
                        ingest_column *cols);
    const int *missing_codes;          /* "not shown", "skipped" codes */
    size_t n_missing_codes;
    const char *const *missing_texts;  /* NULL-terminated, or NULL */
    /* Metadata columns (ids), NULL-terminated lists, first found wins. */
    const char *const *id_columns;
    const char *const *duration_columns;
    const char *const *start_columns;
    const char *const *end_columns;       /* also the submission time */
    /* Platform flags: "0"/"false" in a finished column, a preview status,
     * an empty submitted column mark a row (SP_FLAG_*). */
    const char *const *finished_columns;
    const char *const *status_columns;
    const char *const *submitted_columns;
} ingest_layout;

/* The layouts, most specific first; the last is plain CSV. */
extern const ingest_layout *const ingest_layouts[];
/* The layout whose header these records are (plain CSV at worst). */
const ingest_layout *ingest_layout_detect(const ingest_record *head,
                                          size_t n_head);
/* By name ("qualtrics"); NULL when unknown. */
const ingest_layout *ingest_layout_find(const char *name);
/* Fills cols from the header rows with the layout's rule. */
sp_error ingest_layout_columns(const ingest_layout *layout,
                               const ingest_record *head, size_t n_header,
                               ingest_column *cols);
/* Index of the first column whose id is one of names, or -1. */
long ingest_find_column(const ingest_column *cols, size_t n,
                        const char *const *names);
/* Index of the field equal (trimmed) to name in a record, or -1. */
long ingest_record_find(const ingest_record *r, const char *name);
void ingest_columns_free(ingest_column *cols, size_t n);

/* ---- cells (values.c, duration.c) ---- */

typedef enum value_status {
    VALUE_OK,
    VALUE_EMPTY,          /* blank cell: no answer */
    VALUE_MISSING_CODE,   /* a missing code of the spec or the layout */
    VALUE_INVALID,        /* not a number (nor a label) */
    VALUE_OUT_OF_RANGE,   /* a number outside the column's answers */
    VALUE_BAD_BYTES,      /* bytes not valid in the file's encoding */
} value_status;

/* Converts a rating cell: whole number ("4", " 4.0 ", "5 - Very
 * satisfied"), or an answer label (the spec's, then the built-in sets for
 * the scale; trimmed, ASCII case ignored); missing codes; range. *code is
 * set when VALUE_OK. layout may be NULL. */
value_status ingest_convert_rating(const sp_spec *spec,
                                   const ingest_layout *layout,
                                   const sp_variable *var, const char *text,
                                   size_t len, int *code);

/* A number, or a whole number with a label ("5 - Very satisfied");
 * 0 when text is neither. */
int ingest_parse_code(const char *text, size_t len, double *out);

/* The code of a built-in answer label on a scale of `points` points
 * (0 = lowest), or -1. */
int ingest_builtin_label(const char *text, size_t len, int points);

/* Converts a numeric cell (weight). *out is set when VALUE_OK. */
value_status ingest_convert_number(const char *text, size_t len,
                                   double *out);

/* Converts a duration: seconds ("125", "125.5"), "2:05", "1:02:05",
 * "125秒", "2分5秒", "1小时2分5秒". */
value_status ingest_convert_duration(const char *text, size_t len,
                                     double *seconds);

/* Parses a timestamp ("2026-09-02 07:13:05", "2026/9/2 7:13",
 * "09/02/2026 07:13:05 PM", ISO 8601 with T) into seconds since an epoch;
 * 0 when it is none of these. */
int ingest_parse_timestamp(const char *text, size_t len, double *seconds);

/* Trims blanks at both ends of text[0..*len); returns the new start. */
const char *ingest_trim(const char *text, size_t *len);

#endif
