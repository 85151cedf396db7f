/* sample.h - what `satpipe infer` learns from reading exports: the columns
 * of the first file and, per column, what kind of values it holds. Filled
 * by the reader (csv_reader.c) in sampling mode. Internal to ingest. */
#ifndef SATPIPE_INGEST_SAMPLE_H
#define SATPIPE_INGEST_SAMPLE_H

#include <stddef.h>

#include "encoding.h"
#include "ingest_internal.h"

/* Rows per file looked at; enough to see every answer of a rating item. */
#define SAMPLE_ROWS 5000
/* Distinct texts kept per column (more: "many"). */
#define SAMPLE_DISTINCT 24

/* Codes that are usually "no answer" rather than an answer. */
#define SAMPLE_N_SPECIAL 8
extern const int sample_special_codes[SAMPLE_N_SPECIAL];

typedef struct sample_column {
    size_t nonempty;
    size_t whole[12];        /* whole numbers 0..11 seen */
    size_t special[SAMPLE_N_SPECIAL];
    size_t other_numbers;    /* any other number (ages, seconds, ids) */
    size_t skipped;          /* the layout's "skipped" texts: (跳过) */
    size_t label5, label7;   /* built-in 5- and 7-point labels */
    size_t texts;            /* anything else */
    size_t emails, yes_no, timestamps, durations;
    size_t total_length;
    char *distinct[SAMPLE_DISTINCT];
    size_t n_distinct;
    int many_distinct;
} sample_column;

typedef struct ingest_sample {
    const ingest_layout *layout_rules;   /* of the first file */
    const char *layout;         /* static, of the first file */
    const char *encoding;
    int mixed_layout, mixed_encoding;
    ingest_column *cols;        /* of the first file */
    size_t n_cols;
    sample_column *stats;       /* n_cols */
    size_t rows;                /* rows looked at in this file */
    size_t files;
} ingest_sample;

/* Records a cell of column f (ignored beyond the first file's columns). */
void sample_cell(ingest_sample *s, size_t f, const char *data, size_t len);
/* Adopts the columns of a file's header (the first file's only). */
sp_error sample_header(ingest_sample *s, ingest_column *cols, size_t n,
                       const char *layout, const char *encoding);
void sample_free(ingest_sample *s);

#endif
