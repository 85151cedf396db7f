/* sheet_gaps.c - "Gaps" (only when a dimension lists expectations): the
 * SERVQUAL gap, perception minus expectation, per dimension score and per
 * item, with its paired t-test. */
#include "xlsx_internal.h"

static const report_text_id headings[] = {
    TXT_DIMENSION, TXT_ITEM, TXT_EXPECTATION, TXT_N, TXT_GAP, TXT_SD,
    TXT_SE, TXT_CI_LOW, TXT_CI_HIGH, TXT_T, TXT_P};
enum { COLUMNS = sizeof headings / sizeof headings[0] };

static lxw_error gap_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                         const char *dimension, const char *item,
                         const sp_gap *g)
{
    lxw_error err = xlsx_string(ws, row, 0, dimension, NULL);
    if (!err)
        err = xlsx_string(ws, row, 1, item, item ? NULL : x->note);
    if (!err && g->expectation)
        err = xlsx_string(ws, row, 2, g->expectation, NULL);
    const double values[] = {(double)g->diff.n, g->diff.mean, g->diff.sd,
                             g->diff.se, g->diff.ci_low, g->diff.ci_high,
                             g->t, g->p};
    lxw_format *const formats[] = {x->integer, x->decimal, x->decimal,
                                   x->decimal, x->decimal, x->decimal,
                                   x->decimal, x->pvalue};
    for (size_t i = 0; i < 8 && !err; i++)
        err = xlsx_number(ws, row, (lxw_col_t)(3 + i), values[i], formats[i]);
    return err;
}

lxw_error sheet_write_gaps(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    if (!res->has_gaps)
        return LXW_NO_ERROR;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_GAPS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error err = xlsx_header_row(x, ws, 0, headings, COLUMNS);
    xlsx_freeze_header(ws, 1, 2);
    worksheet_set_column(ws, 0, 2, 20, NULL);
    worksheet_set_column(ws, 3, COLUMNS - 1, 11, NULL);
    lxw_row_t row = 1;
    for (size_t d = 0; d < res->n_dimensions && !err; d++) {
        const sp_dimension_result *dr = &res->dimensions[d];
        if (!dr->gap)
            continue;
        err = gap_row(x, ws, row++, dr->label,
                      xlsx_text(x, TXT_DIMENSION_SCORE), dr->gap);
        for (size_t i = 0; i < dr->n_items && !err; i++)
            if (dr->items[i].gap)
                err = gap_row(x, ws, row++, dr->label, dr->items[i].column,
                              dr->items[i].gap);
    }
    xlsx_colour_scale(ws, 1, row - 1, 4);
    if (!err)
        err = xlsx_string(ws, row + 1, 0,
                          xlsx_text(x, TXT_GAPS_NOTE), x->note);
    if (!err)
        err = xlsx_weight_note(x, ws, row + 2);
    return err;
}
