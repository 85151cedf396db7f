/* findings.c - what the Summary says in plain words: headline figures with
 * their change since the previous wave, and findings chosen by rules from
 * the results. A rule states a difference only when its test is
 * significant (p < 0.05, or q < 0.05 for segments); every finding names the
 * sheet that holds its figure. Computed after the history's trend. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "satpipe/analyze.h"

#define FINDINGS_MAX 10
#define CHANGES_MAX 3      /* the largest significant changes named */
#define SEGMENTS_MAX 2
#define ALPHA_LOW 0.6      /* below: a dimension's items do not agree */

typedef struct findings {
    sp_results *res;
    int nomem;
} findings;

static sp_finding *finding_add(findings *f, sp_finding_kind kind,
                               const char *subject, const char *other,
                               const char *sheet)
{
    sp_results *res = f->res;
    if (res->n_findings == FINDINGS_MAX)
        return NULL;
    if (!res->findings &&
        !(res->findings = calloc(FINDINGS_MAX, sizeof *res->findings))) {
        f->nomem = 1;
        return NULL;
    }
    sp_finding *x = &res->findings[res->n_findings++];
    *x = (sp_finding){.kind = kind, .sheet = sheet, .value = NAN,
                      .value2 = NAN};
    if ((subject && !(x->subject = sp_strdup(subject))) ||
        (other && !(x->other = sp_strdup(other))))
        f->nomem = 1;
    return x;
}

/* The measure of this run's waves with `kind` (overall, nps), or -1. */
static long wave_measure(const sp_waves_result *w, const char *kind)
{
    for (size_t m = 0; m < w->n_measures; m++)
        if (strcmp(w->kinds[m], kind) == 0)
            return (long)m;
    return -1;
}

/* Two-sided p of the difference of two shares (z on their SEs). */
static double share_change_p(double p1, double n1, double p0, double n0)
{
    double se = sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0);
    return se > 0 ? 2 * gsl_cdf_ugaussian_Q(fabs(p1 - p0) / se) : NAN;
}

/* A headline figure against its previous wave: the mean or NPS by
 * sp_wave_compare, the top-box share by a z-test on two proportions. */
static void kpi_compare(sp_kpi *kpi, const sp_wave_figure *a,
                        const sp_wave_figure *b)
{
    if (strcmp(kpi->key, "top_box") == 0) {
        kpi->value = a->top2;
        kpi->previous = b->top2;
        kpi->change = a->top2 - b->top2;
        kpi->p = share_change_p(a->top2, a->n_eff, b->top2, b->n_eff);
    } else {
        sp_wave_change c = {0};
        sp_wave_compare(a, b, &c);
        kpi->value = c.latest;
        kpi->previous = c.previous;
        kpi->change = c.diff;
        kpi->p = c.p;
    }
    kpi->n = a->n;
    kpi->significant = kpi->p < 0.05;
}

/* Headline figures: the latest wave's when the run holds several, with
 * the previous wave of the run or else of the history. */
static void findings_kpis(sp_results *res)
{
    const sp_waves_result *w = &res->waves;
    const sp_trend *t = res->trend;
    sp_kpi *overall = &res->kpis[0], *top = &res->kpis[1], *nps = &res->kpis[2];
    *overall = (sp_kpi){.key = "overall_mean", .value = res->overall.mean,
                        .n = res->overall.n};
    *top = (sp_kpi){.key = "top_box", .value = res->overall.top2,
                    .n = res->overall.n};
    *nps = (sp_kpi){.key = "nps", .value = res->nps ? res->nps->nps : NAN,
                    .n = res->nps ? res->nps->stats.n : 0};
    for (int k = 0; k < SP_KPIS; k++)
        res->kpis[k].previous = res->kpis[k].change = res->kpis[k].p = NAN;
    if (!res->overall_column)
        overall->value = top->value = NAN;
    const sp_wave_figure *fig[2][2] = {{NULL, NULL}, {NULL, NULL}};
    if (w->n_waves >= 2) {
        size_t M = w->n_measures, last = w->n_waves - 1;
        long m = wave_measure(w, "overall"), q = wave_measure(w, "nps");
        for (int v = 0; v < 2; v++) {
            size_t wave = last - 1 + (size_t)v;
            fig[0][v] = m >= 0 ? &w->figures[wave * M + (size_t)m] : NULL;
            fig[1][v] = q >= 0 ? &w->figures[wave * M + (size_t)q] : NULL;
        }
    } else if (t && t->n_waves >= 2) {
        for (int v = 0; v < 2; v++) {
            fig[0][v] = res->overall_column && t->overall[v].n
                            ? &t->overall[v] : NULL;
            fig[1][v] = res->nps && t->nps[v].n ? &t->nps[v] : NULL;
        }
    }
    if (fig[0][0] && fig[0][1]) {
        kpi_compare(overall, fig[0][1], fig[0][0]);
        kpi_compare(top, fig[0][1], fig[0][0]);
    }
    if (fig[1][0] && fig[1][1])
        kpi_compare(nps, fig[1][1], fig[1][0]);
}

