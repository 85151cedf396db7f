/* sheet_waves.c - "Waves" (with two waves or more): each dimension, item,
 * overall and the NPS in the latest wave against the previous one, the
 * change and whether it is significant (Welch t; NPS: z). */
#include <stdio.h>

#include "xlsx_internal.h"

static const report_text_id headings[] = {
    TXT_KEY, TXT_LATEST, TXT_PREVIOUS, TXT_CHANGE, TXT_N_LATEST,
    TXT_N_PREVIOUS, TXT_P, TXT_SIGNIFICANT};
enum { COLUMNS = sizeof headings / sizeof headings[0] };

lxw_error sheet_write_waves(xlsx_ctx *x)
{
    const sp_waves_result *w = &x->res->waves;
    if (w->n_changes == 0)
        return LXW_NO_ERROR;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_WAVES);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    char text[300];
    snprintf(text, sizeof text, xlsx_text(x, TXT_WAVES_NOTE),
             w->labels[w->n_waves - 1], w->labels[w->n_waves - 2]);
    lxw_error err = xlsx_string(ws, 0, 0, text, x->note);
    if (!err)
        err = xlsx_header_row(x, ws, 2, headings, COLUMNS);
    xlsx_freeze_header(ws, 3, 1);
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, COLUMNS - 1, 12, NULL);
    lxw_row_t row = 3;
    for (size_t i = 0; i < w->n_changes && !err; i++, row++) {
        const sp_wave_change *c = &w->changes[i];
        int nps = c->kind[0] == 'n' && c->kind[1] == 'p';
        lxw_format *value = x->decimal1;   /* means and NPS */
        lxw_format *diff = nps ? x->decimal1 : x->decimal;
        err = xlsx_string(ws, row, 0, c->label, NULL);
        if (!err)
            err = xlsx_number(ws, row, 1, c->latest, value);
        if (!err)
            err = xlsx_number(ws, row, 2, c->previous, value);
        if (!err)
            err = xlsx_number(ws, row, 3, c->diff,
                              c->significant ? (c->diff < 0 ? x->down : x->up)
                                             : diff);
        if (!err)
            err = xlsx_number(ws, row, 4, (double)c->n_latest, x->integer);
        if (!err)
            err = xlsx_number(ws, row, 5, (double)c->n_previous, x->integer);
        if (!err)
            err = xlsx_number(ws, row, 6, c->p, x->pvalue);
        if (!err && c->significant)
            err = xlsx_string(ws, row, 7, xlsx_text(x, TXT_YES),
                              NULL);
    }
    return err;
}
