/* sheet_summary.c - the first sheet: base sizes, overall satisfaction, the
 * dimension scores and a bar chart of them. */
#include <math.h>
#include <stdio.h>

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
        err = xlsx_number(ws, row, 2, d->mean, x->decimal);
    if (!err)
        err = xlsx_number(ws, row, 3, d->ci_low, x->decimal);
    if (!err)
        err = xlsx_number(ws, row, 4, d->ci_high, x->decimal);
    if (!err)
        err = xlsx_number(ws, row, 5, d->top2, x->percent);
    return err;
}

static lxw_error summary_counts(xlsx_ctx *x, lxw_worksheet *ws)
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
        err = xlsx_string(ws, (lxw_row_t)(2 + i), 0,
                          xlsx_text(x, counts[i].label), x->label);
        if (!err)
            err = xlsx_number(ws, (lxw_row_t)(2 + i), 1, counts[i].value,
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
                          lxw_row_t last)
{
    const xlsx_bar bar = {.sheet = TXT_SHEET_SUMMARY, .title = TXT_CHART_TITLE,
                          .first = first, .last = last, .label_col = 0,
                          .value_col = 2, .min = x->res->scale_min,
                          .max = x->res->scale_max, .num_format = "0.00"};
    xlsx_bar_chart(x, &bar, ws, 2, 7);
}

lxw_error sheet_write_summary(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_SUMMARY);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, SUMMARY_COLUMNS - 1, 11, NULL);
    lxw_error err = xlsx_string(ws, 0, 0, res->title, x->title);
    /* The quality gate under the title, where a reader looks first. */
    if (!err && !isnan(res->max_excluded)) {
        char text[400];
        snprintf(text, sizeof text,
                 xlsx_text(x, res->gate_failed ? TXT_GATE_FAILED
                                               : TXT_GATE_PASSED),
                 100 * res->excluded_share, 100 * res->max_excluded);
        err = xlsx_string(ws, 1, 0, text,
                          res->gate_failed ? x->alert : x->note);
    }
    if (!err)
        err = summary_counts(x, ws);

    lxw_row_t row = 8;
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
        summary_chart(x, ws, first, row - 1);
    row++;
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
