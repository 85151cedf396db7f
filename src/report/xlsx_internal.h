/* xlsx_internal.h - what the sheet writers share: the workbook, its
 * formats, the results, and cell helpers that turn undefined figures into
 * blanks. One sheet writer per file (sheet_*.c), listed in xlsx.c. */
#ifndef SATPIPE_XLSX_INTERNAL_H
#define SATPIPE_XLSX_INTERNAL_H

#include <math.h>
#include <xlsxwriter.h>

#include "satpipe/dataset.h"
#include "satpipe/results.h"
#include "text.h"

typedef struct xlsx_ctx {
    lxw_workbook *wb;
    const sp_results *res;
    const char *language;
    lxw_format *title, *header, *note, *label, *integer, *decimal, *percent;
    lxw_format *alert;   /* bold red: a failed quality gate */
    lxw_format *pvalue;  /* 0.0000 */
    lxw_format *decimal1;   /* 0.0: means on the answer scale, NPS points */
    lxw_format *decimal3;   /* 0.000 */
    lxw_format *q_concentrate, *q_keep_up, *q_low, *q_overkill;
    lxw_format *grey, *grey_integer;  /* small bases */
    lxw_format *up, *down;            /* significance marks */
    lxw_format *signed_number, *signed_percent, *up_percent, *down_percent;
    lxw_format *wrap;               /* top-aligned wrapped text */
    lxw_format *finding_number;     /* right-aligned, top */
    lxw_format *link;               /* a link to another sheet */
    lxw_format *wrap_note;          /* a note that wraps */
    lxw_format *centred;
    lxw_format *code;               /* monospace: the spec as read */
    sp_text_buf bufs[2];            /* text read back from the cold store */
    sp_error read_err;              /* reading it back failed: why */
} xlsx_ctx;

typedef lxw_error (*xlsx_sheet_writer)(xlsx_ctx *x);

lxw_error sheet_write_summary(xlsx_ctx *x);
lxw_error sheet_write_dimensions(xlsx_ctx *x);
lxw_error sheet_write_items(xlsx_ctx *x);
lxw_error sheet_write_drivers(xlsx_ctx *x);
lxw_error sheet_write_gaps(xlsx_ctx *x);
lxw_error sheet_write_priorities(xlsx_ctx *x);
lxw_error sheet_write_segments(xlsx_ctx *x);
lxw_error sheet_write_waves(xlsx_ctx *x);
lxw_error sheet_write_trend(xlsx_ctx *x);
lxw_error sheet_write_quality(xlsx_ctx *x);
lxw_error sheet_write_exclusions(xlsx_ctx *x);
lxw_error sheet_write_recovery(xlsx_ctx *x);
lxw_error sheet_write_kano(xlsx_ctx *x);
lxw_error sheet_write_method(xlsx_ctx *x);

/* The text of id in the workbook's language. */
const char *xlsx_text(const xlsx_ctx *x, report_text_id id);

/* name made a valid sheet name of at most max_units UTF-16 units (Excel's
 * limit is XLSX_SHEET_NAME_MAX): []:*?/\ and a leading or trailing
 * apostrophe become _, longer names are cut between characters. */
#define XLSX_SHEET_NAME_MAX 31
void xlsx_sheet_name_safe(const char *name, size_t max_units, char *out,
                          size_t size);

/* Adds a worksheet named by id, made valid and unique; NULL on failure. */
lxw_worksheet *xlsx_add_sheet(xlsx_ctx *x, report_text_id id);

/* Writes text as a string cell (never a formula), cut with a marker at
 * Excel's 32,767 characters, so that one long answer cannot cost the
 * workbook. */
lxw_error xlsx_string(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      const char *text, lxw_format *format);

/* Writes value, or a blank cell when it is not finite (Excel has no NaN). */
lxw_error xlsx_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      double value, lxw_format *format);

/* Display width of UTF-8 text in characters, CJK counted twice. */
size_t xlsx_text_width(const char *text);
/* Makes a heading row two or three lines high when its widest heading
 * (not counting the label column) would wrap. The row must be the one
 * being written: rows go out in order (constant-memory workbook). */
lxw_error xlsx_fit_header(lxw_worksheet *ws, lxw_row_t row, size_t widest);

/* Writes a row of column headings from text ids, starting at col 0, and
 * makes the row high enough for headings that wrap. */
lxw_error xlsx_header_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          const report_text_id *ids, size_t n);

/* The headings and cells of a descriptives block: n, effective n, missing,
 * mean, sd, se, CI low, CI high, median, top box, bottom box
 * (XLSX_DESC_COLUMNS columns; the mean is the 4th, the top box the 10th). */
#define XLSX_DESC_COLUMNS 11
#define XLSX_DESC_MEAN 3
#define XLSX_DESC_TOP 9
/* Writes the `lead` headings, then the descriptives' headings after them. */
lxw_error xlsx_desc_header_row(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                               const report_text_id *lead, size_t n_lead);
lxw_error xlsx_desc_cells(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                          lxw_col_t col, const sp_desc *d);

/* A horizontal bar chart of one column of a table, in the table's order. */
typedef struct xlsx_bar {
    report_text_id sheet, title;
    lxw_row_t first, last;
    lxw_col_t label_col, value_col;
    double min, max;            /* axis; max <= min: automatic */
    const char *num_format;     /* of the bar labels */
} xlsx_bar;
lxw_chart *xlsx_bar_chart(xlsx_ctx *x, const xlsx_bar *bar,
                          lxw_worksheet *ws, lxw_row_t at_row,
                          lxw_col_t at_col);

/* One row of the priority table: rank, dimension, importance,
 * performance, then (full) target, index, quadrant and top items, or the
 * quadrant alone (the Summary's top 3). */
lxw_error xlsx_priority_cells(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                              const sp_priority *p, int full);

/* The sheet named by a finding's key ("priorities"), in the workbook's
 * language. */
const char *xlsx_sheet_name(const xlsx_ctx *x, const char *key);

/* Keeps rows 0 .. rows - 1 and columns 0 .. cols - 1 in view on screen,
 * and repeats those rows on every printed page. */
void xlsx_freeze_header(lxw_worksheet *ws, lxw_row_t rows, lxw_col_t cols);

/* A note under a respondent-level table cut at XLSX_SHEET_MAX_ROWS. */
#define XLSX_SHEET_MAX_ROWS 10000

/* An input file's path, layout, encoding, rows and valid responses in
 * columns 0 to 4 (Data quality, Method). */
lxw_error xlsx_source_cells(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                            const sp_source_result *s);

/* A scatter chart with one labelled point per table row (x and y from two
 * columns, the label from a third); the caller titles and inserts it. */
typedef struct xlsx_points {
    report_text_id sheet;
    lxw_row_t first, last;
    lxw_col_t name_col, x_col, y_col;
} xlsx_points;
lxw_chart *xlsx_point_chart(xlsx_ctx *x, const xlsx_points *points);

/* A red-yellow-green colour scale on rows first..last of a column. */
void xlsx_colour_scale(lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
                       lxw_col_t col);

/* "Weighted by column w ..." when the run is weighted. */
lxw_error xlsx_weight_note(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row);

#endif
