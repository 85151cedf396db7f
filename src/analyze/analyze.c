/* analyze.c - fills sp_results from the cleaned, scored data: counts,
 * descriptives of items, dimensions and overall, and the key-driver
 * regression of overall on the dimension scores. Only valid responses
 * enter any statistic. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "drivers_internal.h"
#include "satpipe/analyze.h"
#include "segments_internal.h"
#include "waves_internal.h"

/* What the statistics of one run share: the data, which rows are valid,
 * their weights, and a scratch buffer of n_rows values (allocated when
 * first needed: answers on the scale are tallied instead). */
typedef struct analysis {
    const sp_dataset *ds;
    const sp_cleaning *cleaning;
    const sp_scores *scores;
    double *values, *weights;   /* weights NULL when unweighted */
    size_t n;                   /* valid rows gathered */
} analysis;

typedef double (*value_at_fn)(const analysis *a, size_t p, size_t q,
                              size_t row);

static double item_at(const analysis *a, size_t d, size_t i, size_t row)
{
    return sp_score_item(a->ds, d, i, row);
}

static double dimension_at(const analysis *a, size_t d, size_t unused,
                           size_t row)
{
    (void)unused;
    return sp_score_dimension(a->scores, d, row);
}

static double rating_at(const analysis *a, size_t v, size_t unused,
                        size_t row)
{
    (void)unused;
    return sp_score_rating(a->ds, v, row);
}

/* Perception minus expectation, per item or per dimension score. */
static double item_gap_at(const analysis *a, size_t d, size_t i, size_t row)
{
    return sp_score_item(a->ds, d, i, row) -
           sp_score_item_expectation(a->ds, d, i, row);
}

static double dimension_gap_at(const analysis *a, size_t d, size_t unused,
                               size_t row)
{
    (void)unused;
    return sp_score_dimension(a->scores, d, row) -
           sp_score_expectation(a->scores, d, row);
}

/* Fills a->values (and the weights, in the same order) from valid rows. */
static sp_error gather(analysis *a, value_at_fn at, size_t p, size_t q)
{
    size_t rows = a->ds->n_rows ? a->ds->n_rows : 1;
    if (!a->values && !(a->values = malloc(rows * sizeof(double))))
        return SP_ERR_NOMEM;
    a->n = 0;
    for (size_t row = 0; row < a->ds->n_rows; row++)
        if (a->cleaning->reason[row] == SP_KEEP)
            a->values[a->n++] = at(a, p, q, row);
    return SP_OK;
}

static sp_error describe_at(analysis *a, value_at_fn at, size_t p, size_t q,
                            const sp_desc_options *opt, sp_desc *out)
{
    sp_error err = gather(a, at, p, q);
    return err ? err : sp_describe(a->values, a->weights, a->n, opt, out);
}

/* Item i of dimension d described from a tally of its codes, read from
 * the dataset in one pass (no copy); the same figures as describe_at. */
/* Answers tallied by point as the valid rows go by, for
 * sp_describe_tally and sp_describe_values. */
typedef struct tally {
    size_t *counts;
    double *weights;
    size_t missing, zero_weight;
    double sum_w, sum_w2;
} tally;

/* Adds a valid row's answer at point (SIZE_MAX: none) of weight w. */
static void tally_add(tally *t, size_t point, double w)
{
    if (point == SIZE_MAX) {
        t->missing++;
    } else if (!(w > 0)) {
        t->zero_weight++;
    } else {
        t->counts[point]++;
        t->weights[point] += w;
        t->sum_w += w;
        t->sum_w2 += w * w;
    }
}

/* Rating variable var (its codes reversed on the scale when `reversed`)
 * described from a tally of its codes, read from the dataset in one pass
 * (no copy); the same figures as describe_at with `at`, p, q, which it
 * falls back on when the description has no tally or a code is off it. */
static sp_error describe_rating(analysis *a, size_t var, int reversed,
                                value_at_fn at, size_t p, size_t q,
                                const sp_desc_options *opt, sp_desc *out)
{
    const sp_dataset *ds = a->ds;
    size_t K = (size_t)sp_desc_tally_points(opt);
    if (!K)
        return describe_at(a, at, p, q, opt, out);
    int flip = ds->spec->scale_min + ds->spec->scale_max;
    int low = (int)opt->scale_min;
    size_t counts[SP_DESC_MAX_POINTS] = {0};
    double weights[SP_DESC_MAX_POINTS] = {0};
    tally t = {counts, weights, 0, 0, 0, 0};
    for (size_t row = 0, k = 0; row < ds->n_rows; row++) {
        if (a->cleaning->reason[row] != SP_KEEP)
            continue;
        double wi = a->weights ? a->weights[k] : 1.0;
        k++;
        int code = sp_dataset_code(ds, var, row);
        long point = (reversed ? flip - code : code) - low;
        if (code != SP_CODE_MISSING && wi > 0 &&
            (point < 0 || (size_t)point >= K))   /* off the scale */
            return describe_at(a, at, p, q, opt, out);
        tally_add(&t, code == SP_CODE_MISSING ? SIZE_MAX : (size_t)point, wi);
    }
    return sp_describe_tally(counts, weights, t.missing, t.zero_weight,
                             t.sum_w, t.sum_w2, opt, out);
}

