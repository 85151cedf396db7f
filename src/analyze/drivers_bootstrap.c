/* drivers_bootstrap.c - percentile 95% intervals for each driver's rescaled
 * relative weight and rank, from resamples of the respondents (with their
 * weights). Resample b draws its rows from a generator seeded with
 * (seed, b) and writes only its own slot, so the result is the same bit for
 * bit whether it runs on one thread or on two. */
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "drivers_internal.h"
#include "satpipe/analyze.h"

typedef struct boot_job {
    const double *x, *y, *w;
    size_t n, p;
    unsigned long seed;
    size_t first, last;       /* resamples [first, last) */
    double *pct, *rank;       /* resamples x p; NAN: degenerate resample */
    sp_error err;
} boot_job;

static void *boot_run(void *arg)
{
    boot_job *j = arg;
    size_t p = j->p;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    size_t *idx = malloc(j->n * sizeof *idx);
    double *R = malloc(p * p * sizeof *R), *r = malloc(p * sizeof *r);
    double *sd = malloc((p + 1) * sizeof *sd), *raw = malloc(p * sizeof *raw);
    if (!rng || !idx || !R || !r || !sd || !raw) {
        j->err = SP_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t b = j->first; b < j->last; b++) {
        gsl_rng_set(rng, j->seed * 1000003UL + b + 1);
        for (size_t k = 0; k < j->n; k++)
            idx[k] = gsl_rng_uniform_int(rng, j->n);
        drivers_correlations(j->x, j->y, j->w, idx, j->n, p, R, r, sd);
        double *pct = j->pct + b * p, *rank = j->rank + b * p, total = 0;
        int usable = 1;
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
    free(idx);
    free(R);
    free(r);
    free(sd);
    free(raw);
    return NULL;
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

sp_error drivers_bootstrap(const double *x, const double *y, const double *w,
                           size_t n, size_t p, const sp_driver_options *opt,
                           sp_drivers_result *out)
{
    size_t B = opt->resamples;
    double *pct = malloc(B * p * sizeof *pct), *rank = malloc(B * p * sizeof *rank);
    double *buf = malloc(B * sizeof *buf);
    if (!pct || !rank || !buf) {
        free(pct);
        free(rank);
        free(buf);
        return SP_ERR_NOMEM;
    }
    int threads = opt->threads > 1 ? 2 : 1;
    boot_job jobs[2];
    pthread_t tid;
    int started = 0;
    for (int t = 0; t < threads; t++)
        jobs[t] = (boot_job){.x = x, .y = y, .w = w, .n = n, .p = p,
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
    sp_error err = jobs[0].err ? jobs[0].err : threads == 2 ? jobs[1].err
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
