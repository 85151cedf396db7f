/* score.c - reverse coding and dimension scores (see score.h). */
#include "satpipe/score.h"

#include <stdlib.h>

double sp_score_rating(const sp_dataset *ds, size_t variable, size_t row)
{
    int code = sp_dataset_code(ds, variable, row);
    return code == SP_CODE_MISSING ? NAN : (double)code;
}

double sp_score_item(const sp_dataset *ds, size_t d, size_t i, size_t row)
{
    const sp_spec *spec = ds->spec;
    const sp_dimension *dim = &spec->dimensions[d];
    double v = sp_score_rating(ds, dim->items[i], row);
    if (dim->reversed[i] && !isnan(v))
        v = spec->scale_min + spec->scale_max - v;
    return v;
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
    s->dimension = malloc((cells ? cells : 1) * sizeof(double));
    if (!s->dimension) {
        free(s);
        return SP_ERR_NOMEM;
    }
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        size_t k = spec->dimensions[d].n_items;
        for (size_t row = 0; row < ds->n_rows; row++) {
            double sum = 0;
            size_t answered = 0;
            if (cleaning->reason[row] == SP_KEEP) {
                for (size_t i = 0; i < k; i++) {
                    double v = sp_score_item(ds, d, i, row);
                    if (!isnan(v)) {
                        sum += v;
                        answered++;
                    }
                }
            }
            s->dimension[d * s->n_rows + row] =
                answered && answered >= SP_SCORE_MIN_ANSWERED * (double)k
                    ? sum / (double)answered
                    : NAN;
        }
    }
    *out = s;
    return SP_OK;
}

void sp_scores_free(sp_scores *scores)
{
    if (!scores)
        return;
    free(scores->dimension);
    free(scores);
}
