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

#include "../core/util.h"
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

/* Resamples summed together: the units' moments (megabytes for 30
 * drivers) are read once per block of resamples instead of once per
 * resample, while the block's counts stay in cache. */
#define BOOT_BLOCK 16

typedef double boot_pair __attribute__((vector_size(2 * sizeof(double))));

static boot_pair load_pair(const double *p)
{
    boot_pair v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* weighted_sum of two units' rows u[0], u[1] with two resamples' counts
 * c[0], c[1] at once (out[2a + b] = sum c[b] u[a]): each value loaded
 * serves two products. The partial sums are weighted_sum's, two to a
 * vector, added in its order: the same bits. */
static void weighted_sums_2x2(const double *const u[2],
                              const double *const c[2], size_t n,
                              double out[4])
{
    /* Named, not an array: GCC keeps them in registers. sAB: unit A,
     * resample B; l: partial sums 0, 1; h: 2, 3. */
    boot_pair s00l = {0, 0}, s00h = {0, 0}, s01l = {0, 0}, s01h = {0, 0};
    boot_pair s10l = {0, 0}, s10h = {0, 0}, s11l = {0, 0}, s11h = {0, 0};
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        boot_pair x0l = load_pair(u[0] + k), x0h = load_pair(u[0] + k + 2);
        boot_pair x1l = load_pair(u[1] + k), x1h = load_pair(u[1] + k + 2);
        boot_pair y0l = load_pair(c[0] + k), y0h = load_pair(c[0] + k + 2);
        boot_pair y1l = load_pair(c[1] + k), y1h = load_pair(c[1] + k + 2);
        s00l += y0l * x0l;
        s00h += y0h * x0h;
        s01l += y1l * x0l;
        s01h += y1h * x0h;
        s10l += y0l * x1l;
        s10h += y0h * x1h;
        s11l += y1l * x1l;
        s11h += y1h * x1h;
    }
    boot_pair l[4] = {s00l, s01l, s10l, s11l}, h[4] = {s00h, s01h, s10h, s11h};
    for (int q = 0; q < 4; q++) {
        double s0 = l[q][0];
        for (size_t t = k; t < n; t++)
            s0 += c[q & 1][t] * u[q >> 1][t];
        out[q] = (s0 + l[q][1]) + (h[q][0] + h[q][1]);
    }
}

