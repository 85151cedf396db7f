/* ingest.h - reads export files into an sp_dataset.
 *
 * Inputs are files or folders (every *.csv inside, sorted). Each file's
 * encoding (UTF-8, UTF-16, GB18030), delimiter and layout (plain,
 * Qualtrics, SurveyMonkey, Wenjuanxing, LimeSurvey, Google Forms) are
 * detected; its header is matched to the spec's columns by id or question
 * text; cells are converted (answer labels to codes, missing codes and
 * out-of-range values to missing) with a warning naming file, line and
 * column for each invalid value. Malformed rows are kept, marked, and
 * excluded by the clean stage. */
#ifndef SATPIPE_INGEST_H
#define SATPIPE_INGEST_H

#include <stddef.h>
#include <stdio.h>

#include "satpipe/dataset.h"
#include "satpipe/error.h"

/* Expands inputs (files and folders: every *.csv inside, sorted by name;
 * a file named twice is read once) into a list of files. On success
 * *files is a new vector of n_files new strings; free it with
 * sp_ingest_free_list. */
sp_error sp_ingest_list_inputs(char *const *inputs, size_t n_inputs,
                               char ***files, size_t *n_files, sp_diag *diag);
/* NULL-safe. */
void sp_ingest_free_list(char **files, size_t n_files);

typedef struct sp_ingest_options {
    int keep_going;   /* skip a file that cannot be read, and record why */
    int threads;      /* 2: two files at once, or a large one in two
                       * halves at once; the same result as 1 */
} sp_ingest_options;

/* Appends the rows of one export file to ds. Columns the file lacks are
 * recorded in its sp_source; sp_ingest_check_columns reports them. */
sp_error sp_ingest_file(sp_dataset *ds, const char *path, sp_diag *diag);

/* The same from memory; `name` is used in messages (tests, fuzzing). */
sp_error sp_ingest_buffer(sp_dataset *ds, const char *name, const char *data,
                          size_t len, sp_diag *diag);

/* Once every file is read: warns about columns that some files lack (their
 * responses count as no answer there); SP_ERR_SPEC, with the spec's line,
 * for a column that no file has. */
sp_error sp_ingest_check_columns(const sp_dataset *ds, sp_diag *diag);

/* Reads every file into a new dataset (*out, free with sp_dataset_free).
 * Goes on after a bad file so that one run reports every problem, then
 * fails; with keep_going a file that cannot be read is skipped and the
 * reason kept in its sp_source. SP_ERR_NO_DATA when no response is read. */
sp_error sp_ingest_files(const sp_spec *spec, char *const *files,
                         size_t n_files, const sp_ingest_options *options,
                         sp_dataset **out, sp_diag *diag);

/* Reads the headers and a sample of rows of files and writes a draft
 * survey spec (YAML, with a comment on each guess) to out. */
sp_error sp_ingest_infer(char *const *files, size_t n_files, FILE *out,
                         sp_diag *diag);

#endif
