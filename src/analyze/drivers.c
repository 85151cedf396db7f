/* drivers.c - key-driver analysis of an outcome on p drivers, from the
 * correlation matrix R of the drivers and their correlations r with the
 * outcome (over listwise-complete rows, weighted when the survey is):
 *   standardised betas b = R^-1 r, R^2 = b . r; VIF_j = (R^-1)_jj; the SE
 *   of b_j is sqrt((1 - R^2) / (n - p - 1) VIF_j) (Cohen et al. 2003,
 *   ch. 3), t = b/SE, p two-sided on n - p - 1 df (n: Kish's n_eff when
 *   weighted);
 *   Johnson's (2000) relative weights: with R = Q L Q', L = R^1/2 =
 *   Q L^1/2 Q' and beta* = L^-1 r, raw_j = sum_k L_jk^2 beta*_k^2, summing
 *   to R^2;
 *   Shapley (LMG; Lindeman, Merenda & Gold 1980; Groemping 2006): each
 *   driver's average increase of R^2 over all orders, exact over the 2^p
 *   subsets (each subset's R^2 computed once) up to SP_SHAPLEY_MAX drivers;
 *   bootstrap intervals in drivers_bootstrap.c. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "drivers_internal.h"
#include "satpipe/analyze.h"

/* Smallest tolerance (1 - R^2 of a driver on the others) accepted. */
#define SP_COLLINEAR_TOLERANCE 1e-10

size_t drivers_moments_size(size_t p)
{
    size_t q = p + 1;
    return 1 + q + q * (q + 1) / 2;
}

void drivers_moments_add(double *m, const double *x_row, double y, double w,
                         const double *centre, size_t p, double *d)
{
    size_t q = p + 1;
    for (size_t j = 0; j < p; j++)
        d[j] = x_row[j] - centre[j];
    d[p] = y - centre[p];
    m[0] += w;
    double *sum = m + 1, *cross = m + 1 + q;
    for (size_t i = 0; i < q; i++) {
        double wd = w * d[i];
        sum[i] += wd;
        for (size_t j = 0; j <= i; j++)
            *cross++ += wd * d[j];
    }
}

void drivers_moments_correlations(const double *m, size_t p, double *R,
                                  double *r, double *sd, double *mean)
{
    size_t q = p + 1;
    const double W = m[0], *cross = m + 1 + q;
    for (size_t j = 0; j < q; j++)
        mean[j] = m[1 + j] / W;
    /* Lower triangle, row by row: element (i, j) at i (i + 1) / 2 + j. */
#define COV(i, j) (cross[(i) * ((i) + 1) / 2 + (j)] / W - mean[i] * mean[j])
    for (size_t j = 0; j < q; j++) {
        double v = COV(j, j);
        sd[j] = v > 0 ? sqrt(v) : 0;
    }
    for (size_t i = 0; i < p; i++) {
        for (size_t j = 0; j <= i; j++) {
            double v = i == j ? 1.0 : COV(i, j) / (sd[i] * sd[j]);
            R[i * p + j] = R[j * p + i] = v;
        }
        r[i] = COV(p, i) / (sd[i] * sd[p]);
    }
#undef COV
}

/* The one pass over the rows: count, weights, and the moments about a
 * provisional centre, the first row (the correlations take the means out;
 * the first row is near enough to them that the sums of squares lose
 * little to cancellation, where a centre of 0 could lose much): each
 * bootstrap unit's, whose sum is then the total, or else the total. */
typedef struct moments {
    size_t p, n;
    double sw, sw2;
    double *m, *centre, *d;
    drivers_units *units;   /* NULL: no bootstrap */
    sp_error err;
} moments;

static void visit_row(void *arg, const double *x, double y, double w)
{
    moments *s = arg;
    if (s->err)
        return;
    if (s->n++ == 0) {
        memcpy(s->centre, x, s->p * sizeof *x);
        s->centre[s->p] = y;
    }
    s->sw += w;
    s->sw2 += w * w;
    if (s->units)
        s->err = drivers_units_add(s->units, x, y, w, s->centre, s->d);
    else
        drivers_moments_add(s->m, x, y, w, s->centre, s->p, s->d);
}

