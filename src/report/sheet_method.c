/* sheet_method.c - "Method": what a reader needs to reproduce the numbers:
 * the software and its version, the input files with their row counts, the
 * cleaning rules and thresholds in force, the definition of every
 * statistic, and the survey spec as it was read, line by line. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "satpipe/version.h"
#include "xlsx_internal.h"

/* The definitions come in two runs of ids: names, then texts. */
#define METHOD_DEFINITIONS (TXT_DEF_0_TEXT - TXT_DEF_0)

static lxw_error method_pair(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
                             report_text_id name, const char *value)
{
    lxw_error err = xlsx_string(ws, row, 0, xlsx_text(x, name), NULL);
    return err ? err : xlsx_string(ws, row, 1, value, NULL);
}

static lxw_error method_files(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row)
{
    const sp_results *res = x->res;
    static const report_text_id head[] = {TXT_FILE, TXT_LAYOUT, TXT_ENCODING,
                                          TXT_ROWS, TXT_VALID};
    lxw_error err = xlsx_header_row(x, ws, (*row)++, head, 5);
    for (size_t i = 0; i < res->n_sources && !err; i++, (*row)++) {
        const sp_source_result *s = &res->sources[i];
        err = xlsx_source_cells(x, ws, *row, s);
        if (!err && s->skipped)
            err = xlsx_string(ws, *row, 5, s->skipped, x->note);
    }
    return err;
}

static lxw_error method_rules(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row)
{
    const sp_results *res = x->res;
    static const report_text_id head[] = {TXT_RULE, TXT_SETTING};
    lxw_error err = xlsx_header_row(x, ws, (*row)++, head, 2);
    const char *off = xlsx_text(x, TXT_OFF);
    char v[8][80];
    snprintf(v[0], sizeof v[0], "%g (%.0f s)", res->speeder_fraction,
             res->speeder_seconds);
    snprintf(v[1], sizeof v[1], "%g", res->speeder_min_seconds);
    snprintf(v[2], sizeof v[2], "%d", res->grid_min_items);
    snprintf(v[3], sizeof v[3], "%g", res->min_sd);
    snprintf(v[4], sizeof v[4], "%d", res->max_invalid);
    snprintf(v[5], sizeof v[5], "%g", res->min_answered);
    snprintf(v[6], sizeof v[6], "%g", res->max_excluded);
    snprintf(v[7], sizeof v[7], "%d / %d", res->recovery.overall_at_most,
             res->recovery.nps_at_most);
    const struct {
        report_text_id name;
        const char *value;
        int on;
    } rules[] = {
        {TXT_RULE_SPEEDERS, v[0], !isnan(res->speeder_fraction)},
        {TXT_RULE_MIN_SECONDS, v[1], !isnan(res->speeder_min_seconds)},
        {TXT_RULE_GRID, v[2], res->grid_min_items >= 0},
        {TXT_RULE_MIN_SD, v[3], !isnan(res->min_sd) && res->min_sd > 0},
        {TXT_RULE_INVALID, v[4], res->max_invalid >= 0},
        {TXT_RULE_ANSWERED, v[5], !isnan(res->min_answered)},
        {TXT_RULE_GATE, v[6], !isnan(res->max_excluded)},
        {TXT_RULE_RECOVERY, v[7], 1},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0] && !err; i++)
        err = method_pair(x, ws, (*row)++, rules[i].name,
                          rules[i].on ? rules[i].value : off);
    char text[120];
    snprintf(text, sizeof text, "%zu", res->min_base);
    if (!err)
        err = method_pair(x, ws, (*row)++, TXT_RULE_MIN_BASE, text);
    snprintf(text, sizeof text, "%zu, %lu", res->drivers.resamples,
             res->drivers.seed);
    if (!err)
        err = method_pair(x, ws, (*row)++, TXT_RULE_BOOTSTRAP, text);
    size_t units = res->drivers.resample_units;
    snprintf(text, sizeof text, xlsx_text(x, TXT_BOOT_GROUPS), units);
    if (!err && units)
        err = method_pair(x, ws, (*row)++, TXT_RULE_BOOTSTRAP_UNITS,
                          units < res->drivers.n
                              ? text
                              : xlsx_text(x, TXT_BOOT_RESPONDENTS));
    return err;
}

static lxw_error method_definitions(xlsx_ctx *x, lxw_worksheet *ws,
                                    lxw_row_t *row)
{
    static const report_text_id head[] = {TXT_STATISTIC, TXT_DEFINITION};
    lxw_error err = xlsx_header_row(x, ws, (*row)++, head, 2);
    for (int i = 0; i < METHOD_DEFINITIONS && !err; i++, (*row)++) {
        err = xlsx_string(ws, *row, 0,
                          xlsx_text(x, (report_text_id)(TXT_DEF_0 + i)),
                          x->label);
        if (!err)
            err = worksheet_merge_range(
                ws, *row, 1, *row, 6,
                xlsx_text(x, (report_text_id)(TXT_DEF_0_TEXT + i)), x->wrap);
        if (!err)
            err = worksheet_set_row(ws, *row, 30, NULL);
    }
    return err;
}

/* The spec, one line per row, as it was read. */
static lxw_error method_spec(xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t *row)
{
    const char *text = x->res->spec_text;
    lxw_error err = LXW_NO_ERROR;
    char line[4096];
    while (text && *text && !err) {
        size_t len = strcspn(text, "\n");
        size_t keep = len < sizeof line - 1 ? len : sizeof line - 1;
        memcpy(line, text, keep);
        line[keep] = '\0';
        if (keep && line[keep - 1] == '\r')
            line[keep - 1] = '\0';
        if (line[0])
            err = xlsx_string(ws, *row, 0, line, x->code);
        (*row)++;
        text += len + (text[len] == '\n');
    }
    return err;
}

lxw_error sheet_write_method(xlsx_ctx *x)
{
    const sp_results *res = x->res;
    lxw_worksheet *ws = xlsx_add_sheet(x, TXT_SHEET_METHOD);
    if (!ws)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    worksheet_set_column(ws, 0, 0, 64, NULL);
    worksheet_set_column(ws, 1, 6, 14, NULL);
    lxw_error err = xlsx_string(ws, 0, 0, xlsx_text(x, TXT_SHEET_METHOD),
                                x->title);
    if (!err)
        err = xlsx_string(ws, 1, 0, xlsx_text(x, TXT_METHOD_INTRO), x->note);
    lxw_row_t row = 3;
    if (!err)
        err = method_pair(x, ws, row++, TXT_SOFTWARE, "satpipe " SP_VERSION);
    if (!err && res->spec_path)
        err = method_pair(x, ws, row++, TXT_SPEC_FILE, res->spec_path);
    row++;
    if (!err)
        err = method_files(x, ws, &row);
    row++;
    if (!err)
        err = xlsx_string(ws, row++, 0, xlsx_text(x, TXT_RULES), x->label);
    if (!err)
        err = method_rules(x, ws, &row);
    row++;
    if (!err)
        err = xlsx_string(ws, row++, 0, xlsx_text(x, TXT_DEFINITIONS),
                          x->label);
    if (!err)
        err = method_definitions(x, ws, &row);
    row++;
    if (!err)
        err = xlsx_string(ws, row++, 0, xlsx_text(x, TXT_SPEC_AS_USED),
                          x->label);
    if (!err)
        err = method_spec(x, ws, &row);
    return err;
}
