/* score.h - respondent-level scores: reverse coding of items and the score
 * of each dimension (mean of its answered items after reverse coding, when
 * at least half of them are answered). Rows excluded by clean get none. */
#ifndef SATPIPE_SCORE_H
#define SATPIPE_SCORE_H

#include <math.h>
#include <stddef.h>

#include "satpipe/clean.h"
#include "satpipe/dataset.h"

/* Share of a dimension's items that must be answered for its score. */
#define SP_SCORE_MIN_ANSWERED 0.5

typedef struct sp_scores {
    size_t n_rows, n_dimensions;
    double *dimension;   /* [d * n_rows + row]; NAN when not scored */
    double *expectation; /* the same for SERVQUAL expectations (NAN for a
                            dimension without them); NULL when no
                            dimension has them */
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

static inline double sp_score_dimension(const sp_scores *s, size_t d,
                                        size_t row)
{
    return s->dimension[d * s->n_rows + row];
}

static inline double sp_score_expectation(const sp_scores *s, size_t d,
                                          size_t row)
{
    return s->expectation ? s->expectation[d * s->n_rows + row] : NAN;
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
