/* sheet_dimensions.c - one row per dimension: its items and the
 * descriptives of respondents' dimension scores. */
#include "xlsx_internal.h"

lxw_error sheet_write_dimensions(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_DIMENSIONS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    static const report_text_id lead[] = {TXT_KEY, TXT_DIMENSION, TXT_ITEMS};
    enum { LEAD = sizeof lead / sizeof lead[0] };
    lxw_error err = xlsx_desc_header_row(x, ws, 0, lead, LEAD);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_set_column(ws, 0, 0, 16, NULL);
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, 2, LEAD + XLSX_DESC_COLUMNS - 1, 11, NULL);
    lxw_row_t row = 1;
    for (size_t d = 0; d < res->n_dimensions && !err; d++, row++) {
        const sp_dimension_result *dr = &res->dimensions[d];
        err = worksheet_write_string(ws, row, 0, dr->key, NULL);
        if (!err)
            err = worksheet_write_string(ws, row, 1, dr->label, NULL);
        if (!err)
            err = worksheet_write_number(ws, row, 2, (double)dr->n_items,
                                         x->integer);
        if (!err)
            err = xlsx_desc_cells(x, ws, row, LEAD, &dr->stats);
    }
    if (!err)
        err = worksheet_write_string(ws, row + 1, 0,
                                     xlsx_text(x, TXT_DIMENSION_NOTE),
                                     x->note);
    return err;
}
