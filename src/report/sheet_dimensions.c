/* sheet_dimensions.c - one row per dimension: the descriptives of
 * respondents' dimension scores, then the dimension's reliability, with a
 * colour scale on means and top-box shares and the notes that explain a
 * low or missing alpha. */
#include "xlsx_internal.h"

static const report_text_id lead[] = {TXT_KEY, TXT_DIMENSION, TXT_ITEMS};
static const report_text_id reliability_headings[] = {
    TXT_ALPHA, TXT_ALPHA_STD, TXT_ALPHA_CI_LOW, TXT_ALPHA_CI_HIGH,
    TXT_MEAN_R, TXT_ALPHA_N, TXT_NOTE};
enum {
    LEAD = sizeof lead / sizeof lead[0],
    REL = LEAD + XLSX_DESC_COLUMNS,
    REL_COLUMNS = sizeof reliability_headings / sizeof reliability_headings[0]
};

static lxw_error reliability_cells(xlsx_ctx *x, lxw_worksheet *ws,
                                   lxw_row_t row, const sp_reliability *r)
{
    const double values[] = {r->alpha, r->alpha_std, r->ci_low, r->ci_high,
                             r->mean_r};
    lxw_error err = LXW_NO_ERROR;
    for (size_t i = 0; i < 5 && !err; i++)
        err = xlsx_number(ws, row, (lxw_col_t)(REL + i), values[i],
                          x->decimal);
    if (!err)
        err = xlsx_number(ws, row, REL + 5, (double)r->n, x->integer);
    if (!err && r->note)
        err = xlsx_string(ws, row, REL + 6, r->note,
                          r->alpha < 0 ? x->alert : x->note);
    return err;
}

lxw_error sheet_write_dimensions(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_DIMENSIONS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error err = xlsx_desc_header_row(x, ws, 0, lead, LEAD);
    for (size_t i = 0; i < REL_COLUMNS && !err; i++)
        err = xlsx_string(ws, 0, (lxw_col_t)(REL + i),
                          xlsx_text(x, reliability_headings[i]),
                          x->header);
    xlsx_freeze_header(ws, 1, 2);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, 2, REL + REL_COLUMNS - 2, 11, NULL);
    worksheet_set_column(ws, REL + REL_COLUMNS - 1, REL + REL_COLUMNS - 1,
                         60, NULL);
    lxw_row_t row = 1;
    for (size_t d = 0; d < res->n_dimensions && !err; d++, row++) {
        const sp_dimension_result *dr = &res->dimensions[d];
        err = xlsx_string(ws, row, 0, dr->key, NULL);
        if (!err)
            err = xlsx_string(ws, row, 1, dr->label, NULL);
        if (!err)
            err = worksheet_write_number(ws, row, 2, (double)dr->n_items,
                                         x->integer);
        if (!err)
            err = xlsx_desc_cells(x, ws, row, LEAD, &dr->stats);
        if (!err)
            err = reliability_cells(x, ws, row, &dr->reliability);
    }
    xlsx_colour_scale(ws, 1, row - 1, LEAD + XLSX_DESC_MEAN);
    xlsx_colour_scale(ws, 1, row - 1, LEAD + XLSX_DESC_TOP);
    xlsx_colour_scale(ws, 1, row - 1, REL);
    if (!err)
        err = xlsx_string(ws, row + 1, 0,
                          xlsx_text(x, TXT_DIMENSION_NOTE),
                          x->note);
    if (!err)
        err = xlsx_weight_note(x, ws, row + 2);
    return err;
}
