/* sheet_recovery.c - "Recovery": the customers to call back (service
 * recovery), worst first: where the answer is, id, segment values, overall,
 * likelihood to recommend, their lowest dimension, comment and contact.
 * Respondents without consent are counted in the note, never listed.
 * Respondents' text goes in as text, never as a formula. */
#include <stdio.h>

#include "xlsx_internal.h"

static lxw_error recovery_note(xlsx_ctx *x, lxw_worksheet *ws)
{
    const sp_recovery *r = &x->res->recovery;
    char text[600];
    if (!r->has_criterion)
        return xlsx_string(ws, 0, 0, xlsx_text(x, TXT_RECOVERY_NONE), x->note);
    int n = snprintf(text, sizeof text, xlsx_text(x, TXT_RECOVERY_NOTE),
                     r->overall_at_most, r->nps_at_most, r->eligible);
    if (r->has_consent && n > 0 && (size_t)n < sizeof text) {
        text[n++] = ' ';
        snprintf(text + n, sizeof text - (size_t)n,
                 xlsx_text(x, TXT_RECOVERY_CONSENT_NOTE), r->not_consented);
    }
    return xlsx_string(ws, 0, 0, text, x->note);
}

static lxw_error recovery_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                              const sp_recovery_case *c)
{
    const sp_results *res = x->res;
    const sp_recovery *r = &res->recovery;
    sp_recovery_row at;
    if ((x->read_err = sp_recovery_case_row(r, c, x->bufs, &at)) != SP_OK)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;   /* x->read_err says why */
    lxw_col_t col = 0;
    lxw_error err = at.id ? xlsx_string(ws, row, col, at.id, NULL)
                          : LXW_NO_ERROR;
    col++;
    for (size_t s = 0; s < r->n_segments && !err; s++, col++) {
        const char *segment = sp_recovery_case_segment(r, c, s);
        if (segment)
            err = xlsx_string(ws, row, col, segment, NULL);
    }
    if (!err)
        err = xlsx_number(ws, row, col++, at.overall, x->integer);
    if (!err)
        err = xlsx_number(ws, row, col++, at.nps, x->integer);
    if (!err && at.lowest != SP_NO_DIMENSION)
        err = xlsx_string(ws, row, col, res->dimensions[at.lowest].label,
                          NULL);
    col++;
    if (!err)
        err = xlsx_number(ws, row, col++, at.lowest_score, x->decimal1);
    if (!err && at.comment)
        err = xlsx_string(ws, row, col, at.comment, x->wrap);
    col++;
    if (!err && at.contact)
        err = xlsx_string(ws, row, col, at.contact, NULL);
    col++;
    if (!err)
        err = xlsx_string(ws, row, col++, res->sources[at.source].path, NULL);
    if (!err)
        err = xlsx_number(ws, row, col, (double)at.line, x->integer);
    return err;
}

lxw_error sheet_write_recovery(xlsx_ctx *x)
{
    const sp_recovery *r = &x->res->recovery;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_RECOVERY);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error err = recovery_note(x, ws);
    if (err || !r->has_criterion)
        return err;
    const lxw_row_t head = 2;
    if (r->n_cases > XLSX_SHEET_MAX_ROWS) {   /* rows go out in order */
        char text[300];
        snprintf(text, sizeof text, xlsx_text(x, TXT_RECOVERY_CAPPED),
                 (size_t)XLSX_SHEET_MAX_ROWS, r->n_cases);
        err = xlsx_string(ws, 1, 0, text, x->alert);
    }
    lxw_col_t col = 0;
    if (!err)
        err = xlsx_string(ws, head, col++, xlsx_text(x, TXT_ID), x->header);
    for (size_t s = 0; s < r->n_segments && !err; s++)
        err = xlsx_string(ws, head, col++, r->segment_columns[s], x->header);
    lxw_col_t first_figure = col;
    static const report_text_id rest[] = {
        TXT_OVERALL, TXT_RECOMMEND, TXT_LOWEST_DIMENSION, TXT_LOWEST_SCORE,
        TXT_COMMENT, TXT_CONTACT, TXT_FILE, TXT_LINE};
    for (size_t i = 0; i < sizeof rest / sizeof rest[0] && !err; i++)
        err = xlsx_string(ws, head, col++, xlsx_text(x, rest[i]), x->header);
    lxw_col_t last = (lxw_col_t)(col - 1);
    if (!err)
        err = xlsx_fit_header(ws, head,
                              xlsx_text_width(xlsx_text(x, TXT_RECOMMEND)));
    worksheet_set_column(ws, 0, first_figure - 1, 14, NULL);
    worksheet_set_column(ws, first_figure, first_figure + 1, 12, NULL);
    worksheet_set_column(ws, first_figure + 2, first_figure + 2, 18, NULL);
    worksheet_set_column(ws, first_figure + 3, first_figure + 3, 10, NULL);
    worksheet_set_column(ws, first_figure + 4, first_figure + 4, 48, NULL);
    worksheet_set_column(ws, first_figure + 5, first_figure + 6, 24, NULL);
    xlsx_freeze_header(ws, head + 1, 1);
    size_t shown = r->n_cases < XLSX_SHEET_MAX_ROWS ? r->n_cases
                                                    : XLSX_SHEET_MAX_ROWS;
    for (size_t i = 0; i < shown && !err; i++)
        err = recovery_row(x, ws, (lxw_row_t)(head + 1 + i), &r->cases[i]);
    if (!err && shown)   /* at the last row written: rows go out in order */
        err = worksheet_autofilter(ws, head, 0, (lxw_row_t)(head + shown),
                                   last);
    return err;
}
