/* segments.c - every measure (dimension scores, overall, the NPS item) by
 * the values of each segment column: n, mean, 95% t interval and top-box
 * share per value, each value against the rest with Welch's t-test, the
 * one-way and Welch ANOVA across values, and the Benjamini-Hochberg
 * adjustment over every value-against-rest test of the table whose value
 * and rest both reach min_base (the family the sheet names). Groups are
 * summarised by weighted sums in one pass, the rest as total minus group;
 * the variance is the weighted one of describe.c, n is Kish's n_eff. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "satpipe/analyze.h"
#include "segments_internal.h"

typedef struct sums {
    size_t n;
    double w, w2, wx, wx2, wtop, wpro, wdet;
} sums;

static void sums_add(sums *s, double x, double w, double top_from)
{
    s->n++;
    s->w += w;
    s->w2 += w * w;
    s->wx += w * x;
    s->wx2 += w * x * x;
    s->wtop += x >= top_from - 1e-9 ? w : 0;
    s->wpro += x >= 9 ? w : 0;
    s->wdet += x <= 6 ? w : 0;
}

static sums sums_minus(sums a, const sums *b)
{
    a.n -= b->n;
    a.w -= b->w;
    a.w2 -= b->w2;
    a.wx -= b->wx;
    a.wx2 -= b->wx2;
    a.wtop -= b->wtop;
    a.wpro -= b->wpro;
    a.wdet -= b->wdet;
    return a;
}

/* Mean, variance (GSL's weighted definition) and n_eff of sums. */
static void sums_moments(const sums *s, double *mean, double *var,
                         double *n_eff)
{
    *mean = s->w > 0 ? s->wx / s->w : NAN;
    *n_eff = s->w2 > 0 ? s->w * s->w / s->w2 : 0;
    double ss = s->wx2 - s->wx * s->wx / s->w;
    *var = *n_eff > 1 ? s->w / (s->w * s->w - s->w2) * (ss > 0 ? ss : 0)
                      : NAN;
}

static void cell_fill(sp_segment_cell *c, const sums *g, const sums *rest,
                      int nps)
{
    double var, rest_mean, rest_var, rest_n;
    sums_moments(g, &c->mean, &var, &c->n_eff);
    c->n = g->n;
    c->top2 = g->w > 0 ? g->wtop / g->w : NAN;
    c->nps = nps && g->w > 0 ? 100 * (g->wpro - g->wdet) / g->w : NAN;
    c->sd = c->ci_low = c->ci_high = NAN;
    if (c->n_eff > 1) {
        c->sd = sqrt(var);
        double t = gsl_cdf_tdist_Pinv(0.975, c->n_eff - 1);
        double se = sqrt(var / c->n_eff);
        c->ci_low = c->mean - t * se;
        c->ci_high = c->mean + t * se;
    }
    sums_moments(rest, &rest_mean, &rest_var, &rest_n);
    double df;
    sp_welch_t(c->mean, var, c->n_eff, rest_mean, rest_var, rest_n, &c->t,
               &df, &c->p);
}

/* One pass over the valid rows of one segment column: its values in
 * order of first appearance (seg->values, with their n) and each
 * measure's sums by value, *out G x M followed by the totals (row G). No
 * array of each row's group: at 10^7 responses it took 40 MB. Allocates
 * *out. */
static sp_error group_sums(const segments_input *in, size_t var,
                           sp_segment_result *seg, sums **out)
{
    const sp_dataset *ds = in->ds;
    size_t M = in->n_measures, cap = 0, s_cap = 0;
    sums *s = NULL, *total = calloc(M + 1, sizeof *total);
    if (!total)
        return SP_ERR_NOMEM;
    sp_text_ref last_ref = 0;   /* the row before's value, and its group */
    size_t last_g = 0;
    for (size_t row = 0, k = 0; row < ds->n_rows; row++) {
        if (in->reason[row] != SP_KEEP)
            continue;
        double w = in->weights ? in->weights[k] : 1.0;
        k++;
        const char *t = sp_dataset_text(ds, var, row);
        if (!t)
            continue;
        sp_text_ref ref = sp_dataset_text_ref(ds, var, row);
        size_t g = last_g;
        if (ref != last_ref) {
            for (g = 0; g < seg->n_values && strcmp(seg->values[g].label, t);)
                g++;
            if (g == seg->n_values) {
                if (sp_grow((void **)&seg->values, &cap, g + 1,
                            sizeof *seg->values) ||
                    sp_grow((void **)&s, &s_cap, (g + 1) * M + 1,
                            sizeof *s)) {
                    free(s);
                    free(total);
                    return SP_ERR_NOMEM;
                }
                seg->values[g] = (sp_segment_value){.label = sp_strdup(t)};
                memset(&s[g * M], 0, M * sizeof *s);
                seg->n_values++;
                if (!seg->values[g].label) {
                    free(s);
                    free(total);
                    return SP_ERR_NOMEM;
                }
            }
            last_ref = ref;
            last_g = g;
        }
        seg->values[g].n++;
        if (!(w > 0))
            continue;
        for (size_t j = 0; j < in->n_measures; j++) {
            double x = in->value(in, j, row);
            if (isnan(x))
                continue;
            sums_add(&s[g * M + j], x, w, in->top_from[j]);
            sums_add(&total[j], x, w, in->top_from[j]);
        }
    }
    size_t G = seg->n_values;
    if (sp_grow((void **)&s, &s_cap, (G + 1) * M + 1, sizeof *s)) {
        free(s);
        free(total);
        return SP_ERR_NOMEM;
    }
    memcpy(&s[G * M], total, M * sizeof *s);
    free(total);
    *out = s;
    return SP_OK;
}

