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

static sp_error waves_compare(const waves_input *in, const size_t *wave,
                              size_t latest, size_t m, sp_wave_change *c,
                              double *x, double *w)
{
    int nps = m == in->nps_measure;
    sp_nps_result a = {0}, b = {0};
    size_t n = waves_gather(in, wave, latest, m, x, w);
    sp_error err = nps ? sp_nps_compute(x, w, n, &a)
                       : sp_describe(x, w, n, NULL, &a.stats);
    n = waves_gather(in, wave, latest - 1, m, x, w);
    if (!err)
        err = nps ? sp_nps_compute(x, w, n, &b)
                  : sp_describe(x, w, n, NULL, &b.stats);
    if (!err) {
        c->n_latest = a.stats.n;
        c->n_previous = b.stats.n;
        c->t = c->p = NAN;
        if (nps) {
            c->latest = a.nps;
            c->previous = b.nps;
            c->diff = a.nps - b.nps;
            double se = sqrt(a.se * a.se + b.se * b.se);
            if (se > 0) {
                c->t = c->diff / se;
                c->p = 2 * gsl_cdf_ugaussian_Q(fabs(c->t));
            }
        } else {
            double df;
            c->latest = a.stats.mean;
            c->previous = b.stats.mean;
            c->diff = c->latest - c->previous;
            sp_welch_t(a.stats.mean, a.stats.sd * a.stats.sd, a.stats.n_eff,
                       b.stats.mean, b.stats.sd * b.stats.sd, b.stats.n_eff,
                       &c->t, &df, &c->p);
        }
        c->significant = c->p < 0.05;
    }
    sp_desc_clear(&a.stats);
    sp_desc_clear(&b.stats);
    return err;
}

sp_error waves_compute(const waves_input *in, sp_waves_result *w)
{
    size_t *wave = malloc((in->n_valid ? in->n_valid : 1) * sizeof *wave);
    double *x = malloc((in->n_valid ? in->n_valid : 1) * sizeof *x);
    double *wt = malloc((in->n_valid ? in->n_valid : 1) * sizeof *wt);
    sp_error err = wave && x && wt ? waves_label_rows(in, w, wave)
                                   : SP_ERR_NOMEM;
    if (!err && w->n_waves >= 2) {
        w->changes = calloc(in->n_measures, sizeof *w->changes);
        if (!w->changes)
            err = SP_ERR_NOMEM;
        for (size_t m = 0; m < in->n_measures && !err; m++) {
            sp_wave_change *c = &w->changes[w->n_changes++];
            c->kind = in->kinds[m];
            if (!(c->key = sp_strdup(in->keys[m])) ||
                !(c->label = sp_strdup(in->labels[m])))
                err = SP_ERR_NOMEM;
            else
                err = waves_compare(in, wave, w->n_waves - 1, m, c, x, wt);
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
    for (size_t i = 0; i < w->n_changes; i++) {
        free(w->changes[i].key);
        free(w->changes[i].label);
    }
    free(w->changes);
}