/* Significant changes of dimensions, overall and NPS, largest first: this
 * run's waves, else the history's trend of dimensions. */
typedef struct change_ref {
    const char *label;   /* NULL: overall satisfaction or the NPS */
    int nps;
    double diff;
    const char *sheet;
} change_ref;

static int compare_changes(const void *pa, const void *pb)
{
    double a = fabs(((const change_ref *)pa)->diff),
           b = fabs(((const change_ref *)pb)->diff);
    return (a < b) - (a > b);
}

static void findings_changes(findings *f)
{
    sp_results *res = f->res;
    const sp_waves_result *w = &res->waves;
    const sp_trend *t = res->trend;
    const char *previous = NULL;
    size_t n = 0, compared = 0;
    change_ref *refs = NULL;
    if (w->n_changes) {
        previous = w->labels[w->n_waves - 2];
        refs = calloc(w->n_changes, sizeof *refs);
        for (size_t i = 0; refs && i < w->n_changes; i++) {
            const sp_wave_change *c = &w->changes[i];
            if (strcmp(c->kind, "item") == 0 || isnan(c->p))
                continue;
            compared++;
            int dimension = strcmp(c->kind, "dimension") == 0;
            if (c->significant)
                refs[n++] = (change_ref){dimension ? c->label : NULL,
                                         strcmp(c->kind, "nps") == 0,
                                         c->diff, "waves"};
        }
    } else if (t && t->n_waves >= 2) {
        previous = t->waves[t->n_waves - 2];
        refs = calloc(t->n_dimensions + 2, sizeof *refs);
        for (size_t d = 0; refs && d < t->n_dimensions; d++) {
            if (isnan(t->dimensions[d].p))
                continue;
            compared++;
            if (t->dimensions[d].significant)
                refs[n++] = (change_ref){t->dimensions[d].label, 0,
                                         t->dimensions[d].change, "trend"};
        }
        /* Overall and NPS from the headline, compared the same way. */
        for (int k = 0; refs && k < SP_KPIS; k++) {
            const sp_kpi *kpi = &res->kpis[k];
            if (strcmp(kpi->key, "top_box") == 0 || isnan(kpi->p))
                continue;
            compared++;
            if (kpi->significant)
                refs[n++] = (change_ref){NULL, strcmp(kpi->key, "nps") == 0,
                                         kpi->change, "summary"};
        }
    } else {
        return;
    }
    if (!refs || !(res->previous_wave = sp_strdup(previous))) {
        free(refs);
        f->nomem = 1;
        return;
    }
    qsort(refs, n, sizeof *refs, compare_changes);
    for (size_t i = 0; i < n && i < CHANGES_MAX; i++) {
        sp_finding *x = finding_add(f, SP_FINDING_CHANGE, refs[i].label,
                                    previous, refs[i].sheet);
        if (x) {
            x->value = refs[i].diff;
            x->count = (size_t)refs[i].nps;
        }
    }
    if (n == 0 && compared) {
        sp_finding *x = finding_add(f, SP_FINDING_NO_CHANGE, NULL, previous,
                                    w->n_changes ? "waves" : "trend");
        if (x)
            x->count = compared;
    }
    free(refs);
}

static const sp_priority *priority_of(const sp_results *res, const char *key)
{
    for (size_t i = 0; i < res->n_priorities; i++)
        if (strcmp(res->priorities[i].key, key) == 0)
            return &res->priorities[i];
    return NULL;
}

/* The strongest driver, and priority 1 when that is another dimension. */
static void findings_drivers(findings *f)
{
    const sp_results *res = f->res;
    const sp_drivers_result *dr = &res->drivers;
    size_t best = SIZE_MAX;
    for (size_t j = 0; j < dr->n_items; j++)
        if (!isnan(dr->items[j].rw_pct) &&
            (best == SIZE_MAX || dr->items[j].rw_pct > dr->items[best].rw_pct))
            best = j;
    if (best == SIZE_MAX || !res->n_priorities)
        return;
    const sp_driver_result *d = &dr->items[best];
    const sp_priority *p = priority_of(res, d->key);
    sp_finding *x = finding_add(f, SP_FINDING_STRONGEST_DRIVER, d->label,
                                NULL, "priorities");
    if (!x || !p)
        return;
    x->value = d->rw_pct;
    x->rank = p->rank;
    x->below = p->performance < res->performance_cut;
    /* Rank 1 in the bootstrap's 95% interval: clearly the strongest. */
    x->clear = d->rank_ci_high == 1;
    const sp_priority *first = &res->priorities[0];
    if (first != p && (x = finding_add(f, SP_FINDING_PRIORITY, first->label,
                                       NULL, "priorities")) != NULL) {
        x->value = first->importance;
        x->value2 = first->performance;
        x->rank = 1;
        x->below = first->performance < res->performance_cut;
    }
}