static sp_error describe_item(analysis *a, size_t d, size_t i,
                              const sp_desc_options *opt, sp_desc *out)
{
    const sp_dimension *dim = &a->ds->spec->dimensions[d];
    return describe_rating(a, dim->items[i], dim->reversed[i], item_at, d, i,
                           opt, out);
}

typedef struct score_point {
    double value;
    size_t index;
} score_point;

static int compare_points(const void *pa, const void *pb)
{
    const score_point *a = pa, *b = pb;
    return (a->value > b->value) - (a->value < b->value);
}

/* Dimension d's scores described from a tally of their indexes into the
 * dimension's table of possible means (a few hundred values): no copy of
 * the scores and no selection for the median. On a scale too wide for a
 * table, from the scores gathered. */
static sp_error describe_dimension(analysis *a, size_t d,
                                   const sp_desc_options *opt, sp_desc *out)
{
    const sp_score_set *set = &a->scores->dimension;
    if (!sp_score_set_indexed(set))
        return describe_at(a, dimension_at, d, 0, opt, out);
    size_t T = set->size[d], n = a->scores->n_rows;
    size_t *counts = calloc(2 * T, sizeof *counts), *sorted = counts + T;
    double *weights = calloc(3 * T, sizeof *weights);
    double *sorted_weights = weights + T, *values = weights + 2 * T;
    score_point *points = malloc(T * sizeof *points);
    sp_error err = SP_ERR_NOMEM;
    if (!counts || !weights || !points)
        goto cleanup;
    tally t = {counts, weights, 0, 0, 0, 0};
    for (size_t row = 0, k = 0; row < n; row++) {
        if (a->cleaning->reason[row] != SP_KEEP)
            continue;
        double wi = a->weights ? a->weights[k] : 1.0;
        k++;
        size_t x = sp_score_set_index(set, d * n + row);
        tally_add(&t, x ? x : SIZE_MAX, wi);
    }
    size_t K = 0;   /* the scores that occur, in ascending order */
    for (size_t x = 1; x < T; x++)
        if (counts[x])
            points[K++] = (score_point){set->table[d][x], x};
    qsort(points, K, sizeof *points, compare_points);
    for (size_t j = 0; j < K; j++) {
        values[j] = points[j].value;
        sorted[j] = counts[points[j].index];
        sorted_weights[j] = weights[points[j].index];
    }
    err = sp_describe_values(values, sorted, sorted_weights, K, t.missing,
                             t.zero_weight, t.sum_w, t.sum_w2, opt, out);
cleanup:
    free(counts);
    free(weights);
    free(points);
    return err;
}

static sp_error gap_at(analysis *a, value_at_fn at, size_t p, size_t q,
                       const char *expectation, sp_gap **out)
{
    sp_gap *g = calloc(1, sizeof *g);
    if (!g || (expectation && !(g->expectation = sp_strdup(expectation)))) {
        sp_gap_free(g);
        return SP_ERR_NOMEM;
    }
    *out = g;
    sp_error err = gather(a, at, p, q);
    return err ? err : sp_gap_test(a->values, a->weights, a->n, g);
}

/* Items of the survey a row answered. */
static size_t answered_items(const sp_dataset *ds, size_t row, size_t *items)
{
    size_t answered = 0;
    *items = 0;
    for (size_t v = 0; v < ds->spec->n_variables; v++)
        if (ds->spec->variables[v].role == SP_ROLE_ITEM) {
            (*items)++;
            answered += sp_dataset_code(ds, v, row) != SP_CODE_MISSING;
        }
    return answered;
}

/* The exclusion log: every excluded row, read later from the dataset
 * (a list of the full entries would hold 80 bytes and an id a row). */
static sp_error analyze_exclusion_log(const sp_dataset *ds,
                                      const sp_cleaning *cleaning,
                                      sp_results *res)
{
    size_t n = cleaning->read - cleaning->valid;
    res->dataset = ds;
    res->cleaning = cleaning;
    res->excluded_rows = malloc((n ? n : 1) * sizeof(size_t));
    if (!res->excluded_rows)
        return SP_ERR_NOMEM;
    for (size_t row = 0; row < ds->n_rows; row++)
        if (cleaning->reason[row] != SP_KEEP)
            res->excluded_rows[res->n_excluded_responses++] = row;
    return SP_OK;
}

sp_excluded_response sp_results_excluded(const sp_results *res, size_t i)
{
    const sp_dataset *ds = res->dataset;
    const sp_spec *spec = ds->spec;
    size_t row = res->excluded_rows[i];
    sp_excluded_response e = {
        .source = sp_dataset_source(ds, row),
        .line = sp_dataset_line(ds, row),
        .reason = (size_t)res->cleaning->reason[row] - 1,
        .failed = res->cleaning->failed[row] >> 1,   /* bit 0 is SP_KEEP */
        .duration = sp_seconds_at(&ds->duration, row),
        .invalid = ds->invalid[row],
        .overall = spec->overall != SP_NO_VARIABLE
                       ? sp_score_rating(ds, spec->overall, row)
                       : NAN,
        .id = spec->id != SP_NO_VARIABLE ? sp_dataset_text(ds, spec->id, row)
                                         : NULL,
    };
    e.answered = answered_items(ds, row, &e.items);
    return e;
}

