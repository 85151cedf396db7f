/* analyze.h - the statistics: descriptives, key-driver regression, and the
 * run that fills sp_results from the scored data. Each statistic is a small
 * function over plain arrays that tests call directly; none knows about
 * workbooks. Missing values are NAN in the arrays. */
#ifndef SATPIPE_ANALYZE_H
#define SATPIPE_ANALYZE_H

#include <stddef.h>

#include "satpipe/clean.h"
#include "satpipe/dataset.h"
#include "satpipe/results.h"
#include "satpipe/score.h"

/* How to summarise a variable: its scale (for box scores and the
 * distribution) and how many points make the top and bottom box. */
typedef struct sp_desc_options {
    double scale_min, scale_max;
    int box;            /* 2, or 3 on scales of 7+ points */
    int distribution;   /* count each scale point (whole-number answers) */
} sp_desc_options;

/* Descriptives of x[0..n) with weights w (NULL: all 1), ignoring NANs and
 * answers whose weight is not positive. Undefined figures (sd with
 * n_eff <= 1) are NAN. Allocates out's distribution: free it with
 * sp_desc_clear. opt may be NULL (no box scores, no distribution). */
sp_error sp_describe(const double *x, const double *w, size_t n,
                     const sp_desc_options *opt, sp_desc *out);

/* Cronbach's alpha and item analysis of n complete rows of k items
 * (row-major). Allocates the per-item arrays: free with
 * sp_reliability_clear. Undefined figures are NAN, with out->note. */
sp_error sp_reliability_compute(const double *x, size_t n, size_t k,
                                sp_reliability *out);

/* A paired t-test of the differences d[0..n) (NAN: not both answered),
 * weighted by w (NULL: unweighted). */
sp_error sp_gap_test(const double *d, const double *w, size_t n,
                     sp_gap *out);

/* Net Promoter Score of 0-10 answers x (weights w, NULL for none). */
sp_error sp_nps_compute(const double *x, const double *w, size_t n,
                        sp_nps_result *out);

/* Key-driver regression on complete rows: x is n rows of p drivers
 * (row-major), y the outcome. Fills r[p] (Pearson r of each driver with y),
 * beta[p] (standardised coefficients), *r2 and *adj_r2. Returns
 * SP_ERR_NO_DATA, with NAN betas and R^2, when n <= p + 1, a variable is
 * constant, or the drivers are collinear (r is still filled in that last
 * case). */
sp_error sp_regress_standardized(const double *x, const double *y, size_t n,
                                 size_t p, double *r, double *beta,
                                 double *r2, double *adj_r2);

/* Fills a new sp_results (*out; free with sp_results_free). */
sp_error sp_analyze_run(const sp_dataset *ds, const sp_cleaning *cleaning,
                        const sp_scores *scores, sp_results **out,
                        sp_diag *diag);

#endif