sp_error drivers_relative_weights(const double *R, const double *r, size_t p,
                                  double *raw)
{
    gsl_matrix *A = gsl_matrix_alloc(p, p), *Q = gsl_matrix_alloc(p, p);
    gsl_vector *ev = gsl_vector_alloc(p);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(p);
    sp_error err = SP_OK;
    if (!A || !Q || !ev || !ws) {
        err = SP_ERR_NOMEM;
        goto cleanup;
    }
    memcpy(A->data, R, p * p * sizeof(double));
    if (gsl_eigen_symmv(A, ev, Q, ws) != GSL_SUCCESS) {
        err = SP_ERR_NO_DATA;
        goto cleanup;
    }
    for (size_t k = 0; k < p; k++)
        if (!(gsl_vector_get(ev, k) > SP_COLLINEAR_TOLERANCE)) {
            err = SP_ERR_NO_DATA;
            goto cleanup;
        }
    /* L = Q diag(sqrt l) Q'; beta* = Q diag(1/sqrt l) Q' r. Q is read
     * directly (row i at i * tda): this runs once per bootstrap resample. */
    double *qtr = calloc(3 * p, sizeof *qtr), *beta = qtr + p, *s = beta + p;
    if (!qtr) {
        err = SP_ERR_NOMEM;
        goto cleanup;
    }
    const double *q = Q->data;
    size_t t = Q->tda;
    for (size_t k = 0; k < p; k++)
        s[k] = sqrt(ev->data[k * ev->stride]);
    for (size_t k = 0; k < p; k++)
        for (size_t i = 0; i < p; i++)
            qtr[k] += q[i * t + k] * r[i];
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < p; k++)
            beta[j] += q[j * t + k] * qtr[k] / s[k];
    for (size_t j = 0; j < p; j++) {
        raw[j] = 0;
        for (size_t k = 0; k < p; k++) {
            double l = 0;
            for (size_t i = 0; i < p; i++)
                l += q[j * t + i] * s[i] * q[k * t + i];
            raw[j] += l * l * beta[k] * beta[k];
        }
    }
    free(qtr);
cleanup:
    gsl_matrix_free(A);
    gsl_matrix_free(Q);
    gsl_vector_free(ev);
    gsl_eigen_symmv_free(ws);
    return err;
}

void drivers_ranks(const double *v, size_t p, double *rank)
{
    for (size_t j = 0; j < p; j++) {
        size_t above = 0;
        for (size_t k = 0; k < p; k++)
            above += v[k] > v[j];
        rank[j] = (double)(above + 1);
    }
}

/* R^2 of the outcome on the drivers in `mask`: r_S' R_SS^-1 r_S. */
static double subset_r2(const double *R, const double *r, size_t p,
                        unsigned mask, gsl_matrix *A, gsl_vector *b,
                        gsl_vector *sol)
{
    size_t idx[32], m = 0;
    for (size_t j = 0; j < p; j++)
        if (mask & (1u << j))
            idx[m++] = j;
    if (m == 0)
        return 0;
    gsl_matrix_view Av = gsl_matrix_submatrix(A, 0, 0, m, m);
    gsl_vector_view bv = gsl_vector_subvector(b, 0, m);
    gsl_vector_view sv = gsl_vector_subvector(sol, 0, m);
    for (size_t i = 0; i < m; i++) {
        gsl_vector_set(&bv.vector, i, r[idx[i]]);
        for (size_t j = 0; j < m; j++)
            gsl_matrix_set(&Av.matrix, i, j, R[idx[i] * p + idx[j]]);
    }
    if (gsl_linalg_cholesky_decomp1(&Av.matrix) != GSL_SUCCESS ||
        gsl_linalg_cholesky_solve(&Av.matrix, &bv.vector, &sv.vector) !=
            GSL_SUCCESS)
        return NAN;
    double r2 = 0;
    for (size_t i = 0; i < m; i++)
        r2 += gsl_vector_get(&sv.vector, i) * r[idx[i]];
    return r2;
}

sp_error sp_shapley(const double *R, const double *r, size_t p, double *out)
{
    if (p == 0 || p > SP_SHAPLEY_MAX)
        return SP_ERR_NO_DATA;
    size_t subsets = (size_t)1 << p;
    double *r2 = malloc(subsets * sizeof *r2);
    double *weight = malloc(p * sizeof *weight);
    gsl_matrix *A = gsl_matrix_alloc(p, p);
    gsl_vector *b = gsl_vector_alloc(p), *sol = gsl_vector_alloc(p);
    sp_error err = r2 && weight && A && b && sol ? SP_OK : SP_ERR_NOMEM;
    for (size_t s = 0; s < subsets && !err; s++)
        r2[s] = subset_r2(R, r, p, (unsigned)s, A, b, sol);
    /* weight[s] = s! (p - s - 1)! / p!, built up without factorials. */
    for (size_t s = 0; s < p && !err; s++) {
        double w = 1.0 / (double)p;
        for (size_t i = 1; i <= s; i++)
            w *= (double)i / (double)(p - i);
        weight[s] = w;
    }
    for (size_t j = 0; j < p && !err; j++) {
        double sum = 0;
        for (size_t s = 0; s < subsets; s++) {
            if (s & ((size_t)1 << j))
                continue;
            sum += weight[__builtin_popcountll(s)] *
                   (r2[s | ((size_t)1 << j)] - r2[s]);
        }
        out[j] = sum;
    }
    free(r2);
    free(weight);
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_vector_free(sol);
    return err;
}

