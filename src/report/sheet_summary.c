/* sheet_summary.c - the first sheet, for managers: title, wave and base,
 * the data-quality line, headline figures with their change since the
 * previous wave, the findings in plain words (each naming the sheet with
 * its figure), the top 3 priorities, then the dimension scores with a
 * chart and the counts. No statistics vocabulary above the tables. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "xlsx_internal.h"

/* Columns of the Summary's score tables. */
static const report_text_id summary_headings[] = {
    TXT_DIMENSION, TXT_N, TXT_MEAN, TXT_CI_LOW, TXT_CI_HIGH, TXT_TOP2};
#define SUMMARY_COLUMNS (sizeof summary_headings / sizeof summary_headings[0])

static lxw_error summary_score_row(xlsx_ctx *x, lxw_worksheet *ws,
                                   lxw_row_t row, const char *label,
                                   const sp_desc *d)
{
    lxw_error err = xlsx_string(ws, row, 0, label, NULL);
    if (!err)
        err = xlsx_number(ws, row, 1, (double)d->n, x->integer);
    if (!err)
        err = xlsx_number(ws, row, 2, d->mean, x->decimal1);
    if (!err)
        err = xlsx_number(ws, row, 3, d->ci_low, x->decimal1);
    if (!err)
        err = xlsx_number(ws, row, 4, d->ci_high, x->decimal1);
    if (!err)
        err = xlsx_number(ws, row, 5, d->top2, x->percent);
    return err;
}

static lxw_error summary_counts(xlsx_ctx *x, lxw_worksheet *ws,
                                lxw_row_t *row)
{
    const sp_results *res = x->res;
    const struct {
        report_text_id label;
        double value;
        lxw_format *format;
    } counts[] = {
        {TXT_RESPONSES_READ, (double)res->read, x->integer},
        {TXT_RESPONSES_VALID, (double)res->valid, x->integer},
        {TXT_RESPONSES_EXCLUDED, (double)res->excluded, x->integer},
        {TXT_EXCLUDED_SHARE, res->excluded_share, x->percent},
        {TXT_INPUT_FILES, (double)res->n_sources, x->integer},
    };
    lxw_error err = LXW_NO_ERROR;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0] && !err; i++) {
        err = xlsx_string(ws, *row, 0, xlsx_text(x, counts[i].label),
                          x->label);
        if (!err)
            err = xlsx_number(ws, (*row)++, 1, counts[i].value,
                              counts[i].format);
    }
    return err;
}

/* The Net Promoter Score, its interval and the shares behind it. */
static lxw_error summary_nps(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row)
{
    const sp_nps_result *nps = x->res->nps;
    static const report_text_id head[] = {TXT_NPS, TXT_N, TXT_NPS,
                                          TXT_CI_LOW, TXT_CI_HIGH,
                                          TXT_PROMOTERS, TXT_DETRACTORS};
    lxw_error err = xlsx_header_row(x, ws, (*row)++, head, 7);
    if (!err)
        err = xlsx_string(ws, *row, 0, nps->column, NULL);
    const double values[] = {(double)nps->stats.n, nps->nps, nps->ci_low,
                             nps->ci_high, nps->promoters, nps->detractors};
    lxw_format *const formats[] = {x->integer, x->decimal1, x->decimal1,
                                   x->decimal1, x->percent, x->percent};
    for (size_t i = 0; i < 6 && !err; i++)
        err = xlsx_number(ws, *row, (lxw_col_t)(1 + i), values[i],
                          formats[i]);
    *row += 2;
    return err;
}

static void summary_chart(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t first,
                          lxw_row_t last, lxw_row_t at)
{
    const xlsx_bar bar = {.sheet = TXT_SHEET_SUMMARY, .title = TXT_CHART_TITLE,
                          .first = first, .last = last, .label_col = 0,
                          .value_col = 2, .min = x->res->scale_min,
                          .max = x->res->scale_max, .num_format = "0.0"};
    xlsx_bar_chart(x, &bar, ws, at, SUMMARY_COLUMNS + 1);
}

