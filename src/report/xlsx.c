/* xlsx.c - the workbook: formats shared by all sheets, cell helpers, and
 * the table of sheets in their order. A new sheet is a file sheet_*.c and a
 * line in xlsx_sheets. */
#include <math.h>
#include <string.h>

#include "report_internal.h"
#include "xlsx_internal.h"

static const xlsx_sheet_writer xlsx_sheets[] = {
    sheet_write_summary,
    sheet_write_dimensions,
    sheet_write_items,
    sheet_write_drivers,
    sheet_write_quality,
    sheet_write_exclusions,
};

static const report_text_id xlsx_desc_headings[XLSX_DESC_COLUMNS] = {
    TXT_N, TXT_MISSING, TXT_MEAN, TXT_SD, TXT_SE, TXT_CI_LOW, TXT_CI_HIGH,
    TXT_TOP2};

const char *xlsx_text(const xlsx_ctx *x, report_text_id id)
{
    return report_text(x->language, id);
}

lxw_worksheet *xlsx_add_sheet(xlsx_ctx *x, report_text_id id)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, xlsx_text(x, id));
    if (ws) {
        /* The workbook is printed for reviews: whole tables across. */
        worksheet_set_landscape(ws);
        worksheet_fit_to_pages(ws, 1, 0);
    }
    return ws;
}

lxw_error xlsx_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      double value, lxw_format *format)
{
    if (!isfinite(value))
        return worksheet_write_blank(ws, row, col, format);
    return worksheet_write_number(ws, row, col, value, format);
}

lxw_error xlsx_header_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          const report_text_id *ids, size_t n)
{
    lxw_error err = LXW_NO_ERROR;
    for (size_t i = 0; i < n && !err; i++)
        err = worksheet_write_string(ws, row, (lxw_col_t)i,
                                     xlsx_text(x, ids[i]), x->header);
    return err;
}

lxw_error xlsx_desc_header_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                               const report_text_id *lead, size_t n_lead)
{
    lxw_error err = xlsx_header_row(x, ws, row, lead, n_lead);
    for (size_t i = 0; i < XLSX_DESC_COLUMNS && !err; i++)
        err = worksheet_write_string(ws, row, (lxw_col_t)(n_lead + i),
                                     xlsx_text(x, xlsx_desc_headings[i]),
                                     x->header);
    return err;
}

lxw_error xlsx_desc_cells(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          lxw_col_t col, const sp_desc *d)
{
    const double values[XLSX_DESC_COLUMNS] = {
        (double)d->n, (double)d->missing, d->mean, d->sd, d->se,
        d->ci_low, d->ci_high, d->top2};
    lxw_format *const formats[XLSX_DESC_COLUMNS] = {
        x->integer, x->integer, x->decimal, x->decimal, x->decimal,
        x->decimal, x->decimal, x->percent};
    lxw_error err = LXW_NO_ERROR;
    for (int i = 0; i < XLSX_DESC_COLUMNS && !err; i++)
        err = xlsx_number(ws, row, (lxw_col_t)(col + i), values[i],
                          formats[i]);
    return err;
}

static void xlsx_add_formats(xlsx_ctx *x)
{
    x->title = workbook_add_format(x->wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 16);
    x->header = workbook_add_format(x->wb);
    format_set_bold(x->header);
    format_set_bg_color(x->header, 0xDDEBF7);
    format_set_bottom(x->header, LXW_BORDER_THIN);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_TOP);
    x->note = workbook_add_format(x->wb);
    format_set_italic(x->note);
    format_set_font_color(x->note, 0x595959);
    x->label = workbook_add_format(x->wb);
    format_set_bold(x->label);
    x->integer = workbook_add_format(x->wb);
    format_set_num_format(x->integer, "#,##0");
    x->decimal = workbook_add_format(x->wb);
    format_set_num_format(x->decimal, "0.00");
    x->percent = workbook_add_format(x->wb);
    format_set_num_format(x->percent, "0.0%");
    x->alert = workbook_add_format(x->wb);
    format_set_bold(x->alert);
    format_set_font_color(x->alert, LXW_COLOR_RED);
}

sp_error report_write_xlsx(const sp_results *res, const char *path,
                           const char *display_path, sp_diag *diag)
{
    xlsx_ctx x = {.res = res, .language = res->language};
    x.wb = workbook_new(path);
    if (!x.wb) {
        sp_diag_add(diag, SP_ERROR, display_path, 0, 0,
                    "cannot create the workbook");
        return SP_ERR_OUTPUT;
    }
    lxw_doc_properties props = {.title = res->title,
                                .comments = "Written by satpipe"};
    workbook_set_properties(x.wb, &props);
    xlsx_add_formats(&x);
    lxw_error err = LXW_NO_ERROR;
    for (size_t i = 0; i < sizeof xlsx_sheets / sizeof xlsx_sheets[0]; i++)
        if ((err = xlsx_sheets[i](&x)) != LXW_NO_ERROR)
            break;
    /* workbook_close writes the file and frees the workbook in any case. */
    lxw_error close_err = workbook_close(x.wb);
    if (err || close_err) {
        sp_diag_add(diag, SP_ERROR, display_path, 0, 0,
                    "cannot write the workbook: %s",
                    lxw_strerror(err ? err : close_err));
        return SP_ERR_OUTPUT;
    }
    return SP_OK;
}
