/* sheet_kano.c - "KANO" (when the spec has `kano:`): per feature the
 * counts and shares of each category, the category, Better and Worse, a
 * Better-Worse chart (Worse shown as its size, so that both axes grow away
 * from the origin), and the evaluation table the categories come from. */
#include <math.h>
#include <stdio.h>

#include "satpipe/analyze.h"
#include "xlsx_internal.h"

/* Category columns in the order of SP_KANO_*. */
static const report_text_id kano_names[SP_KANO_CATEGORIES] = {
    TXT_KANO_M, TXT_KANO_O, TXT_KANO_A, TXT_KANO_I, TXT_KANO_R, TXT_KANO_Q};
static const char kano_letters[SP_KANO_CATEGORIES] = "MOAIRQ";

/* Column layout: feature, n, six counts, six shares, category, Better,
 * Worse, answers not recognised, and hidden |Worse| for the chart. */
enum {
    COL_N = 1,
    COL_COUNTS = 2,
    COL_SHARES = COL_COUNTS + SP_KANO_CATEGORIES,
    COL_CATEGORY = COL_SHARES + SP_KANO_CATEGORIES,
    COL_BETTER,
    COL_WORSE,
    COL_UNRECOGNISED,
    COL_WORSE_SIZE,
};

static lxw_error kano_header(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row)
{
    lxw_error err = xlsx_string(ws, row, 0, xlsx_text(x, TXT_FEATURE),
                                x->header);
    if (!err)
        err = xlsx_string(ws, row, COL_N, xlsx_text(x, TXT_N), x->header);
    char text[80];
    for (int k = 0; k < SP_KANO_CATEGORIES && !err; k++) {
        err = xlsx_string(ws, row, (lxw_col_t)(COL_COUNTS + k),
                          xlsx_text(x, kano_names[k]), x->header);
        snprintf(text, sizeof text, "%% %c", kano_letters[k]);
        if (!err)
            err = xlsx_string(ws, row, (lxw_col_t)(COL_SHARES + k), text,
                              x->header);
    }
    static const struct {
        lxw_col_t col;
        report_text_id text;
    } rest[] = {{COL_CATEGORY, TXT_CATEGORY}, {COL_BETTER, TXT_BETTER},
                {COL_WORSE, TXT_WORSE}, {COL_WORSE_SIZE, TXT_WORSE},
                {COL_UNRECOGNISED, TXT_UNRECOGNISED}};
    size_t widest = 0;
    for (int k = 0; k < SP_KANO_CATEGORIES; k++)
        if (xlsx_text_width(xlsx_text(x, kano_names[k])) > widest)
            widest = xlsx_text_width(xlsx_text(x, kano_names[k]));
    for (size_t i = 0; i < sizeof rest / sizeof rest[0] && !err; i++)
        err = xlsx_string(ws, row, rest[i].col, xlsx_text(x, rest[i].text),
                          x->header);
    return err ? err : xlsx_fit_header(ws, row, widest);
}

static lxw_error kano_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          const sp_kano_result *k)
{
    lxw_error err = xlsx_string(ws, row, 0, k->feature, NULL);
    if (!err)
        err = xlsx_number(ws, row, COL_N, (double)k->n, x->integer);
    for (int c = 0; c < SP_KANO_CATEGORIES && !err; c++) {
        err = xlsx_number(ws, row, (lxw_col_t)(COL_COUNTS + c),
                          (double)k->counts[c], x->integer);
        if (!err)
            err = xlsx_number(ws, row, (lxw_col_t)(COL_SHARES + c),
                              k->shares[c], x->percent);
    }
    if (!err && k->category >= 0)
        err = xlsx_string(ws, row, COL_CATEGORY,
                          xlsx_text(x, kano_names[k->category]), x->label);
    if (!err)
        err = xlsx_number(ws, row, COL_BETTER, k->better, x->decimal);
    if (!err)
        err = xlsx_number(ws, row, COL_WORSE, k->worse, x->decimal);
    if (!err)
        err = xlsx_number(ws, row, COL_WORSE_SIZE, fabs(k->worse), x->decimal);
    if (!err)
        err = xlsx_number(ws, row, COL_UNRECOGNISED, (double)k->unrecognised,
                          x->integer);
    return err;
}

