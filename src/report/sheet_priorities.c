/* sheet_priorities.c - "Priorities": what to fix first. The ranked table
 * of dimensions (importance, performance, target, priority index, quadrant
 * in its colour, the items that drive it most) and the
 * importance-performance chart: each dimension a labelled point, the
 * quadrant lines as crosshairs. */
#include <stdio.h>
#include <string.h>

#include "satpipe/analyze.h"
#include "xlsx_internal.h"

static const report_text_id headings[] = {
    TXT_RANK, TXT_DIMENSION, TXT_IMPORTANCE, TXT_PERFORMANCE, TXT_TARGET,
    TXT_PRIORITY_INDEX, TXT_QUADRANT, TXT_TOP_ITEMS};
enum { COLUMNS = sizeof headings / sizeof headings[0], HELPER = 12 };

static report_text_id quadrant_text(int q)
{
    return q == SP_QUADRANT_CONCENTRATE ? TXT_Q_CONCENTRATE
           : q == SP_QUADRANT_KEEP_UP   ? TXT_Q_KEEP_UP
           : q == SP_QUADRANT_OVERKILL  ? TXT_Q_OVERKILL
                                        : TXT_Q_LOW;
}

/* Rank, dimension, importance, performance, then (full) target, index,
 * quadrant and top items, or (short, for the Summary) the quadrant. */
lxw_error xlsx_priority_cells(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                              const sp_priority *p, int full)
{
    const sp_results *res = x->res;
    lxw_format *const fill[] = {NULL, x->q_concentrate, x->q_keep_up,
                                x->q_low, x->q_overkill};
    lxw_format *perf = res->performance_top_box ? x->percent : x->decimal1;
    lxw_error err = xlsx_number(ws, row, 0, (double)p->rank, x->integer);
    if (!err)
        err = xlsx_string(ws, row, 1, p->label, NULL);
    if (!err)
        err = xlsx_number(ws, row, 2, p->importance, x->decimal1);
    if (!err)
        err = xlsx_number(ws, row, 3, p->performance, perf);
    if (!full)   /* the quadrant's name is wider than one column */
        return err ? err
                   : worksheet_merge_range(
                         ws, row, 4, row, 6,
                         xlsx_text(x, quadrant_text(p->quadrant)),
                         fill[p->quadrant]);
    if (!err)
        err = xlsx_number(ws, row, 4, p->target, perf);
    if (!err)
        err = xlsx_number(ws, row, 5, p->index, x->decimal1);
    if (!err)
        err = xlsx_string(ws, row, 6, xlsx_text(x, quadrant_text(p->quadrant)),
                          fill[p->quadrant]);
    char items[200] = "";
    for (size_t k = 0; k < p->n_top_items; k++)
        snprintf(items + strlen(items), sizeof items - strlen(items), "%s%s",
                 k ? ", " : "", p->top_items[k]);
    if (!err)
        err = xlsx_string(ws, row, 7, items, NULL);
    return err;
}

/* The quadrant lines' two-point series, in hidden helper cells (HELPER
 * column on) of rows 0..3: line k from (lines[2k]) to (lines[2k + 1]). */
static void quadrant_lines(const sp_results *res, double lines[4][2])
{
    double imp_lo = 0, imp_hi = 0, perf_lo = 1e300, perf_hi = -1e300;
    for (size_t i = 0; i < res->n_priorities; i++) {
        const sp_priority *p = &res->priorities[i];
        imp_hi = p->importance > imp_hi ? p->importance : imp_hi;
        perf_lo = p->performance < perf_lo ? p->performance : perf_lo;
        perf_hi = p->performance > perf_hi ? p->performance : perf_hi;
    }
    const double at[4][2] = {
        {res->performance_cut, imp_lo}, {res->performance_cut, imp_hi * 1.1},
        {perf_lo, res->importance_cut}, {perf_hi, res->importance_cut}};
    memcpy(lines, at, sizeof at);
}

/* Row `row`'s helper cells, written while the row is being written (the
 * workbook's rows go out in order); the table's first row is row 3. */