/* The lowest dimension score; clear when its CI ends below the next
 * lowest mean, else both are named. */
static void findings_lowest(findings *f)
{
    const sp_results *res = f->res;
    size_t low = SIZE_MAX, next = SIZE_MAX;
    for (size_t d = 0; d < res->n_dimensions; d++) {
        double m = res->dimensions[d].stats.mean;
        if (isnan(m))
            continue;
        if (low == SIZE_MAX || m < res->dimensions[low].stats.mean) {
            next = low;
            low = d;
        } else if (next == SIZE_MAX || m < res->dimensions[next].stats.mean) {
            next = d;
        }
    }
    if (next == SIZE_MAX)
        return;
    const sp_dimension_result *a = &res->dimensions[low],
                              *b = &res->dimensions[next];
    int clear = a->stats.ci_high < b->stats.ci_low;
    sp_finding *x = finding_add(f, SP_FINDING_LOWEST, a->label,
                                clear ? NULL : b->label, "dimensions");
    if (x) {
        x->clear = clear;
        x->value = a->stats.mean;
        x->value2 = b->stats.mean;
    }
}

/* The segment values marked below (dir -1) or above (+1) the rest on the
 * most measures, one per segment column. */
static void findings_segments(findings *f, int dir)
{
    const sp_results *res = f->res;
    size_t said = 0;
    for (size_t s = 0; s < res->n_segments && said < SEGMENTS_MAX; s++) {
        const sp_segment_result *seg = &res->segments[s];
        size_t best = SIZE_MAX, best_count = 0;
        for (size_t v = 0; v < seg->n_values; v++) {
            size_t count = 0;
            for (size_t m = 0; m < res->n_measures; m++)
                count += seg->cells[v * res->n_measures + m].mark == dir;
            if (count > best_count) {
                best = v;
                best_count = count;
            }
        }
        if (best == SIZE_MAX)
            continue;
        sp_finding *x = finding_add(
            f, dir < 0 ? SP_FINDING_SEGMENT_LOW : SP_FINDING_SEGMENT_HIGH,
            seg->values[best].label, seg->column, "segments");
        if (x) {
            x->count = best_count;
            x->total = res->n_measures;
            said++;
        }
    }
}

static void findings_clear(sp_results *res)
{
    for (size_t i = 0; i < res->n_findings; i++) {
        free(res->findings[i].subject);
        free(res->findings[i].other);
    }
    free(res->findings);
    free(res->previous_wave);
    res->findings = NULL;
    res->previous_wave = NULL;
    res->n_findings = 0;
}

sp_error sp_findings_compute(sp_results *res)
{
    findings f = {.res = res};
    findings_clear(res);   /* again after the history added its trend */
    findings_kpis(res);
    if (res->overall_column && !isnan(res->overall.mean)) {
        sp_finding *x = finding_add(&f, SP_FINDING_SATISFACTION, NULL, NULL,
                                    "summary");
        if (x) {
            x->value = res->kpis[0].value;
            x->value2 = res->kpis[1].value;
        }
    }
    if (res->nps && !isnan(res->kpis[2].value)) {
        sp_finding *x = finding_add(&f, SP_FINDING_NPS, NULL, NULL,
                                    "summary");
        if (x) {
            x->value = res->kpis[2].value;
            x->value2 = res->nps->detractors;
        }
    }
    findings_changes(&f);
    findings_drivers(&f);
    findings_lowest(&f);
    findings_segments(&f, -1);
    const sp_recovery *rc = &res->recovery;
    if (rc->eligible) {
        sp_finding *x = finding_add(&f, SP_FINDING_RECOVERY, NULL, NULL,
                                    "recovery");
        if (x) {
            x->count = rc->n_cases;
            x->total = rc->not_consented;
        }
    }
    for (size_t d = 0; d < res->n_dimensions; d++) {
        const sp_reliability *r = &res->dimensions[d].reliability;
        if (r->k >= 2 && r->alpha < ALPHA_LOW) {
            sp_finding *x = finding_add(&f, SP_FINDING_UNRELIABLE,
                                        res->dimensions[d].label, NULL,
                                        "dimensions");
            if (x)
                x->value = r->alpha;
        }
    }
    /* Last: good news about a segment matters least when space is short. */
    findings_segments(&f, 1);
    return f.nomem ? SP_ERR_NOMEM : SP_OK;
}

void sp_findings_free(sp_results *res)
{
    findings_clear(res);
}
