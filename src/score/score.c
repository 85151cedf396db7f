/* score.c - reverse coding and dimension scores (see score.h). */
#include "satpipe/score.h"

#include <stdlib.h>

typedef double (*item_value_fn)(const sp_dataset *ds, size_t d, size_t i,
                                size_t row);

/* Mean of the answered items when at least half are answered. */
static double score_mean(const sp_dataset *ds, size_t d, size_t row,
                         item_value_fn value)
{
    size_t k = ds->spec->dimensions[d].n_items, answered = 0;
    double sum = 0;
    for (size_t i = 0; i < k; i++) {
        double v = value(ds, d, i, row);
        if (!isnan(v)) {
            sum += v;
            answered++;
        }
    }
    return answered && answered >= SP_SCORE_MIN_ANSWERED * (double)k
               ? sum / (double)answered
               : NAN;
}

sp_error sp_score_run(const sp_dataset *ds, const sp_cleaning *cleaning,
                      sp_scores **out)
{
    *out = NULL;
    const sp_spec *spec = ds->spec;
    sp_scores *s = calloc(1, sizeof *s);
    if (!s)
        return SP_ERR_NOMEM;
    s->n_rows = ds->n_rows;
    s->n_dimensions = spec->n_dimensions;
    size_t cells = s->n_rows * s->n_dimensions;
    int any_expectations = 0;
    for (size_t d = 0; d < spec->n_dimensions; d++)
        any_expectations |= spec->dimensions[d].expectations != NULL;
    s->dimension = malloc((cells ? cells : 1) * sizeof(double));
    if (any_expectations)   /* else NULL: 8 bytes a row less per dimension */
        s->expectation = malloc((cells ? cells : 1) * sizeof(double));
    if (!s->dimension || (any_expectations && !s->expectation)) {
        sp_scores_free(s);
        return SP_ERR_NOMEM;
    }
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        int has_expectations = spec->dimensions[d].expectations != NULL;
        for (size_t row = 0; row < ds->n_rows; row++) {
            int valid = !cleaning || cleaning->reason[row] == SP_KEEP;
            s->dimension[d * s->n_rows + row] =
                valid ? score_mean(ds, d, row, sp_score_item) : NAN;
            if (s->expectation)
                s->expectation[d * s->n_rows + row] =
                    valid && has_expectations
                        ? score_mean(ds, d, row, sp_score_item_expectation)
                        : NAN;
        }
    }
    *out = s;
    return SP_OK;
}

void sp_scores_drop_excluded(sp_scores *scores, const sp_cleaning *cleaning)
{
    size_t n = scores->n_rows;
    for (size_t row = 0; row < n; row++) {
        if (cleaning->reason[row] == SP_KEEP)
            continue;
        for (size_t d = 0; d < scores->n_dimensions; d++) {
            scores->dimension[d * n + row] = NAN;
            if (scores->expectation)
                scores->expectation[d * n + row] = NAN;
        }
    }
}

void sp_scores_free(sp_scores *scores)
{
    if (!scores)
        return;
    free(scores->dimension);
    free(scores->expectation);
    free(scores);
}
