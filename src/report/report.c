/* report.c - writes every requested output under temporary names, then
 * renames them into place only once all were written: a failure while
 * writing leaves no output and earlier files untouched. */
#include "report_internal.h"

typedef sp_error (*report_writer)(const sp_report_data *data,
                                  const char *path, const char *display,
                                  sp_diag *diag);

static sp_error write_xlsx(const sp_report_data *d, const char *path,
                           const char *display, sp_diag *diag)
{
    return report_write_xlsx(d->results, d->document_time, path, display,
                             diag);
}

static sp_error write_json(const sp_report_data *d, const char *path,
                           const char *display, sp_diag *diag)
{
    return report_write_json(d->results, path, display, diag);
}

sp_error sp_report_write(const sp_report_data *data,
                         const sp_report_paths *paths, sp_diag *diag)
{
    const struct {
        const char *path;
        report_writer write;
    } outputs[] = {
        {paths->xlsx, write_xlsx},
        {paths->json, write_json},
        {paths->cleaned_csv, report_write_cleaned},
        {paths->recovery_csv, report_write_recovery},
        {paths->exclusions_csv, report_write_exclusions},
    };
    enum { N = sizeof outputs / sizeof outputs[0] };
    report_tmp tmp[N] = {{0}};
    sp_error err = SP_OK;
    for (int i = 0; i < N && !err; i++)
        if (outputs[i].path &&
            !(err = report_tmp_create(&tmp[i], outputs[i].path, diag)))
            err = outputs[i].write(data, tmp[i].tmp_path, outputs[i].path,
                                   diag);
    for (int i = 0; i < N && !err; i++)
        if (outputs[i].path)
            err = report_tmp_commit(&tmp[i], diag);
    for (int i = 0; i < N; i++)
        report_tmp_discard(&tmp[i]);
    return err;
}
