/* sheet_quality.c - "Data quality": the funnel from responses read, through
 * each exclusion rule in its order, to valid responses; the speeder
 * threshold and the quality gate; and the same counts per input file. */
#include <math.h>
#include <stdio.h>

#include "xlsx_internal.h"

static lxw_error quality_funnel(xlsx_ctx *x, lxw_worksheet *ws,
                                lxw_row_t *row)
{
    const sp_results *res = x->res;
    static const report_text_id head[] = {TXT_STEP, TXT_RESPONSES,
                                          TXT_SHARE_OF_READ};
    lxw_error err = xlsx_header_row(x, ws, (*row)++, head, 3);
    double read = (double)res->read;
    if (!err)
        err = xlsx_string(ws, *row, 0,
                          xlsx_text(x, TXT_RESPONSES_READ), x->label);
    if (!err)
        err = xlsx_number(ws, *row, 1, read, x->integer);
    if (!err)
        err = xlsx_number(ws, (*row)++, 2, res->read ? 1.0 : NAN, x->percent);
    for (size_t i = 0; i < res->n_exclusions && !err; i++, (*row)++) {
        const sp_exclusion_count *e = &res->exclusions[i];
        char label[160];
        snprintf(label, sizeof label, "− %s (%s)", e->description, e->key);
        err = xlsx_string(ws, *row, 0, label, NULL);
        if (!err)
            err = xlsx_number(ws, *row, 1, (double)e->count, x->integer);
        if (!err)
            err = xlsx_number(ws, *row, 2,
                              res->read ? (double)e->count / read : NAN,
                              x->percent);
    }
    if (!err)
        err = xlsx_string(ws, *row, 0,
                          xlsx_text(x, TXT_RESPONSES_VALID),
                          x->label);
    if (!err)
        err = xlsx_number(ws, *row, 1, (double)res->valid, x->integer);
    if (!err)
        err = xlsx_number(ws, (*row)++, 2,
                          res->read ? (double)res->valid / read : NAN,
                          x->percent);
    return err;
}

static lxw_error quality_notes(xlsx_ctx *x, lxw_worksheet *ws,
                               lxw_row_t *row)
{
    const sp_results *res = x->res;
    char text[400];
    if (isnan(res->speeder_seconds))
        snprintf(text, sizeof text, "%s", xlsx_text(x, TXT_SPEEDER_OFF));
    else
        snprintf(text, sizeof text, xlsx_text(x, TXT_SPEEDER_RULE),
                 res->speeder_seconds, res->median_duration);
    lxw_error err = xlsx_string(ws, (*row)++, 0, text, x->note);
    if (!err && !isnan(res->max_excluded)) {
        snprintf(text, sizeof text,
                 xlsx_text(x, res->gate_failed ? TXT_GATE_FAILED
                                               : TXT_GATE_PASSED),
                 100 * res->excluded_share, 100 * res->max_excluded);
        err = xlsx_string(ws, (*row)++, 0, text,
                          res->gate_failed ? x->alert : x->note);
    }
    return err;
}

/* Per file: read, valid, and the reasons that excluded anything at all. */
static lxw_error quality_per_file(xlsx_ctx *x, lxw_worksheet *ws,
                                  lxw_row_t *row)
{
    const sp_results *res = x->res;
    lxw_error err = xlsx_string(ws, (*row)++, 0,
                                xlsx_text(x, TXT_PER_FILE),
                                x->label);
    static const report_text_id head[] = {TXT_FILE, TXT_LAYOUT, TXT_ENCODING,
                                          TXT_RESPONSES_READ, TXT_VALID};
    enum { LEAD = sizeof head / sizeof head[0] };
    if (!err)
        err = xlsx_header_row(x, ws, *row, head, LEAD);
    lxw_col_t col = LEAD;
    for (size_t k = 0; k < res->n_exclusions && !err; k++)
        if (res->exclusions[k].count)
            err = xlsx_string(ws, *row, col++,
                              res->exclusions[k].key, x->header);
    (*row)++;
    for (size_t i = 0; i < res->n_sources && !err; i++, (*row)++) {
        const sp_source_result *s = &res->sources[i];
        err = xlsx_source_cells(x, ws, *row, s);
        col = LEAD;
        for (size_t k = 0; k < res->n_exclusions && !err; k++)
            if (res->exclusions[k].count)
                err = xlsx_number(ws, *row, col++, (double)s->excluded[k],
                                  x->integer);
        if (!err && s->skipped)
            err = xlsx_string(ws, *row, col, s->skipped, x->note);
    }
    return err;
}

lxw_error sheet_write_quality(xlsx_ctx *x)
{
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_QUALITY);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_set_column(ws, 0, 0, 48, NULL);
    worksheet_set_column(ws, 1, 2, 14, NULL);
    worksheet_set_column(ws, 3, 20, 12, NULL);
    lxw_row_t row = 0;
    lxw_error err = quality_funnel(x, ws, &row);
    row++;
    if (!err)
        err = quality_notes(x, ws, &row);
    row++;
    if (!err)
        err = quality_per_file(x, ws, &row);
    return err;
}