/* Width of the findings' merged cells: columns B to K. */
#define FINDING_LAST_COL 10
#define FINDING_CHARS_PER_LINE 140   /* B:K at the default font */

/* A finding in the workbook's language (see sp_finding_kind). */
static void finding_text(const xlsx_ctx *x, const sp_finding *f, char *buf,
                         size_t size)
{
    const sp_results *res = x->res;
    const char *subject = f->subject;
    if (f->kind == SP_FINDING_CHANGE && !subject)
        subject = xlsx_text(x, f->count ? TXT_KPI_NPS : TXT_OVERALL);
    size_t len;
    switch (f->kind) {
    case SP_FINDING_SATISFACTION:
        snprintf(buf, size, xlsx_text(x, TXT_F_SATISFACTION), f->value,
                 res->scale_max, 100 * f->value2, res->box);
        break;
    case SP_FINDING_NPS:
        snprintf(buf, size, xlsx_text(x, TXT_F_NPS), f->value,
                 100 * f->value2);
        break;
    case SP_FINDING_CHANGE:
        snprintf(buf, size, xlsx_text(x, f->value < 0 ? TXT_F_FELL
                                                      : TXT_F_ROSE),
                 subject, fabs(f->value), f->other);
        break;
    case SP_FINDING_NO_CHANGE:
        snprintf(buf, size, xlsx_text(x, TXT_F_NO_CHANGE), f->count,
                 f->other);
        break;
    case SP_FINDING_STRONGEST_DRIVER:
        len = (size_t)snprintf(buf, size,
                               xlsx_text(x, f->clear ? TXT_F_DRIVER_CLEAR
                                                     : TXT_F_DRIVER_AMONG),
                               subject, f->value);
        if (len < size)
            snprintf(buf + len, size - len,
                     xlsx_text(x, f->below ? TXT_F_BELOW : TXT_F_ABOVE),
                     f->rank);
        break;
    case SP_FINDING_PRIORITY:
        snprintf(buf, size, xlsx_text(x, TXT_F_PRIORITY), subject, f->value);
        break;
    case SP_FINDING_LOWEST:
        if (f->clear)
            snprintf(buf, size, xlsx_text(x, TXT_F_LOWEST), subject,
                     f->value, res->scale_max);
        else
            snprintf(buf, size, xlsx_text(x, TXT_F_LOWEST_TIED), subject,
                     f->other, f->value, f->value2, res->scale_max);
        break;
    case SP_FINDING_SEGMENT_LOW:
    case SP_FINDING_SEGMENT_HIGH:
        snprintf(buf, size,
                 xlsx_text(x, f->kind == SP_FINDING_SEGMENT_LOW
                                  ? TXT_F_SEGMENT_LOW
                                  : TXT_F_SEGMENT_HIGH),
                 subject, f->other, f->count, f->total);
        break;
    case SP_FINDING_UNRELIABLE:
        snprintf(buf, size, xlsx_text(x, TXT_F_UNRELIABLE), subject,
                 f->value);
        break;
    case SP_FINDING_RECOVERY:
        if (res->recovery.has_consent)
            snprintf(buf, size, xlsx_text(x, TXT_F_RECOVERY_CONSENT),
                     f->count, f->total);
        else
            snprintf(buf, size, xlsx_text(x, TXT_F_RECOVERY), f->count);
        break;
    }
}

/* Wave, base and excluded share: what the figures stand on. */
static lxw_error summary_base(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row)
{
    const sp_results *res = x->res;
    char text[600];
    lxw_error err = LXW_NO_ERROR;
    if (res->waves.n_waves) {
        const char *latest = res->waves.labels[res->waves.n_waves - 1];
        if (res->previous_wave)
            snprintf(text, sizeof text, xlsx_text(x, TXT_WAVE_LINE), latest,
                     res->previous_wave);
        else
            snprintf(text, sizeof text, xlsx_text(x, TXT_WAVE_ONLY), latest);
        err = xlsx_string(ws, (*row)++, 0, text, NULL);
    }
    snprintf(text, sizeof text, xlsx_text(x, TXT_BASE_LINE), res->valid,
             res->read, 100 * (isnan(res->excluded_share)
                                   ? 0 : res->excluded_share));
    if (!err)
        err = xlsx_string(ws, (*row)++, 0, text, NULL);
    return err;
}

