/* analyze.c - fills sp_results from the cleaned, scored data: counts,
 * descriptives of items, dimensions and overall, and the key-driver
 * regression of overall on the dimension scores. Only valid responses
 * enter any statistic. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "satpipe/analyze.h"

/* Collects column values of valid rows into buf; returns how many. */
typedef double (*value_at_fn)(const sp_dataset *ds, const sp_scores *scores,
                              size_t a, size_t b, size_t row);

static double item_at(const sp_dataset *ds, const sp_scores *s, size_t d,
                      size_t i, size_t row)
{
    (void)s;
    return sp_score_item(ds, d, i, row);
}

static double dimension_at(const sp_dataset *ds, const sp_scores *s,
                           size_t d, size_t unused, size_t row)
{
    (void)ds;
    (void)unused;
    return sp_score_dimension(s, d, row);
}

static double rating_at(const sp_dataset *ds, const sp_scores *s, size_t v,
                        size_t unused, size_t row)
{
    (void)s;
    (void)unused;
    return sp_score_rating(ds, v, row);
}

static size_t gather(const sp_dataset *ds, const sp_cleaning *cleaning,
                     const sp_scores *scores, value_at_fn at, size_t a,
                     size_t b, double *buf)
{
    size_t m = 0;
    for (size_t row = 0; row < ds->n_rows; row++)
        if (cleaning->reason[row] == SP_KEEP)
            buf[m++] = at(ds, scores, a, b, row);
    return m;
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

/* The exclusion log: every excluded row with every rule it failed. */
static sp_error analyze_exclusion_log(const sp_dataset *ds,
                                      const sp_cleaning *cleaning,
                                      sp_results *res)
{
    size_t n = cleaning->read - cleaning->valid;
    res->excluded_responses = calloc(n ? n : 1, sizeof(sp_excluded_response));
    if (!res->excluded_responses)
        return SP_ERR_NOMEM;
    const sp_spec *spec = ds->spec;
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (cleaning->reason[row] == SP_KEEP)
            continue;
        sp_excluded_response *e =
            &res->excluded_responses[res->n_excluded_responses++];
        e->source = ds->source[row];
        e->line = ds->line[row];
        e->reason = (size_t)cleaning->reason[row] - 1;
        e->failed = cleaning->failed[row] >> 1;   /* bit 0 is SP_KEEP */
        e->duration = ds->duration[row];
        e->answered = answered_items(ds, row, &e->items);
        e->invalid = ds->invalid[row];
        e->overall = spec->overall != SP_NO_VARIABLE
                         ? sp_score_rating(ds, spec->overall, row) : NAN;
        const char *id = spec->id != SP_NO_VARIABLE
                             ? ds->columns[spec->id].texts[row] : NULL;
        if (id && !(e->id = sp_strdup(id)))
            return SP_ERR_NOMEM;
    }
    return SP_OK;
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
        sp_source_result *s = &res->sources[ds->source[row]];
        if (cleaning->reason[row] == SP_KEEP)
            s->valid++;
        else
            s->excluded[cleaning->reason[row] - 1]++;
    }
    return analyze_exclusion_log(ds, cleaning, res);
}

static sp_error analyze_dimensions(const sp_dataset *ds,
                                   const sp_cleaning *cleaning,
                                   const sp_scores *scores, double top_from,
                                   double *buf, sp_results *res)
{
    const sp_spec *spec = ds->spec;
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
        size_t m = gather(ds, cleaning, scores, dimension_at, d, 0, buf);
        sp_error err = sp_describe(buf, m, top_from, &dr->stats);
        if (err)
            return err;
        for (size_t i = 0; i < dim->n_items; i++) {
            sp_item_result *ir = &dr->items[dr->n_items++];
            size_t var = dim->items[i];
            if (!(ir->column = sp_strdup(spec->variables[var].name)) ||
                (ds->labels[var] && !(ir->label = sp_strdup(ds->labels[var]))))
                return SP_ERR_NOMEM;
            ir->reversed = dim->reversed[i];
            m = gather(ds, cleaning, scores, item_at, d, i, buf);
            if ((err = sp_describe(buf, m, top_from, &ir->stats)) != SP_OK)
                return err;
        }
    }
    return SP_OK;
}

