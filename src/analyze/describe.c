/* describe.c - descriptives of one variable, with survey weights: weighted
 * mean and variance from GSL (gsl_stats_wvariance: sum(w) / (sum(w)^2 -
 * sum(w^2)) * sum(w (x - mean)^2), which is the usual n - 1 variance when
 * every weight is 1), the standard error and 95% t interval on Kish's
 * effective sample size n_eff = sum(w)^2 / sum(w^2) (Kish 1965), the
 * weighted median, top- and bottom-box shares and the distribution over the
 * scale points. Unweighted is the same with every weight 1. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "satpipe/analyze.h"

typedef struct pair {
    double x, w;
} pair;

static int compare_pairs(const void *a, const void *b)
{
    double x = ((const pair *)a)->x, y = ((const pair *)b)->x;
    return (x > y) - (x < y);
}

/* The weighted median of sorted pairs: where the cumulative weight passes
 * half the total; exactly half at a boundary averages the two values (so
 * equal weights give the textbook median). */
static double weighted_median(const pair *p, size_t n, double total)
{
    double cum = 0;
    for (size_t i = 0; i < n; i++) {
        cum += p[i].w;
        if (fabs(cum - total / 2) <= 1e-12 * total && i + 1 < n)
            return (p[i].x + p[i + 1].x) / 2;
        if (cum > total / 2)
            return p[i].x;
    }
    return n ? p[n - 1].x : NAN;
}

void sp_desc_clear(sp_desc *d)
{
    free(d->counts);
    free(d->shares);
    d->counts = NULL;
    d->shares = NULL;
    d->n_points = 0;
}

static void desc_reset(sp_desc *d)
{
    *d = (sp_desc){.mean = NAN, .sd = NAN, .se = NAN, .ci_low = NAN,
                   .ci_high = NAN, .median = NAN, .min = NAN, .max = NAN,
                   .top2 = NAN, .bottom2 = NAN, .n_eff = NAN};
}

/* The figures of answers from their tally (see sp_describe_tally): K
 * points of value values[k] in ascending order, or, values NULL, the
 * scale's points, whose counts and shares are kept too. */
static sp_error describe_tally(const double *values, const size_t *counts,
                               const double *weights, size_t K,
                               size_t missing, size_t zero_weight,
                               double sum_w, double sum_w2,
                               const sp_desc_options *opt, sp_desc *out)
{
    size_t m = 0;
    for (size_t k = 0; k < K; k++)
        m += counts[k];
    out->missing = missing;
    out->zero_weight = zero_weight;
    out->n = m;
    out->weight_sum = sum_w;
    if (!values) {
        out->n_points = K;
        out->counts = calloc(K, sizeof *out->counts);
        out->shares = calloc(K, sizeof *out->shares);
        if (!out->counts || !out->shares)
            return SP_ERR_NOMEM;
    }
#define POINT(k) (values ? values[k] : opt->scale_min + (double)(k))
    if (m == 0)
        return SP_OK;
    double sum = 0, top = 0, bottom = 0, ss = 0;
    double top_from = opt->scale_max - opt->box + 1;
    double bottom_to = opt->scale_min + opt->box - 1;
    for (size_t k = 0; k < K; k++) {
        double v = POINT(k);
        sum += weights[k] * v;
        top += v >= top_from - 1e-9 ? weights[k] : 0;
        bottom += v <= bottom_to + 1e-9 ? weights[k] : 0;
        if (!values) {
            out->counts[k] = counts[k];
            out->shares[k] = weights[k] / sum_w;
        }
    }
    out->n_eff = sum_w * sum_w / sum_w2;
    out->mean = sum / sum_w;
    out->top2 = top / sum_w;
    out->bottom2 = bottom / sum_w;
    /* Median as weighted_median walks the sorted answers: the first point
     * where the cumulative weight reaches half; exactly half at the end of
     * a point averages it with the next point answered. */
    double cum = 0, half = sum_w / 2;
    for (size_t k = 0; k < K; k++) {
        if (!counts[k])
            continue;
        double v = POINT(k);
        out->min = isnan(out->min) ? v : out->min;
        out->max = v;
        ss += weights[k] * (v - out->mean) * (v - out->mean);
        cum += weights[k];
        if (!isnan(out->median) || cum < half - 1e-12 * sum_w)
            continue;
        out->median = v;
        if (fabs(cum - half) <= 1e-12 * sum_w)
            for (size_t j = k + 1; j < K; j++)
                if (counts[j]) {
                    out->median = (v + POINT(j)) / 2;
                    break;
                }
    }
    if (out->n_eff > 1 + 1e-9 && m >= 2) {
        /* GSL's weighted variance: sum(w) / (sum(w)^2 - sum(w^2)) ... */
        out->sd = sqrt(ss * sum_w / (sum_w * sum_w - sum_w2));
        out->se = out->sd / sqrt(out->n_eff);
        double t = gsl_cdf_tdist_Pinv(0.975, out->n_eff - 1);
        out->ci_low = out->mean - t * out->se;
        out->ci_high = out->mean + t * out->se;
    }
#undef POINT
    return SP_OK;
}

