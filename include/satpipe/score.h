/* score.h - respondent-level scores: reverse coding of items and the score
 * of each dimension (mean of its answered items after reverse coding, when
 * at least half of them are answered). Rows excluded by clean get none. */
#ifndef SATPIPE_SCORE_H
#define SATPIPE_SCORE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "satpipe/clean.h"
#include "satpipe/dataset.h"

/* Share of a dimension's items that must be answered for its score. */
#define SP_SCORE_MIN_ANSWERED 0.5

/* One set of scores (perceptions, or expectations). A dimension's score
 * can only be one of the values sum / answered of its items' codes: each
 * cell holds the index of its value in the dimension's table of the means
 * that can occur, exact, in one byte where a double takes 8 (two bytes
 * when some table passes 256 entries: many items on a wide scale). On
 * scales so wide that a table would pass 65,535 values, the cells hold
 * the scores themselves. */
typedef struct sp_score_set {
    uint8_t *index8;   /* [d * n_rows + row]; 0: not scored */
    uint16_t *index16; /* the same, when a table is too long for index8 */
    double **table;    /* per dimension: index -> score, table[d][0] NAN */
    size_t *size;      /* per dimension: the table's entries */
    double *value;     /* without index: [d * n_rows + row], NAN: none */
} sp_score_set;

/* Whether the set's cells are indexes into tables. */
static inline int sp_score_set_indexed(const sp_score_set *set)
{
    return set->index8 || set->index16;
}

/* The table index of cell d * n_rows + row (the set is indexed). */
static inline size_t sp_score_set_index(const sp_score_set *set,
                                        size_t cell)
{
    return set->index8 ? set->index8[cell] : set->index16[cell];
}

typedef struct sp_scores {
    size_t n_rows, n_dimensions;
    sp_score_set dimension;
    sp_score_set expectation;   /* for SERVQUAL expectations (none for a
                                   dimension without them) */
    int has_expectations;       /* 0: expectation is empty */
} sp_scores;

/* Scores every valid row (every row when cleaning is NULL). *out is new;
 * free with sp_scores_free. */
sp_error sp_score_run(const sp_dataset *ds, const sp_cleaning *cleaning,
                      sp_scores **out);
/* Unscores the rows cleaning excluded: scoring every row while cleaning
 * runs, then this, gives what sp_score_run with cleaning gives. */
void sp_scores_drop_excluded(sp_scores *scores, const sp_cleaning *cleaning);
/* NULL-safe. */
void sp_scores_free(sp_scores *scores);

static inline double sp_score_set_at(const sp_score_set *set, size_t n_rows,
                                     size_t d, size_t row)
{
    size_t cell = d * n_rows + row;
    return sp_score_set_indexed(set)
               ? set->table[d][sp_score_set_index(set, cell)]
               : set->value[cell];
}

static inline double sp_score_dimension(const sp_scores *s, size_t d,
                                        size_t row)
{
    return sp_score_set_at(&s->dimension, s->n_rows, d, row);
}

static inline double sp_score_expectation(const sp_scores *s, size_t d,
                                          size_t row)
{
    return s->has_expectations
               ? sp_score_set_at(&s->expectation, s->n_rows, d, row)
               : NAN;
}

/* Inline: the analyses call these once per cell, millions of times. */

/* A rating column's answer at row as a number, NAN when missing. */
static inline double sp_score_rating(const sp_dataset *ds, size_t variable,
                                     size_t row)
{
    int code = sp_dataset_code(ds, variable, row);
    return code == SP_CODE_MISSING ? NAN : (double)code;
}

/* A rating of a dimension's item or expectation, reverse-coded like the
 * item (v' = min + max - v). */
static inline double sp_score_coded(const sp_dataset *ds, size_t d, size_t i,
                                    size_t variable, size_t row)
{
    double v = sp_score_rating(ds, variable, row);
    if (ds->spec->dimensions[d].reversed[i] && !isnan(v))
        v = ds->spec->scale_min + ds->spec->scale_max - v;
    return v;
}

/* The answer to item i of dimension d at row after reverse coding, NAN
 * when missing. */
static inline double sp_score_item(const sp_dataset *ds, size_t d, size_t i,
                                   size_t row)
{
    return sp_score_coded(ds, d, i, ds->spec->dimensions[d].items[i], row);
}

/* The expectation paired with item i of dimension d, reverse-coded like
 * the item; NAN when missing or when the dimension has none. */
static inline double sp_score_item_expectation(const sp_dataset *ds,
                                               size_t d, size_t i,
                                               size_t row)
{
    const sp_dimension *dim = &ds->spec->dimensions[d];
    return dim->expectations
               ? sp_score_coded(ds, d, i, dim->expectations[i], row)
               : NAN;
}

#endif