static sp_error analyze_counts(const sp_dataset *ds,
                               const sp_cleaning *cleaning, sp_results *res)
{
    res->read = cleaning->read;
    res->valid = cleaning->valid;
    res->n_exclusions = SP_EXCLUDE__COUNT - 1;
    res->exclusions = calloc(res->n_exclusions, sizeof(sp_exclusion_count));
    res->sources = calloc(ds->n_sources ? ds->n_sources : 1,
                          sizeof(sp_source_result));
    if (!res->exclusions || !res->sources)
        return SP_ERR_NOMEM;
    for (size_t i = 0; i < res->n_exclusions; i++) {
        sp_exclusion reason = (sp_exclusion)(i + 1);
        res->exclusions[i] = (sp_exclusion_count){
            .key = sp_exclusion_key(reason),
            .description = sp_exclusion_description(reason),
            .count = cleaning->excluded[reason]};
        res->excluded += cleaning->excluded[reason];
    }
    res->excluded_share =
        res->read ? (double)res->excluded / (double)res->read : NAN;
    res->median_duration = cleaning->median_duration;
    res->data_time = NAN;
    for (size_t r = 0; r < ds->n_rows; r++) {
        double t = sp_seconds_at(&ds->submitted, r);
        if (cleaning->reason[r] == SP_KEEP && !isnan(t) &&
            !(t <= res->data_time))
            res->data_time = t;
    }
    res->speeder_seconds = cleaning->speeder_seconds;
    res->max_excluded = ds->spec->cleaning.max_excluded;
    res->gate_failed = !isnan(res->max_excluded) &&
                       res->excluded_share > res->max_excluded;
    for (size_t i = 0; i < ds->n_sources; i++) {
        sp_source_result *s = &res->sources[res->n_sources];
        if (!(s->path = sp_strdup(ds->sources[i].path)) ||
            !(s->excluded = calloc(res->n_exclusions, sizeof(size_t))))
            return SP_ERR_NOMEM;
        s->rows = ds->sources[i].rows;
        s->invalid = ds->sources[i].invalid;
        s->layout = ds->sources[i].layout;
        s->encoding = ds->sources[i].encoding;
        res->n_sources++;
        if (ds->sources[i].skipped &&
            !(s->skipped = sp_strdup(ds->sources[i].skipped)))
            return SP_ERR_NOMEM;
    }
    for (size_t row = 0; row < ds->n_rows; row++) {
        sp_source_result *s = &res->sources[sp_dataset_source(ds, row)];
        if (cleaning->reason[row] == SP_KEEP)
            s->valid++;
        else
            s->excluded[cleaning->reason[row] - 1]++;
    }
    return analyze_exclusion_log(ds, cleaning, res);
}

/* Reliability of dimension d on the valid rows answering all its items. */
static sp_error analyze_reliability(analysis *a, size_t d,
                                    sp_dimension_result *dr)
{
    const sp_dataset *ds = a->ds;
    const sp_dimension *dim = &ds->spec->dimensions[d];
    size_t k = dim->n_items;
    /* Exact sums of the answers and their products, as the rows go by:
     * no copy of the rows. */
    int64_t *sum = calloc(k + k * k + 1, sizeof *sum), *cross = sum + k;
    int *code = malloc((k ? k : 1) * sizeof *code);
    if (!sum || !code) {
        free(sum);
        free(code);
        return SP_ERR_NOMEM;
    }
    int flip = ds->spec->scale_min + ds->spec->scale_max;
    size_t n = 0;
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (a->cleaning->reason[row] != SP_KEEP)
            continue;
        size_t i = 0;
        for (; i < k; i++) {
            if ((code[i] = sp_dataset_code(ds, dim->items[i], row)) ==
                SP_CODE_MISSING)
                break;
            if (dim->reversed[i])
                code[i] = flip - code[i];
        }
        if (i < k)
            continue;   /* listwise: every item answered */
        n++;
        for (i = 0; i < k; i++) {
            sum[i] += code[i];
            for (size_t j = 0; j <= i; j++)
                cross[i * k + j] += (int64_t)code[i] * code[j];
        }
    }
    sp_reliability *rel = &dr->reliability;
    sp_error err = sp_reliability_from_sums(sum, cross, n, k, rel);
    free(sum);
    free(code);
    if (err)
        return err;
    for (size_t i = 0; i < k; i++) {
        dr->items[i].item_total_r = rel->item_total_r[i];
        dr->items[i].alpha_if_deleted = rel->alpha_if_deleted[i];
    }
    if (rel->alpha < 0) {
        const sp_item_result *worst = &dr->items[rel->worst_item];
        rel->note = sp_format(
            "Alpha is negative: item coding is probably wrong. %s has the "
            "most negative item-total correlation (%.2f); is it a reversed "
            "item missing from 'reverse:'?",
            worst->column, rel->item_total_r[rel->worst_item]);
        if (!rel->note)
            return SP_ERR_NOMEM;
    }
    return SP_OK;
}

/* Descriptives on the spec's rating scale, with the distribution. */
static sp_desc_options desc_options_of(const sp_spec *spec)
{
    return (sp_desc_options){.scale_min = spec->scale_min,
                             .scale_max = spec->scale_max,
                             .box = spec->top_box, .distribution = 1};
}

