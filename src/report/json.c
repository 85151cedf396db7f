/* json.c - writes sp_results as JSON. Key names are a contract: later
 * versions add keys, never rename these. Undefined figures are null. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "satpipe/analyze.h"

typedef struct json_out {
    FILE *fp;
    int depth;
    int first;   /* nothing written yet at this depth */
} json_out;

static void json_newline(json_out *j)
{
    fputc('\n', j->fp);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->fp);
}

static void json_string_raw(json_out *j, const char *s)
{
    fputc('"', j->fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", j->fp); break;
        case '\\': fputs("\\\\", j->fp); break;
        case '\n': fputs("\\n", j->fp); break;
        case '\r': fputs("\\r", j->fp); break;
        case '\t': fputs("\\t", j->fp); break;
        default:
            if (*p < 0x20)
                fprintf(j->fp, "\\u%04x", *p);
            else
                fputc(*p, j->fp);
        }
    }
    fputc('"', j->fp);
}

/* Starts a value: comma and indentation as needed, then "key": if any. */
static void json_begin_value(json_out *j, const char *key)
{
    if (!j->first)
        fputc(',', j->fp);
    if (j->depth > 0)
        json_newline(j);
    j->first = 0;
    if (key) {
        json_string_raw(j, key);
        fputs(": ", j->fp);
    }
}

static void json_open(json_out *j, const char *key, char bracket)
{
    json_begin_value(j, key);
    fputc(bracket, j->fp);
    j->depth++;
    j->first = 1;
}

static void json_close(json_out *j, char bracket)
{
    j->depth--;
    if (!j->first)
        json_newline(j);
    fputc(bracket, j->fp);
    j->first = 0;
}

static void json_string(json_out *j, const char *key, const char *value)
{
    json_begin_value(j, key);
    if (value)
        json_string_raw(j, value);
    else
        fputs("null", j->fp);
}

static void json_number(json_out *j, const char *key, double value)
{
    json_begin_value(j, key);
    if (isfinite(value))
        fprintf(j->fp, "%.15g", value);
    else
        fputs("null", j->fp);
}

static void json_count(json_out *j, const char *key, size_t value)
{
    json_begin_value(j, key);
    fprintf(j->fp, "%zu", value);
}

static void json_bool(json_out *j, const char *key, int value)
{
    json_begin_value(j, key);
    fputs(value ? "true" : "false", j->fp);
}

/* Arrays of one kind of value, the shape every per-wave series takes:
 * one loop, instantiated for each element writer. */
#define JSON_ARRAY_OF(name, element_type, write_element)                  \
    static void name(json_out *j, const char *key,                        \
                     element_type const *values, size_t n)                \
    {                                                                     \
        json_open(j, key, '[');                                           \
        for (size_t i = 0; i < n; i++)                                    \
            write_element(j, NULL, values[i]);                            \
        json_close(j, ']');                                               \
    }

JSON_ARRAY_OF(json_string_array, char *, json_string)
JSON_ARRAY_OF(json_number_array, double, json_number)
JSON_ARRAY_OF(json_count_array, size_t, json_count)

