/* sheet_exclusions.c - "Exclusions": one row per excluded response, in
 * input order: where it came from, why (the first rule, then every rule it
 * failed) and the values the rules looked at. Capped at a number of rows a
 * spreadsheet handles, with a note pointing to `--exclusions FILE.csv`,
 * which holds all; the counts on "Data quality" cover all. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "xlsx_internal.h"


lxw_error sheet_write_exclusions(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_EXCLUSIONS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    static const report_text_id head[] = {
        TXT_FILE, TXT_LINE, TXT_ID, TXT_REASON, TXT_ALL_REASONS, TXT_DURATION,
        TXT_ANSWERED, TXT_INVALID_VALUES, TXT_OVERALL};
    enum { COLS = sizeof head / sizeof head[0] };
    lxw_error err = xlsx_header_row(x, ws, 0, head, COLS);
    xlsx_freeze_header(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 2, 12, NULL);
    worksheet_set_column(ws, 3, 4, 22, NULL);
    worksheet_set_column(ws, 5, COLS - 1, 12, NULL);
    size_t n = res->n_excluded_responses;
    size_t shown = n < XLSX_SHEET_MAX_ROWS ? n : XLSX_SHEET_MAX_ROWS;
    for (size_t i = 0; i < shown && !err; i++) {
        sp_excluded_response excluded = sp_results_excluded(res, i);
        const sp_excluded_response *e = &excluded;
        lxw_row_t row = (lxw_row_t)(i + 1);
        char reasons[512];
        report_exclusion_reasons(res, e->failed, reasons, sizeof reasons);
        err = xlsx_string(ws, row, 0,
                          res->sources[e->source].path, NULL);
        if (!err)
            err = xlsx_number(ws, row, 1, (double)e->line, x->integer);
        if (!err && e->id)
            err = xlsx_string(ws, row, 2, e->id, NULL);
        if (!err)
            err = xlsx_string(ws, row, 3,
                              res->exclusions[e->reason].key, NULL);
        if (!err)
            err = xlsx_string(ws, row, 4, reasons, NULL);
        if (!err)
            err = xlsx_number(ws, row, 5, e->duration, x->integer);
        if (!err)
            err = xlsx_number(ws, row, 6, (double)e->answered, x->integer);
        if (!err)
            err = xlsx_number(ws, row, 7, (double)e->invalid, x->integer);
        if (!err)
            err = xlsx_number(ws, row, 8, e->overall, x->integer);
    }
    if (!err && shown)   /* at the last row written: rows go out in order */
        err = worksheet_autofilter(ws, 0, 0, (lxw_row_t)shown, COLS - 1);
    if (!err && shown < n) {
        char text[200];
        snprintf(text, sizeof text, xlsx_text(x, TXT_ROWS_CAPPED), shown,
                 n - shown);
        err = xlsx_string(ws, (lxw_row_t)shown + 2, 0, text,
                          x->note);
    }
    return err;
}
