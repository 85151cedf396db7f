/* waves.c - the latest wave against the previous one: the wave of each
 * valid response comes from the spec's `wave:` column (or one label for
 * the whole run); waves sort by label (2026Q2 before 2026Q3). Every
 * dimension score, item, overall and the NPS item is described in both
 * waves (weighted as everywhere) and compared with Welch's t-test; the
 * NPS change in points is tested with z = diff / sqrt(se1^2 + se2^2). */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "satpipe/analyze.h"
#include "waves_internal.h"

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The wave labels, sorted, and each valid row's wave (SIZE_MAX: none). */
static sp_error waves_label_rows(const waves_input *in, sp_waves_result *w,
                                 size_t *wave)
{
    size_t cap = 0;
    for (size_t k = 0; k < in->n_valid; k++) {
        const char *label = in->label(in, in->rows[k]);
        wave[k] = SIZE_MAX;
        if (!label)
            continue;
        size_t i = 0;
        while (i < w->n_waves && strcmp(w->labels[i], label) != 0)
            i++;
        if (i == w->n_waves) {
            if (sp_grow((void **)&w->labels, &cap, i + 1, sizeof(char *)) ||
                !(w->labels[i] = sp_strdup(label)))
                return SP_ERR_NOMEM;
            w->n_waves++;
        }
    }
    qsort(w->labels, w->n_waves, sizeof(char *), compare_strings);
    w->n = calloc(w->n_waves ? w->n_waves : 1, sizeof(size_t));
    if (!w->n)
        return SP_ERR_NOMEM;
    for (size_t k = 0; k < in->n_valid; k++) {
        const char *label = in->label(in, in->rows[k]);
        if (!label)
            continue;
        char *const *hit = bsearch(&label, w->labels, w->n_waves,
                                   sizeof(char *), compare_strings);
        wave[k] = (size_t)(hit - w->labels);
        w->n[wave[k]]++;
    }
    return SP_OK;
}

/* Values and weights of measure m in one wave. */
static size_t waves_gather(const waves_input *in, const size_t *wave,
                           size_t which, size_t m, double *x, double *w)
{
    size_t n = 0;
    for (size_t k = 0; k < in->n_valid; k++)
        if (wave[k] == which) {
            x[n] = in->value(in, m, in->rows[k]);
            w[n] = in->weights ? in->weights[k] : 1.0;
            n++;
        }
    return n;
}

/* Describes measure m in wave `which` into f. */
static sp_error waves_figure(const waves_input *in, const size_t *wave,
                             size_t which, size_t m, sp_wave_figure *f,
                             double *x, double *w, const double *top_from)
{
    int is_nps = m == in->nps_measure;
    sp_nps_result r = {0};
    /* Only the top box is used: a box of 1 starting at top_from[m]. */
    sp_desc_options opt = {.scale_min = top_from[m], .scale_max = top_from[m],
                           .box = 1};
    size_t n = waves_gather(in, wave, which, m, x, w);
    sp_error err = is_nps ? sp_nps_compute(x, w, n, &r)
                          : sp_describe(x, w, n, &opt, &r.stats);
    *f = (sp_wave_figure){.n = r.stats.n, .n_eff = r.stats.n_eff,
                          .mean = r.stats.mean, .sd = r.stats.sd,
                          .top2 = r.stats.top2, .promoters = NAN,
                          .detractors = NAN, .nps = NAN, .nps_se = NAN};
    if (is_nps) {
        f->promoters = r.promoters;
        f->detractors = r.detractors;
        f->nps = r.nps;
        f->nps_se = r.se;
    }
    sp_desc_clear(&r.stats);
    return err;
}

void sp_wave_compare(const sp_wave_figure *a, const sp_wave_figure *b,
                     sp_wave_change *c)
{
    c->n_latest = a->n;
    c->n_previous = b->n;
    c->t = c->p = NAN;
    if (!isnan(a->nps)) {
        c->latest = a->nps;
        c->previous = b->nps;
        c->diff = a->nps - b->nps;
        double se = sqrt(a->nps_se * a->nps_se + b->nps_se * b->nps_se);
        if (se > 0) {
            c->t = c->diff / se;
            c->p = 2 * gsl_cdf_ugaussian_Q(fabs(c->t));
        }
    } else {
        double df;
        c->latest = a->mean;
        c->previous = b->mean;
        c->diff = a->mean - b->mean;
        sp_welch_t(a->mean, a->sd * a->sd, a->n_eff, b->mean, b->sd * b->sd,
                   b->n_eff, &c->t, &df, &c->p);
    }
    c->significant = c->p < 0.05;
}

sp_error waves_compute(const waves_input *in, sp_waves_result *w)
{
    size_t *wave = malloc((in->n_valid ? in->n_valid : 1) * sizeof *wave);
    double *x = malloc((in->n_valid ? in->n_valid : 1) * sizeof *x);
    double *wt = malloc((in->n_valid ? in->n_valid : 1) * sizeof *wt);
    sp_error err = wave && x && wt ? waves_label_rows(in, w, wave)
                                   : SP_ERR_NOMEM;
    size_t M = in->n_measures;
    if (!err) {
        w->n_measures = M;
        w->keys = calloc(M ? M : 1, sizeof(char *));
        w->kinds = calloc(M ? M : 1, sizeof(char *));
        size_t cells = w->n_waves * M;
        w->figures = calloc(cells > 0 ? cells : 1, sizeof *w->figures);
        if (!w->keys || !w->kinds || !w->figures)
            err = SP_ERR_NOMEM;
    }
    for (size_t m = 0; m < M && !err; m++) {
        w->kinds[m] = in->kinds[m];
        if (!(w->keys[m] = sp_strdup(in->keys[m])))
            err = SP_ERR_NOMEM;
        for (size_t v = 0; v < w->n_waves && !err; v++)
            err = waves_figure(in, wave, v, m, &w->figures[v * M + m], x, wt,
                               in->top_from);
    }
    if (!err && w->n_waves >= 2) {
        w->changes = calloc(M ? M : 1, sizeof *w->changes);
        if (!w->changes)
            err = SP_ERR_NOMEM;
        size_t last = w->n_waves - 1;
        for (size_t m = 0; m < M && !err; m++) {
            sp_wave_change *c = &w->changes[w->n_changes++];
            c->kind = in->kinds[m];
            if (!(c->key = sp_strdup(in->keys[m])) ||
                !(c->label = sp_strdup(in->labels[m])))
                err = SP_ERR_NOMEM;
            else
                sp_wave_compare(&w->figures[last * M + m],
                             &w->figures[(last - 1) * M + m], c);
        }
    }
    free(wave);
    free(x);
    free(wt);
    return err;
}

void waves_free(sp_waves_result *w)
{
    sp_strv_free(w->labels, w->n_waves);
    free(w->n);
    sp_strv_free(w->keys, w->n_measures);
    free(w->kinds);
    free(w->figures);
    for (size_t i = 0; i < w->n_changes; i++) {
        free(w->changes[i].key);
        free(w->changes[i].label);
    }
    free(w->changes);
}
