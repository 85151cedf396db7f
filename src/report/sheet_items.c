/* sheet_items.c - one row per rating item, grouped by dimension:
 * descriptives after reverse coding, the item analysis (corrected
 * item-total correlation, alpha if deleted) and the distribution of
 * answers over every scale point. */
#include <stdio.h>

#include "xlsx_internal.h"

static const report_text_id lead[] = {TXT_DIMENSION, TXT_ITEM, TXT_QUESTION,
                                      TXT_REVERSED};
enum {
    LEAD = sizeof lead / sizeof lead[0],
    ANALYSIS = LEAD + XLSX_DESC_COLUMNS,   /* item-total r, alpha if del. */
    DISTRIBUTION = ANALYSIS + 2
};

static lxw_error items_header(xlsx_ctx *x, lxw_worksheet *ws)
{
    const sp_results *res = x->res;
    lxw_error err = xlsx_desc_header_row(x, ws, 0, lead, LEAD);
    if (!err)
        err = xlsx_string(ws, 0, ANALYSIS,
                          xlsx_text(x, TXT_ITEM_TOTAL), x->header);
    if (!err)
        err = xlsx_string(ws, 0, ANALYSIS + 1,
                          xlsx_text(x, TXT_ALPHA_IF_DELETED),
                          x->header);
    for (int v = res->scale_min; v <= res->scale_max && !err; v++) {
        char heading[16];
        snprintf(heading, sizeof heading, "%d", v);
        err = xlsx_string(
            ws, 0, (lxw_col_t)(DISTRIBUTION + v - res->scale_min), heading,
            x->header);
    }
    return err;
}

static lxw_error item_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          const sp_dimension_result *dr,
                          const sp_item_result *it)
{
    lxw_error err = xlsx_string(ws, row, 0, dr->label, NULL);
    if (!err)
        err = xlsx_string(ws, row, 1, it->column, NULL);
    if (!err && it->label)
        err = xlsx_string(ws, row, 2, it->label, NULL);
    if (!err && it->reversed)
        err = xlsx_string(ws, row, 3, xlsx_text(x, TXT_YES), NULL);
    if (!err)
        err = xlsx_desc_cells(x, ws, row, LEAD, &it->stats);
    if (!err)
        err = xlsx_number(ws, row, ANALYSIS, it->item_total_r, x->decimal);
    if (!err)
        err = xlsx_number(ws, row, ANALYSIS + 1, it->alpha_if_deleted,
                          x->decimal);
    for (size_t k = 0; k < it->stats.n_points && !err; k++)
        err = xlsx_number(ws, row, (lxw_col_t)(DISTRIBUTION + k),
                          it->stats.shares ? it->stats.shares[k] : 0,
                          x->percent);
    return err;
}

lxw_error sheet_write_items(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_ITEMS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error err = items_header(x, ws);
    xlsx_freeze_header(ws, 1, 2);
    worksheet_set_column(ws, 0, 1, 18, NULL);
    worksheet_set_column(ws, 2, 2, 40, NULL);
    worksheet_set_column(ws, 3, DISTRIBUTION - 1, 11, NULL);
    worksheet_set_column(ws, DISTRIBUTION,
                         (lxw_col_t)(DISTRIBUTION + res->scale_max -
                                     res->scale_min), 7, NULL);
    lxw_row_t row = 1;
    for (size_t d = 0; d < res->n_dimensions && !err; d++)
        for (size_t i = 0; i < res->dimensions[d].n_items && !err; i++, row++)
            err = item_row(x, ws, row, &res->dimensions[d],
                           &res->dimensions[d].items[i]);
    xlsx_colour_scale(ws, 1, row - 1, LEAD + XLSX_DESC_MEAN);
    xlsx_colour_scale(ws, 1, row - 1, LEAD + XLSX_DESC_TOP);
    if (!err)
        err = xlsx_string(ws, row + 1, 0,
                          xlsx_text(x, TXT_ITEMS_NOTE), x->note);
    if (!err)
        err = xlsx_weight_note(x, ws, row + 2);
    return err;
}
