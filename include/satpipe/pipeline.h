/* pipeline.h - one run of satpipe's stages in their order:
 * spec -> ingest -> clean -> score -> analyze (-> report, by the caller).
 * Holds what each stage produced, so a front end (the CLI, a test) calls
 * two functions and frees one structure. */
#ifndef SATPIPE_PIPELINE_H
#define SATPIPE_PIPELINE_H

#include <stddef.h>

#include "satpipe/analyze.h"
#include "satpipe/clean.h"
#include "satpipe/dataset.h"
#include "satpipe/error.h"
#include "satpipe/results.h"
#include "satpipe/score.h"
#include "satpipe/spec.h"

typedef struct sp_run {
    sp_spec *spec;
    char **files;
    size_t n_files;
    sp_dataset *dataset;
    sp_cleaning *cleaning;
    sp_scores *scores;
    sp_results *results;
} sp_run;

typedef struct sp_run_options {
    const char *spec_path;   /* NULL: survey.yaml beside the first input */
    int keep_going;          /* skip unreadable files, recording why */
    int threads;             /* 1, or 2: read files on both cores */
    sp_analysis_options analysis;   /* drivers' bootstrap, --wave */
} sp_run_options;

/* Loads the spec, lists the inputs and reads them. Fills run; free with
 * sp_run_close even on failure. */
sp_error sp_run_load(sp_run *run, const sp_run_options *options,
                     char *const *inputs, size_t n_inputs, sp_diag *diag);

/* Cleans, scores and analyses a loaded run into run->results (opt may be
 * NULL: no bootstrap, waves from the spec only). */
sp_error sp_run_analyze(sp_run *run, const sp_analysis_options *opt,
                        sp_diag *diag);

/* Frees everything the run holds. NULL-safe fields. */
void sp_run_close(sp_run *run);

/* survey.yaml in the folder of `input` (or in `input`, if a folder).
 * Allocates; NULL when out of memory. */
char *sp_default_spec_path(const char *input);

#endif
