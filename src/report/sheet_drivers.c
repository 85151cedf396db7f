/* sheet_drivers.c - the key-driver regression: base, R², and per dimension
 * its correlation with overall satisfaction and standardised beta. */
#include "xlsx_internal.h"

lxw_error sheet_write_drivers(xlsx_ctx *x)
{
    const sp_drivers_result *dv = &x->res->drivers;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_DRIVERS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, 1, 24, NULL);
    worksheet_set_column(ws, 2, 3, 16, NULL);
    lxw_error err = worksheet_write_string(
        ws, 0, 0, xlsx_text(x, TXT_DRIVERS_NOTE), x->note);
    const struct {
        report_text_id label;
        double value;
        lxw_format *format;
    } facts[] = {
        {TXT_N, (double)dv->n, x->integer},
        {TXT_R2, dv->r2, x->decimal},
        {TXT_ADJ_R2, dv->adj_r2, x->decimal},
    };
    lxw_row_t row = 2;
    if (!err)
        err = worksheet_write_string(ws, row, 0, xlsx_text(x, TXT_OUTCOME),
                                     x->label);
    if (!err && dv->outcome)
        err = worksheet_write_string(ws, row, 1, dv->outcome, NULL);
    row++;
    for (size_t i = 0; i < sizeof facts / sizeof facts[0] && !err; i++, row++) {
        err = worksheet_write_string(ws, row, 0, xlsx_text(x, facts[i].label),
                                     x->label);
        if (!err)
            err = xlsx_number(ws, row, 1, facts[i].value, facts[i].format);
    }
    row++;
    static const report_text_id headings[] = {TXT_KEY, TXT_DIMENSION,
                                              TXT_CORRELATION, TXT_BETA};
    if (!err)
        err = xlsx_header_row(x, ws, row, headings,
                              sizeof headings / sizeof headings[0]);
    worksheet_freeze_panes(ws, row + 1, 0);
    row++;
    for (size_t j = 0; j < dv->n_items && !err; j++, row++) {
        err = worksheet_write_string(ws, row, 0, dv->items[j].key, NULL);
        if (!err)
            err = worksheet_write_string(ws, row, 1, dv->items[j].label, NULL);
        if (!err)
            err = xlsx_number(ws, row, 2, dv->items[j].r, x->decimal);
        if (!err)
            err = xlsx_number(ws, row, 3, dv->items[j].beta, x->decimal);
    }
    if (!err && dv->note)
        err = worksheet_write_string(ws, row + 1, 0, dv->note, x->note);
    return err;
}