static void json_desc(json_out *j, const sp_desc *d, double scale_min)
{
    json_count(j, "n", d->n);
    json_count(j, "missing", d->missing);
    json_number(j, "n_eff", d->n_eff);
    json_count(j, "zero_weight", d->zero_weight);
    json_number(j, "mean", d->mean);
    json_number(j, "sd", d->sd);
    json_number(j, "se", d->se);
    json_number(j, "ci_low", d->ci_low);
    json_number(j, "ci_high", d->ci_high);
    json_number(j, "median", d->median);
    json_number(j, "min", d->min);
    json_number(j, "max", d->max);
    json_number(j, "top2", d->top2);
    json_number(j, "bottom2", d->bottom2);
    if (!d->n_points) {
        json_string(j, "distribution", NULL);
        return;
    }
    json_open(j, "distribution", '[');
    for (size_t k = 0; k < d->n_points; k++) {
        json_open(j, NULL, '{');
        json_number(j, "value", scale_min + (double)k);
        json_count(j, "count", d->counts[k]);
        json_number(j, "share", d->shares[k]);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void json_gap(json_out *j, const sp_gap *g)
{
    if (!g) {
        json_string(j, "gap", NULL);
        return;
    }
    json_open(j, "gap", '{');
    if (g->expectation)
        json_string(j, "expectation", g->expectation);
    json_count(j, "n", g->diff.n);
    json_number(j, "n_eff", g->diff.n_eff);
    json_number(j, "mean", g->diff.mean);
    json_number(j, "sd", g->diff.sd);
    json_number(j, "se", g->diff.se);
    json_number(j, "ci_low", g->diff.ci_low);
    json_number(j, "ci_high", g->diff.ci_high);
    json_number(j, "t", g->t);
    json_number(j, "p", g->p);
    json_close(j, '}');
}

static void json_reliability(json_out *j, const sp_reliability *r)
{
    json_number(j, "alpha", r->alpha);
    json_number(j, "alpha_std", r->alpha_std);
    json_open(j, "alpha_ci", '[');
    json_number(j, NULL, r->ci_low);
    json_number(j, NULL, r->ci_high);
    json_close(j, ']');
    json_number(j, "mean_r", r->mean_r);
    json_count(j, "alpha_n", r->n);
    json_string(j, "alpha_note", r->note);
}

static void json_nps(json_out *j, const sp_nps_result *nps, double lo)
{
    if (!nps) {
        json_string(j, "nps", NULL);
        return;
    }
    json_open(j, "nps", '{');
    json_string(j, "column", nps->column);
    json_number(j, "promoters", nps->promoters);
    json_number(j, "passives", nps->passives);
    json_number(j, "detractors", nps->detractors);
    json_number(j, "nps", nps->nps);
    json_number(j, "nps_se", nps->se);
    json_number(j, "nps_ci_low", nps->ci_low);
    json_number(j, "nps_ci_high", nps->ci_high);
    json_desc(j, &nps->stats, lo);
    json_close(j, '}');
}

static void json_drivers(json_out *j, const char *key,
                         const sp_drivers_result *dv)
{
    json_open(j, key, '{');
    json_string(j, "outcome", dv->outcome);
    json_count(j, "n", dv->n);
    json_number(j, "n_eff", dv->n_eff);
    json_number(j, "r2", dv->r2);
    json_number(j, "adj_r2", dv->adj_r2);
    json_bool(j, "shapley_exact", dv->shapley_exact);
    json_count(j, "resamples", dv->resamples);
    json_count(j, "resample_units", dv->resample_units);
    json_count(j, "seed", dv->seed);
    json_string(j, "note", dv->note);
    json_open(j, "items", '[');
    for (size_t i = 0; i < dv->n_items; i++) {
        const sp_driver_result *it = &dv->items[i];
        json_open(j, NULL, '{');
        json_string(j, "key", it->key);
        json_string(j, "label", it->label);
        json_number(j, "r", it->r);
        json_number(j, "beta", it->beta);
        json_number(j, "se", it->se);
        json_number(j, "t", it->t);
        json_number(j, "p", it->p);
        json_number(j, "vif", it->vif);
        json_number(j, "rw_raw", it->rw_raw);
        json_number(j, "rw_pct", it->rw_pct);
        json_number(j, "rw_ci_low", it->rw_ci_low);
        json_number(j, "rw_ci_high", it->rw_ci_high);
        json_number(j, "shapley", it->shapley);
        json_number(j, "rank", it->rank);
        json_number(j, "rank_ci_low", it->rank_ci_low);
        json_number(j, "rank_ci_high", it->rank_ci_high);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
}

static void json_segments(json_out *j, const sp_results *res)
{
    json_open(j, "segments", '{');
    json_count(j, "min_base", res->min_base);
    json_string(j, "family", "every value against the rest, over all "
                             "segment columns and measures, where value and "
                             "rest reach min_base");
    json_count(j, "family_size", res->bh_family);
    json_open(j, "columns", '[');
    for (size_t i = 0; i < res->n_segments; i++) {
        const sp_segment_result *seg = &res->segments[i];
        json_open(j, NULL, '{');
        json_string(j, "column", seg->column);
        json_open(j, "values", '[');
        for (size_t g = 0; g < seg->n_values; g++) {
            json_open(j, NULL, '{');
            json_string(j, "value", seg->values[g].label);
            json_count(j, "n", seg->values[g].n);
            json_bool(j, "small_base", seg->values[g].small_base);
            json_open(j, "measures", '{');
            for (size_t m = 0; m < res->n_measures; m++) {
                const sp_segment_cell *c = &seg->cells[g * res->n_measures + m];
                json_open(j, res->measure_keys[m], '{');
                json_count(j, "n", c->n);
                json_number(j, "mean", c->mean);
                json_number(j, "sd", c->sd);
                json_number(j, "ci_low", c->ci_low);
                json_number(j, "ci_high", c->ci_high);
                json_number(j, "top2", c->top2);
                if (!isnan(c->nps))
                    json_number(j, "nps", c->nps);
                json_number(j, "t", c->t);
                json_number(j, "p", c->p);
                json_number(j, "q", c->q);
                json_number(j, "mark", c->mark);
                json_close(j, '}');
            }
            json_close(j, '}');
            json_close(j, '}');
        }
        json_close(j, ']');
        json_open(j, "anova", '{');
        for (size_t m = 0; m < res->n_measures; m++) {
            const sp_anova *a = &seg->anova[m];
            json_open(j, res->measure_keys[m], '{');
            json_number(j, "f", a->f);
            json_number(j, "p", a->p);
            json_number(j, "df1", a->df1);
            json_number(j, "df2", a->df2);
            json_number(j, "welch_f", a->welch_f);
            json_number(j, "welch_p", a->welch_p);
            json_number(j, "welch_df2", a->welch_df2);
            json_close(j, '}');
        }
        json_close(j, '}');
        json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
}

static void json_waves(json_out *j, const sp_waves_result *w)
{
    json_open(j, "waves", '{');
    json_string_array(j, "labels", w->labels, w->n_waves);
    json_count_array(j, "n", w->n, w->n_waves);
    json_string(j, "latest", w->n_waves ? w->labels[w->n_waves - 1] : NULL);
    json_string(j, "previous", w->n_waves > 1 ? w->labels[w->n_waves - 2]
                                              : NULL);
    json_open(j, "changes", '[');
    for (size_t i = 0; i < w->n_changes; i++) {
        const sp_wave_change *c = &w->changes[i];
        json_open(j, NULL, '{');
        json_string(j, "key", c->key);
        json_string(j, "kind", c->kind);
        json_count(j, "n_latest", c->n_latest);
        json_count(j, "n_previous", c->n_previous);
        json_number(j, "latest", c->latest);
        json_number(j, "previous", c->previous);
        json_number(j, "diff", c->diff);
        json_number(j, "t", c->t);
        json_number(j, "p", c->p);
        json_bool(j, "significant", c->significant);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
}

static void json_trend(json_out *j, const sp_trend *t)
{
    if (!t) {
        json_string(j, "trend", NULL);
        return;
    }
    json_open(j, "trend", '{');
    json_string_array(j, "waves", t->waves, t->n_waves);
    json_open(j, "dimensions", '[');
    for (size_t d = 0; d < t->n_dimensions; d++) {
        const sp_trend_dimension *td = &t->dimensions[d];
        json_open(j, NULL, '{');
        json_string(j, "key", td->key);
        json_number_array(j, "mean", td->mean, t->n_waves);
        json_count_array(j, "n", td->n, t->n_waves);
        json_number(j, "change", td->change);
        json_number(j, "p", td->p);
        json_bool(j, "significant", td->significant);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_close(j, '}');
}

/* Headline figures and findings: what the Summary says, as data. */
static void json_summary(json_out *j, const sp_results *res)
{
    static const char *const kinds[] = {
        [SP_FINDING_SATISFACTION] = "satisfaction",
        [SP_FINDING_NPS] = "nps",
        [SP_FINDING_CHANGE] = "change",
        [SP_FINDING_NO_CHANGE] = "no_change",
        [SP_FINDING_STRONGEST_DRIVER] = "strongest_driver",
        [SP_FINDING_PRIORITY] = "priority",
        [SP_FINDING_LOWEST] = "lowest",
        [SP_FINDING_SEGMENT_LOW] = "segment_low",
        [SP_FINDING_SEGMENT_HIGH] = "segment_high",
        [SP_FINDING_UNRELIABLE] = "unreliable",
        [SP_FINDING_RECOVERY] = "recovery",
    };
    json_string(j, "previous_wave", res->previous_wave);
    json_open(j, "headline", '[');
    for (int k = 0; k < SP_KPIS; k++) {
        const sp_kpi *kpi = &res->kpis[k];
        json_open(j, NULL, '{');
        json_string(j, "key", kpi->key);
        json_number(j, "value", kpi->value);
        json_count(j, "n", kpi->n);
        json_number(j, "previous", kpi->previous);
        json_number(j, "change", kpi->change);
        json_number(j, "p", kpi->p);
        json_bool(j, "significant", kpi->significant);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_open(j, "findings", '[');
    for (size_t i = 0; i < res->n_findings; i++) {
        const sp_finding *f = &res->findings[i];
        json_open(j, NULL, '{');
        json_string(j, "kind", kinds[f->kind]);
        json_string(j, "subject", f->subject);
        json_string(j, "other", f->other);
        json_number(j, "value", f->value);
        json_number(j, "value2", f->value2);
        json_count(j, "count", f->count);
        json_count(j, "total", f->total);
        json_count(j, "rank", f->rank);
        json_bool(j, "clear", f->clear);
        json_bool(j, "below", f->below);
        json_string(j, "sheet", f->sheet);
        json_close(j, '}');
    }
    json_close(j, ']');
}

/* Counts only: the people themselves go to --recovery FILE.csv. */
static void json_recovery(json_out *j, const sp_recovery *r)
{
    json_open(j, "recovery", '{');
    json_number(j, "overall_at_most", r->overall_at_most);
    json_number(j, "nps_at_most", r->nps_at_most);
    json_bool(j, "consent_column", r->has_consent);
    json_count(j, "eligible", r->eligible);
    json_count(j, "not_consented", r->not_consented);
    json_count(j, "listed", r->n_cases);
    json_close(j, '}');
}

static void json_kano(json_out *j, const sp_results *res)
{
    static const char *const letters[SP_KANO_CATEGORIES] = {"M", "O", "A",
                                                            "I", "R", "Q"};
    json_open(j, "kano", '[');
    for (size_t i = 0; i < res->n_kano; i++) {
        const sp_kano_result *k = &res->kano[i];
        json_open(j, NULL, '{');
        json_string(j, "feature", k->feature);
        json_count(j, "n", k->n);
        json_count(j, "unrecognised", k->unrecognised);
        json_open(j, "counts", '{');
        for (int c = 0; c < SP_KANO_CATEGORIES; c++)
            json_count(j, letters[c], k->counts[c]);
        json_close(j, '}');
        json_string(j, "category", k->category >= 0 ? letters[k->category]
                                                    : NULL);
        json_number(j, "better", k->better);
        json_number(j, "worse", k->worse);
        json_close(j, '}');
    }
    json_close(j, ']');
}

static void json_results(json_out *j, const sp_results *res)
{
    json_open(j, NULL, '{');
    json_string(j, "title", res->title);
    json_open(j, "scale", '[');
    json_number(j, NULL, res->scale_min);
    json_number(j, NULL, res->scale_max);
    json_close(j, ']');
    json_string(j, "weight", res->weight_column);
    json_count(j, "box", (size_t)res->box);

    json_open(j, "responses", '{');
    json_count(j, "read", res->read);
    json_count(j, "valid", res->valid);
    json_open(j, "excluded", '{');
    for (size_t i = 0; i < res->n_exclusions; i++)
        json_count(j, res->exclusions[i].key, res->exclusions[i].count);
    json_close(j, '}');
    json_number(j, "excluded_share", res->excluded_share);
    json_number(j, "max_excluded", res->max_excluded);
    json_string(j, "quality_gate", isnan(res->max_excluded) ? NULL
                                   : res->gate_failed      ? "failed"
                                                           : "passed");
    json_number(j, "median_duration", res->median_duration);
    json_number(j, "speeder_seconds", res->speeder_seconds);
    json_close(j, '}');

    json_open(j, "files", '[');
    for (size_t i = 0; i < res->n_sources; i++) {
        json_open(j, NULL, '{');
        json_string(j, "path", res->sources[i].path);
        json_string(j, "layout", res->sources[i].layout);
        json_string(j, "encoding", res->sources[i].encoding);
        json_count(j, "rows", res->sources[i].rows);
        json_count(j, "valid", res->sources[i].valid);
        json_open(j, "excluded", '{');
        for (size_t k = 0; k < res->n_exclusions; k++)
            if (res->sources[i].excluded[k])
                json_count(j, res->exclusions[k].key,
                           res->sources[i].excluded[k]);
        json_close(j, '}');
        json_count(j, "invalid_values", res->sources[i].invalid);
        json_string(j, "skipped", res->sources[i].skipped);
        json_close(j, '}');
    }
    json_close(j, ']');

    if (res->overall_column) {
        json_open(j, "overall", '{');
        json_string(j, "column", res->overall_column);
        json_desc(j, &res->overall, res->scale_min);
        json_close(j, '}');
    } else {
        json_string(j, "overall", NULL);
    }

    json_open(j, "dimensions", '[');
    for (size_t d = 0; d < res->n_dimensions; d++) {
        const sp_dimension_result *dr = &res->dimensions[d];
        json_open(j, NULL, '{');
        json_string(j, "key", dr->key);
        json_string(j, "label", dr->label);
        json_desc(j, &dr->stats, res->scale_min);
        json_reliability(j, &dr->reliability);
        json_gap(j, dr->gap);
        json_open(j, "items", '[');
        for (size_t i = 0; i < dr->n_items; i++) {
            json_open(j, NULL, '{');
            json_string(j, "column", dr->items[i].column);
            json_string(j, "label", dr->items[i].label);
            json_bool(j, "reversed", dr->items[i].reversed);
            json_desc(j, &dr->items[i].stats, res->scale_min);
            json_number(j, "item_total_r", dr->items[i].item_total_r);
            json_number(j, "alpha_if_deleted", dr->items[i].alpha_if_deleted);
            json_gap(j, dr->items[i].gap);
            json_close(j, '}');
        }
        json_close(j, ']');
        json_close(j, '}');
    }
    json_close(j, ']');

    json_nps(j, res->nps, 0);

    json_drivers(j, "drivers", &res->drivers);
    json_drivers(j, "item_drivers", &res->item_drivers);
    if (res->nps) {
        json_drivers(j, "nps_drivers", &res->nps_drivers);
        json_drivers(j, "nps_item_drivers", &res->nps_item_drivers);
    }
    json_segments(j, res);
    json_waves(j, &res->waves);
    json_trend(j, res->trend);
    json_open(j, "priorities", '[');
    for (size_t i = 0; i < res->n_priorities; i++) {
        const sp_priority *pr = &res->priorities[i];
        json_open(j, NULL, '{');
        json_string(j, "key", pr->key);
        json_number(j, "importance", pr->importance);
        json_number(j, "performance", pr->performance);
        json_number(j, "target", pr->target);
        json_string(j, "quadrant", sp_quadrant_key(pr->quadrant));
        json_number(j, "index", pr->index);
        json_count(j, "rank", pr->rank);
        json_string_array(j, "top_items", pr->top_items, pr->n_top_items);
        json_close(j, '}');
    }
    json_close(j, ']');
    json_summary(j, res);
    json_recovery(j, &res->recovery);
    json_kano(j, res);
    json_close(j, '}');
    fputc('\n', j->fp);
}

sp_error report_write_json(const sp_results *res, const char *path,
                           const char *display_path, sp_diag *diag)
{
    FILE *fp = report_open(path, display_path, "JSON", diag);
    if (!fp)
        return SP_ERR_OUTPUT;
    json_out j = {.fp = fp, .first = 1};
    json_results(&j, res);
    return report_close(fp, display_path, "JSON", diag);
}
