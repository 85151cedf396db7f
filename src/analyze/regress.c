/* regress.c - key-driver regression in standardised form. With R the
 * drivers' correlation matrix and r their correlations with the outcome,
 * the standardised coefficients solve R beta = r and R^2 = beta . r
 * (e.g. Cohen, Cohen, West & Aiken 2003, ch. 3); this equals OLS with an
 * intercept on the raw variables, rescaled by sd(x)/sd(y). The correlation
 * form is what relative weights and Shapley decomposition build on. */
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "satpipe/analyze.h"

/* Smallest tolerance (1 - R^2 of a driver on the others) accepted. */
#define SP_COLLINEAR_TOLERANCE 1e-10

static void fill_nan(double *v, size_t p)
{
    for (size_t j = 0; j < p; j++)
        v[j] = NAN;
}

sp_error sp_regress_standardized(const double *x, const double *y, size_t n,
                                 size_t p, double *r, double *beta,
                                 double *r2, double *adj_r2)
{
    fill_nan(r, p);
    fill_nan(beta, p);
    *r2 = *adj_r2 = NAN;
    if (p == 0 || n <= p + 1)
        return SP_ERR_NO_DATA;
    if (gsl_stats_sd(y, 1, n) == 0)
        return SP_ERR_NO_DATA;
    for (size_t j = 0; j < p; j++)
        if (gsl_stats_sd(x + j, p, n) == 0)
            return SP_ERR_NO_DATA;

    gsl_matrix *R = gsl_matrix_alloc(p, p);
    gsl_vector *rv = gsl_vector_alloc(p);
    gsl_vector *b = gsl_vector_alloc(p);
    sp_error ret = SP_OK;
    if (!R || !rv || !b) {
        ret = SP_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t j = 0; j < p; j++) {
        gsl_matrix_set(R, j, j, 1.0);
        for (size_t k = 0; k < j; k++) {
            double c = gsl_stats_correlation(x + j, p, x + k, p, n);
            gsl_matrix_set(R, j, k, c);
            gsl_matrix_set(R, k, j, c);
        }
        r[j] = gsl_stats_correlation(x + j, p, y, 1, n);
        gsl_vector_set(rv, j, r[j]);
    }
    /* Collinear drivers leave betas unidentified. Cholesky fails when R is
     * not positive definite; rounding can make an exactly singular R look
     * barely definite, so also refuse a tiny pivot: with a unit diagonal,
     * L_jj^2 = 1 - R^2 of driver j on the drivers before it (its tolerance,
     * 1 / VIF). */
    if (gsl_linalg_cholesky_decomp1(R) != GSL_SUCCESS) {
        ret = SP_ERR_NO_DATA;
        goto cleanup;
    }
    for (size_t j = 0; j < p; j++) {
        double pivot = gsl_matrix_get(R, j, j);
        if (pivot * pivot < SP_COLLINEAR_TOLERANCE) {
            ret = SP_ERR_NO_DATA;
            goto cleanup;
        }
    }
    if (gsl_linalg_cholesky_solve(R, rv, b) != GSL_SUCCESS) {
        ret = SP_ERR_NO_DATA;
        goto cleanup;
    }
    double sum = 0;
    for (size_t j = 0; j < p; j++) {
        beta[j] = gsl_vector_get(b, j);
        sum += beta[j] * r[j];
    }
    *r2 = sum;
    *adj_r2 = 1.0 - (1.0 - sum) * (double)(n - 1) / (double)(n - p - 1);
cleanup:
    gsl_matrix_free(R);
    gsl_vector_free(rv);
    gsl_vector_free(b);
    return ret;
}
