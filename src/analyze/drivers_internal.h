/* drivers_internal.h - what drivers.c and drivers_bootstrap.c share: the
 * correlations of drivers and outcome over (resampled) rows, and Johnson's
 * relative weights from them. Internal to the analyze stage. */
#ifndef SATPIPE_DRIVERS_INTERNAL_H
#define SATPIPE_DRIVERS_INTERNAL_H

#include <stddef.h>

#include "satpipe/analyze.h"
#include "satpipe/error.h"

/* Weighted moments of rows of drivers and outcome, d = (x, y) - centre:
 * m[0] the weight, m[1 .. q] sum w d, then the lower triangle of
 * sum w d d' row by row (q = p + 1). drivers_moments_size doubles. Sums
 * add: the moments of two sets of rows are the sum of their moments. */
size_t drivers_moments_size(size_t p);
/* The weighted means of the p drivers and the outcome into centre[p + 1]. */
void drivers_centre(const double *x, const double *y, const double *w,
                    size_t n, size_t p, double *centre);
/* Adds one row (x_row: p drivers) with weight w; d: scratch of p + 1. */
void drivers_moments_add(double *m, const double *x_row, double y, double w,
                         const double *centre, size_t p, double *d);
/* Correlations R (p x p, row-major) of the drivers and r (p) of each
 * driver with the outcome, from moments; sd gets the p + 1 standard
 * deviations (0: constant) and mean the p + 1 means of d (scratch). */
void drivers_moments_correlations(const double *m, size_t p, double *R,
                                  double *r, double *sd, double *mean);
/* The same over the rows x (n rows of p), y, weighted by w (NULL: 1). */
sp_error drivers_correlations(const double *x, const double *y,
                              const double *w, size_t n, size_t p, double *R,
                              double *r, double *sd);

/* Johnson (2000) relative weights: raw[p] sums to R^2. SP_ERR_NO_DATA
 * when R is not positive definite. */
sp_error drivers_relative_weights(const double *R, const double *r, size_t p,
                                  double *raw);

/* Competition ranks of v[0..p) (1 = largest). */
void drivers_ranks(const double *v, size_t p, double *rank);

/* Bootstrap intervals of rw_pct and rank into out->items
 * (drivers_bootstrap.c). */
sp_error drivers_bootstrap(const double *x, const double *y, const double *w,
                           size_t n, size_t p, const sp_driver_options *opt,
                           sp_drivers_result *out);

#endif
