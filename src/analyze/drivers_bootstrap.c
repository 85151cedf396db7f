/* drivers_bootstrap.c - percentile 95% intervals for each driver's rescaled
 * relative weight and rank, from resamples of the respondents (with their
 * weights). The statistic depends on the rows only through their moments
 * (drivers_moments_add), so each resampling unit is summed once: up to
 * SP_BOOTSTRAP_GROUPS respondents the units are the respondents themselves (the
 * textbook bootstrap); beyond, respondents are dealt at random into
 * SP_BOOTSTRAP_GROUPS groups and the groups are resampled (the random-group
 * method, Wolter 2007, ch. 2: random groups of independent respondents are
 * independent, so their resamples give the same intervals as resampling
 * the respondents, at a cost that no longer grows with n). Resample b draws
 * from a generator seeded with (seed, b) and writes only its own slot, so
 * the result is the same bit for bit on one thread or on two. */
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "drivers_internal.h"
#include "satpipe/analyze.h"

typedef struct boot_job {
    const double *units;      /* size x n_units: moment i of unit k at
                               * i * n_units + k */
    size_t n_units, size, p;
    unsigned long seed;
    size_t first, last;       /* resamples [first, last) */
    double *pct, *rank;       /* resamples x p; NAN: degenerate resample */
    sp_error err;
} boot_job;

static unsigned long boot_seed(unsigned long seed, size_t b)
{
    return seed * 1000003UL + b + 1;   /* b = (size_t)-1: the grouping */
}

/* sum c[k] u[k]; four sums at once, so that the additions do not wait on
 * each other (a fixed order: the same bits on every run). */
