/* sheet_trend.c - "Trend" (with --history): each dimension's mean over the
 * last waves kept in the history, a line chart of them, and whether the
 * latest change is significant. */
#include <stdio.h>

#include "xlsx_internal.h"

lxw_error sheet_write_trend(xlsx_ctx *x)
{
    const sp_trend *t = x->res->trend;
    if (!t || t->n_waves == 0)
        return LXW_NO_ERROR;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_TREND);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error err = xlsx_string(ws, 0, 0,
                                xlsx_text(x, TXT_TREND_NOTE),
                                x->note);
    const lxw_row_t head = 2;
    const lxw_col_t change = (lxw_col_t)(1 + t->n_waves);
    if (!err)
        err = xlsx_string(ws, head, 0, xlsx_text(x, TXT_DIMENSION),
                          x->header);
    for (size_t v = 0; v < t->n_waves && !err; v++)
        err = xlsx_string(ws, head, (lxw_col_t)(1 + v),
                          t->waves[v], x->header);
    if (!err)
        err = xlsx_string(ws, head, change,
                          xlsx_text(x, TXT_CHANGE), x->header);
    if (!err)
        err = xlsx_string(ws, head, change + 1,
                          xlsx_text(x, TXT_SIGNIFICANT), x->header);
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, change + 1, 10, NULL);
    for (size_t d = 0; d < t->n_dimensions && !err; d++) {
        const sp_trend_dimension *td = &t->dimensions[d];
        lxw_row_t row = head + 1 + (lxw_row_t)d;
        err = xlsx_string(ws, row, 0, td->label, NULL);
        for (size_t v = 0; v < t->n_waves && !err; v++)
            err = xlsx_number(ws, row, (lxw_col_t)(1 + v), td->mean[v],
                              x->decimal1);
        if (!err)
            err = xlsx_number(ws, row, change, td->change,
                              td->significant ? (td->change < 0 ? x->down
                                                                : x->up)
                                              : x->decimal);
        if (!err && td->significant)
            err = xlsx_string(ws, row, change + 1,
                              xlsx_text(x, TXT_YES), NULL);
    }
    if (err || t->n_dimensions == 0)
        return err;
    const char *name = xlsx_text(x, TXT_SHEET_TREND);
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_LINE);
    for (size_t d = 0; d < t->n_dimensions; d++) {
        lxw_row_t row = head + 1 + (lxw_row_t)d;
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, name, head, 1, head,
                                    (lxw_col_t)t->n_waves);
        chart_series_set_values(s, name, row, 1, row, (lxw_col_t)t->n_waves);
        chart_series_set_name_range(s, name, row, 0);
        chart_series_set_marker_type(s, LXW_CHART_MARKER_AUTOMATIC);
    }
    chart_title_set_name(chart, xlsx_text(x, TXT_TREND_TITLE));
    worksheet_insert_chart(ws, head + 2 + (lxw_row_t)t->n_dimensions, 0,
                           chart);
    return err;
}