static void *boot_run(void *arg)
{
    boot_job *j = arg;
    size_t p = j->p, size = j->size, G = j->n_units;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    double *ms = malloc(BOOT_BLOCK * size * sizeof *ms);
    double *R = malloc(p * p * sizeof *R);
    double *r = malloc(p * sizeof *r), *sd = malloc(2 * (p + 1) * sizeof *sd);
    double *raw = malloc(p * sizeof *raw);
    double *counts = malloc(BOOT_BLOCK * G * sizeof *counts);
    if (!rng || !ms || !R || !r || !sd || !raw || !counts) {
        j->err = SP_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t b = j->first; b < j->last; b++) {
        size_t in_block = (b - j->first) % BOOT_BLOCK;
        double *m = ms + in_block * size;
        if (in_block == 0) {
            size_t n_block = j->last - b < BOOT_BLOCK ? j->last - b
                                                      : BOOT_BLOCK;
            /* How often each unit is drawn in each resample of the block,
             * then each moment of the units read once for all of them. */
            for (size_t k = 0; k < n_block; k++) {
                double *count = counts + k * G;
                gsl_rng_set(rng, boot_seed(j->seed, b + k));
                memset(count, 0, G * sizeof *count);
                for (size_t u = 0; u < G; u++)
                    count[gsl_rng_uniform_int(rng, G)] += 1;
            }
            for (size_t i = 0; i < size; i += 2)
                for (size_t k = 0; k < n_block; k += 2) {
                    if (i + 1 < size && k + 1 < n_block) {
                        const double *u[2] = {j->units + i * G,
                                              j->units + (i + 1) * G};
                        const double *c[2] = {counts + k * G,
                                              counts + (k + 1) * G};
                        double out[4];
                        weighted_sums_2x2(u, c, G, out);
                        ms[k * size + i] = out[0];
                        ms[(k + 1) * size + i] = out[1];
                        ms[k * size + i + 1] = out[2];
                        ms[(k + 1) * size + i + 1] = out[3];
                        continue;
                    }
                    for (size_t a = i; a < size && a < i + 2; a++)
                        for (size_t e = k; e < n_block && e < k + 2; e++)
                            ms[e * size + a] = weighted_sum(
                                j->units + a * G, counts + e * G, G);
                }
        }
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
    free(ms);
    free(R);
    free(r);
    free(sd);
    free(raw);
    free(counts);
    return NULL;
}

sp_error drivers_units_new(size_t p, unsigned long seed, drivers_units **out)
{
    drivers_units *u = calloc(1, sizeof *u);
    if (!u)
        return SP_ERR_NOMEM;
    u->p = p;
    u->size = drivers_moments_size(p);
    u->seed = seed;
    *out = u;
    return SP_OK;
}

/* Past SP_BOOTSTRAP_GROUPS rows: deals the rows so far (one unit each)
 * into random groups, drawing for each in row order as the rows after
 * them will be: the same groups as dealing every row from the start. */
static sp_error units_to_groups(drivers_units *u)
{
    size_t G = SP_BOOTSTRAP_GROUPS, size = u->size;
    double *groups = calloc(G * size, sizeof *groups);
    if (!groups || !(u->rng = gsl_rng_alloc(gsl_rng_mt19937))) {
        free(groups);
        return SP_ERR_NOMEM;
    }
    gsl_rng_set(u->rng, boot_seed(u->seed, (size_t)-1));
    for (size_t r = 0; r < u->n_units; r++) {
        double *g = groups + gsl_rng_uniform_int(u->rng, G) * size;
        const double *row = u->moments + r * size;
        for (size_t i = 0; i < size; i++)
            g[i] += row[i];
    }
    free(u->moments);
    u->moments = groups;
    u->n_units = u->capacity = G;
    return SP_OK;
}

sp_error drivers_units_add(drivers_units *u, const double *x, double y,
                           double w, const double *centre, double *d)
{
    size_t g;
    if (u->rng) {
        g = gsl_rng_uniform_int(u->rng, u->n_units);
    } else if (u->n_rows < SP_BOOTSTRAP_GROUPS) {
        g = u->n_units++;   /* a unit of its own, zeroed */
        size_t cap = u->capacity;
        if (sp_grow((void **)&u->moments, &cap, u->n_units,
                    u->size * sizeof *u->moments))
            return SP_ERR_NOMEM;
        u->capacity = cap;
        memset(u->moments + g * u->size, 0, u->size * sizeof *u->moments);
    } else {
        sp_error err = units_to_groups(u);
        if (err)
            return err;
        g = gsl_rng_uniform_int(u->rng, u->n_units);
    }
    u->n_rows++;
    drivers_moments_add(u->moments + g * u->size, x, y, w, centre, u->p, d);
    return SP_OK;
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

/* Turns the units' moments moment-major (boot_job.units), for boot_run's
 * sums, in place: a copy would be as large again (8.6 MB for a model of
 * 30 drivers), at the run's peak. Each element moves along its cycle of
 * the permutation i -> i * G mod (N - 1) (the first and last stay); a
 * bitmap marks those moved. */
static sp_error units_by_moment(drivers_units *u)
{
    size_t G = u->n_units, N = G * u->size;
    if (N < 3)
        return SP_OK;
    uint8_t *moved = calloc((N + 7) / 8, 1);
    if (!moved)
        return SP_ERR_NOMEM;
    double *m = u->moments;
    for (size_t start = 1; start < N - 1; start++) {
        if (moved[start / 8] & (1u << (start % 8)))
            continue;
        double carried = m[start];
        size_t i = start;
        do {
            i = (size_t)(((unsigned __int128)i * G) % (N - 1));
            double displaced = m[i];
            m[i] = carried;
            carried = displaced;
            moved[i / 8] |= (uint8_t)(1u << (i % 8));
        } while (i != start);
    }
    free(moved);
    return SP_OK;
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
    double *buf = malloc(B * sizeof *buf);
    if (!pct || !rank || !buf || units_by_moment(u) != SP_OK) {
        free(pct);
        free(rank);
        free(buf);
        return SP_ERR_NOMEM;
    }
    out->resample_units = n_units;
    double *units = u->moments;   /* moment-major from here: u is spent */
    u->moments = NULL;
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
