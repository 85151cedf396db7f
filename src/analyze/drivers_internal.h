/* drivers_internal.h - what drivers.c, drivers_bootstrap.c and analyze.c
 * share: the rows of a driver model handed over one at a time, their
 * moments and correlations, the bootstrap's resampling units, and
 * Johnson's relative weights. Internal to the analyze stage. */
#ifndef SATPIPE_DRIVERS_INTERNAL_H
#define SATPIPE_DRIVERS_INTERNAL_H

#include <gsl/gsl_rng.h>
#include <stddef.h>

#include "satpipe/analyze.h"
#include "satpipe/error.h"

/* Weighted moments of rows of drivers and outcome, d = (x, y) - centre:
 * m[0] the weight, m[1 .. q] sum w d, then the lower triangle of
 * sum w d d' row by row (q = p + 1). drivers_moments_size doubles. Sums
 * add: the moments of two sets of rows are the sum of their moments. */
size_t drivers_moments_size(size_t p);
/* Adds one row (x_row: p drivers) with weight w; d: scratch of p + 1. */
void drivers_moments_add(double *m, const double *x_row, double y, double w,
                         const double *centre, size_t p, double *d);
/* Correlations R (p x p, row-major) of the drivers and r (p) of each
 * driver with the outcome, from moments; sd gets the p + 1 standard
 * deviations (0: constant) and mean the p + 1 means of d (scratch). */
void drivers_moments_correlations(const double *m, size_t p, double *R,
                                  double *r, double *sd, double *mean);

/* The rows of a driver model, handed one at a time and in the same order
 * on every pass: from a matrix (sp_drivers_compute) or straight from the
 * dataset (analyze.c), so that no n x p copy is ever made. */
typedef void (*drivers_visit)(void *arg, const double *x, double y,
                              double w);
typedef struct drivers_rows {
    size_t p;
    void (*each)(const struct drivers_rows *rows, drivers_visit visit,
                 void *arg);
    const void *data;   /* the caller's */
} drivers_rows;

/* sp_drivers_compute over rows (two passes). */
sp_error drivers_compute(const drivers_rows *rows,
                         const sp_driver_options *opt, sp_drivers_result *out);

/* Johnson (2000) relative weights: raw[p] sums to R^2. SP_ERR_NO_DATA
 * when R is not positive definite. */
sp_error drivers_relative_weights(const double *R, const double *r, size_t p,
                                  double *raw);

/* Competition ranks of v[0..p) (1 = largest). */
void drivers_ranks(const double *v, size_t p, double *rank);

/* The resampling units of the rows (drivers_bootstrap.c): each row, up to
 * SP_BOOTSTRAP_GROUPS of them; beyond, SP_BOOTSTRAP_GROUPS random groups
 * (the rows so far are then dealt into groups, as if they had been from
 * the start). Add each row in turn with drivers_units_add. Allocates *u;
 * free with drivers_units_free. */
typedef struct drivers_units {
    size_t n_units, size, p, n_rows, capacity;
    double *moments;        /* n_units x size, unit-major */
    gsl_rng *rng;           /* deals rows into groups; NULL: one per row */
    unsigned long seed;
} drivers_units;
sp_error drivers_units_new(size_t p, unsigned long seed, drivers_units **out);
sp_error drivers_units_add(drivers_units *u, const double *x, double y,
                           double w, const double *centre, double *d);
/* The moments of all rows: the sum of the units' (m: size values). */
void drivers_units_total(const drivers_units *u, double *m);
void drivers_units_free(drivers_units *u);

/* Bootstrap intervals of rw_pct and rank into out->items, from the units'
 * moments (which it reorders and frees: u is then only to be freed). */
sp_error drivers_bootstrap(drivers_units *units, const sp_driver_options *opt,
                           sp_drivers_result *out);

#endif