/* Overall mean, top-box share and NPS, each with the previous wave. */
static lxw_error summary_kpis(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row)
{
    const sp_results *res = x->res;
    static const report_text_id head[] = {TXT_MEASURE, TXT_VALUE,
                                          TXT_PREVIOUS, TXT_CHANGE,
                                          TXT_SIGNIFICANT, TXT_N};
    lxw_error err = xlsx_string(ws, (*row)++, 0, xlsx_text(x, TXT_HEADLINE),
                                x->label);
    if (!err)
        err = xlsx_header_row(x, ws, (*row)++, head, 6);
    char name[120];
    for (int k = 0; k < SP_KPIS && !err; k++) {
        const sp_kpi *kpi = &res->kpis[k];
        if (isnan(kpi->value))
            continue;
        int share = strcmp(kpi->key, "top_box") == 0;
        int nps = strcmp(kpi->key, "nps") == 0;
        if (share)
            snprintf(name, sizeof name, xlsx_text(x, TXT_KPI_TOP), res->box);
        else if (nps)
            snprintf(name, sizeof name, "%s", xlsx_text(x, TXT_KPI_NPS));
        else
            snprintf(name, sizeof name, xlsx_text(x, TXT_KPI_MEAN),
                     res->scale_min, res->scale_max);
        lxw_format *value = share ? x->percent : x->decimal1;
        /* Significant changes in green or red; shares in points of %. */
        lxw_format *const changes[2][3] = {
            {x->signed_number, x->up, x->down},
            {x->signed_percent, x->up_percent, x->down_percent}};
        lxw_format *change =
            changes[share][!kpi->significant ? 0 : kpi->change < 0 ? 2 : 1];
        err = xlsx_string(ws, *row, 0, name, NULL);
        if (!err)
            err = xlsx_number(ws, *row, 1, kpi->value, value);
        if (!err)
            err = xlsx_number(ws, *row, 2, kpi->previous, value);
        if (!err)
            err = xlsx_number(ws, *row, 3, kpi->change, change);
        if (!err && !isnan(kpi->p))
            err = xlsx_string(ws, *row, 4,
                              kpi->significant ? xlsx_text(x, TXT_YES) : "",
                              NULL);
        if (!err)
            err = xlsx_number(ws, *row, 5, (double)kpi->n, x->integer);
        (*row)++;
    }
    return err;
}

static lxw_error summary_findings(xlsx_ctx *x, lxw_worksheet *ws,
                                  lxw_row_t *row)
{
    const sp_results *res = x->res;
    lxw_error err = xlsx_string(ws, (*row)++, 0, xlsx_text(x, TXT_FINDINGS),
                                x->label);
    if (!err && !res->n_findings)
        err = xlsx_string(ws, (*row)++, 0, xlsx_text(x, TXT_NO_FINDINGS),
                          x->note);
    char text[1200];
    for (size_t i = 0; i < res->n_findings && !err; i++, (*row)++) {
        finding_text(x, &res->findings[i], text, sizeof text);
        char number[24];
        snprintf(number, sizeof number, "%zu.", i + 1);
        err = xlsx_string(ws, *row, 0, number, x->finding_number);
        if (!err)
            err = worksheet_merge_range(ws, *row, 1, *row, FINDING_LAST_COL,
                                        text, x->wrap);
        /* Merged cells do not grow with their text: size the row. */
        size_t lines = 1 + xlsx_text_width(text) / FINDING_CHARS_PER_LINE;
        if (!err && lines > 1)
            err = worksheet_set_row(ws, *row, 15.0 * (double)lines, NULL);
        const char *sheet = xlsx_sheet_name(x, res->findings[i].sheet);
        if (!err && sheet) {
            char link[120];
            snprintf(link, sizeof link, "internal:'%s'!A1", sheet);
            err = worksheet_write_url_opt(ws, *row, FINDING_LAST_COL + 1,
                                          link, x->link, sheet, NULL);
        }
    }
    return err;
}

