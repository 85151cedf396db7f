/* dataset.h - the responses as ingest leaves them: one column per spec
 * variable (same order as sp_spec.variables), rating answers as compact
 * codes (half a byte a cell on every usual scale), plus where each row
 * came from (file, line) for messages and exclusion logs. Crosses ingest -> clean -> score -> analyze. */
#ifndef SATPIPE_DATASET_H
#define SATPIPE_DATASET_H

#include <math.h>
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

/* Distinct values a text column may have and still take a byte a row. */
#define SP_TEXT_LEVELS 255
/* Recent distinct values of a text column past its levels, so that runs
 * of one value are stored once. */
#define SP_TEXT_CACHE 8

/* How a rating column stores its answers. A scale of at most 15 points
 * (1..5, 1..7, 0..10: every usual one) takes 4 bits a cell, two cells a
 * byte; up to 255 points, a byte; beyond, the codes in 16 bits. The
 * narrow widths store code - base, all ones meaning "no usable answer". */
typedef enum sp_code_width {
    SP_CODES_4BIT,
    SP_CODES_8BIT,
    SP_CODES_16BIT,
} sp_code_width;
#define SP_CODE4_MISSING 15u
#define SP_CODE8_MISSING 255u

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
    /* SP_VALUE_RATING, read with sp_dataset_code. */
    sp_code_width width;
    int base;          /* 4 and 8 bits: the variable's lowest valid code */
    uint8_t *packed;   /* 4 bits: row r in byte r / 2, the low half when r
                        * is even; 8 bits: row r in byte r */
    int16_t *codes;    /* 16 bits: SP_CODE_MISSING when missing */
    double *numbers;   /* SP_VALUE_NUMBER: NAN when missing */
    /* SP_VALUE_TEXT, read with sp_dataset_text; the strings live in the
     * dataset's text blocks (rows may share one), never freed one by one.
     * While the column has at most SP_TEXT_LEVELS distinct values
     * (segments, consent answers, waves: the usual case), a byte a row in
     * `levels`: 0 when empty, else 1 + its value's index in level_refs.
     * Past that (ids, comments), a ref a row in `texts`, levels NULL. */
    uint8_t *levels;
    sp_text_ref *level_refs;   /* the distinct values, n_levels of them */
    /* Comments and contact details, which no analysis reads: past their
     * levels, their text goes to the dataset's cold store (a temporary
     * file) and `texts` are refs into it. Read them with
     * sp_dataset_text_read, never sp_dataset_text. */
    int cold_eligible, cold;
    uint16_t *level_slots;     /* hash table of level_refs: 1 + index */
    size_t n_levels;
    sp_text_ref *texts;
    sp_text_ref recent[SP_TEXT_CACHE];   /* texts' last distinct values */
    size_t lookups, hits;
} sp_column;

/* Seconds a row (a duration, a time since 1970): 4 bytes a row while
 * every value is a whole number of seconds below 2^32 - 1, so stored
 * exactly (the usual case), else doubles for every row. Read with
 * sp_seconds_at. */
typedef struct sp_seconds {
    uint32_t *whole;   /* SP_SECONDS_UNKNOWN when unknown */
    double *exact;     /* once a value is not whole: NAN when unknown */
} sp_seconds;
#define SP_SECONDS_UNKNOWN UINT32_MAX

/* Row's seconds, NAN when unknown. */
static inline double sp_seconds_at(const sp_seconds *s, size_t row)
{
    if (s->exact)
        return s->exact[row];
    return s->whole[row] == SP_SECONDS_UNKNOWN ? NAN : (double)s->whole[row];
}

struct sp_text_block;   /* text cells' storage (src/core/util.h) */

/* A row and a value of it: the hash of its cold-eligible text
 * (sp_dataset.unkeyed), or its line (sp_dataset.line_escapes). */
typedef struct sp_row_value {
    uint32_t row, value;
} sp_row_value;