static sp_error analyze_dimensions(analysis *a, sp_results *res)
{
    const sp_spec *spec = a->ds->spec;
    sp_desc_options item_opt = desc_options_of(spec);
    sp_desc_options score_opt = item_opt;
    score_opt.distribution = 0;   /* scores are means, not scale points */
    res->dimensions = calloc(spec->n_dimensions, sizeof(sp_dimension_result));
    if (!res->dimensions)
        return SP_ERR_NOMEM;
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        const sp_dimension *dim = &spec->dimensions[d];
        sp_dimension_result *dr = &res->dimensions[res->n_dimensions++];
        dr->key = sp_strdup(dim->key);
        dr->label = sp_strdup(dim->label);
        dr->items = calloc(dim->n_items, sizeof(sp_item_result));
        if (!dr->key || !dr->label || !dr->items)
            return SP_ERR_NOMEM;
        sp_error err = describe_dimension(a, d, &score_opt, &dr->stats);
        for (size_t i = 0; i < dim->n_items && !err; i++) {
            sp_item_result *ir = &dr->items[dr->n_items++];
            size_t var = dim->items[i];
            ir->item_total_r = ir->alpha_if_deleted = NAN;
            if (!(ir->column = sp_strdup(spec->variables[var].name)) ||
                (a->ds->labels[var] &&
                 !(ir->label = sp_strdup(a->ds->labels[var]))))
                return SP_ERR_NOMEM;
            ir->reversed = dim->reversed[i];
            err = describe_item(a, d, i, &item_opt, &ir->stats);
            if (!err && dim->expectations)
                err = gap_at(a, item_gap_at, d, i,
                             spec->variables[dim->expectations[i]].name,
                             &ir->gap);
        }
        if (!err)
            err = analyze_reliability(a, d, dr);
        if (!err && dim->expectations) {
            res->has_gaps = 1;
            err = gap_at(a, dimension_gap_at, d, 0, NULL, &dr->gap);
        }
        if (err)
            return err;
    }
    return SP_OK;
}

typedef double (*driver_at_fn)(const analysis *a, size_t j, size_t row);

static double dimension_driver(const analysis *a, size_t d, size_t row)
{
    return sp_score_dimension(a->scores, d, row);
}

/* Item j of the survey, counting through the dimensions in order. */
static double item_driver(const analysis *a, size_t j, size_t row)
{
    const sp_spec *spec = a->ds->spec;
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        if (j < spec->dimensions[d].n_items)
            return sp_score_item(a->ds, d, j, row);
        j -= spec->dimensions[d].n_items;
    }
    return NAN;
}

static size_t n_items_total(const sp_spec *spec)
{
    size_t n = 0;
    for (size_t d = 0; d < spec->n_dimensions; d++)
        n += spec->dimensions[d].n_items;
    return n;
}

/* Names of the drivers: dimension keys and labels, or item columns. */
static sp_error driver_names(const sp_spec *spec, int items,
                             sp_drivers_result *dr)
{
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        const sp_dimension *dim = &spec->dimensions[d];
        size_t count = items ? dim->n_items : 1;
        for (size_t i = 0; i < count; i++) {
            sp_driver_result *it = &dr->items[dr->n_items++];
            const char *key = items ? spec->variables[dim->items[i]].name
                                    : dim->key;
            it->key = sp_strdup(key);
            it->label = sp_strdup(items ? dim->label : dim->label);
            if (!it->key || !it->label)
                return SP_ERR_NOMEM;
        }
    }
    return SP_OK;
}

/* The rows of a driver model, read from the dataset on each pass rather
 * than copied: valid rows answering the outcome and every driver, with a
 * positive weight. */
typedef struct driver_source {
    const analysis *a;
    size_t outcome;
    driver_at_fn at;
    double *x;   /* scratch: one row's drivers */
    /* Item models: each driver's column and whether it is reversed, so
     * that a row's 30-odd answers are read without a lookup each. */
    size_t *item_var;
    unsigned char *item_reversed;
} driver_source;

/* The drivers of a row into s->x; 0 when one is missing. */
static int driver_row(const driver_source *s, size_t p, size_t row)
{
    const sp_dataset *ds = s->a->ds;
    if (!s->item_var) {
        for (size_t j = 0; j < p; j++)
            if (isnan(s->x[j] = s->at(s->a, j, row)))
                return 0;
        return 1;
    }
    int flip = ds->spec->scale_min + ds->spec->scale_max;
    for (size_t j = 0; j < p; j++) {
        int code = sp_dataset_code(ds, s->item_var[j], row);
        if (code == SP_CODE_MISSING)
            return 0;
        s->x[j] = s->item_reversed[j] ? flip - code : code;
    }
    return 1;
}

static void driver_rows_each(const drivers_rows *rows, drivers_visit visit,
                             void *arg)
{
    const driver_source *s = rows->data;
    const analysis *a = s->a;
    const sp_dataset *ds = a->ds;
    size_t k = 0;   /* index among valid rows, as weights are */
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (a->cleaning->reason[row] != SP_KEEP)
            continue;
        double wk = a->weights ? a->weights[k] : 1.0;
        k++;
        double yv = sp_score_rating(ds, s->outcome, row);
        if (!isnan(yv) && wk > 0 && driver_row(s, rows->p, row))
            visit(arg, s->x, yv, wk);
    }
}

