/* xlsx.c - the workbook: formats shared by all sheets, cell helpers, and
 * the table of sheets in their order. A new sheet is a file sheet_*.c and a
 * line in xlsx_sheets. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "xlsx_internal.h"

static const xlsx_sheet_writer xlsx_sheets[] = {
    sheet_write_summary,
    sheet_write_priorities,
    sheet_write_recovery,
    sheet_write_kano,
    sheet_write_dimensions,
    sheet_write_items,
    sheet_write_gaps,
    sheet_write_segments,
    sheet_write_waves,
    sheet_write_trend,
    sheet_write_drivers,
    sheet_write_quality,
    sheet_write_exclusions,
    sheet_write_method,
};

static const report_text_id xlsx_desc_headings[XLSX_DESC_COLUMNS] = {
    TXT_N, TXT_N_EFF, TXT_MISSING, TXT_MEAN, TXT_SD, TXT_SE, TXT_CI_LOW,
    TXT_CI_HIGH, TXT_MEDIAN, TXT_TOP2, TXT_BOTTOM};

const char *xlsx_text(const xlsx_ctx *x, report_text_id id)
{
    return report_text(x->language, id);
}

const char *xlsx_sheet_name(const xlsx_ctx *x, const char *key)
{
    static const struct {
        const char *key;
        report_text_id sheet;
    } sheets[] = {
        {"summary", TXT_SHEET_SUMMARY}, {"waves", TXT_SHEET_WAVES},
        {"trend", TXT_SHEET_TREND}, {"priorities", TXT_SHEET_PRIORITIES},
        {"drivers", TXT_SHEET_DRIVERS}, {"dimensions", TXT_SHEET_DIMENSIONS},
        {"segments", TXT_SHEET_SEGMENTS}, {"recovery", TXT_SHEET_RECOVERY},
    };
    for (size_t i = 0; key && i < sizeof sheets / sizeof sheets[0]; i++)
        if (strcmp(sheets[i].key, key) == 0)
            return xlsx_text(x, sheets[i].sheet);
    return NULL;
}

/* "Top-2-box" or "Top-3-box", as the spec's top_box says. */
static const char *box_heading(xlsx_ctx *x, report_text_id id, char *buf,
                               size_t size)
{
    snprintf(buf, size, xlsx_text(x, id), x->res->box);
    return buf;
}

void xlsx_sheet_name_safe(const char *name, size_t max_units, char *out,
                          size_t size)
{
    /* Excel: at most 31 UTF-16 units, none of []:*?/\\, not starting or
     * ending with an apostrophe, not empty. */
    size_t len = 0, units = 0;
    for (const unsigned char *c = (const unsigned char *)name; *c;) {
        size_t bytes = *c >= 0xF0 ? 4 : *c >= 0xE0 ? 3 : *c >= 0xC0 ? 2 : 1;
        size_t u = bytes == 4 ? 2 : 1;   /* beyond the BMP: two units */
        if (units + u > max_units || len + bytes >= size)
            break;
        for (size_t b = 0; b < bytes && c[b]; b++)
            out[len++] = strchr("[]:*?/\\", c[b]) ? '_' : (char)c[b];
        units += u;
        c += bytes;
    }
    out[len] = '\0';
    if (len && out[0] == '\'')
        out[0] = '_';
    if (len && out[len - 1] == '\'')
        out[len - 1] = '_';
    if (!len)
        snprintf(out, size, "Sheet");
}

lxw_worksheet *xlsx_add_sheet(xlsx_ctx *x, report_text_id id)
{
    const char *wanted = xlsx_text(x, id);
    char name[4 * XLSX_SHEET_NAME_MAX + 1];
    xlsx_sheet_name_safe(wanted, XLSX_SHEET_NAME_MAX, name, sizeof name);
    /* Unique whatever the wording (Excel ignores case): "Name (2)". */
    for (int k = 2; k < 100 && workbook_validate_sheet_name(x->wb, name) ==
                                   LXW_ERROR_SHEETNAME_ALREADY_USED; k++) {
        char suffix[8];
        int n = snprintf(suffix, sizeof suffix, " (%d)", k);
        xlsx_sheet_name_safe(wanted, XLSX_SHEET_NAME_MAX - (size_t)n, name,
                             sizeof name - (size_t)n);
        strcat(name, suffix);
    }
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (ws) {
        /* The workbook is printed for reviews: whole tables across. */
        worksheet_set_landscape(ws);
        worksheet_fit_to_pages(ws, 1, 0);
    }
    return ws;
}

