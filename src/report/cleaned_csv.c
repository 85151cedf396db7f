/* cleaned_csv.c - `--cleaned FILE.csv`: the valid responses for further
 * analysis: where each came from, every column of the spec (answer codes,
 * reversed items recoded as in the workbook, missing as empty), the
 * completion time and the dimension scores. Text that a spreadsheet would
 * run as a formula gets a leading apostrophe (report_csv_text). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

/* Per variable: 1 when it is a reversed item. */
static unsigned char *reversed_items(const sp_spec *spec)
{
    unsigned char *rev = calloc(spec->n_variables ? spec->n_variables : 1, 1);
    for (size_t d = 0; rev && d < spec->n_dimensions; d++)
        for (size_t i = 0; i < spec->dimensions[d].n_items; i++)
            if (spec->dimensions[d].reversed[i])
                rev[spec->dimensions[d].items[i]] = 1;
    return rev;
}

static void write_header(FILE *fp, const sp_spec *spec)
{
    fputs("file,line", fp);
    for (size_t v = 0; v < spec->n_variables; v++)
        if (spec->variables[v].kind != SP_VALUE_DURATION) {
            fputc(',', fp);
            report_csv_text(fp, spec->variables[v].name);
        }
    fputs(",duration_seconds", fp);
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        fputs(",score_", fp);
        fputs(spec->dimensions[d].key, fp);
    }
    fputc('\n', fp);
}

/* One valid row; text kept in the cold store is read back into buf. */
static sp_error write_row(FILE *fp, const sp_report_data *data, size_t row,
                          const unsigned char *reversed, sp_text_buf *buf)
{
    const sp_dataset *ds = data->dataset;
    const sp_spec *spec = ds->spec;
    report_csv_text(fp, ds->sources[sp_dataset_source(ds, row)].path);
    fprintf(fp, ",%u", sp_dataset_line(ds, row));
    for (size_t v = 0; v < spec->n_variables; v++) {
        const sp_variable *var = &spec->variables[v];
        if (var->kind == SP_VALUE_DURATION)
            continue;
        fputc_unlocked(',', fp);
        if (var->kind == SP_VALUE_RATING) {
            double code = sp_score_rating(ds, v, row);
            if (reversed[v] && !isnan(code))
                code = spec->scale_min + spec->scale_max - code;
            report_csv_number(fp, code);
        } else if (var->kind == SP_VALUE_NUMBER) {
            report_csv_number(fp, ds->columns[v].numbers[row]);
        } else {
            const char *text;
            sp_error err = sp_dataset_text_read(ds, v, row, buf, &text);
            if (err)
                return err;
            report_csv_text(fp, text);
        }
    }
    fputc_unlocked(',', fp);
    report_csv_number(fp, sp_seconds_at(&ds->duration, row));
    for (size_t d = 0; d < spec->n_dimensions; d++) {
        fputc_unlocked(',', fp);
        report_csv_number(fp, sp_score_dimension(data->scores, d, row));
    }
    fputc_unlocked('\n', fp);
    return SP_OK;
}

sp_error report_write_cleaned(const sp_report_data *data, const char *path,
                              const char *display_path, sp_diag *diag)
{
    if (!data->dataset || !data->cleaning || !data->scores) {
        sp_diag_add(diag, SP_ERROR, display_path, 0, 0,
                    "the cleaned CSV needs the responses, which this "
                    "caller did not pass");
        return SP_ERR_OUTPUT;
    }
    unsigned char *reversed = reversed_items(data->dataset->spec);
    FILE *fp = reversed ? report_open(path, display_path, "the cleaned CSV",
                                      diag)
                        : NULL;
    if (!fp) {   /* out of memory is said by the caller */
        free(reversed);
        return reversed ? SP_ERR_OUTPUT : SP_ERR_NOMEM;
    }
    write_header(fp, data->dataset->spec);
    sp_text_buf buf = {0};
    sp_error err = SP_OK;
    for (size_t row = 0; row < data->dataset->n_rows && !err; row++)
        if (data->cleaning->reason[row] == SP_KEEP)
            err = write_row(fp, data, row, reversed, &buf);
    free(reversed);
    free(buf.data);
    return err ? report_fail_reading(fp, display_path, "the cleaned CSV", err,
                                     diag)
               : report_close(fp, display_path, "the cleaned CSV", diag);
}
