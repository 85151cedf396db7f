/* sheet_drivers.c - key drivers: for overall satisfaction and for the NPS,
 * on the dimension scores and on the items, a table of
 * correlation, standardised beta with SE and p, VIF, relative weight
 * (raw and %, with its bootstrap interval), Shapley value and rank; and a
 * bar chart of the dimensions' importance. */
#include <stdio.h>

#include "xlsx_internal.h"

static const report_text_id headings[] = {
    TXT_KEY, TXT_DIMENSION, TXT_CORRELATION, TXT_BETA, TXT_SE, TXT_P,
    TXT_VIF, TXT_RW_RAW, TXT_IMPORTANCE, TXT_CI_LOW, TXT_CI_HIGH,
    TXT_SHAPLEY, TXT_RANK, TXT_RANK_LOW, TXT_RANK_HIGH};
enum { COLUMNS = sizeof headings / sizeof headings[0], IMPORTANCE_COL = 8 };

/* One table; *row moves past it. Returns its first data row via *first. */
static lxw_error driver_table(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row,
                              report_text_id title,
                              const sp_drivers_result *dv, lxw_row_t *first)
{
    char text[300];
    snprintf(text, sizeof text, xlsx_text(x, title),
             dv->outcome ? dv->outcome : "-");
    lxw_error err = xlsx_string(ws, (*row)++, 0, text, x->label);
    snprintf(text, sizeof text, xlsx_text(x, TXT_DRIVER_FACTS), dv->n,
             dv->r2, dv->adj_r2, dv->resamples, dv->seed);
    if (!err)
        err = xlsx_string(ws, (*row)++, 0, text, x->note);
    if (!err)
        err = xlsx_header_row(x, ws, (*row)++, headings, COLUMNS);
    *first = *row;
    for (size_t j = 0; j < dv->n_items && !err; j++, (*row)++) {
        const sp_driver_result *it = &dv->items[j];
        err = xlsx_string(ws, *row, 0, it->key, NULL);
        if (!err)
            err = xlsx_string(ws, *row, 1, it->label, NULL);
        const double v[] = {it->r, it->beta, it->se, it->p, it->vif,
                            it->rw_raw, it->rw_pct, it->rw_ci_low,
                            it->rw_ci_high, it->shapley, it->rank,
                            it->rank_ci_low, it->rank_ci_high};
        lxw_format *const f[] = {x->decimal, x->decimal, x->decimal,
                                 x->pvalue, x->decimal, x->decimal3,
                                 x->decimal1, x->decimal1, x->decimal1,
                                 x->decimal3, x->integer, x->integer,
                                 x->integer};
        for (size_t k = 0; k < sizeof v / sizeof v[0] && !err; k++)
            err = xlsx_number(ws, *row, (lxw_col_t)(2 + k), v[k], f[k]);
    }
    if (dv->n_items)
        xlsx_colour_scale(ws, *first, *row - 1, IMPORTANCE_COL);
    if (!err && dv->note)
        err = xlsx_string(ws, (*row)++, 0, dv->note, x->note);
    (*row)++;
    return err;
}

static void importance_chart(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t first,
                             lxw_row_t last)
{
    const xlsx_bar bar = {.sheet = TXT_SHEET_DRIVERS,
                          .title = TXT_IMPORTANCE_CHART, .first = first,
                          .last = last, .label_col = 1,
                          .value_col = IMPORTANCE_COL, .min = 0, .max = 0,
                          .num_format = "0"};
    xlsx_bar_chart(x, &bar, ws, 2, COLUMNS + 1);
}

lxw_error sheet_write_drivers(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_DRIVERS);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_set_column(ws, 0, 0, 18, NULL);
    worksheet_set_column(ws, 1, 1, 22, NULL);
    worksheet_set_column(ws, 2, COLUMNS - 1, 11, NULL);
    lxw_error err = xlsx_string(
        ws, 0, 0, xlsx_text(x, TXT_DRIVERS_NOTE), x->note);
    lxw_row_t row = 2, first;
    if (!err)
        err = driver_table(x, ws, &row, TXT_DRIVERS_DIMENSIONS, &res->drivers,
                           &first);
    if (!err && res->drivers.n_items && res->drivers.r2 == res->drivers.r2)
        importance_chart(x, ws, first, first + res->drivers.n_items - 1);
    if (!err)
        err = driver_table(x, ws, &row, TXT_DRIVERS_ITEMS, &res->item_drivers,
                           &first);
    if (!err && res->nps)
        err = driver_table(x, ws, &row, TXT_DRIVERS_NPS, &res->nps_drivers,
                           &first);
    if (!err && res->nps)
        err = driver_table(x, ws, &row, TXT_DRIVERS_NPS_ITEMS,
                           &res->nps_item_drivers, &first);
    return err;
}
