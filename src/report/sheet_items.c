/* sheet_items.c - one row per rating item, grouped by dimension, with
 * descriptives after reverse coding. */
#include "xlsx_internal.h"

lxw_error sheet_write_items(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_ITEMS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    static const report_text_id lead[] = {TXT_DIMENSION, TXT_ITEM,
                                          TXT_QUESTION, TXT_REVERSED};
    enum { LEAD = sizeof lead / sizeof lead[0] };
    lxw_error err = xlsx_desc_header_row(x, ws, 0, lead, LEAD);
    worksheet_freeze_panes(ws, 1, 2);
    worksheet_set_column(ws, 0, 1, 18, NULL);
    worksheet_set_column(ws, 2, 2, 40, NULL);
    worksheet_set_column(ws, 3, LEAD + XLSX_DESC_COLUMNS - 1, 11, NULL);
    lxw_row_t row = 1;
    for (size_t d = 0; d < res->n_dimensions && !err; d++) {
        const sp_dimension_result *dr = &res->dimensions[d];
        for (size_t i = 0; i < dr->n_items && !err; i++, row++) {
            err = worksheet_write_string(ws, row, 0, dr->label, NULL);
            if (!err)
                err = worksheet_write_string(ws, row, 1, dr->items[i].column,
                                             NULL);
            if (!err && dr->items[i].label)
                err = worksheet_write_string(ws, row, 2, dr->items[i].label,
                                             NULL);
            if (!err && dr->items[i].reversed)
                err = worksheet_write_string(ws, row, 3,
                                             xlsx_text(x, TXT_YES), NULL);
            if (!err)
                err = xlsx_desc_cells(x, ws, row, LEAD, &dr->items[i].stats);
        }
    }
    if (!err)
        err = worksheet_write_string(ws, row + 1, 0,
                                     xlsx_text(x, TXT_ITEMS_NOTE), x->note);
    return err;
}