/* One driver table: outcome on dimension scores (items = 0) or on items,
 * over valid rows answering the outcome and every driver. */
static sp_error analyze_driver_table(analysis *a, size_t outcome, int items,
                                     const sp_driver_options *opt,
                                     sp_drivers_result *dr)
{
    const sp_dataset *ds = a->ds;
    const sp_spec *spec = ds->spec;
    size_t p = items ? n_items_total(spec) : spec->n_dimensions;
    dr->items = calloc(p ? p : 1, sizeof(sp_driver_result));
    if (!dr->items || driver_names(spec, items, dr))
        return SP_ERR_NOMEM;
    if (outcome == SP_NO_VARIABLE) {
        dr->r2 = dr->adj_r2 = NAN;
        for (size_t j = 0; j < p; j++)
            dr->items[j].r = dr->items[j].beta = dr->items[j].rw_pct = NAN;
        dr->note = sp_strdup("The spec names no 'overall' column, so there "
                             "is no outcome for key-driver analysis.");
        return dr->note ? SP_OK : SP_ERR_NOMEM;
    }
    if (!(dr->outcome = sp_strdup(spec->variables[outcome].name)))
        return SP_ERR_NOMEM;
    driver_source src = {a, outcome, dimension_driver,
                         malloc((p ? p : 1) * sizeof(double)), NULL, NULL};
    if (items) {
        src.item_var = malloc((p ? p : 1) * sizeof(size_t));
        src.item_reversed = malloc(p ? p : 1);
    }
    sp_error err = SP_ERR_NOMEM;
    if (!src.x || (items && (!src.item_var || !src.item_reversed)))
        goto cleanup;
    for (size_t d = 0, j = 0; items && d < spec->n_dimensions; d++)
        for (size_t i = 0; i < spec->dimensions[d].n_items; i++, j++) {
            src.item_var[j] = spec->dimensions[d].items[i];
            src.item_reversed[j] = spec->dimensions[d].reversed[i] != 0;
        }
    drivers_rows rows = {.p = p, .each = driver_rows_each, .data = &src};
    err = drivers_compute(&rows, opt, dr);
cleanup:
    free(src.x);
    free(src.item_var);
    free(src.item_reversed);
    return err;
}

/* The driver models as a queue that both threads take from: the
 * item-level models (the longest) first, so that the thread that finishes
 * its other work takes the short ones. Each model writes only its own
 * table; errors are kept per model and read in a fixed order. */
typedef struct driver_model {
    size_t outcome;
    int items;
    sp_drivers_result *table;
    int rank;   /* in turn: overall on dimensions, on items, then NPS */
    sp_error err;
} driver_model;

typedef struct drivers_queue {
    analysis *a;
    const sp_driver_options *opt;
    driver_model models[4];
    size_t n;
    atomic_size_t next;   /* the next model to take */
} drivers_queue;

static void drivers_queue_init(drivers_queue *q, analysis *a,
                               const sp_driver_options *opt, sp_results *res)
{
    const sp_spec *spec = a->ds->spec;
    *q = (drivers_queue){.a = a, .opt = opt};
    atomic_init(&q->next, 0);
    int nps = spec->nps != SP_NO_VARIABLE;
    q->models[q->n++] = (driver_model){spec->overall, 1, &res->item_drivers,
                                       1, SP_OK};
    if (nps)
        q->models[q->n++] = (driver_model){spec->nps, 1,
                                           &res->nps_item_drivers, 3, SP_OK};
    q->models[q->n++] = (driver_model){spec->overall, 0, &res->drivers, 0,
                                       SP_OK};
    if (nps)
        q->models[q->n++] = (driver_model){spec->nps, 0, &res->nps_drivers,
                                           2, SP_OK};
}

/* Computes models from the queue until it is empty. */
static void *drivers_work(void *arg)
{
    drivers_queue *q = arg;
    for (size_t i; (i = atomic_fetch_add(&q->next, 1)) < q->n;) {
        driver_model *m = &q->models[i];
        m->err = analyze_driver_table(q->a, m->outcome, m->items, q->opt,
                                      m->table);
    }
    return NULL;
}

/* The error of the first model, in turn, that failed. */
static sp_error drivers_queue_error(const drivers_queue *q)
{
    sp_error err = SP_OK;
    int first = 4;
    for (size_t i = 0; i < q->n; i++)
        if (q->models[i].err && q->models[i].rank < first) {
            first = q->models[i].rank;
            err = q->models[i].err;
        }
    return err;
}

/* A segment measure at a row: dimension scores, then overall, then NPS. */
static double segment_value(const segments_input *in, size_t j, size_t row)
{
    const analysis *a = in->ctx;
    const sp_spec *spec = a->ds->spec;
    if (j < spec->n_dimensions)
        return sp_score_dimension(a->scores, j, row);
    j -= spec->n_dimensions;
    if (spec->overall != SP_NO_VARIABLE && j-- == 0)
        return sp_score_rating(a->ds, spec->overall, row);
    return sp_score_rating(a->ds, spec->nps, row);
}