void xlsx_freeze_header(lxw_worksheet *ws, lxw_row_t rows, lxw_col_t cols)
{
    worksheet_freeze_panes(ws, rows, cols);
    if (rows)
        worksheet_repeat_rows(ws, 0, rows - 1);
}

#define XLSX_MAX_CHARS 32767    /* Excel's limit, in UTF-16 units */
static const char xlsx_cut_marker[] = " [\xe2\x80\xa6" "cut at 32,767 characters]";

lxw_error xlsx_string(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      const char *text, lxw_format *format)
{
    /* Room for the marker (all ASCII but the one-unit ellipsis). */
    const size_t keep = XLSX_MAX_CHARS - (sizeof xlsx_cut_marker - 1 - 2);
    size_t units = 0, cut = 0;
    for (size_t i = 0; text[i]; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c & 0xC0) == 0x80)
            continue;               /* a continuation byte */
        if (units < keep)
            cut = i;                /* a character starts here */
        units += c >= 0xF0 ? 2 : 1; /* beyond the BMP: a surrogate pair */
    }
    if (units <= XLSX_MAX_CHARS)
        return worksheet_write_string(ws, row, col, text, format);
    char *shown = malloc(cut + sizeof xlsx_cut_marker);
    if (!shown)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    memcpy(shown, text, cut);
    memcpy(shown + cut, xlsx_cut_marker, sizeof xlsx_cut_marker);
    lxw_error err = worksheet_write_string(ws, row, col, shown, format);
    free(shown);
    return err;
}

lxw_error xlsx_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      double value, lxw_format *format)
{
    if (!isfinite(value))
        return worksheet_write_blank(ws, row, col, format);
    return worksheet_write_number(ws, row, col, value, format);
}

size_t xlsx_text_width(const char *text)
{
    size_t width = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if ((*c & 0xC0) != 0x80)
            width += *c >= 0xE0 ? 2 : 1;   /* CJK is twice as wide */
    return width;
}

lxw_error xlsx_fit_header(lxw_worksheet *ws, lxw_row_t row, size_t widest)
{
    /* Spreadsheets do not grow a row for wrapped text on opening: a
     * heading wider than its column (11-14 characters) needs the room. */
    return widest > 11 ? worksheet_set_row(ws, row, widest > 22 ? 45 : 30,
                                           NULL)
                       : LXW_NO_ERROR;
}

lxw_error xlsx_header_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          const report_text_id *ids, size_t n)
{
    lxw_error err = LXW_NO_ERROR;
    char buf[64];
    size_t widest = 0;
    for (size_t i = 0; i < n && !err; i++) {
        const char *text = ids[i] == TXT_TOP2 || ids[i] == TXT_BOTTOM
                               ? box_heading(x, ids[i], buf, sizeof buf)
                               : xlsx_text(x, ids[i]);
        /* The first column is the wide label column. */
        if (i && xlsx_text_width(text) > widest)
            widest = xlsx_text_width(text);
        err = xlsx_string(ws, row, (lxw_col_t)i, text, x->header);
    }
    return err ? err : xlsx_fit_header(ws, row, widest);
}

lxw_error xlsx_desc_header_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                               const report_text_id *lead, size_t n_lead)
{
    report_text_id ids[32];
    size_t n = 0;
    for (size_t i = 0; i < n_lead && n < 32; i++)
        ids[n++] = lead[i];
    for (size_t i = 0; i < XLSX_DESC_COLUMNS && n < 32; i++)
        ids[n++] = xlsx_desc_headings[i];
    return xlsx_header_row(x, ws, row, ids, n);
}

lxw_error xlsx_desc_cells(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          lxw_col_t col, const sp_desc *d)
{
    const double values[XLSX_DESC_COLUMNS] = {
        (double)d->n, d->n_eff, (double)d->missing, d->mean, d->sd, d->se,
        d->ci_low, d->ci_high, d->median, d->top2, d->bottom2};
    lxw_format *const formats[XLSX_DESC_COLUMNS] = {
        x->integer, x->decimal1, x->integer, x->decimal1, x->decimal1,
        x->decimal, x->decimal1, x->decimal1, x->decimal1, x->percent,
        x->percent};
    lxw_error err = LXW_NO_ERROR;
    for (int i = 0; i < XLSX_DESC_COLUMNS && !err; i++)
        err = xlsx_number(ws, row, (lxw_col_t)(col + i), values[i],
                          formats[i]);
    return err;
}

