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

/* Descriptives of x[0..n) ignoring NANs: n, missing, mean, sd (n - 1),
 * se, 95% t interval, and the share of values >= top_from (top-2-box).
 * Undefined figures (n < 2 for sd) are NAN. */
sp_error sp_describe(const double *x, size_t n, double top_from,
                     sp_desc *out);

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
