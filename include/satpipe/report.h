/* report.h - writes sp_results as an xlsx workbook and/or JSON. Writes only:
 * every figure comes computed in sp_results. Output is atomic: each file is
 * written to a temporary file in its target folder and renamed into place
 * only when every requested output was written, so a failed run leaves no
 * partial file and an earlier workbook untouched. */
#ifndef SATPIPE_REPORT_H
#define SATPIPE_REPORT_H

#include "satpipe/clean.h"
#include "satpipe/dataset.h"
#include "satpipe/error.h"
#include "satpipe/results.h"
#include "satpipe/score.h"

/* What the outputs are made from. Respondent-level exports (the cleaned
 * CSV) read the dataset, cleaning and scores as they are; they compute
 * nothing. */
typedef struct sp_report_data {
    const sp_results *results;
    const sp_dataset *dataset;
    const sp_cleaning *cleaning;
    const sp_scores *scores;
    /* The workbook's created/modified date (s since 1970), so that the same
     * input gives the same bytes; 0: the data's latest submission, else
     * 1980-01-01, the date inside every xlsx's zip entries. */
    long long document_time;
} sp_report_data;

/* Where to write; NULL skips an output. */
typedef struct sp_report_paths {
    const char *xlsx;
    const char *json;
    const char *cleaned_csv;   /* valid responses, recoded, with scores */
    const char *recovery_csv;  /* the call-back list (service recovery) */
    const char *exclusions_csv; /* every excluded response, and why */
} sp_report_paths;

sp_error sp_report_write(const sp_report_data *data,
                         const sp_report_paths *paths, sp_diag *diag);

/* Removes the outputs' temporary files not yet renamed into place. Safe
 * in a signal handler (it only calls unlink): a run stopped by SIGINT or
 * SIGTERM leaves no temporary file and the earlier outputs whole. */
void sp_report_remove_temporaries(void);

#endif
