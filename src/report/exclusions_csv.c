/* exclusions_csv.c - `--exclusions FILE.csv`: every excluded response, in
 * input order, with the columns of the Exclusions sheet, uncapped; and the
 * "every rule it failed" text both share. */

#include "report_internal.h"

void report_exclusion_reasons(const sp_results *res, uint32_t failed,
                              char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < res->n_exclusions && len < size; k++)
        if (failed & (1u << k))
            len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                    len ? ", " : "", res->exclusions[k].key);
}

sp_error report_write_exclusions(const sp_report_data *data,
                                 const char *path, const char *display_path,
                                 sp_diag *diag)
{
    const sp_results *res = data->results;
    FILE *fp = report_open(path, display_path, "the excluded responses", diag);
    if (!fp)
        return SP_ERR_OUTPUT;
    fputs("file,line,id,reason,all_reasons,duration,answered,invalid,"
          "overall\n", fp);
    for (size_t i = 0; i < res->n_excluded_responses; i++) {
        sp_excluded_response excluded = sp_results_excluded(res, i);
        const sp_excluded_response *e = &excluded;
        char reasons[512];
        report_exclusion_reasons(res, e->failed, reasons, sizeof reasons);
        report_csv_text(fp, res->sources[e->source].path);
        fprintf(fp, ",%zu,", e->line);
        report_csv_text(fp, e->id);
        fputc(',', fp);
        report_csv_text(fp, res->exclusions[e->reason].key);
        fputc(',', fp);
        report_csv_text(fp, reasons);
        fputc(',', fp);
        report_csv_number(fp, e->duration);
        fprintf(fp, ",%zu,%zu,", e->answered, e->invalid);
        report_csv_number(fp, e->overall);
        fputc('\n', fp);
    }
    return report_close(fp, display_path, "the excluded responses", diag);
}
