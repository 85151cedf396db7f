/* reliability.c - internal consistency of a dimension's items on the
 * respondents who answered all of them (listwise, as SPSS and PSPP do).
 * Cronbach (1951): alpha = k/(k-1) (1 - sum var_i / var_total); the
 * standardised alpha from the mean inter-item correlation r:
 * k r / (1 + (k-1) r); the corrected item-total correlation of item i with
 * the sum of the others; alpha if item i is deleted; the Feldt (1965) 95%
 * interval 1 - (1 - alpha) F(0.975 / 0.025; n-1, (n-1)(k-1)), as R's
 * psych::alpha.ci computes it. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../core/util.h"
#include "satpipe/analyze.h"

/* Alpha from item variances and the variance of their sum. */
static double alpha_of(size_t k, double sum_var, double total_var)
{
    if (k < 2 || !(total_var > 0))
        return NAN;
    return (double)k / (double)(k - 1) * (1.0 - sum_var / total_var);
}

/* The k x k covariance matrix (divisor n - 1) of the n rows of x, row by
 * row in one pass over centred values, as a stream; mean: k doubles of
 * scratch. */
static void covariance_matrix(const double *x, size_t n, size_t k,
                              double *mean, double *cov)
{
    for (size_t j = 0; j < k; j++)
        mean[j] = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            mean[j] += x[i * k + j];
    for (size_t j = 0; j < k; j++)
        mean[j] /= (double)n;
    for (size_t j = 0; j < k * k; j++)
        cov[j] = 0;
    for (size_t r = 0; r < n; r++) {
        const double *row = x + r * k;
        for (size_t i = 0; i < k; i++) {
            double di = row[i] - mean[i];
            for (size_t j = 0; j <= i; j++)
                cov[i * k + j] += di * (row[j] - mean[j]);
        }
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j <= i; j++)
            cov[j * k + i] = cov[i * k + j] /= (double)(n - 1);
}

void sp_reliability_clear(sp_reliability *r)
{
    free(r->item_total_r);
    free(r->alpha_if_deleted);
    free(r->note);
    r->item_total_r = r->alpha_if_deleted = NULL;
    r->note = NULL;
}

/* The covariance matrix (divisor n - 1) from exact sums:
 * (n S_ij - S_i S_j) / (n (n - 1)), the numerator in 128-bit integers. */
static void covariance_from_sums(const int64_t *sum, const int64_t *cross,
                                 size_t n, size_t k, double *cov)
{
    double scale = (double)n * (double)(n - 1);
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j <= i; j++) {
            __int128 num = (__int128)n * cross[i * k + j] -
                           (__int128)sum[i] * sum[j];
            cov[i * k + j] = cov[j * k + i] = (double)num / scale;
        }
}

/* Alpha and the item analysis from the covariance matrix, which is read
 * only when k >= 2 and n >= 2; cov NULL: out of memory. */
static sp_error reliability_of(const double *cov, size_t n, size_t k,
                               sp_reliability *out);

sp_error sp_reliability_compute(const double *x, size_t n, size_t k,
                                sp_reliability *out)
{
    double *cov = malloc((k * k + k + 1) * sizeof(double));   /* + means */
    if (cov && n >= 2 && k >= 2)
        covariance_matrix(x, n, k, cov + k * k, cov);
    sp_error err = reliability_of(cov, n, k, out);
    free(cov);
    return err;
}

sp_error sp_reliability_from_sums(const int64_t *sum, const int64_t *cross,
                                  size_t n, size_t k, sp_reliability *out)
{
    double *cov = malloc((k * k + 1) * sizeof(double));
    if (cov && n >= 2 && k >= 2)
        covariance_from_sums(sum, cross, n, k, cov);
    sp_error err = reliability_of(cov, n, k, out);
    free(cov);
    return err;
}

static sp_error reliability_of(const double *cov, size_t n, size_t k,
                               sp_reliability *out)
{
    *out = (sp_reliability){.k = k, .n = n, .alpha = NAN, .alpha_std = NAN,
                            .mean_r = NAN, .ci_low = NAN, .ci_high = NAN};
    out->item_total_r = malloc((k ? k : 1) * sizeof(double));
    out->alpha_if_deleted = malloc((k ? k : 1) * sizeof(double));
    sp_error err = SP_OK;
    if (!out->item_total_r || !out->alpha_if_deleted || !cov) {
        err = SP_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < k; i++)
        out->item_total_r[i] = out->alpha_if_deleted[i] = NAN;
    if (k < 2) {
        out->note = sp_strdup("One item: reliability needs two items or "
                              "more.");
        goto cleanup;
    }
    if (n < 2) {
        out->note = sp_format("Only %zu respondent%s answered every item.", n,
                              n == 1 ? "" : "s");
        goto cleanup;
    }
    double sum_var = 0, total_var = 0;
    for (size_t i = 0; i < k; i++) {
        sum_var += cov[i * k + i];
        for (size_t j = 0; j < k; j++)
            total_var += cov[i * k + j];
    }
    out->alpha = alpha_of(k, sum_var, total_var);
    /* Mean inter-item correlation and the standardised alpha. */
    double sum_r = 0;
    size_t pairs = 0;
    int constant = 0;
    for (size_t i = 0; i < k; i++) {
        constant |= !(cov[i * k + i] > 0);
        for (size_t j = 0; j < i; j++) {
            sum_r += cov[i * k + j] / sqrt(cov[i * k + i] * cov[j * k + j]);
            pairs++;
        }
    }
    if (!constant) {
        out->mean_r = sum_r / (double)pairs;
        out->alpha_std = (double)k * out->mean_r /
                         (1.0 + (double)(k - 1) * out->mean_r);
    }
    /* Each item against the sum of the others, and alpha without it. */
    for (size_t i = 0; i < k; i++) {
        double cov_total = 0;
        for (size_t j = 0; j < k; j++)
            cov_total += cov[i * k + j];
        double var_i = cov[i * k + i];
        double var_rest = total_var - 2 * cov_total + var_i;
        if (var_i > 0 && var_rest > 0)
            out->item_total_r[i] = (cov_total - var_i) / sqrt(var_i * var_rest);
        if (k > 2)
            out->alpha_if_deleted[i] = alpha_of(k - 1, sum_var - var_i,
                                                var_rest);
    }
    if (!isnan(out->alpha)) {
        double df1 = (double)(n - 1), df2 = (double)((n - 1) * (k - 1));
        out->ci_low = 1 - (1 - out->alpha) * gsl_cdf_fdist_Pinv(0.975, df1, df2);
        out->ci_high = 1 - (1 - out->alpha) * gsl_cdf_fdist_Pinv(0.025, df1, df2);
    }
    if (isnan(out->alpha)) {
        out->note = sp_strdup("The items do not vary: alpha is undefined.");
    } else if (out->alpha < 0) {
        /* The caller names the item: see analyze.c. */
        for (size_t i = 1; i < k; i++)
            if (out->item_total_r[i] < out->item_total_r[out->worst_item])
                out->worst_item = i;
    } else if (out->alpha < 0.7) {
        out->note = sp_strdup("Alpha is below 0.7: the items may not measure "
                              "one thing.");
    }
    if ((out->alpha < 0.7 || isnan(out->alpha)) && out->alpha >= 0 &&
        !out->note)
        err = SP_ERR_NOMEM;
cleanup:
    if (err)
        sp_reliability_clear(out);
    return err;
}