/* The valid rows, in order, 4 bytes each; *n of them. Allocates; NULL
 * when out of memory (or past 2^32 rows). */
static uint32_t *valid_rows(const analysis *a, size_t *n)
{
    *n = 0;
    if (a->ds->n_rows > UINT32_MAX)
        return NULL;
    uint32_t *rows = malloc((a->cleaning->valid ? a->cleaning->valid : 1) *
                            sizeof *rows);
    for (size_t row = 0; rows && row < a->ds->n_rows; row++)
        if (a->cleaning->reason[row] == SP_KEEP)
            rows[(*n)++] = (uint32_t)row;
    return rows;
}

static sp_error analyze_segments(analysis *a, sp_results *res)
{
    const sp_spec *spec = a->ds->spec;
    size_t M = spec->n_dimensions + (spec->overall != SP_NO_VARIABLE) +
               (spec->nps != SP_NO_VARIABLE);
    res->measure_keys = calloc(M, sizeof(char *));
    res->measure_labels = calloc(M, sizeof(char *));
    double *top_from = malloc(M * sizeof *top_from);
    sp_error err = SP_ERR_NOMEM;
    if (!res->measure_keys || !res->measure_labels || !top_from)
        goto cleanup;
    double top = spec->scale_max - spec->top_box + 1;
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        res->measure_keys[d] = sp_strdup(spec->dimensions[d].key);
        res->measure_labels[d] = sp_strdup(spec->dimensions[d].label);
        top_from[d] = top;
    }
    size_t j = spec->n_dimensions, nps_measure = SIZE_MAX;
    if (spec->overall != SP_NO_VARIABLE) {
        res->measure_keys[j] = sp_strdup("overall");
        res->measure_labels[j] = sp_strdup(spec->variables[spec->overall].name);
        top_from[j++] = top;
    }
    if (spec->nps != SP_NO_VARIABLE) {
        res->measure_keys[j] = sp_strdup("nps");
        res->measure_labels[j] = sp_strdup(spec->variables[spec->nps].name);
        nps_measure = j;
        top_from[j++] = 9;   /* promoters */
    }
    res->n_measures = M;
    for (size_t k = 0; k < M; k++)
        if (!res->measure_keys[k] || !res->measure_labels[k])
            goto cleanup;
    segments_input in = {.ds = a->ds, .reason = a->cleaning->reason,
                         .weights = a->weights, .n_measures = M,
                         .nps_measure = nps_measure, .top_from = top_from,
                         .value = segment_value, .ctx = a};
    err = segments_compute(&in, res);
cleanup:
    free(top_from);
    return err;
}

/* Waves: dimension scores, items, overall, the NPS item. */
typedef struct wave_measures {
    const analysis *a;
    const char *run_wave;
    size_t n_items;
} wave_measures;

static const char *wave_label(const waves_input *in, size_t row)
{
    const wave_measures *wm = in->ctx;
    const sp_spec *spec = wm->a->ds->spec;
    if (wm->run_wave)
        return wm->run_wave;
    return spec->wave != SP_NO_VARIABLE
               ? sp_dataset_text(wm->a->ds, spec->wave, row)
               : NULL;
}

static double wave_value(const waves_input *in, size_t m, size_t row)
{
    const wave_measures *wm = in->ctx;
    const sp_spec *spec = wm->a->ds->spec;
    if (m < spec->n_dimensions)
        return sp_score_dimension(wm->a->scores, m, row);
    m -= spec->n_dimensions;
    if (m < wm->n_items)
        return item_driver(wm->a, m, row);
    m -= wm->n_items;
    if (spec->overall != SP_NO_VARIABLE && m-- == 0)
        return sp_score_rating(wm->a->ds, spec->overall, row);
    return sp_score_rating(wm->a->ds, spec->nps, row);
}

static sp_error analyze_waves(analysis *a, const char *run_wave,
                              sp_results *res)
{
    const sp_spec *spec = a->ds->spec;
    if (spec->wave == SP_NO_VARIABLE && !run_wave)
        return SP_OK;
    size_t items = n_items_total(spec);
    size_t M = spec->n_dimensions + items +
               (spec->overall != SP_NO_VARIABLE) + (spec->nps != SP_NO_VARIABLE);
    const char **keys = calloc(M, sizeof *keys), **labels = calloc(M, sizeof *labels);
    const char **kinds = calloc(M, sizeof *kinds);
    double *top_from = malloc(M * sizeof *top_from);
    size_t n = 0;
    uint32_t *rows = valid_rows(a, &n);
    sp_error err = SP_ERR_NOMEM;
    if (!keys || !labels || !kinds || !rows || !top_from)
        goto cleanup;
    for (size_t k = 0; k < M; k++)   /* the NPS's is set below */
        top_from[k] = spec->scale_max - spec->top_box + 1;
    size_t m = 0, nps_measure = SIZE_MAX;
    for (size_t d = 0; d < spec->n_dimensions; d++, m++) {
        keys[m] = spec->dimensions[d].key;
        labels[m] = spec->dimensions[d].label;
        kinds[m] = "dimension";
    }
    for (size_t d = 0; d < spec->n_dimensions; d++)
        for (size_t i = 0; i < spec->dimensions[d].n_items; i++, m++) {
            keys[m] = labels[m] = spec->variables[spec->dimensions[d].items[i]].name;
            kinds[m] = "item";
        }
    if (spec->overall != SP_NO_VARIABLE) {
        keys[m] = "overall";
        labels[m] = spec->variables[spec->overall].name;
        kinds[m++] = "overall";
    }
    if (spec->nps != SP_NO_VARIABLE) {
        keys[m] = "nps";
        labels[m] = spec->variables[spec->nps].name;
        kinds[m] = "nps";
        top_from[m] = 9;
        nps_measure = m++;
    }
    wave_measures wm = {.a = a, .run_wave = run_wave, .n_items = items};
    waves_input in = {.rows = rows, .weights = a->weights, .n_valid = n,
                      .n_measures = M, .nps_measure = nps_measure,
                      .keys = keys, .labels = labels, .kinds = kinds,
                      .top_from = top_from, .label = wave_label,
                      .value = wave_value, .ctx = &wm};
    err = waves_compute(&in, &res->waves);
cleanup:
    free(keys);
    free(labels);
    free(kinds);
    free(top_from);
    free(rows);
    return err;
}

