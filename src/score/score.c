/* score.c - reverse coding and dimension scores (see score.h). */
#include "satpipe/score.h"

#include <limits.h>
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

/* The lowest and highest code of dimension d's items after reverse
 * coding, and the size of its wide table of (sum, answered) pairs; 0 when
 * it would pass 65,536 entries. Pair (sum, answered) is at
 * 1 + (sum - lowest) (k + 1) + answered, lowest = min(0, k lo). */
static size_t table_size(const sp_spec *spec, size_t d, int expectations,
                         long *lo_code, long *hi_code, long *lowest)
{
    const sp_dimension *dim = &spec->dimensions[d];
    const size_t *vars = set_variables(dim, expectations);
    long lo = LONG_MAX, hi = LONG_MIN, k = (long)dim->n_items;
    for (size_t i = 0; i < dim->n_items; i++) {
        const sp_variable *var = &spec->variables[vars[i]];
        long a = var->min, b = var->max;
        if (dim->reversed[i]) {
            a = spec->scale_min + spec->scale_max - var->max;
            b = spec->scale_min + spec->scale_max - var->min;
        }
        lo = a < lo ? a : lo;
        hi = b > hi ? b : hi;
    }
    *lo_code = lo;
    *hi_code = hi;
    *lowest = lo * k < 0 ? lo * k : 0;   /* any count of answers: 0 .. k */
    long highest = hi * k > 0 ? hi * k : 0;
    double size = 1.0 + (double)(highest - *lowest + 1) * (double)(k + 1);
    return size <= 65536 ? (size_t)size : 0;
}

static void set_free(sp_score_set *set, size_t n_dimensions)
{
    for (size_t d = 0; set->table && d < n_dimensions; d++)
        free(set->table[d]);
    free(set->table);
    free(set->size);
    free(set->index8);
    free(set->index16);
    free(set->value);
}

/* How one set's dimensions map a row's (sum, answered) to its index. */
typedef struct set_plan {
    long *lowest;        /* per dimension: as in table_size */
    uint16_t **compact;  /* per dimension: wide index -> table index, 0 for
                          * a pair that is never a score */
} set_plan;

static void plan_free(set_plan *plan, size_t D)
{
    for (size_t d = 0; plan->compact && d < D; d++)
        free(plan->compact[d]);
    free(plan->compact);
    free(plan->lowest);
}

/* Dimension d's table: the means of the pairs (sum, answered) that can be
 * a score (enough answers, a sum the codes can reach), in the wide
 * table's order; compact maps the wide index to its entry. */
static sp_error plan_table(const sp_dimension *dim, int has_items, long lo,
                           long hi, long lowest, size_t wide,
                           uint16_t *compact, double **table, size_t *size)
{
    size_t k = dim->n_items, n = 1;
    for (size_t x = 1; has_items && x < wide; x++) {
        size_t answered = (x - 1) % (k + 1);
        long sum = lowest + (long)((x - 1) / (k + 1)), a = (long)answered;
        int occurs = score_counts(answered, k) && sum >= a * lo &&
                     sum <= a * hi;
        compact[x] = occurs ? (uint16_t)n++ : 0;
    }
    if (!(*table = malloc(n * sizeof **table)))
        return SP_ERR_NOMEM;
    (*table)[0] = NAN;
    for (size_t x = 1; has_items && x < wide; x++)
        if (compact[x])
            (*table)[compact[x]] =
                (double)(lowest + (long)((x - 1) / (k + 1))) /
                (double)((x - 1) % (k + 1));
    *size = n;
    return SP_OK;
}

/* Chooses how set stores its cells and builds its tables. */
static sp_error plan_set(const sp_spec *spec, int expectations, size_t cells,
                         sp_score_set *set, set_plan *plan)
{
    size_t D = spec->n_dimensions, longest = 0;
    plan->lowest = calloc(D ? D : 1, sizeof *plan->lowest);
    plan->compact = calloc(D ? D : 1, sizeof *plan->compact);
    set->size = calloc(D ? D : 1, sizeof *set->size);
    set->table = calloc(D ? D : 1, sizeof *set->table);
    if (!plan->lowest || !plan->compact || !set->size || !set->table)
        return SP_ERR_NOMEM;
    for (size_t d = 0; d < D; d++) {
        const sp_dimension *dim = &spec->dimensions[d];
        int has_items = !expectations || dim->expectations;
        long lo = 0, hi = 0;
        size_t wide = has_items ? table_size(spec, d, expectations, &lo, &hi,
                                             &plan->lowest[d])
                                : 1;
        if (!wide) {   /* too wide a scale: the scores themselves */
            set->value = malloc((cells ? cells : 1) * sizeof *set->value);
            return set->value ? SP_OK : SP_ERR_NOMEM;
        }
        if (!(plan->compact[d] = calloc(wide, sizeof(uint16_t))))
            return SP_ERR_NOMEM;
        sp_error err = plan_table(dim, has_items, lo, hi, plan->lowest[d],
                                  wide, plan->compact[d], &set->table[d],
                                  &set->size[d]);
        if (err)
            return err;
        longest = set->size[d] > longest ? set->size[d] : longest;
    }
    if (longest <= 256)
        set->index8 = malloc(cells ? cells : 1);
    else
        set->index16 = malloc((cells ? cells : 1) * sizeof(uint16_t));
    return sp_score_set_indexed(set) ? SP_OK : SP_ERR_NOMEM;
}

/* Scores one set for every row (valid ones, when cleaning is given). */
static sp_error score_set(const sp_dataset *ds, const sp_cleaning *cleaning,
                          int expectations, sp_score_set *set)
{
    const sp_spec *spec = ds->spec;
    size_t n = ds->n_rows, D = spec->n_dimensions;
    set_plan plan = {0};
    sp_error err = plan_set(spec, expectations, n * D, set, &plan);
    for (size_t d = 0; !err && d < D; d++) {
        const sp_dimension *dim = &spec->dimensions[d];
        int has_items = !expectations || dim->expectations;
        size_t k = dim->n_items;
        for (size_t row = 0; row < n; row++) {
            long sum = 0;
            size_t answered = 0;
            if (has_items && (!cleaning || cleaning->reason[row] == SP_KEEP))
                score_sum(ds, d, expectations, row, &sum, &answered);
            int scored = score_counts(answered, k);
            size_t cell = d * n + row;
            if (set->value) {
                set->value[cell] =
                    scored ? (double)sum / (double)answered : NAN;
                continue;
            }
            size_t x = scored ? plan.compact[d][1 + (size_t)(sum -
                                                             plan.lowest[d]) *
                                                        (k + 1) +
                                                answered]
                              : 0;
            if (set->index8)
                set->index8[cell] = (uint8_t)x;
            else
                set->index16[cell] = (uint16_t)x;
        }
    }
    plan_free(&plan, D);
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
    if (set->index8)
        set->index8[cell] = 0;
    else if (set->index16)
        set->index16[cell] = 0;
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
