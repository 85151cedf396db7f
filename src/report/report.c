/* report.c - writes every requested output under temporary names, then
 * renames them into place only once all were written: a failure while
 * writing leaves no output and earlier files untouched. */
#include "report_internal.h"

sp_error sp_report_write(const sp_results *res, const char *xlsx_path,
                         const char *json_path, sp_diag *diag)
{
    report_tmp xlsx = {0}, json = {0};
    sp_error err = SP_OK;
    if (xlsx_path && (err = report_tmp_create(&xlsx, xlsx_path, diag)))
        goto fail;
    if (json_path && (err = report_tmp_create(&json, json_path, diag)))
        goto fail;
    if (xlsx_path && (err = report_write_xlsx(res, xlsx.tmp_path, xlsx_path,
                                              diag)))
        goto fail;
    if (json_path && (err = report_write_json(res, json.tmp_path, json_path,
                                              diag)))
        goto fail;
    if (xlsx_path && (err = report_tmp_commit(&xlsx, diag)))
        goto fail;
    if (json_path && (err = report_tmp_commit(&json, diag)))
        goto fail;
    return SP_OK;
fail:
    report_tmp_discard(&xlsx);
    report_tmp_discard(&json);
    return err;
}
