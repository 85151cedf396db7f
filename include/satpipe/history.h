/* history.h - the run history: each run's figures per wave (dimensions,
 * items, overall, NPS parts, segment means and driver importances of its
 * latest wave) and its metadata (time, spec, input files with SHA-256)
 * in an SQLite database, so that a quarterly run compares with quarters
 * whose raw files are gone. Re-running a wave replaces its rows. A run
 * works inside one transaction taken at the start (a second run waits, up
 * to a timeout): stage, read the trend, write the outputs, then commit; a
 * failure rolls everything back. A file that is not a satpipe history is
 * refused and left untouched. */
#ifndef SATPIPE_HISTORY_H
#define SATPIPE_HISTORY_H

#include "satpipe/error.h"
#include "satpipe/results.h"

typedef struct sp_history sp_history;

/* Opens (or creates) the database at path and takes its write lock.
 * *out is new; end it with sp_history_commit or sp_history_close. */
sp_error sp_history_open(const char *path, sp_history **out, sp_diag *diag);

/* Stores res's waves (replacing earlier rows of the same waves) and the run
 * (spec path, input files hashed), then reads the trend into res->trend. */
sp_error sp_history_stage(sp_history *h, const char *spec_path,
                          sp_results *res, sp_diag *diag);

/* Makes the staged run permanent. */
sp_error sp_history_commit(sp_history *h, sp_diag *diag);

/* Rolls back anything not committed and closes. NULL-safe. */
void sp_history_close(sp_history *h);

#endif
