/* report.h - writes sp_results as an xlsx workbook and/or JSON. Writes only:
 * every figure comes computed in sp_results. Output is atomic: each file is
 * written to a temporary file in its target folder and renamed into place
 * only when every requested output was written, so a failed run leaves no
 * partial file and an earlier workbook untouched. */
#ifndef SATPIPE_REPORT_H
#define SATPIPE_REPORT_H

#include "satpipe/error.h"
#include "satpipe/results.h"

/* Writes the workbook to xlsx_path and the JSON to json_path; either may
 * be NULL to skip it. */
sp_error sp_report_write(const sp_results *res, const char *xlsx_path,
                         const char *json_path, sp_diag *diag);

#endif