static lxw_error summary_top3(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row)
{
    const sp_results *res = x->res;
    if (!res->n_priorities)
        return LXW_NO_ERROR;
    static const report_text_id head[] = {TXT_RANK, TXT_DIMENSION,
                                          TXT_IMPORTANCE, TXT_PERFORMANCE,
                                          TXT_QUADRANT};
    lxw_error err = xlsx_string(ws, (*row)++, 0, xlsx_text(x, TXT_TOP3),
                                x->label);
    if (!err)
        err = xlsx_header_row(x, ws, (*row)++, head, 5);
    for (size_t i = 0; i < res->n_priorities && i < 3 && !err; i++)
        err = xlsx_priority_cells(x, ws, (*row)++, &res->priorities[i], 0);
    return err;
}

lxw_error sheet_write_summary(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_SUMMARY);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    worksheet_set_column(ws, 0, 0, 30, NULL);
    worksheet_set_column(ws, 1, FINDING_LAST_COL, 11, NULL);
    worksheet_set_column(ws, FINDING_LAST_COL + 1, FINDING_LAST_COL + 1, 14,
                         NULL);
    lxw_error err = xlsx_string(ws, 0, 0, res->title, x->title);
    lxw_row_t row = 1;
    /* The quality gate under the title, where a reader looks first. */
    if (!err && !isnan(res->max_excluded)) {
        char text[400];
        snprintf(text, sizeof text,
                 xlsx_text(x, res->gate_failed ? TXT_GATE_FAILED
                                               : TXT_GATE_PASSED),
                 100 * res->excluded_share, 100 * res->max_excluded);
        err = xlsx_string(ws, row++, 0, text,
                          res->gate_failed ? x->alert : x->note);
    }
    if (!err)
        err = summary_base(x, ws, &row);
    row++;
    if (!err && (!isnan(res->kpis[0].value) || !isnan(res->kpis[2].value))) {
        err = summary_kpis(x, ws, &row);
        row++;
    }
    if (!err)
        err = summary_findings(x, ws, &row);
    row++;
    if (!err && res->n_priorities) {
        err = summary_top3(x, ws, &row);
        row++;
    }
    if (!err && res->overall_column) {
        err = xlsx_header_row(x, ws, row++, summary_headings, SUMMARY_COLUMNS);
        if (!err)
            err = xlsx_string(ws, row - 1, 0,
                              xlsx_text(x, TXT_OVERALL), x->header);
        if (!err)
            err = summary_score_row(x, ws, row++, res->overall_column,
                                    &res->overall);
        row++;
    }
    if (!err && res->nps)
        err = summary_nps(x, ws, &row);
    if (!err)
        err = xlsx_string(ws, row++, 0,
                          xlsx_text(x, TXT_DIMENSION_SCORES),
                          x->label);
    if (!err)
        err = xlsx_header_row(x, ws, row++, summary_headings, SUMMARY_COLUMNS);
    lxw_row_t first = row;
    for (size_t d = 0; d < res->n_dimensions && !err; d++)
        err = summary_score_row(x, ws, row++, res->dimensions[d].label,
                                &res->dimensions[d].stats);
    if (!err && res->n_dimensions)
        summary_chart(x, ws, first, row - 1, first - 2);
    /* Room for the chart beside the table before the counts. */
    if (row < first + 14)
        row = first + 14;
    row++;
    if (!err)
        err = summary_counts(x, ws, &row);
    if (!err && res->drivers.note)
        err = xlsx_string(ws, row++, 0, res->drivers.note,
                          x->note);
    for (size_t i = 0; i < res->n_sources && !err; i++) {
        if (!res->sources[i].skipped)
            continue;
        err = xlsx_string(ws, row, 0,
                          xlsx_text(x, TXT_SKIPPED_FILE), x->label);
        if (!err)
            err = xlsx_string(ws, row, 1, res->sources[i].path,
                              NULL);
        if (!err)
            err = xlsx_string(ws, row++, 3,
                              res->sources[i].skipped, x->note);
    }
    return err;
}