int sp_desc_tally_points(const sp_desc_options *opt)
{
    if (!opt || !opt->distribution || !(opt->scale_max >= opt->scale_min) ||
        opt->scale_max - opt->scale_min >= SP_DESC_MAX_POINTS ||
        opt->scale_min != floor(opt->scale_min))
        return 0;
    return (int)(opt->scale_max - opt->scale_min) + 1;
}

sp_error sp_describe_tally(const size_t *counts, const double *weights,
                           size_t missing, size_t zero_weight, double sum_w,
                           double sum_w2, const sp_desc_options *opt,
                           sp_desc *out)
{
    desc_reset(out);
    sp_error err = describe_tally(NULL, counts, weights,
                                  (size_t)sp_desc_tally_points(opt), missing,
                                  zero_weight, sum_w, sum_w2, opt, out);
    if (err)
        sp_desc_clear(out);
    return err;
}

sp_error sp_describe_values(const double *values, const size_t *counts,
                            const double *weights, size_t K, size_t missing,
                            size_t zero_weight, double sum_w, double sum_w2,
                            const sp_desc_options *opt, sp_desc *out)
{
    desc_reset(out);
    sp_error err = describe_tally(values, counts, weights, K, missing,
                                  zero_weight, sum_w, sum_w2, opt, out);
    if (err)
        sp_desc_clear(out);
    return err;
}

/* When every answer is a whole number on the scale (items, overall): the
 * same figures from the weight and count of each scale point, in one pass
 * without a copy or a sort. Returns 0, leaving out as it was, when some
 * answer is not. */
static int describe_points(const double *x, const double *w, size_t n,
                           const sp_desc_options *opt, sp_desc *out,
                           sp_error *err)
{
    size_t K = (size_t)sp_desc_tally_points(opt);
    if (!K)
        return 0;
    size_t counts[SP_DESC_MAX_POINTS] = {0}, missing = 0, zero_weight = 0;
    double weights[SP_DESC_MAX_POINTS] = {0}, sum_w = 0, sum_w2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            missing++;
            continue;
        }
        double wi = w ? w[i] : 1.0;
        if (!(wi > 0)) {
            zero_weight++;
            continue;
        }
        double k = x[i] - opt->scale_min;
        if (!(k >= 0 && k < (double)K && k == floor(k)))
            return 0;
        counts[(size_t)k]++;
        weights[(size_t)k] += wi;
        sum_w += wi;
        sum_w2 += wi * wi;
    }
    *err = describe_tally(NULL, counts, weights, K, missing, zero_weight,
                          sum_w, sum_w2, opt, out);
    return 1;
}

