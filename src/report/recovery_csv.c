/* recovery_csv.c - `--recovery FILE.csv`: the call-back list for a CRM
 * import, the rows of the Recovery sheet, uncapped, worst first. Fields a
 * spreadsheet would run as a formula are made text (report_csv_text). */

#include <stdlib.h>

#include "report_internal.h"

sp_error report_write_recovery(const sp_report_data *data, const char *path,
                               const char *display_path, sp_diag *diag)
{
    const sp_results *res = data->results;
    const sp_recovery *r = &res->recovery;
    FILE *fp = report_open(path, display_path, "the recovery list", diag);
    if (!fp)
        return SP_ERR_OUTPUT;
    fputs("id", fp);
    for (size_t s = 0; s < r->n_segments; s++) {
        fputc(',', fp);
        report_csv_text(fp, r->segment_columns[s]);
    }
    fputs(",overall,recommend,lowest_dimension,lowest_score,comment,contact,"
          "file,line\n", fp);
    sp_text_buf bufs[2] = {{0}};
    sp_error err = SP_OK;
    for (size_t i = 0; i < r->n_cases && !err; i++) {
        const sp_recovery_case *c = &r->cases[i];
        sp_recovery_row at;
        if ((err = sp_recovery_case_row(r, c, bufs, &at)) != SP_OK)
            break;
        report_csv_text(fp, at.id);
        for (size_t s = 0; s < r->n_segments; s++) {
            fputc(',', fp);
            report_csv_text(fp, sp_recovery_case_segment(r, c, s));
        }
        fputc(',', fp);
        report_csv_number(fp, at.overall);
        fputc(',', fp);
        report_csv_number(fp, at.nps);
        fputc(',', fp);
        if (at.lowest != SP_NO_DIMENSION)
            report_csv_text(fp, res->dimensions[at.lowest].key);
        fputc(',', fp);
        report_csv_number(fp, at.lowest_score);
        fputc(',', fp);
        report_csv_text(fp, at.comment);
        fputc(',', fp);
        report_csv_text(fp, at.contact);
        fputc(',', fp);
        report_csv_text(fp, res->sources[at.source].path);
        fprintf(fp, ",%zu\n", at.line);
    }
    free(bufs[0].data);
    free(bufs[1].data);
    return err ? report_fail_reading(fp, display_path, "the recovery list",
                                     err, diag)
               : report_close(fp, display_path, "the recovery list", diag);
}
