/* drivers_internal.h - what drivers.c and drivers_bootstrap.c share: the
 * correlations of drivers and outcome over (resampled) rows, and Johnson's
 * relative weights from them. Internal to the analyze stage. */
#ifndef SATPIPE_DRIVERS_INTERNAL_H
#define SATPIPE_DRIVERS_INTERNAL_H

#include <stddef.h>

#include "satpipe/analyze.h"
#include "satpipe/error.h"

/* Correlations R (p x p, row-major) of the drivers x (n rows of p) and r
 * (p) of each driver with y, weighted by w (NULL: 1), over the rows
 * idx[0..n) (NULL: rows 0..n). sd gets the p + 1 standard deviations
 * (drivers, then y) so that callers can tell a constant variable. */
void drivers_correlations(const double *x, const double *y, const double *w,
                          const size_t *idx, size_t n, size_t p, double *R,
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