/* Regresses overall on the dimension scores over complete valid rows. */
static sp_error analyze_drivers(const sp_dataset *ds,
                                const sp_cleaning *cleaning,
                                const sp_scores *scores, sp_results *res)
{
    const sp_spec *spec = ds->spec;
    sp_drivers_result *dr = &res->drivers;
    size_t p = spec->n_dimensions;
    dr->r2 = dr->adj_r2 = NAN;
    dr->items = calloc(p, sizeof(sp_driver_result));
    if (!dr->items)
        return SP_ERR_NOMEM;
    for (size_t j = 0; j < p; j++) {
        sp_driver_result *it = &dr->items[dr->n_items++];
        it->key = sp_strdup(spec->dimensions[j].key);
        it->label = sp_strdup(spec->dimensions[j].label);
        it->r = it->beta = NAN;
        if (!it->key || !it->label)
            return SP_ERR_NOMEM;
    }
    if (spec->overall == SP_NO_VARIABLE) {
        dr->note = sp_strdup("The spec names no 'overall' column, so there "
                             "is no outcome for key-driver analysis.");
        return dr->note ? SP_OK : SP_ERR_NOMEM;
    }
    if (!(dr->outcome = sp_strdup(spec->variables[spec->overall].name)))
        return SP_ERR_NOMEM;
    double *x = malloc((ds->n_rows ? ds->n_rows : 1) * p * sizeof(double));
    double *y = malloc((ds->n_rows ? ds->n_rows : 1) * sizeof(double));
    double *r = malloc(p * sizeof(double));
    double *beta = malloc(p * sizeof(double));
    sp_error ret = SP_OK;
    if (!x || !y || !r || !beta) {
        ret = SP_ERR_NOMEM;
        goto cleanup;
    }
    size_t n = 0;
    for (size_t row = 0; row < ds->n_rows; row++) {
        if (cleaning->reason[row] != SP_KEEP)
            continue;
        double outcome = sp_score_rating(ds, spec->overall, row);
        int complete = !isnan(outcome);
        for (size_t j = 0; j < p && complete; j++) {
            x[n * p + j] = sp_score_dimension(scores, j, row);
            complete = !isnan(x[n * p + j]);
        }
        if (complete)
            y[n++] = outcome;
    }
    dr->n = n;
    sp_error err = sp_regress_standardized(x, y, n, p, r, beta, &dr->r2,
                                           &dr->adj_r2);
    for (size_t j = 0; j < p; j++) {
        dr->items[j].r = r[j];
        dr->items[j].beta = beta[j];
    }
    if (err == SP_ERR_NOMEM)
        ret = err;
    else if (err && n <= p + 1)
        dr->note = sp_format("Only %zu responses answer overall and every "
                             "dimension; at least %zu are needed for %zu "
                             "drivers.", n, p + 2, p);
    else if (err)
        dr->note = sp_strdup("Overall or a dimension score does not vary, or "
                             "dimension scores are collinear: the regression "
                             "cannot be estimated.");
    if (err && err != SP_ERR_NOMEM && !dr->note)
        ret = SP_ERR_NOMEM;
cleanup:
    free(x);
    free(y);
    free(r);
    free(beta);
    return ret;
}

sp_error sp_analyze_run(const sp_dataset *ds, const sp_cleaning *cleaning,
                        const sp_scores *scores, sp_results **out,
                        sp_diag *diag)
{
    *out = NULL;
    gsl_set_error_handler_off();   /* GSL must report, never abort */
    const sp_spec *spec = ds->spec;
    sp_results *res = calloc(1, sizeof *res);
    double *buf = malloc((ds->n_rows ? ds->n_rows : 1) * sizeof(double));
    sp_error err = SP_ERR_NOMEM;
    if (!res || !buf)
        goto fail;
    res->overall = (sp_desc){.mean = NAN, .sd = NAN, .se = NAN,
                             .ci_low = NAN, .ci_high = NAN, .top2 = NAN};
    res->scale_min = spec->scale_min;
    res->scale_max = spec->scale_max;
    if (!(res->title = sp_strdup(spec->title)) ||
        !(res->language = sp_strdup(spec->language)))
        goto fail;
    /* Top-2-box: the two highest scale points; for a dimension score (a
     * mean of items) the share of respondents scoring at least max - 1. */
    double top_from = spec->scale_max - 1;
    if ((err = analyze_counts(ds, cleaning, res)) != SP_OK ||
        (err = analyze_dimensions(ds, cleaning, scores, top_from, buf,
                                  res)) != SP_OK)
        goto fail;
    if (spec->overall != SP_NO_VARIABLE) {
        err = SP_ERR_NOMEM;
        if (!(res->overall_column =
                  sp_strdup(spec->variables[spec->overall].name)))
            goto fail;
        size_t m = gather(ds, cleaning, scores, rating_at, spec->overall, 0,
                          buf);
        if ((err = sp_describe(buf, m, top_from, &res->overall)) != SP_OK)
            goto fail;
    }
    if ((err = analyze_drivers(ds, cleaning, scores, res)) != SP_OK)
        goto fail;
    if (res->drivers.note)
        sp_diag_add(diag, SP_WARNING, NULL, 0, 0, "key drivers: %s",
                    res->drivers.note);
    if (spec->weight != SP_NO_VARIABLE)
        sp_diag_add(diag, SP_WARNING, spec->path,
                    spec->variables[spec->weight].line, 0,
                    "key 'weight': survey weights are read but not applied "
                    "in this version; every figure is unweighted");
    free(buf);
    *out = res;
    return SP_OK;
fail:
    free(buf);
    sp_results_free(res);
    return err;
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
    for (size_t i = 0; i < res->n_excluded_responses; i++)
        free(res->excluded_responses[i].id);
    free(res->excluded_responses);
    free(res->sources);
    free(res->overall_column);
    for (size_t d = 0; d < res->n_dimensions; d++) {
        sp_dimension_result *dr = &res->dimensions[d];
        free(dr->key);
        free(dr->label);
        for (size_t i = 0; i < dr->n_items; i++) {
            free(dr->items[i].column);
            free(dr->items[i].label);
        }
        free(dr->items);
    }
    free(res->dimensions);
    free(res->drivers.outcome);
    free(res->drivers.note);
    for (size_t j = 0; j < res->drivers.n_items; j++) {
        free(res->drivers.items[j].key);
        free(res->drivers.items[j].label);
    }
    free(res->drivers.items);
    free(res);
}