typedef struct sp_source {
    char *path;
    const char *layout;     /* static: "qualtrics", ... */
    const char *encoding;   /* static: "UTF-8", ... */
    char delimiter;
    size_t first_row;  /* the dataset's row of its first data row: a
                        * file's rows follow one another */
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
    /* Per row, the line of its file where it starts, read with
     * sp_dataset_line: a byte a row, the lines since the row before
     * (LINE_ESCAPED: in line_escapes), and every 64th row's line itself. */
    uint8_t *line_step;
    uint32_t *line_base;           /* per 64 rows: the first one's line */
    sp_row_value *line_escapes;    /* rows whose step is no byte, in order */
    size_t n_line_escapes, line_escapes_cap;
    uint32_t last_line;            /* row n_rows - 1's */
    uint32_t row_line;             /* the row being read's */
    uint16_t *invalid;     /* per row: invalid cells made missing */
    uint8_t *defect;       /* per row: an sp_row_defect */
    sp_seconds duration;   /* per row: how long the answers took */
    sp_seconds submitted;  /* per row: submission time (s since 1970) */
    uint8_t *flags;        /* per row: SP_FLAG_* from platform columns */
    char **labels;         /* per variable: question text, or NULL */
    struct sp_text_block *text_blocks;   /* newest first */
    char **text_bases;     /* each block's bytes: a ref's block */
    size_t n_text_bases, text_bases_cap;
    size_t text_current;   /* 1 + the index of text_blocks (the block
                            * being filled) in text_bases; 0: none */
    /* The cold store: blocks of cold columns' text, each written to a
     * temporary file (unlinked) once the next begins. */
    int cold_fd;                        /* -1 until a block is written */
    uint64_t *cold_offsets;             /* per block: where in the file */
    size_t n_cold_blocks, cold_blocks_cap;
    uint64_t cold_file_size;
    struct sp_text_block *cold_block;   /* block n_cold_blocks, being
                                         * filled, or NULL */
    /* The rows without an id, in order, each with a hash of its comment
     * and contact text: duplicates by answers are found without reading
     * the cold store but for rows whose hashes agree. */
    int hash_unkeyed;      /* the spec has such columns: keep them */
    sp_row_value *unkeyed;
    size_t n_unkeyed, unkeyed_cap;
    uint32_t row_hash;     /* the row being read's, so far */
    size_t n_sources, source_capacity;
    sp_source *sources;
} sp_dataset;

/* Allocates an empty dataset for spec's variables; NULL when out of memory.
 * Free with sp_dataset_free. */
sp_dataset *sp_dataset_new(const sp_spec *spec);
/* NULL-safe. */
void sp_dataset_free(sp_dataset *ds);

/* The text cell at (row, variable) as a ref, 0 when empty: rows with the
 * same ref have the same text (the converse need not hold). */
static inline sp_text_ref sp_dataset_text_ref(const sp_dataset *ds,
                                              size_t variable, size_t row)
{
    const sp_column *c = &ds->columns[variable];
    if (c->levels)
        return c->levels[row] ? c->level_refs[c->levels[row] - 1] : 0;
    return c->texts[row];
}

/* A buffer that text read from the cold store goes to: a window of the
 * file, so that rows read in order take one read for many. Starts {0};
 * free its data. */
typedef struct sp_text_buf {
    char *data;
    size_t cap, len;   /* data holds len bytes of the file from start */
    uint64_t start;
} sp_text_buf;

/* Any text cell at (row, variable), cold or not: *text is NULL when
 * empty, else its bytes, in the dataset or (a cold cell) read into buf,
 * valid until buf's next use. SP_ERR_IO when the cold store cannot be
 * read. Safe from several threads, each with its own buffer. */
sp_error sp_dataset_text_read(const sp_dataset *ds, size_t variable,
                              size_t row, sp_text_buf *buf,
                              const char **text);

/* The text cell at (row, variable), NULL when empty; not for a cold
 * column (sp_column.cold). */
static inline const char *sp_dataset_text(const sp_dataset *ds,
                                          size_t variable, size_t row)
{
    sp_text_ref ref = sp_dataset_text_ref(ds, variable, row);
    return ref ? ds->text_bases[(ref >> SP_TEXT_OFFSET_BITS) - 1] +
                     (ref & SP_TEXT_OFFSET_MASK)
               : NULL;
}

/* The line of its file where row starts. */
uint32_t sp_dataset_line(const sp_dataset *ds, size_t row);

/* The index in sources of the file row was read from. */
static inline size_t sp_dataset_source(const sp_dataset *ds, size_t row)
{
    /* The last file starting at or before row; a file without rows
     * starts where the next starts, and is never the last of them. */
    size_t lo = 0, hi = ds->n_sources;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->sources[mid].first_row <= row)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The rating code at (row, variable), or SP_CODE_MISSING. */
static inline int sp_dataset_code(const sp_dataset *ds, size_t variable,
                                  size_t row)
{
    const sp_column *c = &ds->columns[variable];
    unsigned cell;
    switch (c->width) {
    case SP_CODES_4BIT:
        cell = (c->packed[row >> 1] >> ((row & 1) << 2)) & SP_CODE4_MISSING;
        if (cell == SP_CODE4_MISSING)
            return SP_CODE_MISSING;
        break;
    case SP_CODES_8BIT:
        cell = c->packed[row];
        if (cell == SP_CODE8_MISSING)
            return SP_CODE_MISSING;
        break;
    default:
        return c->codes[row];
    }
    return c->base + (int)cell;
}

#endif