/* Order of values: largest n first, then by label. */
static const sp_segment_value *sort_base;
static int compare_values(const void *a, const void *b)
{
    const sp_segment_value *x = &sort_base[*(const size_t *)a];
    const sp_segment_value *y = &sort_base[*(const size_t *)b];
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->label, y->label);
}

static sp_error analyze_segment(const segments_input *in, size_t var,
                                sp_segment_result *seg, size_t min_base)
{
    sums *s = NULL;
    sp_error err = group_sums(in, var, seg, &s);
    size_t G = seg->n_values, M = in->n_measures;
    size_t *order = err ? NULL : malloc((G ? G : 1) * sizeof *order);
    double *m = malloc((G ? G : 1) * 3 * sizeof(double));
    if (!err && (!order || !m))
        err = SP_ERR_NOMEM;
    if (!err)
        seg->cells = calloc(G * M > 0 ? G * M : 1, sizeof *seg->cells);
    if (!err)
        seg->anova = calloc(M ? M : 1, sizeof *seg->anova);
    if (!err && (!seg->cells || !seg->anova))
        err = SP_ERR_NOMEM;
    if (!err) {
        /* Reorder values by n; cells follow the new order. */
        for (size_t g = 0; g < G; g++)
            order[g] = g;
        sort_base = seg->values;
        qsort(order, G, sizeof *order, compare_values);
        sp_segment_value *sorted = malloc((G ? G : 1) * sizeof *sorted);
        if (!sorted)
            err = SP_ERR_NOMEM;
        for (size_t i = 0; i < G && !err; i++) {
            sorted[i] = seg->values[order[i]];
            sorted[i].small_base = sorted[i].n < min_base;
            for (size_t j = 0; j < M; j++) {
                sums rest = sums_minus(s[G * M + j], &s[order[i] * M + j]);
                cell_fill(&seg->cells[i * M + j], &s[order[i] * M + j], &rest,
                          j == in->nps_measure);
            }
        }
        if (!err) {
            free(seg->values);
            seg->values = sorted;
        }
    }
    for (size_t j = 0; j < M && !err; j++) {
        for (size_t i = 0; i < G; i++) {
            const sums *g = &s[order[i] * M + j];
            double mean, variance, n_eff;
            sums_moments(g, &mean, &variance, &n_eff);
            m[i] = mean;
            m[G + i] = variance;
            m[2 * G + i] = n_eff;
        }
        sp_anova_oneway(m, m + G, m + 2 * G, G, &seg->anova[j]);
    }
    free(order);
    free(s);
    free(m);
    return err;
}

sp_error segments_compute(const segments_input *in, sp_results *res)
{
    const sp_spec *spec = in->ds->spec;
    res->min_base = (size_t)spec->min_base;
    res->segments = calloc(spec->n_segments ? spec->n_segments : 1,
                           sizeof *res->segments);
    if (!res->segments)
        return SP_ERR_NOMEM;
    sp_error err = SP_OK;
    for (size_t i = 0; i < spec->n_segments && !err; i++) {
        sp_segment_result *seg = &res->segments[res->n_segments++];
        size_t var = spec->segments[i];
        if (!(seg->column = sp_strdup(spec->variables[var].name)))
            return SP_ERR_NOMEM;
        err = analyze_segment(in, var, seg, res->min_base);
    }
    /* One family: every value-against-rest test whose value and rest both
     * reach min_base, across all segment columns and measures. */
    size_t total = 0;
    for (size_t i = 0; i < res->n_segments; i++)
        total += res->segments[i].n_values * in->n_measures;
    double *p = malloc((total ? total : 1) * sizeof *p);
    double *q = malloc((total ? total : 1) * sizeof *q);
    if (!err && (!p || !q))
        err = SP_ERR_NOMEM;
    size_t k = 0;
    for (size_t i = 0; i < res->n_segments && !err; i++) {
        const sp_segment_result *seg = &res->segments[i];
        size_t valid = 0;
        for (size_t g = 0; g < seg->n_values; g++)
            valid += seg->values[g].n;
        for (size_t g = 0; g < seg->n_values; g++)
            for (size_t j = 0; j < in->n_measures; j++) {
                const sp_segment_cell *c = &seg->cells[g * in->n_measures + j];
                int in_family = !seg->values[g].small_base &&
                                valid - seg->values[g].n >= res->min_base;
                p[k++] = in_family ? c->p : NAN;
                res->bh_family += in_family && !isnan(c->p);
            }
    }
    if (!err)
        err = sp_bh_adjust(p, total, q);
    k = 0;
    for (size_t i = 0; i < res->n_segments && !err; i++) {
        sp_segment_result *seg = &res->segments[i];
        for (size_t g = 0; g < seg->n_values * in->n_measures; g++, k++) {
            sp_segment_cell *c = &seg->cells[g];
            c->q = q[k];
            c->mark = q[k] < 0.05 ? (c->t > 0 ? 1 : -1) : 0;
        }
    }
    free(p);
    free(q);
    return err;
}

void segments_free(sp_results *res)
{
    for (size_t i = 0; i < res->n_segments; i++) {
        sp_segment_result *seg = &res->segments[i];
        free(seg->column);
        for (size_t g = 0; g < seg->n_values; g++)
            free(seg->values[g].label);
        free(seg->values);
        free(seg->cells);
        free(seg->anova);
    }
    free(res->segments);
    sp_strv_free(res->measure_keys, res->n_measures);
    sp_strv_free(res->measure_labels, res->n_measures);
}