lxw_chart *xlsx_bar_chart(xlsx_ctx *x, const xlsx_bar *bar,
                          lxw_worksheet *ws, lxw_row_t at_row,
                          lxw_col_t at_col)
{
    const char *name = xlsx_text(x, bar->sheet);
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(s, name, bar->first, bar->label_col,
                                bar->last, bar->label_col);
    chart_series_set_values(s, name, bar->first, bar->value_col, bar->last,
                            bar->value_col);
    chart_series_set_labels(s);
    chart_series_set_labels_num_format(s, bar->num_format);
    chart_title_set_name(chart, xlsx_text(x, bar->title));
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_min(chart->x_axis, bar->min);
    if (bar->max > bar->min)
        chart_axis_set_max(chart->x_axis, bar->max);
    /* Bar charts list categories bottom-up; reverse to match the table. */
    chart_axis_set_reverse(chart->y_axis);
    worksheet_insert_chart(ws, at_row, at_col, chart);
    return chart;
}

lxw_error xlsx_source_cells(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                            const sp_source_result *s)
{
    lxw_error err = xlsx_string(ws, row, 0, s->path, NULL);
    if (!err)
        err = xlsx_string(ws, row, 1, s->layout, NULL);
    if (!err)
        err = xlsx_string(ws, row, 2, s->encoding, NULL);
    if (!err)
        err = xlsx_number(ws, row, 3, (double)s->rows, x->integer);
    if (!err)
        err = xlsx_number(ws, row, 4, (double)s->valid, x->integer);
    return err;
}

lxw_chart *xlsx_point_chart(xlsx_ctx *x, const xlsx_points *points)
{
    const char *name = xlsx_text(x, points->sheet);
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_SCATTER);
    /* One series per point, named by it and labelled with its name: every
     * spreadsheet program shows that (custom point labels it may not). */
    for (lxw_row_t row = points->first; row <= points->last; row++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        chart_series_set_categories(s, name, row, points->x_col, row,
                                    points->x_col);
        chart_series_set_values(s, name, row, points->y_col, row,
                                points->y_col);
        chart_series_set_name_range(s, name, row, points->name_col);
        chart_series_set_labels(s);
        chart_series_set_labels_options(s, LXW_TRUE, LXW_FALSE, LXW_FALSE);
        chart_series_set_labels_position(s, LXW_CHART_LABEL_POSITION_RIGHT);
        chart_series_set_marker_size(s, 8);
    }
    return chart;
}

void xlsx_colour_scale(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
                       lxw_col_t col)
{
    if (last < first)
        return;
    lxw_conditional_format cf = {.type = LXW_CONDITIONAL_3_COLOR_SCALE};
    worksheet_conditional_format_range(ws, first, col, last, col, &cf);
}