/* The regression from R and r: betas, SE, t, p, VIF, R^2. */
static sp_error drivers_regression(const double *R, const double *r,
                                   double n_eff, size_t p,
                                   sp_drivers_result *out, size_t *collinear)
{
    gsl_matrix *L = gsl_matrix_alloc(p, p);
    gsl_vector *rv = gsl_vector_alloc(p), *b = gsl_vector_alloc(p);
    sp_error err = L && rv && b ? SP_OK : SP_ERR_NOMEM;
    if (err)
        goto cleanup;
    memcpy(rv->data, r, p * sizeof(double));
    /* The first driver that is (almost) a combination of those before it:
     * the leading block whose Cholesky fails or leaves a tiny pivot. */
    *collinear = SP_NO_DRIVER;
    for (size_t m = 1; m <= p && *collinear == SP_NO_DRIVER; m++) {
        gsl_matrix_view Lm = gsl_matrix_submatrix(L, 0, 0, m, m);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++)
                gsl_matrix_set(&Lm.matrix, i, j, R[i * p + j]);
        double pivot = 0;
        if (gsl_linalg_cholesky_decomp1(&Lm.matrix) == GSL_SUCCESS)
            pivot = gsl_matrix_get(&Lm.matrix, m - 1, m - 1);
        if (pivot * pivot < SP_COLLINEAR_TOLERANCE)
            *collinear = m - 1;
    }
    if (*collinear != SP_NO_DRIVER) {
        err = SP_ERR_NO_DATA;
        goto cleanup;
    }
    gsl_linalg_cholesky_solve(L, rv, b);
    gsl_linalg_cholesky_invert(L);   /* now R^-1 */
    double r2 = 0;
    for (size_t j = 0; j < p; j++)
        r2 += gsl_vector_get(b, j) * r[j];
    out->r2 = r2;
    double df = n_eff - (double)p - 1;
    out->adj_r2 = 1.0 - (1.0 - r2) * (n_eff - 1) / df;
    for (size_t j = 0; j < p; j++) {
        sp_driver_result *it = &out->items[j];
        it->beta = gsl_vector_get(b, j);
        it->vif = gsl_matrix_get(L, j, j);
        it->se = sqrt((1.0 - r2) / df * it->vif);
        it->t = it->beta / it->se;
        it->p = 2 * gsl_cdf_tdist_Q(fabs(it->t), df);
    }
cleanup:
    gsl_matrix_free(L);
    gsl_vector_free(rv);
    gsl_vector_free(b);
    return err;
}

static void drivers_reset(sp_drivers_result *out, size_t p)
{
    out->r2 = out->adj_r2 = out->n_eff = NAN;
    for (size_t j = 0; j < p; j++) {
        sp_driver_result *it = &out->items[j];
        it->r = it->beta = it->se = it->t = it->p = it->vif = NAN;
        it->rw_raw = it->rw_pct = it->rw_ci_low = it->rw_ci_high = NAN;
        it->shapley = it->rank = it->rank_ci_low = it->rank_ci_high = NAN;
    }
}

/* Appends a sentence to the result's note. */
static sp_error add_note(sp_drivers_result *out, char *sentence)
{
    if (!sentence)
        return SP_ERR_NOMEM;
    char *joined = out->note ? sp_format("%s %s", out->note, sentence)
                             : sentence;
    if (joined != sentence)
        free(sentence);
    if (!joined)
        return SP_ERR_NOMEM;
    free(out->note);
    out->note = joined;
    return SP_OK;
}

typedef struct matrix_rows {
    const double *x, *y, *w;
    size_t n;
} matrix_rows;

static void matrix_each(const drivers_rows *rows, drivers_visit visit,
                        void *arg)
{
    const matrix_rows *m = rows->data;
    for (size_t k = 0; k < m->n; k++)
        visit(arg, m->x + k * rows->p, m->y[k], m->w ? m->w[k] : 1.0);
}

sp_error sp_drivers_compute(const double *x, const double *y,
                            const double *w, size_t n, size_t p,
                            const sp_driver_options *opt,
                            sp_drivers_result *out)
{
    matrix_rows m = {x, y, w, n};
    drivers_rows rows = {.p = p, .each = matrix_each, .data = &m};
    return drivers_compute(&rows, opt, out);
}

