/* sheet_segments.c - "Segments": for each segment column, its values
 * (largest first) by every measure: mean (NPS in points) in a colour scale,
 * a mark when the value differs from the rest after the Benjamini-Hochberg
 * correction, small bases greyed; the ANOVA across values; a legend that
 * names the corrected family. */
#include <stdio.h>

#include "xlsx_internal.h"

static lxw_error segment_block(xlsx_ctx *x, lxw_worksheet *ws,
                               lxw_row_t *row, const sp_segment_result *seg)
{
    const sp_results *res = x->res;
    size_t M = res->n_measures;
    lxw_error err = xlsx_string(ws, (*row)++, 0, seg->column,
                                x->label);
    if (!err)
        err = xlsx_string(ws, *row, 0, xlsx_text(x, TXT_VALUE),
                          x->header);
    if (!err)
        err = xlsx_string(ws, *row, 1, xlsx_text(x, TXT_N),
                          x->header);
    for (size_t m = 0; m < M && !err; m++) {
        err = xlsx_string(ws, *row, (lxw_col_t)(2 + 2 * m),
                          res->measure_labels[m], x->header);
        if (!err)
            err = xlsx_string(ws, *row, (lxw_col_t)(3 + 2 * m), "",
                              x->header);
    }
    (*row)++;
    lxw_row_t first = *row;
    for (size_t g = 0; g < seg->n_values && !err; g++, (*row)++) {
        const sp_segment_value *v = &seg->values[g];
        lxw_format *text = v->small_base ? x->grey : NULL;
        err = xlsx_string(ws, *row, 0, v->label, text);
        if (!err)
            err = xlsx_number(ws, *row, 1, (double)v->n,
                              v->small_base ? x->grey_integer : x->integer);
        for (size_t m = 0; m < M && !err; m++) {
            const sp_segment_cell *c = &seg->cells[g * M + m];
            int nps = !isnan(c->nps);
            err = xlsx_number(ws, *row, (lxw_col_t)(2 + 2 * m),
                              nps ? c->nps : c->mean,
                              v->small_base ? x->grey
                                            : x->decimal1);
            if (!err && c->mark)
                err = xlsx_string(ws, *row, (lxw_col_t)(3 + 2 * m),
                                  c->mark > 0 ? "▲" : "▼",
                                  c->mark > 0 ? x->up : x->down);
        }
    }
    for (size_t m = 0; m < M && seg->n_values; m++)
        xlsx_colour_scale(ws, first, *row - 1, (lxw_col_t)(2 + 2 * m));
    const report_text_id rows[] = {TXT_ANOVA_P, TXT_WELCH_P};
    for (size_t r = 0; r < 2 && !err; r++, (*row)++) {
        err = xlsx_string(ws, *row, 0, xlsx_text(x, rows[r]),
                          x->note);
        for (size_t m = 0; m < M && !err; m++)
            err = xlsx_number(ws, *row, (lxw_col_t)(2 + 2 * m),
                              r ? seg->anova[m].welch_p : seg->anova[m].p,
                              x->pvalue);
    }
    (*row)++;
    return err;
}

lxw_error sheet_write_segments(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    if (!res->n_segments)
        return LXW_NO_ERROR;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_SEGMENTS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_set_column(ws, 0, 0, 24, NULL);
    worksheet_set_column(ws, 1, 1, 8, NULL);
    for (size_t m = 0; m < res->n_measures; m++) {
        worksheet_set_column(ws, (lxw_col_t)(2 + 2 * m),
                             (lxw_col_t)(2 + 2 * m), 12, NULL);
        worksheet_set_column(ws, (lxw_col_t)(3 + 2 * m),
                             (lxw_col_t)(3 + 2 * m), 3, NULL);
    }
    char legend[400];
    snprintf(legend, sizeof legend, xlsx_text(x, TXT_SEGMENTS_LEGEND),
             res->bh_family, res->min_base);
    lxw_error err = xlsx_string(ws, 0, 0, legend, x->note);
    lxw_row_t row = 2;
    xlsx_freeze_header(ws, 4, 1);
    for (size_t i = 0; i < res->n_segments && !err; i++) {
        lxw_row_t header = row + 1;
        /* One filter a sheet, on the first block; set before its rows are
         * written, as rows go out in order. */
        if (i == 0 && res->segments[0].n_values)
            err = worksheet_autofilter(
                ws, header, 0, header + (lxw_row_t)res->segments[0].n_values,
                (lxw_col_t)(1 + 2 * res->n_measures));
        if (!err)
            err = segment_block(x, ws, &row, &res->segments[i]);
    }
    if (!err)
        err = xlsx_weight_note(x, ws, row);
    return err;
}