/* The evaluation table, from the classifier itself (one source of truth). */
static lxw_error kano_table(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row)
{
    static const report_text_id answers[5] = {
        TXT_KANO_LIKE, TXT_KANO_MUST, TXT_KANO_NEUTRAL, TXT_KANO_LIVE,
        TXT_KANO_DISLIKE};
    lxw_error err = xlsx_string(ws, row++, 0, xlsx_text(x, TXT_KANO_TABLE),
                                x->label);
    for (int d = 0; d < 5 && !err; d++)
        err = xlsx_string(ws, row, (lxw_col_t)(1 + d),
                          xlsx_text(x, answers[d]), x->header);
    for (int f = 0; f < 5 && !err; f++) {
        err = xlsx_string(ws, row + 1 + f, 0, xlsx_text(x, answers[f]),
                          x->header);
        for (int d = 0; d < 5 && !err; d++) {
            char letter[2] = {kano_letters[sp_kano_classify(f + 1, d + 1)],
                              '\0'};
            err = xlsx_string(ws, row + 1 + f, (lxw_col_t)(1 + d), letter,
                              x->centred);
        }
    }
    return err;
}

lxw_error sheet_write_kano(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    if (!res->n_kano)
        return LXW_NO_ERROR;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_KANO);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, COL_N, COL_N, 8, NULL);
    /* Wide enough for "One-dimensional" unbroken. */
    worksheet_set_column(ws, COL_COUNTS, COL_SHARES - 1, 15, NULL);
    worksheet_set_column(ws, COL_SHARES, COL_CATEGORY - 1, 8, NULL);
    worksheet_set_column(ws, COL_CATEGORY, COL_CATEGORY, 20, NULL);
    worksheet_set_column(ws, COL_BETTER, COL_WORSE, 9, NULL);
    worksheet_set_column(ws, COL_UNRECOGNISED, COL_UNRECOGNISED, 12, NULL);
    lxw_row_col_options hidden = {.hidden = 1};
    worksheet_set_column_opt(ws, COL_WORSE_SIZE, COL_WORSE_SIZE, 11, NULL,
                             &hidden);
    lxw_error err = worksheet_merge_range(ws, 0, 0, 0, COL_UNRECOGNISED,
                                          xlsx_text(x, TXT_KANO_NOTE),
                                          x->wrap_note);
    if (!err)
        err = worksheet_set_row(ws, 0, 48, NULL);
    const lxw_row_t head = 2, first = 3;
    if (!err)
        err = kano_header(x, ws, head);
    xlsx_freeze_header(ws, first, 1);
    lxw_row_t row = first;
    for (size_t i = 0; i < res->n_kano && !err; i++)
        err = kano_row(x, ws, row++, &res->kano[i]);
    if (!err)
        err = kano_table(x, ws, row + 1);
    if (err)
        return err;
    const xlsx_points points = {.sheet = TXT_SHEET_KANO, .first = first,
                                .last = row - 1, .name_col = 0,
                                .x_col = COL_WORSE_SIZE,
                                .y_col = COL_BETTER};
    lxw_chart *chart = xlsx_point_chart(x, &points);
    chart_title_set_name(chart, xlsx_text(x, TXT_KANO_CHART));
    chart_axis_set_name(chart->x_axis, "|Worse|");
    chart_axis_set_name(chart->y_axis, xlsx_text(x, TXT_BETTER));
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_max(chart->x_axis, 1);
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 1);
    chart_axis_set_major_unit(chart->x_axis, 0.5);
    chart_axis_set_major_unit(chart->y_axis, 0.5);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_show_hidden_data(chart);
    lxw_chart_options size = {.x_scale = 1.4, .y_scale = 1.6};
    worksheet_insert_chart_opt(ws, row + 8, 0, chart, &size);
    return LXW_NO_ERROR;
}