sp_error drivers_compute(const drivers_rows *rows,
                         const sp_driver_options *opt, sp_drivers_result *out)
{
    size_t p = rows->p, q = p + 1, size = drivers_moments_size(p);
    drivers_reset(out, p);
    out->seed = opt ? opt->seed : 0;
    double *R = NULL, *r = NULL, *sd = NULL, *raw = NULL;
    drivers_units *units = NULL;
    double *m = calloc(size + 2 * q, sizeof *m);
    if (!m || (opt && opt->resamples &&
               drivers_units_new(p, opt->seed, &units) != SP_OK)) {
        free(m);
        return SP_ERR_NOMEM;
    }
    moments mo = {.p = p, .m = m, .centre = m + size, .d = m + size + q,
                  .units = units};
    rows->each(rows, visit_row, &mo);
    size_t n = mo.n;
    out->n = n;
    out->n_eff = n ? mo.sw * mo.sw / mo.sw2 : 0;
    sp_error err = mo.err;
    if (err || p == 0)
        goto cleanup;
    if (n <= p + 1 || out->n_eff <= (double)p + 1) {
        err = add_note(out, sp_format(
            "Only %zu responses answer the outcome and every driver; at "
            "least %zu are needed for %zu drivers.", n, p + 2, p));
        goto cleanup;
    }
    R = malloc(p * p * sizeof *R);
    r = malloc(p * sizeof *r);
    sd = malloc(2 * (p + 1) * sizeof *sd);   /* + scratch means */
    raw = malloc(p * sizeof *raw);
    if (!R || !r || !sd || !raw) {
        err = SP_ERR_NOMEM;
        goto cleanup;
    }
    if (units)
        drivers_units_total(units, m);
    drivers_moments_correlations(m, p, R, r, sd, sd + q);
    for (size_t j = 0; j <= p; j++)
        if (!(sd[j] > 0)) {
            err = add_note(out, sp_format(
                "%s does not vary: the drivers cannot be estimated.",
                j < p ? out->items[j].key : out->outcome ? out->outcome
                                                          : "The outcome"));
            goto cleanup;
        }
    for (size_t j = 0; j < p; j++)
        out->items[j].r = r[j];
    size_t collinear;
    err = drivers_regression(R, r, out->n_eff, p, out, &collinear);
    if (err == SP_ERR_NO_DATA) {
        for (size_t j = 0; j < p; j++)   /* betas are not identified */
            out->items[j].beta = NAN;
        err = add_note(out, sp_format(
            "%s is (almost) a combination of the other drivers (perfectly "
            "collinear): betas and importances cannot be separated. Drop or "
            "merge one of them.", out->items[collinear].key));
        goto cleanup;
    }
    if (err)
        goto cleanup;
    if ((err = drivers_relative_weights(R, r, p, raw)) != SP_OK)
        goto cleanup;
    double total = 0;
    for (size_t j = 0; j < p; j++)
        total += raw[j];
    double *pct = sd;   /* reuse: p values */
    for (size_t j = 0; j < p; j++) {
        out->items[j].rw_raw = raw[j];
        out->items[j].rw_pct = pct[j] = total > 0 ? 100 * raw[j] / total : NAN;
    }
    double *rank = raw;
    drivers_ranks(pct, p, rank);
    for (size_t j = 0; j < p; j++)
        out->items[j].rank = rank[j];
    if (p <= SP_SHAPLEY_MAX) {
        out->shapley_exact = 1;
        double *sh = rank;
        if ((err = sp_shapley(R, r, p, sh)) != SP_OK)
            goto cleanup;
        for (size_t j = 0; j < p; j++)
            out->items[j].shapley = sh[j];
    } else if ((err = add_note(out, sp_format(
                    "%zu drivers: Shapley values are computed exactly up to "
                    "%d drivers; relative weights stand in.",
                    p, SP_SHAPLEY_MAX))) != SP_OK) {
        goto cleanup;
    }
    if (units && (err = drivers_bootstrap(units, opt, out)) != SP_OK)
        goto cleanup;
    /* Warnings that leave the figures standing. */
    if (n < 10 * p &&
        (err = add_note(out, sp_format(
             "Only %zu responses for %zu drivers (fewer than 10 per driver): "
             "importances are uncertain.", n, p))) != SP_OK)
        goto cleanup;
    for (size_t j = 0; j < p && !err; j++)
        if (out->items[j].vif > 5)
            err = add_note(out, sp_format(
                "%s overlaps the other drivers (VIF %.1f > 5): trust its "
                "relative weight more than its beta.",
                out->items[j].key, out->items[j].vif));
cleanup:
    drivers_units_free(units);
    free(m);
    free(R);
    free(r);
    free(sd);
    free(raw);
    return err;
}
