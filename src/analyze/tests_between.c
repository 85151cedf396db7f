/* tests_between.c - comparisons of groups from their summaries (mean,
 * variance, n; with weights, n is Kish's effective n): Welch's t-test
 * (Welch 1947, Satterthwaite degrees of freedom), the classic one-way ANOVA
 * and Welch's (1951) ANOVA for unequal variances, and the
 * Benjamini-Hochberg (1995) step-up adjustment of p-values. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "satpipe/analyze.h"

void sp_welch_t(double m1, double v1, double n1, double m2, double v2,
                double n2, double *t, double *df, double *p)
{
    *t = *df = *p = NAN;
    if (!(n1 >= 2 && n2 >= 2))
        return;
    double a = v1 / n1, b = v2 / n2;
    if (!(a + b > 0))
        return;
    *t = (m1 - m2) / sqrt(a + b);
    *df = (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1));
    *p = 2 * gsl_cdf_tdist_Q(fabs(*t), *df);
}

void sp_anova_oneway(const double *m, const double *v, const double *n,
                     size_t k, sp_anova *out)
{
    *out = (sp_anova){.f = NAN, .p = NAN, .welch_f = NAN, .welch_p = NAN,
                      .welch_df2 = NAN};
    double total = 0, grand = 0, between = 0, within = 0;
    size_t groups = 0;
    for (size_t g = 0; g < k; g++)
        if (n[g] >= 2) {
            total += n[g];
            grand += n[g] * m[g];
            groups++;
        }
    if (groups < 2 || total <= (double)groups)
        return;
    grand /= total;
    for (size_t g = 0; g < k; g++)
        if (n[g] >= 2) {
            between += n[g] * (m[g] - grand) * (m[g] - grand);
            within += (n[g] - 1) * v[g];
        }
    out->df1 = (double)(groups - 1);
    out->df2 = total - (double)groups;
    if (within > 0) {
        out->f = (between / out->df1) / (within / out->df2);
        out->p = gsl_cdf_fdist_Q(out->f, out->df1, out->df2);
    }
    /* Welch: weights n/v, weighted grand mean, and the correction term. */
    double sw = 0, swm = 0, lambda = 0, a = 0;
    for (size_t g = 0; g < k; g++)
        if (n[g] >= 2 && v[g] > 0) {
            sw += n[g] / v[g];
            swm += n[g] / v[g] * m[g];
        } else if (n[g] >= 2) {
            return;   /* a group with no variance: Welch is undefined */
        }
    double mw = swm / sw;
    for (size_t g = 0; g < k; g++)
        if (n[g] >= 2) {
            double w = n[g] / v[g];
            a += w * (m[g] - mw) * (m[g] - mw);
            lambda += (1 - w / sw) * (1 - w / sw) / (n[g] - 1);
        }
    double kk = (double)groups;
    a /= kk - 1;
    double b = 1 + 2 * (kk - 2) / (kk * kk - 1) * lambda;
    out->welch_f = a / b;
    out->welch_df2 = (kk * kk - 1) / (3 * lambda);
    out->welch_p = gsl_cdf_fdist_Q(out->welch_f, out->df1, out->welch_df2);
}

typedef struct ranked {
    double p;
    size_t index;
} ranked;

static int compare_ranked(const void *a, const void *b)
{
    double x = ((const ranked *)a)->p, y = ((const ranked *)b)->p;
    return (x > y) - (x < y);
}

sp_error sp_bh_adjust(const double *p, size_t n, double *q)
{
    ranked *r = malloc((n ? n : 1) * sizeof *r);
    if (!r)
        return SP_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        q[i] = NAN;
        if (!isnan(p[i]))
            r[m++] = (ranked){p[i], i};
    }
    qsort(r, m, sizeof *r, compare_ranked);
    double running = 1.0;
    for (size_t i = m; i-- > 0;) {
        double adj = r[i].p * (double)m / (double)(i + 1);
        if (adj < running)
            running = adj;
        q[r[i].index] = running;
    }
    free(r);
    return SP_OK;
}