static lxw_error helper_cells(lxw_worksheet *ws, lxw_row_t row,
                              const double lines[4][2])
{
    if (row >= 4)
        return LXW_NO_ERROR;
    lxw_error err = xlsx_number(ws, row, HELPER, lines[row][0], NULL);
    return err ? err : xlsx_number(ws, row, HELPER + 1, lines[row][1], NULL);
}

/* The chart: dimensions as labelled points, and the two quadrant lines
 * drawn from the helper cells. */
static void ipa_chart(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t first,
                      lxw_row_t last)
{
    const char *name = xlsx_text(x, TXT_SHEET_PRIORITIES);
    const xlsx_points points = {.sheet = TXT_SHEET_PRIORITIES, .first = first,
                                .last = last, .name_col = 1, .x_col = 3,
                                .y_col = 2};
    lxw_chart *chart = xlsx_point_chart(x, &points);
    for (int k = 0; k < 2; k++) {
        lxw_chart_series *line = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(line, name, (lxw_row_t)(2 * k), HELPER,
                                    (lxw_row_t)(2 * k + 1), HELPER);
        chart_series_set_values(line, name, (lxw_row_t)(2 * k), HELPER + 1,
                                (lxw_row_t)(2 * k + 1), HELPER + 1);
        lxw_chart_line style = {.color = LXW_COLOR_GRAY,
                                .dash_type = LXW_CHART_LINE_DASH_DASH};
        chart_series_set_line(line, &style);
        lxw_chart_marker none = {.type = LXW_CHART_MARKER_NONE};
        chart_series_set_marker_type(line, none.type);
    }
    chart_title_set_name(chart, xlsx_text(x, TXT_IPA_TITLE));
    chart_axis_set_name(chart->x_axis, xlsx_text(x, TXT_PERFORMANCE));
    chart_axis_set_name(chart->y_axis, xlsx_text(x, TXT_IMPORTANCE));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_show_hidden_data(chart);   /* the crosshairs' cells are hidden */
    worksheet_insert_chart(ws, 2, COLUMNS + 1, chart);
}

lxw_error sheet_write_priorities(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_PRIORITIES);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 22, NULL);
    worksheet_set_column(ws, 2, 5, 12, NULL);
    worksheet_set_column(ws, 6, 6, 24, NULL);
    worksheet_set_column(ws, 7, 7, 22, NULL);
    lxw_row_col_options hidden = {.hidden = 1};
    worksheet_set_column_opt(ws, HELPER, HELPER + 1, 8, NULL, &hidden);
    lxw_error err = xlsx_string(
        ws, 0, 0, xlsx_text(x, TXT_PRIORITIES_NOTE), x->note);
    if (!res->n_priorities) {
        if (!err)
            err = xlsx_string(ws, 1, 0,
                              xlsx_text(x, TXT_NO_PRIORITIES),
                              x->note);
        return err;
    }
    const lxw_row_t head = 2, first = 3;
    double lines[4][2];
    quadrant_lines(res, lines);
    for (lxw_row_t r = 0; r < head && !err; r++)
        err = helper_cells(ws, r, lines);
    if (!err)
        err = xlsx_header_row(x, ws, head, headings, COLUMNS);
    if (!err)
        err = helper_cells(ws, head, lines);
    xlsx_freeze_header(ws, first, 0);
    lxw_row_t row = first;
    for (size_t i = 0; i < res->n_priorities && !err; i++, row++) {
        err = xlsx_priority_cells(x, ws, row, &res->priorities[i], 1);
        if (!err)
            err = helper_cells(ws, row, lines);
    }
    if (!err)
        ipa_chart(x, ws, first, first + (lxw_row_t)res->n_priorities - 1);
    char text[300];
    snprintf(text, sizeof text, xlsx_text(x, TXT_QUADRANT_CUTS),
             res->importance_cut, res->performance_cut);
    if (!err)
        err = xlsx_string(ws, row + 1, 0, text, x->note);
    return err;
}