/* Weights of the valid rows, in gather order; a missing or negative
 * weight gives the row no say (reported once). */
static sp_error analyze_weights(analysis *a, sp_results *res, sp_diag *diag)
{
    const sp_spec *spec = a->ds->spec;
    if (spec->weight == SP_NO_VARIABLE)
        return SP_OK;
    if (!(res->weight_column = sp_strdup(spec->variables[spec->weight].name)))
        return SP_ERR_NOMEM;
    a->weights = malloc((a->ds->n_rows ? a->ds->n_rows : 1) * sizeof(double));
    if (!a->weights)
        return SP_ERR_NOMEM;
    size_t n = 0, unusable = 0;
    const double *w = a->ds->columns[spec->weight].numbers;
    for (size_t row = 0; row < a->ds->n_rows; row++) {
        if (a->cleaning->reason[row] != SP_KEEP)
            continue;
        unusable += !(w[row] >= 0);
        a->weights[n++] = w[row] >= 0 ? w[row] : 0;
    }
    if (unusable)
        sp_diag_add(diag, SP_WARNING, spec->path,
                    spec->variables[spec->weight].line, 0,
                    "key 'weight': %zu valid responses have a missing or "
                    "negative weight in column %s; they count with weight 0",
                    unusable, res->weight_column);
    return SP_OK;
}

static sp_error analyze_outcomes(analysis *a, sp_results *res)
{
    const sp_spec *spec = a->ds->spec;
    sp_desc_options opt = desc_options_of(spec);
    sp_error err = SP_OK;
    if (spec->overall != SP_NO_VARIABLE) {
        if (!(res->overall_column =
                  sp_strdup(spec->variables[spec->overall].name)))
            return SP_ERR_NOMEM;
        err = describe_rating(a, spec->overall, 0, rating_at, spec->overall,
                              0, &opt, &res->overall);
    }
    if (!err && spec->nps != SP_NO_VARIABLE) {
        if (!(res->nps = calloc(1, sizeof *res->nps)) ||
            !(res->nps->column = sp_strdup(spec->variables[spec->nps].name)))
            return SP_ERR_NOMEM;
        sp_desc_options nps_opt = sp_nps_desc_options();
        err = describe_rating(a, spec->nps, 0, rating_at, spec->nps, 0,
                              &nps_opt, &res->nps->stats);
        sp_nps_from_stats(res->nps);
    }
    return err;
}

/* What the Method sheet shows so a reader can reproduce the numbers: the
 * spec as read and the cleaning thresholds in force. */
static sp_error analyze_method(const sp_spec *spec, sp_results *res)
{
    const sp_cleaning_config *c = &spec->cleaning;
    res->speeder_fraction = c->speeders ? c->speeder_fraction : NAN;
    res->speeder_min_seconds = c->speeders ? c->min_seconds : NAN;
    res->min_answered = c->answered ? c->min_answered : NAN;
    res->min_sd = c->straightlining ? c->min_sd : NAN;
    res->max_invalid = c->invalid ? c->max_invalid : -1;
    res->grid_min_items = c->straightlining ? c->grid_min_items : -1;
    if (!(res->spec_path = sp_strdup(spec->path)) ||
        (spec->text && !(res->spec_text = sp_strdup(spec->text))))
        return SP_ERR_NOMEM;
    return SP_OK;
}

