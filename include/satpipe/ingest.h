/* ingest.h - reads export files into an sp_dataset.
 *
 * Inputs are files or folders (every *.csv inside, sorted). Each file's
 * header is matched to the spec's columns by name; cells are converted
 * (answer labels to codes, missing codes and out-of-range values to
 * missing) with a warning naming file, line and column for each invalid
 * value. */
#ifndef SATPIPE_INGEST_H
#define SATPIPE_INGEST_H

#include <stddef.h>

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

/* Appends the rows of one export file to ds. */
sp_error sp_ingest_file(sp_dataset *ds, const char *path, sp_diag *diag);

/* The same from memory; `name` is used in messages (tests, fuzzing). */
sp_error sp_ingest_buffer(sp_dataset *ds, const char *name, const char *data,
                          size_t len, sp_diag *diag);

/* Reads every file into a new dataset (*out, free with sp_dataset_free).
 * Goes on after a bad file so that one run reports every problem; returns
 * the first error. SP_ERR_NO_DATA when no file holds a response. */
sp_error sp_ingest_files(const sp_spec *spec, char *const *files,
                         size_t n_files, sp_dataset **out, sp_diag *diag);

#endif