static double weighted_sum(const double *u, const double *c, size_t n)
{
    double s[4] = {0, 0, 0, 0};
    size_t k = 0;
    for (; k + 4 <= n; k += 4)
        for (int l = 0; l < 4; l++)
            s[l] += c[k + l] * u[k + l];
    for (; k < n; k++)
        s[0] += c[k] * u[k];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

static void *boot_run(void *arg)
{
    boot_job *j = arg;
    size_t p = j->p, size = j->size;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double *m = malloc(size * sizeof *m), *R = malloc(p * p * sizeof *R);
    double *r = malloc(p * sizeof *r), *sd = malloc(2 * (p + 1) * sizeof *sd);
    double *raw = malloc(p * sizeof *raw);
    double *count = malloc(j->n_units * sizeof *count);
    if (!rng || !m || !R || !r || !sd || !raw || !count) {
        j->err = SP_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t b = j->first; b < j->last; b++) {
        gsl_rng_set(rng, boot_seed(j->seed, b));
        /* How often each unit is drawn, then the units in memory order:
         * the same sums, read as a stream. */
        size_t G = j->n_units;
        memset(count, 0, G * sizeof *count);
        for (size_t k = 0; k < G; k++)
            count[gsl_rng_uniform_int(rng, G)] += 1;
        for (size_t i = 0; i < size; i++)
            m[i] = weighted_sum(j->units + i * G, count, G);
        drivers_moments_correlations(m, p, R, r, sd, sd + p + 1);
        double *pct = j->pct + b * p, *rank = j->rank + b * p, total = 0;
        int usable = m[0] > 0;
        for (size_t q = 0; q <= p; q++)
            usable &= sd[q] > 0;
        if (usable && drivers_relative_weights(R, r, p, raw) == SP_OK) {
            for (size_t q = 0; q < p; q++)
                total += raw[q];
            for (size_t q = 0; q < p; q++)
                pct[q] = 100 * raw[q] / total;
            drivers_ranks(pct, p, rank);
        } else {
            for (size_t q = 0; q < p; q++)
                pct[q] = rank[q] = NAN;
        }
    }
cleanup:
    gsl_rng_free(rng);
    free(m);
    free(R);
    free(r);
    free(sd);
    free(raw);
    free(count);
    return NULL;
}

sp_error drivers_units_new(size_t n, size_t p, unsigned long seed,
                           drivers_units **out)
{
    drivers_units *u = calloc(1, sizeof *u);
    if (!u)
        return SP_ERR_NOMEM;
    u->p = p;
    u->size = drivers_moments_size(p);
    u->n_units = n <= SP_BOOTSTRAP_GROUPS ? n : SP_BOOTSTRAP_GROUPS;
    u->moments = calloc(u->n_units * u->size, sizeof *u->moments);
    if (u->n_units < n && (u->rng = gsl_rng_alloc(gsl_rng_mt19937)))
        gsl_rng_set(u->rng, boot_seed(seed, (size_t)-1));
    if (!u->moments || (u->n_units < n && !u->rng)) {
        drivers_units_free(u);
        return SP_ERR_NOMEM;
    }
    *out = u;
    return SP_OK;
}

void drivers_units_add(drivers_units *u, const double *x, double y, double w,
                       const double *centre, double *d)
{
    size_t g = u->rng ? gsl_rng_uniform_int(u->rng, u->n_units)
                      : u->next_row++;
    drivers_moments_add(u->moments + g * u->size, x, y, w, centre, u->p, d);
}

void drivers_units_total(const drivers_units *u, double *m)
{
    for (size_t i = 0; i < u->size; i++)
        m[i] = 0;
    for (size_t g = 0; g < u->n_units; g++) {
        const double *unit = u->moments + g * u->size;
        for (size_t i = 0; i < u->size; i++)
            m[i] += unit[i];
    }
}

void drivers_units_free(drivers_units *u)
{
    if (!u)
        return;
    gsl_rng_free(u->rng);
    free(u->moments);
    free(u);
}

/* The units' moments moment-major (boot_job.units), for boot_run's sums.
 * Allocates. */
static double *units_by_moment(const drivers_units *u)
{
    size_t G = u->n_units, size = u->size;
    double *t = malloc((G ? G : 1) * size * sizeof *t);
    if (t)
        for (size_t g = 0; g < G; g++)
            for (size_t i = 0; i < size; i++)
                t[i * G + g] = u->moments[g * size + i];
    return t;
}

/* 2.5% and 97.5% percentiles of the usable values of driver q. */
static void percentiles(const double *samples, size_t resamples, size_t p,
                        size_t q, double *buf, double *low, double *high)
{
    size_t m = 0;
    for (size_t b = 0; b < resamples; b++)
        if (!isnan(samples[b * p + q]))
            buf[m++] = samples[b * p + q];
    if (m == 0) {
        *low = *high = NAN;
        return;
    }
    gsl_sort(buf, 1, m);
    *low = gsl_stats_quantile_from_sorted_data(buf, 1, m, 0.025);
    *high = gsl_stats_quantile_from_sorted_data(buf, 1, m, 0.975);
}

sp_error drivers_bootstrap(drivers_units *u, const sp_driver_options *opt,
                           sp_drivers_result *out)
{
    size_t B = opt->resamples, p = u->p, n_units = u->n_units;
    double *pct = malloc(B * p * sizeof *pct), *rank = malloc(B * p * sizeof *rank);
    double *buf = malloc(B * sizeof *buf), *units = units_by_moment(u);
    if (!pct || !rank || !buf || !units) {
        free(pct);
        free(rank);
        free(buf);
        free(units);
        return SP_ERR_NOMEM;
    }
    out->resample_units = n_units;
    int threads = opt->threads > 1 ? 2 : 1;
    boot_job jobs[2];
    pthread_t tid;
    int started = 0;
    for (int t = 0; t < threads; t++)
        jobs[t] = (boot_job){.units = units, .n_units = n_units,
                             .size = drivers_moments_size(p), .p = p,
                             .seed = opt->seed, .first = B * (size_t)t / threads,
                             .last = B * (size_t)(t + 1) / threads,
                             .pct = pct, .rank = rank};
    if (threads == 2 && pthread_create(&tid, NULL, boot_run, &jobs[1]) == 0)
        started = 1;
    boot_run(&jobs[0]);
    if (started)
        pthread_join(tid, NULL);
    else if (threads == 2)
        boot_run(&jobs[1]);   /* no second thread: same work, one core */
    free(units);
    sp_error err = jobs[0].err         ? jobs[0].err
                   : threads == 2 ? jobs[1].err
                                  : SP_OK;
    size_t usable = 0;
    for (size_t b = 0; b < B; b++)
        usable += !isnan(pct[b * p]);
    out->resamples = usable;
    for (size_t q = 0; q < p && !err; q++) {
        sp_driver_result *it = &out->items[q];
        percentiles(pct, B, p, q, buf, &it->rw_ci_low, &it->rw_ci_high);
        percentiles(rank, B, p, q, buf, &it->rank_ci_low, &it->rank_ci_high);
    }
    free(pct);
    free(rank);
    free(buf);
    return err;
}