sp_error sp_analyze_run(const sp_dataset *ds, const sp_cleaning *cleaning,
                        const sp_scores *scores,
                        const sp_analysis_options *options,
                        sp_results **out, sp_diag *diag)
{
    const sp_driver_options *opt = options ? &options->drivers : NULL;
    *out = NULL;
    gsl_set_error_handler_off();   /* GSL must report, never abort */
    const sp_spec *spec = ds->spec;
    sp_results *res = calloc(1, sizeof *res);
    analysis a = {.ds = ds, .cleaning = cleaning, .scores = scores};
    sp_error err = SP_ERR_NOMEM;
    if (!res)
        goto fail;
    res->overall = (sp_desc){.mean = NAN, .sd = NAN, .se = NAN,
                             .ci_low = NAN, .ci_high = NAN, .top2 = NAN,
                             .bottom2 = NAN, .median = NAN, .min = NAN,
                             .max = NAN, .n_eff = NAN};
    res->scale_min = spec->scale_min;
    res->scale_max = spec->scale_max;
    res->box = spec->top_box;
    if (!(res->title = sp_strdup(spec->title)) ||
        !(res->language = sp_strdup(spec->language)))
        goto fail;
    if ((err = analyze_counts(ds, cleaning, res)) != SP_OK ||
        (err = analyze_weights(&a, res, diag)) != SP_OK)
        goto fail;
    /* The driver models, the longest part, on a thread of their own while
     * this one does the rest, then on both: they read the dataset, the
     * weights and the scores and write only their own fields of res (not
     * a.values), so the result is the same as in turn. Priorities join
     * both sides. */
    drivers_queue queue;
    drivers_queue_init(&queue, &a, opt, res);
    pthread_t tid;
    int started = opt && opt->threads > 1 &&
                  pthread_create(&tid, NULL, drivers_work, &queue) == 0;
    if ((err = analyze_dimensions(&a, res)) == SP_OK &&
        (err = analyze_outcomes(&a, res)) == SP_OK &&
        (err = analyze_segments(&a, res)) == SP_OK &&
        (err = analyze_waves(&a, options ? options->wave : NULL, res)) ==
            SP_OK &&
        (err = sp_recovery_compute(ds, cleaning, scores, &res->recovery)) ==
            SP_OK &&
        (err = sp_kano_compute(ds, cleaning, &res->kano, &res->n_kano)) ==
            SP_OK)
        err = analyze_method(spec, res);
    drivers_work(&queue);   /* what is left of the models, or all */
    if (started)
        pthread_join(tid, NULL);
    sp_error models_err = drivers_queue_error(&queue);
    if (!err)
        err = models_err;
    if (err || (err = sp_priorities_compute(res, spec)) != SP_OK ||
        (err = sp_findings_compute(res)) != SP_OK)
        goto fail;
    if (res->drivers.note)
        sp_diag_add(diag, SP_WARNING, NULL, 0, 0, "key drivers: %s",
                    res->drivers.note);
    if (res->nps_drivers.note)
        sp_diag_add(diag, SP_WARNING, NULL, 0, 0, "NPS drivers: %s",
                    res->nps_drivers.note);
    free(a.values);
    free(a.weights);
    *out = res;
    return SP_OK;
fail:
    free(a.values);
    free(a.weights);
    sp_results_free(res);
    return err;
}

void sp_trend_free(sp_trend *t)
{
    if (!t)
        return;
    sp_strv_free(t->waves, t->n_waves);
    for (size_t d = 0; d < t->n_dimensions; d++) {
        free(t->dimensions[d].key);
        free(t->dimensions[d].label);
        free(t->dimensions[d].mean);
        free(t->dimensions[d].n);
    }
    free(t->dimensions);
    free(t);
}

void sp_results_free(sp_results *res)
{
    if (!res)
        return;
    free(res->title);
    free(res->language);
    free(res->exclusions);
    for (size_t i = 0; i < res->n_sources; i++) {
        free(res->sources[i].path);
        free(res->sources[i].excluded);
        free(res->sources[i].skipped);
    }
    free(res->excluded_rows);
    free(res->sources);
    free(res->overall_column);
    free(res->weight_column);
    sp_desc_clear(&res->overall);
    if (res->nps) {
        free(res->nps->column);
        sp_desc_clear(&res->nps->stats);
        free(res->nps);
    }
    for (size_t d = 0; d < res->n_dimensions; d++) {
        sp_dimension_result *dr = &res->dimensions[d];
        free(dr->key);
        free(dr->label);
        for (size_t i = 0; i < dr->n_items; i++) {
            free(dr->items[i].column);
            free(dr->items[i].label);
            sp_desc_clear(&dr->items[i].stats);
            sp_gap_free(dr->items[i].gap);
        }
        sp_desc_clear(&dr->stats);
        sp_reliability_clear(&dr->reliability);
        sp_gap_free(dr->gap);
        free(dr->items);
    }
    free(res->dimensions);
    sp_drivers_result *tables[] = {&res->drivers, &res->item_drivers,
                                   &res->nps_drivers, &res->nps_item_drivers};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        free(tables[t]->outcome);
        free(tables[t]->note);
        for (size_t j = 0; j < tables[t]->n_items; j++) {
            free(tables[t]->items[j].key);
            free(tables[t]->items[j].label);
        }
        free(tables[t]->items);
    }
    for (size_t i = 0; i < res->n_priorities; i++) {
        free(res->priorities[i].key);
        free(res->priorities[i].label);
        sp_strv_free(res->priorities[i].top_items,
                     res->priorities[i].n_top_items);
    }
    free(res->priorities);
    segments_free(res);
    waves_free(&res->waves);
    sp_trend_free(res->trend);
    sp_recovery_clear(&res->recovery);
    sp_kano_free(res->kano, res->n_kano);
    sp_findings_free(res);
    free(res->spec_path);
    free(res->spec_text);
    free(res);
}