lxw_error xlsx_weight_note(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row)
{
    if (!x->res->weight_column)
        return LXW_NO_ERROR;
    char text[300];
    snprintf(text, sizeof text, xlsx_text(x, TXT_WEIGHTED_NOTE),
             x->res->weight_column);
    return xlsx_string(ws, row, 0, text, x->note);
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
    format_set_align(x->label, LXW_ALIGN_VERTICAL_TOP);
    x->integer = workbook_add_format(x->wb);
    format_set_num_format(x->integer, "#,##0");
    x->decimal = workbook_add_format(x->wb);
    format_set_num_format(x->decimal, "0.00");
    x->percent = workbook_add_format(x->wb);
    format_set_num_format(x->percent, "0.0%");
    x->decimal1 = workbook_add_format(x->wb);
    format_set_num_format(x->decimal1, "0.0");
    x->decimal3 = workbook_add_format(x->wb);
    format_set_num_format(x->decimal3, "0.000");
    lxw_format **fills[] = {&x->q_concentrate, &x->q_keep_up, &x->q_low,
                            &x->q_overkill};
    const lxw_color_t colours[] = {0xF8CBAD, 0xC6EFCE, 0xEDEDED, 0xFFEB9C};
    for (int i = 0; i < 4; i++) {
        *fills[i] = workbook_add_format(x->wb);
        format_set_bg_color(*fills[i], colours[i]);
    }
    x->grey = workbook_add_format(x->wb);
    format_set_font_color(x->grey, 0xA6A6A6);
    format_set_num_format(x->grey, "0.0");
    x->grey_integer = workbook_add_format(x->wb);
    format_set_font_color(x->grey_integer, 0xA6A6A6);
    format_set_num_format(x->grey_integer, "#,##0");
    x->up = workbook_add_format(x->wb);
    format_set_font_color(x->up, 0x00B050);
    format_set_num_format(x->up, "+0.00;-0.00");
    x->down = workbook_add_format(x->wb);
    format_set_font_color(x->down, LXW_COLOR_RED);
    format_set_num_format(x->down, "+0.00;-0.00");
    x->signed_number = workbook_add_format(x->wb);
    format_set_num_format(x->signed_number, "+0.00;-0.00");
    x->signed_percent = workbook_add_format(x->wb);
    format_set_num_format(x->signed_percent, "+0.0%;-0.0%");
    x->up_percent = workbook_add_format(x->wb);
    format_set_font_color(x->up_percent, 0x00B050);
    format_set_num_format(x->up_percent, "+0.0%;-0.0%");
    x->down_percent = workbook_add_format(x->wb);
    format_set_font_color(x->down_percent, LXW_COLOR_RED);
    format_set_num_format(x->down_percent, "+0.0%;-0.0%");
    x->pvalue = workbook_add_format(x->wb);
    format_set_num_format(x->pvalue, "[<0.0001]\"<0.0001\";0.0000");
    x->wrap = workbook_add_format(x->wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    x->finding_number = workbook_add_format(x->wb);
    format_set_align(x->finding_number, LXW_ALIGN_RIGHT);
    format_set_align(x->finding_number, LXW_ALIGN_VERTICAL_TOP);
    x->link = workbook_add_format(x->wb);
    format_set_font_color(x->link, LXW_COLOR_BLUE);
    format_set_underline(x->link, LXW_UNDERLINE_SINGLE);
    format_set_align(x->link, LXW_ALIGN_VERTICAL_TOP);
    x->wrap_note = workbook_add_format(x->wb);
    format_set_italic(x->wrap_note);
    format_set_font_color(x->wrap_note, 0x595959);
    format_set_text_wrap(x->wrap_note);
    format_set_align(x->wrap_note, LXW_ALIGN_VERTICAL_TOP);
    x->code = workbook_add_format(x->wb);
    format_set_font_name(x->code, "Courier New");
    x->centred = workbook_add_format(x->wb);
    format_set_align(x->centred, LXW_ALIGN_CENTER);
    x->alert = workbook_add_format(x->wb);
    format_set_bold(x->alert);
    format_set_font_color(x->alert, LXW_COLOR_RED);
}

/* 1980-01-01T00:00:00Z: libxlsxwriter takes 0 to mean "now". */
#define XLSX_FALLBACK_TIME 315532800

sp_error report_write_xlsx(const sp_results *res, long long document_time,
                           const char *path,
                           const char *display_path, sp_diag *diag)
{
    xlsx_ctx x = {.res = res, .language = res->language};
    /* Rows go to a temporary file as each sheet moves past them, so the
     * long sheets (10,000 rows of the exclusion log and the recovery list)
     * are not held in memory; every sheet writes its rows in order. */
    lxw_workbook_options options = {.constant_memory = LXW_TRUE};
    x.wb = workbook_new_opt(path, &options);
    if (!x.wb) {
        sp_diag_add(diag, SP_ERROR, display_path, 0, 0,
                    "cannot create the workbook");
        return SP_ERR_OUTPUT;
    }
    if (document_time <= 0)
        document_time = isfinite(res->data_time) && res->data_time > 0
                            ? (long long)res->data_time
                            : XLSX_FALLBACK_TIME;
    lxw_doc_properties props = {.title = res->title,
                                /* char * in libxlsxwriter, which copies
                                 * and never writes the strings */
                                .subject =
                                    (char *)xlsx_text(&x, TXT_DOC_SUBJECT),
                                .comments = "Written by satpipe",
                                .created = (time_t)document_time};
    workbook_set_properties(x.wb, &props);
    xlsx_add_formats(&x);
    lxw_error err = LXW_NO_ERROR;
    for (size_t i = 0; i < sizeof xlsx_sheets / sizeof xlsx_sheets[0]; i++)
        if ((err = xlsx_sheets[i](&x)) != LXW_NO_ERROR)
            break;
    /* workbook_close writes the file and frees the workbook in any case. */
    errno = 0;
    lxw_error close_err = workbook_close(x.wb);
    int close_errno = errno;   /* a write's, when the file could not be */
    free(x.bufs[0].data);
    free(x.bufs[1].data);
    if (x.read_err) {
        report_say_reading_failed(display_path, "the workbook", x.read_err,
                                  diag);
        return x.read_err;
    }
    if (err || close_err) {
        sp_diag_add(diag, SP_ERROR, display_path, 0, 0,
                    "cannot write the workbook: %s%s%s",
                    lxw_strerror(err ? err : close_err),
                    !err && close_errno ? " " : "",
                    !err && close_errno
                        ? (close_errno == ENOSPC || close_errno == EFBIG ||
                                   close_errno == EDQUOT
                               ? "(no room left: free some space, or write "
                                 "elsewhere, and run again)"
                               : strerror(close_errno))
                        : "");
        return SP_ERR_OUTPUT;
    }
    return SP_OK;
}
