/* report_internal.h - what the report stage's files share: the writers of
 * each format and the temporary-file handling. Not installed. */
#ifndef SATPIPE_REPORT_INTERNAL_H
#define SATPIPE_REPORT_INTERNAL_H

#include <stdio.h>

#include "satpipe/report.h"

/* A file being written under a temporary name beside its final path. */
typedef struct report_tmp {
    char *final_path;
    char *tmp_path;
} report_tmp;

/* Reserves a temporary file beside path (mode from the umask, as a newly
 * created file would have). Fills tmp; free with report_tmp_discard or
 * report_tmp_commit. */
sp_error report_tmp_create(report_tmp *tmp, const char *path, sp_diag *diag);
/* Renames the temporary file into place and frees tmp. */
sp_error report_tmp_commit(report_tmp *tmp, sp_diag *diag);
/* Removes the temporary file (if any) and frees tmp. NULL-safe fields. */
void report_tmp_discard(report_tmp *tmp);

/* Opens path (a temporary file) for a report writer; NULL, reported as
 * "cannot write <what>" against display_path, when it cannot. */
FILE *report_open(const char *path, const char *display_path,
                  const char *what, sp_diag *diag);
/* Closes a file written by a report writer; SP_ERR_OUTPUT, reported as
 * "cannot write <what>", when anything failed on the way. */
sp_error report_close(FILE *fp, const char *display_path, const char *what,
                      sp_diag *diag);
/* Closes a writer's file after err, an error reading the dataset's cold
 * store back (the comment and contact text), and says so; returns err. */
sp_error report_fail_reading(FILE *fp, const char *display_path,
                             const char *what, sp_error err, sp_diag *diag);
/* The message of such an error, for writers that keep no FILE. */
void report_say_reading_failed(const char *display_path, const char *what,
                               sp_error err, sp_diag *diag);

/* A CSV field: text quoted (libcsv), with a leading apostrophe when a
 * spreadsheet would run it as a formula (starts with = + - @, tab or CR:
 * CSV injection); NULL writes an empty field. */
void report_csv_text(FILE *fp, const char *text);
/* A number as %.15g; nothing when it is not finite. */
void report_csv_number(FILE *fp, double value);

sp_error report_write_json(const sp_results *res, const char *path,
                           const char *display_path, sp_diag *diag);
sp_error report_write_xlsx(const sp_results *res, long long document_time,
                           const char *path,
                           const char *display_path, sp_diag *diag);
sp_error report_write_cleaned(const sp_report_data *data, const char *path,
                              const char *display_path, sp_diag *diag);
sp_error report_write_recovery(const sp_report_data *data, const char *path,
                               const char *display_path, sp_diag *diag);
sp_error report_write_exclusions(const sp_report_data *data,
                                 const char *path, const char *display_path,
                                 sp_diag *diag);
/* "speeder, straightliner": the key of every rule set in failed, into buf
 * (cut at size). */
void report_exclusion_reasons(const sp_results *res, uint32_t failed,
                              char *buf, size_t size);

#endif
