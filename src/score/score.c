/* score.c - reverse coding and dimension scores (see score.h). */
#include "satpipe/score.h"

#include <stdlib.h>

/* The items (or their expectations) of dimension d: their variables. */
static const size_t *set_variables(const sp_dimension *dim, int expectations)
{
    return expectations ? dim->expectations : dim->items;
}

/* Sum and count of the answered items of dimension d at row, after
 * reverse coding: whole numbers, so the mean sum / answered is exact. */
static void score_sum(const sp_dataset *ds, size_t d, int expectations,
                      size_t row, long *sum, size_t *answered)
{
    const sp_dimension *dim = &ds->spec->dimensions[d];
    const size_t *vars = set_variables(dim, expectations);
    int flip = ds->spec->scale_min + ds->spec->scale_max;
    *sum = 0;
    *answered = 0;
    for (size_t i = 0; i < dim->n_items; i++) {
        int code = sp_dataset_code(ds, vars[i], row);
        if (code == SP_CODE_MISSING)
            continue;
        *sum += dim->reversed[i] ? flip - code : code;
        (*answered)++;
    }
}

/* Enough of the items answered for a score. */
static int score_counts(size_t answered, size_t k)
{
    return answered && answered >= SP_SCORE_MIN_ANSWERED * (double)k;
}

/* The lowest sum of dimension d's codes (whatever is answered), and the
 * size of its table; 0 when it would pass 65,536 entries. The index of
 * (sum, answered) is 1 + (sum - lowest) (k + 1) + answered. */
static size_t table_size(const sp_spec *spec, size_t d, int expectations,
                         long *lowest)
{
    const sp_dimension *dim = &spec->dimensions[d];
    const size_t *vars = set_variables(dim, expectations);
    long lo = 0, hi = 0, k = (long)dim->n_items;
    for (size_t i = 0; i < dim->n_items; i++) {
        const sp_variable *var = &spec->variables[vars[i]];
        long a = var->min, b = var->max;
        if (dim->reversed[i]) {
            a = spec->scale_min + spec->scale_max - var->max;
            b = spec->scale_min + spec->scale_max - var->min;
        }
        lo = a * k < lo ? a * k : lo;   /* any count of answers: 0 .. k */
        hi = b * k > hi ? b * k : hi;
    }
    *lowest = lo;
    double size = 1.0 + (double)(hi - lo + 1) * (double)(k + 1);
    return size <= 65536 ? (size_t)size : 0;
}

static void set_free(sp_score_set *set, size_t n_dimensions)
{
    for (size_t d = 0; set->table && d < n_dimensions; d++)
        free(set->table[d]);
    free(set->table);
    free(set->size);
    free(set->index);
    free(set->value);
}

/* Scores one set for every row (valid ones, when cleaning is given). */
static sp_error score_set(const sp_dataset *ds, const sp_cleaning *cleaning,
                          int expectations, sp_score_set *set)
{
    const sp_spec *spec = ds->spec;
    size_t n = ds->n_rows, D = spec->n_dimensions, cells = n * D;
    long *lowest = calloc(D ? D : 1, sizeof *lowest);
    size_t *sizes = calloc(D ? D : 1, sizeof *sizes);
    int coded = lowest && sizes;
    for (size_t d = 0; coded && d < D; d++) {
        const sp_dimension *dim = &spec->dimensions[d];
        sizes[d] = expectations && !dim->expectations
                       ? 1 : table_size(spec, d, expectations, &lowest[d]);
        coded = sizes[d] != 0;
    }
    sp_error err = lowest && sizes ? SP_OK : SP_ERR_NOMEM;
    if (!err && coded) {
        set->index = malloc((cells ? cells : 1) * sizeof *set->index);
        set->table = calloc(D ? D : 1, sizeof *set->table);
        err = set->index && set->table ? SP_OK : SP_ERR_NOMEM;
        if (!err) {
            set->size = sizes;   /* the set keeps them */
            sizes = NULL;
        }
        for (size_t d = 0; !err && d < D; d++) {
            size_t k = spec->dimensions[d].n_items;
            if (!(set->table[d] = malloc(set->size[d] * sizeof(double)))) {
                err = SP_ERR_NOMEM;
                break;
            }
            set->table[d][0] = NAN;
            for (size_t x = 1; x < set->size[d]; x++) {
                size_t answered = (x - 1) % (k + 1);
                long sum = lowest[d] + (long)((x - 1) / (k + 1));
                set->table[d][x] = score_counts(answered, k)
                                       ? (double)sum / (double)answered
                                       : NAN;
            }
        }
    } else if (!err) {
        set->value = malloc((cells ? cells : 1) * sizeof *set->value);
        err = set->value ? SP_OK : SP_ERR_NOMEM;
    }
    for (size_t d = 0; !err && d < D; d++) {
        const sp_dimension *dim = &spec->dimensions[d];
        int has_items = !expectations || dim->expectations;
        for (size_t row = 0; row < n; row++) {
            long sum = 0;
            size_t answered = 0;
            if (has_items && (!cleaning || cleaning->reason[row] == SP_KEEP))
                score_sum(ds, d, expectations, row, &sum, &answered);
            int scored = score_counts(answered, dim->n_items);
            if (set->index)
                set->index[d * n + row] =
                    scored ? (uint16_t)(1 + (size_t)(sum - lowest[d]) *
                                                (dim->n_items + 1) +
                                        answered)
                           : 0;
            else
                set->value[d * n + row] =
                    scored ? (double)sum / (double)answered : NAN;
        }
    }
    free(lowest);
    free(sizes);
    return err;
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
    for (size_t d = 0; d < spec->n_dimensions; d++)
        s->has_expectations |= spec->dimensions[d].expectations != NULL;
    sp_error err = score_set(ds, cleaning, 0, &s->dimension);
    if (!err && s->has_expectations)
        err = score_set(ds, cleaning, 1, &s->expectation);
    if (err) {
        sp_scores_free(s);
        return err;
    }
    *out = s;
    return SP_OK;
}

static void set_drop(sp_score_set *set, size_t cell)
{
    if (set->index)
        set->index[cell] = 0;
    else if (set->value)
        set->value[cell] = NAN;
}

void sp_scores_drop_excluded(sp_scores *scores, const sp_cleaning *cleaning)
{
    size_t n = scores->n_rows;
    for (size_t row = 0; row < n; row++) {
        if (cleaning->reason[row] == SP_KEEP)
            continue;
        for (size_t d = 0; d < scores->n_dimensions; d++) {
            set_drop(&scores->dimension, d * n + row);
            set_drop(&scores->expectation, d * n + row);
        }
    }
}

void sp_scores_free(sp_scores *scores)
{
    if (!scores)
        return;
    set_free(&scores->dimension, scores->n_dimensions);
    set_free(&scores->expectation, scores->n_dimensions);
    free(scores);
}