sp_error sp_describe(const double *x, const double *w, size_t n,
                     const sp_desc_options *opt, sp_desc *out)
{
    desc_reset(out);
    sp_error err = SP_OK;
    if (describe_points(x, w, n, opt, out, &err)) {
        if (err)
            sp_desc_clear(out);
        return err;
    }
    /* Pairs only for the weighted median's sort. */
    pair *p = w ? malloc((n ? n : 1) * sizeof *p) : NULL;
    double *xs = malloc((n ? n : 1) * sizeof *xs);
    double *ws = malloc((n ? n : 1) * sizeof *ws);
    if ((w && !p) || !xs || !ws) {
        err = SP_ERR_NOMEM;
        goto cleanup;
    }
    size_t m = 0;
    double sum_w = 0, sum_w2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) {
            out->missing++;
            continue;
        }
        double wi = w ? w[i] : 1.0;
        if (!(wi > 0)) {   /* weight 0, negative or missing: no say */
            out->zero_weight++;
            continue;
        }
        if (p)
            p[m] = (pair){x[i], wi};
        xs[m] = x[i];
        ws[m] = wi;
        sum_w += wi;
        sum_w2 += wi * wi;
        m++;
    }
    out->n = m;
    out->weight_sum = sum_w;
    if (opt && opt->distribution && opt->scale_max >= opt->scale_min) {
        out->n_points = (size_t)(opt->scale_max - opt->scale_min) + 1;
        out->counts = calloc(out->n_points, sizeof *out->counts);
        out->shares = calloc(out->n_points, sizeof *out->shares);
        if (!out->counts || !out->shares) {
            err = SP_ERR_NOMEM;
            goto cleanup;
        }
    }
    if (m == 0)
        goto cleanup;
    out->n_eff = sum_w * sum_w / sum_w2;
    out->mean = gsl_stats_wmean(ws, 1, xs, 1, m);
    if (out->n_eff > 1 + 1e-9 && m >= 2) {
        out->sd = sqrt(gsl_stats_wvariance_m(ws, 1, xs, 1, m, out->mean));
        out->se = out->sd / sqrt(out->n_eff);
        double t = gsl_cdf_tdist_Pinv(0.975, out->n_eff - 1);
        out->ci_low = out->mean - t * out->se;
        out->ci_high = out->mean + t * out->se;
    }
    if (w) {
        qsort(p, m, sizeof *p, compare_pairs);
        out->min = p[0].x;
        out->max = p[m - 1].x;
        out->median = weighted_median(p, m, sum_w);
    } else {
        /* Every weight 1: the same median by selection, without sorting
         * (GSL reorders xs, which is no longer needed). */
        out->min = out->max = xs[0];
        for (size_t i = 1; i < m; i++) {
            out->min = xs[i] < out->min ? xs[i] : out->min;
            out->max = xs[i] > out->max ? xs[i] : out->max;
        }
        out->median = gsl_stats_median(xs, 1, m);
    }
    if (opt) {
        double top = 0, bottom = 0;
        double top_from = opt->scale_max - opt->box + 1;
        double bottom_to = opt->scale_min + opt->box - 1;
        for (size_t i = 0; i < m; i++) {
            /* Sorted pairs, or xs in selection's order: with weights of 1
             * the sums are whole numbers, the same in any order. */
            double xi = p ? p[i].x : xs[i], wi = p ? p[i].w : 1.0;
            top += xi >= top_from - 1e-9 ? wi : 0;
            bottom += xi <= bottom_to + 1e-9 ? wi : 0;
            if (out->n_points) {
                double k = xi - opt->scale_min;
                if (k >= 0 && k < (double)out->n_points && k == floor(k)) {
                    out->counts[(size_t)k]++;
                    out->shares[(size_t)k] += wi;
                }
            }
        }
        out->top2 = top / sum_w;
        out->bottom2 = bottom / sum_w;
        for (size_t k = 0; k < out->n_points; k++)
            out->shares[k] /= sum_w;
    }
cleanup:
    free(p);
    free(xs);
    free(ws);
    if (err)
        sp_desc_clear(out);
    return err;
}
